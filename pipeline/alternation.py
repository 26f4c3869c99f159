"""Case-insensitive word alternations that the regex engine tries by their first letter.

Python's engine tries the branches of an alternation one by one at every position a scan
reaches, and under ``re.I`` it cannot skip a branch by its first letter: a vocabulary of a
few hundred words costs a few hundred branch attempts at every word start. Written as
``(?-i:[fF])(?:ever|ebrile)|(?-i:[hH])(?:eadache)|...`` the engine rejects all but one
first-letter group with a single character test. :func:`by_first_letter` rewrites an
alternation that way and matches exactly what the original does, with the same preference
among alternatives that match at the same place; :func:`first_characters` tells which
characters a match of a pattern can start with, to skip trying it elsewhere.

What does not belong here: literal prefilters that skip a scan altogether
(``pipeline/prefilter.py``).
"""

from __future__ import annotations

# every character a case-insensitive pattern matches as each ASCII letter
_CASE_VARIANTS = {letter: letter + letter.upper() for letter in "abcdefghijklmnopqrstuvwxyz"}
_CASE_VARIANTS.update(i="iIİı", k="kK\u212a", s="sSſ")
_QUANTIFIERS = ("?", "*", "+", "{")


def by_first_letter(patterns: list[str]) -> str:
    """The alternation of ``patterns`` (regexes for use with ``re.I``) with its alternatives
    grouped by a leading ASCII letter.

    Alternatives with different first letters never match at the same place, so grouping
    them changes nothing; an alternative without a leading letter ("(?:a|b)c", "\\bor",
    "über") keeps its place among the others and closes the groups before it.
    """
    out: list[str] = []
    groups: dict[str, list[str]] = {}  # first letter -> the rest of its alternatives

    def close_groups() -> None:
        out.extend(f"(?-i:[{_CASE_VARIANTS[letter]}])(?:{'|'.join(rests)})"
                   for letter, rests in groups.items())
        groups.clear()

    for pattern in patterns:
        for alternative in alternatives(pattern):
            first = alternative[:1].lower()
            if first in _CASE_VARIANTS and alternative[1:2] not in _QUANTIFIERS:
                groups.setdefault(first, []).append(alternative[1:])
            else:
                close_groups()
                out.append(alternative)
    close_groups()
    return "|".join(out)


def first_characters(pattern: str) -> frozenset[str] | None:
    """The characters a case-insensitive match of ``pattern`` can start with, or None when
    some alternative does not start with an ASCII letter (it could start anywhere)."""
    chars: set[str] = set()
    for alternative in alternatives(pattern):
        first = alternative[:1].lower()
        if first not in _CASE_VARIANTS or alternative[1:2] in _QUANTIFIERS:
            return None
        chars.update(_CASE_VARIANTS[first])
    return frozenset(chars)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regex (``|`` outside groups and character classes)."""
    out = []
    depth, start, in_class = 0, 0, False
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "]" or pattern[i + 1:i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3  # "]" first in a class is a member
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(pattern[start:i])
            start = i + 1
        i += 1
    out.append(pattern[start:])
    return out
