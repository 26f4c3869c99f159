"""Benchmarks: a synthetic corpus generator and the benchmark script (figures are printed,
never asserted). Nothing in ``pipeline/``, ``assets/`` or ``checks/`` imports from here."""
