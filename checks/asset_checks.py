"""Asset checks built from the pandera models and semantic checks.

Checks run inside the asset that produced the frame (no second read of the data) and are
declared as blocking ``AssetCheckSpec``s, so a failed integrity check stops every downstream
asset of the run: a broken batch never reaches the published warehouse. Each result carries
the failure count and a sample of failing rows as metadata, shown in the UI's Checks tab.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

import dagster as dg
import pandera.polars as pa
import polars as pl

from checks.models import models
from pipeline.partitions import document_ranges, partitions, row_count
from pipeline.validation_memo import ValidationMemo
from pipeline.versions import code_version

SCHEMA_CHECK = "pandera_schema"
SAMPLE_ROWS = 10
CHECKS_DIR = Path(__file__).resolve().parent
# what decides whether a row passes: the models, this module, the schema the models are made
# from, and pandera and polars themselves
CHECKS_VERSION = hashlib.sha256(b"".join([
    (CHECKS_DIR / "models.py").read_bytes(), (CHECKS_DIR / "asset_checks.py").read_bytes(),
    code_version("pipeline.schema", "pipeline.batch").encode(),
    version("pandera").encode(), version("polars").encode()])).hexdigest()[:12]


def validation_memo(memo_dir: Path, frame: str, rows_version: str,
                    keys: pl.DataFrame) -> ValidationMemo:
    """The record of ``frame``'s documents that passed, for rows made by code of version
    ``rows_version`` and the current checks (see :func:`validate`); ``keys`` are the current
    documents' ``doc_id`` and ``content_sha256``."""
    return ValidationMemo(memo_dir, frame, f"{rows_version}-{CHECKS_VERSION}", keys)


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


def validate(asset_name: str, frame: pl.DataFrame | pl.LazyFrame,
             memo: ValidationMemo | None = None) -> pl.DataFrame:
    """Failure cases of ``frame`` against its model (empty when valid). The frame is read a
    document range at a time (``pipeline.partitions``; pandera's checks copy columns, and a
    frame may be a join of texts), so a frame of any size is checked in bounded memory.

    With ``memo``, rows of documents it records as passed (same bytes, same code) are not
    validated again, and the documents whose rows all pass are recorded for the next run.
    Columns, types and key uniqueness are checked over the whole frame every time."""
    return _validation(asset_name, frame, memo)[0]


def _validation(asset_name: str, frame: pl.DataFrame | pl.LazyFrame,
                memo: ValidationMemo | None) -> tuple[pl.DataFrame, int]:
    """:func:`validate`'s failure cases and the number of documents whose rows were known
    to pass."""
    lazy = frame.lazy()
    if "doc_id" not in lazy.collect_schema():
        return _gathered([_validate_part(asset_name, lazy.collect()), _duplicates(asset_name, lazy)]), 0
    known = memo.passed() if memo is not None else pl.Series("doc_id", [], pl.String)
    todo = lazy.filter(pl.col("doc_id").is_null() | ~pl.col("doc_id").is_in(known.implode()))
    failures, validated, failing = [], [known], []
    # there is always a part, if only an empty one, so the columns are checked even without rows
    for part in partitions(todo, document_ranges(todo)):
        found = _validate_part(asset_name, part)
        failures.append(found)
        validated.append(part["doc_id"].drop_nulls())
        failing.append(_failing_documents(part, found))
    failures.append(_duplicates(asset_name, lazy))
    # (a record naming documents that are gone, or bytes they no longer have, is still right)
    newly_validated = sum(docs.len() for docs in validated[1:])
    if memo is not None and newly_validated and all(f is not None for f in failing):
        passed = pl.concat(validated).unique()
        memo.record(passed.filter(~passed.is_in(pl.concat(failing).implode())))
    return _gathered(failures), known.len()


def _failing_documents(part: pl.DataFrame, failures: pl.DataFrame) -> pl.Series | None:
    """``doc_id``s of the rows of ``part`` that failed; None when a failure is not a row's (a
    missing column, a wrong type)."""
    if failures.is_empty():
        return pl.Series("doc_id", [], pl.String)
    if "index" not in failures.columns or failures["index"].null_count():
        return None
    return part["doc_id"].gather(failures["index"].cast(pl.Int64)).unique()


def _gathered(failures: list[pl.DataFrame]) -> pl.DataFrame:
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
                        asset_key: dg.AssetKey | None = None,
                        memo: ValidationMemo | None = None,
                        rows: int | None = None) -> dg.AssetCheckResult:
    """The pandera check's result; with ``memo`` (see :func:`validate`) the metadata says
    how many documents' rows were known to pass and not validated again. ``rows`` is the
    frame's row count when the caller has it already."""
    failures, known = _validation(asset_name, frame, memo)
    return _result(asset_key or dg.AssetKey(asset_name), SCHEMA_CHECK, failures,
                   row_count(frame) if rows is None else rows,
                   failed_checks=sorted({f"{c}: {k}" for c, k in
                                         failures.select("column", "check").iter_rows()}),
                   more={} if memo is None else {"documents_known_to_pass": known})


def semantic_result(asset_key: dg.AssetKey | str, name: str, failing: pl.DataFrame,
                    checked_rows: int) -> dg.AssetCheckResult:
    key = asset_key if isinstance(asset_key, dg.AssetKey) else dg.AssetKey(asset_key)
    return _result(key, name, failing, checked_rows)


def _result(key: dg.AssetKey, name: str, failing: pl.DataFrame, checked_rows: int,
            failed_checks: list[str] | None = None, more: dict | None = None) -> dg.AssetCheckResult:
    metadata: dict[str, object] = {"checked_rows": checked_rows, "failure_count": failing.height,
                                   **(more or {})}
    if failing.height:
        metadata["failing_rows_sample"] = dg.MetadataValue.md(_markdown(failing))
    if failed_checks:
        metadata["failed_checks"] = dg.MetadataValue.json(failed_checks)
    return dg.AssetCheckResult(asset_key=key, check_name=name, passed=failing.is_empty(),
                               severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)

