"""Crash safety: SIGKILL at random points of ``msc materialize`` never damages the warehouse.

The real console script (``.venv/bin/msc``) runs in its own process group with a temporary
``DAGSTER_HOME`` and warehouse. Two complete runs publish state B (three seeds) and then
state A (two of them), and measure how long a run takes and when the publish step's
temporary ``.publishing`` file exists. Then runs are killed with SIGKILL after delays drawn by
a seeded RNG: most spread over the whole run, some inside the moments the new file is being
written. Each run goes from the published state towards the other one, so after every kill
the published file must open and hold exactly the previous state, or the other one whole if
the kill came after the swap. A last, unkilled run completes, publishes, and clears what the
killed runs left behind.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT, SEEDS
from tests.warehouse_contents import digest, table_contents

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

MSC = PROJECT_ROOT / ".venv" / "bin" / "msc"
KILLS_OVER_THE_RUN = 16
KILLS_WHILE_PUBLISHING = 4
RNG_SEED = 20240611


def _start(seeds: Path, warehouse: Path, home: Path) -> subprocess.Popen:
    environment = os.environ | {"DAGSTER_HOME": str(home), "MSC_SEEDS_DIR": str(seeds),
                                "MSC_WAREHOUSE": str(warehouse)}
    return subprocess.Popen([str(MSC), "materialize"], env=environment, cwd=PROJECT_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)  # its own process group


def _temporaries(warehouse: Path) -> set[str]:
    """The publish step's half-written files (``.<name>.<uuid>.publishing``)."""
    return {p.name for p in warehouse.parent.glob(f".{warehouse.name}.*.publishing")}


def _publishing(warehouse: Path) -> bool:
    return bool(_temporaries(warehouse))


def _measured_run(seeds: Path, warehouse: Path, home: Path) -> tuple[float, float, float]:
    """Run to completion; ``(duration, seconds until the publish step's temporary file
    appeared, how long it existed)``."""
    t0 = time.monotonic()
    proc = _start(seeds, warehouse, home)
    first_seen = last_seen = None
    while proc.poll() is None:
        if warehouse.parent.exists() and _publishing(warehouse):
            last_seen = time.monotonic() - t0
            first_seen = first_seen if first_seen is not None else last_seen
        time.sleep(0.005)
    duration = time.monotonic() - t0
    output = proc.stdout.read().decode(errors="replace")
    assert proc.returncode == 0, output
    assert first_seen is not None, "the publish step's temporary file was never seen"
    return duration, first_seen, last_seen - first_seen


def _kill_after(delay: float, seeds: Path, warehouse: Path, home: Path,
                publishing: bool = False) -> int | None:
    """Start a run and SIGKILL its process group ``delay`` s after it started (or, with
    ``publishing``, after its publish step's temporary file appeared); its return code if it
    finished first, else None."""
    proc = _start(seeds, warehouse, home)
    try:
        if publishing:
            while proc.poll() is None and not _publishing(warehouse):
                time.sleep(0.002)
        proc.wait(timeout=delay)
        return proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return None
    finally:
        proc.stdout.close()


def test_sigkill_at_random_points_never_damages_the_published_warehouse(tmp_path):
    names = sorted(p.name for p in SEEDS.iterdir())[:3]
    seeds_a, seeds_b = tmp_path / "seeds_a", tmp_path / "seeds_b"
    for folder, chosen in ((seeds_a, names[:2]), (seeds_b, names)):
        folder.mkdir()
        for name in chosen:
            shutil.copyfile(SEEDS / name, folder / name)
    warehouse, home = tmp_path / "warehouse" / "msc.duckdb", tmp_path / "dagster_home"

    _measured_run(seeds_b, warehouse, home)
    state_b = digest(table_contents(warehouse))
    duration, publish_at, publish_lasts = _measured_run(seeds_a, warehouse, home)
    state_a = digest(table_contents(warehouse))
    assert state_a != state_b, "seeds A and B must publish different states"

    # (delay, counted from the publish step's start?) for each kill: spread over the whole
    # run, and inside the few moments the new file is being written and swapped in
    rng = random.Random(RNG_SEED)
    plan = [(duration * (k + rng.random()) / KILLS_OVER_THE_RUN, False)
            for k in range(KILLS_OVER_THE_RUN)]
    plan += [(publish_lasts * (k + rng.random()) / KILLS_WHILE_PUBLISHING, True)
             for k in range(KILLS_WHILE_PUBLISHING)]
    rng.shuffle(plan)

    # every run goes towards the state that is not published, so every kill can show a mix
    other = {state_a: (state_b, seeds_b), state_b: (state_a, seeds_a)}
    current, kills, finished, swapped, killed_mid_publish = state_a, 0, 0, 0, 0
    while kills < KILLS_OVER_THE_RUN + KILLS_WHILE_PUBLISHING:
        # a run that beat its kill is replaced by one killed earlier in the run
        delay, publishing = plan.pop() if plan else (duration * rng.uniform(0.1, 0.8), False)
        target, seeds = other[current]
        before = _temporaries(warehouse)
        rc = _kill_after(delay, seeds, warehouse, home, publishing)
        observed = digest(table_contents(warehouse))  # opens, and reads every table
        if rc is None:
            kills += 1
            killed_mid_publish += bool(_temporaries(warehouse) - before)
            assert observed in (current, target), "a kill left a warehouse that is neither state"
            swapped += observed == target
        else:
            assert rc == 0, f"an unkilled run failed with exit code {rc}"
            assert observed == target
            finished += 1
            assert finished <= 10, "runs keep finishing before their kill"
        current = observed

    target, seeds = other[current]
    assert _kill_after(600, seeds, warehouse, home) == 0, "the run after the kills failed"
    assert digest(table_contents(warehouse)) == target
    assert not _publishing(warehouse), "the last run left temporary files behind"
    print(f"\nrun {duration:.1f}s, publish file from {publish_at:.2f}s for {publish_lasts:.3f}s; "
          f"{kills} kills: {kills - swapped} left the previous state, {swapped} came after the swap, "
          f"{killed_mid_publish} left a half-written file; {finished} runs finished first")
