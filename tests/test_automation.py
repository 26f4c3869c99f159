"""The seeds sensor and incremental runs: only what changed is requested and re-processed."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time

import dagster as dg
import duckdb
import pytest

from assets.automation import seeds_sensor
from assets.resources import PipelinePaths
from pipeline.ingest import doc_id_for
from tests.conftest import SEEDS
from tests.dagster_helpers import env

NEW_PAGE = """Umbilical cord mesenchymal stem cells for knee osteoarthritis: a phase I trial

Abstract
Methods: Twelve patients with knee osteoarthritis were enrolled and received a single
intra-articular injection of 1 × 10^7 allogeneic umbilical cord MSCs.
Results: No serious adverse events occurred; two patients had transient knee pain.
"""


def _paths(seeds) -> PipelinePaths:
    return PipelinePaths(seeds_dir=str(seeds), warehouse_path=str(seeds.parent / "w.duckdb"))


def _evaluate(seeds, cursor=None):
    context = dg.build_sensor_context(cursor=cursor, resources={"paths": _paths(seeds)})
    result = seeds_sensor(context)
    return result, context.cursor


def _files(request: dg.RunRequest, kind: str) -> list[str]:
    return json.loads(request.tags[f"msc/{kind}"])


@pytest.fixture(autouse=True)
def no_watch(monkeypatch):
    """An evaluation that finds nothing returns at once, as the tests evaluate the sensor
    directly; the watch has tests of its own below."""
    monkeypatch.setenv("MSC_SENSOR_WATCH", "0")


@pytest.fixture
def seeds(tmp_path):
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


def test_first_look_requests_every_seed(seeds):
    request, _ = _evaluate(seeds)
    assert sorted(_files(request, "added")) == sorted(p.name for p in SEEDS.iterdir())


def test_an_added_file_is_requested_alone(seeds):
    _, cursor = _evaluate(seeds)
    (seeds / "new page.txt").write_text(NEW_PAGE)
    request, _ = _evaluate(seeds, cursor)
    assert isinstance(request, dg.RunRequest)
    assert _files(request, "added") == ["new page.txt"]
    assert _files(request, "changed") == [] and _files(request, "removed") == []


def test_changed_bytes_are_requested(seeds):
    _, cursor = _evaluate(seeds)
    target = sorted(seeds.iterdir())[0]
    target.write_text(target.read_text() + "\nEdited.")
    request, _ = _evaluate(seeds, cursor)
    assert _files(request, "changed") == [target.name] and _files(request, "added") == []


def test_touching_without_changing_requests_nothing(seeds):
    _, cursor = _evaluate(seeds)
    target = sorted(seeds.iterdir())[0]
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns + 10**9, stat.st_mtime_ns + 10**9))
    result, _ = _evaluate(seeds, cursor)
    assert isinstance(result, dg.SkipReason)


def test_same_size_rewrite_is_a_change(seeds):
    _, cursor = _evaluate(seeds)
    target = sorted(seeds.iterdir())[0]
    data = bytearray(target.read_bytes())
    data[0] = ord("X") if data[0] != ord("X") else ord("Y")
    target.write_bytes(bytes(data))
    request, _ = _evaluate(seeds, cursor)
    assert _files(request, "changed") == [target.name]


def test_a_removed_file_is_requested(seeds):
    _, cursor = _evaluate(seeds)
    target = sorted(seeds.iterdir())[0]
    target.unlink()
    request, _ = _evaluate(seeds, cursor)
    assert _files(request, "removed") == [target.name] and _files(request, "added") == []


def test_a_cursor_reset_requests_every_seed_again(seeds):
    _evaluate(seeds)
    request, _ = _evaluate(seeds, cursor=None)
    assert sorted(_files(request, "added")) == sorted(p.name for p in SEEDS.iterdir())


def test_a_reset_with_nothing_changed_is_not_taken_for_the_first_run(seeds):
    # Dagster launches one run per run key, so the run a reset asks for needs a key of its own
    def run_key(completed_at):
        context = dg.SensorEvaluationContext(instance_ref=None, resources={"paths": _paths(seeds)},
                                             last_tick_completion_time=completed_at)
        return seeds_sensor(context).run_key

    assert run_key(None) != run_key(1000.0)
    assert run_key(1000.0) == run_key(1000.0)


def test_a_state_file_that_does_not_match_the_cursor_is_not_trusted(seeds):
    _, cursor = _evaluate(seeds)
    [state] = _paths(seeds).memo_dir.glob(f"*/{cursor}.json")
    state.write_text(state.read_text().replace(sorted(p.name for p in seeds.iterdir())[0], "x"))
    request, _ = _evaluate(seeds, cursor)
    assert sorted(_files(request, "added")) == sorted(p.name for p in SEEDS.iterdir())


def test_a_change_is_found_again_when_the_cursor_was_not_stored(seeds):
    # a tick that died after keeping its snapshot but before Dagster stored its cursor
    _, cursor = _evaluate(seeds)
    (seeds / "new page.txt").write_text(NEW_PAGE)
    lost, new_cursor = _evaluate(seeds, cursor)
    again, _ = _evaluate(seeds, cursor)
    assert _files(again, "added") == ["new page.txt"] and again.run_key == lost.run_key
    assert isinstance(_evaluate(seeds, new_cursor)[0], dg.SkipReason)


def test_the_cursor_stays_small_whatever_the_number_of_seeds(seeds):
    for i in range(2000):
        (seeds / f"page {i:04d}.txt").write_text(f"{NEW_PAGE}\nPage {i}.")
    _, cursor = _evaluate(seeds)
    (seeds / "page 0000.txt").unlink()
    request, second = _evaluate(seeds, cursor)
    assert _files(request, "removed") == ["page 0000.txt"]
    assert len(cursor) < 100 and len(second) < 100 and second != cursor


def test_a_page_dropped_during_the_watch_is_requested_by_the_same_evaluation(seeds, monkeypatch):
    _, cursor = _evaluate(seeds)
    monkeypatch.setenv("MSC_SENSOR_WATCH", "60")
    drop = threading.Timer(0.3, lambda: (seeds / "new page.txt").write_text(NEW_PAGE))
    drop.start()
    try:
        request, new_cursor = _evaluate(seeds, cursor)
    finally:
        drop.join()
    assert isinstance(request, dg.RunRequest) and _files(request, "added") == ["new page.txt"]
    assert new_cursor != cursor


def test_a_watch_that_sees_nothing_skips_and_keeps_the_cursor(seeds, monkeypatch):
    _, cursor = _evaluate(seeds)
    monkeypatch.setenv("MSC_SENSOR_WATCH", "0.3")
    started = time.monotonic()
    result, kept = _evaluate(seeds, cursor)
    assert isinstance(result, dg.SkipReason) and kept == cursor
    assert time.monotonic() - started >= 0.3  # it did watch


def test_a_watch_setting_that_is_not_a_number_is_named_in_the_error(seeds, monkeypatch):
    monkeypatch.setenv("MSC_SENSOR_WATCH", "4s")
    with pytest.raises(ValueError, match="MSC_SENSOR_WATCH"):
        _evaluate(seeds)


def _run(defs, instance, tags=None):
    job = defs.resolve_job_def("materialize_warehouse")
    result = job.execute_in_process(instance=instance, tags=tags or {})
    assert result.success
    return result


def _processed(result, asset: str) -> int:
    for event in result.get_asset_materialization_events():
        if event.asset_key == dg.AssetKey(asset):
            return event.materialization.metadata["documents_processed"].value
    raise AssertionError(f"{asset} not materialized")


@pytest.mark.e2e
def test_sensor_run_publishes_the_new_page_without_re_extracting_the_others(seeds, tmp_path):
    from assets.definitions import build_definitions

    warehouse = tmp_path / "w" / "msc.duckdb"
    with env(MSC_SEEDS_DIR=str(seeds), MSC_WAREHOUSE=str(warehouse)):
        defs = build_definitions()
    (tmp_path / "home").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "home")) as instance:
        first = _run(defs, instance)
        assert _processed(first, "trial_facts") == 5
        _, cursor = _evaluate(seeds)

        (seeds / "zz_new.txt").write_text(NEW_PAGE)
        request, cursor = _evaluate(seeds, cursor)
        second = _run(defs, instance, request.tags)
        assert _processed(second, "trial_facts") == 1
        assert _processed(second, "cleaned_documents") == 1
        con = duckdb.connect(str(warehouse), read_only=True)
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 6
        con.close()

        (seeds / "zz_new.txt").unlink()
        request, _ = _evaluate(seeds, cursor)
        assert _files(request, "removed") == ["zz_new.txt"]
        third = _run(defs, instance, request.tags)
        assert _processed(third, "trial_facts") == 0
        con = duckdb.connect(str(warehouse), read_only=True)
        removed_id = doc_id_for("zz_new.txt")
        for table in ("documents", "trials", "evidence", "doses", "adverse_events"):
            leftover = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?",
                                   [removed_id]).fetchone()[0]
            assert leftover == 0, table
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        con.close()
