"""Literal prefilters: a cheap test that a text holds one of the words every match of a
regex needs, so the regex scans only texts where it can match.

Most sentences hold none of the words an extraction pattern is built on, and finding a few
plain lower-case words in a lower-cased text is far cheaper than a case-insensitive scan with
the pattern. ``needles`` derives the words from vocabulary patterns, ``folded`` lower-cases a
text the way case-insensitive matching compares letters, and ``holds_any`` is the test.
"""

from __future__ import annotations

import re

# letters a case-insensitive pattern matches as "i" or "s" that ``str.lower`` keeps apart
_UNFOLDED = re.compile("[ıİſ]")


def needles(patterns: list[str]) -> re.Pattern[str] | None:
    """Lower-case words, one of which a text holds (``folded``) wherever a case-insensitive
    alternation of ``patterns`` (vocabulary patterns: alternatives without groups) matches:
    the literal start of each alternative. None when an alternative has no literal start."""
    words = set()
    for pattern in patterns:
        if "(" in pattern or re.search(r"\[[^\]]*\|", pattern):
            return None
        for alternative in pattern.split("|"):
            literal = re.match(r"[^\\.^$*+?{}\[\]|()]*", alternative).group(0)
            if alternative[len(literal):][:1] in ("?", "*", "{"):
                literal = literal[:-1]  # the quantified letter may be missing
            if not literal:
                return None
            words.add(literal.lower())
    # a text holding a word also holds any word inside it
    fewest = sorted(w for w in words if not any(other != w and other in w for other in words))
    return re.compile("|".join(map(re.escape, fewest)))


def folded(s: str) -> str:
    """``s`` lower-cased so that a word a case-insensitive pattern finds in ``s`` is a substring
    ("ı" and "ſ" match "i" and "s" but stay themselves in ``str.lower``, and "İ" becomes "i"
    plus a combining dot)."""
    lower = s.lower()
    if _UNFOLDED.search(s):
        lower = lower.replace("ı", "i").replace("ſ", "s").replace("\u0307", "")
    return lower


def holds_any(lower: str, words: re.Pattern[str] | None) -> bool:
    """Whether ``lower`` (a ``folded`` text) holds one of ``words`` (None: cannot tell, so yes)."""
    return words is None or words.search(lower) is not None

