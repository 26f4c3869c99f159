"""Cell-dose facts: units, species, spans, dedup and what is not a dose."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document
from pipeline.extract.doses import extract


def doses(text: str) -> list:
    doc = clean_document("t", text)
    facts = extract(doc)
    for f in facts:  # every fact's span is its phrase in the raw text
        assert text[f.start:f.end] == f.attrs["text"]
    return facts


def summary(text: str) -> list[tuple]:
    return [(f.value, f.attrs["unit"], f.population) for f in doses(text)]


@pytest.mark.parametrize("text, unit", [
    ("Patients received 1.5×106 cells/kg intravenously.", "cells/kg"),
    ("Patients received 1.5 × 10^6 MSCs per kilogram.", "cells/kg"),
    ("Patients received 1.5 × 10^6 cells per kg body weight.", "cells/kg"),
    ("Die Patienten erhielten 1,5×106 Zellen/kg KG als Gabe.", "cells/kg"),
    ("Les patients ont reçu 1,5×106 cellules par kg de poids corporel.", "cells/kg"),
    ("Patients were infused with 1.5 × 10^6 cells.", "cells/head"),
    ("Each patient was given 1.5 million cells per patient.", "cells/head"),
])
def test_units(text, unit):
    (fact,) = doses(text)
    assert fact.value == pytest.approx(1.5e6) and fact.attrs["unit"] == unit


def test_per_kg_after_a_cell_noun():
    facts = doses("Mice were injected with adipose stem cells 5×106/kg or 1×107/kg.")
    assert [(f.value, f.attrs["unit"]) for f in facts] == [(5e6, "cells/kg"), (1e7, "cells/kg")]


def test_cell_noun_before_number_in_parentheses():
    (fact,) = doses("Cells (2x106) were injected into each rat via the tail vein.")
    assert fact.value == 2e6 and fact.attrs["unit"] == "cells/head"
    assert fact.population == "rat"


def test_range_levels_share_the_phrase_when_the_power_is_written_once():
    facts = doses("Ten patients received 0.8 to 2.5 ×106 cells/kg.")
    assert [f.value for f in facts] == [8e5, 2.5e6]
    assert {f.attrs["text"] for f in facts} == {"0.8 to 2.5 ×106 cells/kg"}
    assert [f.attrs["range_role"] for f in facts] == ["low", "high"]


def test_range_levels_written_in_full_get_their_own_words():
    facts = doses("Patients received 2 x 10(6) to 4 x 10(6) cells/kg.")
    assert [f.attrs["text"] for f in facts] == ["2 x 10(6)", "4 x 10(6) cells/kg"]


def test_list_of_doses():
    facts = doses("Patients were randomized to 20, 40 or 80 million cells.")
    assert [f.value for f in facts] == [2e7, 4e7, 8e7]
    assert {f.attrs["range_role"] for f in facts} == {"list"}


def test_mean_and_sd_dose():
    (fact,) = doses("Each patient received 20±4×106 cells intrathecally.")
    assert fact.value == 2e7 and fact.attrs["sd"] == 4e6


def test_lost_exponent_is_repaired_and_flagged():
    (fact,) = doses("Patients received 2 × 10 umbilical cord-derived stromal cells per kg.")
    assert fact.value == 2e6 and fact.attrs["exponent_repaired"]
    assert "lost" in fact.attrs["repair_reason"]


def test_unrepairable_exponent_gives_null_value_with_reason():
    (fact,) = doses("Dogs were infused with 3 × 10 cells.")
    assert fact.value is None and fact.attrs["repair_reason"]


def test_one_fact_per_distinct_dose():
    text = ("Patients received 2×106 cells/kg. No toxicity at 2×106 cells/kg. "
            "The dose was raised to 4×106 cells/kg.")
    assert [f.value for f in doses(text)] == [2e6, 4e6]


def test_species_from_context_and_from_per_head_wording():
    text = ("Twelve patients received 1×106 cells/kg. In the toxicity study in BALB/c mice, "
            "organs were examined. Two deaths occurred at 3×106 cells/head.")
    assert summary(text) == [(1e6, "cells/kg", "human"), (3e6, "cells/head", "mouse")]


def test_species_named_in_the_unit():
    assert summary("Patients were treated; 5×105 cells per mouse were injected.") == \
        [(5e5, "cells/head", "mouse")]


def test_per_administration_and_total():
    (fact,) = doses("Patients received 1×106 cells/kg per infusion.")
    assert fact.attrs["per"] == "administration"
    (fact,) = doses("Patients received a total dose of 3×108 cells.")
    assert fact.attrs["per"] == "total"


@pytest.mark.parametrize("text", [
    "Cells were seeded at 1×104 cells/cm2 in culture.",
    "MSCs were plated at 5 × 10^4 cells per well.",
    "The suspension contained 2×106 cells/ml before injection.",
    "Leukocytes were 6.1 × 10^9/L at baseline.",
    "Colonies were counted per 10^6 cells.",
    "Patients received 20 mg of tacrolimus and 2 ml of saline.",
    "Three patients received MSCs.",
    "MSCs at passage 3 were injected into 5 mice.",
    "Future trials should test 5×106 cells/kg.",
])
def test_not_doses(text):
    assert doses(text) == []


def test_span_is_the_raw_phrase_even_when_cleaning_changed_spaces():
    text = "Patients received 2\u2009×\u200910 stromal cells per kg bodyweight once."
    (fact,) = doses(text)
    assert fact.attrs["text"] == "2\u2009×\u200910 stromal cells per kg bodyweight"
