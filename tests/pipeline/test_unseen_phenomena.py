"""Phenomena met on pages from portals the development set lacks, one short written case
each: record dumps, labels run into the title or abstract, hard-wrapped registry text, DOI
labels inside citation lines, counts without an enrolment verb, counts written with CJK
counters, case reports, and registry design fields."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document
from pipeline.extract import bibliography, counts, design, registries
from pipeline.model import CleanDocument
from pipeline.text import MappedText

ABSTRACT = ("We treated adults with refractory colitis using stromal cells and followed them "
            "for a year after the last infusion.")


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def _counts(text: str) -> dict[str, int]:
    return {f.field: f.value for f in counts.extract(_doc(text))}


def _fields(doc: CleanDocument) -> dict[str, object]:
    return {f.field: f.value for f in bibliography.extract(doc)}


def test_one_line_record_dump_is_split_into_fields() -> None:
    raw = ("key: rec-001 authors: Berg, Anna; Dahl, Carl; Fors, Eva title: Stromal cells for "
           "refractory colitis in adults date: 2021-03-02 journal: Gut Res doi: 10.1234/gr.7 "
           "sha: 0a1b2c doc_id: 77 cord_uid: abc123 " + ABSTRACT)
    doc = clean_document("t", raw)
    assert doc.title == "Stromal cells for refractory colitis in adults"
    assert doc.study.text.endswith(ABSTRACT)
    assert "sha" not in doc.study.text
    assert _fields(doc)["doi"] == "10.1234/gr.7"


def test_abstract_label_with_the_abstract_on_its_line_is_study_text() -> None:
    doc = clean_document("t", "Stromal cells for refractory colitis: a pilot study\nAbstract: " + ABSTRACT)
    assert ABSTRACT in doc.study.text


def test_portal_label_run_into_the_title_keeps_the_title() -> None:
    doc = clean_document("t", "Case Report: Stromal cells for a dog with refractory colitis\n" + ABSTRACT)
    assert doc.title == "Case Report: Stromal cells for a dog with refractory colitis"


def test_hard_wrapped_registry_paragraph_is_study_text() -> None:
    raw = ("Colitis Clinical Trial\n"
           "Cells will be given to every patient in this trial of stromal cell therapy.\n"
           "This is a multicenter, single dose study of donor stromal cells given by a\n"
           "central venous catheter to adults whose colitis did not respond to steroids.\n")
    doc = clean_document("t", raw)
    assert "multicenter, single dose study" in doc.study.text
    assert {f.value for f in design.extract(doc)} >= {"multicenter"}


def test_doi_label_inside_a_citation_line_gives_doi_and_year() -> None:
    raw = ("Gut Research2019; 4(2); 11; doi: 10.1234/gr.55\n\n"
           "Stromal cells for refractory colitis: a pilot study\n" + ABSTRACT)
    fields = _fields(clean_document("t", raw))
    assert fields["doi"] == "10.1234/gr.55"
    assert fields["year"] == 2019


def test_a_line_holding_only_a_registry_id_is_kept() -> None:
    raw = "EUCTR2015-001234-56-DE\n\nThis trial will test stromal cells in adults with colitis at ten sites."
    doc = clean_document("t", raw)
    assert [f.value for f in registries.extract(doc)] == ["2015-001234-56"]


@pytest.mark.parametrize("text, expected", [
    ("A total of 40 patients with colitis were collected.", {"n_enrolled": 40}),
    ("There were 20 patients in the standard care group and 25 patients in the group "
     "receiving MSCs.", {"n_enrolled": 45, "n_cell_treated": 25}),
    ("The company expects to enroll approximately 90 patients.", {"n_enrolled": 90}),
    ("Six arthritic horses with lameness and 3 healthy horses were used for the study.",
     {"n_enrolled": 9}),
    ("Thirty patients will be divided into two groups.", {"n_enrolled": 30}),
    ("Four cats with kidney disease were treated with their own stem cells.",
     {"n_enrolled": 4, "n_cell_treated": 4}),
    ("The study included 9 patients; the comparison group included 6 patients.",
     {"n_enrolled": 9, "n_control": 6}),
])
def test_counts_without_an_enrolment_verb(text, expected):
    assert _counts(text) == expected


def test_case_report_subject_counts_one():
    text = "Case report. A 41-year-old woman with colitis received stromal cells."
    assert _counts(text) == {"n_enrolled": 1, "n_cell_treated": 1}
    assert _counts("A 41-year-old woman with colitis received a new drug.") == {}


@pytest.mark.parametrize("text, expected", [
    ("将24只大鼠随机分为细胞治疗组和对照组(每组12只)。", {"n_enrolled": 24, "n_cell_treated": 12}),
    ("환자 6명에게 줄기세포를 투여했다.", {"n_enrolled": 6, "n_cell_treated": 6}),
    ("경증 환자 4명, 중증 환자 3명을 대상으로 한다.", {"n_enrolled": 7}),
    ("12人の患者に幹細胞を投与した。", {"n_enrolled": 12, "n_cell_treated": 12}),
])
def test_counts_with_cjk_counters(text, expected):
    assert _counts(text) == expected


@pytest.mark.parametrize("text, flags", [
    ("Allocation: NON_RANDOMIZED\nMasking: NONE", {"non-randomized"}),
    ("Comparator / control treatment\nNone\nControl group\nUncontrolled", set()),
    ("Intervention Model: Single Group Assignment", {"single-arm"}),
    ("This will be a single treatment group uncontrolled case series.", {"single-arm"}),
    ("The trial will be conducted at several sites in Europe.", {"multicenter"}),
])
def test_registry_design_wording(text, flags):
    assert {f.value for f in design.extract(_doc(text))} == flags


@pytest.mark.parametrize("text, value, unit", [
    ("Stromal cells 2 X 10E6/kg were infused weekly.", 2e6, "cells/kg"),
    ("환자에게 줄기세포를 1회당 1억 셀을 정맥 내에 투여했다.", 1e8, "cells/head"),
    ("척수강에 4000만개씩의 세포를 주입했다.", 4e7, "cells/head"),
])
def test_dose_notations_of_registries_and_korean_scales(text, value, unit):
    from pipeline.extract import doses
    assert [(f.value, f.attrs["unit"]) for f in doses.extract(_doc(text))] == [(value, unit)]


def test_presenting_symptoms_are_not_adverse_events():
    from pipeline.extract import adverse_events
    text = ("A 9-year-old cat presented with symptoms of anorexia and vomiting. "
            "After the infusion, the cat developed fever.")
    assert [f.value for f in adverse_events.extract(_doc(text))] == ["fever"]


@pytest.mark.parametrize("text, condition", [
    ("Пациенты с рассеянным склерозом получили клетки.", "multiple sclerosis"),
    ("Lo studio arruola pazienti con sclerosi multipla.", "multiple sclerosis"),
    ("8人の脊髄損傷患者に幹細胞を投与した。", "spinal cord injury"),
    ("Horses with tendonitis were injected with stem cells.", "tendinopathy"),
])
def test_condition_synonyms_in_more_languages(text, condition):
    from pipeline.extract import condition as condition_extractor
    assert [f.value for f in condition_extractor.extract(_doc(text))][:1] == [condition]
