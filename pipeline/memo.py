"""Per-document memoization: a page whose bytes and whose processing code are unchanged is
not processed again.

Results are stored per step and code version as shards. A shard is a folder holding the keys
it covers (``doc_id``, ``content_sha256``) and, for each output frame, a folder of Parquet
parts written as the step produced them, so no step ever holds a whole batch of results. A
run looks up which current keys some shard covers, processes only the rest into one new
shard, and reads the results back as lazy scans of the shards, filtered to the current keys.
Deleted or changed pages simply stop matching; shards are compacted once there are many, and
shards of old code versions are removed.

The scans read shard files that compaction may delete: use them only while holding
:meth:`DocumentMemo.locked`.

What does not belong here: what a step computes (``batch.py``).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from pipeline.locks import exclusive

KEYS = "_keys.parquet"
KEY_COLUMNS = ["doc_id", "content_sha256"]
MAX_SHARDS = 32
# bytes of rows buffered (all outputs together) before the parts are written
PART_BYTES = 64 * 2**20
# rows per Parquet row group: a streaming reader holds a dozen or so row groups ahead, which
# for pages of cleaned text and maps must stay small (about 5 MB per group)
ROW_GROUP_ROWS = 1_000


@dataclass
class ShardWriter:
    """Collects a new shard's frames a chunk at a time and writes them out as Parquet parts."""

    dir: Path
    names: list[str]
    _buffers: dict[str, list[pl.DataFrame]] = field(default_factory=dict)
    _parts: int = 0

    def append(self, frames: dict[str, pl.DataFrame]) -> None:
        for name in self.names:
            self._buffers.setdefault(name, []).append(frames[name])
        if sum(f.estimated_size() for parts in self._buffers.values() for f in parts) >= PART_BYTES:
            self.flush()

    def flush(self) -> None:
        for name, buffered in self._buffers.items():
            if buffered:
                pl.concat(buffered).write_parquet(self._part(name), row_group_size=ROW_GROUP_ROWS)
        self._buffers.clear()
        self._parts += 1

    def sink(self, name: str, frame: pl.LazyFrame) -> None:
        """Stream ``frame`` into a part of output ``name`` without collecting it."""
        frame.sink_parquet(self._part(name), row_group_size=ROW_GROUP_ROWS)

    def _part(self, name: str) -> Path:
        (self.dir / name).mkdir(exist_ok=True)
        return self.dir / name / f"part-{self._parts:05d}.parquet"


@dataclass
class DocumentMemo:
    root: Path
    step: str
    version: str
    # keys of each shard read so far: a shard is written whole under a name of its own and
    # never changed, only removed, so a step reads each shard's keys once however often it
    # looks things up
    _keys: dict[Path, pl.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    @property
    def dir(self) -> Path:
        return self.root / self.step / self.version

    def locked(self) -> AbstractContextManager[None]:
        """Hold while looking up, storing, compacting and reading, so two runs never race on
        shards."""
        return exclusive(self.root / f".{self.step}.lock")

    def _shards(self) -> list[Path]:
        """Complete shards, oldest first."""
        if not self.dir.exists():
            return []
        return sorted(p for p in self.dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def _hits(self, keys: pl.DataFrame) -> list[tuple[Path, pl.Series]]:
        """Each shard holding some of ``keys``, with the doc_ids it holds them for."""
        hits = []
        for shard in self._shards():
            if shard not in self._keys:
                self._keys[shard] = pl.read_parquet(shard / KEYS)
            found = self._keys[shard].join(keys, on=KEY_COLUMNS, how="semi")
            if not found.is_empty():
                hits.append((shard, found["doc_id"]))
        return hits

    def missing(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The ``keys`` no shard holds results for."""
        found = [ids for _, ids in self._hits(keys)]
        return keys.filter(~pl.col("doc_id").is_in(pl.concat(found).implode())) if found else keys

    def scan(self, keys: pl.DataFrame, schemas: dict[str, dict[str, pl.DataType]]) -> dict[str, pl.LazyFrame]:
        """The stored rows of ``keys``, as one lazy frame per output (oldest shard first)."""
        hits = self._hits(keys)
        frames = {}
        for name, schema in schemas.items():
            scans = [pl.scan_parquet(shard / name / "*.parquet", schema=schema)
                     .filter(pl.col("doc_id").is_in(ids.implode()))
                     for shard, ids in hits if any((shard / name).glob("*.parquet"))]
            frames[name] = pl.concat(scans) if scans else pl.LazyFrame(schema=schema)
        return frames

    @contextmanager
    def new_shard(self, keys: pl.DataFrame, names: list[str]) -> Iterator[ShardWriter]:
        """A writer for a shard covering ``keys``; the shard appears whole (written aside,
        then renamed) when the block ends without an error, and not at all otherwise."""
        self.dir.mkdir(parents=True, exist_ok=True)
        # named by creation time, so shards list oldest first
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        tmp = self.dir / f".{name}"
        tmp.mkdir()
        try:
            writer = ShardWriter(tmp, names)
            yield writer
            writer.flush()
            keys.write_parquet(tmp / KEYS)
            os.replace(tmp, self.dir / name)
            self._keys[self.dir / name] = keys
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def compact(self, keys: pl.DataFrame, schemas: dict[str, dict[str, pl.DataType]]) -> None:
        """Fold many shards into one holding only current keys; drop other code versions."""
        for other in (self.root / self.step).glob("*"):
            if other.is_dir() and other.name != self.version:
                shutil.rmtree(other, ignore_errors=True)
        for stale in self.dir.glob(".*") if self.dir.exists() else []:
            shutil.rmtree(stale, ignore_errors=True)
        shards = self._shards()
        if len(shards) <= MAX_SHARDS:
            return
        current = keys.join(self.missing(keys), on=KEY_COLUMNS, how="anti")
        stored = self.scan(current, schemas)
        with self.new_shard(current, list(schemas)) as writer:
            for name, frame in stored.items():
                writer.sink(name, frame)
        for shard in shards:
            shutil.rmtree(shard, ignore_errors=True)
            self._keys.pop(shard, None)
