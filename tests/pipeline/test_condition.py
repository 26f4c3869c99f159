"""Condition: the treated condition, preferred name, MeSH id, evidence span."""

from __future__ import annotations

from pipeline.extract.condition import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def make_doc(title: str, body: str) -> CleanDocument:
    raw = f"{title}\n\n{body}"
    mapped = MappedText.identity(raw)
    return CleanDocument("t", raw, mapped, mapped, title=title, title_span=(0, len(title)))


def condition(doc: CleanDocument) -> str | None:
    facts = extract(doc)
    assert len({f.population for f in facts}) == len(facts)
    return facts[0].value if facts else None


def test_title_condition_with_mesh_id_and_evidence() -> None:
    doc = make_doc("Stromal cells for lupus nephritis", "Eight patients were treated.")
    [fact] = extract(doc)
    assert fact.value == "lupus nephritis"
    assert fact.attrs == {"ontology_id": "MESH:D008181", "synonym": "lupus nephritis"}
    assert doc.raw_text[fact.start:fact.end] == "lupus nephritis"
    assert fact.rule == "condition.title"


def test_specific_condition_beats_its_parent() -> None:
    body = ("Systemic lupus erythematosus (SLE) is an autoimmune disease. SLE affects many organs. "
            "We gave MSCs to six patients with lupus nephritis.")
    assert condition(make_doc("A pilot study", body)) == "lupus nephritis"


def test_knee_osteoarthritis_beats_osteoarthritis() -> None:
    body = "Osteoarthritis (OA) is common. Forty OA patients received cells. OA pain fell."
    assert condition(make_doc("Cell therapy in osteoarthritis of the knee", body)) == "knee osteoarthritis"


def test_defined_abbreviation_counts_as_mention() -> None:
    body = ("Preterm infants with multiple sclerosis do not exist. Bronchopulmonary dysplasia (BPD) "
            "is common. BPD infants received MSCs. BPD severity fell.")
    assert condition(make_doc("A pilot study", body)) == "bronchopulmonary dysplasia"


def test_background_list_of_other_diseases_loses() -> None:
    body = ("MSCs have been tried in several diseases, such as Crohn's disease, multiple sclerosis "
            "and graft-versus-host disease. Here, twelve patients with heart failure were infused.")
    assert condition(make_doc("A pilot study", body)) == "heart failure"


def test_exclusion_criteria_lose() -> None:
    body = ("Patients with chronic kidney disease were excluded. Patients with chronic kidney disease "
            "or cirrhosis were excluded. We enrolled patients with critical limb ischemia.")
    assert condition(make_doc("A pilot study", body)) == "critical limb ischemia"


def test_animal_model_names_stand_for_the_disease() -> None:
    doc = make_doc("MSCs in murine collagen-induced arthritis", "Mice were treated.")
    assert condition(doc) == "rheumatoid arthritis"
    doc = make_doc("MSCs ameliorate psoriasis-like skin lesions in mice", "Mice were treated.")
    assert condition(doc) == "psoriasis"


def test_other_languages() -> None:
    assert condition(make_doc("Fallserie: Patienten mit M. Crohn", "Sechs Patienten.")) == (
        "crohn's disease")
    assert condition(make_doc("脐带间充质干细胞治疗系统性硬化症", "二十例患者。")) == (
        "systemic sclerosis")
    assert condition(make_doc("Traitement de la polyarthrite rhumatoïde", "Dix patients.")) == (
        "rheumatoid arthritis")


def test_words_run_together() -> None:
    body = "Patients with systemic lupuserythematosus received MSCs."
    assert condition(make_doc("A pilot study", body)) == "systemic lupus erythematosus"


def test_nothing_stated_gives_nothing() -> None:
    assert extract(make_doc("Cell expansion in bioreactors", "MSCs were cultured for ten days.")) == []
