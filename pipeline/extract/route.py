"""How the MSCs were given (``route``): ``intravenous``, ``intra-arterial``, ``intrathecal``,
``intramyocardial``, ``intra-articular``, ``subcutaneous``, ``local injection``,
``intraperitoneal`` or ``other``.

Route terms are data (``vocab/routes.csv``): ``intravenously``, ``i.v.``, ``tail vein``,
``intravenöse``, ``静脉注射`` are intravenous; ``intracoronary`` is intra-arterial;
``subarachnoid space`` intrathecal; ``into the knee joint`` intra-articular; ``intralesional``,
``intramuscular`` and perifistular injections local; ``systemic infusion`` is intravenous
but weaker evidence. A route defined as an abbreviation (``intra-articular (IA)``) counts again
where the abbreviation recurs.

Only the route of the cells counts. Route words that name a co-treatment, a test or a tissue
(``intravenous immunoglobulin``, ``subcutaneous adipose tissue``) are ``not_route`` terms, which
win as the longer match. A route is skipped when it delivers something else
(``intraperitoneal injection of streptozotocin``: a ``delivery_of`` word follows and no cell
word comes soon after it) or when it induces the disease (``arthritis was induced by
intra-articular injection of mBSA``: an ``induction`` word comes before it in the sentence with
no cell word in between). Mentions rank by their tie to the cells (``route.cell_sentence``: the
sentence names the cells), then the title, then how often they recur; the route with the
highest total wins, per study population. When any mention is tied to the cells, only tied
mentions compete; when two explicit routes are tied to the cells with comparable weight (a
comparison of routes, a patient treated by several), the route is left NULL.

What does not belong here: how many administrations (``administrations.py``), doses (``doses.py``).
"""

from __future__ import annotations

from functools import cache

from pipeline.extract.cell_source import cell_words
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

_DELIVERY_GAP = 25       # characters from the end of a route to "injection of"
_DELIVERED_WINDOW = 80   # characters after "injection of" in which the cells must be named
_IN_CELL_SENTENCE, _ELSEWHERE = 1.0, 0.5
_TITLE_BONUS = 3.0
_HYPOTHETICAL_DISCOUNT = 0.5
# mentions tied to the cells (their sentence names them, or the title): when any exist, routes
# named only elsewhere (how a disease was induced, a co-treatment) do not compete
_TIED_RULES = frozenset({"route.cell_sentence", "route.title"})
_STRONG_WEIGHT = 2.0       # an explicit route term in a cell sentence
_COMPETING_SHARE = 0.5     # a second route with this share of the first's weight makes it ambiguous


@cache
def _matcher() -> TermMatcher:
    return TermMatcher((t for t in vocab_terms("routes") if t.kind != "delivery_of"), shared=True)


@cache
def _delivery_matcher() -> TermMatcher:
    """``injection of`` and the like, matched apart because they overlap route terms
    (``intravenous injection`` + ``injection of``)."""
    return TermMatcher((t for t in vocab_terms("routes") if t.kind == "delivery_of"), shared=True)


def extract(doc: CleanDocument) -> list[Fact]:
    """One ``route`` fact per study population (see the module docstring)."""
    mentions = _mentions(doc)
    tied = [m for m in mentions if m.rule in _TIED_RULES]
    if tied:
        if _competing_routes(tied):
            return []
        mentions = tied
    return [fact_at(doc, doc.study, m.start, m.end, "route", m.value, m.rule, population=population)
            for population, m, _ in best_per_population(doc, mentions)]


def _competing_routes(tied: list[Mention]) -> bool:
    """True when the cells are given by two explicit routes of comparable weight (a study
    comparing intravenous and intrathecal delivery, a patient treated by three routes): no
    single route is the study's. Weak terms (``infusion``) never compete."""
    totals: dict[str, float] = {}
    for m in tied:
        if m.weight >= _STRONG_WEIGHT:
            totals[m.value] = totals.get(m.value, 0.0) + m.weight
    ranked = sorted(totals.values(), reverse=True)
    return len(ranked) >= 2 and ranked[1] >= _COMPETING_SHARE * ranked[0]


def _mentions(doc: CleanDocument) -> list[Mention]:
    text = doc.study.text
    found = _matcher().find(text)
    routes = with_abbreviations(text, [m for m in found if m.term.kind == "route"], kind="route")
    matches = sorted({(m.start, m.end): m for m in found + routes}.values(), key=lambda m: m.start)
    deliveries = _delivery_matcher().find(text)
    cells = cell_words(text)
    sentences = split_sentences(text)
    title_start, title_end = title_range(doc)
    out = []
    for m in matches:
        if m.term.kind != "route":
            continue
        s_start, s_end = sentence_span(sentences, m.start, len(text))
        if _delivers_other_agent(m, deliveries, cells):
            continue
        if _induces_disease(m, matches, cells, s_start):
            continue
        about_cells = bool(starting_in(cells, s_start, s_end))
        weight = m.term.weight * (_IN_CELL_SENTENCE if about_cells else _ELSEWHERE)
        rule = "route.cell_sentence" if about_cells else "route.mentioned"
        if title_start <= m.start < title_end:
            weight += _TITLE_BONUS * m.term.weight
            rule = "route.title"
        if is_hypothetical(text[s_start:s_end]):
            weight *= _HYPOTHETICAL_DISCOUNT
        out.append(Mention(m.key, m.start, m.end, weight, rule))
    return out


def _delivers_other_agent(m: TermMatch, deliveries: list[TermMatch],
                          cells: list[TermMatch]) -> bool:
    """True when ``injection of`` stands at or right after ``m`` and no cell word comes soon
    after it (``intraperitoneal injection of streptozotocin``)."""
    delivery = next((d for d in deliveries if m.start <= d.start <= m.end + _DELIVERY_GAP), None)
    if delivery is None:
        return False
    return not any(delivery.end <= c.start < delivery.end + _DELIVERED_WINDOW for c in cells)


def _induces_disease(m: TermMatch, matches: list[TermMatch], cells: list[TermMatch],
                     sentence_start: int) -> bool:
    """True when an induction word precedes ``m`` in its sentence with no cell word between."""
    cue = max((x.end for x in matches
               if x.term.kind == "induction" and sentence_start <= x.start < m.start), default=None)
    return cue is not None and not any(cue <= c.start < m.start for c in cells)
