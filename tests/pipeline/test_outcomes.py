"""Efficacy results on short sentences written for each phrasing."""

import pytest

from pipeline.extract import outcomes
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument(doc_id="t", raw_text=text, normalized=mapped, study=mapped)


def test_changed_to_with_p_value():
    text = ("The mean PASI score was 18.2 ± 4.1 at baseline, which decreased to 7.5 ± 3.0 "
            "at 12 weeks (P = 0.002).")
    fact, = outcomes.extract(_doc(text))
    assert fact.value == "PASI"
    assert fact.attrs == {"measure": "PASI", "baseline": 18.2, "follow_up_value": 7.5,
                          "time_point": "12 weeks", "p_value": 0.002, "p_relation": "=",
                          "direction": "decrease"}
    assert text[fact.start:fact.end].startswith("PASI score")
    assert text[fact.start:fact.end].endswith("P = 0.002")


def test_bracketed_baseline_and_time_point():
    fact, = outcomes.extract(_doc(
        "HbA1c fell in the MSC patients [baseline: 8.1 (7.2, 9.0), week 12: 7.0 (6.5, 7.6); P < 0.05]."))
    assert (fact.attrs["baseline"], fact.attrs["follow_up_value"], fact.attrs["time_point"]) == (8.1, 7.0, "week 12")
    assert (fact.attrs["p_relation"], fact.attrs["p_value"]) == ("<", 0.05)


def test_versus_needs_pre_post_context():
    pre_post = "Proteinuria did not change from before to after treatment (3.0 vs. 2.6 g/24 h, P = 0.41)."
    fact, = outcomes.extract(_doc(pre_post))
    assert (fact.value, fact.attrs["direction"]) == ("24-hour urine protein", "decrease")
    assert outcomes.extract(_doc("Proteinuria differed between arms (3.0 vs. 2.6 g/24 h).")) == []


def test_from_to():
    fact, = outcomes.extract(_doc("The EDSS score improved from 6.5 to 5.0 after 6 months."))
    assert (fact.attrs["baseline"], fact.attrs["follow_up_value"], fact.attrs["time_point"]) == (6.5, 5.0, "6 months")


@pytest.mark.parametrize("text", [
    "The value was 5.0 at first, which decreased to 2.0 later.",
    "Future trials should show whether the SLEDAI score was 10 and decreased to 4.",
])
def test_no_outcome(text):
    assert outcomes.extract(_doc(text)) == []
