"""Resources: where seeds are read from, where the warehouse goes, and how intermediate
frames are stored between assets.

Paths come from the environment (``MSC_SEEDS_DIR``, ``MSC_WAREHOUSE``, ``MSC_MAX_SEED_BYTES``)
with the project's defaults, so the CLI, ``dagster dev`` and the tests choose them without
touching asset code. Intermediate assets live as Parquet files in a staging folder beside the
warehouse file, never inside the published DuckDB file that readers hold open.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.atomic import replacing
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.locks import exclusive
from pipeline.memo import ROW_GROUP_ROWS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "msc.duckdb"
# held by a run for its whole length, in the staging folder
RUN_LOCK = ".run.lock"


class PipelinePaths(dg.ConfigurableResource):
    """Where the pipeline reads and writes."""

    seeds_dir: str
    warehouse_path: str
    max_seed_bytes: int = DEFAULT_MAX_BYTES

    @property
    def seeds(self) -> Path:
        return Path(self.seeds_dir)

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def memo_dir(self) -> Path:
        """Per-document results reused across runs (see ``pipeline.memo``)."""
        return staging_dir_for(self.warehouse) / "memo"


def staging_dir_for(warehouse: Path) -> Path:
    return warehouse.parent / f".{warehouse.stem}_staging"


def paths_from_env() -> PipelinePaths:
    seeds = Path(os.environ.get("MSC_SEEDS_DIR") or DEFAULT_SEEDS).resolve()
    warehouse = Path(os.environ.get("MSC_WAREHOUSE") or DEFAULT_WAREHOUSE).resolve()
    limit = os.environ.get("MSC_MAX_SEED_BYTES") or str(DEFAULT_MAX_BYTES)
    if not limit.isdigit():
        raise ValueError(f"MSC_MAX_SEED_BYTES must be a whole number of bytes, got {limit!r}")
    max_bytes = int(limit)
    return PipelinePaths(seeds_dir=str(seeds), warehouse_path=str(warehouse),
                         max_seed_bytes=max_bytes)


class ParquetFrameIOManager(dg.ConfigurableIOManager):
    """Stores each intermediate asset as ``<base_dir>/<asset key>.parquet``, written to a
    temporary name and renamed, so a killed run never leaves a torn file.

    Assets may return a ``LazyFrame``: it is streamed into the file, never held whole.
    Downstream assets receive a ``LazyFrame`` scanning the file, and read what they need of
    it. The files are shared by runs, so a run holds the folder's run lock from the start of
    its first step to the end of its last (:meth:`yield_for_execution`): runs take turns
    however they were launched (the sensor, the UI, ``msc materialize``)."""

    base_dir: str

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[ParquetFrameIOManager]:
        def waiting() -> None:
            if context.log is not None:
                context.log.info(f"waiting for the run that holds {self.base_dir}")

        with exclusive(Path(self.base_dir, RUN_LOCK), on_wait=waiting), \
                super().yield_for_execution(context) as io_manager:
            yield io_manager

    def _path(self, key: dg.AssetKey) -> Path:
        return Path(self.base_dir, *key.path).with_suffix(".parquet")

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame | pl.LazyFrame) -> None:
        with replacing(self._path(context.asset_key)) as tmp:
            if isinstance(obj, pl.LazyFrame):
                obj.sink_parquet(tmp, row_group_size=ROW_GROUP_ROWS)
            else:
                obj.write_parquet(tmp, row_group_size=ROW_GROUP_ROWS)

    def load_input(self, context: dg.InputContext) -> pl.LazyFrame:
        return pl.scan_parquet(self._path(context.asset_key))
