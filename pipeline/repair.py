"""Character-level repair of scraped text, keeping the map back to raw offsets.

Each step is a :class:`~pipeline.text.MappedText` rewrite, so every repaired character still
points at the raw characters it came from: HTML entities, mojibake (via ``ftfy``, one run of
non-ASCII characters at a time), exotic spaces and invisible characters, hyphen look-alikes, hyphenation across line
breaks, middle-dot decimals, LaTeX math and escaped carets, a literature record dumped on one
line (``key: ... authors: ... title: ...``, split back into one field per line), and words run
together where a line break was lost.

What does not belong here: decimal commas and lost exponents (``2.0×106``) are left as they
stand for the dose parser, which flags its repairs; nothing here decides what text *means*.
"""

from __future__ import annotations

import html
import re
from array import array
from collections import Counter
from functools import cache, lru_cache
from typing import Callable

import ftfy

from pipeline import language
from pipeline.text import MappedText
from pipeline.vocab import load_vocab

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# a run of non-ASCII characters: the unit ftfy fixes (UTF-8 read as Latin-1 or cp1252 turns
# every byte of a multi-byte character into a non-ASCII character, so mojibake never spans ASCII)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_WIDE_SPACE = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")  # soft hyphen, zero-width marks
_HYPHEN_LOOKALIKE = re.compile(r"[\u2010\u2011]")  # hyphen, non-breaking hyphen
# figure dash, en dash and minus sign standing between two word characters act as hyphens
# ("marrow–derived", "18–70"); a minus sign before a digit is a minus. (These patterns open
# with the character they rewrite and look behind it afterwards, so that a search skips
# ahead to that character instead of trying the look-behind everywhere.)
_DASH_AS_HYPHEN = re.compile(r"[\u2012\u2013\u2212](?:(?<=\w.)(?=\w)|(?<=\u2212)(?=\d))")
_MIDDLE_DOT_DECIMAL = re.compile(r"\u00b7(?<=\d\u00b7)(?=\d)")  # British decimal point, "24·1"

# LaTeX math spans: \( ... \), \[ ... \], and $ ... $ holding a command, brace or caret
_LATEX_SPAN = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$([^$\n]*[\\{^][^$\n]*)\$")
_LATEX_COMMANDS = {  # command -> plain character (syntax, not vocabulary)
    "times": "×", "cdot": "×", "pm": "±", "mu": "µ", "le": "≤", "leq": "≤", "ge": "≥",
    "geq": "≥", "approx": "≈", "sim": "~", "%": "%", ",": " ", ";": " ", " ": " ",
}
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|[%,; ])\s*")
_LATEX_TEXT_WRAPPER = re.compile(r"\\(?:text|mathrm|mathit|mathbf|rm)\s*\{([^{}]*)\}")
_BRACES = re.compile(r"\{([^{}]*)\}")
_ESCAPED_CARET = re.compile(r"\\\^")

# a record dumped on one line ("key: cord-... authors: ... title: ... journal: ... abstract"):
# the field labels of literature-database exports (CORD-19, bibliographic dumps)
_DUMP_FIELDS = (r"key|authors?|title|date|journal|DOI|doi|sha|doc_id|cord_uid|pmid|pmcid|"
                r"publish_time|source_x|license|url|abstract")
_DUMP_LABEL = re.compile(rf"(?<=\S) (?=(?:{_DUMP_FIELDS}):\s)")
_DUMP_LABEL_COUNT = re.compile(rf"(?:^| )(?:{_DUMP_FIELDS}):\s", re.M)
_LINE = re.compile(r"[^\n]+")
# a line holding at least this many field labels is a dump, not prose that says "title: "
_DUMP_MIN_LABELS = 4
# fields whose value is one token: the text after it is the next field (often the abstract)
_DUMP_TOKEN_FIELD = re.compile(r"^(?:key|date|DOI|doi|sha|doc_id|cord_uid|pmid|pmcid):\s+\S+( )", re.M)
# a line broken inside a hyphenated lower-case word: "treat-\nment" (look-behind after the
# hyphen, as above)
_LINE_BREAK_HYPHEN = re.compile(r"-(?<=[a-z]-)[ \t]*\r?\n[ \t]*(?=[a-z])")
_WORD = re.compile(r"[A-Za-z]+")
# "RandomizedClinical": two capitalised words run together (a domain like
# "ClinicalTrials.gov" is left alone)
_CAMEL_JOIN = re.compile(r"\b([A-Z]?[a-z]{3,})([A-Z][a-z]{3,})\b(?!\.[a-z])")
# "SLEDAIscore": an acronym run into a lower-case word
_ACRONYM_JOIN = re.compile(r"\b([A-Z]{2,})([a-z]{4,})\b")
# a lower-case (or capitalised) word long enough to hide two words
_JOIN_CANDIDATE = re.compile(r"\b[A-Za-z][a-z]{4,}\b")
# a page shows the lost-line-break damage only when several words are run together;
# below this many candidates, lower-case joins are left alone
_MIN_LOWERCASE_JOINS = 3


@cache
def lexicon() -> frozenset[str]:
    """Known English words (``vocab/english_lexicon.csv``)."""
    return frozenset(row["word"] for row in load_vocab("english_lexicon"))


def repair(text: MappedText) -> MappedText:
    """Every repair, in an order where each step sees the output of the previous one."""
    text = rewrite(text, _ENTITY, lambda m: html.unescape(m.group(0)))
    text = rewrite(text, _NON_ASCII_RUN, lambda m: _fix_encoding(m.group(0)))
    text = text.sub(_WIDE_SPACE, " ")
    text = text.sub(_INVISIBLE, "")
    text = text.sub(_HYPHEN_LOOKALIKE, "-")
    text = text.sub(_DASH_AS_HYPHEN, "-")
    text = text.sub(_MIDDLE_DOT_DECIMAL, ".")
    text = text.sub(_LATEX_SPAN, lambda m: _plain_math(next(g for g in m.groups() if g is not None)))
    text = text.sub(_ESCAPED_CARET, "^")
    text = join_line_break_hyphens(text)
    text = split_record_dump(text)
    return split_run_together_words(text)


@lru_cache(maxsize=4096)  # the same few runs ("×", "µ", "–") recur on every page
def _fix_encoding(run: str) -> str:
    return ftfy.fix_encoding(run)


def split_record_dump(text: MappedText) -> MappedText:
    """One field per line for a record dumped on a single line (``key: ... authors: ...
    title: ... abstract text``): each label starts a line, and the text after a one-token
    field (``cord_uid: ew3dm4n2 BACKGROUND: ...``) does too. Spaces become line breaks, so
    offsets are unchanged."""
    if len(_DUMP_LABEL_COUNT.findall(text.text)) < _DUMP_MIN_LABELS:
        return text  # no line can hold that many labels
    dumps = [m.span() for m in _LINE.finditer(text.text)
             if len(_DUMP_LABEL_COUNT.findall(m.group(0))) >= _DUMP_MIN_LABELS]
    if not dumps:
        return text

    def in_dump(pos: int) -> bool:
        return any(start <= pos < end for start, end in dumps)

    text = text.sub(_DUMP_LABEL, lambda m: "\n" if in_dump(m.start()) else m.group(0))
    return text.sub(_DUMP_TOKEN_FIELD, lambda m: m.group(0)[:-1] + "\n"
                    if in_dump(m.start()) else m.group(0))


def as_printed(raw: str) -> str:
    """``raw`` with only encoding damage, exotic spaces and invisible characters repaired: a
    title as the page prints it (dashes, joins and hyphenation left as they are)."""
    text = ftfy.fix_encoding(html.unescape(raw))
    return _WIDE_SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


def rewrite(text: MappedText, pattern: re.Pattern[str], fix: Callable[[re.Match[str]], str]) -> MappedText:
    """Like ``text.sub(pattern, fix)``, but a match ``fix`` leaves as it was keeps its
    character-level map (``sub`` maps every replacement to its whole match)."""
    parts: list[MappedText] = []
    last = 0
    for m in pattern.finditer(text.text):
        new = fix(m)
        if new == m.group(0):
            continue
        rs, re_ = text.raw_span(m.start(), m.end())
        parts.append(text.slice(last, m.start()))
        parts.append(MappedText(new, array("l", [rs] * len(new)), array("l", [re_] * len(new)),
                                text.raw_length))
        last = m.end()
    if not parts:
        return text
    parts.append(text.slice(last, len(text)))
    return MappedText.join(parts, sep="")


def _plain_math(latex: str) -> str:
    """``{10}^{6}`` -> ``10^6``; ``1 \\times 10^{6}`` -> ``1 × 10^6``."""
    out = _LATEX_TEXT_WRAPPER.sub(r"\1", latex)
    out = _LATEX_COMMAND.sub(_latex_command, out)
    previous = None
    while previous != out:  # innermost braces first: "{{10}^{6}}"
        previous, out = out, _BRACES.sub(r"\1", out)
    return re.sub(r"\s+", " ", out).strip()


def _latex_command(m: re.Match[str]) -> str:
    symbol = _LATEX_COMMANDS.get(m.group(1))
    if symbol is None:
        return m.group(0)
    return symbol if symbol == " " or m.group(1) == "%" else f" {symbol} "


def join_line_break_hyphens(text: MappedText) -> MappedText:
    """``treat-\\nment`` -> ``treatment`` when the joined word is known; otherwise the line
    break goes and the hyphen stays (``marrow-\\nderived`` -> ``marrow-derived``)."""
    if not _LINE_BREAK_HYPHEN.search(text.text):
        return text
    known = _known_words(text.text)

    def join(m: re.Match[str]) -> str:
        left = re.search(r"[a-z]+$", m.string[:m.start()]).group(0)
        right = re.match(r"[a-z]+", m.string[m.end():]).group(0)
        return "" if (left + right) in known else "-"

    return text.sub(_LINE_BREAK_HYPHEN, join)


def split_run_together_words(text: MappedText) -> MappedText:
    """Insert the space lost between two words on English (or too short to tell) lines.

    ``RandomizedClinical`` and ``SLEDAIscore`` are split when the word parts are known;
    a lower-case join (``lupuserythematosus``) is split only when the token itself is unknown,
    both halves are known words (the lexicon, or words standing alone elsewhere in the
    document), and the document shows the damage at least ``_MIN_LOWERCASE_JOINS`` times.
    """
    counts = Counter(map(str.lower, _WORD.findall(text.text)))
    known = lexicon() | {w for w, n in counts.items() if len(w) > 1}
    # no join spans a line, so the whole text is searched at once, and the language asked
    # only of the lines where a join was found
    cuts = [c for c in _word_joins(text.text, known)
            if _line_language(text.text, c) in ("en", language.UNDETERMINED)]
    lowercase_cuts = [c for c in _lowercase_joins(text.text, known, counts)
                      if _line_language(text.text, c) == "en"]
    if len(lowercase_cuts) >= _MIN_LOWERCASE_JOINS:
        cuts.extend(lowercase_cuts)
    return insert_spaces(text, sorted(set(cuts)))


def _line_language(text: str, pos: int) -> str:
    """The language of the line of ``text`` that holds ``pos``."""
    end = text.find("\n", pos)
    return language.detect(text[text.rfind("\n", 0, pos) + 1:end if end >= 0 else len(text)])


def _word_joins(text: str, known: frozenset[str] | set[str]) -> list[int]:
    cuts = []
    for m in _CAMEL_JOIN.finditer(text):
        if m.group(1).lower() in known and m.group(2).lower() in known:
            cuts.append(m.start(2))
    for m in _ACRONYM_JOIN.finditer(text):
        if m.group(2) in known:
            cuts.append(m.start(2))
    return cuts


def _lowercase_joins(text: str, known: set[str], counts: Counter[str]) -> list[int]:
    lex = lexicon()
    # each distinct word is judged once (most candidates are known or repeated), and the text
    # searched again only when some word is to be split
    rare = {w for w in map(str.lower, _JOIN_CANDIDATE.findall(text))
            if w not in lex and counts[w] <= 1}
    splits = {w: cut for w in rare if (cut := _best_split(w, known)) is not None}
    if not splits:
        return []
    return [m.start() + splits[word] for m in _JOIN_CANDIDATE.finditer(text)
            if (word := m.group(0).lower()) in splits]


def _best_split(word: str, known: set[str]) -> int | None:
    """Where to split a word run together from two known words, if anywhere."""
    lex = lexicon()
    # both halves known words of two letters or more, but a left half may be "a" ("amedian")
    splits = [i for i in range(1 if word[0] == "a" else 2, len(word) - 1)
              if (i == 1 or word[:i] in known) and word[i:] in known]
    if not splits:
        return None
    # prefer halves both in the lexicon, then the most even split
    return max(splits, key=lambda i: (word[:i] in lex and word[i:] in lex, min(i, len(word) - i)))


def _known_words(text: str) -> set[str]:
    return set(lexicon()) | {w.lower() for w in _WORD.findall(text)}


def insert_spaces(text: MappedText, positions: list[int]) -> MappedText:
    """A space before each position (ascending); each maps to the empty raw span there."""
    if not positions:
        return text
    pieces: list[str] = []
    starts, ends = array("l"), array("l")
    last = 0
    for pos in positions:
        pieces.append(text.text[last:pos])
        starts.extend(text.starts[last:pos])
        ends.extend(text.ends[last:pos])
        anchor = text.starts[pos] if pos < len(text) else text.raw_length
        pieces.append(" ")
        starts.append(anchor)
        ends.append(anchor)
        last = pos
    pieces.append(text.text[last:])
    starts.extend(text.starts[last:])
    ends.extend(text.ends[last:])
    return MappedText("".join(pieces), starts, ends, text.raw_length)
