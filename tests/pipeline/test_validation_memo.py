"""The record of documents whose rows passed validation."""

from __future__ import annotations

import polars as pl

from pipeline.validation_memo import ValidationMemo


def _keys(**docs: str) -> pl.DataFrame:
    return pl.DataFrame({"doc_id": list(docs), "content_sha256": list(docs.values())})


def test_a_recorded_document_passes_only_with_the_bytes_it_had(tmp_path):
    ValidationMemo(tmp_path, "f", "v1", _keys(a="1", b="2", c="3")).record(pl.Series(["a", "b"]))
    assert sorted(ValidationMemo(tmp_path, "f", "v1", _keys(a="1", b="changed", c="3")).passed()) == ["a"]


def test_a_record_of_another_version_is_ignored_and_replaced(tmp_path):
    old = ValidationMemo(tmp_path, "f", "v1", _keys(a="1"))
    old.record(pl.Series(["a"]))
    new = ValidationMemo(tmp_path, "f", "v2", _keys(a="1"))
    assert new.passed().is_empty()
    new.record(pl.Series(["a"]))
    assert not old.path.exists() and new.passed().to_list() == ["a"]


def test_only_current_documents_are_recorded(tmp_path):
    memo = ValidationMemo(tmp_path, "f", "v1", _keys(a="1"))
    memo.record(pl.Series(["a", "gone"]))
    assert pl.read_parquet(memo.path)["doc_id"].to_list() == ["a"]
