"""Segmentation: a page's lines, and the named sections they make up.

A page is read line by line (:func:`split_lines`); once ``boilerplate.classify`` has given each
line its zone and role, :func:`build_sections` turns the roles into :class:`~pipeline.model.Section`
spans (title, authors, affiliations, journal, citation, volume, publication_date, doi, pmid,
keywords, abstract) and cuts the abstract at its headings (background, objective, methods,
results, conclusion, ... from ``vocab/section_headings.csv``, any language and style:
``BACKGROUND``, ``Methods:``, ``Ergebnis:``, ``背景``). Also here: the patterns that recognise a
citation line (``Lancet Rheumatol. 2022 Feb;4(2)``) and a DOI, which say *where* bibliographic
data stands; turning them into values is ``extract/bibliography.py``'s job.

What does not belong here: deciding which lines are boilerplate (``boilerplate.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.model import Section
from pipeline.text import MappedText
from pipeline.vocab import load_vocab

# a journal name as it opens a citation line: capitalised words, abbreviations with dots
_JOURNAL = (r"(?P<journal>[A-Z][A-Za-z&'’\- ]*(?:\.\s?[A-Za-z&'’\- ]+)*?"
            r"(?:\s*\[[A-Za-z\- ]+\])?)")  # a bracketed alternative name: "Cell Journal [Yakhteh]"
_CITATIONS = (
    # "Lancet Rheumatol. 2022 Feb;4(2):e91" / "Z Gastroenterol 2011; 49 - P095"
    re.compile(rf"^{_JOURNAL}\.?\s+(?P<year>1[89]\d\d|20\d\d)"
               r"(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?\s*[;:]\s*\d"),
    # "Advanced pharmaceutical bulletin. 13(2):361-367"
    re.compile(rf"^{_JOURNAL}\.\s+\d+\s*\([\w\-]+\)\s*:\s*[A-Za-z]?\d+"),
    # Web of Science style "CYTOTHERAPY, 2012, 14 (03) : 285 - 295"
    re.compile(rf"^{_JOURNAL},\s+(?P<year>1[89]\d\d|20\d\d),\s+\d"),
    # publisher style "Front. Vet. Sci., 13 August 2020"
    re.compile(rf"^{_JOURNAL}\.?,\s+\d{{1,2}}\s+[A-Z][a-z]+\.?\s+(?P<year>1[89]\d\d|20\d\d)\b"),
    # "Stem Cells, Volume 32, Issue 5, May 2014, Pages 1254–1266"
    re.compile(rf"^{_JOURNAL},\s+Vol(?:ume|\.)?\s*\d+[^\n]{{0,40}}?\b(?P<year>1[89]\d\d|20\d\d)\b"),
    # Google Scholar MLA style, authors optional: "(Doe, Jane, et al., Stem cells 20.8 (2011): 1297-1308.)"
    re.compile(rf"^\(?(?:[^()\n]{{0,120}}?\bet al\.?,?\s*)?{_JOURNAL}\s+\d+(?:\.\d+)?\s*"
               r"\((?P<year>1[89]\d\d|20\d\d)\)\s*:\s*[A-Za-z]?\d+"),
    # an issue number and a day.month.year date, any script: "Журнал. №4(II) от 25.04.2019 стр. 54-58"
    re.compile(r"^(?P<journal>[^\W\d_][^\n№]{1,80}?)[.,]?\s+(?:№|No\.|N°)\s*\d+[^\n]{0,20}?"
               r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?P<year>1[89]\d\d|20\d\d)\b"),
)
# a verb shows a sentence ("Patients were treated in 2019; ..."), never a journal name
_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|been|did|received|underwent)\b", re.I)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_BULLET = re.compile(r"^[\s•·\-–*>]+")
_LINE = re.compile(r"[^\n]+")


def match_citation(text: str) -> re.Match[str] | None:
    """A citation line (journal, then year or volume(issue):pages), with groups ``journal``
    and, when printed, ``year``."""
    for pattern in _CITATIONS:
        if (m := pattern.match(text)) and not _VERB.search(m.group("journal")):
            return m
    return None


@dataclass(slots=True)
class Line:
    """One non-blank line of the normalized page: ``[start, end)`` in normalized offsets, its
    language, and the zone ``kind`` and ``role`` (section name) given by classification."""

    start: int
    end: int
    text: str
    lang: str
    kind: str = "boilerplate"
    role: str | None = None
    # [start, end) of the value inside the line when a label precedes it ("期刊:Lupus")
    value_start: int | None = None


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets (surrounding whitespace trimmed); language unset."""
    lines = []
    for m in _LINE.finditer(text):
        line = m.group(0)
        if stripped := line.strip():
            start = m.start() + len(line) - len(line.lstrip())
            lines.append(Line(start, start + len(stripped), stripped, lang=""))
    return lines


def strip_bullet(text: str) -> str:
    return _BULLET.sub("", text)


@cache
def _headings() -> dict[str, str]:
    """Heading text (case-folded) -> canonical section name."""
    return {row["heading"].casefold(): row["section"] for row in load_vocab("section_headings")}


@cache
def _heading_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(h) for h in sorted(_headings(), key=len, reverse=True))
    return re.compile(
        # at a line start, or after the end of a sentence (also run together: "LN.Methods:")
        r"(?:^[ \t•\-]*|(?<=[.!?。]\s)|(?<=[A-Za-z)][.!?]))"
        rf"(?P<heading>{alternation})"
        # a combined heading names its first part's section ("Methods/design", "Results/Discussion")
        r"(?:[ \t]*/[ \t]*[A-Za-z]+)?"
        # then a colon or full stop, or the end of the line
        r"(?:[ \t]*[:：.](?!\d)|[ \t]*$)",
        re.IGNORECASE | re.MULTILINE,
    )


def heading_matches(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, section)`` of each abstract heading in ``text``; a Latin-script heading
    must start with a capital (``Results:``, ``RESULTS``), so "the results." is not one."""
    out = []
    for m in _heading_pattern().finditer(text):
        heading = m.group("heading")
        if heading[0].isalpha() and heading[0].lower() != heading[0].upper() and not heading[0].isupper():
            continue
        out.append((m.start("heading"), m.end(), _headings()[heading.casefold()]))
    return out


def starts_with_heading(text: str) -> bool:
    """True when the line opens with an abstract heading ("Results: 13 patients ...")."""
    return any(start == len(text) - len(text.lstrip(" \t•-")) for start, _, _ in heading_matches(text))


def heading_line(text: str) -> str | None:
    """The section a line names when the whole line is a heading (``METHODS``, ``背景``)."""
    bare = strip_bullet(text).rstrip(" :：.").casefold()
    section = _headings().get(bare) or _headings().get(bare.split("/")[0].rstrip())
    if section is None:
        return None
    first = strip_bullet(text)[0]
    return section if first.isupper() or first.lower() == first.upper() else None


def build_sections(lines: list[Line], normalized: MappedText) -> list[Section]:
    """Sections in raw offsets from classified lines: consecutive lines with one role make one
    section; the study lines after the title make the ``abstract``, cut at its headings."""
    sections: list[Section] = []
    run: list[Line] = []
    for line in lines + [Line(0, 0, "", "", kind="end")]:
        if run and (line.role != run[-1].role or line.kind != run[-1].kind):
            role = run[0].role
            if role and role != "doi":  # a DOI's section is the DOI itself (below)
                start = run[0].value_start if run[0].value_start is not None else run[0].start
                sections.append(Section(role, *normalized.raw_span(start, run[-1].end)))
            run = []
        run.append(line)
    sections.extend(_doi_sections(lines, normalized))
    sections.extend(_journal_sections(lines, normalized))
    sections.extend(_abstract_sections(lines, normalized))
    return sorted(sections, key=lambda s: (s.start, s.end))


def _doi_sections(lines: list[Line], normalized: MappedText) -> list[Section]:
    out = []
    for line in lines:
        if line.kind == "metadata":
            for m in DOI.finditer(line.text):
                start = line.start + m.start()
                out.append(Section("doi", *normalized.raw_span(start, start + len(m.group(0)))))
    return out


def _journal_sections(lines: list[Line], normalized: MappedText) -> list[Section]:
    """The journal name inside each citation line."""
    out = []
    for line in lines:
        if line.role == "citation" and (m := match_citation(line.text)):
            start = line.start + m.start("journal")
            end = line.start + len(m.group("journal").rstrip(" .")) + m.start("journal")
            out.append(Section("journal", *normalized.raw_span(start, end)))
    return out


def _abstract_sections(lines: list[Line], normalized: MappedText) -> list[Section]:
    body = [line for line in lines if line.kind == "study" and line.role not in ("title", "subtitle")]
    if not body:
        return []
    start, end = body[0].start, body[-1].end
    out = [Section("abstract", *normalized.raw_span(start, end))]
    marks = [(line.start + s, line.start + e, name)
             for line in body for s, e, name in heading_matches(line.text)]
    for i, (s, _, name) in enumerate(marks):
        stop = marks[i + 1][0] if i + 1 < len(marks) else end
        while stop > s and normalized.text[stop - 1].isspace():
            stop -= 1
        out.append(Section(name, *normalized.raw_span(s, stop)))
    return out
