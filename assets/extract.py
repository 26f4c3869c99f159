"""Extract layer: facts with evidence, one pass over every cleaned document."""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.metadata import frame_metadata
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


@dg.multi_asset(
    outs={name: dg.AssetOut(description=desc, group_name="extract", kinds={"polars"},
                            code_version="1")
          for name, desc in OUTPUTS.items()},
    description="Runs every extractor (pipeline/extract/) once per cleaned document.",
)
def extract_facts(context: dg.AssetExecutionContext, raw_documents: pl.DataFrame,
                  cleaned_documents: pl.DataFrame) -> Iterator[dg.Output]:
    frames = batch.extract_documents(raw_documents, cleaned_documents)
    failed = frames["document_facts"].filter(pl.col("error").is_not_null())
    for doc_id, error in failed.select("doc_id", "error").iter_rows():
        context.log.error(f"{doc_id}: {error}")
    for name in OUTPUTS:
        yield dg.Output(frames[name], output_name=name, metadata=frame_metadata(frames[name]))
