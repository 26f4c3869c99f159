"""Shared reading aids for the number-bearing extractors (counts, administrations,
follow-up, adverse events, outcomes): the number-token pattern, its parser, and who a
sentence is about.

What belongs here: small helpers that several of those extractors need in the same form.
What does not: any rule that produces a fact (each lives in its extractor module), and
species vocabulary (``pipeline.populations`` and ``vocab/species.csv``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from pipeline.numwords import NUMBER_PHRASE, word_to_int
from pipeline.populations import SpeciesMention, species_before
from pipeline.sentences import Sentence

# an integer written in digits ("1,200", "60") or words ("Fifty-three", "zwei"); the
# look-arounds keep it from matching inside decimals, exponents and longer words
# a count: not part of a name such as "COVID-19", "IL-6" or "1/2" (no hyphen or slash before it)
NUMBER = (rf"(?<![\w.,×^±/\-‐‑])(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{NUMBER_PHRASE})"
          r"(?![\w]|[.,·]\d|\s*%)")

# a quantity: a decimal with any separator pages use ("24.1", "24·1", German "0,94") or
# number words ("two", "zwei")
QUANTITY = rf"(?<![\w.·,])(?:\d+(?:[.·,]\d+)?|{NUMBER_PHRASE})(?!\w)"


def parse_quantity(token: str) -> float | None:
    """A float from ``24.1``, ``24·1``, ``24,1`` or number words."""
    if token[:1].isdigit():
        return float(re.sub(r"[·,]", ".", token))
    value = word_to_int(token)
    return float(value) if value is not None else None


def population_of(mentions: list[SpeciesMention], sentence: Sentence | None, pos: int) -> str | None:
    """Species a statement at ``pos`` is about: the nearest species cue in its sentence
    (before ``pos`` preferred), else the nearest cue earlier in the text, else the first
    one after it (a methods sentence may precede the first "patients"). ``mentions`` are in
    text order, as ``species_mentions`` lists them."""
    if sentence is not None:
        first = bisect_left(mentions, sentence.start, key=attrgetter("start"))
        before = bisect_left(mentions, min(pos, sentence.end), key=attrgetter("start")) - 1
        if before >= first:
            return mentions[before].species
        if first < len(mentions) and mentions[first].start < sentence.end:
            return mentions[first].species
    earlier = species_before(mentions, pos)
    if earlier is not None:
        return earlier
    after = bisect_left(mentions, pos, key=attrgetter("start"))
    return mentions[after].species if after < len(mentions) else None
