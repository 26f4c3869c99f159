"""Number words: the shared-prefix alternation matches what a plain longest-first one does."""

from __future__ import annotations

import re

from pipeline.numwords import NUMBER_PHRASE, NUMBER_WORDS, _alternation, word_to_int


def test_alternation_prefers_the_longest_word_like_a_plain_alternation():
    words = ["seven", "seventeen", "seventy", "six", "un", "une", "uno"]
    plain = re.compile("|".join(sorted(words, key=len, reverse=True)), re.I)
    shared = re.compile(_alternation(words), re.I)
    for text in ["Seventeen", "seventy-two", "seven", "sixty", "une", "unos", "u"]:
        expected = plain.match(text)
        found = shared.match(text)
        assert (found and found.group(0)) == (expected and expected.group(0)), text


def test_number_words_match_every_word():
    for word in ["zwölf", "dreißig", "quarante", "eight", "eighteen", "ein", "einer"]:
        assert re.fullmatch(NUMBER_WORDS, word, re.I)


def test_number_phrase_reads_compound_numbers():
    m = re.match(NUMBER_PHRASE, "Fifty-three patients", re.I)
    assert m and word_to_int(m.group(0)) == 53
