"""Registry ids: every major registry's format, scraped spaces, URLs and EudraCT context."""

from __future__ import annotations

import pytest

from pipeline.extract.registries import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped)


def _ids(text: str) -> list[tuple[str, str]]:
    return [(f.value, f.attrs["registry"]) for f in extract(_doc(text))]


@pytest.mark.parametrize("text, expected", [
    ("The trial is registered (NCT01234567).", ("NCT01234567", "ClinicalTrials.gov")),
    ("Registered at ChiCTR-TRC-12002345.", ("ChiCTR-TRC-12002345", "ChiCTR")),
    ("Registration: ChiCTR2000029990.", ("ChiCTR2000029990", "ChiCTR")),
    ("Registered at IRCT2015052122336N1.", ("IRCT2015052122336N1", "IRCT")),
    ("IRCT number IRCT20120215009014N322.", ("IRCT20120215009014N322", "IRCT")),
    ("EudraCT number 2010-020437-21.", ("2010-020437-21", "EudraCT")),
    ("Registered as ISRCTN12345678.", ("ISRCTN12345678", "ISRCTN")),
    ("Registered with ACTRN12619000236145.", ("ACTRN12619000236145", "ANZCTR")),
    ("Registered: UMIN000012345.", ("UMIN000012345", "JPRN")),
    ("Registered: JPRN-UMIN000012345.", ("UMIN000012345", "JPRN")),
    ("Registered: jRCTb030190123.", ("jRCTb030190123", "JPRN")),
    ("CRIS: KCT0001234.", ("KCT0001234", "CRIS")),
    ("German register DRKS00012345.", ("DRKS00012345", "DRKS")),
    ("Netherlands Trial Register NTR4567.", ("NTR4567", "NTR")),
    ("Registered in CTRI/2018/01/011223.", ("CTRI/2018/01/011223", "CTRI")),
    ("Registered at PACTR201901123456789.", ("PACTR201901123456789", "PACTR")),
])
def test_each_registry_format(text, expected):
    assert _ids(text) == [expected]


def test_scraped_spaces_and_hyphens_are_dropped():
    assert _ids("Identifier: NCT 0123 4567.") == [("NCT01234567", "ClinicalTrials.gov")]
    assert _ids("Identifier: NCT-01234567.") == [("NCT01234567", "ClinicalTrials.gov")]


def test_repeated_id_gives_one_fact_with_its_span():
    text = "Registered (NCT01234567). The NCT01234567 trial enrolled ten patients."
    facts = extract(_doc(text))
    assert [f.value for f in facts] == ["NCT01234567"]
    assert text[facts[0].start:facts[0].end] == "NCT01234567"
    assert facts[0].rule == "registries.ClinicalTrials.gov"


def test_dashed_number_without_eudract_label_is_not_a_registration():
    assert _ids("Grant 2010-020437-21 supported this work.") == []


def test_id_inside_a_url_counts_only_in_a_registration_sentence():
    assert _ids("Source: https://example.org/trials/NCT01234567 (accessed 2020)") == []
    assert _ids("The trial was registered at https://clinicaltrials.gov/show/NCT01234567.") == [
        ("NCT01234567", "ClinicalTrials.gov")]


def test_longer_digit_runs_are_not_truncated_into_ids():
    assert _ids("Sample ISRCTN123456789 was mislabelled.") == []


def test_several_registries_on_one_page():
    text = "Registered at ClinicalTrials.gov (NCT01234567) and EudraCT (2012-001234-56)."
    assert _ids(text) == [("NCT01234567", "ClinicalTrials.gov"), ("2012-001234-56", "EudraCT")]
