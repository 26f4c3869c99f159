"""Who donated the therapeutic MSCs (``donor``): ``allogeneic`` or ``autologous``; nothing
when the text does not say.

Words are data (``vocab/donors.csv``):

- ``donor.named``: a word that names the relation (``allogeneic``, ``autologe``,
  ``allogénique``, ``haploidentical``, ``off-the-shelf``, ``自体``);
- ``donor.described``: a donor description that implies it (``healthy donors``,
  ``patients' siblings``, ``unverwandter Spender``, ``the patient's own``); weaker, and ignored
  where the passage is about animals (human cells in mice are xenogeneic, mouse cells in mice
  syngeneic: neither value applies).

A donor word only counts for the MSCs: when what it qualifies is another graft
(``autologous haematopoietic stem cell transplantation``, ``allogeneic HSCT``, ``autologous
chondrocytes``), i.e. a ``non_msc`` word follows before any cell word, it is skipped. Mentions
in sentences about the cells or in the title weigh more, hypothetical sentences less; the
relation with the highest total wins, per study population.

What does not belong here: the tissue the cells come from (``cell_source.py``).
"""

from __future__ import annotations

from functools import cache

from pipeline.extract.cell_source import cell_words
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import Population, population_at, study_populations
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
)

_QUALIFIED_WINDOW = 60   # characters after a donor word in which to look for what it qualifies
_IN_CELL_SENTENCE, _ELSEWHERE = 1.0, 0.3
_TITLE_BONUS = 3.0
_HYPOTHETICAL_DISCOUNT = 0.5
_RULES = {"donor": "donor.named", "donor_phrase": "donor.described"}


@cache
def _matcher() -> TermMatcher:
    return TermMatcher(vocab_terms("donors"), shared=True)


def extract(doc: CleanDocument) -> list[Fact]:
    """One ``donor`` fact per study population (see the module docstring)."""
    mentions = _mentions(doc)
    return [fact_at(doc, doc.study, m.start, m.end, "donor", m.value, m.rule, population=population)
            for population, m, _ in best_per_population(doc, mentions)]


def _mentions(doc: CleanDocument) -> list[Mention]:
    text = doc.study.text
    matches = _matcher().find(text)
    cells = cell_words(text)
    sentences = split_sentences(text)
    title_start, title_end = title_range(doc)
    populations = study_populations(doc)
    out = []
    for m in matches:
        if m.term.kind not in _RULES:
            continue
        s_start, s_end = sentence_span(sentences, m.start, len(text))
        if _qualifies_other_graft(m, matches, cells, min(s_end, m.end + _QUALIFIED_WINDOW)):
            continue
        if m.term.kind == "donor_phrase" and _about_animals(doc, populations, m.start):
            continue
        about_cells = bool(starting_in(cells, s_start, s_end))
        weight = m.term.weight * (_IN_CELL_SENTENCE if about_cells else _ELSEWHERE)
        if title_start <= m.start < title_end:
            weight += _TITLE_BONUS * m.term.weight
        if is_hypothetical(text[s_start:s_end]):
            weight *= _HYPOTHETICAL_DISCOUNT
        out.append(Mention(m.key, m.start, m.end, weight, _RULES[m.term.kind]))
    return out


def _about_animals(doc: CleanDocument, populations: list[Population], pos: int) -> bool:
    return population_at(doc, populations, pos) not in (None, "human")


def _qualifies_other_graft(m: TermMatch, matches: list[TermMatch], cells: list[TermMatch],
                           limit: int) -> bool:
    """True when a ``non_msc`` word follows ``m`` (before ``limit``) ahead of any cell word."""
    other = next((x.start for x in matches
                  if x.term.kind == "non_msc" and m.end <= x.start < limit), None)
    if other is None:
        return False
    cell = next((c.start for c in cells if m.end <= c.start < limit), None)
    return cell is None or other < cell
