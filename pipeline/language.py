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
from functools import cache

from pipeline.vocab import load_vocab

UNDETERMINED = "und"

# script name -> character class
_SCRIPTS = {
    "Hani": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "Kana": re.compile(r"[\u3040-\u30ff]"),
    "Hang": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"),
    "Arab": re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "Cyrl": re.compile(r"[\u0400-\u04ff]"),
    "Latn": re.compile(r"[A-Za-z\u00c0-\u024f]"),
}
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


def script(text: str) -> str | None:
    """The script most of the letters of ``text`` are in, or None when it has no letters."""
    counts = Counter({name: len(rx.findall(text)) * _WEIGHT.get(name, 1)
                      for name, rx in _SCRIPTS.items()})
    name, count = counts.most_common(1)[0]
    if count == 0:
        return None
    if name == "Hani" and counts["Kana"]:  # any kana makes Han text Japanese
        return "Kana"
    return name


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
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < _MIN_LATIN_WORDS:
        return UNDETERMINED
    scores = Counter({lang: sum(w in stop for w in words) for lang, stop in _stopwords().items()})
    lang, hits = scores.most_common(1)[0]
    return lang if hits else UNDETERMINED


def script_of_language(lang: str) -> str | None:
    """The script a language code is written in (None for ``und``)."""
    return {"zh": "Hani", "ja": "Kana", "ko": "Hang", "ru": "Cyrl", "fa": "Arab",
            "ar": "Arab", UNDETERMINED: None}.get(lang, "Latn")
