"""Design flags: one ``design_flag`` fact per flag per population.

Flags are the contract's set (``randomized``, ``non-randomized``, ``open-label``,
``double-blind``, ``placebo-controlled``, ``single-arm``, ``dose-escalation``, ``controlled``,
``multicenter``, ``single-center``); their wording in each language is data
(``vocab/design_flags.csv``). Patterns match from a word start without an end boundary, so
words run together at lost line breaks still count. Where matches overlap, the earliest (then
the longest) wins: "non-randomized" is not also "randomized", "placebo-controlled" is not also
"controlled", and negations ("non-controlled", "uncontrolled") yield nothing. Statements about
other or future studies do not count: matches in hypothetical sentences, in background
sections or describing plural trials ("in randomized controlled trials") are skipped.
English wording counts on every page, another language's only on a page in that language (a
translated copy left in the text repeats, without context, what the English says). Each
flag's evidence is its first occurrence (the title comes first in the study text) for the
population its sentence is about.

What does not belong here: the trial phase (``phase.py``), the populations (``populations.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.alternation import by_first_letter, first_characters
from pipeline.model import CleanDocument, Fact, fact_at
from pipeline.populations import population_at, study_populations
from pipeline.sentences import is_hypothetical, sentence_at, split_sentences
from pipeline.vocab import load_vocab

# the flag of vocabulary rows that negate a flag rather than state one
_NEGATION = "none"
_BACKGROUND_SECTIONS = frozenset({"background", "introduction"})
# a design stated of plural trials describes other studies ("randomized controlled trials")
_PLURAL_TRIALS = re.compile(r"[\s,]*(?:[\w-]+[\s,]+){0,3}?(?:clinical\s+)?(?:trials|studies)\b", re.I)
# a match starts where no Latin letter or digit precedes ("uncontrolled" is not "controlled");
# unlike \b this also works inside Chinese text, which has no word boundaries
_WORD_START = r"(?<![0-9A-Za-zÀ-ÿ])"


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    flag: str


@cache
def _patterns(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """English wording (used worldwide) plus the wording of the document's own language."""
    return tuple((row["flag"], re.compile(rf"{_WORD_START}(?:{row['pattern']})", re.I))
                 for row in _rows(language))


@cache
def _any_pattern(language: str) -> re.Pattern[str]:
    """Where any of ``_patterns(language)`` matches (a zero-width match there)."""
    either = by_first_letter([row["pattern"] for row in _rows(language)])
    return re.compile(rf"{_WORD_START}(?=(?:{either}))", re.I)


@cache
def _patterns_by_first_character(language: str) -> tuple[dict[str, tuple[int, ...]], tuple[int, ...]]:
    """Which of ``_patterns(language)`` can match where a character stands (indices in
    order), and which can match wherever: trying only those spares most ``match`` calls."""
    firsts = [first_characters(row["pattern"]) for row in _rows(language)]
    anywhere = tuple(i for i, chars in enumerate(firsts) if chars is None)
    by_character = {char: tuple(i for i, chars in enumerate(firsts) if chars is None or char in chars)
                    for char in set().union(*(chars for chars in firsts if chars is not None))}
    return by_character, anywhere


def _rows(language: str) -> list[dict[str, str]]:
    return [row for row in load_vocab("design_flags") if row["lang"] in ("en", language)]


def extract(doc: CleanDocument) -> list[Fact]:
    text = doc.study.text
    sentences = split_sentences(text)
    populations = study_populations(doc)
    facts: dict[tuple[str, str | None], Fact] = {}
    for m in _design_matches(text, doc.language):
        if m.flag == _NEGATION or _in_background(doc, m.start) or _PLURAL_TRIALS.match(text, m.end):
            continue
        sentence = sentence_at(sentences, m.start)
        if sentence is not None and is_hypothetical(sentence.text):
            continue
        population = population_at(doc, populations, m.start)
        if (m.flag, population) not in facts:
            facts[(m.flag, population)] = fact_at(doc, doc.study, m.start, m.end, "design_flag",
                                                  m.flag, f"design.{m.flag}", population=population)
    return list(facts.values())


def _design_matches(text: str, language: str) -> list[_Match]:
    """Non-overlapping design matches in text order; of overlapping ones the earliest, then the
    longest, wins."""
    patterns = _patterns(language)
    by_character, anywhere = _patterns_by_first_character(language)
    # one scan for the few positions where some pattern matches, instead of one scan per
    # pattern; at each, every pattern's match as its own finditer would find it (a
    # pattern's next match starts no earlier than where its last one ended)
    resume = [0] * len(patterns)
    found = []
    for position in (m.start() for m in _any_pattern(language).finditer(text)):
        for i in by_character.get(text[position:position + 1], anywhere):
            flag, pattern = patterns[i]
            if position >= resume[i] and (m := pattern.match(text, position)):
                resume[i] = m.end()
                if m.end() > m.start():
                    found.append(_Match(m.start(), m.end(), flag))
    kept: list[_Match] = []
    for m in sorted(found, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _in_background(doc: CleanDocument, pos: int) -> bool:
    raw = doc.study.starts[pos]
    return any(s.name.lower() in _BACKGROUND_SECTIONS and s.start <= raw < s.end
               for s in doc.sections)
