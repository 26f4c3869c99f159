"""Whole-batch steps (pipeline/batch.py): chunked, parallel and sequential runs agree, and a
page that breaks never stops the batch."""

from __future__ import annotations

import polars as pl
import pytest

from bench.generate_corpus import generate_page
from pipeline import batch

PAGES = 24


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    for i in range(PAGES):
        (folder / f"page_{i:03}.txt").write_text(generate_page(5, i).text, encoding="utf-8")
    (folder / "page_900_copy.txt").write_bytes((folder / "page_001.txt").read_bytes())
    return folder


def _run(seeds, monkeypatch, workers: int, chunk: int):
    monkeypatch.setenv("MSC_WORKERS", str(workers))
    monkeypatch.setattr(batch, "PARALLEL_MIN_DOCUMENTS", 5)
    monkeypatch.setattr(batch, "CHUNK_DOCUMENTS", chunk)
    monkeypatch.setattr(batch, "INGEST_CHUNK", chunk)
    raw = batch.read_seeds(seeds, 10**6)
    cleaned = batch.clean_documents(raw)
    return raw, cleaned, batch.extract_documents(cleaned)


def test_process_pool_and_chunks_give_the_sequential_result(seeds, monkeypatch):
    raw1, cleaned1, facts1 = _run(seeds, monkeypatch, workers=1, chunk=1000)
    raw2, cleaned2, facts2 = _run(seeds, monkeypatch, workers=2, chunk=5)
    assert raw2.equals(raw1) and cleaned2.equals(cleaned1)
    assert cleaned1.height == PAGES  # the copy is rejected, not cleaned
    for name, frame in facts1.items():
        assert facts2[name].equals(frame), name
    assert facts1["trial_facts"].height >= PAGES


def test_duplicates_are_found_across_ingest_chunks(seeds, monkeypatch):
    raw, _, _ = _run(seeds, monkeypatch, workers=1, chunk=3)
    copy = raw.row(by_predicate=pl.col("source_file") == "page_900_copy.txt", named=True)
    first = raw.row(by_predicate=pl.col("source_file") == "page_001.txt", named=True)
    assert copy["status"] == "rejected" and copy["duplicate_of"] == first["doc_id"]
    assert raw["source_file"].to_list() == sorted(raw["source_file"].to_list())


def test_a_page_that_breaks_in_a_worker_is_reported_and_the_rest_land(seeds, monkeypatch):
    real_clean = batch.clean_document

    def clean_or_fail(doc_id, text):
        if doc_id == broken:
            raise ValueError("boom")
        return real_clean(doc_id, text)

    raw = batch.read_seeds(seeds, 10**6)
    broken = raw.filter(raw["source_file"] == "page_007.txt")["doc_id"][0]
    monkeypatch.setattr(batch, "clean_document", clean_or_fail)
    monkeypatch.setenv("MSC_WORKERS", "2")
    monkeypatch.setattr(batch, "PARALLEL_MIN_DOCUMENTS", 5)
    monkeypatch.setattr(batch, "CHUNK_DOCUMENTS", 4)
    cleaned = batch.clean_documents(raw)
    failed = cleaned.filter(cleaned["error"].is_not_null())
    assert failed["doc_id"].to_list() == [broken]
    assert "cleaning failed: ValueError: boom" in failed["error"][0]
    facts = batch.extract_documents(cleaned)
    docs = facts["document_facts"]
    assert docs.height == PAGES
    assert docs.filter(docs["error"].is_not_null())["doc_id"].to_list() == [broken]
