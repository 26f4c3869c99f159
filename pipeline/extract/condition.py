"""The condition a study treats (``condition``): a lower-case preferred name from
``vocab/conditions.csv`` with its MeSH descriptor (``attrs["ontology_id"]``, when the
vocabulary is sure of it) and the text that named it (``attrs["synonym"]``).

Every synonym, translation and safe abbreviation of a condition is a mention; so is an
abbreviation the text defines (``lupus nephritis (LN)``, then ``LN``). Animal-model names stand
for their disease (``antigen-induced arthritis`` is rheumatoid arthritis, ``psoriasis-like``
lesions are psoriasis). Each mention weighs:

- more in the title (``condition.title``), and more right after ``patients with`` /
  ``treatment of`` or right before ``patients`` / ``model``, and in sentences about the cells;
- less in sentences that list or contrast diseases (``including``, ``such as``, three or more
  conditions named), in eligibility exclusions (``patients with severe comorbidities were
  excluded``) and in hypothetical sentences.

The context words are data (``vocab/condition_context.csv``). A condition's score is the sum
of its mentions; a more specific condition then takes over its parent's score when it is
itself stated with some weight (``lupus nephritis`` beats ``systemic lupus erythematosus``,
``knee osteoarthritis`` beats ``osteoarthritis``). The highest score wins, per study
population; the evidence is its heaviest mention (``condition.mentions`` when not the title).

What does not belong here: the study species (``populations.py``), the cells (``cell_source.py``).
"""

from __future__ import annotations

from functools import cache

from pipeline.extract.cell_source import cell_words
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.sentences import is_hypothetical, split_sentences
from pipeline.terms import (
    Mention,
    Term,
    TermMatch,
    TermMatcher,
    best_per_population,
    sentence_span,
    starting_in,
    title_range,
    vocab_terms,
    with_abbreviations,
)
from pipeline.vocab import load_vocab

_TITLE_BONUS = 4.0
_CELL_SENTENCE_FACTOR = 1.5
_CONTEXT_WORDS = 3        # words allowed between "patients with" and the condition
_CONTEXT_GAP = 40         # characters allowed between them
_LIST_SENTENCE_CONDITIONS, _LIST_DISCOUNT = 3, 0.5
_HYPOTHETICAL_DISCOUNT = 0.5
# a specific condition takes over its parent's score when its own score reaches this share of
# the parent's (and at least one full mention)
_TAKEOVER_SHARE = 0.2


@cache
def _conditions() -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in load_vocab("conditions")}


@cache
def _matcher() -> TermMatcher:
    terms = [Term(text.strip(), name, "synonym")
             for name, row in _conditions().items()
             for text in [name, *row["synonyms"].split("|")] if text.strip()]
    return TermMatcher(terms, shared=True)


@cache
def _context_matcher() -> TermMatcher:
    return TermMatcher(vocab_terms("condition_context"), shared=True)


def extract(doc: CleanDocument) -> list[Fact]:
    """One ``condition`` fact per study population (see the module docstring)."""
    text = doc.study.text
    mentions = _mentions(doc, with_abbreviations(text, _matcher().find(text)))
    facts = []
    for population, m, _ in best_per_population(doc, mentions, rescore=_specific_over_parent):
        ontology_id = _conditions()[m.value]["mesh_id"]
        attrs = {"ontology_id": f"MESH:{ontology_id}" if ontology_id else None,
                 "synonym": text[m.start:m.end]}
        facts.append(fact_at(doc, doc.study, m.start, m.end, "condition", m.value, m.rule,
                             population=population, attrs=attrs))
    return facts


def _mentions(doc: CleanDocument, matches: list[TermMatch]) -> list[Mention]:
    text = doc.study.text
    sentences = split_sentences(text)
    context = _context_matcher().find(text)
    cells = cell_words(text)
    title_start, title_end = title_range(doc)
    out = []
    for m in matches:
        sentence = sentence_span(sentences, m.start, len(text))
        weight = _treated_here(m, context, text)
        for factor in _sentence_factors(text, sentence, matches, context, cells):
            weight *= factor
        rule = "condition.mentions"
        if title_start <= m.start < title_end:
            weight += _TITLE_BONUS
            rule = "condition.title"
        out.append(Mention(m.key, m.start, m.end, weight, rule))
    return out


def _sentence_factors(text: str, sentence: tuple[int, int], matches: list[TermMatch],
                      context: list[TermMatch], cells: list[TermMatch]) -> list[float]:
    """What the weight of a mention in ``sentence`` (its span) is multiplied by, in turn: the
    sentence is about the cells; a background or exclusion cue; a list of conditions; a
    hypothetical statement."""
    s_start, s_end = sentence
    factors = []
    if starting_in(cells, s_start, s_end):
        factors.append(_CELL_SENTENCE_FACTOR)
    cues_here = starting_in(context, s_start, s_end)
    for kind in ("background", "exclusion"):
        cues = [c for c in cues_here if c.term.kind == kind]
        if cues:
            factors.append(cues[0].term.weight)
    named_here = {x.key for x in starting_in(matches, s_start, s_end)}
    if len(named_here) >= _LIST_SENTENCE_CONDITIONS:
        factors.append(_LIST_DISCOUNT)
    if is_hypothetical(text[s_start:s_end]):
        factors.append(_HYPOTHETICAL_DISCOUNT)
    return factors


def _treated_here(m: TermMatch, context: list[TermMatch], text: str) -> float:
    """The weight of a cue that ``m`` is the treated condition (``patients with [severe] X``,
    ``treatment of X``, ``X patients``, ``X model``), 1.0 without one."""
    for c in context:
        before = (c.term.kind == "treated_before" and 0 <= m.start - c.end <= _CONTEXT_GAP
                  and len(text[c.end:m.start].split()) <= _CONTEXT_WORDS)
        after = (c.term.kind == "treated_after" and 0 <= c.start - m.end <= _CONTEXT_GAP
                 and len(text[m.end:c.start].split()) <= 1)
        if before or after:
            return c.term.weight
    return 1.0


def _specific_over_parent(scores: dict[str, float]) -> dict[str, float]:
    """Let each stated condition take over the scores of its stated ancestors, deepest first."""
    for name in sorted(scores, key=lambda n: -len(_ancestors(n))):
        for ancestor in _ancestors(name):
            parent_score = scores.get(ancestor, 0.0)
            if parent_score and scores[name] >= max(1.0, _TAKEOVER_SHARE * parent_score):
                scores[name] += parent_score
                scores[ancestor] = 0.0
    return {n: s for n, s in scores.items() if s > 0}


@cache
def _ancestors(name: str) -> tuple[str, ...]:
    chain = []
    parent = _conditions()[name]["parent"]
    while parent and parent not in chain:
        chain.append(parent)
        parent = _conditions()[parent]["parent"]
    return tuple(chain)
