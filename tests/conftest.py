"""Shared fixtures: the project's seeds, and a materialized warehouse built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SEEDS = PROJECT_ROOT / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ the test may change."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse built from seeds/ by the real Definitions, once per session."""
    from tests.dagster_helpers import materialize_into

    tmp = tmp_path_factory.mktemp("seeds_warehouse")
    seeds = tmp / "seeds"
    shutil.copytree(SEEDS, seeds)
    result, warehouse = materialize_into(seeds, tmp / "warehouse" / "msc.duckdb", tmp / "dagster_home")
    assert result.success
    return warehouse
