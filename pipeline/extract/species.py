"""Species: one ``species`` fact per study population the page reports, primary first.

A page can report a mouse toxicity study and a human phase I trial: two facts. Which
populations a page reports, and which one is primary, is decided by
:func:`pipeline.populations.study_populations` (title and study-design cues; cell-source
adjectives such as "human umbilical cord MSCs" given to mice are not populations). Each fact's
evidence is the population's strongest cue ("seven LN patients", "lupus mouse models").

What does not belong here: the cue words (``vocab/species.csv``) and the choice of
populations (``populations.py``).
"""

from __future__ import annotations

from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import study_populations


def extract(doc: CleanDocument) -> list[Fact]:
    return [
        fact_at(doc, doc.study, p.start, p.end, "species", p.species,
                f"species.{'study_cue' if p.kind == 'study' else 'subject_word'}",
                population=p.species)
        for p in study_populations(doc)
    ]
