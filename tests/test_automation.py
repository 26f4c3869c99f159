"""The seeds sensor and incremental runs: only what changed is requested and re-processed."""

from __future__ import annotations

import json
import os
import shutil

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


def _evaluate(seeds, cursor=None):
    paths = PipelinePaths(seeds_dir=str(seeds), warehouse_path=str(seeds.parent / "w.duckdb"))
    context = dg.build_sensor_context(cursor=cursor, resources={"paths": paths})
    result = seeds_sensor(context)
    return result, context.cursor


def _files(request: dg.RunRequest, kind: str) -> list[str]:
    return json.loads(request.tags[f"msc/{kind}"])


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
