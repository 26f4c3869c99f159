"""Exclusive locks between processes: a lock file held with ``flock`` for a block of code.

Runs, memo steps and publishes that touch the same files take turns through these locks,
whoever started them (the sensor's runs, a run launched from the UI, ``msc materialize``).
The kernel releases a lock when its holder dies, so a killed run never leaves one behind.
A lock is held by an open file, not by a process: taking a lock the same process already
holds through another block waits forever, so these blocks must not nest on one file.

What does not belong here: what the locks protect (``memo.py``, ``warehouse.py``, the
Dagster IO manager).
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock_file: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``lock_file`` exclusively for the block; ``on_wait`` is called first if another
    holder must be waited for."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
