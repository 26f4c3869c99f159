"""Route: how the cells were given, not a co-treatment or a disease-inducing agent."""

from __future__ import annotations

import pytest

from pipeline.extract.route import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def make_doc(title: str, body: str) -> CleanDocument:
    raw = f"{title}\n\n{body}"
    mapped = MappedText.identity(raw)
    return CleanDocument("t", raw, mapped, mapped, title=title, title_span=(0, len(title)))


def route(body: str, title: str = "A pilot study") -> str | None:
    facts = extract(make_doc(title, body))
    return facts[0].value if facts else None


@pytest.mark.parametrize("body, expected", [
    ("Patients received MSCs intravenously.", "intravenous"),
    ("MSCs (1 x 10^6 cells/kg) were given i.v. to patients.", "intravenous"),
    ("Mice received MSCs through the caudal vein.", "intravenous"),
    ("Patients received a systemic infusion of MSCs.", "intravenous"),
    ("Je zwei intravenöse Gaben von MSC bei Patienten.", "intravenous"),
    ("患者接受间充质干细胞静脉输注。", "intravenous"),
    ("Each patient received 10 million cells through the subarachnoid space.", "intrathecal"),
    ("MSCs were delivered by intracoronary infusion in patients.", "intra-arterial"),
    ("MSCs were given by transendocardial injection in patients.", "intramyocardial"),
    ("Patients received MSCs injected into the knee joint.", "intra-articular"),
    ("MSCs were injected intramuscularly into the ischemic limb of patients.", "local injection"),
    ("Patients received intralesional injection of MSCs into the fistula.", "local injection"),
    ("Mice received MSCs intraperitoneally.", "intraperitoneal"),
    ("Rats received MSCs intranasally.", "other"),
])
def test_route_terms(body: str, expected: str) -> None:
    assert route(body) == expected


def test_evidence_span_and_rule() -> None:
    doc = make_doc("A pilot study", "Patients received MSCs intravenously.")
    [fact] = extract(doc)
    assert doc.raw_text[fact.start:fact.end] == "intravenously" and fact.rule == "route.cell_sentence"


def test_disease_inducing_route_is_not_the_cell_route() -> None:
    body = ("Arthritis was induced by intra-articular injection of albumin into the knee joints of "
            "mice. MSCs were injected intravenously one day later.")
    assert route(body) == "intravenous"


def test_delivered_agent_other_than_cells_is_skipped() -> None:
    body = ("Mice got an intraperitoneal injection of streptozotocin. "
            "MSCs were later given through the tail vein.")
    assert route(body) == "intravenous"


def test_explicit_route_beats_systemic_infusion_when_cells_named() -> None:
    body = "MSCs were injected intra-articularly. Systemic infusion was not attempted in patients."
    assert route(body) == "intra-articular"


def test_defined_route_abbreviation_counts() -> None:
    body = ("The product was administered by intra-articular (IA) injection. IA MSCs were well "
            "tolerated. Patients received a single intravenous dose of hyaluronic acid, IA MSCs.")
    assert route(body) == "intra-articular"


def test_roman_numeral_iv_is_not_a_route() -> None:
    assert route("Patients with class III and IV nephritis received MSCs.") is None


def test_not_stated_gives_nothing() -> None:
    assert route("Patients received ASCs (1 x 10^6 cells/kg) and vitamin D.") is None


def test_route_words_that_name_a_cotreatment_or_a_tissue_are_skipped() -> None:
    body = ("MSCs were isolated from subcutaneous adipose tissue. Patients had failed intravenous "
            "immunoglobulin. They then received MSCs by intra-articular injection.")
    assert route(body) == "intra-articular"


@pytest.mark.parametrize("body, expected", [
    ("Le cellule staminali sono state somministrate per via endovenosa.", "intravenous"),
    ("Iniezione intraarticolare di cellule staminali nel ginocchio.", "intra-articular"),
    ("Las células se implantaron en el lugar de la lesión medular.", "local injection"),
    ("幹細胞を点滴で投与した。", "intravenous"),
    ("幹細胞を関節内に投与した。", "intra-articular"),
    ("줄기세포를 정맥 내에 투여하였다.", "intravenous"),
    ("MSCs were administered intrvenously over ten minutes.", "intravenous"),
])
def test_route_terms_in_more_languages(body: str, expected: str) -> None:
    assert route(body) == expected
