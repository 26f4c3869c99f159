"""Document-range partitions: how a step works through frames bigger than it should hold.

Intermediate results live in Parquet files and reach a step as ``polars.LazyFrame`` scans.
A step that must join or validate them takes them a partition at a time: the rows of one
contiguous range of ``doc_id``s, sorted by ``doc_id`` (rows of one document keep their order).
Every table is keyed by document, so the partitions of two tables line up (a partition of
``evidence`` joins only the same partition of ``raw_documents``), and written one after the
other they give the table in ``doc_id`` order, whatever order the files hold them in.

What does not belong here: what a step computes (``batch.py``), where files live (``memo.py``
and the Dagster IO manager).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import polars as pl

# documents per partition: at about 7 KB of rows per page (texts, maps, facts and evidence
# together), some 70 MB per partition of the biggest step, which validation and Arrow copies
# double or triple; measured at 100,000 pages, 20,000 per partition cost 0.35 GB more peak
PARTITION_DOCUMENTS = 10_000


@dataclass(frozen=True)
class DocumentRanges:
    """Boundaries cutting the ``doc_id`` space into partitions: partition ``i`` holds the ids
    from ``bounds[i - 1]`` (inclusive) up to ``bounds[i]`` (exclusive). The first partition
    starts below every id and the last one ends above every id, so every row, even of a
    document the ranges were not computed from, falls into exactly one partition."""

    bounds: tuple[str, ...] = ()

    @classmethod
    def of(cls, doc_ids: pl.Series, size: int | None = None) -> DocumentRanges:
        """Ranges of about ``size`` documents each (default ``PARTITION_DOCUMENTS``)."""
        size = size or PARTITION_DOCUMENTS
        ids = doc_ids.drop_nulls().unique().sort()
        return cls(tuple(ids[i] for i in range(size, len(ids), size)))

    def __len__(self) -> int:
        return len(self.bounds) + 1

    def predicates(self) -> Iterator[pl.Expr]:
        """One filter per partition (a NULL doc_id belongs to the first)."""
        doc_id = pl.col("doc_id")
        lows: list[str | None] = [None, *self.bounds]
        highs: list[str | None] = [*self.bounds, None]
        for low, high in zip(lows, highs):
            below = doc_id.is_null() | (doc_id < high) if high is not None else pl.lit(True)
            yield below if low is None else below & (doc_id >= low)


def partitions(frame: pl.LazyFrame | pl.DataFrame, ranges: DocumentRanges) -> Iterator[pl.DataFrame]:
    """``frame``'s rows one document range at a time, each sorted by ``doc_id``."""
    lazy = frame.lazy()
    for predicate in ranges.predicates():
        yield lazy.filter(predicate).sort("doc_id", maintain_order=True).collect()


def document_ranges(frame: pl.LazyFrame | pl.DataFrame, size: int | None = None) -> DocumentRanges:
    """Ranges over the documents ``frame`` holds (only its ``doc_id`` column is read)."""
    return DocumentRanges.of(frame.lazy().select("doc_id").collect()["doc_id"], size)


def row_count(frame: pl.LazyFrame | pl.DataFrame) -> int:
    """Rows of ``frame`` (a Parquet scan answers from the file footers)."""
    if isinstance(frame, pl.DataFrame):
        return frame.height
    return frame.select(pl.len()).collect().item()
