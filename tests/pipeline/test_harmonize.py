"""Dose harmonization: per kg and per head through a stated or reference body weight."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.harmonize import StatedWeight, harmonize, harmonize_dose, reference_weight
from pipeline.model import Fact
from pipeline.units import convert_dose, to_kilograms


def test_per_kg_dose_uses_the_adult_reference_weight():
    h = harmonize(2e6, "cells/kg", "human")
    assert h.cells_per_kg == 2e6 and h.cells_per_head == pytest.approx(1.2e8)
    assert h.body_weight_kg == 60
    assert h.conversion.startswith("reported cells/kg; cells/head via reference body weight: human")


def test_per_head_mouse_dose():
    h = harmonize(1e6, "cells/head", "mouse")
    assert h.cells_per_kg == pytest.approx(5e7) and h.body_weight_kg == 0.02
    assert "mouse 0.02 kg" in h.conversion


def test_stated_weight_comes_first():
    h = harmonize(1e8, "cells/head", "human", stated_weight=StatedWeight(80.0, "weighing 80 kg"))
    assert h.cells_per_kg == pytest.approx(1.25e6) and h.body_weight_kg == 80
    assert h.conversion == "reported cells/head; cells/kg via stated body weight: 80 kg (span 'weighing 80 kg')"


@pytest.mark.parametrize("species, age_group", [("human", "pediatric"), ("human", "mixed"),
                                                ("mouse", "neonatal"), ("rat", "juvenile")])
def test_young_subjects_without_a_stated_weight_stay_unconverted(species, age_group):
    h = harmonize(1e6, "cells/head", species, age_group)
    assert h.cells_per_head == 1e6 and h.cells_per_kg is None and h.body_weight_kg is None
    assert age_group in h.conversion and "no stated body weight" in h.conversion
    h = harmonize(1e6, "cells/kg", species, age_group)
    assert h.cells_per_kg == 1e6 and h.cells_per_head is None


def test_young_subjects_with_a_stated_weight_are_converted():
    h = harmonize(1e6, "cells/kg", "human", "pediatric", StatedWeight(20.0, "mean weight 20 kg"))
    assert h.cells_per_head == pytest.approx(2e7)


def test_unknown_weight():
    h = harmonize(1e6, "cells/head", "other")
    assert h.cells_per_kg is None and "no reference body weight" in h.conversion
    assert harmonize(1e6, "cells/head", "other", animal="rabbits").body_weight_kg == 1.8


def test_missing_value_keeps_its_reason():
    h = harmonize(None, "cells/kg", "human", reason="exponent lost")
    assert h.cells_per_kg is None and h.cells_per_head is None and "exponent lost" in h.conversion


def test_cumulative_doses():
    h = harmonize(1e6, "cells/kg", "human", n_administrations=3)
    assert h.cumulative_cells_per_kg == 3e6 and h.cumulative_cells_per_head == pytest.approx(1.8e8)
    h = harmonize(3e8, "cells/head", "human", per="total", n_administrations=3)
    assert h.cumulative_cells_per_head == 3e8


def test_harmonize_dose_joins_the_population_facts():
    raw = "Neonatal rats weighing 10 g received 1e5 cells."
    dose = Fact("dose", 1e5, 31, 46, "doses.x", population="rat", attrs={"unit": "cells/head"})
    weight = Fact("body_weight_kg", 0.01, 14, 30, "body_weight.x", population="rat")
    age = Fact("age_group", "neonatal", 0, 13, "body_weight.x", population="rat")
    h = harmonize_dose(dose, [weight, age], raw)
    assert h.cells_per_kg == pytest.approx(1e7) and "weighing 10 g" in h.conversion


def test_reference_weights_table():
    assert float(reference_weight("rat")["weight_kg"]) == 0.15
    assert reference_weight("other") is None


@given(value=st.floats(min_value=1e3, max_value=1e10), weight=st.floats(min_value=0.01, max_value=200))
def test_conversion_round_trip(value, weight):
    per_head = convert_dose(value, "cells/kg", "cells/head", weight)
    assert convert_dose(per_head, "cells/head", "cells/kg", weight) == pytest.approx(value)


def test_masses():
    assert to_kilograms(250, "g") == pytest.approx(0.25)
    assert to_kilograms(1, "lb") == pytest.approx(0.4536, rel=1e-3)


@pytest.mark.parametrize(("value", "unit", "target", "weight"), [
    (2e6, "cells/kg", "cells/head", 70.0), (1.5e7, "cells/head", "cells/kg", 0.025),
    (3e5, "cells/kg", "cells/kg", 60.0)])
def test_conversion_factor_agrees_with_pint_quantities(value, unit, target, weight):
    from pipeline.units import DOSE_UNITS, KILOGRAM, UREG
    dose, kg = UREG.Quantity(value, DOSE_UNITS[unit]), UREG.Quantity(weight, KILOGRAM)
    expected = dose if unit == target else dose * kg if unit == "cells/kg" else dose / kg
    assert convert_dose(value, unit, target, weight) == pytest.approx(
        expected.to(DOSE_UNITS[target]).magnitude, rel=1e-12)
