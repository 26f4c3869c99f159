"""Per-document memoization: a page whose bytes and whose processing code are unchanged is
not processed again.

Results are stored per step and code version as Parquet shards; each shard holds the keys it
covers (``doc_id``, ``content_sha256``) and one file per output frame. A run loads the rows of
the documents whose current key is in a shard, processes only the rest, and appends one shard
for them. Deleted or changed pages simply stop matching; shards are compacted once there are
many, and shards of old code versions are removed.

What does not belong here: what a step computes (``batch.py``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

KEYS = "_keys"
MAX_SHARDS = 32


@dataclass
class DocumentMemo:
    root: Path
    step: str
    version: str

    @property
    def dir(self) -> Path:
        return self.root / self.step / self.version

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold while loading, storing and compacting, so two runs never race on shards."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / f".{self.step}.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _shards(self) -> list[Path]:
        if not self.dir.exists():
            return []
        return sorted(p for p in self.dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def load(self, keys: pl.DataFrame, names: list[str],
             schemas: dict[str, dict[str, pl.DataType]]) -> tuple[pl.DataFrame, dict[str, pl.DataFrame]]:
        """Cached frames for the ``keys`` (doc_id, content_sha256) found, and the keys not found."""
        found: dict[str, list[pl.DataFrame]] = {n: [] for n in names}
        hit_keys = []
        for shard in self._shards():
            shard_keys = pl.read_parquet(shard / f"{KEYS}.parquet")
            hits = shard_keys.join(keys, on=["doc_id", "content_sha256"], how="semi")
            if hits.is_empty():
                continue
            hit_keys.append(hits)
            ids = hits["doc_id"]
            for name in names:
                frame = pl.read_parquet(shard / f"{name}.parquet")
                found[name].append(frame.filter(pl.col("doc_id").is_in(ids.implode())))
        hit = pl.concat(hit_keys).unique() if hit_keys else keys.clear()
        missing = keys.join(hit, on=["doc_id", "content_sha256"], how="anti")
        frames = {n: pl.concat(found[n]) if found[n] else pl.DataFrame(schema=schemas[n])
                  for n in names}
        return missing, frames

    def store(self, keys: pl.DataFrame, frames: dict[str, pl.DataFrame]) -> None:
        """Add a shard for ``keys``; a shard appears whole (written aside, then renamed)."""
        if keys.is_empty():
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        name = uuid.uuid4().hex
        tmp = self.dir / f".{name}"
        tmp.mkdir()
        keys.write_parquet(tmp / f"{KEYS}.parquet")
        for frame_name, frame in frames.items():
            frame.write_parquet(tmp / f"{frame_name}.parquet")
        os.replace(tmp, self.dir / name)

    def compact(self, keys: pl.DataFrame, names: list[str],
                schemas: dict[str, dict[str, pl.DataType]]) -> None:
        """Fold many shards into one holding only current keys; drop other code versions."""
        for other in (self.root / self.step).glob("*"):
            if other.is_dir() and other.name != self.version:
                shutil.rmtree(other, ignore_errors=True)
        for stale in self.dir.glob(".*") if self.dir.exists() else []:
            shutil.rmtree(stale, ignore_errors=True)
        shards = self._shards()
        if len(shards) <= MAX_SHARDS:
            return
        missing, frames = self.load(keys, names, schemas)
        current = keys.join(missing, on=["doc_id", "content_sha256"], how="anti")
        self.store(current, frames)
        for shard in shards:
            shutil.rmtree(shard, ignore_errors=True)
