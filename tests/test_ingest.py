"""Ingest: every seed becomes a document; unusable ones are rejected with a clear reason."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.ingest import doc_id_for, ingest


def _by_name(seeds: Path, **kw):
    return {d.source_file: d for d in ingest(seeds, **kw)}


def test_text_files_are_decoded_with_the_decoding_recorded(tmp_path):
    (tmp_path / "utf8.txt").write_text("Phase I trial of MSCs in lupus", encoding="utf-8")
    (tmp_path / "bom16.txt").write_bytes("Patienten mit M. Crohn".encode("utf-16"))
    (tmp_path / "latin1.txt").write_bytes("Zellen/kg KG für Patienten".encode("latin-1"))
    (tmp_path / "gb.txt").write_bytes("间充质干细胞治疗系统性红斑狼疮的临床试验".encode("gb18030"))
    (tmp_path / "fa.txt").write_bytes("سلول بنيادي مزانشيمي در بيماران لوپوس".encode("cp1256"))
    docs = _by_name(tmp_path)
    assert docs["gb.txt"].raw_text == "间充质干细胞治疗系统性红斑狼疮的临床试验"
    assert docs["fa.txt"].encoding == "cp1256"
    assert docs["utf8.txt"].encoding == "utf-8" and docs["utf8.txt"].status == "ok"
    assert docs["bom16.txt"].raw_text == "Patienten mit M. Crohn"
    assert docs["latin1.txt"].status == "ok" and "für" in docs["latin1.txt"].raw_text


def test_unusable_files_are_rejected_with_reasons(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "big.txt").write_text("x" * 2000)
    docs = _by_name(tmp_path, max_bytes=1000)
    assert docs["empty.txt"].reject_reason == "empty file"
    assert "PNG" in docs["image.png"].reject_reason
    assert "limit" in docs["big.txt"].reject_reason
    assert all(d.status == "rejected" for d in docs.values())


def test_duplicate_bytes_are_one_document_with_both_names_recorded(tmp_path):
    (tmp_path / "a.txt").write_text("same page")
    (tmp_path / "b.txt").write_text("same page")
    docs = _by_name(tmp_path)
    assert docs["a.txt"].status == "ok"
    assert docs["b.txt"].status == "rejected"
    assert docs["b.txt"].duplicate_of == docs["a.txt"].doc_id
    assert "a.txt" in docs["b.txt"].reject_reason


def test_symlink_out_of_the_seeds_folder_is_refused(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("not a seed")
    os.symlink(secret, seeds / "link.txt")
    doc = _by_name(seeds)["link.txt"]
    assert doc.status == "rejected" and "outside" in doc.reject_reason
    assert doc.raw_text is None


def test_doc_id_is_stable_per_path():
    assert doc_id_for("000_x.txt") == doc_id_for("000_x.txt")
    assert doc_id_for("000_x.txt") != doc_id_for("001_x.txt")
