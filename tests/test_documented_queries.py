"""Every query in docs/queries.md runs against the seeds' warehouse and gives the result shown."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "queries.md"
BLOCK = re.compile(r"```sql\n(?P<sql>.*?)\n```.*?```csv\n(?P<csv>.*?)\n```", re.S)
QUERIES = [(m["sql"], m["csv"]) for m in BLOCK.finditer(DOC.read_text())]


def test_at_least_ten_documented_questions():
    assert len(QUERIES) >= 10


@pytest.mark.e2e
@pytest.mark.parametrize("sql,expected", QUERIES, ids=[f"q{i + 1}" for i in range(len(QUERIES))])
def test_documented_query_gives_the_documented_result(seeds_warehouse, sql, expected):
    con = duckdb.connect(str(seeds_warehouse), read_only=True)
    try:
        got = con.sql(sql).pl().write_csv()
    finally:
        con.close()
    assert got.rstrip("\n") == expected
