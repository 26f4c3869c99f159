"""Adverse events on short sentences written for each phrasing."""

import pytest

from pipeline.extract import adverse_events
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def _events(text: str) -> dict[str, dict]:
    return {f.value: f.attrs for f in adverse_events.extract(_doc(text))}


def test_shared_grade_applies_to_listed_events():
    events = _events("Three adverse events were reported (one nausea, one fatigue, and one myalgia), "
                     "and all were CTCAE grade 1 events.")
    assert {term: attrs["grade"] for term, attrs in events.items()} == {
        "nausea": 1, "fatigue": 1, "myalgia": 1}


def test_grade_attached_to_each_event():
    events = _events("One patient developed grade 2 pyrexia and another had grade 1 vomiting.")
    assert events["fever"]["grade"] == 2
    assert events["vomiting"]["grade"] == 1
    assert events["fever"]["n_patients"] == 1


@pytest.mark.parametrize("text, term, n_patients", [
    ("Apart from transient fever in two patients, no adverse effects were observed.", "fever", 2),
    ("Five patients had transient headache after infusion.", "headache", 5),
    ("One participant (3%) experienced mild dizziness.", "dizziness", 1),
    ("Bei einem Patienten trat nach der Infusion Fieber als Nebenwirkung auf.", "fever", None),
])
def test_reported_event(text, term, n_patients):
    events = _events(text)
    assert list(events) == [term]
    assert events[term]["n_patients"] == n_patients


def test_high_grade_is_serious():
    assert _events("Grade 3 neutropenia occurred in one patient.")["neutropenia"] == {
        "grade": 3, "n_patients": 1, "serious": True}


def test_serious_flag():
    assert _events("One patient had a serious pneumonia after transplantation.")["pneumonia"]["serious"] is True
    assert _events("One patient experienced mild rash.")["rash"]["serious"] is False


@pytest.mark.parametrize("text", [
    "No fever, chills or rash was observed.",
    "The treatment was well tolerated without serious adverse events.",
    "Pruritus and fatigue improved significantly after the infusion.",
    "Patients with hypertension were excluded from the trial.",
    "The dose of hypoglycemic agents was reduced after infusion.",
    "Adverse events such as fever will be recorded.",
    "Fever was not observed in any patient after infusion.",
    "Pain scores had decreased at 6 months.",
])
def test_no_event(text):
    assert adverse_events.extract(_doc(text)) == []


def test_evidence_span_is_the_term():
    text = "One patient had grade 1 flushing after the infusion."
    fact, = adverse_events.extract(_doc(text))
    assert text[fact.start:fact.end] == "flushing"
    assert fact.population == "human"


@pytest.mark.parametrize("text, term", [
    ("Two patients developed a perianal abscess after the MSC injection.", "perianal abscess"),
    ("One subject experienced CMV viremia three weeks after infusion.", "CMV viremia"),
    ("Three cases of local inflammation at the injection site were reported.", "local inflammation"),
])
def test_more_event_terms(text, term):
    assert term in _events(text)


@pytest.mark.parametrize("text", [
    # a cause of death, a condition label and the subjects' baseline are not events
    "One patient died due to pneumonia and infection during follow-up.",
    "Ten anemia patients who had received transfusions were enrolled.",
    "Before enrolment the patients all had fatigue and dizziness.",
    "We compared the incidence of graft-versus-host disease and transplant complications.",
])
def test_not_events(text):
    assert _events(text) == {}
