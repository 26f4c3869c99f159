"""Reading the seeds folder again (pipeline/seed_memo.py through batch.read_seeds_incremental):
files untouched since the last read are taken from it, anything else is read again, and the
rows are always those a fresh read gives."""

from __future__ import annotations

import os

import polars as pl
import pytest

from pipeline import batch, seed_memo

LIMIT = 10**6


@pytest.fixture()
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "a.txt").write_text("Phase I trial of MSCs in lupus", encoding="utf-8")
    (folder / "b.txt").write_bytes("Zellen/kg KG für Patienten".encode("latin-1"))
    (folder / "c.txt").write_bytes(b"")
    return folder


@pytest.fixture()
def settled_at_once(monkeypatch):
    """Stamps count as settled as soon as they are taken (the default waits 3 s)."""
    monkeypatch.setattr(seed_memo, "SETTLED_NS", 0)


def _read(seeds, memo_root, limit=LIMIT):
    frame, stats = batch.read_seeds_incremental(seeds, limit, memo_root)
    assert frame.equals(batch.read_seeds(seeds, limit))  # the same rows, in the same order
    return frame, (stats.documents_processed, stats.documents_reused)


def test_untouched_files_are_taken_from_the_last_read(seeds, tmp_path, settled_at_once):
    first, counts1 = _read(seeds, tmp_path / "memo")
    second, counts2 = _read(seeds, tmp_path / "memo")
    assert counts1 == (3, 0) and counts2 == (0, 3)
    assert second.equals(first)


def test_a_file_rewritten_with_the_same_size_and_mtime_is_read_again(seeds, tmp_path, settled_at_once):
    _read(seeds, tmp_path / "memo")
    path = seeds / "a.txt"
    before = path.stat()
    path.write_text("Phase I trial of MSCs in LUPUS", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # only ctime tells
    frame, counts = _read(seeds, tmp_path / "memo")
    assert counts == (1, 2)
    assert frame.filter(source_file="a.txt")["raw_text"].item().endswith("LUPUS")


def test_added_and_removed_files(seeds, tmp_path, settled_at_once):
    _read(seeds, tmp_path / "memo")
    (seeds / "b.txt").unlink()
    (seeds / "d.txt").write_text("Crohn's disease, 2 x 10^6 cells/kg", encoding="utf-8")
    frame, counts = _read(seeds, tmp_path / "memo")
    assert counts == (1, 2)
    assert sorted(frame["source_file"]) == ["a.txt", "c.txt", "d.txt"]


def test_taken_files_keep_their_place_and_today_s_stamp(seeds, tmp_path, settled_at_once):
    _read(seeds, tmp_path / "memo")
    before = _kept(tmp_path / "memo")
    (seeds / "aa.txt").write_text("Lupus nephritis, 1 x 10^6 cells/kg", encoding="utf-8")
    frame, counts = _read(seeds, tmp_path / "memo")
    assert counts == (1, 3)
    assert frame["source_file"].to_list() == ["a.txt", "aa.txt", "b.txt", "c.txt"]
    after = _kept(tmp_path / "memo")
    assert after["b.txt"] > before["b.txt"]  # when the stamp was taken: now, not then


def _kept(memo_root) -> dict[str, int]:
    """When each file's stamp in the kept read was taken."""
    path = seed_memo.SeedMemo(memo_root, LIMIT).path
    return dict(pl.read_parquet(path).select("source_file", "stamp_taken_ns").iter_rows())


def test_duplicates_are_decided_again_over_the_whole_folder(seeds, tmp_path, settled_at_once):
    (seeds / "z.txt").write_bytes((seeds / "a.txt").read_bytes())
    first, _ = _read(seeds, tmp_path / "memo")
    assert first.filter(source_file="z.txt")["reject_reason"].item() == "duplicate: same bytes as a.txt"
    (seeds / "a.txt").unlink()
    frame, counts = _read(seeds, tmp_path / "memo")
    assert counts == (0, 3)
    z = frame.filter(source_file="z.txt").row(0, named=True)
    assert (z["status"], z["reject_reason"], z["duplicate_of"]) == ("ok", None, None)


def test_files_changed_just_before_they_were_read_are_read_again(seeds, tmp_path):
    # with the default margin the fixture's files are too fresh for their stamps to be trusted
    _read(seeds, tmp_path / "memo")
    assert _read(seeds, tmp_path / "memo")[1] == (3, 0)


def test_another_size_limit_reads_every_file_again(seeds, tmp_path, settled_at_once):
    _read(seeds, tmp_path / "memo")
    frame, counts = _read(seeds, tmp_path / "memo", limit=10)
    assert counts == (3, 0)
    assert "limit" in frame.filter(source_file="a.txt")["reject_reason"].item()
    assert [p.name for p in (tmp_path / "memo" / "ingest").iterdir()] == [
        f"seeds-{seed_memo.INGEST_VERSION}-10.parquet"]
