"""Trial phase: one ``phase`` fact per population, in contract form with its AACT spelling.

Reads ``phase I``, ``Phase I/II``, ``phase I-IIa``, ``Phase 1/Phase 2``, ``early phase 1``,
registry enums (``PHASE1/PHASE2``, ``EARLY_PHASE1``), ``Phase-I-Studie``, ``fase II`` and
Chinese ``1/2期``, Japanese ``第I-II相``, Korean ``2상``, registry ``Phase 2 Phase 3``; writes ``1``, ``1/2``, ``2a``, ``1/2a``, ... with ``attrs["aact_phase"]``
(``PHASE1``, ``PHASE1/PHASE2``, ``EARLY_PHASE1``; a lettered sub-phase maps to its number).

A phase counts only when a trial noun stands next to it ("phase I clinical trial", "essai de
phase II", "1/2期研究") or it ends its line (a registry field, a title). It is skipped when its
word has another sense (``acute phase``), when the sentence is hypothetical ("a future phase
III trial"), when a marker just before it puts it in another study ("a previous phase II
trial"), when it names plural trials, or when it stands in a background section. Of the
remaining candidates the title's wins, then the methods', then the first in the text. Words
are data (``vocab/phases.csv``).

What does not belong here: design flags (``design.py``), the study population (``populations.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import population_at, study_populations
from pipeline.sentences import Sentence, is_hypothetical, sentence_at, split_sentences
from pipeline.vocab import load_vocab

_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
             "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4}
_NUMERAL = r"IV|I{1,3}|[1-4]|[ⅠⅡⅢⅣ]"
# phase pairs a trial can combine (AACT has no other combined phases)
_COMBINED = {(1, 2), (2, 3)}
# the word for phase in Chinese, Japanese and Korean
_CJK_PHASE = "期相상"
_RANGE_JOINER = r"\s*(?:/|-|–|\bto\b|\band\b|&)\s*"
# the numeral ends the word, or a word run together at a lost line break starts ("IINon-Randomized")
_WORD_END = r"(?-i:(?![a-z0-9]|[A-Z](?![a-z])))"
# up to four words between the phase and the noun that makes it a trial phase
_TO_TRIAL_NOUN = r"[\s,-]*(?:[^\s,]+[\s,-]+){0,4}?"
_LINE_END = re.compile(r"[ \t|]*(?:\n|$)")  # also the end of a table cell ("| Phase 2 |")
_PLURAL_TRIALS = re.compile(r"\s*(?:clinical\s+)?(?:trials|studies)\b", re.I)
_OTHER_STUDY_WINDOW = 40
_SECTION_RANK = {"title": 0, "methods": 1}
_BACKGROUND_SECTIONS = frozenset({"background", "introduction"})


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    value: str
    aact: str
    rule: str


@cache
def _phase_words() -> str:
    return "|".join(row["term"] for row in load_vocab("phases") if row["kind"] == "word")


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    phase_word = rf"(?:{_phase_words()})[\s_-]*"
    written = re.compile(
        rf"\b(?P<early>early[\s_-]*)?{phase_word}(?P<a>{_NUMERAL})(?P<a_sub>[ab])?"
        rf"(?:(?:{_RANGE_JOINER}|\s+(?={phase_word}))(?:{phase_word})?(?P<b>{_NUMERAL})(?P<b_sub>[ab])?)?"
        rf"{_WORD_END}",
        re.I,
    )
    # Chinese "1/2期", "Ⅰ期", Japanese "第I-II相", Korean "2상": the numeral comes before the
    # word for phase
    chinese = re.compile(rf"(?<![\d.])(?P<a>{_NUMERAL})(?P<a_sub>[ab])?"
                         rf"(?:\s*[/\-–~～]\s*(?P<b>{_NUMERAL})(?P<b_sub>[ab])?)?\s*[{_CJK_PHASE}]")
    return (("phase.written", written), ("phase.chinese", chinese))


@cache
def _vocab_pattern(kind: str) -> re.Pattern[str]:
    terms = "|".join(row["term"] for row in load_vocab("phases") if row["kind"] == kind)
    return re.compile(rf"\b(?:{terms})\b", re.I)


def extract(doc: CleanDocument) -> list[Fact]:
    """The best phase candidate per population (title, then methods, then first in text)."""
    text = doc.study.text
    sentences = split_sentences(text)
    ranked = sorted(_candidates(doc, sentences), key=lambda c: (_rank(doc, c.start), c.start))
    populations = study_populations(doc)
    facts: dict[str | None, Fact] = {}
    for c in ranked:
        population = population_at(doc, populations, c.start)
        if population not in facts:
            facts[population] = fact_at(doc, doc.study, c.start, c.end, "phase", c.value, c.rule,
                                        population=population, attrs={"aact_phase": c.aact})
    return list(facts.values())


def _candidates(doc: CleanDocument, sentences: list[Sentence]) -> list[_Candidate]:
    text = doc.study.text
    out = []
    for rule, pattern in _patterns():
        if rule == "phase.chinese" and not any(word in text for word in _CJK_PHASE):
            continue  # a cheap test spares most pages the scan
        for m in pattern.finditer(text):
            normalized = _normalize(m)
            if normalized is None:
                continue
            sentence = sentence_at(sentences, m.start())
            before = text[sentence.start if sentence else 0:m.start()]
            if _other_sense(before) or _other_study(before, text, m.end()):
                continue
            if not _names_a_trial(text, m.start(), m.end()):
                continue
            if sentence is not None and is_hypothetical(sentence.text):
                continue
            if _section_of(doc, m.start()) in _BACKGROUND_SECTIONS:
                continue
            out.append(_Candidate(m.start(), m.end(), *normalized, rule))
    return out


def _normalize(m: re.Match[str]) -> tuple[str, str] | None:
    """(contract value, AACT phase) for a phase match, or None for an impossible combination."""
    a = _NUMERALS[m.group("a").lower()]
    a_sub = (m.group("a_sub") or "").lower()
    if m.group("b") is None:
        early = bool(m.groupdict().get("early")) and a == 1
        return f"{a}{a_sub}", "EARLY_PHASE1" if early else f"PHASE{a}"
    b = _NUMERALS[m.group("b").lower()]
    if (a, b) not in _COMBINED:
        return None
    b_sub = (m.group("b_sub") or "").lower()
    return f"{a}{a_sub}/{b}{b_sub}", f"PHASE{a}/PHASE{b}"


def _other_sense(before: str) -> bool:
    """True when the word just before "phase" gives it a non-trial sense (acute phase)."""
    last_word = re.search(r"(\w+)[\s-]*$", before)
    return bool(last_word and _vocab_pattern("not_trial").fullmatch(last_word.group(1)))


def _other_study(before: str, text: str, end: int) -> bool:
    """True when the phase belongs to other trials: a marker just before it, or plural trials."""
    if _vocab_pattern("other_study").search(before[-_OTHER_STUDY_WINDOW:]):
        return True
    return bool(_PLURAL_TRIALS.match(text, end))


def _names_a_trial(text: str, start: int, end: int) -> bool:
    """True when a trial noun follows ("phase I clinical trial") or the phase ends its line, as a
    registry field or a title does; "in phase 1 cells were expanded" names a stage instead."""
    after, before = _trial_noun_patterns()
    return bool(after.match(text, end) or before.search(text[max(0, start - 40):start])
                or _LINE_END.match(text, end))


@cache
def _trial_noun_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A trial noun after the phase, or just before it ("un essai de phase II")."""
    nouns = "|".join(row["term"] for row in load_vocab("phases") if row["kind"] == "trial_noun")
    return (re.compile(rf"{_TO_TRIAL_NOUN}(?:{nouns})", re.I),
            re.compile(rf"\b(?:{nouns})(?:\s+(?:de\s+|of\s+)?|\s*[(（])$", re.I))  # "임상시험(2상)"


def _section_of(doc: CleanDocument, pos: int) -> str | None:
    raw = doc.study.starts[pos]
    return next((s.name.lower() for s in doc.sections if s.start <= raw < s.end), None)


def _rank(doc: CleanDocument, pos: int) -> int:
    """0 for the title, 1 for methods, 2 elsewhere; without a title span or sections the first
    line is the title."""
    if doc.title_span is not None and doc.title_span[0] <= doc.study.starts[pos] < doc.title_span[1]:
        return 0
    if doc.sections:
        return _SECTION_RANK.get(_section_of(doc, pos) or "", 2)
    if doc.title_span is not None:
        return 2
    text = doc.study.text
    first_line_end = text.find("\n", len(text) - len(text.lstrip()))
    return 0 if first_line_end < 0 or pos < first_line_end else 2
