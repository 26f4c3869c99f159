"""The real Definitions, materialized by Dagster from seeds/ into a temporary directory."""

from __future__ import annotations

import duckdb
import pytest

from pipeline.schema import PUBLISHED_TABLES

pytestmark = pytest.mark.e2e

# shared/warehouse_contract.md: the public tables and columns (kept here so the test runs
# outside the team; the contract changes only through a versioned migration)
CONTRACT = {
    "documents": ["doc_id", "source_file", "content_sha256", "status", "reject_reason",
                  "raw_text", "clean_text", "title", "journal", "year", "doi"],
    "trials": ["trial_id", "doc_id", "species", "condition", "phase", "design_flags",
               "cell_source", "donor", "route", "n_enrolled", "n_cell_treated", "n_infusions",
               "follow_up_days"],
    "trial_registrations": ["doc_id", "registry", "registration_id"],
    "doses": ["doc_id", "trial_id", "species", "dose_value", "dose_unit", "dose_text",
              "char_start", "char_end", "exponent_repaired", "cells_per_kg", "cells_per_head",
              "body_weight_kg", "conversion"],
    "adverse_events": ["doc_id", "trial_id", "event", "grade", "char_start", "char_end"],
    "evidence": ["doc_id", "table_name", "field", "value", "char_start", "char_end", "rule"],
}
CONTRACT_TYPES = {("documents", "year"): "INTEGER", ("trials", "n_enrolled"): "INTEGER",
                  ("trials", "design_flags"): "VARCHAR[]", ("doses", "exponent_repaired"): "BOOLEAN",
                  ("trials", "follow_up_days"): "DOUBLE", ("doses", "char_start"): "INTEGER"}


@pytest.fixture
def con(seeds_warehouse):
    c = duckdb.connect(str(seeds_warehouse), read_only=True)
    yield c
    c.close()


def test_every_contract_table_and_column_is_published(con):
    for table, columns in CONTRACT.items():
        published = {row[0]: row[1] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
        missing = [c for c in columns if c not in published]
        assert not missing, f"{table} lacks {missing}"
    for (table, column), sql_type in CONTRACT_TYPES.items():
        types = {row[0]: row[1] for row in con.execute(f'DESCRIBE "{table}"').fetchall()}
        assert types[column] == sql_type, (table, column)


def test_one_document_per_seed_all_usable(con):
    rows = con.execute("SELECT source_file, status, content_sha256 FROM documents ORDER BY 1").fetchall()
    assert len(rows) == 5
    assert all(status == "ok" for _, status, _ in rows)
    assert all(len(sha) == 64 for _, _, sha in rows)


def test_every_seed_reports_a_trial(con):
    docs_without_trial = con.execute(
        "SELECT source_file FROM documents d WHERE NOT EXISTS "
        "(SELECT 1 FROM trials t WHERE t.doc_id = d.doc_id)").fetchall()
    assert docs_without_trial == []


def test_evidence_spans_stand_in_raw_text(con):
    rows = con.execute(
        "SELECT e.char_start, e.char_end, e.evidence_text, d.raw_text FROM evidence e "
        "JOIN documents d USING (doc_id)").fetchall()
    assert rows, "no evidence rows"
    for start, end, text, raw in rows:
        assert raw[start:end] == text


def test_dose_text_stands_at_its_offsets(con):
    rows = con.execute("SELECT d.char_start, d.char_end, d.dose_text, doc.raw_text FROM doses d "
                       "JOIN documents doc USING (doc_id)").fetchall()
    for start, end, text, raw in rows:
        assert raw[start:end] == text


def test_views_and_schema_version_are_published(con):
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] >= 1
    con.execute("SELECT * FROM dose_comparison").fetchall()


def test_published_tables_match_the_schema_module(con):
    for table in PUBLISHED_TABLES:
        names = [r[0] for r in con.execute(f'DESCRIBE "{table.name}"').fetchall()]
        assert names == table.column_names
