"""Snapshots of the seeds folder kept on disk, each in a file named by its digest.

The seeds sensor diffs every look at the folder with the one before (``seedscan``). At 10,000
seeds a snapshot is over a megabyte of JSON, too much to ship and store as a Dagster cursor at
every tick, so the snapshot is kept here and the cursor holds only its digest: the SHA-256 of
the file's bytes, which also name the file. A digest names one snapshot of one seeds folder;
:meth:`SnapshotStore.load` gives an empty snapshot (everything counts as added) for no digest,
a digest with no file, a file whose bytes do not hash to its name, or a snapshot of another
folder.

What does not belong here: taking or comparing snapshots (``seedscan.py``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.atomic import replacing
from pipeline.seedscan import Snapshot

DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SnapshotStore:
    """Snapshots of ``seeds_dir`` kept as ``<root>/<digest>.json``."""

    root: Path
    seeds_dir: Path

    def _path(self, digest: str) -> Path:
        return self.root / f"{digest}.json"

    def load(self, digest: str | None) -> Snapshot:
        """The snapshot ``digest`` names, or an empty one when it cannot be trusted."""
        if not digest or not DIGEST.fullmatch(digest):  # an old or odd cursor names no file
            return {}
        try:
            data = self._path(digest).read_bytes()
        except OSError:
            return {}
        if hashlib.sha256(data).hexdigest() != digest:
            return {}
        kept = json.loads(data)
        return kept["files"] if kept["seeds_dir"] == str(self.seeds_dir) else {}

    def save(self, snapshot: Snapshot, keep: str | None) -> str:
        """Keep ``snapshot`` and return its digest. Every other file goes, except the one
        ``keep`` names: until Dagster has stored the new digest as the cursor, the cursor it
        holds still names that one."""
        data = json.dumps({"seeds_dir": str(self.seeds_dir), "files": snapshot},
                          sort_keys=True, separators=(",", ":")).encode()
        digest = hashlib.sha256(data).hexdigest()
        path = self._path(digest)
        if not path.exists():
            with replacing(path) as tmp:
                tmp.write_bytes(data)
        for other in self.root.glob("*.json"):
            if other.stem not in (digest, keep):
                other.unlink(missing_ok=True)
        return digest
