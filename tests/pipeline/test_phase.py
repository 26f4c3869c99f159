"""Trial phase: notations in several languages, AACT spelling, and the senses to ignore."""

from __future__ import annotations

import pytest

from pipeline.extract.phase import extract
from pipeline.model import CleanDocument, Section
from pipeline.text import MappedText


def _doc(text: str, sections: list[Section] | None = None, language: str = "en") -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped, language=language, sections=sections or [])


def _phase(text: str) -> tuple[str, str] | None:
    facts = extract(_doc(text))
    assert len(facts) <= 1
    return (facts[0].value, facts[0].attrs["aact_phase"]) if facts else None


@pytest.mark.parametrize("text, value, aact", [
    ("We conducted a phase I trial in eight patients.", "1", "PHASE1"),
    ("A Phase I/II study of cells in lupus patients.", "1/2", "PHASE1/PHASE2"),
    ("This phase I-II trial enrolled nine patients.", "1/2", "PHASE1/PHASE2"),
    ("An open phase 1/2 study.", "1/2", "PHASE1/PHASE2"),
    ("A phase II, open, pilot study.", "2", "PHASE2"),
    ("Phase: Phase 1/Phase 2", "1/2", "PHASE1/PHASE2"),
    ("In this phase I/IIa trial we treated six patients.", "1/2a", "PHASE1/PHASE2"),
    ("In this phase I-IIa trial we treated six patients.", "1/2a", "PHASE1/PHASE2"),
    ("A phase IIa study in twelve adults.", "2a", "PHASE2"),
    ("A Phase II/III trial of stromal cells.", "2/3", "PHASE2/PHASE3"),
    ("A phase 3 trial of stromal cells.", "3", "PHASE3"),
    ("Stromal cells for lupus nephritis: phase 1", "1", "PHASE1"),
    ("This early phase 1 study enrolled ten adults.", "1", "EARLY_PHASE1"),
    ("Phase: EARLY_PHASE1", "1", "EARLY_PHASE1"),
    ("Phase: PHASE1/PHASE2", "1/2", "PHASE1/PHASE2"),
    ("Eine offene Phase-I-Studie mit sechs Patienten.", "1", "PHASE1"),
    ("Un essai de phase II chez des patients.", "2", "PHASE2"),
    ("一项开放标签的1/2期研究。", "1/2", "PHASE1/PHASE2"),
    ("Results of a Phase I-II Non-RandomizedClinical Trial", "1/2", "PHASE1/PHASE2"),
])
def test_phase_notations(text, value, aact):
    assert _phase(text) == (value, aact)


@pytest.mark.parametrize("text", [
    "Serum markers of the acute phase 2 days after infusion were normal.",
    "Cells in lag phase 1 were discarded.",
    "Images were taken with phase contrast microscopy.",
    "The maintenance phase lasted six months.",
    "These results support a future phase III trial.",
    "A previous phase II trial reported similar findings.",
    "Several phase II trials have used bone marrow cells.",
    "A phase I-III design is not a trial phase.",
    "The protocol had two phases: in phase 1 cells were expanded.",
])
def test_no_phase_from_other_senses_or_other_studies(text):
    assert _phase(text) is None


def test_title_wins_over_a_later_mention():
    text = "Stromal cells in lupus: a phase I trial\nIn a phase II extension, ten patients were followed."
    assert _phase(text) == ("1", "PHASE1")


def test_methods_win_over_results_when_sections_are_known():
    results = "Results: as in our phase 2 cohort, cells were safe. "
    methods = "Methods: this phase 1 trial enrolled ten patients."
    text = results + methods
    sections = [Section("results", 0, len(results)), Section("methods", len(results), len(text))]
    facts = extract(_doc(text, sections))
    assert [f.value for f in facts] == ["1"]
    assert text[facts[0].start:facts[0].end] == "phase 1"


def test_background_sections_are_not_this_trial():
    background = "Background: a phase III trial of drug X failed. "
    methods = "Methods: ten patients were treated."
    text = background + methods
    sections = [Section("background", 0, len(background)), Section("methods", len(background), len(text))]
    assert extract(_doc(text, sections)) == []


def test_phase_is_attributed_to_the_human_population():
    text = ("Cells were safe in lupus mouse models. We then ran a phase I trial in seven patients.")
    facts = extract(_doc(text))
    assert [(f.value, f.population) for f in facts] == [("1", "human")]
