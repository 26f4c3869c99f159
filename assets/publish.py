"""Warehouse layer: the published DuckDB tables of shared/warehouse_contract.md.

All tables are written together into a new DuckDB file that replaces the published one
atomically (``pipeline.warehouse.publish``); readers never see half a run.
"""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.metadata import table_schema
from assets.resources import PipelinePaths
from pipeline import batch
from pipeline.schema import PUBLISHED_TABLES
from pipeline.warehouse import publish

WAREHOUSE_PREFIX = "warehouse"

# published table -> the intermediate assets it is built from
UPSTREAM = {
    "documents": ("raw_documents", "document_facts"),
    "document_zones": ("document_zones",),
    "trials": ("trial_facts",),
    "trial_registrations": ("registrations",),
    "doses": ("harmonized_doses",),
    "adverse_events": ("adverse_event_mentions",),
    "outcomes": ("outcome_mentions",),
    "evidence": ("evidence",),
}

PUBLISHED_SPECS = [
    dg.AssetSpec(
        key=[WAREHOUSE_PREFIX, table.name],
        description=table.description,
        group_name="warehouse",
        kinds={"duckdb"},
        code_version="1",
        deps=[dg.AssetKey(up) for up in UPSTREAM[table.name]],
        metadata={"dagster/column_schema": table_schema(table), "dagster/table_name": table.name},
    )
    for table in PUBLISHED_TABLES
]


@dg.multi_asset(specs=PUBLISHED_SPECS, name="publish_warehouse",
                description="Writes every published table into a new DuckDB file and swaps it "
                            "in atomically.")
def publish_warehouse(
    context: dg.AssetExecutionContext,
    paths: PipelinePaths,
    raw_documents: pl.DataFrame,
    document_facts: pl.DataFrame,
    document_zones: pl.DataFrame,
    trial_facts: pl.DataFrame,
    registrations: pl.DataFrame,
    harmonized_doses: pl.DataFrame,
    adverse_event_mentions: pl.DataFrame,
    outcome_mentions: pl.DataFrame,
    evidence: pl.DataFrame,
) -> Iterator[dg.MaterializeResult]:
    frames = {
        "documents": batch.published_documents(raw_documents, document_facts),
        "document_zones": document_zones,
        "trials": trial_facts,
        "trial_registrations": registrations,
        "doses": harmonized_doses,
        "adverse_events": adverse_event_mentions,
        "outcomes": outcome_mentions,
        "evidence": evidence,
    }
    path = publish(frames, paths.warehouse)
    context.log.info(f"published {path}")
    for table in PUBLISHED_TABLES:
        yield dg.MaterializeResult(
            asset_key=[WAREHOUSE_PREFIX, table.name],
            metadata={"dagster/row_count": frames[table.name].height,
                      "warehouse": dg.MetadataValue.path(str(path))},
        )
