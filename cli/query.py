"""``msc query``: one read-only SQL statement against the published warehouse."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import duckdb
import polars as pl

from cli import CliError

READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "RELATION"}
# PRAGMAs that only describe the database; others change settings or state
READ_ONLY_PRAGMAS = {"table_info", "show", "show_tables", "show_tables_expanded", "show_databases",
                     "database_list", "database_size", "storage_info", "metadata_info", "version",
                     "platform", "functions", "collations", "user_agent"}
# EXPLAIN [(options)] [ANALYZE] <statement>: ANALYZE runs the statement it explains
_EXPLAIN = re.compile(r"EXPLAIN\s*(?:\([^)]*\)\s*)?(?:ANALY[SZ]E\s+)?(?P<inner>.*)", re.I | re.S)
_PRAGMA = re.compile(r"PRAGMA\s+(?P<name>\w+)", re.I)


def refusal_of(con: duckdb.DuckDBPyConnection, statement) -> str | None:
    """Why ``statement`` is refused, or None when it only reads."""
    kind = statement.type.name
    if kind not in READ_ONLY_STATEMENTS:
        return f"{kind} statements write or change state"
    if kind == "PRAGMA":
        m = _PRAGMA.match(statement.query)
        name = m.group("name").lower() if m else "?"
        if name not in READ_ONLY_PRAGMAS:
            return f"PRAGMA {name} changes settings or state"
    if kind == "EXPLAIN":
        m = _EXPLAIN.match(statement.query)
        inner = con.extract_statements(m.group("inner")) if m else []
        if len(inner) != 1:
            return "EXPLAIN of something other than one statement"
        why = refusal_of(con, inner[0])
        if why:
            return f"EXPLAIN runs or plans a statement that writes ({why})"
    return None


def warehouse_path() -> Path:
    from assets.resources import DEFAULT_WAREHOUSE  # the one place defaults are defined

    return Path(os.environ.get("MSC_WAREHOUSE") or DEFAULT_WAREHOUSE)


def run_query(sql: str, fmt: str = "table", output: str | None = None) -> int:
    path = warehouse_path()
    if not path.exists():
        raise CliError(f"no warehouse at {path}: run `msc materialize` first")
    con = duckdb.connect(str(path), read_only=True)
    try:
        try:
            statements = con.extract_statements(sql)
            if len(statements) != 1:
                raise CliError(f"expected exactly one SQL statement, got {len(statements)}")
            refusal = refusal_of(con, statements[0])
        except duckdb.Error as exc:
            raise CliError(str(exc).splitlines()[0]) from exc
        if refusal:
            raise CliError(f"refused: {refusal}; msc query runs read-only statements only")
        try:
            frame = con.sql(sql).pl()
        except duckdb.Error as exc:
            raise CliError(str(exc).splitlines()[0]) from exc
    finally:
        con.close()
    write(frame, fmt, output)
    return 0


def write(frame: pl.DataFrame, fmt: str, output: str | None) -> None:
    if fmt == "parquet":
        if not output:
            raise CliError("--format parquet needs --output FILE")
        frame.write_parquet(output)
        return
    if fmt == "csv":
        nested = [n for n, t in frame.schema.items() if t.is_nested()]
        if nested:
            raise CliError(f"--format csv cannot hold list or struct columns ({', '.join(nested)}); "
                           "use --format json or parquet, or array_to_string() them")
        text = frame.write_csv()
    elif fmt == "json":
        text = frame.write_json() + "\n"
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=80, tbl_width_chars=200,
                       tbl_hide_dataframe_shape=True):
            text = str(frame) + "\n"
    if output:
        Path(output).write_text(text)
    else:
        sys.stdout.write(text)
