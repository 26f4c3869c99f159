"""What changed in the seeds folder since the last look: added, changed and removed files.

A snapshot maps each seed's name (its path in the folder, as ingest names it) to
``[size, mtime_ns, sha256]``.
Content decides: a file whose size and mtime are unchanged keeps its previous digest without
being read again; any other file is hashed, so touching a file (new mtime, same bytes) is not
a change, and rewriting it with the same size is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import named_seed_files

Snapshot = dict[str, list]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def snapshot(seeds_dir: Path, previous: Snapshot | None = None) -> Snapshot:
    previous = previous or {}
    out: Snapshot = {}
    for name, path in named_seed_files(seeds_dir):
        try:
            st = path.stat()
            old = previous.get(name)
            if old and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                out[name] = old
            else:
                out[name] = [st.st_size, st.st_mtime_ns, _sha256(path)]
        except OSError:  # unreadable or a dangling link: ingest reports it; track by name
            out[name] = [-1, -1, ""]
    return out


@dataclass(frozen=True)
class SeedChanges:
    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def diff(previous: Snapshot, current: Snapshot) -> SeedChanges:
    added = tuple(sorted(set(current) - set(previous)))
    removed = tuple(sorted(set(previous) - set(current)))
    changed = tuple(sorted(p for p in set(current) & set(previous)
                           if current[p][2] != previous[p][2]))
    return SeedChanges(added, changed, removed)
