"""Species cues, study-design cues, and which population a position is about."""

from __future__ import annotations

from pipeline.model import CleanDocument, Section
from pipeline.populations import (
    population_at,
    species_before,
    species_mentions,
    study_cues,
    study_populations,
)
from pipeline.text import MappedText


def _doc(text: str, **kw) -> CleanDocument:
    mapped = MappedText.identity(text)
    return CleanDocument("t", text, mapped, mapped, **kw)


def test_species_mentions_skip_cell_source_adjectives():
    text = "Human umbilical cord MSCs were given to mice and to patients."
    assert [(m.species, m.word) for m in species_mentions(text)] == [
        ("mouse", "mice"), ("human", "patients")]


def test_strain_names_are_case_sensitive():
    assert [m.species for m in species_mentions("NOD mice")] == ["mouse", "mouse"]
    assert species_mentions("a nod of approval") == []


def test_subject_words_in_every_script_keep_their_species():
    text = "xſheep, 患者 und пациенты; C57BL/6 mice and nude mice"
    assert [(m.species, m.word) for m in species_mentions(text)] == [
        ("human", "患者"), ("human", "пациенты"), ("mouse", "C57BL/6"), ("mouse", "mice"),
        ("mouse", "nude mice")]


def test_species_before_is_the_nearest_earlier_mention():
    text = "Mice were treated. Then patients were treated."
    mentions = species_mentions(text)
    assert species_before(mentions, text.index("Then")) == "mouse"
    assert species_before(mentions, len(text)) == "human"


def test_study_cues_name_numbered_subjects_and_animal_models():
    text = "Twenty-one patients and a rat model of stroke; in nude mice; Sprague-Dawley rats were used."
    assert [(c.species, c.word) for c in study_cues(text)] == [
        ("human", "Twenty-one patients"), ("rat", "rat model"), ("mouse", "in nude mice"),
        ("rat", "rats were")]


def test_animal_cues_start_at_every_occurrence_of_the_animal_words():
    text = "BALB/c mice model; mice were dosed and rats received cells."
    assert [(c.species, c.word) for c in study_cues(text)] == [
        ("mouse", "BALB/c mice model"), ("mouse", "mice were"), ("rat", "rats received")]


def test_number_words_need_a_word_start():
    assert study_cues("We often patients see.") == []


def test_title_decides_the_primary_population():
    text = "Cells in a canine model of arthritis\nDogs were treated; owners and patients were informed."
    assert [p.species for p in study_populations(_doc(text))] == ["dog"]


def test_title_span_is_used_when_known():
    text = "Intro line\nA mouse model of colitis\nTwo patients were mentioned."
    start = text.index("A mouse")
    doc = _doc(text, title_span=(start, start + len("A mouse model of colitis")))
    assert [p.species for p in study_populations(doc)][0] == "mouse"


def test_background_cues_add_no_population():
    background = "Background: MSCs helped in mice with lupus. "
    methods = "Methods: twelve patients were treated."
    text = background + methods
    sections = [Section("background", 0, len(background)), Section("methods", len(background), len(text))]
    assert [p.species for p in study_populations(_doc(text, sections=sections))] == ["human"]


def test_population_at_uses_sentence_then_nearest_cue():
    text = ("Toxicity was tested in lupus mouse models. The mice gained weight. "
            "Seven patients were enrolled. Doses were escalated.")
    doc = _doc(text)
    populations = study_populations(doc)
    assert {p.species for p in populations} == {"human", "mouse"}
    assert population_at(doc, populations, text.index("Toxicity")) == "mouse"
    assert population_at(doc, populations, text.index("gained")) == "mouse"
    assert population_at(doc, populations, text.index("escalated")) == "human"


def test_population_at_with_one_population_is_that_population():
    doc = _doc("Ten patients were treated. Cells were safe.")
    assert population_at(doc, study_populations(doc), 30) == "human"
    assert population_at(doc, [], 0) is None


def test_subject_words_need_a_word_start_except_in_non_latin_scripts():
    assert species_mentions("Xmice and micelles") == []
    assert [(m.species, m.word) for m in species_mentions("共有患者12名，小鼠")] == [
        ("human", "患者"), ("mouse", "小鼠")]


def test_animal_cues_need_the_species_words():
    assert [c.word for c in study_cues("a rat model, then in rats")] == ["rat model", "in rats"]
    assert study_cues("a ratsbane model, then in ratsbane") == []
