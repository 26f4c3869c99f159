"""The warehouse as SQL users meet it: comments, data dictionary, export, schema version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.dictionary import render
from pipeline.migrations import SCHEMA_VERSION
from pipeline.schema import PUBLISHED_TABLES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
MSC = [sys.executable, "-m", "cli.main"]


def test_committed_data_dictionary_is_current():
    assert (PROJECT_ROOT / "docs" / "data_dictionary.md").read_text() == render()


@pytest.mark.e2e
def test_column_comments_match_the_schema(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    comments = {(t, c): comment for t, c, comment in con.execute(
        "SELECT table_name, column_name, comment FROM duckdb_columns()").fetchall()}
    for table in PUBLISHED_TABLES:
        for column in table.columns:
            assert comments[(table.name, column.name)] == column.description
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    con.close()


@pytest.mark.e2e
def test_export_writes_parquet_that_reimports_equal(seeds_warehouse, tmp_path):
    out = tmp_path / "export"
    done = subprocess.run([*MSC, "export", "--warehouse", str(seeds_warehouse), str(out)],
                          cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    for table in PUBLISHED_TABLES:
        original = con.sql(f'SELECT * FROM "{table.name}"').pl()
        exported = pl.read_parquet(out / f"{table.name}.parquet")
        assert exported.equals(original), table.name
    views = {p.stem for p in out.glob("*.parquet")}
    assert {"trial_summary", "dose_comparison", "adverse_events_by_dose", "schema_version"} <= views
    con.close()
