"""Design flags: wording in several languages, negations, overlaps and other studies."""

from __future__ import annotations

import pytest

from pipeline.extract.design import extract
from pipeline.model import CleanDocument, Section
from pipeline.text import MappedText


def _doc(text: str, language: str = "en", sections: list[Section] | None = None) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped, language=language, sections=sections or [])


def _flags(text: str, language: str = "en") -> set[str]:
    return {f.value for f in extract(_doc(text, language))}


@pytest.mark.parametrize("text, flags", [
    ("Patients were randomised to two arms.", {"randomized"}),
    ("Rats were randomly assigned to three groups.", {"randomized"}),
    ("Mice were randomly divided into two groups.", {"randomized"}),
    ("A nonrandomized, open-label, single-arm trial.", {"non-randomized", "open-label", "single-arm"}),
    ("A non-randomised study in ten patients.", {"non-randomized"}),
    ("Patients were not randomized.", {"non-randomized"}),
    ("Preliminary Results of a Phase I-II Non-RandomizedClinical Trial", {"non-randomized"}),
    ("A prospective, open trial in twelve patients.", {"open-label"}),
    ("An unblinded study of cell therapy.", {"open-label"}),
    ("A double-blind, placebo-controlled trial.", {"double-blind", "placebo-controlled"}),
    ("Sixty patients were randomized to cells or placebo.", {"randomized", "placebo-controlled"}),
    ("A dose-escalation study of two doses.", {"dose-escalation"}),
    ("We used a classical three + three design.", {"dose-escalation"}),
    ("The dose was escalated to 3 million cells/kg.", {"dose-escalation"}),
    ("An open parallel controlled clinical study.", {"open-label", "controlled"}),
    ("Outcomes were compared with controls on insulin alone.", {"controlled"}),
    ("The control group received standard care.", {"controlled"}),
    ("A multicentre trial in four hospitals.", {"multicenter"}),
    ("A multi-center study.", {"multicenter"}),
    ("A single-centre study in Paris.", {"single-center"}),
    ("A monocentric study in Lyon.", {"single-center"}),
])
def test_english_wording(text, flags):
    assert _flags(text) == flags


@pytest.mark.parametrize("text", [
    "In this non-controlled trial with a before-after design, nine patients were treated.",
    "An uncontrolled pilot study in six patients.",
    "Future placebo-controlled trials will help to confirm efficacy.",
    "Randomized trials are needed to confirm these results.",
    "Unlike randomized, double-blind, placebo-controlled trials of drugs, cells were given openly.",
])
def test_negations_and_hypothetical_statements_give_no_flag(text):
    assert _flags(text) == set()


def test_placebo_controlled_is_not_also_controlled():
    assert _flags("A randomized, placebo-controlled trial.") == {"randomized", "placebo-controlled"}


def test_german_and_french_wording():
    assert _flags("Eine randomisierte, placebokontrollierte, multizentrische Studie.", "de") == {
        "randomized", "placebo-controlled", "multicenter"}
    assert _flags("Eine offene Studie mit Kontrollgruppe.", "de") == {"open-label", "controlled"}
    assert _flags("Essai randomisé, multicentrique, contre placebo.", "fr") == {
        "randomized", "multicenter", "placebo-controlled"}
    assert _flags("Une étude ouverte et monocentrique.", "fr") == {"open-label", "single-center"}


def test_chinese_wording_counts_only_on_a_chinese_page():
    text = "一项单中心、开放标签、剂量递增的研究。"
    assert _flags(text, "zh") == {"single-center", "open-label", "dose-escalation"}
    assert _flags(text, "en") == set()


def test_background_section_flags_are_other_studies():
    background = "Background: earlier randomized trials used drug X. "
    methods = "Methods: an open-label study in ten patients."
    text = background + methods
    sections = [Section("background", 0, len(background)), Section("methods", len(background), len(text))]
    assert {f.value for f in extract(_doc(text, sections=sections))} == {"open-label"}


def test_each_flag_once_with_its_first_span_and_rule():
    text = "An open-label trial. The open-label phase lasted a year."
    facts = extract(_doc(text))
    assert [(f.value, text[f.start:f.end], f.rule) for f in facts] == [
        ("open-label", "open-label", "design.open-label")]


def test_flags_follow_the_population_their_sentence_is_about():
    text = ("Toxicity was tested in lupus mouse models; mice were randomly divided into four groups. "
            "We then conducted a nonrandomized, open-label phase I trial in seven patients.")
    facts = {(f.value, f.population) for f in extract(_doc(text))}
    assert facts == {("randomized", "mouse"), ("non-randomized", "human"), ("open-label", "human")}
