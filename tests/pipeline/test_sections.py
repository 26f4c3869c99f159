"""Sections: abstract headings in many languages and styles, citation lines, metadata labels."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document
from pipeline.sections import heading_line, heading_matches, match_citation


@pytest.mark.parametrize("line, section", [
    ("BACKGROUND", "background"), ("Background:", "background"), ("Methods.", "methods"),
    ("Einleitung:", "background"), ("Methodik:", "methods"), ("Ergebnis:", "results"),
    ("Objectif", "objective"), ("Résultats", "results"), ("背景", "background"),
    ("方法", "methods"), ("结果", "results"), ("결과", "results"), ("روش", "methods"),
    ("  • Conclusions", "conclusion"), ("INTERPRETATION", "conclusion"),
])
def test_heading_lines(line: str, section: str) -> None:
    assert heading_line(line) == section


def test_lower_case_words_are_not_headings() -> None:
    assert heading_line("results") is None
    assert heading_matches("as shown in the results. methods were simple") == []


def test_inline_and_run_together_headings() -> None:
    text = "Aim: to test. METHODS. We treated six. Outcome was good in LN.Results: all improved."
    assert [name for _, _, name in heading_matches(text)] == ["objective", "methods", "results"]


@pytest.mark.parametrize("line, journal, year", [
    ("Lancet Rheumatol. 2022 Feb;4(2):e91-e104. doi: 10.1016/x", "Lancet Rheumatol", "2022"),
    ("Z Gastroenterol 2011; 49 - P095", "Z Gastroenterol", "2011"),
    ("J Clin Invest. 2019 Mar 1;129(3):1-10.", "J Clin Invest", "2019"),
    ("Stem Cell Rev. 13(2):361-367. doi: 10.1/abc", "Stem Cell Rev", None),
    ("CYTOTHERAPY, 2012, 14 (03) : 285 - 295", "CYTOTHERAPY", "2012"),
    ("(Kim, Minsu, et al., Cell transplantation 12.3 (2015): 210-219.)", "Cell transplantation", "2015"),
    ("Vestnik Khirurgii. №2(I) от 03.06.2017 стр. 11-15", "Vestnik Khirurgii", "2017"),
])
def test_citation_lines(line: str, journal: str, year: str | None) -> None:
    m = match_citation(line)
    assert m is not None
    assert m.group("journal").rstrip(" .") == journal
    assert m.groupdict().get("year") == year


@pytest.mark.parametrize("line", [
    "Patients were treated in 2019; 12 responded.",
    "Stromal cells for refractory colitis: a pilot study",
])
def test_prose_and_titles_are_not_citations(line: str) -> None:
    assert match_citation(line) is None


def test_document_sections_in_raw_offsets() -> None:
    raw = (
        "Stromal cells for refractory colitis: a pilot study\n"
        "作者\nAnna Berg, Carl Dahl, Eva Fors\n"
        "期刊:Gut Research [Wiley]\n"
        "DOI:10.1234/gr.2020.12\n"
        "摘要\n"
        "BACKGROUND. Colitis is a chronic disease of the bowel with few options for treatment. "
        "METHODS. Twelve patients received two infusions of stromal cells in an open trial. "
        "RESULTS. Ten patients responded and no serious adverse events were seen at all.\n"
    )
    doc = clean_document("d", raw)
    got = {s.name: raw[s.start:s.end] for s in doc.sections}
    assert got["title"] == "Stromal cells for refractory colitis: a pilot study"
    assert got["authors"] == "Anna Berg, Carl Dahl, Eva Fors"
    assert got["journal"] == "Gut Research [Wiley]"
    assert got["doi"] == "10.1234/gr.2020.12"
    assert got["methods"].startswith("METHODS. Twelve patients")
    assert got["methods"].endswith("open trial.")
    assert got["results"].startswith("RESULTS. Ten")
    assert got["abstract"].startswith("BACKGROUND.") and got["abstract"].endswith("at all.")
