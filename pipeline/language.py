"""Which script and language a stretch of text is written in (no external detector).

The script comes from Unicode character ranges (Han, Hangul, kana, Arabic, Cyrillic, Latin);
Arabic script is told apart as Persian by its Persian-only letters, and Latin-script languages
by counting the function words of ``vocab/language_stopwords.csv``. ``detect`` returns an ISO
639-1 code, or ``und`` when the text has too few letters to tell (numbers, identifiers, a
one-word heading). What does not belong here: deciding what a line *is* (see ``boilerplate.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from pipeline.vocab import load_vocab

UNDETERMINED = "und"

# script name -> character ranges
_SCRIPT_RANGES = {
    "Hani": r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Kana": r"\u3040-\u30ff",
    "Hang": r"\uac00-\ud7af\u1100-\u11ff",
    "Arab": r"\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "Cyrl": r"\u0400-\u04ff",
    "Latn": r"A-Za-z\u00c0-\u024f",
}
_SCRIPTS = {name: re.compile(f"[{ranges}]") for name, ranges in _SCRIPT_RANGES.items()}
_NON_LATIN_LETTER = re.compile(
    "[" + "".join(ranges for name, ranges in _SCRIPT_RANGES.items() if name != "Latn") + "]")
# a Han, kana or Hangul character carries about as much as a few Latin letters
_WEIGHT = {"Hani": 3, "Kana": 3, "Hang": 3}
# letters used in Persian but not in Arabic: pe, che, zhe, gaf, Persian kaf and yeh
_PERSIAN_LETTERS = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
_WORD = re.compile(r"[^\W\d_]+")
# fewer letters than this in a Latin-script text and its language is not guessed
_MIN_LATIN_WORDS = 3


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {row["lang"]: frozenset(row["words"].split()) for row in load_vocab("language_stopwords")}


@cache
def _languages_of_stopword() -> dict[str, tuple[str, ...]]:
    """Stopword -> the languages that have it, in file order."""
    out: dict[str, tuple[str, ...]] = {}
    for lang, words in _stopwords().items():
        for word in words:
            out[word] = out.get(word, ()) + (lang,)
    return out


def script(text: str) -> str | None:
    """The script most of the letters of ``text`` are in, or None when it has no letters."""
    if not _NON_LATIN_LETTER.search(text):  # most lines: no need to count
        return "Latn" if _SCRIPTS["Latn"].search(text) else None
    counts = Counter({name: len(rx.findall(text)) * _WEIGHT.get(name, 1)
                      for name, rx in _SCRIPTS.items()})
    name, count = counts.most_common(1)[0]
    if count == 0:
        return None
    if name == "Hani" and counts["Kana"]:  # any kana makes Han text Japanese
        return "Kana"
    return name


@lru_cache(maxsize=4096)  # cleaning asks for a line's language more than once
def detect(text: str) -> str:
    """ISO 639-1 code of the language of ``text``, or ``und``."""
    name = script(text)
    if name is None:
        return UNDETERMINED
    if name == "Hani":
        return "zh"
    if name == "Kana":
        return "ja"
    if name == "Hang":
        return "ko"
    if name == "Cyrl":
        return "ru"
    if name == "Arab":
        return "fa" if _PERSIAN_LETTERS.search(text) else "ar"
    words = _WORD.findall(text)
    if len(words) < _MIN_LATIN_WORDS:
        return UNDETERMINED
    hits = dict.fromkeys(_stopwords(), 0)
    languages_of = _languages_of_stopword()
    for word in filter(languages_of.__contains__, map(str.lower, words)):
        for lang in languages_of[word]:
            hits[lang] += 1
    lang = max(hits, key=hits.get)  # the first of equals in file order
    return lang if hits[lang] else UNDETERMINED


def script_of_language(lang: str) -> str | None:
    """The script a language code is written in (None for ``und``)."""
    return {"zh": "Hani", "ja": "Kana", "ko": "Hang", "ru": "Cyrl", "fa": "Arab",
            "ar": "Arab", UNDETERMINED: None}.get(lang, "Latn")
