"""Dagster metadata built from the pipeline's schema: column schemas and row counts."""

from __future__ import annotations

import dagster as dg
import polars as pl

from pipeline.schema import Table


def table_schema(table: Table) -> dg.TableSchema:
    return dg.TableSchema(columns=[
        dg.TableColumn(c.name, c.sql_type, description=c.description,
                       constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=c.unique))
        for c in table.columns
    ])


def frame_schema(frame: pl.DataFrame) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name, str(dtype))
                                   for name, dtype in frame.schema.items()])


def frame_metadata(frame: pl.DataFrame, **extra: object) -> dict[str, object]:
    return {"dagster/row_count": frame.height, "dagster/column_schema": frame_schema(frame), **extra}
