"""Documents whose rows of a frame passed validation, kept so that a run validates only the
rows of documents it has not seen pass.

A document's rows in a memoized frame (cleaned text, extracted facts) follow from its bytes
and from the code that made them alone. Once they have passed a frame's row checks they pass
again while the bytes, that code and the checks are unchanged. So the documents that passed
are recorded, one Parquet file of ``(doc_id, content_sha256)`` per frame, named by a version
that covers the code making the rows and the checks; a record of another version is ignored
and replaced. A document with a failing row is never recorded: it is validated, and its
failure reported, again in the next run. Checks over the whole frame (columns, types, key
uniqueness) are not what a record stands for; they run every time.

What does not belong here: the checks (``checks/``) or the per-document results themselves
(``memo.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from pipeline.atomic import replacing
from pipeline.memo import KEY_COLUMNS

KEY_SCHEMA = {"doc_id": pl.String, "content_sha256": pl.String}


@dataclass(frozen=True)
class ValidationMemo:
    """The record for frame ``frame`` under ``root``, for documents ``keys`` (their
    ``doc_id`` and ``content_sha256`` now) and one ``version`` of the rows' and checks' code."""

    root: Path
    frame: str
    version: str
    keys: pl.DataFrame

    @property
    def path(self) -> Path:
        return self.root / "validated" / self.frame / f"{self.version}.parquet"

    def passed(self) -> pl.Series:
        """``doc_id``s of documents whose rows passed with the bytes they have now."""
        try:
            recorded = pl.read_parquet(self.path, columns=KEY_COLUMNS)
        except (OSError, pl.exceptions.PolarsError):  # no record, or a torn one: nothing known
            return pl.Series("doc_id", [], pl.String)
        return self.keys.join(recorded, on=KEY_COLUMNS, how="semi")["doc_id"]

    def record(self, doc_ids: pl.Series) -> None:
        """Record the documents ``doc_ids`` as passed, in place of the last record (and of
        records of other versions), in one rename."""
        passed = self.keys.select(KEY_COLUMNS).cast(KEY_SCHEMA).filter(pl.col("doc_id").is_in(doc_ids.implode()))
        with replacing(self.path) as tmp:
            passed.write_parquet(tmp)
        for other in self.path.parent.glob("*.parquet"):
            if other != self.path:
                other.unlink(missing_ok=True)
