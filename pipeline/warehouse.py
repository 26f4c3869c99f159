"""Publishing: build a complete DuckDB file beside the published one, then swap it in.

Readers of the warehouse (``msc query``, notebooks, DuckDB's CLI) hold the published file
open; a run never writes into that file. It writes every table into a new file in the same
folder, closes and fsyncs it, and renames it over the old one (``os.replace``, atomic on
POSIX). A reader sees either the previous run or this one, never half of one; a run killed
mid-write leaves only a stray temporary file, which the next publish removes.

When few documents changed, the new file starts as a copy of the published one and only the
rows of changed, added and removed documents are rewritten. That is exact because every row
belongs to one document and follows from its bytes and the code alone: the copy is used only
when a record written beside the file (``.<name>.build.json``) shows the file is the one this
pipeline last published, built by the same code (``build``, a digest of every module that
decides a published row), and the documents to rewrite are those whose bytes or status differ.

What does not belong here: computing the rows (``assemble.py``), validating them (``checks/``).
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from pipeline.locks import exclusive
from pipeline.migrations import MIGRATIONS
from pipeline.partitions import DocumentRanges, document_ranges, partitions
from pipeline.schema import PUBLISHED_TABLES, Table
from pipeline.views import VIEWS

TMP_SUFFIX = ".publishing"
# DuckDB's buffer pool while a publish writes (its default is 80 % of RAM)
PUBLISH_MEMORY_LIMIT = os.environ.get("MSC_PUBLISH_MEMORY_LIMIT", "256MB")
INSERT_ROWS = 50_000
# above this share of documents to rewrite, a new file is written from scratch
MAX_REWRITE_SHARE = 0.2
# what identifies a document's rows: the same bytes, read the same way, with the same outcome
DOCUMENT_STATE = ("doc_id", "source_file", "content_sha256", "n_bytes", "status", "reject_reason",
                  "encoding", "duplicate_of")


@dataclass(frozen=True)
class Publication:
    """A published file, and whether it was rewritten whole or for some documents only."""

    path: Path
    incremental: bool
    documents_rewritten: int
    documents_removed: int


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
            for part in partitions(_rows_of(frames, table), ranges):
                _insert(con, table, part)
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


def _rows_of(frames: dict[str, pl.DataFrame | pl.LazyFrame], table: Table) -> pl.LazyFrame:
    """``table``'s rows in ``frames`` (none when absent), in its column order."""
    return frames.get(table.name, table.empty_frame()).lazy().select(table.column_names)


def _insert(con: duckdb.DuckDBPyConnection, table: Table, rows: pl.DataFrame) -> None:
    # a slice at a time, so the Arrow copy handed to DuckDB stays small
    for offset in range(0, rows.height, INSERT_ROWS):
        con.register("_incoming", rows.slice(offset, INSERT_ROWS).to_arrow())
        con.execute(f'INSERT INTO "{table.name}" SELECT * FROM _incoming')
        con.unregister("_incoming")


def rewrite_documents(path: Path, frames: dict[str, pl.DataFrame | pl.LazyFrame],
                      rewrite: pl.Series, remove: pl.Series) -> None:
    """In the DuckDB file at ``path`` (a copy of a published file), replace the rows of the
    documents ``rewrite`` by theirs in ``frames`` and delete the rows of ``remove``."""
    con = duckdb.connect(str(path), config={"memory_limit": PUBLISH_MEMORY_LIMIT})
    try:
        con.register("_gone", pl.DataFrame({"doc_id": pl.concat([rewrite, remove])}).to_arrow())
        for table in PUBLISHED_TABLES:
            con.execute(f'DELETE FROM "{table.name}" WHERE doc_id IN (SELECT doc_id FROM _gone)')
            _insert(con, table, _rows_of(frames, table)
                    .filter(pl.col("doc_id").is_in(rewrite.implode()))
                    .sort("doc_id", maintain_order=True).collect())
        con.unregister("_gone")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def publish(frames: dict[str, pl.DataFrame | pl.LazyFrame], target: Path,
            build: str | None = None) -> Publication:
    """Write ``frames`` to a new file and atomically replace ``target`` with it. With
    ``build`` (a digest of the code that made the rows), a file this code published before
    is copied and only its changed documents rewritten, when few changed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _publish_lock(target):
        remove_stale_temporaries(target)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")
        try:
            changes = _changed_documents(frames, target, build) if build else None
            if changes is None:
                write_database(tmp, frames)
            else:
                shutil.copyfile(target, tmp)
                rewrite_documents(tmp, frames, *changes)
            _fsync(tmp)
            os.replace(tmp, target)
            _fsync(target.parent)
            _record_build(target, build)
        finally:
            for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
                leftover.unlink(missing_ok=True)
    if changes is None:
        return Publication(target, incremental=False, documents_rewritten=0, documents_removed=0)
    return Publication(target, incremental=True, documents_rewritten=len(changes[0]),
                       documents_removed=len(changes[1]))


def _build_record(target: Path) -> Path:
    return target.with_name(f".{target.name}.build.json")


def _file_identity(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_ino, st.st_size, st.st_mtime_ns]


def _record_build(target: Path, build: str | None) -> None:
    """Note which code built the file now at ``target`` (none: no rewrite may start from it).
    Written after the swap: if the run dies before, the note names another file and is
    ignored."""
    record = _build_record(target)
    if build is None:
        record.unlink(missing_ok=True)
        return
    tmp = record.with_name(record.name + TMP_SUFFIX)
    tmp.write_text(json.dumps({"build": build, "file": _file_identity(target)}))
    os.replace(tmp, record)


def _changed_documents(frames: dict[str, pl.DataFrame | pl.LazyFrame], target: Path,
                       build: str) -> tuple[pl.Series, pl.Series] | None:
    """(documents to rewrite, documents to remove) when ``target`` may be updated in place of
    a full write: this code built it, it is unchanged since, and few documents differ."""
    try:
        record = json.loads(_build_record(target).read_text())
        if record != {"build": build, "file": _file_identity(target)}:
            return None
        con = duckdb.connect(str(target), read_only=True)
        try:
            published = con.sql(f"SELECT {', '.join(DOCUMENT_STATE)} FROM documents").pl()
        finally:
            con.close()
    except (OSError, ValueError, duckdb.Error):
        return None
    current = frames["documents"].lazy().select(DOCUMENT_STATE).collect()
    published = published.cast(current.schema)
    rewrite = current.join(published, on=list(DOCUMENT_STATE), how="anti", nulls_equal=True)["doc_id"]
    remove = published.join(current, on="doc_id", how="anti")["doc_id"]
    if len(rewrite) + len(remove) > MAX_REWRITE_SHARE * max(current.height, 1):
        return None
    return rewrite, remove


def _publish_lock(target: Path) -> AbstractContextManager[None]:
    """One publisher per target at a time (readers never take this lock)."""
    return exclusive(target.with_name(f".{target.name}.lock"))


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

