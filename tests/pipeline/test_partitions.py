"""Document-range partitions (pipeline/partitions.py): every row lands in exactly one
partition, in doc_id order, and partitions of two tables line up."""

from __future__ import annotations

import polars as pl

from pipeline.partitions import DocumentRanges, document_ranges, partitions, row_count


def _rows(ids: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ids, "n": list(range(len(ids)))}, schema={"doc_id": pl.String, "n": pl.Int64})


def test_every_row_lands_once_in_doc_id_order_and_a_document_keeps_its_row_order():
    frame = _rows(["d3", "d1", "d2", "d1", "d5", "d4", "d3"])
    ranges = document_ranges(frame, size=2)
    parts = list(partitions(frame.lazy(), ranges))
    assert len(parts) == len(ranges) == 3
    whole = pl.concat(parts)
    assert whole["doc_id"].to_list() == ["d1", "d1", "d2", "d3", "d3", "d4", "d5"]
    assert whole.filter(pl.col("doc_id") == "d1")["n"].to_list() == [1, 3]
    assert all(p["doc_id"].n_unique() <= 2 for p in parts)


def test_rows_of_documents_outside_the_ranges_and_null_ids_are_not_dropped():
    ranges = DocumentRanges.of(pl.Series(["b", "d", "f"]), size=1)
    frame = _rows(["a", "c", "e", "g", None, "d"])
    got = pl.concat(partitions(frame, ranges))
    assert sorted(got["n"].to_list()) == list(range(6))


def test_partitions_of_two_tables_hold_the_same_documents():
    docs = _rows([f"d{i:02}" for i in range(10)])
    facts = _rows([f"d{i:02}" for i in (9, 0, 4, 4, 7, 1)])
    ranges = document_ranges(docs, size=3)
    for doc_part, fact_part in zip(partitions(docs, ranges), partitions(facts, ranges)):
        assert set(fact_part["doc_id"]) <= set(doc_part["doc_id"])


def test_one_partition_when_the_documents_fit():
    frame = _rows(["x", "y"])
    assert len(document_ranges(frame, size=5)) == 1
    assert row_count(frame.lazy()) == row_count(frame) == 2

