"""Document-level bibliographic facts: ``title``, ``journal``, ``year``, ``doi``, ``pmid``.

The values come from the sections ``clean.py`` located in the page's metadata (see
``sections.py``), never from the study text, related-paper lists or boilerplate:

- ``title``: the title line (``doc.title``).
- ``doi``: the first DOI in a metadata line (``DOI:``, ``doi:``, ``https://doi.org/``, a
  ``D O I`` label), lower-cased, without trailing punctuation that is not part of it.
- ``journal``: the first journal field (``期刊:Lupus [SAGE]`` -> ``Lupus``, ``Journal: X``) or
  the journal opening a citation line (``Lancet Rheumatol. 2022 ...`` -> ``Lancet Rheumatol``).
- ``year``: the Gregorian year of a citation line, else of the first publication line
  (``Published online ...``, ``Epub``, ``©``); digits inside a DOI never count, and a year
  outside 1800-2099 (a Solar Hijri 1397) leaves the year NULL.
- ``pmid``: the digits after a ``PMID`` label.

All facts are document level (``population=None``); each scalar comes once at most.
"""

from __future__ import annotations

import re

from pipeline.model import CleanDocument, Fact, Section
from pipeline.sections import DOI, match_citation

# a Gregorian publication year, 1800-2099; a Solar Hijri year (1397) is not one
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_PMID = re.compile(r"\bPMID\s*[:：]?\s*(\d{1,9})\b", re.I)
# a publisher or database name in brackets after the journal name: "Lupus [SAGE]"
_BRACKETED_TAIL = re.compile(r"\s*[\[(][^\[\]()]*[\])]\s*$")


def extract(doc: CleanDocument) -> list[Fact]:
    facts = []
    if doc.title and doc.title_span:
        facts.append(Fact("title", doc.title, *doc.title_span, "bibliography.title_line"))
    for finder in (_doi, _journal, _year, _pmid):
        fact = finder(doc)
        if fact is not None:
            facts.append(fact)
    return facts


def _named(doc: CleanDocument, name: str) -> list[Section]:
    return [s for s in doc.sections if s.name == name]


def _doi(doc: CleanDocument) -> Fact | None:
    for section in _named(doc, "doi"):
        m = DOI.search(doc.raw_text, section.start, section.end)
        if m is None:
            continue
        doi = clean_doi(m.group(0))
        rule = "bibliography.doi_url" if "doi.org/" in doc.raw_text[max(0, m.start() - 16):m.start()] \
            else "bibliography.doi_label"
        return Fact("doi", doi.lower(), m.start(), m.start() + len(doi), rule)
    return None


def clean_doi(doi: str) -> str:
    """Strip trailing punctuation that closes the sentence, not the DOI: a final ``.``, ``,``
    or ``;``, and a bracket the DOI did not open (``10.1016/S1234-5678(19)00321-X.`` keeps
    its own parentheses)."""
    while doi:
        last = doi[-1]
        if last in ".,;:'\"":
            doi = doi[:-1]
        elif last == ")" and doi.count("(") < doi.count(")"):
            doi = doi[:-1]
        elif last == "]" and doi.count("[") < doi.count("]"):
            doi = doi[:-1]
        else:
            break
    return doi


def _journal(doc: CleanDocument) -> Fact | None:
    citations = _named(doc, "citation")
    for section in _named(doc, "journal"):
        text = doc.raw_text[section.start:section.end]
        name = _BRACKETED_TAIL.sub("", text.strip().splitlines()[0]).strip().rstrip(".")
        if not name:
            continue
        start = section.start + (len(text) - len(text.lstrip()))
        in_citation = any(c.start <= section.start < c.end for c in citations)
        rule = "bibliography.citation_line" if in_citation else "bibliography.journal_field"
        return Fact("journal", name, start, start + len(name), rule)
    return None


def _year(doc: CleanDocument) -> Fact | None:
    for section in _named(doc, "citation"):
        text = doc.raw_text[section.start:section.end]
        m = match_citation(text.strip())
        if m is not None and m.groupdict().get("year"):
            start = section.start + (len(text) - len(text.lstrip())) + m.start("year")
            return Fact("year", int(m.group("year")), start, start + 4, "bibliography.citation_year")
    for section in _named(doc, "publication_date"):
        masked = DOI.sub(lambda d: " " * len(d.group(0)), doc.raw_text[section.start:section.end])
        m = _YEAR.search(masked)
        if m is not None:
            start = section.start + m.start(1)
            return Fact("year", int(m.group(1)), start, start + 4, "bibliography.publication_date")
    return None


def _pmid(doc: CleanDocument) -> Fact | None:
    for section in _named(doc, "pmid"):
        m = _PMID.search(doc.raw_text, section.start, section.end)
        if m is not None:
            return Fact("pmid", m.group(1), m.start(1), m.end(1), "bibliography.pmid_label")
    return None
