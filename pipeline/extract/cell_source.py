"""Where the therapeutic MSCs come from (``cell_source``): ``bone marrow``, ``adipose``,
``umbilical cord``, ``umbilical cord blood``, ``placenta``, ``dental pulp``, ``menstrual blood``
or ``other``.

Tissue words and cell names are data (``vocab/cell_sources.csv``); the longest term wins, so
``umbilical cord blood`` is not ``umbilical cord`` and ``bone marrow transplantation`` is not
a source. A mention counts for how closely it is tied to the cells:

- ``cell_source.cell_name``: a name that carries its tissue (``BM-MSCs``, ``hUC-MSCs``, ``ADSCs``);
- ``cell_source.tissue_of_cells``: a tissue word right before a cell word or ``-derived``
  (``bone marrow-derived MSCs``), or right after ``isolated from`` / ``aus dem`` /
  ``issues de`` (``MNCs were isolated from BM specimens``);
- ``cell_source.tissue_in_cell_sentence``: a tissue word in a sentence about the cells;
- anything else counts little (``bone marrow aspiration`` as a procedure, ``synovial tissue``).

Title mentions weigh more; sentences listing three or more sources ("MSCs from bone marrow,
adipose tissue and umbilical cord") and hypothetical sentences weigh less. The source with
the highest total wins, per study population; a total below ``_MIN_SCORE`` gives nothing.

:func:`cell_words` (the cell nouns and cell names of a text) is shared with ``donor`` and
``route``, which need to know whether a sentence is about the cells.

What does not belong here: who donated the cells (``donor.py``), how they were given (``route.py``).
"""

from __future__ import annotations

from functools import cache, lru_cache

from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.sentences import is_hypothetical, split_sentences
from pipeline.terms import (
    Mention,
    TermMatch,
    TermMatcher,
    best_per_population,
    sentence_span,
    starting_in,
    title_range,
    vocab_terms,
    with_abbreviations,
)

_SOURCE_KINDS = {"source", "cells", "not_source"}
_CELL_KINDS = {"cells", "cell_noun"}
_TIE_KINDS = {"cells", "cell_noun", "derived"}
_TIE_WINDOW = 40     # characters from a tissue word to the cell word or "-derived" it qualifies
_FROM_WINDOW = 25    # characters from "isolated from" to the tissue word
_TIED, _IN_CELL_SENTENCE, _UNTIED = 2.0, 1.0, 0.25
_TITLE_BONUS = 3.0
_LIST_SENTENCE_SOURCES, _LIST_DISCOUNT = 3, 0.3
_HYPOTHETICAL_DISCOUNT = 0.5
_MIN_SCORE = 0.5


@cache
def _matcher() -> TermMatcher:
    return TermMatcher(vocab_terms("cell_sources"), shared=True)


@lru_cache(maxsize=8)  # condition, donor and route ask again about the same text
def _find(text: str) -> tuple[TermMatch, ...]:
    return tuple(_matcher().find(text))


def cell_words(text: str) -> list[TermMatch]:
    """Mentions of the therapeutic cells in ``text``: cell nouns (``MSCs``, ``Stammzellen``,
    ``cells``) and cell names (``BM-MSCs``)."""
    return [m for m in _find(text) if m.term.kind in _CELL_KINDS]


def extract(doc: CleanDocument) -> list[Fact]:
    """One ``cell_source`` fact per study population (see the module docstring)."""
    text = doc.study.text
    found = list(_find(text))
    sources = with_abbreviations(text, [m for m in found if m.term.kind == "source"], kind="source")
    matches = sorted({(m.start, m.end): m for m in found + sources}.values(), key=lambda m: m.start)
    mentions = _mentions(doc, matches)
    facts = []
    for population, evidence, score in best_per_population(doc, mentions):
        if score >= _MIN_SCORE:
            facts.append(fact_at(doc, doc.study, evidence.start, evidence.end, "cell_source",
                                 evidence.value, evidence.rule, population=population))
    return facts


def _mentions(doc: CleanDocument, matches: list[TermMatch]) -> list[Mention]:
    text = doc.study.text
    sentences = split_sentences(text)
    title_start, title_end = title_range(doc)
    out = []
    for i, m in enumerate(matches):
        if m.term.kind not in _SOURCE_KINDS or m.term.weight == 0:
            continue
        s_start, s_end = sentence_span(sentences, m.start, len(text))
        in_sentence = starting_in(matches, s_start, s_end)
        weight, rule = _tie(m, matches, i, in_sentence)
        weight *= m.term.weight
        if title_start <= m.start < title_end:
            weight += _TITLE_BONUS * m.term.weight
        named_here = {x.key for x in in_sentence if x.term.kind in ("source", "cells")}
        if len(named_here) >= _LIST_SENTENCE_SOURCES:
            weight *= _LIST_DISCOUNT
        if is_hypothetical(text[s_start:s_end]):
            weight *= _HYPOTHETICAL_DISCOUNT
        out.append(Mention(m.key, m.start, m.end, weight, rule))
    return out


def _tie(m: TermMatch, matches: list[TermMatch], i: int, in_sentence: list[TermMatch]
         ) -> tuple[float, str]:
    """How closely mention ``matches[i]`` is tied to the cells, and the rule that says so."""
    if m.term.kind == "cells":
        return 1.0, "cell_source.cell_name"
    after = matches[i + 1] if i + 1 < len(matches) else None
    before = matches[i - 1] if i > 0 else None
    qualifies_cells = (after is not None and after in in_sentence and after.term.kind in _TIE_KINDS
                       and after.start - m.end <= _TIE_WINDOW)
    cells_taken_from = (before is not None and before.term.kind == "from"
                        and m.start - before.end <= _FROM_WINDOW)
    if qualifies_cells or cells_taken_from:
        return _TIED, "cell_source.tissue_of_cells"
    if any(x.term.kind in _CELL_KINDS for x in in_sentence):
        return _IN_CELL_SENTENCE, "cell_source.tissue_in_cell_sentence"
    return _UNTIED, "cell_source.tissue_mentioned"
