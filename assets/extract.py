"""Extract layer: facts with evidence, one pass over every cleaned document."""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, frame_metadata, layer_tags, table_schema
from assets.resources import PipelinePaths
from checks import semantic
from checks.asset_checks import (check_spec, schema_check_result, schema_check_spec,
                                 semantic_result, validation_memo)
from pipeline import batch

OUTPUTS = {
    "document_facts": "Bibliographic facts per document (title, journal, year, DOI, PMID, "
                      "language, clean text) and any extraction error.",
    "trial_facts": "One row per study population per document: species, condition, phase, "
                   "design flags, cell source, donor, route, counts, administrations, follow-up.",
    "dose_mentions": "Every distinct dose level stated, parsed with its exact span; lost "
                     "exponents repaired only with a flag and a reason.",
    "adverse_event_mentions": "Adverse events named as having happened, with CTCAE grade.",
    "registrations": "Trial registry ids in canonical form.",
    "outcome_mentions": "Efficacy results: measure, baseline, follow-up value, p-value.",
    "evidence": "For every extracted value: its supporting raw-text span and the rule.",
    "document_zones": "Stretches of each page by role and language (study, boilerplate, "
                      "related papers, translated copies).",
}

SEMANTIC_CHECKS = [
    check_spec("evidence", "evidence_quotes_raw_text",
               "raw_text[char_start:char_end] == evidence_text for every evidence row"),
    check_spec("dose_mentions", "dose_text_at_offsets",
               "raw_text[char_start:char_end] == dose_text for every dose"),
    check_spec("trial_facts", "treated_within_enrolled", "n_cell_treated <= n_enrolled"),
    check_spec("trial_facts", "values_have_evidence",
               "every non-NULL trial fact has an evidence row"),
    check_spec("evidence", "documents_exist", "every evidence row's doc_id is a document"),
]


@dg.multi_asset(
    outs={name: dg.AssetOut(
        description=desc, group_name="extract", kinds={"polars", "pandera"}, owners=OWNERS,
        tags=layer_tags("core"), code_version=batch.EXTRACT_VERSION,
        # dose mentions are the doses table without its harmonized columns: no fixed schema
        metadata=None if name == "dose_mentions"
        else {"dagster/column_schema": table_schema(batch.EXTRACT_TABLES[name])})
        for name, desc in OUTPUTS.items()},
    check_specs=[schema_check_spec(name) for name in OUTPUTS] + SEMANTIC_CHECKS,
    description="Runs every extractor (pipeline/extract/) once per cleaned document; a page "
                "whose bytes and extraction code are unchanged is reused, not extracted again.",
)
def extract_facts(context: dg.AssetExecutionContext, paths: PipelinePaths,
                  raw_documents: pl.LazyFrame, cleaned_documents: pl.LazyFrame) -> Iterator:
    with batch.extract_incremental(raw_documents, cleaned_documents, paths.memo_dir) as (frames, stats):
        yield from _outputs_and_checks(context, paths, raw_documents, frames, stats)


def _outputs_and_checks(context: dg.AssetExecutionContext, paths: PipelinePaths,
                        raw_documents: pl.LazyFrame, frames: dict[str, pl.LazyFrame],
                        stats: batch.StepStats) -> Iterator:
    context.log.info(f"extracted {stats.documents_processed} documents, reused "
                     f"{stats.documents_reused} (extraction code {stats.code_version})")
    failed = (frames["document_facts"].filter(pl.col("error").is_not_null())
              .select("doc_id", "error").collect())
    for doc_id, error in failed.iter_rows():
        context.log.error(f"{doc_id}: {error}")
    keys = batch.document_keys(raw_documents)
    rows = {}
    for name in OUTPUTS:
        metadata = frame_metadata(frames[name], documents_processed=stats.documents_processed,
                                  documents_reused=stats.documents_reused)
        rows[name] = metadata["dagster/row_count"]
        yield dg.Output(frames[name], output_name=name, metadata=metadata)
        yield schema_check_result(name, frames[name], rows=rows[name], memo=validation_memo(
            paths.memo_dir, name, batch.EXTRACT_VERSION, keys))
    evidence, doses, trials = frames["evidence"], frames["dose_mentions"], frames["trial_facts"]
    n_evidence, n_doses, n_trials = rows["evidence"], rows["dose_mentions"], rows["trial_facts"]
    yield semantic_result("evidence", "evidence_quotes_raw_text",
                          semantic.spans_quote_raw_text(evidence, raw_documents, "evidence_text"),
                          n_evidence)
    yield semantic_result("dose_mentions", "dose_text_at_offsets",
                          semantic.spans_quote_raw_text(doses, raw_documents, "dose_text"),
                          n_doses)
    yield semantic_result("trial_facts", "treated_within_enrolled",
                          semantic.treated_exceeds_enrolled(trials), n_trials)
    yield semantic_result("trial_facts", "values_have_evidence",
                          semantic.values_without_evidence(trials, evidence), n_trials)
    yield semantic_result("evidence", "documents_exist",
                          semantic.unknown_documents(evidence, raw_documents), n_evidence)
