"""Vocabularies shipped with the project (CSV files beside this module).

Each CSV names its source in a leading ``# source:`` comment line. Load with
:func:`load_vocab`; rows come back as dicts of strings.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

VOCAB_DIR = Path(__file__).parent


@cache
def load_vocab(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``<name>.csv``; lines starting with ``#`` are comments."""
    path = VOCAB_DIR / f"{name}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))
