"""Harmonize layer: every dose as cells/kg and cells per subject, with the conversion stated."""

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, frame_metadata, layer_tags, table_schema
from checks import semantic
from checks.asset_checks import check_spec, schema_check_result, schema_check_spec, semantic_result
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
def harmonized_doses(dose_mentions: pl.LazyFrame, trial_facts: pl.LazyFrame,
                     evidence: pl.LazyFrame):
    frame = batch.harmonize_doses(dose_mentions, trial_facts, evidence)
    yield dg.Output(frame, metadata=frame_metadata(
        frame,
        converted_with_reference_weight=frame.filter(
            pl.col("conversion").str.starts_with("reference")).height,
        not_converted=frame.filter(pl.col("cells_per_kg").is_null()).height,
    ))
    yield schema_check_result("harmonized_doses", frame)
    yield semantic_result("harmonized_doses", "per_kg_doses_reported_as_is",
                          semantic.per_kg_not_reported_as_is(frame), frame.height)
