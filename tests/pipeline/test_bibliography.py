"""Bibliographic facts from small pages written for the tests."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document
from pipeline.extract.bibliography import clean_doi, extract

ABSTRACT = (
    "Abstract\n"
    "Background: Stromal cells were given to 12 patients with refractory colitis in 2013, "
    "following the 2013 ACR criteria.\n"
    "Results: Ten patients responded and no serious adverse events occurred in the study.\n"
)
TITLE = "Stromal cells for refractory colitis: a pilot study\n"


def facts(raw: str) -> dict:
    doc = clean_document("d", raw)
    out = {f.field: f for f in extract(doc)}
    for fact in out.values():
        assert fact.population is None
        assert 0 <= fact.start < fact.end <= len(raw)
    return out


def value(raw: str, field: str):
    fact = facts(raw).get(field)
    return None if fact is None else fact.value


def test_citation_line_gives_journal_year_and_doi() -> None:
    raw = TITLE + "Gut Res. 2022 Feb;4(2):e91-e104. doi: 10.1016/S1234-5678(19)00321-X. Epub 2022 Jan 5.\n" + ABSTRACT
    got = facts(raw)
    assert got["journal"].value == "Gut Res"
    assert got["year"].value == 2022 and raw[got["year"].start:got["year"].end] == "2022"
    assert got["doi"].value == "10.1016/s1234-5678(19)00321-x"
    assert raw[got["doi"].start:got["doi"].end] == "10.1016/S1234-5678(19)00321-X"
    assert got["title"].value == TITLE.strip()


@pytest.mark.parametrize("label", [
    "DOI:10.1234/abc.5", "doi: 10.1234/abc.5.", "https://doi.org/10.1234/abc.5",
    "D O I\n10.1234/abc.5", "Published online on: May 2, 2019     https://doi.org/10.1234/abc.5",
])
def test_doi_labels(label: str) -> None:
    assert value(TITLE + label + "\n" + ABSTRACT, "doi") == "10.1234/abc.5"


def test_doi_only_in_a_related_list_is_ignored() -> None:
    raw = TITLE + ABSTRACT + "Related articles\nOther cells. doi: 10.9999/other.1\n"
    assert value(raw, "doi") is None


@pytest.mark.parametrize("line, year", [
    ("Published online Oct 15, 2022. doi: 10.4239/x.v13.i10.877", 2022),
    ("Published: 3 March 2021", 2021),
    ("© 2020 The Authors", 2020),
    ("Clin Stem Res. 2019 Mar;3(1):1-9", 2019),
    ("By Roe, Ann et al.·Published in Journal of cell studies·2018·Some University", 2018),
])
def test_publication_year_sources(line: str, year: int) -> None:
    assert value(TITLE + line + "\n" + ABSTRACT, "year") == year


@pytest.mark.parametrize("line", [
    "Study Started\nApr 30\n2013",                  # a study date
    "Stem Cell Rev. 13(2):361-367. doi: 10.34172/scr.2023.043",  # year only inside the DOI
    "سال انتشار: 1397",                              # Solar Hijri
])
def test_no_publication_year(line: str) -> None:
    assert value(TITLE + line + "\n" + ABSTRACT, "year") is None


def test_journal_field_labels() -> None:
    assert value(TITLE + "期刊:Lupus [SAGE]\n" + ABSTRACT, "journal") == "Lupus"
    assert value(TITLE + "期刊\n\nGUT RESEARCH\n" + ABSTRACT, "journal") == "GUT RESEARCH"
    assert value(TITLE + ABSTRACT, "journal") is None


def test_pmid() -> None:
    got = facts(TITLE + "PMID: 31234567\n" + ABSTRACT)
    assert got["pmid"].value == "31234567"


@pytest.mark.parametrize("raw, clean", [
    ("10.1000/abc.", "10.1000/abc"), ("10.1000/abc)", "10.1000/abc"),
    ("10.1016/S1234-5678(19)00321-X.", "10.1016/S1234-5678(19)00321-X"),
    ("10.1000/abc;", "10.1000/abc"),
])
def test_clean_doi(raw: str, clean: str) -> None:
    assert clean_doi(raw) == clean
