"""Checks that relate columns or assets: offsets that must quote raw text, references that
must resolve, counts that must be consistent, values that must have evidence.

Each check is a plain function returning the failing rows (an empty frame when it passes),
so it can be tested on a crafted frame and reused by the asset checks and by the publish
step's final gate.
"""

from __future__ import annotations

import polars as pl

from pipeline.partitions import document_ranges

RAW = ("doc_id", "raw_text")
Frame = pl.DataFrame | pl.LazyFrame


def spans_quote_raw_text(frame: Frame, raw: Frame, text_column: str) -> pl.DataFrame:
    """Rows whose ``raw_text[char_start:char_end]`` is not ``text_column``.

    Rows are put beside their document's text one document range at a time
    (``pipeline.partitions``), so what is held at once does not grow with the corpus. The
    ranges only bound the work: rows are not sorted into document order for it."""
    texts = raw.lazy().select(RAW)
    bad = [_misquoted(frame.lazy().filter(in_range), texts.filter(in_range), text_column)
           for in_range in document_ranges(texts).predicates()]
    return pl.concat([frame.lazy().head(0).collect(), *bad])


def _misquoted(frame: pl.LazyFrame, texts: pl.LazyFrame, text_column: str) -> pl.DataFrame:
    quoted = pl.col("raw_text").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start"))
    return (frame.join(texts, on="doc_id", how="left")
            .filter(quoted.is_null() | (quoted != pl.col(text_column))
                    | (pl.col("char_end") < pl.col("char_start")))
            .select(frame.collect_schema().names()).collect())


def unknown_documents(frame: Frame, raw: Frame) -> pl.DataFrame:
    """Rows whose doc_id is not a document of this run."""
    return frame.lazy().join(raw.lazy().select("doc_id"), on="doc_id", how="anti").collect(
        engine="streaming")


def unknown_trials(frame: Frame, trials: Frame) -> pl.DataFrame:
    """Rows with a trial_id that no trial row has."""
    with_trial = frame.lazy().filter(pl.col("trial_id").is_not_null())
    return with_trial.join(trials.lazy().select("trial_id"), on="trial_id", how="anti").collect(
        engine="streaming")


def treated_exceeds_enrolled(trials: Frame) -> pl.DataFrame:
    return trials.lazy().filter(pl.col("n_cell_treated") > pl.col("n_enrolled")).collect()


def per_kg_not_reported_as_is(doses: Frame) -> pl.DataFrame:
    """cells/kg doses whose harmonized cells_per_kg differs from the reported value."""
    return doses.lazy().filter(
        (pl.col("dose_unit") == "cells/kg") & pl.col("dose_value").is_not_null()
        & (pl.col("cells_per_kg") != pl.col("dose_value"))).collect()


TRIAL_FACT_FIELDS = ("condition", "phase", "cell_source", "donor", "route", "n_enrolled",
                     "n_cell_treated", "n_infusions", "follow_up_days")


def values_without_evidence(trials: Frame, evidence: Frame) -> pl.DataFrame:
    """(trial_id, field) pairs with a non-NULL value and no evidence row."""
    trials = trials.lazy()
    names = trials.collect_schema().names()
    stated = [trials.filter(pl.col(f).is_not_null()).select("trial_id", pl.lit(f).alias("field"))
              for f in TRIAL_FACT_FIELDS if f in names]
    if not stated:
        return pl.DataFrame(schema={"trial_id": pl.String, "field": pl.String})
    backed = (evidence.lazy().filter(pl.col("table_name") == "trials")
              .select("trial_id", "field").unique())
    return pl.concat(stated).join(backed, on=["trial_id", "field"], how="anti").collect(
        engine="streaming")
