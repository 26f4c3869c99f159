"""Species facts: one per study population, primary first, evidence on the strongest cue."""

from __future__ import annotations

from pipeline.extract.species import extract
from pipeline.model import CleanDocument
from pipeline.text import MappedText


def _doc(text: str) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped)


def _species(text: str) -> list[tuple[str, str]]:
    return [(f.value, text[f.start:f.end]) for f in extract(_doc(text))]


def test_human_trial_with_mouse_toxicity_study_gives_two_populations():
    text = ("Stromal cells in lupus animal models and a phase I clinical trial in humans\n"
            "Toxicity was tested using lupus mouse models. We then treated seven LN patients.")
    assert _species(text) == [("human", "seven LN patients"), ("mouse", "mouse models")]


def test_cell_source_adjective_is_not_a_population():
    text = ("Human umbilical cord MSCs ameliorate psoriasis in BALB/c mice\n"
            "Human umbilical cord mesenchymal stem cells were injected into BALB/c mice.")
    assert [s for s, _ in _species(text)] == ["mouse"]


def test_human_disease_studied_only_in_mice_is_mouse_only():
    text = ("Stem cells reduce cartilage damage in murine antigen-induced arthritis\n"
            "Rheumatoid arthritis is a painful disease in patients. Mice with arthritis were injected.")
    assert [s for s, _ in _species(text)] == ["mouse"]


def test_animal_models_without_a_species_add_no_population():
    text = ("Cells in osteoarthritis: preclinical and clinical trial\n"
            "A preclinical animal model was used. In the clinical study, 60 OA patients were randomized.")
    assert _species(text) == [("human", "60 OA patients")]


def test_a_keyword_mention_of_mice_adds_no_population():
    text = ("Cells in type 1 diabetes: a clinical study\nKeywords: INFUSION; MICE;\n"
            "Fifty-three participants were enrolled.")
    assert [s for s, _ in _species(text)] == ["human"]


def test_rat_and_german_populations():
    assert [s for s, _ in _species("Rats were given cells after spinal cord injury.")] == ["rat"]
    assert _species("Methodik: N=6 Patienten wurden mit MSC behandelt.") == [("human", "N=6 Patienten")]


def test_hypothetical_mentions_do_not_make_populations():
    text = "Twelve patients received cells. Future studies in dogs would be useful."
    assert [s for s, _ in _species(text)] == ["human"]


def test_no_species_cue_gives_no_fact():
    assert extract(_doc("Stromal cells secrete cytokines.")) == []


def test_fact_population_and_rule():
    fact = extract(_doc("Sixteen patients were enrolled."))[0]
    assert (fact.field, fact.value, fact.population, fact.rule) == (
        "species", "human", "human", "species.study_cue")


def test_animals_of_earlier_or_cited_work_add_no_population():
    text = ("Cells for knee osteoarthritis: a randomized trial\nForty patients were randomized. "
            "Cells reduced inflammation in rats in earlier work [12].")
    assert [s for s, _ in _species(text)] == ["human"]
