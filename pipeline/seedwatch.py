"""Waiting, cheaply, for a file to be added to or removed from the seeds folder.

Dagster's sensor daemon visits a sensor about every 5 s, so a page dropped into the folder
just after a look waits up to 5 s for the next one. Rather than return at once when nothing
changed, the seeds sensor keeps watching for most of the time until the daemon's next visit,
and looks again as soon as the folder changes.

Watching is a ``stat`` of each folder every ``poll`` seconds: creating, removing or renaming
a file changes the mtime of the folder holding it, so a folder's mtime moves when a page is
dropped into it, without listing or hashing anything. A file rewritten in place leaves its
folder's mtime alone; the sensor's full look (``seedscan``) finds it at the daemon's next
visit, as before. A change to a file the pipeline ignores (a hidden file) wakes the watch
too; the full look then finds nothing and the watch goes on.

What does not belong here: what counts as a change of a seed (``seedscan``).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

Stamps = dict[str, int]

POLL_S = 0.1
# folders stat'ed per second at most: a few microseconds each, so a tree of many folders is
# looked at less often rather than costing more than a few per cent of a core
MAX_STATS_PER_S = 20_000
# a change wakes the watch, then the folder must stay still this long before the look, so a
# batch of pages copied in together (or a page still being created) goes into one run
QUIET_S = 0.2


def folder_stamps(seeds_dir: Path) -> Stamps:
    """The mtime of the seeds folder and of every folder in it that ingest reads (hidden
    folders are skipped, as ``ingest`` skips them); -1 for a folder that is missing."""
    stamps: Stamps = {os.fspath(seeds_dir): _mtime(os.fspath(seeds_dir))}
    for root, dirs, _files in os.walk(seeds_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        stamps.update((os.path.join(root, d), _mtime(os.path.join(root, d))) for d in dirs)
    return stamps


def _mtime(folder: str) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def moved(stamps: Stamps) -> bool:
    """Whether any folder of ``stamps`` changed (or appeared, or went) since they were taken."""
    return any(_mtime(folder) != mtime for folder, mtime in stamps.items())


def poll_interval(stamps: Stamps) -> float:
    """Seconds between two looks at the folders of ``stamps``: :data:`POLL_S`, longer for a
    tree of more than a couple of thousand folders."""
    return max(POLL_S, len(stamps) / MAX_STATS_PER_S)


def wait_for_change(seeds_dir: Path, stamps: Stamps, until: float, poll: float | None = None,
                    quiet: float = QUIET_S, clock: Callable[[], float] = time.monotonic,
                    sleep: Callable[[float], None] = time.sleep) -> bool:
    """Wait until a folder of ``stamps`` changes, or until ``until`` (a ``clock`` time),
    looking every ``poll`` seconds (default :func:`poll_interval`). True when it changed; the
    folder has then been still for ``quiet`` seconds, or ``until`` came first."""
    poll = poll_interval(stamps) if poll is None else poll
    while not moved(stamps):
        left = until - clock()
        if left <= 0:
            return False
        sleep(min(poll, left))
    # the folder moved: wait for it to be still
    current = folder_stamps(seeds_dir)
    while clock() < until:
        sleep(min(quiet, max(0.0, until - clock())))
        latest = folder_stamps(seeds_dir)
        if latest == current:
            break
        current = latest
    return True
