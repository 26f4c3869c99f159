"""Finding vocabulary terms in running text, and choosing among the mentions found.

:class:`TermMatcher` compiles a list of :class:`Term` (synonyms, abbreviations, markers, as
listed in a ``vocab/*.csv``, see :func:`vocab_terms`) into a regex that finds them the way
scraped abstracts spell them, so a vocabulary lists each term once:

- any case, except tokens with an inner capital, which are abbreviations and keep their case
  (``OA``, ``GvHD``, ``hUC-MSC``, ``IV``), so ``iv`` or ``Oa`` never match;
- hyphen, space or nothing between words (``graft-versus-host``, and ``lupuserythematosus``
  where a lost line break swallowed the space);
- a trailing plural (``-s``, ``-es``, ``-y``/``-ies``) and an optional possessive
  (``Crohn's``, ``Crohn’s``, ``Crohns``, ``Crohn``);
- an accented letter also matches its plain letter (``Sjögren`` finds ``Sjogren``);
- an abbreviation may carry a one-letter species prefix (``hMSC``, ``mMSCs``, ``rBMSC``);
- Latin-script terms need word edges, except long ones (10+ letters), which also match glued
  to a neighbouring word (``withlupus nephritis``); Chinese and Japanese terms need no edges
  and Korean and Arabic-script terms only a left edge (their particles and suffixes attach),
  which Korean terms of three or more syllables do without (they end compounds).

At one position the longest term wins (``umbilical cord blood`` over ``umbilical cord``).
:func:`defined_abbreviations` learns ``lupus nephritis (LN)`` style definitions so bare ``LN``
mentions count later in the same text. :func:`starting_in` picks the mentions in a sentence.

:class:`Mention` and :func:`best_per_population` turn weighted mentions into one choice per
study population, the shared last step of the vocabulary extractors (condition, cell source,
donor, route).

What does not belong here: any particular vocabulary, or how an extractor weighs a mention.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain
from operator import attrgetter
from typing import Callable, Iterable

import ahocorasick

from pipeline.model import CleanDocument
from pipeline.populations import population_at, study_populations, title_in_study
from pipeline.sentences import Sentence, sentence_at
from pipeline.vocab import load_vocab

_SEPARATOR_CHAR = r"[\s\-\u2010-\u2015]"
_SEPARATOR = f"{_SEPARATOR_CHAR}*"
_APOSTROPHE = "['\u2019\u2018`\u00b4]"
_POSSESSIVE = rf"(?:{_APOSTROPHE}?s)?"
_LATIN_WORD_CHAR = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_GLUED_MIN_LETTERS = 10
# Korean nouns compound without spaces; a term of this many syllables needs no left edge
_GLUED_MIN_HANGUL = 3
# human, murine, rat: "hMSC", "mMSCs", "rBMSC"
_SPECIES_LETTERS = "hmr"
_SPECIES_PREFIX = f"(?-i:[{_SPECIES_LETTERS}])?"
# an abbreviation in parentheses right after a term, at most two words later
# ("type 2 diabetes mellitus (T2DM)", "bone marrow (BM)-derived")
_DEFINITION = re.compile(
    r"(?:[\s,]+[^\W\d_]+){0,2}?\s*\(\s*(?P<abbr>[A-Za-z][A-Za-z0-9\-]{0,8}[A-Za-z0-9])\s*[);,]")


@dataclass(frozen=True, slots=True)
class Term:
    """A surface form ``text`` meaning ``key``; ``kind`` and ``weight`` are the vocabulary's
    own annotations (what sort of cue it is, how strong)."""

    text: str
    key: str
    kind: str = ""
    weight: float = 1.0


def vocab_terms(name: str) -> tuple[Term, ...]:
    """The terms of a ``vocab/<name>.csv`` with columns ``kind,value,weight,terms``
    (``terms`` separated by ``|``)."""
    return tuple(Term(text.strip(), row["value"], row["kind"], float(row["weight"] or 1))
                 for row in load_vocab(name) for text in row["terms"].split("|") if text.strip())


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int
    end: int
    term: Term

    @property
    def key(self) -> str:
        return self.term.key


class TermMatcher:
    """Finds the non-overlapping mentions of ``terms`` in a text, leftmost and longest first.

    One regex over a thousand alternatives is slow to compile and to run, so :meth:`find`
    tries terms only where their opening letters occur (case and accents folded) followed by
    the letters that must come next (:func:`_continuation`), in the order an alternation of
    all terms would: at each position the first term of the length-sorted list that matches
    wins, and the search goes on after its end. One Aho-Corasick pass finds the places (see
    :func:`_opening_words`); the terms that may start at one place are tried together, by an
    alternation of just them, compiled the first time that set of terms comes up. ``shared``
    matchers (those an extractor keeps) find their places in one pass together (:class:`_Scan`).
    """

    def __init__(self, terms: Iterable[Term], shared: bool = False):
        self._terms = sorted({t.text: t for t in terms if t.text.strip()}.values(),
                             key=lambda t: len(t.text), reverse=True)
        self._patterns = [term_pattern(t.text) for t in self._terms]
        by_opening: dict[str, list[int]] = defaultdict(list)
        for i, term in enumerate(self._terms):
            by_opening[_opening(term.text)].append(i)
        words: dict[str, tuple[int, _Opening]] = {}  # a literal start of matches: length, opening
        for key, indices in by_opening.items():
            if key:
                opening = _Opening.of(key, self._terms, self._patterns, indices)
                words.update((word, (len(word), opening)) for word in opening.words)
        self._scan = _SHARED_SCAN if shared else _Scan()
        self._id = self._scan.add(words)
        self._alternations: dict[tuple[int, ...], re.Pattern[str]] = {}
        # several extractors search the same study text with one matcher: keep the last answer
        self._last: tuple[str, tuple[TermMatch, ...]] | None = None

    def find(self, text: str) -> list[TermMatch]:
        if self._last is None or self._last[0] != text:
            self._last = (text, tuple(self._find(text)))
        return list(self._last[1])

    def _find(self, text: str) -> list[TermMatch]:
        candidates = self._candidates(text)
        found: list[TermMatch] = []
        last_end = 0
        for pos in sorted(candidates):
            if pos < last_end:
                continue
            groups = candidates[pos]
            indices = groups[0] if len(groups) == 1 else tuple(sorted(set().union(*groups)))
            m = self._alternation(indices).match(text, pos)
            if m:  # each term is one group of the alternation
                term = self._terms[indices[m.lastindex - 1]]
                found.append(TermMatch(m.start(), m.end(), term))
                last_end = m.end()
        return found

    def _candidates(self, text: str) -> dict[int, list[tuple[int, ...]]]:
        """The terms that may start at each position of ``text``, in groups (sorted tuples)."""
        candidates: dict[int, list[tuple[int, ...]]] = defaultdict(list)
        for pos, opening in self._scan.places(text)[self._id]:
            candidates[pos].append(opening.terms)
            # (without a species letter before it, a prefixed term could only start at ``pos``)
            if opening.prefixed and pos and text[pos - 1] in _SPECIES_LETTERS:
                candidates[pos - 1].append(opening.prefixed)
            start = pos
            while opening.after_separators and start and _is_separator(text, start - 1):
                start -= 1
                candidates[start].append(opening.after_separators)
        return candidates

    def _alternation(self, indices: tuple[int, ...]) -> re.Pattern[str]:
        regex = self._alternations.get(indices)
        if regex is None:
            regex = self._alternations[indices] = re.compile(
                "|".join(f"({self._patterns[i]})" for i in indices), re.IGNORECASE)
        return regex


_Place = tuple[int, "_Opening"]  # where the words of an opening start in a text


class _Scan:
    """Finds the opening words (see :class:`_Opening`) of several matchers in one pass over a
    text, with one Aho-Corasick automaton for all of them: the vocabulary extractors search the
    same study text with six matchers, and each pass costs about as much as all the rest of a
    search. :meth:`places` answers for each matcher (by the number :meth:`add` gave it) where
    its openings occur followed by the rest of one of their terms (the opening's ``probe``)."""

    def __init__(self) -> None:
        self._words: list[dict[str, tuple[int, _Opening]]] = []
        self._latin: ahocorasick.Automaton | None = None
        self._other: ahocorasick.Automaton | None = None
        self._other_firsts = re.compile("")
        self._built = True
        self._last: tuple[str, list[list[_Place]]] | None = None

    def add(self, words: dict[str, tuple[int, _Opening]]) -> int:
        """Adds a matcher's words (literal starts of its matches: their length and opening)."""
        self._words.append(words)
        self._built = False
        self._last = None
        return len(self._words) - 1

    def places(self, text: str) -> list[list[_Place]]:
        """For each matcher, the places in ``text`` where one of its openings is followed by the
        rest of one of its terms (the same text as last time gets the same answer)."""
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        if not self._built:
            self._build()
        folded, searchable = _folded(text)
        found: Iterable[tuple[int, tuple[tuple[int, int, _Opening], ...]]] = ()
        if self._latin is not None:
            found = self._latin.iter(searchable)
        if (self._other is not None and not searchable.isascii()
                and self._other_firsts.search(searchable)):
            found = chain(found, self._other.iter(searchable))
        places: list[list[_Place]] = [[] for _ in self._words]
        for last, owners in found:
            for matcher, length, opening in owners:
                pos = last + 1 - length
                if opening.probe(folded, pos):
                    places[matcher].append((pos, opening))
        self._last = (text, places)
        return places

    def _build(self) -> None:
        owners: dict[str, list[tuple[int, int, _Opening]]] = defaultdict(list)
        for matcher, words in enumerate(self._words):
            for word, (length, opening) in words.items():
                owners[word].append((matcher, length, opening))
        # An automaton tries each character of a text against every first character of its
        # words in turn, so the words in other scripts than Latin (Chinese, Korean, Cyrillic,
        # Arabic), many first characters, make a second one, for texts holding one of them.
        others = {w: tuple(v) for w, v in owners.items() if not w[0].isascii()}
        self._latin = _automaton({w: tuple(v) for w, v in owners.items() if w not in others})
        self._other = _automaton(others)
        self._other_firsts = re.compile("|".join(sorted({re.escape(w[0]) for w in others})))
        self._built = True


def _automaton(words: dict[str, object]) -> ahocorasick.Automaton | None:
    """An Aho-Corasick automaton finding ``words`` (None without words: it could not search)."""
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, value in words.items():
        automaton.add_word(word, value)
    automaton.make_automaton()
    return automaton


# the matchers of the vocabulary extractors, which all search the study text
_SHARED_SCAN = _Scan()


@dataclass(slots=True, eq=False)
class _Opening:
    """The terms (by index) whose matches contain ``key``, the folded first letters of their
    first word (see :func:`_opening`): ``terms`` may start where ``key`` occurs, ``prefixed``
    (abbreviations with a species prefix, ``hMSC``) also one character before, and
    ``after_separators`` (terms that open with a hyphen, ``-derived``) also at any separator
    right before it. ``probe_pattern`` matches in the folded text where ``key`` occurs followed
    by the rest of one of the terms (see :func:`_continuation`); one of ``words`` starts there
    in the searchable text (see :func:`_opening_words`)."""

    key: str
    words: frozenset[str]
    probe_pattern: str
    terms: tuple[int, ...]
    prefixed: tuple[int, ...]
    after_separators: tuple[int, ...]
    _probe: re.Pattern[str] | None = None

    def probe(self, folded: str, pos: int) -> bool:
        """Whether a term's opening is at ``pos`` of ``folded`` (see ``probe_pattern``). The
        pattern is compiled the first time it is needed: a vocabulary has a thousand openings
        and a page holds a few dozen, which matters to a process that reads a few pages."""
        if self._probe is None:
            self._probe = re.compile(self.probe_pattern)
        return self._probe.match(folded, pos) is not None

    @classmethod
    def of(cls, key: str, terms: list[Term], patterns: list[str],
           indices: list[int]) -> "_Opening":
        continuations = [_continuation(terms[i].text, key) for i in indices]
        probe = re.escape(key)
        if [] not in continuations:  # (?i): in a term, "s" matches "ſ", which does not fold
            alternatives = {_SEPARATOR.join(map(re.escape, c)) for c in continuations}
            probe += f"(?=(?i:{'|'.join(sorted(alternatives))}))"
        # a word that starts with another word adds nothing but a second find
        words = {w for c in continuations for w in _opening_words(key, c)}
        words = {w for w in words if not any(w != v and w.startswith(v) for v in words)}
        return cls(key, frozenset(words), probe, tuple(indices),
                   tuple(i for i in indices if _SPECIES_PREFIX in patterns[i]),
                   tuple(i for i in indices if _is_separator(terms[i].text.strip(), 0)))


_ASCII_LOWER = {ord(c): ord(c.lower()) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_is_separator = re.compile(_SEPARATOR_CHAR).match
# folded text made searchable for literal words: every separator a space (they all lie below
# U+3001), and the letters a case-insensitive regex takes for "i", "k" or "s" that folding keeps
_UNSEARCHABLE = {ch: " " for ch in map(chr, range(0x3001)) if ch != " " and _is_separator(ch)
                 } | {"İ": "i", "ı": "i", "K": "k", "ſ": "s"}
_UNSEARCHABLE_ASCII = {ch: plain for ch, plain in _UNSEARCHABLE.items() if ch.isascii()}
_PLAIN_LETTERS = re.compile("[a-z0-9]*")
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")


@lru_cache(maxsize=4)  # every matcher of every vocabulary extractor searches the study text
def _folded(text: str) -> tuple[str, str]:
    """``text`` folded (:func:`_fold`), and that made searchable (:func:`_searchable`)."""
    folded = _fold(text)
    return folded, _searchable(folded)


def _fold(text: str) -> str:
    """Lower case without accents, one character for one character, so a position in the
    folded text is the same position in ``text`` (a character whose bare lower case is
    several characters, such as a Hangul syllable, is kept as it is; a dotted capital I
    becomes ``i``)."""
    if text.isascii():
        return text.lower()
    # its other characters: cutting out the runs of ASCII is far faster than a set of them all
    folds = {ch: _fold_char(ch) for ch in set(_ASCII_RUNS.sub("", text))}
    if any(f.lower() != f for f in folds.values()):  # kept as it is, yet not lower case
        return text.translate(_ASCII_LOWER | {ord(ch): f for ch, f in folds.items()})
    for ch, f in folds.items():  # a few replacements, then lower() for the ASCII letters
        if f != ch:
            text = text.replace(ch, f)
    return text.lower()


@cache
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare if len(bare) == 1 else ch


def _searchable(folded: str) -> str:
    """``folded`` (a :func:`_fold` text) with each separator a space and each letter that
    folding keeps apart from ``i``, ``k`` or ``s`` made that letter (``_UNSEARCHABLE``), so
    literal words find where a term may match."""
    for ch, plain in (_UNSEARCHABLE_ASCII if folded.isascii() else _UNSEARCHABLE).items():
        if ch in folded:
            folded = folded.replace(ch, plain)
    return folded


def _opening(term: str) -> str:
    """The first letters of a term's first word, which any match contains verbatim (after
    folding), at its start unless a species prefix or leading separators come first."""
    words = re.split(f"{_SEPARATOR_CHAR}+", term.strip())
    first = re.split(_APOSTROPHE, next((w for w in words if w), ""))[0]
    # up to six letters, never the last one of a longer word (``injury`` -> ``injuries``)
    return _fold(first[:min(6, max(len(first) - 1, 3))])


def _continuation(term: str, key: str) -> list[str]:
    """What follows the opening ``key`` in the folded text wherever ``term`` matches, as the
    folded letters of each word, separators allowed between words: the term's next letters,
    up to an apostrophe (optional in a match) and short of the last letter (which a plural may
    change); empty when anything may follow. A short opening (the ``t`` of ``T cell``, the
    ``at`` of ``at the lesion site``) occurs everywhere, the rest of its term seldom."""
    words = [_fold(w) for w in re.split(f"{_SEPARATOR_CHAR}+", term.strip()) if w]
    words[-1] = words[-1][:-1]
    words[0] = words[0][len(key):]
    fragments = []
    for word in words:
        letters = re.split(_APOSTROPHE, word)[0]
        fragments.append(letters)
        if letters != word:
            break
    while fragments and not fragments[-1]:
        fragments.pop()  # nothing after the last separator: the separator is optional too
    return fragments


def _opening_words(key: str, continuation: list[str]) -> set[str]:
    """Literal words for the automaton, one of which starts in the searchable text wherever
    ``key`` and its ``continuation`` occur in the folded text: ``key`` with the plain letters
    after it and, where its word ends, the plain letters of the next word after no separator,
    after one, or two separators alone (``tcel``, ``t cel``, ``t  `` for ``T cell``)."""
    rest = continuation[0] if continuation else ""
    plain = _PLAIN_LETTERS.match(rest).group()
    head = _searchable(key + plain)
    following = _PLAIN_LETTERS.match(continuation[1]).group() if len(continuation) > 1 else ""
    if plain != rest or not following:
        return {head}
    return {head + following, f"{head} {following}", f"{head}  "}


def term_pattern(term: str) -> str:
    """The regex for one vocabulary term (see the module docstring for what it tolerates)."""
    tokens = re.split(f"{_SEPARATOR_CHAR}+", term.strip())
    parts = [_token_pattern(tok, last=i == len(tokens) - 1) for i, tok in enumerate(tokens)]
    body = _SEPARATOR.join(parts)
    first, final = term.strip()[0], term.strip()[-1]
    if _is_latin(first) or _is_latin(final):
        letters = sum(ch.isalpha() for ch in term)
        glued = letters >= _GLUED_MIN_LETTERS and not any(map(_is_abbreviation, tokens))
        edge_before = "" if glued or not first.isalnum() else rf"(?<![{_LATIN_WORD_CHAR}])"
        if _is_abbreviation(tokens[0]) and first.isupper() and sum(map(str.isalpha, tokens[0])) > 1:
            # a digit may run into an abbreviation where a space was lost ("1x106MSCs/kg")
            edge_before = rf"(?<![{_LATIN_WORD_CHAR.replace('0-9', '')}])"
            body = f"{_SPECIES_PREFIX}{body}"
        edge_after = "" if glued or not final.isalnum() else rf"(?![{_LATIN_WORD_CHAR}])"
        return f"{edge_before}{body}{edge_after}"
    if _is_hangul(first) and sum(map(_is_hangul, term)) >= _GLUED_MIN_HANGUL:
        return body  # a long Korean noun also ends a compound (성체줄기세포: adult stem cells)
    if _is_hangul(first) or _is_arabic(first):
        return rf"(?<!\w){body}"
    return body


def _token_pattern(token: str, last: bool) -> str:
    possessive = ""
    if re.search(rf"{_APOSTROPHE}s$", token):
        token, possessive = token[:-2], _POSSESSIVE
    plural = ""
    if last and not possessive and len(token) > 1 and token[-1].isascii() and token[-1].isalpha():
        if token[-1] == "y" and len(token) > 3:
            token, plural = token[:-1], "(?:y|ies)"
        else:
            plural = "(?:e?s)?"
    pattern = "".join(_char_pattern(ch) for ch in token) + plural + possessive
    return f"(?-i:{pattern})" if _is_abbreviation(token) else pattern


@cache  # a thousand terms of a vocabulary are spelled with a few dozen characters
def _char_pattern(ch: str) -> str:
    if re.fullmatch(_APOSTROPHE, ch):
        return f"{_APOSTROPHE}?"
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and base.isascii():
        return f"[{ch}{base}]"
    return re.escape(ch)


def _is_abbreviation(token: str) -> bool:
    """An inner capital marks an abbreviation (``OA``, ``GvHD``, ``hUC``, ``T1D``)."""
    return any(ch.isupper() for ch in token[1:]) or (len(token) > 1 and token.isupper())


def _is_latin(ch: str) -> bool:
    return ch.isascii() or "\u00c0" <= ch <= "\u024f"


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff"


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufdff"


_START = attrgetter("start")


def starting_in(matches: list[TermMatch], start: int, end: int) -> list[TermMatch]:
    """The ``matches`` (in text order, as :meth:`TermMatcher.find` gives them) that start
    within ``start``-``end``."""
    return matches[bisect_left(matches, start, key=_START):bisect_left(matches, end, key=_START)]


@dataclass(frozen=True, slots=True)
class Definition:
    """``abbreviation`` stands for ``key``; the definition's parentheses span ``start``-``end``."""

    abbreviation: str
    key: str
    start: int
    end: int


def defined_abbreviations(text: str, matches: list[TermMatch]) -> list[Definition]:
    """Abbreviations ``text`` defines right after a matched term: ``lupus nephritis (LN)``.

    The abbreviation must have two capitals and begin with the initial of one of the
    preceding words, so ``(n = 7)`` or ``(2019)`` are not definitions. When two terms precede
    one pair of parentheses, the nearer one is defined.
    """
    by_site: dict[int, Definition] = {}
    for match in matches:  # in text order, so a nearer term overwrites a farther one
        m = _DEFINITION.match(text, match.end)
        if not m:
            continue
        abbr = m.group("abbr")
        words = re.findall(r"[^\W\d_]+", text[match.start:m.start("abbr")])
        initials = {w[0].lower() for w in words}
        if sum(map(str.isupper, abbr)) >= 2 and abbr[0].lower() in initials:
            by_site[m.start("abbr")] = Definition(abbr, match.key, m.start("abbr"), m.end("abbr"))
    return list(by_site.values())


def with_abbreviations(text: str, matches: list[TermMatch],
                       kind: str = "abbreviation") -> list[TermMatch]:
    """``matches`` plus every later mention of an abbreviation the text defines for them.

    The abbreviation terms get ``kind``; a mention already matched is not repeated, and an
    abbreviation defined for two different keys is left out.
    """
    known = {(m.start, m.end) for m in matches}
    definitions: dict[str, Definition] = {}
    ambiguous = set()
    for d in defined_abbreviations(text, matches):
        if d.abbreviation in definitions and definitions[d.abbreviation].key != d.key:
            ambiguous.add(d.abbreviation)
        definitions.setdefault(d.abbreviation, d)
    terms = [Term(a, d.key, kind) for a, d in definitions.items() if a not in ambiguous]
    if not terms:
        return matches
    sites = {(d.start, d.end) for d in definitions.values()}
    extra = [m for m in _abbreviation_matcher(tuple(terms)).find(text)
             if (m.start, m.end) not in sites and not any(s <= m.start < e for s, e in known)]
    return sorted(matches + extra, key=lambda m: m.start)


@lru_cache(maxsize=256)  # the same few abbreviations come back page after page
def _abbreviation_matcher(terms: tuple[Term, ...]) -> TermMatcher:
    return TermMatcher(terms)


@dataclass(frozen=True, slots=True)
class Mention:
    """A weighed vocabulary mention of ``value`` at ``start``-``end`` of ``doc.study``; ``rule``
    names why it counts (the fact's rule when it is chosen as evidence)."""

    value: str
    start: int
    end: int
    weight: float
    rule: str


def title_range(doc: CleanDocument) -> tuple[int, int]:
    """Offsets of the title in ``doc.study`` (from ``doc.title_span``); empty without a title,
    since the first line of an untitled page is often portal text or an affiliation (worked out
    once per document: every vocabulary extractor asks)."""
    return title_in_study(doc) or (0, 0)


def sentence_span(sentences: list[Sentence], pos: int, text_length: int) -> tuple[int, int]:
    """The sentence around ``pos`` (the whole text when ``pos`` falls between sentences);
    ``sentences`` in text order, as ``split_sentences`` gives them."""
    sentence = sentence_at(sentences, pos)
    return (sentence.start, sentence.end) if sentence is not None else (0, text_length)


Rescore = Callable[[dict[str, float]], dict[str, float]]


def best_per_population(doc: CleanDocument, mentions: list[Mention],
                        rescore: Rescore | None = None) -> list[tuple[str | None, Mention, float]]:
    """The winning value per study population, as (population, evidence mention, score).

    A value's score is the sum of its mentions' weights among the mentions about that
    population (``population_at``), passed through ``rescore`` when given (condition uses it
    to let a specific term absorb its parent's score); a population with no mentions of its
    own takes the document's winner. The evidence is the value's heaviest mention, the
    earliest on ties. Without any species cue there is one choice, for population ``None``.
    """
    mentions = [m for m in mentions if m.weight > 0]
    if not mentions:
        return []
    populations = study_populations(doc)
    if len(populations) <= 1:  # every mention is about the one population, if any
        return [(populations[0].species if populations else None, *_winner(mentions, rescore))]
    by_population: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_population[population_at(doc, populations, m.start)].append(m)
    return [(p.species, *_winner(by_population[p.species] or mentions, rescore))
            for p in populations]


def _winner(mentions: list[Mention], rescore: Rescore | None) -> tuple[Mention, float]:
    scores: dict[str, float] = defaultdict(float)
    first: dict[str, int] = {}
    for m in mentions:
        scores[m.value] += m.weight
        first.setdefault(m.value, m.start)
    if rescore is not None:
        scores = rescore(dict(scores))
    value = max(scores, key=lambda v: (scores[v], -first[v]))
    evidence = max((m for m in mentions if m.value == value), key=lambda m: (m.weight, -m.start))
    return evidence, scores[value]
