"""pandera ``DataFrameModel``s (polars backend), one per asset, generated from
``pipeline.schema`` so types, nullability, enumerations, ranges, formats and key uniqueness
are declared exactly once.

What does not belong here: checks that relate several columns or tables (``semantic.py``).
"""

from __future__ import annotations

from functools import cache

import pandera.polars as pa

from pipeline import schema
from pipeline.batch import CLEANED_FRAME_SCHEMA, DOSE_MENTION_COLUMNS
from pipeline.schema import Table

# plausible harmonized doses (cells/kg): outside this a value is an extraction error
CELLS_PER_KG_RANGE = (1e3, 1e11)


def _field(column: schema.Column) -> pa.Field:
    kw: dict = {"nullable": column.nullable, "unique": column.unique}
    if column.enum:
        kw["isin"] = list(column.enum)
    if column.ge is not None:
        kw["ge"] = column.ge
    if column.le is not None:
        kw["le"] = column.le
    if column.pattern:
        kw["str_matches"] = column.pattern
    return pa.Field(**kw)


def model_for(table: Table, name: str, columns: list[str] | None = None,
              extra: dict[str, pa.Field] | None = None) -> type[pa.DataFrameModel]:
    """A DataFrameModel class with one field per column of ``table`` (or the ``columns`` given)."""
    cols = [c for c in table.columns if columns is None or c.name in columns]
    attrs: dict = {"__annotations__": {c.name: c.polars_dtype for c in cols},
                   "__doc__": table.description}
    attrs.update({c.name: _field(c) for c in cols})
    for col_name, field in (extra or {}).items():
        attrs[col_name] = field
    attrs["Config"] = type("Config", (), {"strict": True, "name": name})
    return type(name, (pa.DataFrameModel,), attrs)


def _cleaned_model() -> type[pa.DataFrameModel]:
    annotations = dict(CLEANED_FRAME_SCHEMA)
    attrs: dict = {"__annotations__": annotations,
                   "__doc__": "Cleaned documents with their character maps and the raw text they map into."}
    attrs.update({name: pa.Field(nullable=name != "doc_id", unique=name == "doc_id")
                  for name in annotations})
    attrs["Config"] = type("Config", (), {"strict": True, "name": "CleanedDocuments"})
    return type("CleanedDocuments", (pa.DataFrameModel,), attrs)


def _harmonized_extra() -> dict[str, pa.Field]:
    lo, hi = CELLS_PER_KG_RANGE
    return {"cells_per_kg": pa.Field(nullable=True, ge=lo, le=hi)}


@cache
def models() -> dict[str, type[pa.DataFrameModel]]:
    """Asset name → the model its output must satisfy."""
    return {
        "raw_documents": model_for(schema.RAW_DOCUMENTS, "RawDocuments"),
        "cleaned_documents": _cleaned_model(),
        "document_facts": model_for(schema.DOCUMENT_FACTS, "DocumentFacts"),
        "trial_facts": model_for(schema.TRIALS, "TrialFacts"),
        "dose_mentions": model_for(schema.DOSES, "DoseMentions", DOSE_MENTION_COLUMNS),
        "adverse_event_mentions": model_for(schema.ADVERSE_EVENTS, "AdverseEventMentions"),
        "registrations": model_for(schema.TRIAL_REGISTRATIONS, "Registrations"),
        "outcome_mentions": model_for(schema.OUTCOMES, "OutcomeMentions"),
        "evidence": model_for(schema.EVIDENCE, "Evidence"),
        "document_zones": model_for(schema.DOCUMENT_ZONES, "DocumentZones"),
        "harmonized_doses": model_for(schema.DOSES, "HarmonizedDoses", extra=_harmonized_extra()),
    } | {
        f"warehouse/{table.name}": model_for(
            table, "Published" + table.name.title().replace("_", ""),
            extra=_harmonized_extra() if table is schema.DOSES else None)
        for table in schema.PUBLISHED_TABLES
    }
