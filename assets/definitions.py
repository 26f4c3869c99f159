"""The Dagster code location: assets, checks, resources, sensors and schedules, assembled."""

from __future__ import annotations

import dagster as dg

from assets import clean, extract, harmonize, ingest, publish, report
from assets.automation import daily_safety_net, materialize_warehouse, seeds_sensor
from assets.resources import ParquetFrameIOManager, paths_from_env, staging_dir_for


def build_definitions() -> dg.Definitions:
    paths = paths_from_env()
    return dg.Definitions(
        assets=dg.load_assets_from_modules([ingest, clean, extract, harmonize, publish, report]),
        jobs=[materialize_warehouse],
        executor=dg.in_process_executor,
        sensors=[seeds_sensor],
        schedules=[daily_safety_net],
        resources={
            "paths": paths,
            "io_manager": ParquetFrameIOManager(base_dir=str(staging_dir_for(paths.warehouse))),
        },
    )


defs = build_definitions()
