"""Asset checks built from the pandera models and semantic checks.

Checks run inside the asset that produced the frame (no second read of the data) and are
declared as blocking ``AssetCheckSpec``s, so a failed integrity check stops every downstream
asset of the run: a broken batch never reaches the published warehouse. Each result carries
the failure count and a sample of failing rows as metadata, shown in the UI's Checks tab.
"""

from __future__ import annotations

from functools import cache

import dagster as dg
import pandera.polars as pa
import polars as pl

from checks.models import models
from pipeline.partitions import document_ranges, partitions, row_count

SCHEMA_CHECK = "pandera_schema"
SAMPLE_ROWS = 10


def schema_check_spec(asset_name: str, asset_key: dg.AssetKey | None = None) -> dg.AssetCheckSpec:
    model = models()[asset_name]
    return dg.AssetCheckSpec(
        name=SCHEMA_CHECK, asset=asset_key or dg.AssetKey(asset_name), blocking=True,
        description=f"pandera {model.__name__}: types, nullability, enumerations, ranges, "
                    "formats and key uniqueness of every column",
    )


def check_spec(asset_key: dg.AssetKey | str, name: str, description: str,
               blocking: bool = True) -> dg.AssetCheckSpec:
    key = asset_key if isinstance(asset_key, dg.AssetKey) else dg.AssetKey(asset_key)
    return dg.AssetCheckSpec(name=name, asset=key, blocking=blocking, description=description)


def _markdown(frame: pl.DataFrame) -> str:
    frame = frame.head(SAMPLE_ROWS).with_columns(
        (pl.col(c).list.eval(pl.element().cast(pl.String)).list.join(", ")
         if isinstance(dtype, pl.List) else pl.col(c).cast(pl.String)).str.slice(0, 80)
        for c, dtype in frame.schema.items())
    header = "| " + " | ".join(frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    body = ["| " + " | ".join("" if v is None else str(v).replace("|", "\\|").replace("\n", " ")
                              for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, rule, *body])


FAILURE_SCHEMA = {"failure_case": pl.String, "check": pl.String, "column": pl.String}


@cache
def _row_schema(asset_name: str) -> pa.DataFrameSchema:
    """The model's schema without column uniqueness, which :func:`_duplicates` checks over
    the whole frame (a part cannot see a duplicate in another part)."""
    schema = models()[asset_name].to_schema()
    return schema.update_columns({name: {"unique": False}
                                  for name, column in schema.columns.items() if column.unique})


def validate(asset_name: str, frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Failure cases of ``frame`` against its model (empty when valid). The frame is read a
    document range at a time (``pipeline.partitions``; pandera's checks copy columns, and a
    frame may be a join of texts), so a frame of any size is checked in bounded memory."""
    lazy = frame.lazy()
    parts = (partitions(lazy, document_ranges(lazy)) if "doc_id" in lazy.collect_schema()
             else [lazy.collect()])
    # there is always a part, if only an empty one, so the columns are checked even without rows
    failures = [_validate_part(asset_name, part) for part in parts]
    failures.append(_duplicates(asset_name, lazy))
    found = pl.concat(failures, how="diagonal_relaxed")
    if "index" not in found.columns:
        return found
    # a failure of the frame's shape (a missing column, no row index) comes from every part
    return pl.concat([found.filter(pl.col("index").is_null()).unique(maintain_order=True),
                      found.filter(pl.col("index").is_not_null())])


def _validate_part(asset_name: str, frame: pl.DataFrame) -> pl.DataFrame:
    try:
        _row_schema(asset_name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return exc.failure_cases.with_columns(pl.col("failure_case").cast(pl.String))
    except pa.errors.SchemaError as exc:
        return pl.DataFrame({"failure_case": [str(exc)], "check": [str(exc.check)], "column": [None]},
                            schema=FAILURE_SCHEMA)
    return pl.DataFrame(schema=FAILURE_SCHEMA)


def _duplicates(asset_name: str, frame: pl.LazyFrame) -> pl.DataFrame:
    """Failure cases for values repeated in a column the model declares unique."""
    unique = [name for name, column in models()[asset_name].to_schema().columns.items()
              if column.unique and name in frame.collect_schema()]
    found = [frame.group_by(name).len().filter(pl.col("len") > 1).select(
                 pl.col(name).cast(pl.String).alias("failure_case"),
                 pl.lit("field_uniqueness").alias("check"), pl.lit(name).alias("column"))
             for name in unique]
    return pl.concat([pl.LazyFrame(schema=FAILURE_SCHEMA), *found]).collect()


def schema_check_result(asset_name: str, frame: pl.DataFrame | pl.LazyFrame,
                        asset_key: dg.AssetKey | None = None) -> dg.AssetCheckResult:
    failures = validate(asset_name, frame)
    return _result(asset_key or dg.AssetKey(asset_name), SCHEMA_CHECK, failures, row_count(frame),
                   failed_checks=sorted({f"{c}: {k}" for c, k in
                                         failures.select("column", "check").iter_rows()}))


def semantic_result(asset_key: dg.AssetKey | str, name: str, failing: pl.DataFrame,
                    checked_rows: int) -> dg.AssetCheckResult:
    key = asset_key if isinstance(asset_key, dg.AssetKey) else dg.AssetKey(asset_key)
    return _result(key, name, failing, checked_rows)


def _result(key: dg.AssetKey, name: str, failing: pl.DataFrame, checked_rows: int,
            failed_checks: list[str] | None = None) -> dg.AssetCheckResult:
    metadata: dict[str, object] = {"checked_rows": checked_rows, "failure_count": failing.height}
    if failing.height:
        metadata["failing_rows_sample"] = dg.MetadataValue.md(_markdown(failing))
    if failed_checks:
        metadata["failed_checks"] = dg.MetadataValue.json(failed_checks)
    return dg.AssetCheckResult(asset_key=key, check_name=name, passed=failing.is_empty(),
                               severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)

