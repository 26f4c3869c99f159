"""Donor: allogeneic or autologous MSCs, nothing when not stated."""

from __future__ import annotations

import pytest

from pipeline.extract.donor import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def make_doc(title: str, body: str) -> CleanDocument:
    raw = f"{title}\n\n{body}"
    mapped = MappedText.identity(raw)
    return CleanDocument("t", raw, mapped, mapped, title=title, title_span=(0, len(title)))


def donor(title: str, body: str = "") -> str | None:
    facts = extract(make_doc(title, body))
    return facts[0].value if facts else None


@pytest.mark.parametrize("title, expected", [
    ("Allogeneic MSCs in patients", "allogeneic"),
    ("Allogenic stromal cells in patients", "allogeneic"),
    ("Haploidentical MSCs in patients", "allogeneic"),
    ("Off-the-shelf MSCs in patients", "allogeneic"),
    ("Autologous bone marrow MSCs in patients", "autologous"),
    ("Behandlung von Patienten mit allogenen mesenchymalen Stromazellen", "allogeneic"),
    ("Autologe Stammzellen bei Patienten", "autologous"),
    ("Cellules souches autologues chez des patients", "autologous"),
    ("同种异体间充质干细胞治疗患者", "allogeneic"),
])
def test_donor_words(title: str, expected: str) -> None:
    assert donor(title) == expected


def test_evidence_and_rule() -> None:
    doc = make_doc("A pilot study", "Patients received allogeneic MSCs.")
    [fact] = extract(doc)
    assert doc.raw_text[fact.start:fact.end] == "allogeneic" and fact.rule == "donor.named"


def test_implied_by_donor_description() -> None:
    body = "MSCs were expanded from adipose tissue of the patients' siblings."
    assert donor("A pilot study", body) == "allogeneic"
    body = "Patients received MSCs from unrelated, HLA-mismatched donors."
    assert donor("A pilot study", body) == "allogeneic"


def test_other_graft_is_not_the_donor() -> None:
    body = ("Patients had failed autologous haematopoietic stem cell transplantation. "
            "They then received allogeneic umbilical cord MSCs.")
    assert donor("A pilot study", body) == "allogeneic"
    body = "Patients with GvHD after allogeneic HSCT received MSCs."
    assert donor("A pilot study", body) is None


def test_human_cells_in_animals_give_nothing() -> None:
    body = "Human MSCs from healthy donors were injected into mice with colitis."
    assert donor("MSCs in mice", body) is None


def test_not_stated_gives_nothing() -> None:
    assert donor("MSCs for patients", "Twelve patients received MSCs intravenously.") is None


def test_patients_as_their_own_controls_is_not_autologous() -> None:
    body = "Patients served as their own controls before MSC infusion."
    assert donor("A pilot study", body) is None


@pytest.mark.parametrize("title, expected", [
    ("Трансплантация аутологичных мезенхимальных стволовых клеток при артрозе", "autologous"),
    ("Cellule staminali mesenchimali autologhe nella lesione cronica", "autologous"),
    ("自家脂肪由来間葉系幹細胞の安全性", "autologous"),
    ("Terapia con células madre mesenquimales del propio paciente", "autologous"),
])
def test_donor_terms_in_more_languages(title: str, expected: str) -> None:
    assert donor(title) == expected
