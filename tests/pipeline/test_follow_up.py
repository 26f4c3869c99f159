"""Follow-up duration on short sentences written for each phrasing."""

import pytest

from pipeline.extract import follow_up
from pipeline.model import CleanDocument
from pipeline.text import MappedText

MONTH, YEAR = 30.4375, 365.25


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


@pytest.mark.parametrize("text, days, quoted", [
    ("Patients were seen up to a median follow-up of 18·5 months.", 18.5 * MONTH, "18·5 months"),
    ("All patients were followed up for 6-12 months after treatment.", 12 * MONTH, "6-12 months"),
    ("Data at 2-year follow-up are reported.", 2 * YEAR, "2"),
    ("Scores were recorded at 1, 3 and 6 months of follow-up.", 6 * MONTH, "1, 3 and 6 months"),
    ("Safety was assessed 14 days after the injection.", 14.0, "14 days"),
    ("At three weeks post-treatment, lungs were examined.", 21.0, "three weeks"),
    ("The patients were followedup 2 months post-infusion.", 2 * MONTH, "2 months"),
    ("Die Nachbeobachtung von 6 Monaten ergab keine Komplikationen.", 6 * MONTH, "6 Monaten"),
])
def test_follow_up(text, days, quoted):
    facts = follow_up.extract(_doc(text))
    assert len(facts) == 1
    assert facts[0].value == pytest.approx(days)
    assert facts[0].attrs["text"].startswith(quoted)
    assert quoted in text[facts[0].start:facts[0].end]


def test_range_keeps_both_bounds():
    fact, = follow_up.extract(_doc("Patients were followed for 8 to 24 months."))
    assert fact.attrs["min_days"] == pytest.approx(8 * MONTH)
    assert fact.attrs["max_days"] == pytest.approx(24 * MONTH)


def test_longest_follow_up_wins():
    fact, = follow_up.extract(_doc(
        "Safety was assessed during the 24-month follow-up period. "
        "After a median follow-up of 25.2 months, no patient died."))
    assert fact.value == pytest.approx(25.2 * MONTH)


@pytest.mark.parametrize("text", [
    "The mean disease duration of 5 years was similar.",
    "Patients aged 18-70 years were eligible.",
    "Two patients remained insulin free for 3 to 12 months.",
    "Patients took vitamin D daily for 3 months.",
    "Fever occurred within 24 h after the infusion.",
    "Scores 3 months pre-treatment were high.",
])
def test_not_follow_up(text):
    assert follow_up.extract(_doc(text)) == []
