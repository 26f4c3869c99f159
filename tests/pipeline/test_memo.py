"""Per-document memoization (pipeline/memo.py) through the incremental steps of
pipeline/batch.py: reuse what is unchanged, recompute what changed, never keep half a shard."""

from __future__ import annotations

import polars as pl
import pytest

from bench.generate_corpus import generate_page
from pipeline import batch, memo
from pipeline.versions import source_files

PAGES = 6


@pytest.fixture()
def seeds(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    for i in range(PAGES):
        (folder / f"page_{i}.txt").write_text(generate_page(3, i).text, encoding="utf-8")
    return folder


def _clean(seeds, memo_root):
    raw = batch.read_seeds(seeds, 10**6)
    with batch.clean_incremental(raw, memo_root) as (frame, stats):
        return frame.collect().sort("doc_id"), stats


def test_a_second_run_reuses_every_page_and_gives_the_same_rows(seeds, tmp_path):
    first, stats1 = _clean(seeds, tmp_path / "memo")
    second, stats2 = _clean(seeds, tmp_path / "memo")
    assert (stats1.documents_processed, stats1.documents_reused) == (PAGES, 0)
    assert (stats2.documents_processed, stats2.documents_reused) == (0, PAGES)
    assert second.equals(first)
    assert first.equals(batch.clean_documents(batch.read_seeds(seeds, 10**6)).sort("doc_id"))


def test_a_changed_page_is_cleaned_again_and_a_removed_one_drops_out(seeds, tmp_path):
    _clean(seeds, tmp_path / "memo")
    (seeds / "page_0.txt").write_text("Changed: 1 x 10^6 cells/kg of MSC.", encoding="utf-8")
    (seeds / "page_1.txt").unlink()
    frame, stats = _clean(seeds, tmp_path / "memo")
    assert (stats.documents_processed, stats.documents_reused) == (1, PAGES - 2)
    assert frame.height == PAGES - 1
    assert frame.filter(pl.col("raw_text").str.starts_with("Changed")).height == 1


def test_many_shards_are_compacted_into_one_without_losing_rows(seeds, tmp_path, monkeypatch):
    monkeypatch.setattr(memo, "MAX_SHARDS", 2)
    for i in range(PAGES):  # one new page per run: one new shard per run
        (seeds / f"extra_{i}.txt").write_text(generate_page(4, i).text, encoding="utf-8")
        frame, _ = _clean(seeds, tmp_path / "memo")
        assert frame.height == PAGES + i + 1
    shards = [p for p in (tmp_path / "memo" / "clean").glob("*/*") if p.is_dir()]
    assert len(shards) <= 3
    assert _clean(seeds, tmp_path / "memo")[1].documents_reused == 2 * PAGES


def test_a_step_that_fails_midway_leaves_no_shard(seeds, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_DOCUMENTS", 2)
    monkeypatch.setattr(memo, "PART_BYTES", 1)  # a part is written after every chunk
    real = batch._clean_chunk
    calls = []

    def fail_on_third(rows):
        calls.append(rows)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the run is stopped between chunks
        return real(rows)

    monkeypatch.setattr(batch, "_clean_chunk", fail_on_third)
    with pytest.raises(KeyboardInterrupt):
        _clean(seeds, tmp_path / "memo")
    monkeypatch.setattr(batch, "_clean_chunk", real)
    _, stats = _clean(seeds, tmp_path / "memo")
    assert (stats.documents_processed, stats.documents_reused) == (PAGES, 0)


def test_memoized_results_are_keyed_by_the_code_of_every_step_before():
    # results are keyed by a page's bytes; a change to decoding (ingest) or to cleaning
    # (boilerplate markers, repairs) changes the text the next step reads, so memoized cleaned
    # documents and facts must not outlive it
    cleaning = {path for module in batch.CLEAN_MODULES for path in source_files(module)}
    extraction = {path for module in batch.EXTRACT_MODULES for path in source_files(module)}
    assert {p.name for p in cleaning} >= {"ingest.py", "clean.py", "boilerplate.py", "repair.py"}
    assert cleaning <= extraction


def _harmonize(seeds, memo_root):
    raw = batch.read_seeds(seeds, 10**6)
    with batch.extract_incremental(raw, batch.clean_documents(raw), memo_root) as (facts, _), \
            batch.harmonize_incremental(raw, facts["dose_mentions"], facts["trial_facts"],
                                        facts["evidence"], memo_root) as (frame, stats):
        expected = batch.harmonize_doses(facts["dose_mentions"], facts["trial_facts"], facts["evidence"])
        return frame.collect().sort("dose_id"), expected.sort("dose_id"), stats


def test_harmonized_doses_are_reused_per_page_and_match_a_whole_batch(seeds, tmp_path):
    first, expected, stats1 = _harmonize(seeds, tmp_path / "memo")
    assert first.height > 0 and first.equals(expected)
    (seeds / "page_0.txt").write_text(
        "Phase I trial in 8 adults (mean body weight 70 kg) with lupus: 2 x 10^6 MSC/kg.",
        encoding="utf-8")
    second, expected, stats2 = _harmonize(seeds, tmp_path / "memo")
    assert (stats1.documents_processed, stats2.documents_processed) == (PAGES, 1)
    assert stats2.documents_reused == PAGES - 1
    assert second.equals(expected)
    assert (second["body_weight_kg"] == 70).sum() >= 1  # the changed page's own weight
