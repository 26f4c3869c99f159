"""``msc query``: read-only, refuses what writes, machine formats that parse back; ``msc ui``
listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from cli.main import build_parser, main
from tests.conftest import PROJECT_ROOT
from tests.test_idempotence import digest, table_contents

MSC = PROJECT_ROOT / ".venv" / "bin" / "msc"

# statements that write the database, a file, the session or another database
WRITING = [
    "INSERT INTO trials (trial_id) VALUES ('x')",
    "UPDATE trials SET phase = '3'",
    "DELETE FROM trials",
    "CREATE TABLE t AS SELECT 1 AS a",
    "CREATE VIEW v AS SELECT 1 AS a",
    "CREATE SECRET s (TYPE s3)",
    "DROP TABLE trials",
    "ALTER TABLE trials ADD COLUMN x INTEGER",
    "COPY trials TO '{out}'",
    "COPY (SELECT * FROM trials) TO '{out}' (FORMAT csv)",
    "EXPORT DATABASE '{out}'",
    "ATTACH '{out}' AS other",
    "DETACH other",
    "USE memory",
    "SET threads = 1",
    "PRAGMA threads = 1",
    "PRAGMA enable_profiling",
    "PRAGMA profiling_output = '{out}'",
    "PRAGMA force_checkpoint",
    "CHECKPOINT",
    "VACUUM",
    "BEGIN TRANSACTION",
    "INSTALL httpfs",
    "LOAD json",
    "EXPLAIN ANALYZE COPY (SELECT 42) TO '{out}'",
    "EXPLAIN (ANALYZE) COPY (SELECT 42) TO '{out}'",
    "/* leading comment */ explain analyse insert into trials (trial_id) values ('x')",
    "SELECT 1; DROP TABLE trials",
]
READING = [
    "SELECT count(*) FROM trials",
    "WITH t AS (SELECT * FROM trials) SELECT condition FROM t",
    "FROM documents SELECT source_file",
    "EXPLAIN SELECT * FROM doses",
    "EXPLAIN ANALYZE SELECT count(*) FROM doses",
    "PRAGMA table_info('trials')",
    "DESCRIBE trials",
    "SHOW TABLES",
    "SUMMARIZE doses",
]


@pytest.fixture
def warehouse(seeds_warehouse, monkeypatch):
    monkeypatch.setenv("MSC_WAREHOUSE", str(seeds_warehouse))
    return seeds_warehouse


@pytest.fixture(scope="module")
def state_before(seeds_warehouse):
    return digest(table_contents(seeds_warehouse))


@pytest.mark.parametrize("sql", WRITING)
def test_writing_statements_are_refused(sql, warehouse, state_before, tmp_path, capsys):
    out = tmp_path / "written"
    rc = main(["query", sql.format(out=out)])
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith("msc: ") and err.count("\n") == 1, err
    assert "refused" in err or "exactly one SQL statement" in err
    assert not out.exists(), "a refused statement wrote a file"
    assert digest(table_contents(warehouse)) == state_before


@pytest.mark.parametrize("sql", READING)
def test_reading_statements_are_answered(sql, warehouse, capsys):
    assert main(["query", sql]) == 0
    assert capsys.readouterr().out.strip()


def test_console_script_refuses_with_one_line_and_non_zero_exit(seeds_warehouse):
    proc = subprocess.run([str(MSC), "query", "DROP TABLE trials", "--warehouse", str(seeds_warehouse)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert proc.stderr.startswith("msc: refused: DROP") and proc.stderr.count("\n") == 1


def test_bad_sql_is_one_line_not_a_traceback(warehouse, capsys):
    assert main(["query", "SELEC 1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("msc: ") and "Traceback" not in err and err.count("\n") == 1


def test_query_opens_the_file_read_only(seeds_warehouse, tmp_path):
    """DuckDB lets many processes read a file but none write it while one reads: with this
    process reading, a read-write open elsewhere fails and ``msc query`` still answers."""
    copy = tmp_path / "msc.duckdb"
    shutil.copyfile(seeds_warehouse, copy)
    held = duckdb.connect(str(copy), read_only=True)
    try:
        writer = subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(copy)!r})"],
                                capture_output=True, text=True, timeout=120)
        assert writer.returncode != 0, "a read-write open should conflict with the held reader"
        proc = subprocess.run([str(MSC), "query", "SELECT count(*) AS n FROM trials", "--format", "csv",
                               "--warehouse", str(copy)], capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.splitlines() == ["n", str(held.execute("SELECT count(*) FROM trials").fetchone()[0])]
    finally:
        held.close()


SCALAR_SQL = ("SELECT trial_id, doc_id, species, condition, phase, n_enrolled, follow_up_days "
              "FROM trials ORDER BY trial_id")
NESTED_SQL = "SELECT trial_id, design_flags, n_enrolled, follow_up_days FROM trials ORDER BY trial_id"


def _expected(path, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


def test_csv_output_parses_back_to_the_same_values(warehouse, tmp_path, capsys):
    expected = _expected(warehouse, SCALAR_SQL)
    assert expected.height >= 5
    assert main(["query", SCALAR_SQL, "--format", "csv"]) == 0
    printed = pl.read_csv(io.StringIO(capsys.readouterr().out), schema=expected.schema)
    assert printed.equals(expected)
    out = tmp_path / "t.csv"
    assert main(["query", SCALAR_SQL, "--format", "csv", "--output", str(out)]) == 0
    assert pl.read_csv(out, schema=expected.schema).equals(expected)


def test_json_and_parquet_output_parse_back_to_the_same_values(warehouse, tmp_path, capsys):
    expected = _expected(warehouse, NESTED_SQL)
    assert main(["query", NESTED_SQL, "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records == expected.to_dicts()
    out = tmp_path / "t.parquet"
    assert main(["query", NESTED_SQL, "--format", "parquet", "--output", str(out)]) == 0
    assert pl.read_parquet(out).equals(expected)


def test_csv_of_list_columns_is_a_clear_error(warehouse, capsys):
    assert main(["query", NESTED_SQL, "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert "design_flags" in err and "json" in err and err.count("\n") == 1


def test_ui_listens_on_localhost_by_default(monkeypatch, tmp_path):
    monkeypatch.delenv("MSC_UI_HOST", raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    args = build_parser().parse_args(["ui"])
    assert args.host == "127.0.0.1"
    launched = []
    monkeypatch.setattr("os.chdir", lambda path: None)
    monkeypatch.setattr("os.execv", lambda path, cmd: launched.append(cmd))
    args.func(args)
    (cmd,) = launched
    assert cmd[1:3] == ["dev", "-w"] and cmd[cmd.index("-h") + 1] == "127.0.0.1"
