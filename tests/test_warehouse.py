"""Publishing: a new file swapped in atomically; readers keep the state they opened."""

from __future__ import annotations

import duckdb

from pipeline.schema import DOCUMENTS
from pipeline.warehouse import publish


def _documents(n: int):
    return {"documents": DOCUMENTS.frame([
        {"doc_id": f"doc_{i}", "source_file": f"{i}.txt", "content_sha256": "0" * 64,
         "status": "ok"} for i in range(n)])}


def test_publish_writes_every_table_and_comments(tmp_path):
    target = publish(_documents(2), tmp_path / "w.duckdb")
    con = duckdb.connect(str(target), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM doses").fetchone()[0] == 0
    comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'documents'").fetchone()[0]
    assert "seed file" in comment
    con.close()


def test_reader_holding_the_file_sees_the_old_run_then_the_new_one(tmp_path):
    target = tmp_path / "w.duckdb"
    publish(_documents(2), target)
    reader = duckdb.connect(str(target), read_only=True)
    publish(_documents(3), target)  # neither blocked by nor visible to the open reader
    assert reader.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    reader.close()
    fresh = duckdb.connect(str(target), read_only=True)
    assert fresh.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    fresh.close()


def test_stale_temporaries_are_removed(tmp_path):
    target = tmp_path / "w.duckdb"
    stale = tmp_path / ".w.duckdb.dead.publishing"
    stale.write_bytes(b"half a run")
    publish(_documents(1), target)
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".publishing")] == []
