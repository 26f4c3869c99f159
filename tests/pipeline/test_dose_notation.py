"""Reading dose numbers: every notation, exponent repair and refusal; round-trip properties."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.dose_notation import EXPRESSION, parse_expression, parse_number, resolve

_EXPRESSION = re.compile(EXPRESSION, re.I)


def read(phrase: str, unit: str = "cells/kg", species: str | None = "human",
         decimal_comma: bool = False) -> list:
    m = _EXPRESSION.search(phrase)
    assert m, phrase
    expression = parse_expression(m.group(0), phrase[:m.start()], decimal_comma)
    assert expression is not None, phrase
    return [resolve(t, unit, species) for t in expression.terms]


@pytest.mark.parametrize("phrase, value, repaired", [
    ("3.5×106 cells", 3.5e6, True),          # superscript flattened
    ("2x106MSCs", 2e6, True),
    ("4 x 10(5) cells", 4e5, False),         # Web of Science style
    ("2 × 10^7 cells", 2e7, False),
    ("10⁶ cells", 1e6, False),
    ("3×10⁵ cells", 3e5, False),
    ("2.5E+06 cells", 2.5e6, False),
    ("4e6 cells", 4e6, False),
    ("10\\^7 cells", 1e7, False),
    ("5 × 10^{5} cells", 5e5, False),
    ("0.25×10 6 cells", 2.5e5, True),        # superscript became a separate word
    ("700,000 cells", 7e5, False),
    ("Thirty million cells", 3e7, False),
    ("2 million cells", 2e6, False),
    ("2.5 billion cells", 2.5e9, False),
    ("(2.4 ± 0.6) × 10^6 cells", 2.4e6, False),
])
def test_single_notations(phrase, value, repaired):
    (reading,) = read(phrase, unit="cells/head")
    assert reading.value == pytest.approx(value)
    assert reading.exponent_repaired is repaired


def test_flattened_superscript_says_why():
    (reading,) = read("1.5×106 cells/kg")
    assert "superscript" in reading.repair_reason and "10^6" in reading.repair_reason


def test_decimal_comma_and_thousands():
    assert parse_number("0,75") == 0.75
    assert parse_number("250,000") == 250000
    assert parse_number("1,250", decimal_comma=True) == 1.25
    assert parse_number("400 000") == 400000


@pytest.mark.parametrize("phrase, values", [
    ("2–4 × 10^6 cells", [2e6, 4e6]),
    ("0.4 to 3 ×106 cells", [4e5, 3e6]),
    ("2 x 10(6) to 5 x 10(6) cells", [2e6, 5e6]),
    ("zwischen 0,5 und 2,5×106 Zellen", [5e5, 2.5e6]),
    ("between 1 and 4 × 10^6 cells", [1e6, 4e6]),
    ("10, 20, 40 or 80 million cells", [1e7, 2e7, 4e7, 8e7]),
])
def test_ranges_and_lists_share_the_power(phrase, values):
    assert [r.value for r in read(phrase, unit="cells/head", decimal_comma=True)] == \
        pytest.approx(values)


def test_range_and_list_kinds():
    m = _EXPRESSION.search("between 1 and 3 × 10^6")
    assert parse_expression(m.group(0), "between ").kind == "range"
    m = _EXPRESSION.search("5, 10 or 20 million")
    assert parse_expression(m.group(0)).kind == "list"


def test_descending_numbers_are_not_one_range():
    m = _EXPRESSION.search("groups of 12, 1×10^6 cells")
    expression = parse_expression(m.group(0))
    assert [t.nominal for t in expression.terms] == [1e6]


def test_mean_and_sd():
    (reading,) = read("12±2×106 cells", unit="cells/head")
    assert reading.value == 12e6 and reading.sd == 2e6


def test_lost_exponent_repaired_inside_the_window():
    (reading,) = read("2 × 10 cells per kg")
    assert reading.value == 2e6 and reading.exponent_repaired
    assert "lost" in reading.repair_reason


def test_lost_exponent_without_a_window_is_refused():
    (reading,) = read("2 × 10 cells", unit="cells/head", species="dog")
    assert reading.value is None and "no typical" in reading.repair_reason


def test_lost_exponent_fitting_no_power_is_refused(monkeypatch):
    import pipeline.dose_notation as notation
    rows = ({"kind": "typical", "unit": "cells/kg", "species": "human", "low": "5e5",
             "high": "9e5", "rationale": ""},)
    monkeypatch.setattr(notation, "_windows", lambda: rows)
    (reading,) = read("2 × 10 cells per kg")
    assert reading.value is None and "0 powers of ten" in reading.repair_reason


def test_implausible_value_is_refused():
    (reading,) = read("3×1012 cells/kg")
    assert reading.value is None and "outside the plausible range" in reading.repair_reason
    (reading,) = read("5 × 10^1 cells", unit="cells/head")
    assert reading.value is None


# ---- properties: format a dose in a notation, parse it back -------------------------------

_STYLES = {
    "caret": lambda m, e: f"{m} × 10^{e}",
    "paren": lambda m, e: f"{m} x 10({e})",
    "brace": lambda m, e: f"{m}×10^{{{e}}}",
    "super": lambda m, e: f"{m}×10" + str(e).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")),
    "e": lambda m, e: f"{m}E+{e:02d}",
    "flat": lambda m, e: f"{m}×10{e}",
}
_UNITS = {"cells/kg": ["cells/kg", "MSCs per kg", "Zellen/kgKG"],
          "cells/head": ["cells", "MSCs", "cellules"]}


@given(mantissa=st.decimals(min_value="1.0", max_value="9.9", places=1).map(str),
       exponent=st.integers(min_value=5, max_value=8),
       style=st.sampled_from(sorted(_STYLES)),
       unit=st.sampled_from(sorted(_UNITS)),
       data=st.data())
def test_round_trip(mantissa, exponent, style, unit, data):
    noun = data.draw(st.sampled_from(_UNITS[unit]))
    phrase = f"{_STYLES[style](mantissa, exponent)} {noun}"
    (reading,) = read(phrase, unit=unit)
    assert reading.value == pytest.approx(float(mantissa) * 10**exponent)
    assert reading.exponent_repaired is (style == "flat")


@given(low=st.integers(min_value=1, max_value=4), high=st.integers(min_value=5, max_value=9),
       exponent=st.integers(min_value=5, max_value=7))
def test_round_trip_ranges(low, high, exponent):
    readings = read(f"{low}–{high} × 10^{exponent} cells/kg")
    assert [r.value for r in readings] == [low * 10**exponent, high * 10**exponent]
