"""Sentence boundaries and sentence-level context (hypothetical, negated).

Extractors use these to keep a fact inside the sentence that states it and to skip
statements about other studies ("Future placebo-controlled trials will ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

# a sentence ends at . ! ? or 。 followed by space/newline and an upper-case letter, digit
# or non-Latin character, or at a blank line / heading line break. Every alternative starts
# with the character it consumes (a lookbehind after it checks what precedes), so the engine
# rejects most positions with one comparison.
_BOUNDARY = re.compile(
    r"\s(?<=[.!?。]\s)\s*(?=[\"'(\[]?[A-Z0-9\u0370-\uffff])"  # end punctuation then a new sentence
    r"|\n\s*\n"                                               # blank line
    r"|\.(?<=[a-z)]\.)(?=[A-Z][a-z])"                          # run-together "infusion.Properly"
    r"|\n(?=[A-Z][A-Za-z ]{0,40}:)"                           # "Methods:" style heading
)

_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|et al|vs|Fig|approx|ca|no|No|zw|bzw|Dr|St|Inc|Ltd|Co))\.$")
# longer than any abbreviation with its period and the character before it
_ABBREV_REACH = 10

# the lookahead holds the first letters of the phrases: most words fail it at once
HYPOTHETICAL = re.compile(
    r"\b(?=[acfimnrsw])(?:future|further (?:studies|trials|research)|should be|will help|warrant\w*|"
    r"need(?:s|ed)? to be|are needed|is needed|would be|could be|may be needed|"
    r"remain(?:s)? to be|in (?:the )?future)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` with their offsets (whitespace trimmed)."""
    return list(_split(text))


# every extractor splits the same study text: split it once (a fresh list per caller)
@lru_cache(maxsize=8)
def _split(text: str) -> tuple[Sentence, ...]:
    out: list[Sentence] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        # an abbreviation is short: the last characters before the boundary are enough
        if (not m.group(0).startswith("\n")
                and _ABBREV.search(text[max(start, m.start() - _ABBREV_REACH):m.start()])):
            continue
        run_together = m.group(0) == "."
        _append(out, text, start, m.start() + 1 if run_together else m.start())
        start = m.start() + 1 if run_together else m.end()
    _append(out, text, start, len(text))
    return tuple(out)


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    """The sentence around ``pos`` (``sentences`` in text order, as ``split_sentences`` gives
    them), or None between sentences."""
    i = bisect_right(sentences, pos, key=attrgetter("start")) - 1
    return sentences[i] if i >= 0 and pos < sentences[i].end else None


# every extractor asks this of the same sentences
@lru_cache(maxsize=1024)
def is_hypothetical(sentence: str) -> bool:
    """True for statements about studies not reported here (future work, recommendations)."""
    return bool(HYPOTHETICAL.search(sentence))
