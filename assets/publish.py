"""Warehouse layer: the published DuckDB tables of shared/warehouse_contract.md.

All tables are written together into a new DuckDB file that replaces the published one
atomically (``pipeline.warehouse.publish``); readers never see half a run.
"""

from collections.abc import Iterator

import dagster as dg
import polars as pl

from assets.metadata import OWNERS, column_lineage, layer_tags, table_schema
from assets.resources import PipelinePaths
from checks import semantic
from checks.asset_checks import (check_spec, schema_check_result, schema_check_spec,
                                 semantic_result, validation_memo)
from pipeline import batch
from pipeline import schema
from pipeline.partitions import row_count
from pipeline.schema import PUBLISHED_TABLES
from pipeline.versions import code_version
from pipeline.warehouse import publish

WAREHOUSE_PREFIX = "warehouse"
# every module whose code decides a published row: a file built by other code is rewritten whole
PUBLISHED_ROWS_VERSION = code_version("pipeline.batch", "pipeline.warehouse")

# A published row of a usable document follows from its file's path and bytes and from this
# code alone, so every table's validation is remembered per document (``validation_memo``),
# ``documents`` too: the one thing other files decide, a later copy of the same bytes being
# rejected as a duplicate, makes it a rejected row, and rejected rows are not among the
# documents a record stands for (``batch.document_keys``), so they are validated every run.

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

# the schema of each intermediate asset, for column lineage
UPSTREAM_TABLES = batch.EXTRACT_TABLES | {
    "raw_documents": schema.RAW_DOCUMENTS, "harmonized_doses": schema.DOSES,
}
# published columns derived from more than their namesake
DERIVED_COLUMNS = {
    "documents": {"status": [("document_facts", "error")],
                  "reject_reason": [("document_facts", "error")]},
}

PUBLISHED_SPECS = [
    dg.AssetSpec(
        key=[WAREHOUSE_PREFIX, table.name],
        description=table.description,
        group_name="warehouse",
        kinds={"duckdb", "pandera"},
        owners=OWNERS,
        tags=layer_tags("out"),
        code_version=code_version("pipeline.warehouse", "pipeline.views", "pipeline.schema"),
        deps=[dg.AssetKey(up) for up in UPSTREAM[table.name]],
        metadata={
            "dagster/column_schema": table_schema(table),
            "dagster/table_name": table.name,
            "dagster/column_lineage": column_lineage(
                table, {up: UPSTREAM_TABLES[up] for up in UPSTREAM[table.name]},
                DERIVED_COLUMNS.get(table.name)),
        },
    )
    for table in PUBLISHED_TABLES
]


PUBLISHED_CHECKS = [
    schema_check_spec(f"{WAREHOUSE_PREFIX}/{table.name}", dg.AssetKey([WAREHOUSE_PREFIX, table.name]))
    for table in PUBLISHED_TABLES
] + [
    check_spec(dg.AssetKey([WAREHOUSE_PREFIX, "trials"]), "documents_exist",
               "every trial's doc_id is a published document"),
    check_spec(dg.AssetKey([WAREHOUSE_PREFIX, "doses"]), "trials_exist",
               "every dose's trial_id is a published trial"),
]


@dg.multi_asset(specs=PUBLISHED_SPECS, check_specs=PUBLISHED_CHECKS, name="publish_warehouse",
                description="Validates every published table, then writes them into a new "
                            "DuckDB file and swaps it in atomically; a failed check leaves the "
                            "previous warehouse in place.")
def publish_warehouse(
    context: dg.AssetExecutionContext,
    paths: PipelinePaths,
    raw_documents: pl.LazyFrame,
    document_facts: pl.LazyFrame,
    document_zones: pl.LazyFrame,
    trial_facts: pl.LazyFrame,
    registrations: pl.LazyFrame,
    harmonized_doses: pl.LazyFrame,
    adverse_event_mentions: pl.LazyFrame,
    outcome_mentions: pl.LazyFrame,
    evidence: pl.LazyFrame,
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
    rows = {name: row_count(frame) for name, frame in frames.items()}
    keys = batch.document_keys(raw_documents)
    results = [
        schema_check_result(f"{WAREHOUSE_PREFIX}/{table.name}", frames[table.name],
                            dg.AssetKey([WAREHOUSE_PREFIX, table.name]), rows=rows[table.name],
                            memo=validation_memo(paths.memo_dir, f"{WAREHOUSE_PREFIX}/{table.name}",
                                                 PUBLISHED_ROWS_VERSION, keys))
        for table in PUBLISHED_TABLES
    ] + [
        semantic_result(dg.AssetKey([WAREHOUSE_PREFIX, "trials"]), "documents_exist",
                        semantic.unknown_documents(frames["trials"], frames["documents"]),
                        rows["trials"]),
        semantic_result(dg.AssetKey([WAREHOUSE_PREFIX, "doses"]), "trials_exist",
                        semantic.unknown_trials(frames["doses"], frames["trials"]),
                        rows["doses"]),
    ]
    failed = [r for r in results if not r.passed]
    if failed:
        yield from results
        names = ", ".join(f"{r.asset_key.to_user_string()}:{r.check_name}" for r in failed)
        raise dg.Failure(f"not published, the previous warehouse stays in place: {names} failed")
    published = publish(frames, paths.warehouse, build=PUBLISHED_ROWS_VERSION)
    how = (f"rewrote the rows of {published.documents_rewritten} documents and removed "
           f"{published.documents_removed} in a copy of the previous file"
           if published.incremental else "wrote every table")
    context.log.info(f"published {published.path}: {how}")
    for table in PUBLISHED_TABLES:
        yield dg.MaterializeResult(
            asset_key=[WAREHOUSE_PREFIX, table.name],
            metadata={"dagster/row_count": rows[table.name],
                      "warehouse": dg.MetadataValue.path(str(published.path)),
                      "publish": how},
        )
    yield from results
