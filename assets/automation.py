"""Automation: a sensor that follows the seeds folder, and a daily schedule as a safety net.

The sensor compares the folder with its cursor (every seed's size, mtime and content hash)
and requests one run of the whole chain when files are added, changed or removed; the run
re-processes only the pages whose bytes changed (``pipeline.memo``), and deleted pages drop
out of every published table. Both are on by default when the daemon runs (``msc ui``).
"""

import json
import os

import dagster as dg

from assets.resources import PipelinePaths
from pipeline.seedscan import diff, snapshot

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
    previous = json.loads(context.cursor) if context.cursor else {}
    current = snapshot(paths.seeds, previous)
    changes = diff(previous, current)
    context.update_cursor(json.dumps(current, sort_keys=True))
    if not changes:
        return dg.SkipReason("no seed added, changed or removed")
    return dg.RunRequest(
        run_key=f"seeds-{hash(json.dumps(current, sort_keys=True)) & 0xFFFFFFFF:08x}",
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
