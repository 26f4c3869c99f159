"""Checks that relate columns or assets: offsets that must quote raw text, references that
must resolve, counts that must be consistent, values that must have evidence.

Each check is a plain function returning the failing rows (an empty frame when it passes),
so it can be tested on a crafted frame and reused by the asset checks and by the publish
step's final gate.
"""

from __future__ import annotations

import polars as pl

RAW = ("doc_id", "raw_text")


# rows checked at a time: the check puts each row beside its document's text, and those
# copies must not grow with the corpus (1.6 M evidence rows of 100,000 pages would be 4 GB)
SPAN_CHECK_ROWS = 50_000


def spans_quote_raw_text(frame: pl.DataFrame, raw: pl.DataFrame, text_column: str) -> pl.DataFrame:
    """Rows whose ``raw_text[char_start:char_end]`` is not ``text_column``."""
    if frame.is_empty():
        return frame
    texts = raw.select(RAW)
    return pl.concat([_misquoted(frame.slice(offset, SPAN_CHECK_ROWS), texts, text_column)
                      for offset in range(0, frame.height, SPAN_CHECK_ROWS)])


def _misquoted(frame: pl.DataFrame, texts: pl.DataFrame, text_column: str) -> pl.DataFrame:
    joined = frame.join(texts, on="doc_id", how="left")
    quoted = joined.with_columns(
        pl.col("raw_text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
        .alias("_quoted"))
    bad = quoted.filter(pl.col("_quoted").is_null() | (pl.col("_quoted") != pl.col(text_column))
                        | (pl.col("char_end") < pl.col("char_start")))
    return bad.select(frame.columns)


def unknown_documents(frame: pl.DataFrame, raw: pl.DataFrame) -> pl.DataFrame:
    """Rows whose doc_id is not a document of this run."""
    return frame.join(raw.select("doc_id"), on="doc_id", how="anti")


def unknown_trials(frame: pl.DataFrame, trials: pl.DataFrame) -> pl.DataFrame:
    """Rows with a trial_id that no trial row has."""
    with_trial = frame.filter(pl.col("trial_id").is_not_null())
    return with_trial.join(trials.select("trial_id"), on="trial_id", how="anti")


def treated_exceeds_enrolled(trials: pl.DataFrame) -> pl.DataFrame:
    return trials.filter(pl.col("n_cell_treated") > pl.col("n_enrolled"))


def per_kg_not_reported_as_is(doses: pl.DataFrame) -> pl.DataFrame:
    """cells/kg doses whose harmonized cells_per_kg differs from the reported value."""
    return doses.filter((pl.col("dose_unit") == "cells/kg") & pl.col("dose_value").is_not_null()
                        & (pl.col("cells_per_kg") != pl.col("dose_value")))


TRIAL_FACT_FIELDS = ("condition", "phase", "cell_source", "donor", "route", "n_enrolled",
                     "n_cell_treated", "n_infusions", "follow_up_days")


def values_without_evidence(trials: pl.DataFrame, evidence: pl.DataFrame) -> pl.DataFrame:
    """(trial_id, field) pairs with a non-NULL value and no evidence row."""
    stated = [trials.filter(pl.col(f).is_not_null()).select("trial_id", pl.lit(f).alias("field"))
              for f in TRIAL_FACT_FIELDS if f in trials.columns]
    if not stated:
        return pl.DataFrame(schema={"trial_id": pl.String, "field": pl.String})
    stated_frame = pl.concat(stated)
    backed = evidence.filter(pl.col("table_name") == "trials").select("trial_id", "field").unique()
    return stated_frame.join(backed, on=["trial_id", "field"], how="anti")
