"""Publishing: a new file swapped in atomically; readers keep the state they opened."""

from __future__ import annotations

import duckdb
import polars as pl

from pipeline.schema import DOCUMENTS, TRIALS
from pipeline.warehouse import publish


def _documents(n: int):
    return {"documents": DOCUMENTS.frame([
        {"doc_id": f"doc_{i}", "source_file": f"{i}.txt", "content_sha256": "0" * 64,
         "status": "ok"} for i in range(n)])}


def test_publish_writes_every_table_and_comments(tmp_path):
    target = publish(_documents(2), tmp_path / "w.duckdb").path
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


def _rows(target):
    con = duckdb.connect(str(target), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("documents", "trials", "evidence")}
    finally:
        con.close()


def _corpus(n: int, changed: int | None = None):
    docs = _documents(n)["documents"]
    if changed is not None:
        docs = docs.with_columns(pl.when(pl.col("doc_id") == f"doc_{changed}").then(pl.lit("1" * 64))
                                 .otherwise(pl.col("content_sha256")).alias("content_sha256"))
    trials = TRIALS.frame([{"trial_id": f"{d}:human", "doc_id": d, "species": "human",
                            "phase": "2" if sha.startswith("1") else "1", "design_flags": []}
                           for d, sha in docs.select("doc_id", "content_sha256").iter_rows()])
    return {"documents": docs, "trials": trials}


def test_few_changed_documents_are_rewritten_in_a_copy_and_give_the_full_rebuild(tmp_path):
    target = tmp_path / "w.duckdb"
    assert not publish(_corpus(20), target, build="b1").incremental  # nothing to start from
    frames = _corpus(20, changed=3)
    frames["documents"] = frames["documents"].filter(pl.col("doc_id") != "doc_7")
    frames["trials"] = frames["trials"].filter(pl.col("doc_id") != "doc_7")
    published = publish(frames, target, build="b1")
    assert (published.incremental, published.documents_rewritten, published.documents_removed) == (True, 1, 1)
    full = publish(frames, tmp_path / "full.duckdb")
    assert _rows(target) == _rows(full.path)


def test_other_code_a_touched_file_or_many_changes_mean_a_full_rewrite(tmp_path):
    target = tmp_path / "w.duckdb"
    publish(_corpus(10), target, build="b1")
    assert not publish(_corpus(10, changed=3), target, build="b2").incremental  # other code
    con = duckdb.connect(str(target))  # someone edits the published file
    con.execute("DELETE FROM trials")
    con.close()
    assert not publish(_corpus(10, changed=4), target, build="b2").incremental
    assert publish(_corpus(10, changed=4), target, build="b2").incremental
    many = _corpus(10)
    many["documents"] = many["documents"].head(5)
    assert not publish(many, target, build="b2").incremental
    assert len(_rows(target)["documents"]) == 5
