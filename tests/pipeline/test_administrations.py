"""Administrations per subject and schedules on short sentences written for each phrasing."""

import pytest

from pipeline.extract import administrations
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def _facts(text: str) -> dict[str, tuple]:
    return {f.field: (f.value, f.rule) for f in administrations.extract(_doc(text))}


@pytest.mark.parametrize("text, count, rule", [
    ("Each patient received a single intravenous infusion of MSCs.", 1, "administrations.single"),
    ("Patients were given MSCs (single dose, 2x10^7 cells), with 3 times infusion in total.", 3,
     "administrations.times"),
    ("Two intravenous infusions of MSCs were given to each patient.", 2, "administrations.count"),
    ("Patients received 1 x 10^6 cells/kg once a week for 4 weeks as an infusion.", 4,
     "administrations.frequency"),
    ("Patients got an initial infusion of cells followed by a repeat course at 6 months.", 2,
     "administrations.repeat_course"),
    ("Es erfolgten drei intravenöse Gaben von MSC.", 3, "administrations.count"),
    ("Les patients ont reçu deux injections de cellules.", 2, "administrations.count"),
    ("MSCs were infused twice in every patient.", 2, "administrations.times"),
    ("Fever followed the second or third infusion in two patients.", 3, "administrations.ordinal"),
    ("Blood pressure of the patients was measured after the infusion.", 1,
     "administrations.definite_singular"),
])
def test_count(text, count, rule):
    assert _facts(text)["n_infusions"] == (count, rule)


@pytest.mark.parametrize("text, schedule", [
    ("Two infusions of cells were given two weeks apart.", "two weeks apart"),
    ("MSCs were injected every 3 months.", "every 3 months"),
    ("Cells were infused on days 1, 8 and 15.", "on days 1, 8 and 15"),
    ("Die Gaben erfolgten an Tag 1 und 3.", "an Tag 1 und 3"),
])
def test_schedule(text, schedule):
    assert _facts(text)["schedule"][0] == schedule


@pytest.mark.parametrize("text", [
    "Single-dose toxicity tests were performed in rats given MSC injection.",
    "Cells were injected intravenously into the tail vein of mice.",
    "Three infusion-related adverse events were recorded after MSC infusion.",
    "Patients were treated at two dose levels of infused cells.",
    "MSCs were infused at two different doses.",
    "The infusion was well tolerated by the patients, as were later infusions.",
])
def test_no_count(text):
    assert "n_infusions" not in _facts(text)


def test_count_beats_single_dose():
    facts = administrations.extract(_doc(
        "A single dose of cells was infused; the study gives 4 times infusion over a year."))
    assert [(f.field, f.value) for f in facts if f.field == "n_infusions"] == [("n_infusions", 4)]


@pytest.mark.parametrize("text, expected", [
    ("The cells were infused once via the tail vein.", 1),
    ("Patients receive MSC infusions once a month, total 3 times.", 3),
    ("Knee injection of MSCs at 0 and 6 months.", 2),
    ("MSCs were injected at weeks 0, 4 and 8.", 3),
    ("MSCs were infused weekly for three consecutive weeks.", 3),
    ("줄기세포를 2주 간격으로 총 4회 투여하였다.", 4),
    ("幹細胞を静脈内投与(単回のみ)した。", 1),
])
def test_more_administration_counts(text, expected):
    assert _n(text) == expected


@pytest.mark.parametrize("text", [
    "After the MSC injections at months 1, 3 and 12 we examined the patients.",
    "줄기세포를 1회당 1억 셀씩 투여하였다.",
])
def test_not_administration_counts(text):
    assert _n(text) is None


def _n(text: str) -> int | None:
    return _facts(text).get("n_infusions", (None,))[0]
