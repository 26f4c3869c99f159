"""Harmonize layer: every dose as cells/kg and cells per subject, with the conversion stated."""

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, frame_metadata, layer_tags, table_schema
from checks import semantic
from assets.resources import PipelinePaths
from checks.asset_checks import (check_spec, schema_check_result, schema_check_spec,
                                 semantic_result, validation_memo)
from pipeline import batch
from pipeline.schema import DOSES
from pipeline.versions import code_version


@dg.asset(
    group_name="harmonize",
    kinds={"polars", "pandera", "pint"},
    owners=OWNERS,
    tags=layer_tags("core"),
    metadata={"dagster/column_schema": table_schema(DOSES)},
    code_version=code_version("pipeline.harmonize", "pipeline.units"),
    check_specs=[
        schema_check_spec("harmonized_doses"),
        check_spec("harmonized_doses", "per_kg_doses_reported_as_is",
                   "a cells/kg dose keeps its reported value as cells_per_kg"),
    ],
    description="Dose mentions converted between cells/kg and cells per subject with pint: "
                "through the body weight the document states, else the species' reference "
                "weight (FDA 2005), never for children or neonatal animals without a stated "
                "weight; `conversion` says which.",
)
def harmonized_doses(context: dg.AssetExecutionContext, paths: PipelinePaths,
                     raw_documents: pl.LazyFrame, dose_mentions: pl.LazyFrame,
                     trial_facts: pl.LazyFrame, evidence: pl.LazyFrame):
    with batch.harmonize_incremental(raw_documents, dose_mentions, trial_facts, evidence,
                                     paths.memo_dir) as (frame, stats):
        context.log.info(f"harmonized the doses of {stats.documents_processed} documents, "
                         f"reused {stats.documents_reused} (code {stats.code_version})")
        kind = frame.select(
            pl.col("conversion").str.starts_with("reference").sum().alias("reference"),
            pl.col("cells_per_kg").null_count().alias("not_converted")).collect().row(0)
        metadata = frame_metadata(
            frame, documents_processed=stats.documents_processed,
            documents_reused=stats.documents_reused,
            converted_with_reference_weight=kind[0] or 0, not_converted=kind[1])
        rows = metadata["dagster/row_count"]
        yield dg.Output(frame, metadata=metadata)
        yield schema_check_result("harmonized_doses", frame, rows=rows, memo=validation_memo(
            paths.memo_dir, "harmonized_doses", batch.HARMONIZE_VERSION,
            batch.document_keys(raw_documents)))
        yield semantic_result("harmonized_doses", "per_kg_doses_reported_as_is",
                              semantic.per_kg_not_reported_as_is(frame), rows)
