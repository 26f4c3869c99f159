"""Numbers written as words, in the languages abstracts arrive in (en, de, fr, es).

``word_to_int("Fifty-three") == 53``; ``word_to_int("zwei") == 2``. ``NUMBER_WORDS`` is a regex
alternation of the single words, for building patterns. Nothing here knows about trials.
"""

from __future__ import annotations

import re

_UNITS = {
    # English
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
    # German
    "eins": 1, "ein": 1, "eine": 1, "einer": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
    # French
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    # Spanish
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
    "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "vingt": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}


def _alternation(words: list[str]) -> str:
    """A regex matching any of ``words``, longest first where one is a prefix of another.

    It matches what ``"|".join(sorted(words, key=len, reverse=True))`` matches, trying the
    words in the same order, but shares common prefixes ("s(?:e(?:ven(?:t(?:een|y))?|...") so
    the regex engine tries a branch per distinct letter instead of one per word at every
    position: the number patterns are several times faster. A lookahead on the first letters
    rejects most positions with one character-class test before any branch is tried.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if "" not in node:
            return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        # a word ending here: tried after every longer word through this node
        return f"(?:{'|'.join(branches)})?"

    first_letters = "".join(re.escape(ch) for ch in sorted(trie))
    return f"(?=[{first_letters}]){pattern(trie)}"


NUMBER_WORDS = _alternation([*_UNITS, *_TENS, *_SCALES])
# a whole number phrase: "fifty-three", "one hundred and twenty", "twenty six"
NUMBER_PHRASE = rf"(?:(?:{NUMBER_WORDS})(?:(?:[\s\-]+|\s+and\s+)(?:{NUMBER_WORDS}))*)"


def word_to_int(phrase: str) -> int | None:
    """The integer a number phrase spells, or None when it is not one."""
    tokens = [t for t in re.split(r"[\s\-]+", phrase.strip().lower()) if t and t != "and"]
    if not tokens:
        return None
    total = current = 0
    for tok in tokens:
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok in _SCALES:
            scale = _SCALES[tok]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
        else:
            return None
    return total + current


def to_int(token: str) -> int | None:
    """An integer from digits (``1,200``) or words (``twelve``)."""
    t = token.strip()
    if re.fullmatch(r"\d{1,3}(?:[,\s]\d{3})+|\d+", t):
        return int(re.sub(r"[,\s]", "", t))
    return word_to_int(t)
