"""Concurrent readers: a full ``msc materialize`` publishes while others read the warehouse.

Two kinds of reader hold the published file while the real console script runs over new
seeds: a read-only DuckDB connection kept open in this process (a notebook), and a second
process that opens the file read-only, reads every table and closes it, over and over (a
dashboard, or DuckDB's CLI run again and again). The run must succeed without waiting for
them, the held connection keeps seeing the complete state it opened, and every read of the
looping reader sees the complete previous state or the complete new one, never a mix.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PROJECT_ROOT, SEEDS
from tests.dagster_helpers import materialize_into
from tests.warehouse_contents import contents_of, digest, table_contents

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

MSC = PROJECT_ROOT / ".venv" / "bin" / "msc"

# the looping reader: one JSON line per complete read, until the stop file appears
READER = """
import json, sys, time
from pathlib import Path
import duckdb
from tests.warehouse_contents import contents_of, digest
path, stop = sys.argv[1], Path(sys.argv[2])
while not stop.exists():
    t0 = time.monotonic()
    try:
        con = duckdb.connect(path, read_only=True)
        try:
            state = digest(contents_of(con))
        finally:
            con.close()
        line = {"state": state, "seconds": time.monotonic() - t0}
    except Exception as exc:
        line = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(line), flush=True)
"""


def _copy_seeds(dest: Path, names: list[str]) -> Path:
    dest.mkdir()
    for name in names:
        shutil.copyfile(SEEDS / name, dest / name)
    return dest


def test_readers_see_the_old_or_the_new_warehouse_whole_while_a_run_publishes(tmp_path):
    names = sorted(p.name for p in SEEDS.iterdir())
    seeds_old = _copy_seeds(tmp_path / "seeds_old", names[:-1])
    seeds_new = _copy_seeds(tmp_path / "seeds_new", names)
    warehouse = tmp_path / "warehouse" / "msc.duckdb"
    result, _ = materialize_into(seeds_old, warehouse, tmp_path / "dagster_home_old")
    assert result.success
    old = table_contents(warehouse)
    state_old = digest(old)

    held = duckdb.connect(str(warehouse), read_only=True)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(stop)],
                              cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    lines: list[dict] = []  # filled by a thread, so the reader never blocks on a full pipe
    collector = threading.Thread(target=lambda: lines.extend(json.loads(x) for x in reader.stdout))
    collector.start()
    try:
        _wait_for(lambda: lines, "the looping reader never read")
        run = subprocess.Popen(
            [str(MSC), "materialize"], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
            env=os.environ | {"DAGSTER_HOME": str(tmp_path / "dagster_home"),
                              "MSC_SEEDS_DIR": str(seeds_new), "MSC_WAREHOUSE": str(warehouse)})
        held_reads = 0
        while run.poll() is None:  # the held connection is read all through the run
            assert digest(contents_of(held)) == state_old
            held_reads += 1
            time.sleep(0.1)
        output = run.stdout.read()
        assert run.returncode == 0, output
        assert digest(contents_of(held)) == state_old  # still the state it opened
        reads_during_run = len(lines)
        # let the looping reader open the new file a few times
        _wait_for(lambda: len(lines) >= reads_during_run + 3, "the looping reader stopped reading")
    finally:
        stop.touch()
        reader.wait(timeout=60)
        collector.join(timeout=60)
        held.close()

    new = table_contents(warehouse)  # opened after the held connection closed
    state_new = digest(new)
    assert len(new["documents"][1]) == len(old["documents"][1]) + 1
    errors = [line["error"] for line in lines if "error" in line]
    assert errors == [], errors
    states = [line["state"] for line in lines]
    assert set(states) <= {state_old, state_new}, "a reader saw a state that is neither run"
    assert states[-1] == state_new
    assert states[0] == state_old
    print(f"\nheld connection read {held_reads} times during the run; looping reader read "
          f"{len(lines)} times ({states.count(state_old)} old, {states.count(state_new)} new)")


def _wait_for(condition, message: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.05)
