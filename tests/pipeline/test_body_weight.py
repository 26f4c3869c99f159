"""Body weights and age groups of the dosed populations."""

from __future__ import annotations

import pytest

from pipeline.clean import clean_document
from pipeline.extract.body_weight import extract


def facts(text: str, field: str) -> list[tuple]:
    return [(f.value, f.population, text[f.start:f.end])
            for f in extract(clean_document("t", text)) if f.field == field]


@pytest.mark.parametrize("text, kg, species", [
    ("Twenty patients (mean body weight 72.5 kg) received MSCs.", 72.5, "human"),
    ("Male C57BL/6 mice weighing 18–22 g were used.", 0.02, "mouse"),
    ("Wistar rats with a body weight of 300 ± 25 g were injected.", 0.3, "rat"),
    ("Sprague-Dawley rats (240-260 g) were injected with MSCs.", 0.25, "rat"),
])
def test_body_weights(text, kg, species):
    ((value, population, _),) = facts(text, "body_weight_kg")
    assert value == pytest.approx(kg) and population == species


@pytest.mark.parametrize("text", [
    "Patients lost weight; body weight loss of 3 kg was seen.",
    "Mice showed a mean tumor weight of 1.2 g.",
    "Body weight improved after treatment in the mice.",
])
def test_not_body_weights(text):
    assert facts(text, "body_weight_kg") == []


@pytest.mark.parametrize("text, group, species", [
    ("Eight pediatric patients received MSCs.", "pediatric", "human"),
    ("Twelve children aged 3-11 years were enrolled.", "pediatric", "human"),
    ("Patients aged 20-65 years were treated.", "adult", "human"),
    ("Patients aged 12-40 years were treated.", "mixed", "human"),
    ("Three adult and four pediatric patients were treated.", "mixed", "human"),
    ("MSCs were given in a neonatal rat model of lung injury.", "neonatal", "rat"),
    ("Juvenile mice were injected with MSCs.", "juvenile", "mouse"),
    ("Eight-week-old mice were used; 8-week-old mice received MSCs.", "adult", "mouse"),
    ("Newborn pups were injected with MSCs on postnatal day 3 in rats.", "neonatal", "rat"),
])
def test_age_groups(text, group, species):
    found = facts(text, "age_group")
    assert (found[0][0], found[0][1]) == (group, species)


@pytest.mark.parametrize("text", [
    "Forty patients with juvenile-onset diabetes received MSCs.",
    "Adult stem cells were infused into patients.",
    "Type 1 diabetes is common in children.",
])
def test_not_age_groups(text):
    assert facts(text, "age_group") == []
