"""Dagster metadata built from the pipeline's schema: column schemas and row counts."""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipeline.partitions import row_count
from pipeline.schema import Table


def table_schema(table: Table) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(c.name, c.sql_type, description=c.description,
                       constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=c.unique))
        for c in table.columns
    ])


def frame_schema(frame: pl.DataFrame | pl.LazyFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, str(dtype))
                                   for name, dtype in frame.collect_schema().items()])


def frame_metadata(frame: pl.DataFrame | pl.LazyFrame, **extra: object) -> dict[str, object]:
    return {"dagster/row_count": row_count(frame), "dagster/column_schema": frame_schema(frame),
            **extra}


OWNERS = ["team:msc-warehouse"]


def layer_tags(layer: str) -> dict[str, str]:
    """``raw`` (as read), ``core`` (cleaned and extracted) or ``out`` (published)."""
    return {"layer": layer}


def column_lineage(table: Table, upstream: dict[str, Table],
                   extra: dict[str, list[tuple[str, str]]] | None = None) -> dg.TableColumnLineage:
    """Each column of ``table`` traced to the same-named column of its upstream assets, plus
    ``extra`` dependencies (column -> [(asset, column)]) where a column is derived."""
    deps: dict[str, list[dg.TableColumnDep]] = {}
    for column in table.column_names:
        sources = [(asset, column) for asset, up in upstream.items() if column in up.column_names]
        sources += (extra or {}).get(column, [])
        if sources:
            deps[column] = [dg.TableColumnDep(asset_key=dg.AssetKey(asset.split("/")), column_name=col)
                            for asset, col in sources]
    return dg.TableColumnLineage(deps_by_column=deps)
