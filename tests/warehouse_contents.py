"""Compare published warehouses by content: every table and view, row by row."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb


def table_contents(path: Path) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    """Every table and view of ``path``: its columns with types, and its rows as text in a
    canonical (sorted) order, read through one read-only connection."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return contents_of(con)
    finally:
        con.close()


def contents_of(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[list[tuple[str, str]], list[str]]]:
    names = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY 1").fetchall()]
    out = {}
    for name in names:
        cur = con.execute(f'SELECT * FROM "{name}"')
        columns = [(d[0], str(d[1])) for d in cur.description]
        out[name] = (columns, sorted(repr(row) for row in cur.fetchall()))
    return out


def digest(contents: dict) -> str:
    """One hash of a warehouse's contents, for comparing states cheaply."""
    return hashlib.sha256(repr(sorted(contents.items())).encode()).hexdigest()


def differences(a: dict, b: dict) -> list[str]:
    diffs = [f"table {n} only in one run" for n in sorted(set(a) ^ set(b))]
    for name in sorted(set(a) & set(b)):
        if a[name][0] != b[name][0]:
            diffs.append(f"{name}: columns differ")
        rows_a, rows_b = set(a[name][1]), set(b[name][1])
        diffs += [f"{name}: only in first run: {r[:200]}" for r in sorted(rows_a - rows_b)[:3]]
        diffs += [f"{name}: only in second run: {r[:200]}" for r in sorted(rows_b - rows_a)[:3]]
        if len(a[name][1]) != len(b[name][1]):
            diffs.append(f"{name}: {len(a[name][1])} rows vs {len(b[name][1])}")
    return diffs
