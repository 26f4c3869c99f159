"""The last read of the seeds folder, kept so that the next read skips untouched files.

Reading a seed means reading, hashing and decoding its bytes; a run after one page was added
would otherwise do that again for every page. The documents of a read are kept as one
Parquet file of ``raw_documents`` rows with each file's stamp (:class:`ingest.FileStamp`), and
the next read takes a file's document from it when the stamp is unchanged and was settled
when taken. The file is tied to the ingest code's version and the size limit: when either
changes, every seed is read again.

What does not belong here: reading a seed, or deciding duplicates (``ingest.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import polars as pl

from pipeline.atomic import replacing
from pipeline.ingest import FileStamp, FolderSurvey
from pipeline.schema import RAW_DOCUMENTS
from pipeline.versions import code_version

INGEST_VERSION = code_version("pipeline.seed_memo")  # this module, ingest and the schema
# a stamp is trusted only for a file left alone this long before it was taken: more than the
# coarsest common file-system clock (2 s on FAT)
SETTLED_NS = 3 * 10**9
STAMP_COLUMNS = {f"stamp_{f.name}": pl.Int64 for f in fields(FileStamp)}
STAMP_COLUMNS |= {"stamp_device": pl.UInt64, "stamp_inode": pl.UInt64}
_STAMP_FIELDS = [(f"stamp_{f.name}", f.name) for f in fields(FileStamp)]
SCHEMA = RAW_DOCUMENTS.polars_schema | STAMP_COLUMNS
# what names a file's state (all but when the stamp was taken)
IDENTITY_COLUMNS = [c for c in STAMP_COLUMNS if c != "stamp_taken_ns"]
# a document's place in the folder's order while a read is put together
POSITION = "position"


def stamp_columns(stamps: list[FileStamp | None]) -> dict[str, list[int | None]]:
    """The stamp columns of documents with these stamps (None: not a regular file)."""
    return {column: [stamp and getattr(stamp, field) for stamp in stamps]
            for column, field in _STAMP_FIELDS}


@dataclass
class SeedMemo:
    """The last read kept under ``root`` for reads with ``max_bytes`` as the size limit."""

    root: Path
    max_bytes: int

    @property
    def path(self) -> Path:
        return self.root / "ingest" / f"seeds-{INGEST_VERSION}-{self.max_bytes}.parquet"

    def last_read(self) -> LastReadFile | None:
        return LastReadFile(self.path) if self.path.exists() else None

    def save(self, frame: pl.DataFrame) -> None:
        """Keep ``frame`` (rows of :data:`SCHEMA`) as the last read, replacing the one before
        (and any kept by other code versions or limits) in one rename."""
        with replacing(self.path) as tmp:
            frame.select(list(SCHEMA)).write_parquet(tmp)
        for other in self.path.parent.glob("seeds-*.parquet"):
            if other != self.path:
                other.unlink(missing_ok=True)


@dataclass
class LastReadFile:
    """An earlier read as :class:`ingest.LastRead` asks for it (only stamps are held; the
    documents are read from the file as they are needed)."""

    path: Path
    # documents taken from the file so far
    taken: int = 0

    def unchanged(self, stamps: dict[str, FileStamp]) -> set[str]:
        kept = pl.read_parquet(self.path, columns=["source_file", *STAMP_COLUMNS])
        unchanged = set()
        for name, *earlier in kept.select("source_file", *STAMP_COLUMNS).iter_rows():
            stamp = stamps.get(name)
            if stamp is not None and None not in earlier and \
                    stamp.untouched_since(FileStamp(*earlier), SETTLED_NS):
                unchanged.add(name)
        return unchanged

    def frame(self, found: FolderSurvey) -> pl.DataFrame:
        """The earlier documents of ``found.unchanged`` as rows of :data:`SCHEMA` with their
        ``position`` in the folder and today's stamps, as :func:`ingest.read_seed` would
        return them: a row is taken only when its stamp is the one found, and a document
        rejected as a duplicate counts as read ``ok`` again (which copy is the first is
        decided again, over the whole folder)."""
        names = sorted(found.unchanged)
        positions = {name: i for i, (name, _) in enumerate(found.paths) if name in found.unchanged}
        current = pl.DataFrame(
            {"source_file": names, POSITION: [positions[name] for name in names]}
            | stamp_columns([found.stamps[name] for name in names]),
            schema={"source_file": pl.String, POSITION: pl.Int64} | STAMP_COLUMNS)
        duplicate = pl.col("duplicate_of").is_not_null()
        rows = (pl.scan_parquet(self.path).select(RAW_DOCUMENTS.column_names + list(STAMP_COLUMNS))
                .join(current.lazy(), on=["source_file", *IDENTITY_COLUMNS],
                      how="inner", suffix="_now")
                .with_columns(pl.col("stamp_taken_ns_now").alias("stamp_taken_ns"),
                              pl.when(duplicate).then(pl.lit("ok")).otherwise("status").alias("status"),
                              pl.when(duplicate).then(None).otherwise("reject_reason").alias("reject_reason"),
                              pl.lit(None, pl.String).alias("duplicate_of"))
                .select(*SCHEMA, POSITION).collect())
        if rows.height != len(names):
            raise RuntimeError(f"the last read holds {rows.height} of the {len(names)} files "
                               "it was found to hold unchanged")
        self.taken = rows.height
        return rows
