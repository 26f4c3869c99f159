"""Automation: a sensor that follows the seeds folder, and a daily schedule as a safety net.

The sensor compares the folder with its last look (every seed's size, mtime and content hash,
kept in a file under the memo folder whose digest is the sensor's cursor:
``pipeline.seed_snapshot_store``) and requests one run of the whole chain when files are
added, changed or removed; the run re-processes only the pages whose bytes changed
(``pipeline.memo``), and deleted pages drop out of every published table. When nothing
changed, it watches the folder until shortly before the daemon's next visit and looks again
as soon as a file is added or removed (``pipeline.seedwatch``), so a dropped page does not
wait for that visit. Both are on by default when the daemon runs (``msc ui``).
"""

import json
import os
import time

import dagster as dg

from assets.resources import PipelinePaths
from pipeline.seed_snapshot_store import SnapshotStore
from pipeline.seedscan import diff, snapshot
from pipeline.seedwatch import folder_stamps, wait_for_change

MAX_FILES_IN_TAG = 50

materialize_warehouse = dg.define_asset_job(
    "materialize_warehouse",
    selection=dg.AssetSelection.all(),
    description="Every asset and check, from the seeds folder to the published warehouse.",
    # one process: the steps run in sequence anyway and the heavy ones use their own process
    # pool (pipeline.batch); a process per step would only add start-up time
    executor_def=dg.in_process_executor,
)


# least seconds between looks at the seeds folder. Dagster's sensor daemon visits sensors
# about every 5 s; a minimum of 5 s would skip every other visit (a visit comes a hair under
# 5 s after the last tick), so the sensor asks for every visit. A look stats every seed and
# rehashes only files whose size or mtime moved (tens of ms for 10,000 seeds).
DEFAULT_SENSOR_INTERVAL = "1"
# seconds an evaluation that found nothing keeps watching the folder for an added or removed
# file (``pipeline.seedwatch``; 0: none). The daemon's loop starts a visit 5 s after the last
# one started, so a watch of 4 s leaves about 1 s between the end of one evaluation and the
# next, for the look itself and the daemon's bookkeeping
DEFAULT_SENSOR_WATCH = "4"


def watch_seconds() -> float:
    """``MSC_SENSOR_WATCH`` seconds, read at each evaluation."""
    value = os.environ.get("MSC_SENSOR_WATCH") or DEFAULT_SENSOR_WATCH
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"MSC_SENSOR_WATCH must be a number of seconds, got {value!r}") from None
    return max(0.0, seconds)


def _file_list(files: tuple[str, ...]) -> str:
    shown = list(files[:MAX_FILES_IN_TAG])
    if len(files) > MAX_FILES_IN_TAG:
        shown.append(f"... and {len(files) - MAX_FILES_IN_TAG} more")
    return json.dumps(shown)


@dg.sensor(
    job=materialize_warehouse,
    minimum_interval_seconds=int(os.environ.get("MSC_SENSOR_INTERVAL", DEFAULT_SENSOR_INTERVAL)),
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Requests a run when seed files are added, changed (by content) or removed.",
)
def seeds_sensor(context: dg.SensorEvaluationContext, paths: PipelinePaths):
    # kept with the runs' memos: it belongs to this warehouse, and clearing the memo folder
    # starts everything afresh, the sensor included
    store = SnapshotStore(paths.memo_dir / "seeds_sensor", paths.seeds)
    # an empty, reset or unknown cursor gives an empty snapshot: every seed counts as added
    previous = store.load(context.cursor)
    until = time.monotonic() + watch_seconds()
    while True:
        stamps = folder_stamps(paths.seeds)  # before the look: a file added during it wakes the watch
        current = snapshot(paths.seeds, previous)
        changes = diff(previous, current)
        if changes or not wait_for_change(paths.seeds, stamps, until):
            break
    # The new snapshot is on disk before its digest can be the cursor: Dagster stores the cursor
    # only after this returns. If the tick dies in between, the stored cursor still names the
    # previous snapshot, which save() keeps, so the next tick finds the same changes again.
    # When nothing moved, the file the cursor names already holds the snapshot.
    digest = context.cursor if previous and current == previous else \
        store.save(current, keep=context.cursor)
    context.update_cursor(digest)
    if not changes:
        return dg.SkipReason("no seed added, changed or removed")
    # keyed by the snapshot and the last completed tick: a tick evaluated again after a crash
    # asks for the same run (Dagster skips it if it was launched), while a folder back in an
    # earlier state, or a cursor reset with nothing changed, gets a run of its own
    after = context.last_tick_completion_time or 0
    return dg.RunRequest(
        run_key=f"seeds-{digest[:16]}-{after:.3f}",
        tags={
            "msc/added": _file_list(changes.added),
            "msc/changed": _file_list(changes.changed),
            "msc/removed": _file_list(changes.removed),
        },
    )


daily_safety_net = dg.ScheduleDefinition(
    name="daily_safety_net",
    job=materialize_warehouse,
    cron_schedule=os.environ.get("MSC_SCHEDULE_CRON", "0 3 * * *"),
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Materializes everything once a day in case a change was missed "
                "(MSC_SCHEDULE_CRON sets when).",
)
