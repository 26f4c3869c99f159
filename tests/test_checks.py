"""pandera models and semantic checks: each catches the defect it exists for."""

from __future__ import annotations

import contextlib
import hashlib
import shutil

import polars as pl
import pytest

import pipeline.batch
from assets.definitions import defs
from checks import semantic
from checks.asset_checks import schema_check_result, validate, validation_memo
from checks.models import models
from pipeline import partitions
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.schema import DOCUMENT_FACTS, TRIALS
from pipeline.validation_memo import ValidationMemo
from tests.conftest import SEEDS
from tests.dagster_helpers import materialize_into

# a valid sample for each constrained format, so a row can be valid except where a test breaks it
SAMPLES = {r"^10\.\d{4,9}/\S+$": "10.1000/xyz", r"^([0-9a-f]{64})?$": "0" * 64,
           r"^[1-4][ab]?(/[1-4][ab]?)?$": "1/2", r"^NCT\d{8}$": "NCT01234567",
           r"^\d{1,9}$": "123"}
BAD = {"enum": "not-a-member", "pattern": "!!", "ge": -1.0, "le": 1e12}


def _valid_value(field_name: str, dtype: pl.DataType, stats: dict):
    if "isin" in stats:
        return stats["isin"][0]
    if "str_matches" in stats:
        return SAMPLES[stats["str_matches"]]
    if dtype == pl.String:
        return f"{field_name}-1"
    if dtype == pl.Boolean:
        return True
    if isinstance(dtype, pl.List):
        return []
    low = stats.get("ge", 1)
    return type(low)(max(low, 1)) if dtype in (pl.Int64, pl.Int32) else float(max(low, 1))


def _constrained_columns():
    cases = []
    for asset, model in models().items():
        schema = model.to_schema()
        for name, col in schema.columns.items():
            for check in col.checks:
                cases.append((asset, name, check.name, check.statistics))
    return cases


def _row(model, overrides: dict) -> pl.DataFrame:
    schema = model.to_schema()
    row = {}
    for name, col in schema.columns.items():
        stats = {}
        for check in col.checks:
            if check.name == "isin":
                stats["isin"] = check.statistics["allowed_values"]
            elif check.name == "str_matches":
                stats["str_matches"] = check.statistics["pattern"]
            elif check.name == "greater_than_or_equal_to":
                stats["ge"] = check.statistics["min_value"]
        row[name] = _valid_value(name, col.dtype.type, stats)
    row.update(overrides)
    return pl.DataFrame([row], schema={n: c.dtype.type for n, c in schema.columns.items()})


@pytest.mark.parametrize("asset", sorted(models()))
def test_a_valid_row_passes(asset):
    assert validate(asset, _row(models()[asset], {})).is_empty()


@pytest.mark.parametrize("asset,column,check,stats", _constrained_columns(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_a_crafted_bad_value_fails_exactly_its_check(asset, column, check, stats):
    bad = {"isin": BAD["enum"], "str_matches": BAD["pattern"],
           "greater_than_or_equal_to": stats.get("min_value", 0) - 1,
           "less_than_or_equal_to": (stats.get("max_value") or 0) + 1}[check]
    model = models()[asset]
    dtype = model.to_schema().columns[column].dtype.type
    if dtype in (pl.Int64, pl.Int32):
        bad = int(bad)
    failures = validate(asset, _row(model, {column: bad}))
    assert failures.height == 1
    assert failures["column"][0] == column
    assert failures["check"][0].startswith(check)


@pytest.mark.parametrize("asset", sorted(models()))
def test_null_in_a_required_column_fails(asset):
    model = models()[asset]
    required = [n for n, c in model.to_schema().columns.items() if not c.nullable]
    failures = validate(asset, _row(model, {required[0]: None}))
    assert (required[0], "not_nullable") in failures.select("column", "check").rows()


def test_duplicate_key_fails_uniqueness():
    model = models()["trial_facts"]
    row = _row(model, {})
    failures = validate("trial_facts", pl.concat([row, row]))
    assert set(failures.select("column", "check").rows()) == {("trial_id", "field_uniqueness")}


def test_missing_column_is_schema_drift():
    frame = _row(models()["trial_facts"], {}).drop("phase")
    failures = validate("trial_facts", frame)
    assert not failures.is_empty() and "phase" in failures["failure_case"][0]


RAW = pl.DataFrame({"doc_id": ["d"], "raw_text": ["Dose 2x10^6 cells/kg."]})


def test_span_check_catches_a_shifted_span():
    good = pl.DataFrame({"doc_id": ["d"], "char_start": [5], "char_end": [20], "dose_text": ["2x10^6 cells/kg"]})
    shifted = good.with_columns(pl.lit(6).alias("char_start"))
    assert semantic.spans_quote_raw_text(good, RAW, "dose_text").is_empty()
    assert semantic.spans_quote_raw_text(shifted, RAW, "dose_text").height == 1


def test_reference_and_count_checks():
    trials = TRIALS.frame([{"trial_id": "d:human", "doc_id": "d", "species": "human",
                            "n_enrolled": 5, "n_cell_treated": 7, "design_flags": []}])
    assert semantic.treated_exceeds_enrolled(trials).height == 1
    assert semantic.unknown_documents(trials.with_columns(pl.lit("zzz").alias("doc_id")), RAW).height == 1
    doses = pl.DataFrame({"trial_id": ["d:mouse"], "dose_unit": ["cells/kg"], "dose_value": [1e6],
                          "cells_per_kg": [2e6]})
    assert semantic.unknown_trials(doses, trials).height == 1
    assert semantic.per_kg_not_reported_as_is(doses).height == 1


def test_values_without_evidence_are_found():
    trials = TRIALS.frame([{"trial_id": "d:human", "doc_id": "d", "species": "human",
                            "phase": "1", "design_flags": []}])
    evidence = pl.DataFrame({"trial_id": ["d:human"], "table_name": ["trials"], "field": ["species"]})
    missing = semantic.values_without_evidence(trials, evidence)
    assert missing.rows() == [("d:human", "phase")]


def test_every_asset_has_an_asset_check():
    graph = defs.resolve_asset_graph()
    checked = {key.asset_key for key in graph.asset_check_keys}
    unchecked = [k.to_user_string() for k in graph.get_all_asset_keys() if k not in checked]
    assert unchecked == []


@pytest.mark.e2e
def test_corrupt_asset_output_blocks_publishing_and_keeps_the_previous_warehouse(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    warehouse = tmp_path / "w" / "msc.duckdb"
    first, _ = materialize_into(seeds, warehouse, tmp_path / "home")
    assert first.success
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()

    real = pipeline.batch.extract_incremental

    @contextlib.contextmanager
    def corrupt(raw, cleaned, memo_root):
        with real(raw, cleaned, memo_root) as (frames, stats):
            frames["trial_facts"] = frames["trial_facts"].with_columns(pl.lit("martian").alias("species"))
            yield frames, stats

    monkeypatch.setattr(pipeline.batch, "extract_incremental", corrupt)
    # bad rows come from changed code, which has a version of its own: rows validated before
    # under the old version are not taken as known to pass
    monkeypatch.setattr(pipeline.batch, "EXTRACT_VERSION", "changed-code")
    second, _ = materialize_into(seeds, warehouse, tmp_path / "home")
    assert not second.success
    failed = {(e.asset_key.to_user_string(), e.check_name) for e in second.get_asset_check_evaluations()
              if not e.passed}
    assert ("trial_facts", "pandera_schema") in failed
    published = [e for e in second.get_asset_materialization_events()
                 if e.asset_key.path[0] == "warehouse"]
    assert published == []
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before


def test_failing_rows_sample_renders_list_columns():
    from checks.asset_checks import semantic_result

    trials = TRIALS.frame([{"trial_id": "d:human", "doc_id": "d", "species": "human",
                            "n_enrolled": 5, "n_cell_treated": 7, "design_flags": ["open-label", "randomized"]}])
    result = semantic_result("trial_facts", "treated_within_enrolled",
                             semantic.treated_exceeds_enrolled(trials), trials.height)
    assert not result.passed
    assert "open-label, randomized" in result.metadata["failing_rows_sample"].value


def test_span_check_finds_bad_rows_in_every_document_range(monkeypatch):
    monkeypatch.setattr(partitions, "PARTITION_DOCUMENTS", 1)
    raw = pl.DataFrame({"doc_id": ["a", "b", "c"], "raw_text": ["Dose 2x10^6 cells/kg."] * 3})
    rows = pl.DataFrame({"doc_id": ["c", "a", "b", "a", "zz"], "char_start": [5, 6, 5, 5, 5],
                         "char_end": [20] * 5, "dose_text": ["2x10^6 cells/kg"] * 5,
                         "row": list(range(5))})
    bad = semantic.spans_quote_raw_text(rows.lazy(), raw.lazy(), "dose_text")
    # the shifted span (row 1) and the row of a document that does not exist (row 4)
    assert sorted(bad["row"].to_list()) == [1, 4] and bad.columns == rows.columns


def test_validation_by_parts_finds_bad_values_and_duplicates_across_parts(monkeypatch):
    monkeypatch.setattr(partitions, "PARTITION_DOCUMENTS", 1)  # one document per part
    model = models()["trial_facts"]
    rows = [_row(model, {"trial_id": f"d{i}:human", "doc_id": f"d{i}"}) for i in range(5)]
    # the same trial_id in another document: another part
    rows[4] = _row(model, {"trial_id": "d0:human", "doc_id": "d4", "phase": BAD["enum"]})
    failures = validate("trial_facts", pl.concat(rows).lazy())
    assert sorted(failures["column"]) == ["phase", "trial_id"]
    assert failures.filter(pl.col("column") == "trial_id")["check"].to_list() == ["field_uniqueness"]
    assert failures.filter(pl.col("column") == "phase")["failure_case"].to_list() == [BAD["enum"]]


def test_a_missing_column_is_reported_once_however_many_parts(monkeypatch):
    monkeypatch.setattr(partitions, "PARTITION_DOCUMENTS", 1)
    model = models()["trial_facts"]
    frame = pl.concat([_row(model, {"trial_id": f"d{i}:human", "doc_id": f"d{i}"})
                       for i in range(3)]).drop("phase")
    assert validate("trial_facts", frame).height == 1


# validation remembered per document (pipeline.validation_memo)

def _trials(*docs: tuple[str, dict]) -> pl.DataFrame:
    model = models()["trial_facts"]
    return pl.concat([_row(model, {"trial_id": f"{doc}:human", "doc_id": doc, **values})
                      for doc, values in docs])


def _memo(tmp_path, keys: dict[str, str], rows_version: str = "v1") -> ValidationMemo:
    frame = pl.DataFrame({"doc_id": list(keys), "content_sha256": list(keys.values())})
    return validation_memo(tmp_path, "trial_facts", rows_version, frame)


def test_rows_of_a_document_known_to_pass_are_not_validated_again(tmp_path):
    keys = {"a": "sha-a", "b": "sha-b"}
    assert validate("trial_facts", _trials(("a", {}), ("b", {})), _memo(tmp_path, keys)).is_empty()
    # the record stands for these bytes and this code: a broken row of a recorded document is
    # not looked at (so it must be the same rows, which the memo keys guarantee) ...
    broken = _trials(("a", {"phase": BAD["enum"]}), ("b", {}))
    assert validate("trial_facts", broken, _memo(tmp_path, keys)).is_empty()
    # ... and is validated once its bytes, or the code that made its rows, differ
    assert validate("trial_facts", broken, _memo(tmp_path, keys | {"a": "new"}))["column"].to_list() == ["phase"]
    assert validate("trial_facts", broken, _memo(tmp_path, keys, "v2"))["column"].to_list() == ["phase"]


def test_a_failing_document_is_never_recorded_and_fails_again(tmp_path):
    keys = {"a": "sha-a", "b": "sha-b"}
    frame = _trials(("a", {"phase": BAD["enum"]}), ("b", {}))
    for _ in range(2):
        assert validate("trial_facts", frame, _memo(tmp_path, keys))["column"].to_list() == ["phase"]
    assert _memo(tmp_path, keys).passed().to_list() == ["b"]


def test_whole_frame_checks_run_when_every_document_is_known(tmp_path):
    keys = {"a": "sha-a", "b": "sha-b"}
    validate("trial_facts", _trials(("a", {}), ("b", {})), _memo(tmp_path, keys))
    missing = _trials(("a", {}), ("b", {})).drop("phase")
    assert validate("trial_facts", missing, _memo(tmp_path, keys)).select(
        "failure_case", "check").rows() == [("phase", "column_in_dataframe")]
    repeated = _trials(("a", {}), ("b", {"trial_id": "a:human"}))
    assert validate("trial_facts", repeated, _memo(tmp_path, keys))["check"].to_list() == ["field_uniqueness"]


def test_a_torn_record_means_nothing_is_known(tmp_path):
    keys = {"a": "sha-a"}
    validate("trial_facts", _trials(("a", {})), _memo(tmp_path, keys))
    _memo(tmp_path, keys).path.write_bytes(b"not parquet")
    assert _memo(tmp_path, keys).passed().is_empty()
    broken = _trials(("a", {"phase": BAD["enum"]}))
    assert validate("trial_facts", broken, _memo(tmp_path, keys))["column"].to_list() == ["phase"]


def test_a_document_that_became_a_duplicate_is_validated_again(tmp_path):
    # a published documents row is remembered per usable document; a copy rejected as a
    # duplicate of a file added later is no longer one, so its row is validated again
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    page = "Mesenchymal stromal cells for lupus nephritis: an open-label trial.\n"
    (seeds / "b.txt").write_text(page)
    (seeds / "c.txt").write_text(page.replace("lupus", "Crohn's"))

    def known_to_pass() -> int:
        raw = pipeline.batch.read_seeds(seeds, DEFAULT_MAX_BYTES)
        documents = pipeline.batch.published_documents(raw, pl.DataFrame(schema=DOCUMENT_FACTS.polars_schema))
        memo = validation_memo(tmp_path / "memo", "warehouse/documents", "v1",
                               pipeline.batch.document_keys(raw))
        result = schema_check_result("warehouse/documents", documents, memo=memo)
        assert result.passed
        return result.metadata["documents_known_to_pass"].value

    assert known_to_pass() == 0
    assert known_to_pass() == 2
    (seeds / "a.txt").write_text(page)  # b.txt is now a later copy of a.txt's bytes
    assert known_to_pass() == 1  # c.txt alone
