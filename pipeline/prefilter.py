"""Literal prefilters: a cheap test that a text holds one of the words every match of a
regex needs, so the regex scans only texts where it can match.

Most sentences hold none of the words an extraction pattern is built on, and finding a few
plain lower-case words in a lower-cased text is far cheaper than a case-insensitive scan with
the pattern. ``needles`` derives the words from vocabulary patterns, ``folded`` lower-cases a
text the way case-insensitive matching compares letters, and ``holds_any`` is the test: one
Aho-Corasick pass over the text, whatever the number of words. ``WordGroups`` answers for all
the patterns of an extractor at once: one pass over a sentence names every group of words it
holds.
"""

from __future__ import annotations

import re

import ahocorasick

from pipeline.alternation import alternatives

# a run of plain characters, and the escaped punctuation that stands for itself ("\-", "\+")
_LITERAL = re.compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^\w])+")
# what may follow an element and let it occur zero times
_OPTIONAL = re.compile(r"\?|\*|\{0?,")
# one element that is not plain text: an escape ("\w", "\b"), a class, "." or an anchor
_OTHER = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]])*\]|[.^$]")
# the opening of a named group's body
_NAMED_GROUP = re.compile(r"\?P<\w+>")
# a quantifier after an element
_QUANTIFIER = re.compile(r"(?:[?*+]|\{[^}]*\})[?+]?")


def needles(patterns: list[str]) -> ahocorasick.Automaton | None:
    """Lower-case words, one of which a text holds (``folded``) wherever a case-insensitive
    alternation of ``patterns`` matches: per alternative, the most telling run of text that
    every match of it holds. None when an alternative has no such text."""
    words = _needle_words(patterns)
    if words is None:
        return None
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


def _needle_words(patterns: list[str]) -> list[str] | None:
    """The words of ``needles(patterns)``, sorted."""
    words: set[str] = set()
    for pattern in patterns:
        found = _required_words(pattern)
        if found is None:
            return None
        words |= found
    # a text holding a word also holds any word inside it
    return [word for word in sorted(words)
            if not any(other != word and other in word for other in words)]


class WordGroups:
    """The ``needles`` of several named groups of patterns in one automaton: ``held`` names,
    in one pass over a ``folded`` text, every group whose words it holds, so an extractor
    tests all its patterns at the cost of one test."""

    def __init__(self, groups: dict[str, list[str]]):
        word_groups: dict[str, set[str]] = {}
        always = set()  # groups whose patterns need no word: held by every text
        for group, patterns in groups.items():
            words = _needle_words(patterns)
            if words is None:
                always.add(group)
            for word in words or ():
                word_groups.setdefault(word, set()).add(group)
        self._always = frozenset(always)
        self._automaton = ahocorasick.Automaton()
        for word, names in word_groups.items():
            self._automaton.add_word(word, frozenset(names))
        self._automaton.make_automaton()

    def held(self, lower: str) -> set[str]:
        """The groups whose words ``lower`` (a ``folded`` text) holds."""
        found = set(self._always)
        for _, names in self._automaton.iter(lower):
            found |= names
        return found


def _required_words(pattern: str) -> set[str] | None:
    """One word per alternative of ``pattern`` that every match of that alternative holds."""
    words = set()
    for alternative in alternatives(pattern):
        found = _required_in_sequence(alternative)
        if found is None:
            return None
        words |= found
    return words


def _required_in_sequence(sequence: str) -> set[str] | None:
    """The most telling text every match of ``sequence`` (no top-level "|") holds, as a set of
    words (a group of alternatives gives one per alternative): of the texts it requires, the
    one whose shortest word is longest (rarest in prose); None when it requires none."""
    required: list[set[str]] = []
    pos = 0
    while pos < len(sequence):
        if sequence[pos] == "(":
            end = _group_end(sequence, pos)
            body = sequence[pos + 1:end - 1]
            quantifier = _QUANTIFIER.match(sequence, end)
            pos = quantifier.end() if quantifier else end
            if body.startswith(("?=", "?!", "?<=", "?<!")) or _may_be_absent(quantifier):
                continue  # consumes nothing, or may be absent
            if named := _NAMED_GROUP.match(body):
                body = body[named.end():]
            elif body.startswith("?") and not body.startswith("?:"):
                continue  # flags: not worth reading
            if found := _required_words(body.removeprefix("?:")):
                required.append(found)
            continue
        if literal := _LITERAL.match(sequence, pos):
            letters = re.findall(r"\\.|.", literal.group(0), re.S)
            quantifier = _QUANTIFIER.match(sequence, literal.end())
            if _may_be_absent(quantifier):
                letters.pop()  # the quantified letter may be missing
            if letters:
                required.append({"".join(letter[-1] for letter in letters).lower()})
            pos = quantifier.end() if quantifier else literal.end()
            continue
        other = _OTHER.match(sequence, pos)
        if not other:
            break  # not read further: what was read holds
        quantifier = _QUANTIFIER.match(sequence, other.end())
        pos = quantifier.end() if quantifier else other.end()
    return max(required, key=lambda words: (min(map(len, words)), -len(words)), default=None)


def _may_be_absent(quantifier: re.Match[str] | None) -> bool:
    return bool(quantifier and _OPTIONAL.match(quantifier.group(0)))


def _group_end(pattern: str, start: int) -> int:
    """The position after the ")" closing the group that opens at ``start``."""
    depth, pos = 0, start
    while True:
        char = pattern[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "[":
            pos = _OTHER.match(pattern, pos).end()
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        pos += 1
        if depth == 0:
            return pos


def folded(s: str) -> str:
    """``s`` lower-cased so that a word a case-insensitive pattern finds in ``s`` is a substring,
    at the same offsets ("ı", "İ" and "ſ" match "i" and "s" but ``str.lower`` keeps the first and
    last and makes "İ" two characters)."""
    # three ``in`` tests are several times faster than one regex search
    if "ı" in s or "İ" in s or "ſ" in s:
        s = s.replace("İ", "i").replace("ı", "i").replace("ſ", "s")
    return s.lower()


def holds_any(lower: str, words: ahocorasick.Automaton | None) -> bool:
    """Whether ``lower`` (a ``folded`` text) holds one of ``words`` (None: cannot tell, so yes)."""
    return words is None or next(words.iter(lower), None) is not None
