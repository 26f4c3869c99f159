"""The benchmark's corpus generator: deterministic by seed, and its pages are ones the
pipeline parses into documents with trials, doses and registrations."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bench.generate_corpus import LAYOUTS, generate_page, write_corpus
from pipeline import batch
from pipeline.ingest import DEFAULT_MAX_BYTES, doc_id_for

N_PAGES = 20


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", N_PAGES, seed=3)
    write_corpus(tmp_path / "b", N_PAGES, seed=3)
    write_corpus(tmp_path / "c", N_PAGES, seed=4)
    a, b, c = _files(tmp_path / "a"), _files(tmp_path / "b"), _files(tmp_path / "c")
    assert a == b
    assert len(a) == N_PAGES
    assert not set(a.values()) & set(c.values())


def test_a_page_depends_only_on_seed_and_index(tmp_path: Path) -> None:
    write_corpus(tmp_path / "grown", 5, seed=3)
    write_corpus(tmp_path / "grown", 3, seed=3, start=5)
    write_corpus(tmp_path / "whole", 8, seed=3)
    assert _files(tmp_path / "grown") == _files(tmp_path / "whole")
    assert generate_page(3, 6).text == generate_page(3, 6).text != generate_page(3, 7).text


def test_file_names_carry_index_and_content_hash(tmp_path: Path) -> None:
    write_corpus(tmp_path, N_PAGES, seed=1)
    for i, (name, data) in enumerate(_files(tmp_path).items()):
        assert re.fullmatch(r"\d{6}_[0-9a-f]{16}\.txt", name)
        assert name == f"{i:06d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


def test_corpus_varies_layout_species_and_dose_notation() -> None:
    pages = [generate_page(11, i) for i in range(300)]
    assert {p.layout for p in pages} == set(LAYOUTS)
    assert {p.species for p in pages} == {"human", "mouse", "rat"}
    text = "\n".join(p.text for p in pages)
    for notation in ("×106", "x 10(6)", "× 10^6", "10⁶", "million cells", "Zellen/kg", ",000 cells"):
        assert notation in text, notation


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory):
    seeds = tmp_path_factory.mktemp("bench_corpus")
    write_corpus(seeds, N_PAGES, seed=7)
    raw = batch.read_seeds(seeds, DEFAULT_MAX_BYTES)
    cleaned = batch.clean_documents(raw)
    facts = batch.extract_documents(cleaned)
    pages = {doc_id_for(p.file_name): p for p in (generate_page(7, i) for i in range(N_PAGES))}
    return raw, cleaned, facts, pages


def test_every_page_is_ingested_cleaned_and_extracted_without_error(parsed) -> None:
    raw, cleaned, facts, pages = parsed
    assert set(raw["doc_id"]) == set(pages)
    assert raw["status"].to_list() == ["ok"] * N_PAGES
    assert cleaned["error"].null_count() == N_PAGES
    assert facts["document_facts"]["error"].null_count() == N_PAGES


def test_every_page_gives_a_trial_and_most_give_their_doses(parsed) -> None:
    _, _, facts, pages = parsed
    assert set(facts["trial_facts"]["doc_id"]) == set(pages)
    found = {}
    for doc_id, value in facts["dose_mentions"].select("doc_id", "dose_value").iter_rows():
        found.setdefault(doc_id, set()).add(value)
    with_expected_dose = [d for d, p in pages.items() if found.get(d, set()) & {v for v, _ in p.doses}]
    assert len(with_expected_dose) >= N_PAGES // 2, sorted(found.items())


def test_clinicaltrials_gov_ids_are_found(parsed) -> None:
    _, _, facts, pages = parsed
    expected = {(d, p.registration) for d, p in pages.items() if p.registration and p.registration.startswith("NCT")}
    got = set(facts["registrations"].select("doc_id", "registration_id").iter_rows())
    assert expected
    assert expected <= got


def test_benchmark_reads_each_target_at_its_own_corpus_size() -> None:
    from bench.run_benchmark import targets
    text = targets({1000: {"cold_s": 9.0, "extract_docs_s": 600.0, "incremental_s": 4.0},
                    10000: {"cold_s": 70.0, "extract_docs_s": 450.0, "incremental_s": 8.0}})
    lines = {line.split("  ")[1].strip(): line for line in text.splitlines()[1:]}
    assert "70.0 s" in lines["cold build end to end"] and "NOT met" in lines["cold build end to end"]
    # steady-state extraction is read at the largest size run
    assert "450.0 pages/s" in lines["extraction, steady state"]
    assert lines["peak RSS of the largest process"].endswith("not measured")
    assert lines["one page added until queryable"].endswith("at 10,000 pages: met")
