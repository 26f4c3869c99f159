"""Cleaning: repaired, boilerplate-free study text that still maps back to ``raw_text``.

``clean_document`` runs the steps in order: character repair (``repair.py``), the page's lines
and their languages (``sections.py``, ``language.py``), the zone of every line
(``boilerplate.py``: study, metadata, boilerplate, related, translation), then assembles the
:class:`~pipeline.model.CleanDocument`: ``study`` is the title and the study's abstract lines
joined in page order; ``title`` is the title line as printed (encoding repaired only);
``zones`` and ``sections`` are in raw offsets.

What does not belong here: the rules themselves (they live in the modules named above) and any
fact extraction.
"""

from __future__ import annotations

from array import array

from pipeline import boilerplate, language
from pipeline.html_text import html_to_text, looks_like_html
from pipeline.model import CleanDocument, Zone
from pipeline.repair import as_printed, repair
from pipeline.sections import Line, build_sections, split_lines
from pipeline.text import MappedText


def clean_document(doc_id: str, raw_text: str) -> CleanDocument:
    text = MappedText.identity(raw_text)
    normalized = repair(html_to_text(text) if looks_like_html(raw_text) else text)
    lines = split_lines(normalized.text)
    for line in lines:
        line.lang = language.detect(line.text)
    primary = boilerplate.primary_language(lines)
    boilerplate.classify(lines, primary)
    title = next((line for line in lines if line.role == "title"), None)
    title_span = normalized.raw_span(title.start, title.end) if title else None
    return CleanDocument(
        doc_id=doc_id,
        raw_text=raw_text,
        normalized=normalized,
        study=_study_text(lines, normalized),
        title=as_printed(raw_text[slice(*title_span)]) if title_span else None,
        title_span=title_span,
        language=primary,
        zones=_zones(lines, normalized, primary),
        sections=build_sections(lines, normalized),
    )


def _study_text(lines: list[Line], normalized: MappedText) -> MappedText:
    """Runs of consecutive study lines (blank lines inside a run kept), joined by a blank line."""
    runs: list[MappedText] = []
    run: list[Line] = []
    for line in lines + [None]:
        if line is not None and line.kind == boilerplate.STUDY:
            run.append(line)
            continue
        if run:
            runs.append(normalized.slice(run[0].start, run[-1].end))
            run = []
    if not runs:
        return MappedText("", array("l"), array("l"), normalized.raw_length)
    return MappedText.join(runs, "\n\n")


def _zones(lines: list[Line], normalized: MappedText, primary: str) -> list[Zone]:
    """Consecutive lines of one kind (and, for translations, one language) make a zone."""
    zones: list[Zone] = []
    run: list[Line] = []
    for line in lines + [None]:
        if run and (line is None or line.kind != run[0].kind
                    or (line.kind == boilerplate.TRANSLATION and line.lang != run[0].lang
                        and line.lang != language.UNDETERMINED)):
            kind = run[0].kind
            lang = primary if kind == boilerplate.STUDY else boilerplate.zone_language(run)
            zones.append(Zone(kind, lang, *normalized.raw_span(run[0].start, run[-1].end)))
            run = []
        if line is not None:
            run.append(line)
    return zones
