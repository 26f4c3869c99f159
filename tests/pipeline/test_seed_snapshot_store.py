"""Snapshots kept by digest: a digest gives back its snapshot only when the file is intact and
of the same seeds folder, and saving keeps the snapshot the stored cursor still names."""

from __future__ import annotations

from pipeline.seed_snapshot_store import SnapshotStore

FIRST = {"a.txt": [10, 1, "aa"], "b.txt": [20, 2, "bb"]}
SECOND = {"a.txt": [10, 1, "aa"], "c.txt": [30, 3, "cc"]}


def _store(tmp_path, seeds="seeds"):
    return SnapshotStore(tmp_path / "store", tmp_path / seeds)


def test_a_saved_snapshot_comes_back_by_its_digest(tmp_path):
    store = _store(tmp_path)
    digest = store.save(FIRST, keep=None)
    assert len(digest) == 64
    assert store.load(digest) == FIRST


def test_the_digest_names_the_contents(tmp_path):
    store = _store(tmp_path)
    assert store.save(FIRST, keep=None) == store.save(dict(reversed(FIRST.items())), keep=None)
    assert store.save(FIRST, keep=None) != store.save(SECOND, keep=None)


def test_no_cursor_an_old_cursor_or_an_unknown_digest_is_an_empty_snapshot(tmp_path):
    store = _store(tmp_path)
    store.save(FIRST, keep=None)
    assert store.load(None) == {}
    assert store.load('{"a.txt": [10, 1, "aa"]}') == {}  # a cursor of the earlier sensor
    assert store.load("0" * 64) == {}


def test_a_file_whose_bytes_do_not_match_its_digest_is_not_trusted(tmp_path):
    store = _store(tmp_path)
    digest = store.save(FIRST, keep=None)
    path = tmp_path / "store" / f"{digest}.json"
    path.write_text(path.read_text().replace('"aa"', '"zz"'))
    assert store.load(digest) == {}
    path.write_text("{")
    assert store.load(digest) == {}


def test_a_snapshot_of_another_seeds_folder_is_not_trusted(tmp_path):
    digest = _store(tmp_path, "seeds").save(FIRST, keep=None)
    assert _store(tmp_path, "other seeds").load(digest) == {}


def test_saving_keeps_the_snapshot_named_by_keep_and_drops_the_others(tmp_path):
    store = _store(tmp_path)
    first = store.save(FIRST, keep=None)
    second = store.save(SECOND, keep=first)
    assert store.load(first) == FIRST and store.load(second) == SECOND
    third = store.save({}, keep=second)
    assert store.load(first) == {}
    assert store.load(second) == SECOND
    assert sorted(p.stem for p in (tmp_path / "store").iterdir()) == sorted([second, third])
