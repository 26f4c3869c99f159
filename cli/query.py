"""``msc query``: one read-only SQL statement against the published warehouse."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import polars as pl

from cli import CliError

READ_ONLY_STATEMENTS = {"SELECT", "EXPLAIN", "PRAGMA", "RELATION"}


def warehouse_path() -> Path:
    from assets.resources import DEFAULT_WAREHOUSE  # the one place defaults are defined

    return Path(os.environ.get("MSC_WAREHOUSE") or DEFAULT_WAREHOUSE)


def run_query(sql: str, fmt: str = "table", output: str | None = None) -> int:
    path = warehouse_path()
    if not path.exists():
        raise CliError(f"no warehouse at {path}: run `msc materialize` first")
    con = duckdb.connect(str(path), read_only=True)
    try:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            raise CliError(f"expected exactly one SQL statement, got {len(statements)}")
        kind = statements[0].type.name
        if kind not in READ_ONLY_STATEMENTS:
            raise CliError(f"refused: {kind} statements write or change state; "
                           "msc query runs read-only statements only")
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
