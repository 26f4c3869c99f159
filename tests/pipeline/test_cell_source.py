"""Cell source: the tissue the therapeutic MSCs come from."""

from __future__ import annotations

import pytest

from pipeline.extract.cell_source import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def make_doc(title: str, body: str) -> CleanDocument:
    raw = f"{title}\n\n{body}"
    mapped = MappedText.identity(raw)
    return CleanDocument("t", raw, mapped, mapped, title=title, title_span=(0, len(title)))


def source(title: str, body: str = "") -> str | None:
    facts = extract(make_doc(title, body))
    return facts[0].value if facts else None


@pytest.mark.parametrize("title, expected", [
    ("Bone marrow-derived mesenchymal stromal cells in patients", "bone marrow"),
    ("BMSCs in rats", "bone marrow"),
    ("hUC-MSCs for patients", "umbilical cord"),
    ("Wharton's jelly MSCs for patients", "umbilical cord"),
    ("Umbilical cord blood-derived MSCs for patients", "umbilical cord blood"),
    ("hUCB-MSCs for patients", "umbilical cord blood"),
    ("Adipose tissue-derived stromal/stem cells (ASCs) in patients", "adipose"),
    ("ADSCs for patients", "adipose"),
    ("Placenta-derived MSCs for patients", "placenta"),
    ("Stem cells from human exfoliated deciduous teeth (SHED) in patients", "dental pulp"),
    ("Menstrual blood-derived stem cells for patients", "menstrual blood"),
    ("Synovial MSCs for cartilage repair in patients", "other"),
    ("Mesenchymale Stammzellen aus dem Knochenmark für Patienten", "bone marrow"),
    ("Cellules souches issues du tissu adipeux chez des patients", "adipose"),
    ("脐带间充质干细胞治疗患者", "umbilical cord"),
])
def test_source_names(title: str, expected: str) -> None:
    assert source(title) == expected


def test_evidence_span_is_the_tissue_mention() -> None:
    doc = make_doc("Umbilical cord MSCs for patients", "")
    [fact] = extract(doc)
    assert doc.raw_text[fact.start:fact.end] == "Umbilical cord"
    assert fact.rule == "cell_source.tissue_of_cells"


def test_aspiration_procedure_loses_to_a_named_source() -> None:
    body = ("All patients underwent bone marrow aspiration under local anaesthesia for safety tests. "
            "Umbilical cord MSCs were then infused.")
    assert source("A pilot study", body) == "umbilical cord"


def test_transplantation_as_prior_therapy_is_not_the_source() -> None:
    body = "Patients had relapsed after bone marrow transplantation. They received placental MSCs."
    assert source("A pilot study", body) == "placenta"


def test_cells_isolated_from_the_tissue() -> None:
    body = "MNCs were isolated from BM specimens and cultured."
    assert source("A pilot study", body) == "bone marrow"


def test_defined_tissue_abbreviation_counts() -> None:
    body = "MSCs were isolated from umbilical cord (UC) of healthy donors. UC-derived cells were given."
    assert source("A pilot study", body) == "umbilical cord"


def test_nothing_stated_gives_nothing() -> None:
    assert extract(make_doc("MSCs for patients", "Cells were infused intravenously.")) == []
