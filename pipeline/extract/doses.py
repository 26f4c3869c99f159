"""Cell doses: one ``dose`` fact per distinct dose level given to a study population.

A dose is a number phrase (read by ``pipeline.dose_notation``) followed by a cell noun and/or
a per-kg unit (``2.0×106 cells/kg``, ``1 × 10 bone marrow-derived ... cells per kg
bodyweight``, ``500,000 mMSCs``, ``1×107/kg`` after a cell noun), or a number in parentheses
after a cell noun (``Cells (1x106)``). Per kg of body weight gives ``cells/kg``; a count given
to a subject gives ``cells/head``. Concentrations (cells/ml), densities (cells/cm², per well),
counts "per 10^6 cells" and in-vitro seeding are not doses, and a per-subject count needs a
dosing word (injected, infused, received, dose ...) in its sentence unless its unit says
per subject ("cells/head", "per mouse").

Facts: value = cells (float), or None with ``attrs.repair_reason`` when an exponent cannot be
repaired or the value is implausible; ``population`` = the species the dose was given to
(a cue inside the unit, "per mouse"; per-head wording, which is animal-study language; the
nearest species cue before the dose in its sentence or the previous one; else the document's
primary population). The same (value, unit, species) is reported once, at its first mention.

What does not belong here: the number grammar and exponent repair (``dose_notation.py``) and
conversion between cells/kg and cells/head (``harmonize.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline import dose_notation
from pipeline.extract import species as species_extractor
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import SpeciesMention, species_before, species_mentions
from pipeline.sentences import Sentence, is_hypothetical, sentence_at, split_sentences
from pipeline.vocab import load_vocab

_DECIMAL_COMMA_LANGUAGES = {"de", "fr", "es", "it", "pt", "nl"}


def _alternation(kind: str) -> str:
    return "|".join(f"(?:{r['pattern']})" for r in load_vocab("dose_terms") if r["kind"] == kind)


_CELL_NOUN = _alternation("cell_noun")
_PER_KG = _alternation("per_kg")
_PER_HEAD = _alternation("per_head")
# words that may stand between a number and its cell noun ("bone marrow-derived mesenchymal
# stromal cells"); never a number, a preposition or a verb of the sentence
_MODIFIER = (r"(?!(?:per|in|of|and|or|to|with|mit|avec|con|was|were|is|are|from|for|at|on|the|a|an|by|than|"
             r"into|via|every|each|received|injected|infused|given)\b)[A-Za-z][\w\-+®]*")
_UNIT = (rf"(?P<noun>(?:of\s+)?(?:{_MODIFIER}\s+){{0,5}}?(?:{_CELL_NOUN})(?![\w\-]))"
         rf"(?:\s*(?P<per_kg>{_PER_KG})|\s*(?P<per_head>{_PER_HEAD}))?"
         rf"|(?P<bare_kg>{_PER_KG})")
# a number phrase then its unit: "2.0×106 cells/kg", "0.5 to 2 ×106 cell/kg", "1×107/kg"
_NUMBER_UNIT = re.compile(rf"(?P<expr>{dose_notation.EXPRESSION})\s*(?:{_UNIT})(?![\w\-])", re.I)
# a cell noun then the number in parentheses: "Cells (1x106)", "MSCs (2 × 10^6/kg)"
_NOUN_PAREN = re.compile(
    rf"(?:{_CELL_NOUN})\s*\(\s*(?P<expr>{dose_notation.EXPRESSION})\s*(?P<per_kg>{_PER_KG})?\s*\)",
    re.I)
# the two halves of _NOUN_PAREN, tested apart around each "(" (see _noun_paren_possible)
_PAREN_NUMBER = re.compile(rf"\(\s*(?:{dose_notation.EXPRESSION})\s*(?:{_PER_KG})?\s*\)", re.I)
_NOUN_AT_END = re.compile(rf"(?:{_CELL_NOUN})$", re.I)
# longer than any cell noun needs to be read for it to match (an acronym's letters before
# "MSC" are optional)
_NOUN_LENGTH = 40
_NOUN_BEFORE = re.compile(rf"(?:{_CELL_NOUN})(?![\w\-])", re.I)
_NOT_DOSE = re.compile(rf"\s*(?:{_alternation('not_dose')})", re.I)
# Chinese, Japanese and Korean words have no word boundary before them ("关节内注射")
_ADMINISTRATION = re.compile(rf"(?:\b|(?=[\u3040-\u9fff\uac00-\ud7af]))(?:{_alternation('administration')})", re.I)
_IN_VITRO = re.compile(rf"\b(?:{_alternation('in_vitro')})\b", re.I)
_PER_ADMINISTRATION = re.compile(rf"\b(?:{_alternation('per_administration')})", re.I)
_PER_TOTAL = re.compile(rf"\b(?:{_alternation('per_total')})\b", re.I)
_ANIMAL_WORDING = re.compile(
    "|".join(f"(?:{r['pattern']})" for r in load_vocab("dose_terms")
             if r["kind"] == "per_head" and r["value"] == "animal"), re.I)
# a number preceded by these counts something per cells ("per 10^6 cells", "/10^5 MSCs")
_COUNTED_PER = re.compile(r"(?:\bper|/|\bin|\bof every)\s*$", re.I)
# how far before a bare "/kg" dose its cell noun may stand ("stem cells 1×107/kg")
_NOUN_REACH = 80
# how close "total" must stand before a dose to make it a cumulative dose
_TOTAL_REACH = 30
# a per-subject figure right after a per-kg dose, in parentheses, restates it
_RESTATED = re.compile(r"\s*\(\s*")
# a per-subject figure after these words caps a per-kg dose
_CAP = re.compile(r"\b(?:maximum|max\.?|not\s+(?:to\s+)?exceed(?:ing)?|capped\s+at|at\s+most)\b"
                  r"(?:\s+(?:total\s+)?(?:dose|of))?\s*$", re.I)
_CAP_REACH = 30


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int           # of the whole phrase in the study text
    end: int
    expr_start: int      # of the number phrase
    expr: str
    unit: str
    unit_text: str       # the unit words, searched for a species ("per mouse")
    rule: str
    per_subject: bool = False  # the unit says per subject ("/head", "per mouse"): dose wording


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for m in _NUMBER_UNIT.finditer(text):
        if m.group("noun") and _NOT_DOSE.match(text, m.end("noun")) and not m.group("per_kg"):
            continue
        if m.group("bare_kg") and not _NOUN_BEFORE.search(text, max(0, m.start() - _NOUN_REACH),
                                                          m.start()):
            continue
        if _COUNTED_PER.search(text, max(0, m.start() - 12), m.start()):
            continue
        per_kg = m.group("per_kg") or m.group("bare_kg")
        unit_text = m.group(0)[m.end("expr") - m.start():]
        found.append(_Candidate(m.start(), m.end(), m.start("expr"), m.group("expr"),
                                "cells/kg" if per_kg else "cells/head", unit_text,
                                "doses.number_then_unit" if m.group("noun") else
                                "doses.per_kg_after_cell_noun", bool(m.group("per_head"))))
    taken = [(c.start, c.end) for c in found]
    noun_paren = _NOUN_PAREN.finditer(text) if _noun_paren_possible(text) else ()
    for m in noun_paren:
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        found.append(_Candidate(m.start(), m.end(), m.start("expr"), m.group("expr"),
                                "cells/kg" if m.group("per_kg") else "cells/head", "",
                                "doses.cell_noun_then_number"))
    return sorted(found, key=lambda c: c.start)


def _noun_paren_possible(text: str) -> bool:
    """False when ``_NOUN_PAREN`` cannot match: no "(" opens a number that a cell noun (and
    only whitespace) precedes. Scanning the page for cell nouns costs far more than this."""
    paren = text.find("(")
    while paren >= 0:
        if (_PAREN_NUMBER.match(text, paren)
                and _NOUN_AT_END.search(text[:paren].rstrip()[-_NOUN_LENGTH:])):
            return True
        paren = text.find("(", paren + 1)
    return False


def _primary_species(doc: CleanDocument, mentions: list[SpeciesMention]) -> str | None:
    """The species extractor's primary population, else the most mentioned species."""
    facts = species_extractor.extract(doc)
    if facts:
        return facts[0].value
    counts = Counter(m.species for m in mentions)
    return counts.most_common(1)[0][0] if counts else None


def _animal_species(mentions: list[SpeciesMention]) -> str | None:
    """The most mentioned non-human species of the document."""
    counts = Counter(m.species for m in mentions if m.species != "human")
    return counts.most_common(1)[0][0] if counts else None


def _species(c: _Candidate, sentences: list[Sentence], sentence: Sentence,
             mentions: list[SpeciesMention], primary: str | None) -> str | None:
    in_unit = species_mentions(c.unit_text)
    if in_unit:
        return in_unit[0].species
    if _ANIMAL_WORDING.search(c.unit_text):
        return _animal_species(mentions) or primary
    index = sentences.index(sentence)
    floor = sentences[index - 1].start if index else sentence.start
    return species_before(mentions, c.start, floor) or primary


def _per(text: str, c: _Candidate, sentence: Sentence) -> str | None:
    before = text[max(sentence.start, c.start - _TOTAL_REACH):c.start]
    after = text[c.end:min(sentence.end, c.end + _TOTAL_REACH)]
    if _PER_TOTAL.search(before) or re.match(r"\s*in total\b", after, re.I):
        return "total"
    if _PER_ADMINISTRATION.search(text, max(sentence.start, c.start - 40), min(sentence.end, c.end + 25)):
        return "administration"
    return None


def extract(doc: CleanDocument) -> list[Fact]:
    """One ``dose`` fact per distinct (value, unit, species), first mention first."""
    text = doc.study.text
    sentences = split_sentences(text)
    mentions = species_mentions(text)
    primary = _primary_species(doc, mentions)
    decimal_comma = doc.language in _DECIMAL_COMMA_LANGUAGES
    facts: list[Fact] = []
    seen: set[tuple] = set()
    candidates = _candidates(text)
    for c in candidates:
        sentence = sentence_at(sentences, c.start)
        if sentence is None or is_hypothetical(sentence.text):
            continue
        if c.unit == "cells/head" and _qualifies_per_kg(text, c, candidates, sentence):
            continue
        if c.unit == "cells/head" and _IN_VITRO.search(sentence.text):
            continue
        if c.unit == "cells/head" and not c.per_subject and not _ADMINISTRATION.search(sentence.text):
            continue
        expression = dose_notation.parse_expression(
            c.expr, text[sentence.start:c.expr_start], decimal_comma)
        if expression is None:
            continue
        species = _species(c, sentences, sentence, mentions, primary)
        per = _per(text, c, sentence)
        role = {"range": ("low", "high"), "list": ("list",) * len(expression.terms)}.get(
            expression.kind, (None,))
        for term, range_role in zip(expression.terms, role):
            if term.power == "none" and term.nominal < 1000:
                continue  # "3 cells", "two MSC infusions": not a dose
            reading = dose_notation.resolve(term, c.unit, species)
            start, end = _span(c, term, expression)
            key = (reading.value, c.unit, species) if reading.value else (text[start:end], species)
            if key in seen:
                continue
            seen.add(key)
            attrs = {"unit": c.unit, "species": species,
                     "exponent_repaired": reading.exponent_repaired,
                     "repair_reason": reading.repair_reason, "sd": reading.sd, "per": per,
                     "range_role": range_role}
            fact = fact_at(doc, doc.study, start, end, "dose", reading.value, c.rule,
                           population=species, note=reading.repair_reason, attrs=attrs)
            attrs["text"] = doc.raw_text[fact.start:fact.end]  # the phrase as the page has it
            facts.append(fact)
    return facts


def _qualifies_per_kg(text: str, c: _Candidate, candidates: list[_Candidate],
                      sentence: Sentence) -> bool:
    """True for a per-subject figure that qualifies a per-kg dose of its sentence rather than
    adding a level: its equivalent in parentheses ("1 million cells/kg (70 million cells)") or
    a cap ("1 million cells/kg, maximum dose 100 million cells")."""
    per_kg = [k for k in candidates if k.unit == "cells/kg" and sentence.start <= k.start < sentence.end]
    if not per_kg:
        return False
    if any(_RESTATED.fullmatch(text, k.end, c.start) for k in per_kg if k.end <= c.start):
        return True
    return bool(_CAP.search(text, max(sentence.start, c.start - _CAP_REACH), c.start))


def _span(c: _Candidate, term: dose_notation.Term,
          expression: dose_notation.Expression) -> tuple[int, int]:
    """Where a level stands: its own words when every level of a range or list is written in
    full (``1 x 10(6)`` and ``3 x 10(6) cells/kg``), else the whole phrase, which all levels
    share when a power of ten or scale word is written once (``0.5 to 2 ×106 cell/kg``)."""
    if c.rule == "doses.cell_noun_then_number":
        return c.start, c.end
    terms = expression.terms
    written_in_full = all(t.power_text and t.power_text in c.expr[t.start:t.end] for t in terms)
    if len(terms) > 1 and not written_in_full:
        return c.start, c.end
    end = c.end if term is terms[-1] else c.expr_start + term.end
    return c.expr_start + term.start, end
