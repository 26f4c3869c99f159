"""The Dagster code location: assets, checks, resources, sensors and schedules, assembled."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the code location loads. Loading it (the pipeline,
    polars, pandera, pint, duckdb and Dagster's definitions) creates some 100,000 objects that
    live as long as the process, and the collector walks every tracked object again and again
    while they are made: 0.15 s of the 0.83 s a run's process took to load this module after
    opening the Dagster instance (at full speed; 0.25 s for a bare import). Every process
    that runs a step loads the location first. Cycles made meanwhile are collected once the
    collector is back."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


with _collector_paused():
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


with _collector_paused():
    defs = build_definitions()
