"""The real Dagster daemon with the settings ``msc`` writes: a page dropped into the seeds
folder is published by a run the sensor launches, with no one asking."""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import duckdb
import pytest

from cli.main import ensure_dagster_home
from tests.conftest import PROJECT_ROOT, SEEDS
from tests.dagster_helpers import stop_dagster
from tests.test_automation import NEW_PAGE

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

DAEMON = PROJECT_ROOT / ".venv" / "bin" / "dagster-daemon"


def _published(warehouse, source_file: str) -> bool:
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:  # not published yet
        return False
    try:
        return con.execute("SELECT count(*) FROM documents WHERE source_file = ? AND status = 'ok'",
                           [source_file]).fetchone()[0] == 1
    finally:
        con.close()


def _wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def test_a_dropped_page_is_published_by_the_sensor_without_a_request(tmp_path, monkeypatch):
    seeds, warehouse = tmp_path / "seeds", tmp_path / "wh" / "msc.duckdb"
    shutil.copytree(SEEDS, seeds)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    ensure_dagster_home()  # as `msc ui` does before starting Dagster
    env = {**os.environ, "MSC_SEEDS_DIR": str(seeds), "MSC_WAREHOUSE": str(warehouse)}
    daemon = subprocess.Popen([str(DAEMON), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
                              cwd=PROJECT_ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = sorted(p.name for p in SEEDS.iterdir())[0]
        assert _wait_for(lambda: _published(warehouse, first), 300), "the first look published nothing"
        (seeds / "dropped page.txt").write_text(NEW_PAGE)
        assert _wait_for(lambda: _published(warehouse, "dropped page.txt"), 300)
    finally:
        stop_dagster(daemon)
