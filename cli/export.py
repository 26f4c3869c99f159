"""``msc export``: every published table and view as Parquet, for tools that do not speak DuckDB."""

from __future__ import annotations

from pathlib import Path

import duckdb

from cli import CliError
from cli.query import warehouse_path


def export(directory: str, fmt: str = "parquet") -> int:
    if fmt != "parquet":
        raise CliError(f"unsupported export format: {fmt}")
    path = warehouse_path()
    if not path.exists():
        raise CliError(f"no warehouse at {path}: run `msc materialize` first")
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "ORDER BY table_name").fetchall()]
        for name in names:
            target = out / f"{name}.parquet"
            con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_quoted(target)}' (FORMAT parquet)")
            print(f"{name:24} -> {target}")
    finally:
        con.close()
    return 0


def _quoted(path: Path) -> str:
    return path.as_posix().replace("'", "''")
