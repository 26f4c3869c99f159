"""Runs take turns through the staging folder's run lock, however they were launched: a run
that finds the lock held waits, before its first step, until the holder lets go."""

from __future__ import annotations

import threading

from assets.resources import RUN_LOCK, staging_dir_for
from pipeline.locks import exclusive
from tests.dagster_helpers import materialize_into


def test_a_run_starts_its_steps_only_once_the_run_holding_the_lock_is_over(seeds_copy, tmp_path):
    warehouse = tmp_path / "wh" / "msc.duckdb"
    staging = staging_dir_for(warehouse)
    results = []
    run = threading.Thread(
        target=lambda: results.append(materialize_into(seeds_copy, warehouse, tmp_path / "dh")))
    with exclusive(staging / RUN_LOCK):  # another run in progress
        run.start()
        run.join(timeout=5)
        assert run.is_alive(), "the run finished while another held the lock"
        assert not list(staging.glob("*.parquet")) and not warehouse.exists()
    run.join(timeout=300)
    result, _ = results[0]
    assert result.success and warehouse.exists()


def test_a_lock_is_waited_for_only_when_held(tmp_path):
    waits = []
    lock = tmp_path / "x.lock"
    with exclusive(lock, on_wait=lambda: waits.append("first")):
        pass
    holder = threading.Event()
    release = threading.Event()

    def hold():
        with exclusive(lock):
            holder.set()
            release.wait(10)

    other = threading.Thread(target=hold)
    other.start()
    holder.wait(10)
    threading.Timer(0.5, release.set).start()
    with exclusive(lock, on_wait=lambda: waits.append("second")):
        assert release.is_set()
    other.join(10)
    assert waits == ["second"]
