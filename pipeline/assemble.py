"""Assemble a document's facts into warehouse rows.

Extractors return loose :class:`Fact` objects; this module decides which study population
(trial) each fact belongs to and lays the facts out as rows of the published tables, plus one
``evidence`` row per stored value. It adds no knowledge of its own: a value that no extractor
produced stays NULL.

What does not belong here: finding facts (``extract/``), converting doses (``harmonize.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pipeline.model import CleanDocument, Fact

# trial columns filled from a scalar fact of the same field
TRIAL_SCALARS = ("condition", "phase", "cell_source", "donor", "route", "n_enrolled",
                 "n_cell_treated", "n_control", "n_infusions", "schedule", "follow_up_days",
                 "age_group", "body_weight_kg")
DOCUMENT_FIELDS = ("title", "journal", "year", "doi", "pmid")


@dataclass
class DocumentRows:
    """Everything one document contributes to the warehouse (before dose harmonization)."""

    document: dict[str, Any]
    trials: list[dict[str, Any]] = field(default_factory=list)
    registrations: list[dict[str, Any]] = field(default_factory=list)
    doses: list[dict[str, Any]] = field(default_factory=list)
    adverse_events: list[dict[str, Any]] = field(default_factory=list)
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def trial_id_for(doc_id: str, species: str | None) -> str:
    return f"{doc_id}:{species or 'unknown'}"


def dose_id_for(doc_id: str, fact: Fact) -> str:
    attrs = fact.attrs or {}
    key = f"{doc_id}|{fact.start}|{fact.end}|{attrs.get('unit')}|{fact.value}|{attrs.get('range_role')}"
    return "dose_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def assemble(doc: CleanDocument, facts: list[Fact]) -> DocumentRows:
    """Rows for ``doc`` from ``facts``; see the module docstring."""
    rows = DocumentRows(document=_document_fields(doc, facts))
    raw = doc.raw_text

    def evidence(fact: Fact, table: str, field_: str, value: Any, trial_id: str | None) -> None:
        rows.evidence.append({
            "doc_id": doc.doc_id, "trial_id": trial_id, "table_name": table, "field": field_,
            "value": None if value is None else str(value), "char_start": fact.start,
            "char_end": fact.end, "evidence_text": raw[fact.start:fact.end], "rule": fact.rule,
            "note": fact.note,
        })

    for f in facts:
        if f.field in DOCUMENT_FIELDS:
            evidence(f, "documents", f.field, f.value, None)

    # study populations: one trial per species fact, primary first
    populations: list[str | None] = []
    for f in facts:
        if f.field == "species" and f.value not in populations:
            populations.append(f.value)
    trial_facts = [f for f in facts if f.field in TRIAL_SCALARS or f.field == "design_flag"]
    dose_facts = [f for f in facts if f.field == "dose"]
    for f in dose_facts:
        sp = (f.attrs or {}).get("species")
        if sp and sp not in populations:
            populations.append(sp)
    if not populations and (trial_facts or dose_facts):
        populations.append(None)
    primary = populations[0] if populations else None

    def trial_of(f: Fact, species: str | None = None) -> str | None:
        sp = species if species is not None else f.population
        if not populations:
            return None
        return trial_id_for(doc.doc_id, sp if sp in populations else primary)

    trials: dict[str, dict[str, Any]] = {}
    for sp in populations:
        tid = trial_id_for(doc.doc_id, sp)
        trials[tid] = {"trial_id": tid, "doc_id": doc.doc_id, "species": sp, "design_flags": []}
    for f in facts:
        if f.field == "species" and f.value in populations:
            evidence(f, "trials", "species", f.value, trial_id_for(doc.doc_id, f.value))

    for f in trial_facts:
        tid = trial_of(f)
        trial = trials[tid]
        if f.field == "design_flag":
            if f.value not in trial["design_flags"]:
                trial["design_flags"].append(f.value)
                evidence(f, "trials", "design_flags", f.value, tid)
            continue
        if trial.get(f.field) is not None:
            continue  # extractors return one fact per field and population; keep the first
        trial[f.field] = f.value
        evidence(f, "trials", f.field, f.value, tid)
        attrs = f.attrs or {}
        if f.field == "condition" and attrs.get("ontology_id"):
            trial["condition_id"] = attrs["ontology_id"]
        elif f.field == "phase" and attrs.get("aact_phase"):
            trial["phase_aact"] = attrs["aact_phase"]
        elif f.field == "follow_up_days":
            trial["follow_up_text"] = attrs.get("text") or raw[f.start:f.end]

    seen_regs: set[str] = set()
    for f in facts:
        if f.field != "registration" or f.value in seen_regs:
            continue
        seen_regs.add(f.value)
        rows.registrations.append({
            "doc_id": doc.doc_id, "registry": (f.attrs or {}).get("registry"),
            "registration_id": f.value, "char_start": f.start, "char_end": f.end,
        })
        evidence(f, "trial_registrations", "registration_id", f.value, None)
    nct = next((r["registration_id"] for r in rows.registrations
                if r["registration_id"].startswith("NCT")), None)
    for trial in trials.values():
        trial["nct_id"] = nct if trial["species"] in ("human", None) else None
        trial["design_flags"] = sorted(trial["design_flags"])
    rows.trials = list(trials.values())

    seen_doses: set[tuple] = set()
    for f in dose_facts:
        attrs = f.attrs or {}
        sp = attrs.get("species") or primary
        key = (sp, attrs.get("unit"), f.value, f.start if f.value is None else None)
        if key in seen_doses:
            continue
        seen_doses.add(key)
        tid = trial_of(f, sp)
        rows.doses.append({
            "dose_id": dose_id_for(doc.doc_id, f), "doc_id": doc.doc_id, "trial_id": tid,
            "species": sp, "dose_value": f.value, "dose_unit": attrs.get("unit"),
            "dose_text": raw[f.start:f.end], "char_start": f.start, "char_end": f.end,
            "exponent_repaired": bool(attrs.get("exponent_repaired")),
            "repair_reason": attrs.get("repair_reason"), "dose_sd": attrs.get("sd"),
            "per": attrs.get("per"), "range_role": attrs.get("range_role"),
        })
        evidence(f, "doses", "dose_value", f.value, tid)

    seen_events: set[tuple] = set()
    for f in facts:
        if f.field != "adverse_event":
            continue
        tid = trial_of(f)
        if (tid, f.value) in seen_events:
            continue
        seen_events.add((tid, f.value))
        attrs = f.attrs or {}
        rows.adverse_events.append({
            "doc_id": doc.doc_id, "trial_id": tid, "event": f.value, "grade": attrs.get("grade"),
            "n_patients": attrs.get("n_patients"), "char_start": f.start, "char_end": f.end,
        })
        evidence(f, "adverse_events", "event", f.value, tid)

    for f in facts:
        if f.field != "outcome":
            continue
        tid = trial_of(f)
        attrs = f.attrs or {}
        rows.outcomes.append({
            "doc_id": doc.doc_id, "trial_id": tid, "measure": attrs.get("measure") or f.value,
            "baseline": attrs.get("baseline"), "follow_up_value": attrs.get("follow_up_value"),
            "time_point": attrs.get("time_point"), "p_value": attrs.get("p_value"),
            "direction": attrs.get("direction"), "char_start": f.start, "char_end": f.end,
        })
        evidence(f, "outcomes", "measure", f.value, tid)
    return rows


def _document_fields(doc: CleanDocument, facts: list[Fact]) -> dict[str, Any]:
    out: dict[str, Any] = {"doc_id": doc.doc_id, "clean_text": doc.clean_text,
                           "language": doc.language}
    for f in facts:
        if f.field in DOCUMENT_FIELDS and out.get(f.field) is None:
            out[f.field] = f.value
    if out.get("title") is None and doc.title:
        out["title"] = doc.title
    return out
