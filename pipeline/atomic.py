"""Files replaced in one rename: a reader (or a run killed midway) sees the old file or the new
one, never part of one.

What does not belong here: what the files hold, or locks between writers (``locks.py``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` for the block to write the new file to; when the block
    ends the new file replaces ``path`` in one rename, and when it fails it is deleted."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
