"""Whole-batch steps: frames of documents in, frames of rows out.

The Dagster assets are thin wrappers around these functions, so the same steps run (and are
tested and benchmarked) without Dagster. A document whose cleaning or extraction raises is
not allowed to stop the batch: it is reported in an ``error`` column and published as
``rejected`` with the reason, and every other document still lands.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pipeline import serialize
from pipeline.assemble import assemble
from pipeline.clean import clean_document
from pipeline.extract import extract_all
from pipeline.harmonize import StatedWeight, harmonize
from pipeline.ingest import RawDocument, ingest
from pipeline.memo import DocumentMemo
from pipeline.schema import (ADVERSE_EVENTS, DOCUMENT_FACTS, DOCUMENT_ZONES, DOCUMENTS, DOSES,
                             EVIDENCE, OUTCOMES, RAW_DOCUMENTS, TRIAL_REGISTRATIONS, TRIALS,
                             Table)
from pipeline.versions import code_version

# dose rows before harmonization: the doses table without its harmonized columns
DOSE_MENTION_COLUMNS = [c for c in DOSES.column_names
                        if c not in ("cells_per_kg", "cells_per_head", "body_weight_kg",
                                     "conversion", "cumulative_cells_per_head")]
# below this many documents per worker, a process pool costs more than it saves
PARALLEL_MIN_DOCUMENTS = 50
# documents handed to a worker at a time: enough to amortise the hand-off, few enough to keep
# both cores busy to the end and the rows in flight small
CHUNK_DOCUMENTS = 100
# seeds read into one frame chunk
INGEST_CHUNK = 1000
CLEANED_FRAME_SCHEMA = serialize.CLEANED_SCHEMA | {"error": pl.String}
# extract output -> the table its rows follow (dose mentions keep DOSE_MENTION_COLUMNS only)
EXTRACT_TABLES: dict[str, Table] = {
    "document_facts": DOCUMENT_FACTS, "trial_facts": TRIALS, "dose_mentions": DOSES,
    "adverse_event_mentions": ADVERSE_EVENTS, "registrations": TRIAL_REGISTRATIONS,
    "outcome_mentions": OUTCOMES, "evidence": EVIDENCE, "document_zones": DOCUMENT_ZONES,
}
EXTRACT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    name: table.polars_schema for name, table in EXTRACT_TABLES.items()
} | {"dose_mentions": {c: DOSES.column(c).polars_dtype for c in DOSE_MENTION_COLUMNS}}
CLEAN_VERSION = code_version("pipeline.clean", "pipeline.serialize")
EXTRACT_VERSION = code_version("pipeline.extract", "pipeline.assemble", "pipeline.serialize")


def read_seeds(seeds_dir: Path, max_bytes: int) -> pl.DataFrame:
    """Every seed as a ``raw_documents`` row; texts are moved into the frame a chunk at a
    time, so a big folder is never held twice (as Python strings and as the frame)."""
    docs = ingest(seeds_dir, max_bytes)
    parts = []
    while chunk := list(itertools.islice(docs, INGEST_CHUNK)):
        parts.append(RAW_DOCUMENTS.frame([_raw_row(d) for d in chunk]))
    return pl.concat(parts) if parts else RAW_DOCUMENTS.empty_frame()


def _raw_row(d: RawDocument) -> dict[str, Any]:
    return {k: getattr(d, k) for k in RAW_DOCUMENTS.column_names}


def _error(stage: str, exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{stage} failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"


def _workers() -> int:
    return max(1, int(os.environ.get("MSC_WORKERS") or os.cpu_count() or 1))


def _chunks(frame: pl.DataFrame) -> Iterator[list[dict[str, Any]]]:
    """``frame``'s rows as dicts, CHUNK_DOCUMENTS at a time: only one chunk of a batch is
    ever held as Python objects, whatever the size of the batch."""
    for offset in range(0, frame.height, CHUNK_DOCUMENTS):
        yield frame.slice(offset, CHUNK_DOCUMENTS).to_dicts()


def _map_chunks(fn: Callable[[list[Any]], Any], chunks: Iterator[list[Any]],
                n_items: int) -> Iterator[Any]:
    """``fn(chunk)`` for every chunk, in order, spread over a process pool when the batch is
    big enough to pay for it (``MSC_WORKERS`` processes, default: one per core). At most two
    chunks per worker are in flight, so memory does not grow with the batch."""
    workers = min(_workers(), n_items // PARALLEL_MIN_DOCUMENTS)
    if workers < 2:
        yield from map(fn, chunks)
        return
    # workers get plain Python rows and return plain rows: frames are built here, since a
    # forked child must not use polars' thread pool
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[Future] = deque()
        for chunk in chunks:
            pending.append(pool.submit(fn, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _clean_one(doc_id: str, text: str) -> dict[str, Any]:
    try:
        return serialize.to_row(clean_document(doc_id, text)) | {"error": None}
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
        return {k: None for k in serialize.CLEANED_SCHEMA} | {"doc_id": doc_id,
                                                              "error": _error("cleaning", exc)}


def _clean_chunk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_clean_one(row["doc_id"], row["raw_text"]) for row in rows]


def clean_documents(raw: pl.DataFrame) -> pl.DataFrame:
    """One cleaned row per usable raw document (``error`` set when cleaning raised)."""
    todo = raw.filter(pl.col("status") == "ok").select("doc_id", "raw_text")
    parts = [pl.DataFrame(rows, schema=CLEANED_FRAME_SCHEMA)
             for rows in _map_chunks(_clean_chunk, _chunks(todo), todo.height)]
    return pl.concat(parts) if parts else pl.DataFrame(schema=CLEANED_FRAME_SCHEMA)


@dataclass(frozen=True)
class StepStats:
    """How much of a step's work a run did, and how much it reused."""

    documents_processed: int
    documents_reused: int
    code_version: str


def _usable_keys(raw: pl.DataFrame) -> pl.DataFrame:
    return raw.filter(pl.col("status") == "ok").select("doc_id", "content_sha256")


def _memoized(memo: DocumentMemo, keys: pl.DataFrame, schemas: dict[str, dict[str, pl.DataType]],
              compute) -> tuple[dict[str, pl.DataFrame], StepStats]:
    """Frames for ``keys``: reused where memoized, computed by ``compute(missing_keys)`` else."""
    names = list(schemas)
    with memo.locked():
        missing, cached = memo.load(keys, names, schemas)
        new = compute(missing) if missing.height else {n: pl.DataFrame(schema=schemas[n]) for n in names}
        memo.store(missing, new)
        memo.compact(keys, names, schemas)
    frames = {n: pl.concat([cached[n], new[n]]).sort("doc_id", maintain_order=True) for n in names}
    return frames, StepStats(missing.height, keys.height - missing.height, memo.version)


def clean_incremental(raw: pl.DataFrame, memo_root: Path) -> tuple[pl.DataFrame, StepStats]:
    """:func:`clean_documents`, reusing results for pages whose bytes and code are unchanged."""
    memo = DocumentMemo(memo_root, "clean", CLEAN_VERSION)

    def compute(missing: pl.DataFrame) -> dict[str, pl.DataFrame]:
        todo = raw.join(missing, on=["doc_id", "content_sha256"], how="semi")
        return {"cleaned_documents": clean_documents(todo)}

    frames, stats = _memoized(memo, _usable_keys(raw),
                              {"cleaned_documents": CLEANED_FRAME_SCHEMA}, compute)
    return frames["cleaned_documents"], stats


def extract_incremental(raw: pl.DataFrame, cleaned: pl.DataFrame,
                        memo_root: Path) -> tuple[dict[str, pl.DataFrame], StepStats]:
    """:func:`extract_documents`, reusing results for pages whose bytes and code are unchanged."""
    memo = DocumentMemo(memo_root, "extract", EXTRACT_VERSION)

    def compute(missing: pl.DataFrame) -> dict[str, pl.DataFrame]:
        todo = cleaned.filter(pl.col("doc_id").is_in(missing["doc_id"].implode()))
        return extract_documents(raw, todo)

    return _memoized(memo, _usable_keys(raw), EXTRACT_SCHEMAS, compute)


EXTRACT_OUTPUTS = tuple(EXTRACT_SCHEMAS)


def _extract_one(row: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every extract output for one cleaned document (``row`` also has ``raw_text``)."""
    doc_id = row["doc_id"]
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in EXTRACT_OUTPUTS}
    if row.get("error"):
        out["document_facts"].append({"doc_id": doc_id, "error": row["error"]})
        return out
    try:
        doc = serialize.from_row(row, row["raw_text"])
        rows = assemble(doc, extract_all(doc))
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
        out["document_facts"].append({"doc_id": doc_id, "error": _error("extraction", exc)})
        return out
    out["document_facts"].append(rows.document | {"error": None})
    out["trial_facts"] = rows.trials
    out["dose_mentions"] = rows.doses
    out["adverse_event_mentions"] = rows.adverse_events
    out["registrations"] = rows.registrations
    out["outcome_mentions"] = rows.outcomes
    out["evidence"] = rows.evidence
    out["document_zones"] = [{"doc_id": doc_id, "kind": z.kind, "lang": z.lang,
                              "char_start": z.start, "char_end": z.end} for z in doc.zones]
    return out


def _extract_chunk(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of every extract output for a chunk of cleaned documents."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in EXTRACT_OUTPUTS}
    for row in rows:
        for name, found in _extract_one(row).items():
            out[name].extend(found)
    return out


def _with_raw_text(chunks: Iterator[list[dict[str, Any]]],
                   raw: pl.DataFrame) -> Iterator[list[dict[str, Any]]]:
    """Cleaned rows with their document's ``raw_text`` added, chunk by chunk (a join of the
    whole frames would copy every text once more)."""
    texts = raw["raw_text"]
    position = {doc_id: i for i, doc_id in enumerate(raw["doc_id"])}
    for rows in chunks:
        for row, text in zip(rows, texts.gather([position[r["doc_id"]] for r in rows])):
            row["raw_text"] = text
        yield rows


def extract_documents(raw: pl.DataFrame, cleaned: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Facts of every cleaned document, as frames keyed by intermediate asset name."""
    parts: dict[str, list[pl.DataFrame]] = {k: [] for k in EXTRACT_OUTPUTS}
    for out in _map_chunks(_extract_chunk, _with_raw_text(_chunks(cleaned), raw), cleaned.height):
        for name, rows in out.items():
            parts[name].append(EXTRACT_TABLES[name].frame(rows))
    frames = {name: pl.concat(parts[name]) if parts[name] else EXTRACT_TABLES[name].empty_frame()
              for name in EXTRACT_OUTPUTS}
    frames["dose_mentions"] = frames["dose_mentions"].select(DOSE_MENTION_COLUMNS)
    return frames


def published_documents(raw: pl.DataFrame, document_facts: pl.DataFrame) -> pl.DataFrame:
    """The ``documents`` table: every seed, with its extracted bibliography, and with
    documents that failed cleaning or extraction marked rejected with the reason."""
    merged = raw.join(document_facts, on="doc_id", how="left")
    merged = merged.with_columns(
        pl.when(pl.col("error").is_not_null()).then(pl.lit("rejected"))
        .otherwise(pl.col("status")).alias("status"),
        pl.coalesce("reject_reason", "error").alias("reject_reason"),
    )
    return merged.select([pl.col(c.name).cast(c.polars_dtype) for c in DOCUMENTS.columns])


def harmonize_doses(dose_mentions: pl.DataFrame, trial_facts: pl.DataFrame,
                    evidence: pl.DataFrame) -> pl.DataFrame:
    """The ``doses`` table: each dose mention as cells/kg and cells per subject, converted
    through the weight its trial states (quoted from ``evidence``), else a reference weight."""
    trials = {r["trial_id"]: r for r in trial_facts.iter_rows(named=True)}
    weight_text = dict(
        evidence.filter((pl.col("table_name") == "trials") & (pl.col("field") == "body_weight_kg"))
        .select("trial_id", "evidence_text").iter_rows())
    rows = []
    for dose in dose_mentions.iter_rows(named=True):
        trial = trials.get(dose["trial_id"]) or {}
        stated = (StatedWeight(trial["body_weight_kg"], weight_text.get(dose["trial_id"], ""))
                  if trial.get("body_weight_kg") else None)
        result = harmonize(dose["dose_value"], dose["dose_unit"], dose["species"],
                           age_group=trial.get("age_group"), stated_weight=stated,
                           n_administrations=trial.get("n_infusions"), per=dose["per"],
                           reason=dose["repair_reason"])
        rows.append(dose | {
            "cells_per_kg": result.cells_per_kg, "cells_per_head": result.cells_per_head,
            "body_weight_kg": result.body_weight_kg, "conversion": result.conversion,
            "cumulative_cells_per_head": result.cumulative_cells_per_head,
        })
    return DOSES.frame(rows)
