"""Run the real Definitions with Dagster into a temporary directory."""

from __future__ import annotations

import os
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

import dagster as dg


@contextmanager
def env(**values: str):
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def materialize_into(seeds: Path, warehouse: Path, dagster_home: Path):
    """Materialize every asset and check of ``assets.definitions`` with Dagster."""
    from assets.definitions import build_definitions

    dagster_home.mkdir(parents=True, exist_ok=True)
    with env(MSC_SEEDS_DIR=str(seeds), MSC_WAREHOUSE=str(warehouse)):
        defs = build_definitions()
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.instance_for_test(temp_dir=str(dagster_home)) as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    return result, warehouse


def stop_dagster(process: subprocess.Popen, grace: float = 20) -> None:
    """Ask a Dagster process started in a group of its own (``dagster dev``, ``dagster-daemon``)
    to shut its services down, then end whatever is left of the group (webserver, daemon, code
    servers, run workers)."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)
