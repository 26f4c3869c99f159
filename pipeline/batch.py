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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pipeline import seed_memo, serialize
from pipeline.assemble import assemble
from pipeline.clean import clean_document
from pipeline.extract import extract_all
from pipeline.harmonize import StatedWeight, harmonize
from pipeline.ingest import FirstCopies, duplicate_reason, read_changed, survey
from pipeline.memo import KEY_COLUMNS, DocumentMemo
from pipeline.partitions import row_count
from pipeline.seed_memo import LastReadFile, SeedMemo
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
# a cleaned document keeps the raw text its character map points into, so extraction reads
# one frame, a chunk at a time, instead of joining every raw text back
CLEANED_FRAME_SCHEMA = serialize.CLEANED_SCHEMA | {"raw_text": pl.String, "error": pl.String}
# extract output -> the table its rows follow (dose mentions keep DOSE_MENTION_COLUMNS only)
EXTRACT_TABLES: dict[str, Table] = {
    "document_facts": DOCUMENT_FACTS, "trial_facts": TRIALS, "dose_mentions": DOSES,
    "adverse_event_mentions": ADVERSE_EVENTS, "registrations": TRIAL_REGISTRATIONS,
    "outcome_mentions": OUTCOMES, "evidence": EVIDENCE, "document_zones": DOCUMENT_ZONES,
}
EXTRACT_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    name: table.polars_schema for name, table in EXTRACT_TABLES.items()
} | {"dose_mentions": {c: DOSES.column(c).polars_dtype for c in DOSE_MENTION_COLUMNS}}
# the code each memoized step runs. Results are keyed by a page's bytes, but cleaning reads
# the text ingest decoded from them and extraction what cleaning made: each step's results
# are stale when the code of a step before it changes
CLEAN_MODULES = ("pipeline.ingest", "pipeline.clean", "pipeline.serialize", "pipeline.memo")
EXTRACT_MODULES = (*CLEAN_MODULES, "pipeline.extract", "pipeline.assemble")
CLEAN_VERSION = code_version(*CLEAN_MODULES)
EXTRACT_VERSION = code_version(*EXTRACT_MODULES)


def read_seeds(seeds_dir: Path, max_bytes: int) -> pl.DataFrame:
    """Every seed as a ``raw_documents`` row."""
    return _read(seeds_dir, max_bytes, None).select(RAW_DOCUMENTS.column_names)


def read_seeds_incremental(seeds_dir: Path, max_bytes: int,
                           memo_root: Path) -> tuple[pl.DataFrame, StepStats]:
    """:func:`read_seeds`, taking files untouched since the last read from it instead of
    reading them again (``pipeline.seed_memo``); the read is kept for the next one."""
    memo = SeedMemo(memo_root, max_bytes)
    last_read = memo.last_read()
    frame = _read(seeds_dir, max_bytes, last_read)
    memo.save(frame)
    reused = last_read.taken if last_read else 0
    return (frame.select(RAW_DOCUMENTS.column_names),
            StepStats(frame.height - reused, reused, seed_memo.INGEST_VERSION))


def _read(seeds_dir: Path, max_bytes: int, last_read: LastReadFile | None) -> pl.DataFrame:
    """Rows of :data:`seed_memo.SCHEMA` in folder order. Files read now are moved into the
    frame a chunk at a time, so a big folder is never held twice (as Python strings and as
    the frame); files taken from ``last_read`` stay in frames throughout."""
    found = survey(seeds_dir, last_read)
    read_schema = seed_memo.SCHEMA | {seed_memo.POSITION: pl.Int64}
    parts = [pl.DataFrame(schema=read_schema)]
    docs = read_changed(found, seeds_dir, max_bytes)
    while chunk := list(itertools.islice(docs, INGEST_CHUNK)):
        parts.append(pl.DataFrame(
            {c: [getattr(d, c) for _, d in chunk] for c in RAW_DOCUMENTS.column_names}
            | seed_memo.stamp_columns([d.stamp for _, d in chunk])
            | {seed_memo.POSITION: [position for position, _ in chunk]},
            schema=read_schema))
    if found.unchanged and last_read is not None:
        parts.append(last_read.frame(found))
    frame = pl.concat(parts)
    if not frame[seed_memo.POSITION].is_sorted():
        frame = frame.sort(seed_memo.POSITION)
    return _mark_duplicates(frame.drop(seed_memo.POSITION))


def _mark_duplicates(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (in folder order) with later copies of a usable document's bytes rejected as
    duplicates of the first (:class:`ingest.FirstCopies`)."""
    copies = FirstCopies()
    earlier = [copies.earlier_copy(sha, name, doc_id) if status == "ok" else None
               for sha, status, name, doc_id in frame.select(
                   "content_sha256", "status", "source_file", "doc_id").iter_rows()]
    if not any(earlier):
        return frame
    first_id = pl.Series([e and e[1] for e in earlier], dtype=pl.String)
    reason = pl.Series([e and duplicate_reason(e[0]) for e in earlier], dtype=pl.String)
    duplicate = first_id.is_not_null()
    return frame.with_columns(
        pl.when(duplicate).then(pl.lit("rejected")).otherwise("status").alias("status"),
        pl.when(duplicate).then(reason).otherwise("reject_reason").alias("reject_reason"),
        first_id.alias("duplicate_of"))


def _error(stage: str, exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return f"{stage} failed: {type(exc).__name__}: {exc} ({Path(where.filename).name}:{where.lineno})"


def _workers() -> int:
    return max(1, int(os.environ.get("MSC_WORKERS") or os.cpu_count() or 1))


def _chunks(frame: pl.LazyFrame) -> Iterator[list[dict[str, Any]]]:
    """``frame``'s rows as dicts, CHUNK_DOCUMENTS at a time, read as they are needed: only
    one chunk of a batch is ever held as Python objects, whatever the size of the batch."""
    for batch in frame.collect_batches(chunk_size=CHUNK_DOCUMENTS):
        for offset in range(0, batch.height, CHUNK_DOCUMENTS):
            yield batch.slice(offset, CHUNK_DOCUMENTS).to_dicts()


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
        return serialize.to_row(clean_document(doc_id, text)) | {"raw_text": text, "error": None}
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the batch
        return {k: None for k in serialize.CLEANED_SCHEMA} | {
            "doc_id": doc_id, "raw_text": text, "error": _error("cleaning", exc)}


def _clean_chunk(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [_clean_one(row["doc_id"], row["raw_text"]) for row in rows]


def clean_chunks(raw: pl.LazyFrame | pl.DataFrame) -> Iterator[pl.DataFrame]:
    """Cleaned rows of the usable raw documents (``error`` set where cleaning raised), a
    frame per chunk of documents."""
    todo = raw.lazy().filter(pl.col("status") == "ok").select("doc_id", "raw_text")
    for rows in _map_chunks(_clean_chunk, _chunks(todo), row_count(todo)):
        yield pl.DataFrame(rows, schema=CLEANED_FRAME_SCHEMA)


def clean_documents(raw: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """One cleaned row per usable raw document, as one frame."""
    return pl.concat([pl.DataFrame(schema=CLEANED_FRAME_SCHEMA), *clean_chunks(raw)])


@dataclass(frozen=True)
class StepStats:
    """How much of a step's work a run did, and how much it reused."""

    documents_processed: int
    documents_reused: int
    code_version: str


def document_keys(raw: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """``doc_id`` and ``content_sha256`` of the documents cleaning and extraction work on."""
    return raw.lazy().filter(pl.col("status") == "ok").select(KEY_COLUMNS).collect()


@contextmanager
def _memoized(memo: DocumentMemo, keys: pl.DataFrame, schemas: dict[str, dict[str, pl.DataType]],
              compute: Callable[[pl.DataFrame], Iterator[dict[str, pl.DataFrame]]]
              ) -> Iterator[tuple[dict[str, pl.LazyFrame], StepStats]]:
    """Lazy frames of the rows for ``keys``: reused where memoized, computed else by
    ``compute(missing_keys)`` (frames a chunk at a time, stored as they come). The frames
    read the memo's files: use them inside the block, which holds the memo's lock."""
    with memo.locked():
        missing = memo.missing(keys)
        if missing.height:
            with memo.new_shard(missing, list(schemas)) as shard:
                for frames in compute(missing):
                    shard.append(frames)
        memo.compact(keys, schemas)
        yield memo.scan(keys, schemas), StepStats(missing.height, keys.height - missing.height,
                                                  memo.version)


@contextmanager
def clean_incremental(raw: pl.LazyFrame | pl.DataFrame,
                      memo_root: Path) -> Iterator[tuple[pl.LazyFrame, StepStats]]:
    """:func:`clean_documents` as a lazy frame, reusing results for pages whose bytes and
    code are unchanged (valid inside the block)."""
    memo = DocumentMemo(memo_root, "clean", CLEAN_VERSION)

    def compute(missing: pl.DataFrame) -> Iterator[dict[str, pl.DataFrame]]:
        todo = raw.lazy().join(missing.lazy(), on=KEY_COLUMNS, how="semi")
        return ({"cleaned_documents": frame} for frame in clean_chunks(todo))

    with _memoized(memo, document_keys(raw), {"cleaned_documents": CLEANED_FRAME_SCHEMA},
                   compute) as (frames, stats):
        yield frames["cleaned_documents"], stats


@contextmanager
def extract_incremental(raw: pl.LazyFrame | pl.DataFrame, cleaned: pl.LazyFrame | pl.DataFrame,
                        memo_root: Path) -> Iterator[tuple[dict[str, pl.LazyFrame], StepStats]]:
    """:func:`extract_documents` as lazy frames, reusing results for pages whose bytes and
    code are unchanged (valid inside the block)."""
    memo = DocumentMemo(memo_root, "extract", EXTRACT_VERSION)

    def compute(missing: pl.DataFrame) -> Iterator[dict[str, pl.DataFrame]]:
        return extract_chunks(cleaned.lazy().filter(pl.col("doc_id").is_in(missing["doc_id"].implode())))

    with _memoized(memo, document_keys(raw), EXTRACT_SCHEMAS, compute) as result:
        yield result


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


def extract_chunks(cleaned: pl.LazyFrame | pl.DataFrame) -> Iterator[dict[str, pl.DataFrame]]:
    """Facts of the cleaned documents, as frames keyed by intermediate asset name, one set
    of frames per chunk of documents."""
    cleaned = cleaned.lazy()
    for out in _map_chunks(_extract_chunk, _chunks(cleaned), row_count(cleaned)):
        frames = {name: EXTRACT_TABLES[name].frame(rows) for name, rows in out.items()}
        frames["dose_mentions"] = frames["dose_mentions"].select(DOSE_MENTION_COLUMNS)
        yield frames


def extract_documents(cleaned: pl.LazyFrame | pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Facts of every cleaned document, as one frame per intermediate asset."""
    parts: dict[str, list[pl.DataFrame]] = {name: [pl.DataFrame(schema=schema)]
                                            for name, schema in EXTRACT_SCHEMAS.items()}
    for frames in extract_chunks(cleaned):
        for name, frame in frames.items():
            parts[name].append(frame)
    return {name: pl.concat(frames) for name, frames in parts.items()}


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


# harmonized rows follow from a document's extracted rows and the harmonizing code (in this
# module, ``harmonize`` and ``units``): this module's version covers both
HARMONIZE_VERSION = code_version("pipeline.batch")
HARMONIZED_SCHEMAS = {"harmonized_doses": DOSES.polars_schema}


@contextmanager
def harmonize_incremental(raw: pl.LazyFrame | pl.DataFrame, dose_mentions: pl.LazyFrame | pl.DataFrame,
                          trial_facts: pl.LazyFrame | pl.DataFrame, evidence: pl.LazyFrame | pl.DataFrame,
                          memo_root: Path) -> Iterator[tuple[pl.LazyFrame, StepStats]]:
    """:func:`harmonize_doses` as a lazy frame, reusing the rows of documents whose bytes and
    code are unchanged (valid inside the block). A document's doses are converted with its
    own trials' weights only, so documents can be harmonized apart."""
    memo = DocumentMemo(memo_root, "harmonize", HARMONIZE_VERSION)

    def compute(missing: pl.DataFrame) -> Iterator[dict[str, pl.DataFrame]]:
        ids = missing["doc_id"].implode()
        def of_missing(frame: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
            return frame.lazy().filter(pl.col("doc_id").is_in(ids))
        yield {"harmonized_doses": harmonize_doses(of_missing(dose_mentions), of_missing(trial_facts),
                                                   of_missing(evidence))}

    with _memoized(memo, document_keys(raw), HARMONIZED_SCHEMAS, compute) as (frames, stats):
        yield frames["harmonized_doses"], stats


def harmonize_doses(dose_mentions: pl.LazyFrame | pl.DataFrame, trial_facts: pl.LazyFrame | pl.DataFrame,
                    evidence: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """The ``doses`` table: each dose mention as cells/kg and cells per subject, converted
    through the weight its trial states (quoted from ``evidence``), else a reference weight."""
    trials = {r["trial_id"]: r for r in trial_facts.lazy().select(
        "trial_id", "body_weight_kg", "age_group", "n_infusions").collect().iter_rows(named=True)}
    weight_text = dict(
        evidence.lazy()
        .filter((pl.col("table_name") == "trials") & (pl.col("field") == "body_weight_kg"))
        .select("trial_id", "evidence_text").collect().iter_rows())
    rows = []
    for dose in dose_mentions.lazy().collect().iter_rows(named=True):
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
