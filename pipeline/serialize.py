"""Cleaned documents as table rows and back, so they can pass between assets as DataFrames.

A :class:`CleanDocument` holds two mapped texts; their character maps are stored as compact
runs (see ``MappedText.to_runs``), so a cleaned document costs little more than its text.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pipeline.model import CleanDocument, Section, Zone
from pipeline.text import MappedText

_RUNS = pl.List(pl.List(pl.Int64))
CLEANED_SCHEMA: dict[str, pl.DataType] = {
    "doc_id": pl.String,
    "raw_length": pl.Int64,
    "language": pl.String,
    "title": pl.String,
    "title_start": pl.Int64,
    "title_end": pl.Int64,
    "normalized_text": pl.String,
    "normalized_runs": _RUNS,
    "study_text": pl.String,
    "study_runs": _RUNS,
    "zones": pl.List(pl.Struct({"kind": pl.String, "lang": pl.String, "start": pl.Int64,
                                "end": pl.Int64})),
    "sections": pl.List(pl.Struct({"name": pl.String, "start": pl.Int64, "end": pl.Int64})),
}


def to_row(doc: CleanDocument) -> dict[str, Any]:
    title_start, title_end = doc.title_span or (None, None)
    return {
        "doc_id": doc.doc_id,
        "raw_length": len(doc.raw_text),
        "language": doc.language,
        "title": doc.title,
        "title_start": title_start,
        "title_end": title_end,
        "normalized_text": doc.normalized.text,
        "normalized_runs": doc.normalized.to_runs(),
        "study_text": doc.study.text,
        "study_runs": doc.study.to_runs(),
        "zones": [{"kind": z.kind, "lang": z.lang, "start": z.start, "end": z.end} for z in doc.zones],
        "sections": [{"name": s.name, "start": s.start, "end": s.end} for s in doc.sections],
    }


def from_row(row: dict[str, Any], raw_text: str) -> CleanDocument:
    n = len(raw_text)
    span = (row["title_start"], row["title_end"]) if row.get("title_start") is not None else None
    return CleanDocument(
        doc_id=row["doc_id"],
        raw_text=raw_text,
        normalized=MappedText.from_runs(row["normalized_text"], row["normalized_runs"], n),
        study=MappedText.from_runs(row["study_text"], row["study_runs"], n),
        title=row.get("title"),
        title_span=span,
        language=row.get("language") or "und",
        zones=[Zone(z["kind"], z["lang"], z["start"], z["end"]) for z in row.get("zones") or []],
        sections=[Section(s["name"], s["start"], s["end"]) for s in row.get("sections") or []],
    )


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema=CLEANED_SCHEMA)
    return pl.DataFrame({k: [r[k] for r in rows] for k in CLEANED_SCHEMA}, schema=CLEANED_SCHEMA)
