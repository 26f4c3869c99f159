"""Which lines of a page are this paper's study text, and what the others are.

Every line gets a zone ``kind``: ``study`` (title, abstract, registry fields of THIS study),
``metadata`` (citation, journal, DOI, authors, affiliations, keywords, dates, identifiers),
``boilerplate`` (navigation, ratings, counters, live feeds, sign-up and "claim this paper"
prompts), ``related`` (a related-papers / references / cited-by list, from its heading to the
next abstract label or the end) or ``translation`` (a translated copy of the title or abstract).
Markers in any language come from ``vocab/boilerplate_markers.csv``; lines without a marker are
judged by their shape (title, author list, affiliation, citation line, prose) and language: the
page's primary language is English when it has English prose, otherwise the language of most
of its prose, so a German-only abstract stays study text.

What does not belong here: character repair (``repair.py``), section names (``sections.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from pipeline import language
from pipeline.sections import (DOI, Line, heading_line, match_citation, starts_with_heading,
                               strip_bullet)
from pipeline.vocab import load_vocab

STUDY, METADATA, BOILERPLATE, RELATED, TRANSLATION = (
    "study", "metadata", "boilerplate", "related", "translation")

# states of the line-by-line reading
_FRONT, _BLOCK, _FIELD, _ABSTRACT, _RELATED, _LIST = (
    "front", "block", "field", "abstract", "related", "list")

_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?。؟](?:\s|$)|[。！？]")
_CJK_CLAUSE = re.compile(r"[。，,；;：:、]")
# two sentences: end punctuation after a word of two or more letters or a bracket, then a
# capitalised word ("M. Crohn" is an initial, not a sentence end)
_SECOND_SENTENCE = re.compile(r"(?:[a-z]{2}|[)\]])[.!?]\s+[A-Z]")
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|wir|unser\w*|nous|notre|nos|nosotros|nuestro\w*)\b", re.I)
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|did|received|underwent|wurde|wurden|est|sont|"
    r"fue|fueron)\b", re.I)
_URL = re.compile(r"https?://|www\.")
_AFFILIATION_INDEX = re.compile(r"^(?:[\[(]?\d{1,2}[\])]?|[a-z])\s?(?=[^\W\d_])")
_NAME_PARTICLES = frozenset(
    "van von der den de del della di da dos du le la el al bin ben y zu ter".split())
_NAME_TOKEN = re.compile(r"^(?:[^\W\d_][\w'’.\-]*|\[?\d+\s?\]?)[\d#*^†‡§,]*$")
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+and\s+|\s+&\s+")

# prose: a Latin/Arabic/Cyrillic line of at least this many words with a sentence end, or of
# _PROSE_WORDS_ALONE words; a CJK line of _PROSE_CJK characters with clause punctuation
_PROSE_WORDS, _PROSE_WORDS_ALONE, _PROSE_CJK = 8, 20, 30
# a foreign run repeating this many of the study's numbers (two digits or more) is a copy
_SHARED_NUMBERS = 2
_NUMBER = re.compile(r"\d{2,}")
# a title has between these many words
_TITLE_WORDS = (4, 45)
# a hard-wrapped paragraph: lines at least this long that end without sentence punctuation
_WRAPPED_LINE = 40
_PARAGRAPH_END = re.compile(r"[.!?:;。：；]\s*$")


@dataclass(frozen=True, slots=True)
class Marker:
    kind: str
    section: str | None
    lang: str
    match: str
    pattern: str
    regex: re.Pattern[str]


@cache
def markers() -> tuple[Marker, ...]:
    out = []
    for row in load_vocab("boilerplate_markers"):
        pattern, match = row["pattern"], row["match"]
        source, flags = _marker_source(match, pattern)
        out.append(Marker(row["kind"], row["section"] or None, row["lang"], match, pattern,
                          re.compile(source, flags)))
    return tuple(out)


def _marker_source(match: str, pattern: str, value: str = "(?P<value>") -> tuple[str, int]:
    """Regex source and flags of a marker; ``value`` opens the group of a label's value."""
    if match == "regex":
        return pattern, re.I
    if match == "label":
        return rf"^{re.escape(pattern)}\s*(?:[:：]\s*{value}.*))?$", re.I
    if match == "prefix":
        return rf"^{re.escape(pattern)}", re.I
    if match == "contains":
        return re.escape(pattern), re.I
    if match == "word":
        # no letter before the word, checked after it (a search then skips ahead to the word)
        word = re.escape(pattern)
        return rf"{word}(?<![^\W\d_]{word})(?!\w)", 0
    raise ValueError(f"unknown match mode {match!r} in boilerplate_markers.csv")


def _alternative(marker: Marker) -> str:
    """A marker as one alternative of a combined regex: flags scoped to it, the label's value
    group not capturing (group names must be unique)."""
    source, flags = _marker_source(marker.match, marker.pattern, value="(?:")
    return f"(?{'i' if flags & re.I else ''}:{source})"


def _anchored(marker: Marker) -> bool:
    """True when a marker can only match at the start of a line: a label, a prefix, or a
    regex opening with ``^`` that has no alternative outside parentheses (``^a|b`` is not)."""
    if marker.match in ("label", "prefix"):
        return True
    if marker.match != "regex" or not marker.pattern.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for c in marker.pattern:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return False
    return True


@dataclass(frozen=True)
class _MarkerFinder:
    """The markers ``find_marker`` tries, affiliation words aside. The anchored ones make one
    alternation matched at the line start; its first matching alternative is the first such
    marker in file order, named by the empty group after it (a group around each alternative
    would make every failed one costly). The few others are searched one by one, when their
    alternation matches at all."""

    anchored: re.Pattern[str]
    unanchored_any: re.Pattern[str]
    unanchored: tuple[tuple[int, Marker], ...]


@cache
def _marker_finder() -> _MarkerFinder:
    applicable = [(i, m) for i, m in enumerate(markers()) if m.kind != "affiliation"]
    anchored = [(i, m) for i, m in applicable if _anchored(m)]
    unanchored = tuple((i, m) for i, m in applicable if not _anchored(m))
    return _MarkerFinder(
        re.compile("|".join(f"{_alternative(m)}(?P<m{i}>)" for i, m in anchored)),
        re.compile("|".join(_alternative(m) for _, m in unanchored)),
        unanchored)


@lru_cache(maxsize=4096)  # a line is looked up several times, and portal lines recur across pages
def find_marker(text: str) -> tuple[Marker, re.Match[str]] | None:
    """The first marker (in file order) the line matches, affiliation words aside; a
    ``contains`` marker does not apply to a prose line."""
    bare = strip_bullet(text).strip()
    finder = _marker_finder()
    hit = finder.anchored.match(bare)
    first = int(hit.lastgroup[1:]) if hit else len(markers())
    if finder.unanchored_any.search(bare):
        prose = None  # computed only when a ``contains`` marker matches
        for i, marker in finder.unanchored:
            if i > first:
                break
            if marker.regex.search(bare):
                if marker.match == "contains":
                    if prose is None:
                        prose = is_prose(bare)
                    if prose:
                        continue
                first = i
                break
    if first == len(markers()):
        return None
    marker = markers()[first]
    return marker, marker.regex.search(bare)


@lru_cache(maxsize=4096)  # classification asks again about the same lines
def is_prose(text: str) -> bool:
    """A sentence-like line: long enough and punctuated like running text."""
    cjk = len(_CJK.findall(text))
    if cjk >= _PROSE_CJK:
        return bool(_CJK_CLAUSE.search(text))
    words = len(_LATIN_WORD.findall(text))
    return words >= _PROSE_WORDS_ALONE or (words >= _PROSE_WORDS and bool(_SENTENCE_END.search(text)))


def is_title_like(text: str) -> bool:
    """A line that can be a paper's title: one sentence at most, not first person, no URL,
    not opening with an abstract heading."""
    words = len(_LATIN_WORD.findall(text)) + len(_CJK.findall(text)) // 2
    return (_TITLE_WORDS[0] <= words <= _TITLE_WORDS[1]
            and not _SECOND_SENTENCE.search(text)
            and not _FIRST_PERSON.search(text)
            and not _URL.search(text) and not DOI.search(text)
            and not text.rstrip().endswith((":", "：", ","))
            and not starts_with_heading(text)
            and not is_author_line(text))


def is_author_line(text: str) -> bool:
    """A list of at least three personal names ("R Schmelz 1, S Brückner 1, ...")."""
    parts = [p for p in _LIST_SEPARATOR.split(strip_bullet(text)) if p.strip()]
    if len(parts) < 3:
        return False
    named = sum(_is_name(p) for p in parts)
    return named / len(parts) >= 0.75


def _is_name(part: str) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= 5:
        return False
    return all(t.lower() in _NAME_PARTICLES or (_NAME_TOKEN.match(t) and not t[0].islower())
               for t in tokens)


@cache
def _affiliation_word() -> re.Pattern[str]:
    """Any affiliation word, as one alternation."""
    return re.compile("|".join(_alternative(m) for m in markers() if m.kind == "affiliation"))


def is_affiliation_line(text: str) -> bool:
    """An institution address: an affiliation word, and an index or a comma-separated address,
    and no verb of running text."""
    bare = strip_bullet(text)
    if not _affiliation_word().search(bare):
        return False
    if _FINITE_VERB.search(bare) or _FIRST_PERSON.search(bare):
        return False
    return bool(_AFFILIATION_INDEX.match(bare)) or bare.count(",") >= 2


def is_keyword_list(text: str) -> bool:
    """Short terms separated by spaces, no punctuation (a CJK keyword line)."""
    tokens = text.split()
    return (len(tokens) >= 4 and all(len(t) <= 8 for t in tokens)
            and not _CJK_CLAUSE.search(text) and bool(_CJK.search(text)))


def primary_language(lines: list[Line]) -> str:
    """English when the page has English prose, else the language with the most prose."""
    prose: dict[str, int] = {}
    for line in lines:
        if line.lang != language.UNDETERMINED and is_prose(line.text) and not find_marker(line.text):
            prose[line.lang] = prose.get(line.lang, 0) + len(line.text)
    if prose.get("en", 0) >= 200 or not prose:
        return "en"
    return max(prose, key=prose.get)


def _compatible(lang: str, primary: str) -> bool:
    """A line in the primary language, or one too short to tell."""
    return lang == primary or lang == language.UNDETERMINED


def classify(lines: list[Line], primary: str) -> None:
    """Set ``kind`` and ``role`` of every line (see the module docstring)."""
    _Reader(lines, primary).read()
    _resolve_foreign(lines)


class _Reader:
    """The line-by-line state machine behind :func:`classify`."""

    def __init__(self, lines: list[Line], primary: str) -> None:
        self.lines, self.primary = lines, primary
        self.state, self.block_role = _FRONT, None
        self.title: Line | None = None
        self.expect_title = False
        self.abstract_started = False

    def read(self) -> None:
        for i, line in enumerate(self.lines):
            found = find_marker(line.text)
            if self.state in (_RELATED, _LIST) and not (found and found[0].kind == "abstract"):
                line.kind = RELATED if self.state == _RELATED else BOILERPLATE
            elif found and not _labels_title(*found):
                self._marked(line, *found)
            else:
                self._unmarked(i, line)

    def _marked(self, line: Line, marker: Marker, m: re.Match[str]) -> None:
        kind = marker.kind
        line.kind, line.role = METADATA, None
        if self.state in (_BLOCK, _FIELD) and kind != "metadata_block":
            # any other marker ends a label's block
            self.state = _ABSTRACT if self.abstract_started else _FRONT
        if kind == "abstract":
            self.state, self.abstract_started = _ABSTRACT, True
            value = m.groupdict().get("value")
            if value and is_prose(value):
                line.kind = STUDY  # "Abstract: <the abstract itself>" on one line
        elif kind == "related":
            line.kind, self.state = RELATED, _RELATED
        elif kind == "boilerplate_list":
            line.kind, self.state = BOILERPLATE, _LIST
        elif kind == "boilerplate":
            line.kind = BOILERPLATE
        elif kind == "metadata":
            line.role = marker.section
        elif kind == "metadata_block":
            value = m.groupdict().get("value")
            if value:
                line.role = marker.section
                line.value_start = line.start + len(line.text) - len(value)
            else:
                self.state, self.block_role = _BLOCK, marker.section
        elif kind == "field":
            line.kind, self.state = STUDY, _FIELD
        elif kind == "title_label":
            value = m.groupdict().get("value")
            if value and self.title is None and is_title_like(value):
                # "title: Mesenchymal stem cells for ...": the value is the title
                offset = len(line.text) - len(value)
                line.start, line.text = line.start + offset, value
                line.kind, line.role, self.title = STUDY, "title", line
            else:
                self.expect_title = True

    def _unmarked(self, i: int, line: Line) -> None:
        text = line.text
        compatible = _compatible(line.lang, self.primary)
        prose = is_prose(text) or (self.abstract_started and self._wrapped_prose(i))
        if self.state == _BLOCK:
            if not (prose and compatible) or is_affiliation_line(text) or is_author_line(text):
                line.kind, line.role = METADATA, self.block_role
                return
            self.state, self.abstract_started = _ABSTRACT, True
        if self.state == _FIELD:
            if not prose:
                line.kind = STUDY
                return
            self.state, self.abstract_started = _ABSTRACT, True
        if self.state == _FRONT and self._front(line, compatible, prose):
            return
        self._abstract(i, line, compatible, prose)

    def _front(self, line: Line, compatible: bool, prose: bool) -> bool:
        """Classify a line before the abstract; False when the abstract starts here."""
        text = line.text
        if match_citation(text):
            line.kind, line.role = METADATA, "citation"
        elif is_author_line(text):
            line.kind, line.role = METADATA, "authors"
        elif is_affiliation_line(text):
            line.kind, line.role = METADATA, "affiliations"
        elif is_keyword_list(text):
            line.kind, line.role = METADATA, "keywords"
        elif self.title is not None and _same_text(text, self.title.text):
            line.kind = BOILERPLATE  # the title repeated
        elif compatible and is_title_like(text) and (self.title is None or self.expect_title):
            line.kind, line.role = STUDY, "title"
            self.title, self.expect_title = line, False
        elif compatible and is_title_like(text) and self._follows_title(line):
            line.kind, line.role = STUDY, "subtitle"
        elif compatible and (prose or heading_line(text) or starts_with_heading(text)):
            # running text, or a heading with its text on the line ("Methods: 30 patients ..."),
            # however short, starts the abstract
            self.state, self.abstract_started = _ABSTRACT, True
            return False
        elif not compatible and is_title_like(text):
            line.kind = TRANSLATION
        else:
            line.kind = BOILERPLATE
        return True

    def _wrapped_prose(self, i: int) -> bool:
        """A line of a hard-wrapped paragraph (registry mirrors break text at a fixed width):
        the lines around it continue one another, no sentence end between them, and together
        they read as prose."""
        first = last = i
        while (first > 0 and len(self.lines[first - 1].text) >= _WRAPPED_LINE
               and not _PARAGRAPH_END.search(self.lines[first - 1].text)):
            first -= 1
        while (last + 1 < len(self.lines) and len(self.lines[last].text) >= _WRAPPED_LINE
               and not _PARAGRAPH_END.search(self.lines[last].text)):
            last += 1
        if first == last:
            return False
        return is_prose(" ".join(line.text for line in self.lines[first:last + 1]))

    def _follows_title(self, line: Line) -> bool:
        idx = self.lines.index(line)
        return idx > 0 and self.lines[idx - 1].role in ("title", "subtitle")

    def _abstract(self, i: int, line: Line, compatible: bool, prose: bool) -> None:
        text = line.text
        if not compatible and not self._under_heading(i, line):
            line.kind = "foreign"  # translation or boilerplate: decided by _resolve_foreign
        elif prose and not is_affiliation_line(text):
            line.kind = STUDY
        elif heading_line(text) or starts_with_heading(text):
            line.kind = STUDY
        elif is_author_line(text):
            line.kind, line.role = METADATA, "authors"
        elif is_affiliation_line(text):
            line.kind, line.role = METADATA, "affiliations"
        elif match_citation(text):
            line.kind, line.role = METADATA, "citation"
        elif self._labels_prose(i):
            line.kind = STUDY  # a short label over a paragraph ("Biological: UC-MSCs")
        else:
            line.kind = BOILERPLATE

    def _under_heading(self, i: int, line: Line) -> bool:
        """A paragraph in the primary language's script right under a study heading, whose
        words merely look foreign (a funding list of French agency names)."""
        prev = self.lines[i - 1] if i else None
        return (prev is not None and prev.kind == STUDY and heading_line(prev.text) is not None
                and language.script(line.text) == language.script_of_language(self.primary))

    def _labels_prose(self, i: int) -> bool:
        if i + 1 >= len(self.lines):
            return False
        nxt = self.lines[i + 1]
        return (_compatible(nxt.lang, self.primary) and is_prose(nxt.text)
                and not find_marker(nxt.text))


def _labels_title(marker: Marker, m: re.Match[str]) -> bool:
    """A portal label run into the title ("Case Report: Allogeneic ... disease"): the line is
    the paper's title, not the label."""
    value = m.groupdict().get("value") if marker.match == "label" else None
    return (marker.kind == BOILERPLATE and bool(value) and value.count(" ") >= _TITLE_WORDS[0] - 1
            and is_title_like(value))


def _same_text(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a).casefold() == re.sub(r"\W+", "", b).casefold()


def _resolve_foreign(lines: list[Line]) -> None:
    """A run of foreign-language lines is a translated copy (and so is the abstract label just
    before it) when it holds prose and reads like a copy of the study: it follows an abstract
    label, has abstract headings, or repeats at least ``_SHARED_NUMBERS`` of the study's
    numbers. Any other foreign run is portal chrome."""
    study_numbers = {n for line in lines if line.kind == STUDY for n in _NUMBER.findall(line.text)}
    i = 0
    while i < len(lines):
        if lines[i].kind != "foreign":
            i += 1
            continue
        j = i
        while j < len(lines) and lines[j].kind == "foreign":
            j += 1
        run = lines[i:j]
        label = lines[i - 1] if i else None
        after_label = label is not None and _is_abstract_label(label)
        copy = (after_label or any(heading_line(l.text) for l in run)
                or len(study_numbers & {n for l in run for n in _NUMBER.findall(l.text)})
                >= _SHARED_NUMBERS)
        kind = TRANSLATION if copy and any(is_prose(l.text) for l in run) else BOILERPLATE
        for line in run:
            line.kind = kind
        if kind == TRANSLATION and after_label:
            label.kind = TRANSLATION
        i = j


def _is_abstract_label(line: Line) -> bool:
    found = find_marker(line.text)
    return found is not None and found[0].kind == "abstract"


def zone_language(run: list[Line]) -> str:
    """The language most of a run's characters are in."""
    weights: dict[str, int] = {}
    for line in run:
        if line.lang != language.UNDETERMINED:
            weights[line.lang] = weights.get(line.lang, 0) + len(line.text)
    return max(weights, key=weights.get) if weights else language.UNDETERMINED
