"""UI tests: the real `dagster dev` driven over GraphQL and in headless Chromium."""
