"""Publishing: build a complete DuckDB file beside the published one, then swap it in.

Readers of the warehouse (``msc query``, notebooks, DuckDB's CLI) hold the published file
open; a run never writes into that file. It writes every table into a new file in the same
folder, closes and fsyncs it, and renames it over the old one (``os.replace``, atomic on
POSIX). A reader sees either the previous run or this one, never half of one; a run killed
mid-write leaves only a stray temporary file, which the next publish removes.

What does not belong here: computing the rows (``assemble.py``), validating them (``checks/``).
"""

from __future__ import annotations

import fcntl
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import polars as pl

from pipeline.migrations import MIGRATIONS
from pipeline.partitions import DocumentRanges, document_ranges, partitions
from pipeline.schema import PUBLISHED_TABLES, Table
from pipeline.views import VIEWS

TMP_SUFFIX = ".publishing"
# DuckDB's buffer pool while a publish writes (its default is 80 % of RAM)
PUBLISH_MEMORY_LIMIT = os.environ.get("MSC_PUBLISH_MEMORY_LIMIT", "512MB")
INSERT_ROWS = 50_000


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(table: Table) -> str:
    cols = ",\n  ".join(f'"{c.name}" {c.sql_type}{"" if c.nullable else " NOT NULL"}'
                        for c in table.columns)
    return f'CREATE TABLE "{table.name}" (\n  {cols}\n)'


def comment_sql(table: Table) -> list[str]:
    out = [f'COMMENT ON TABLE "{table.name}" IS {_sql_str(table.description)}']
    out += [f'COMMENT ON COLUMN "{table.name}"."{c.name}" IS {_sql_str(c.description)}'
            for c in table.columns]
    return out


def write_database(path: Path, frames: dict[str, pl.DataFrame | pl.LazyFrame]) -> None:
    """Create every published table in a new DuckDB file at ``path``, each in ``doc_id``
    order, read a document range at a time (``pipeline.partitions``)."""
    documents = frames.get("documents")
    ranges = document_ranges(documents) if documents is not None else DocumentRanges()
    # No transaction around the writes: nobody can see this file until publish() renames it
    # into place, and one transaction would hold every table in memory until it commits
    # (about 1.3 GB for 100,000 pages); with autocommits and a memory limit DuckDB writes
    # blocks out as it goes.
    con = duckdb.connect(str(path), config={"memory_limit": PUBLISH_MEMORY_LIMIT})
    try:
        for table in PUBLISHED_TABLES:
            con.execute(create_table_sql(table))
            for stmt in comment_sql(table):
                con.execute(stmt)
            frame = frames.get(table.name, table.empty_frame()).lazy().select(table.column_names)
            for part in partitions(frame, ranges):
                # a slice at a time, so the Arrow copy handed to DuckDB stays small
                for offset in range(0, part.height, INSERT_ROWS):
                    con.register("_incoming", part.slice(offset, INSERT_ROWS).to_arrow())
                    con.execute(f'INSERT INTO "{table.name}" SELECT * FROM _incoming')
                    con.unregister("_incoming")
        for name, (description, sql) in VIEWS.items():
            con.execute(f'CREATE VIEW "{name}" AS {sql}')
            con.execute(f'COMMENT ON VIEW "{name}" IS {_sql_str(description)}')
        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, description VARCHAR)")
        con.execute("COMMENT ON TABLE schema_version IS 'The migrations this file includes; "
                    "max(version) is its schema version.'")
        for migration in MIGRATIONS:
            con.execute("INSERT INTO schema_version VALUES (?, ?)",
                        [migration.version, migration.description])
            for stmt in migration.compat_sql:
                con.execute(stmt)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def publish(frames: dict[str, pl.DataFrame | pl.LazyFrame], target: Path) -> Path:
    """Write ``frames`` to a new file and atomically replace ``target`` with it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _publish_lock(target):
        remove_stale_temporaries(target)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
        try:
            write_database(tmp, frames)
            _fsync(tmp)
            os.replace(tmp, target)
            _fsync(target.parent)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
    return target


@contextmanager
def _publish_lock(target: Path):
    """One publisher per target at a time (readers never take this lock)."""
    with open(target.with_name(f".{target.name}.lock"), "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def remove_stale_temporaries(target: Path) -> None:
    """Delete files left by publishes that were killed before their swap (call under the lock)."""
    for stale in target.parent.glob(f".{target.name}.*{TMP_SUFFIX}*"):
        stale.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

