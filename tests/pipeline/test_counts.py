"""Enrolment counts on short sentences written for each phrasing."""

import pytest

from pipeline.extract import counts
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def _values(text: str) -> dict[str, int]:
    return {f.field: f.value for f in counts.extract(_doc(text))}


@pytest.mark.parametrize("text, expected", [
    ("Twelve patients with lupus were enrolled.", {"n_enrolled": 12}),
    ("Nine adults (77.8% male) enrolled in the trial.", {"n_enrolled": 9}),
    ("We enrolled 31 participants with knee osteoarthritis.", {"n_enrolled": 31}),
    ("Forty-two RA patients were randomized to cells or methotrexate.", {"n_enrolled": 42}),
    ("In this single-arm study, 8 participants were enrolled.",
     {"n_enrolled": 8, "n_cell_treated": 8}),
    ("This was a non-controlled before-after trial. Ten patients were recruited.",
     {"n_enrolled": 10, "n_cell_treated": 10}),
    ("In this dose-escalation trial with a placebo group, 24 patients were enrolled.",
     {"n_enrolled": 24}),
    ("Twenty adult patients will be enrolled in this single-arm study.", {"n_enrolled": 20}),
    ("Eleven patients were enrolled and received MSC infusions.",
     {"n_enrolled": 11, "n_cell_treated": 11}),
    ("Three adult and five pediatric patients were treated with MSCs.",
     {"n_enrolled": 8, "n_cell_treated": 8}),
    ("N=4 Patienten wurden mit MSC behandelt.", {"n_enrolled": 4, "n_cell_treated": 4}),
    ("Phase\n  Enrollment: 40\nStatus", {"n_enrolled": 40}),
    ("Patients received MSCs (group A) or placebo (group B). 30 patients were randomized "
     "(18: group A; 12: group B).", {"n_enrolled": 30, "n_cell_treated": 18, "n_control": 12}),
    ("Thirty-one subjects (MSC group) received two infusions of MSCs, while the control group "
     "(n = 14) received standard care.", {"n_cell_treated": 31, "n_control": 14, "n_enrolled": 45}),
    ("A total of 45 patients were screened and 30 were enrolled.", {"n_enrolled": 30}),
    ("Of the 40 patients enrolled, 36 completed the study.", {"n_enrolled": 40}),
    ("In this placebo-controlled trial, 64 patients were randomized to MSCs (n = 32) or "
     "placebo (n = 32).", {"n_enrolled": 64, "n_cell_treated": 32, "n_control": 32}),
    ("Mice were randomly divided into four groups (n=6 in each): sham group, model group, "
     "MSC group and vehicle group.", {"n_enrolled": 24, "n_cell_treated": 6, "n_control": 6}),
])
def test_counts(text, expected):
    assert _values(text) == expected


@pytest.mark.parametrize("text", [
    "The cohort comprised 13 women and seven men.",
    "All 20 patients were included in the safety analysis.",
    "Patients aged 18 to 65 years were eligible.",
    "Three patients had fever after the infusion.",
    "Each rat received 5 x 10^6 cells.",
    "Future trials should enrol 100 patients.",
    "Fourteen (70%) patients reported adverse events.",
])
def test_not_enrolment(text):
    assert counts.extract(_doc(text)) == []


def test_population_and_evidence():
    text = "Sixteen mice were randomized to MSC or saline."
    facts = counts.extract(_doc(text))
    assert [(f.field, f.value, f.population) for f in facts] == [("n_enrolled", 16, "mouse")]
    assert text[facts[0].start:facts[0].end] == "Sixteen mice were randomized"


def _counts(text: str) -> dict[str, int]:
    from pipeline.clean import clean_document

    return {f.field: f.value for f in counts.extract(clean_document("t", text))}


def test_numbers_inside_names_are_not_counts():
    got = _counts("Methods: 30 patients with COVID-19 were enrolled.")
    assert got["n_enrolled"] == 30
    got = _counts("Methods: Thirty patients with COVID-19 were enrolled and received two "
                  "infusions of UC-MSCs.")
    assert got["n_enrolled"] == 30


def test_a_second_count_owns_its_own_treatment_verb():
    got = _counts("Methods: We enrolled 40 patients with type 2 diabetes; 20 received MSCs and "
                  "20 received placebo.")
    assert got["n_enrolled"] == 40 and got["n_cell_treated"] == 20


@pytest.mark.parametrize("text, expected", [
    # no comparison arm, cells given, nobody left: the enrolled subjects are the treated ones
    ("A total of 9 patients with ARDS were enrolled. The patients received MSC infusions.",
     {"n_enrolled": 9, "n_cell_treated": 9}),
    ("A total of 9 patients were enrolled. One patient withdrew. The others received MSCs.",
     {"n_enrolled": 9}),
    ("A total of 9 patients will be enrolled. The patients will receive MSCs.", {"n_enrolled": 9}),
    # a registry record sizing its experimental arm
    ("Target sample size: Treatment group:25;Control group:25;",
     {"n_enrolled": 50, "n_cell_treated": 25}),
    ("Of them, 40 patients transplanted with bone marrow only, and 12 patients transplanted "
     "with marrow and MSCs.", {"n_cell_treated": 12}),
])
def test_treated_without_a_comparison_arm(text, expected):
    assert {k: v for k, v in _values(text).items() if k in expected} == expected


@pytest.mark.parametrize("text", [
    "randomized to MSCs (n = 32) or placebo (n = 32); sham-treated group (N=3 ) and (n = 4)",
    "Results: (n = 5) 12, MSC group(n=7), control arm (n = 8) (n = 9)",
])
def test_named_arm_counts_are_the_pattern_matches(text):
    expected = [m.span() for m in counts.NAMED_ARM_COUNT.finditer(text)]
    assert [m.span() for m in counts._named_arm_counts(text)] == expected
