"""The dose report: what it marks, lists and writes (pipeline/report.py, assets/report.py)."""

from __future__ import annotations

import base64
import re
import struct

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.report import dose_report, report_path
from assets.resources import PipelinePaths
from pipeline import report
from pipeline.schema import TABLES
from pipeline.warehouse import publish

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REF_HEAD = "reported cells/head; cells/kg via reference body weight: mouse 0.02 kg (test)"
REF_KG = "reported cells/kg; cells/head via reference body weight: human (adult) 60 kg (test)"


def _trial(trial_id, condition, species="human", **extra):
    return {"trial_id": trial_id, "doc_id": trial_id.split(":")[0], "species": species,
            "condition": condition, **extra}


def _dose(dose_id, trial_id, value, unit, per_kg, conversion, repaired=False, species="human"):
    return {"dose_id": dose_id, "trial_id": trial_id, "doc_id": trial_id.split(":")[0],
            "species": species, "dose_value": value, "dose_unit": unit,
            "dose_text": f"{value:g} {unit}", "char_start": 0, "char_end": 5,
            "exponent_repaired": repaired, "cells_per_kg": per_kg, "conversion": conversion}


@pytest.fixture
def frames():
    trials = TABLES["trials"].frame([
        _trial("d1:human", "lupus nephritis", phase="1", n_enrolled=7, route="intravenous",
               cell_source="bone marrow"),
        _trial("d2:mouse", "colitis", species="mouse"),
        _trial("d3:human", None, n_enrolled=12),
    ])
    doses = TABLES["doses"].frame([
        _dose("a", "d1:human", 1e6, "cells/kg", 1e6, REF_KG),
        _dose("b", "d1:human", 5e6, "cells/kg", 5e6, "reported cells/kg", repaired=True),
        _dose("c", "d2:mouse", 2e6, "cells/head", 1e8, REF_HEAD, species="mouse"),
        _dose("d", "d2:mouse", 1e6, "cells/head", 5e7, REF_HEAD, repaired=True, species="mouse"),
        _dose("e", "d3:human", 1e8, "cells/head", None,
              "reported cells/head only; not converted: pediatric subjects and no stated body weight"),
    ])
    documents = TABLES["documents"].frame([{"doc_id": d} for d in ("d1", "d2", "d3")])
    return doses, trials, documents


def _png_height(png: bytes) -> int:
    assert png.startswith(PNG_SIGNATURE)
    return struct.unpack(">I", png[20:24])[0]


def test_points_are_marked_by_how_their_cells_per_kg_came_about(frames):
    doses, trials, _ = frames
    kinds = dict(report.classified_doses(doses, trials).select("dose_id", "kind").iter_rows())
    # a reported cells/kg value stays "reported" even when its cells/head used a reference weight
    assert kinds == {"a": "reported", "b": "repaired", "c": "reference",
                     "d": "reference+repaired", "e": "reported"}


def test_unconverted_doses_are_listed_with_the_reason(frames):
    built = report.build_report(*frames)
    assert built.not_converted.rows() == [(
        "condition not stated · human", "1e+08 cells/head", "cells/head",
        "reported cells/head only; not converted: pediatric subjects and no stated body weight")]
    assert (built.dose_levels, built.plotted, built.documents) == (5, 4, 3)
    assert "not converted" in report.to_markdown(built)


def test_trial_table_has_the_dose_range_in_cells_per_kg(frames):
    table = report.build_report(*frames).trials
    assert table.columns == list(report.TABLE_COLUMNS)
    rows = {r["condition"]: r for r in table.iter_rows(named=True)}
    assert rows["lupus nephritis"]["dose range (cells/kg)"] == "1×10^6 – 5×10^6"
    assert rows["lupus nephritis"]["n"] == "7"
    assert rows["colitis"]["dose range (cells/kg)"] == "5×10^7 – 1×10^8"
    assert rows["condition not stated"]["dose range (cells/kg)"] == "—"


def test_chart_grows_with_its_rows(frames):
    doses, trials, documents = frames
    one_row = report.build_report(doses.filter(doses["trial_id"] == "d1:human"), trials, documents)
    two_rows = report.build_report(doses, trials, documents)
    assert _png_height(two_rows.png) > _png_height(one_row.png)


def test_html_embeds_the_chart_and_escapes_text(frames):
    doses, trials, documents = frames
    trials = trials.with_columns(trials["condition"].fill_null("<script>alert(1)</script>"))
    page = report.to_html(report.build_report(doses, trials, documents))
    assert "<script>" not in page and "&lt;script&gt;" in page
    src = re.search(r'<img id="dose-chart"[^>]* src="data:image/png;base64,([^"]+)"', page)
    assert src and base64.b64decode(src.group(1)).startswith(PNG_SIGNATURE)


def test_no_doses_still_makes_a_report_that_says_so():
    built = report.build_report(TABLES["doses"].empty_frame(), TABLES["trials"].empty_frame(),
                                TABLES["documents"].empty_frame())
    assert built.summary.startswith("No doses in the warehouse")
    assert built.png.startswith(PNG_SIGNATURE)
    assert "No doses in the warehouse" in report.to_html(built)


def test_asset_reports_an_empty_warehouse(tmp_path):
    warehouse = tmp_path / "w" / "msc.duckdb"
    publish({t.name: t.empty_frame() for t in TABLES.values()}, warehouse)
    paths = PipelinePaths(seeds_dir=str(tmp_path), warehouse_path=str(warehouse))
    result = dg.materialize([dose_report], resources={"paths": paths})
    assert result.success
    (check,) = result.get_asset_check_evaluations()
    assert check.check_name == "report_written" and check.passed
    metadata = result.asset_materializations_for_node("dose_report")[0].metadata
    assert metadata["dose_levels"].value == 0
    assert "No doses in the warehouse" in metadata["report"].value
    assert "No doses in the warehouse" in report_path(warehouse).read_text()


def test_asset_fails_without_a_warehouse(tmp_path):
    paths = PipelinePaths(seeds_dir=str(tmp_path), warehouse_path=str(tmp_path / "none.duckdb"))
    result = dg.materialize([dose_report], resources={"paths": paths}, raise_on_error=False)
    assert not result.success
    assert not report_path(tmp_path / "none.duckdb").exists()


@pytest.mark.e2e
def test_seeds_report_matches_the_warehouse(seeds_warehouse):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        n_doses, n_trials, n_unconverted = con.execute(
            "SELECT (SELECT count(*) FROM doses), (SELECT count(*) FROM trials), "
            "(SELECT count(*) FROM doses WHERE cells_per_kg IS NULL)").fetchone()
    finally:
        con.close()
    page = report_path(seeds_warehouse).read_text()
    assert f"{n_doses} dose levels from {n_trials} trials" in page
    # one header row and a row per trial, then the unconverted doses' table when there are any
    assert page.count("<tr>") == n_trials + 1 + (n_unconverted + 1 if n_unconverted else 0)


def test_many_trials_in_one_row_stay_within_its_band():
    few = report._trial_offsets(["t1", "t2", "t3"])
    assert [round(v, 2) for v in few.values()] == [-0.18, 0.0, 0.18]
    many = report._trial_offsets([f"t{i:03}" for i in range(150)])
    assert max(many.values()) == pytest.approx(report.ROW_BAND / 2)
    assert min(many.values()) == pytest.approx(-report.ROW_BAND / 2)
    assert report._trial_offsets(["only"]) == {"only": 0.0}


def test_markdown_tables_are_capped_and_say_where_the_rest_is():
    trials = pl.DataFrame({"trial": [f"t{i}" for i in range(report.MARKDOWN_ROWS + 7)]})
    table = report._md_table(trials)
    assert "| t0 |" in table and f"| t{report.MARKDOWN_ROWS - 1} |" in table
    assert f"| t{report.MARKDOWN_ROWS} |" not in table
    assert table.endswith("… and 7 more rows in the HTML report.")
    assert "more rows" not in report._md_table(trials.head(3))
