"""Idempotence: runs over the same seeds publish the same warehouse, row for row.

Two runs in different folders (another machine, another checkout) and a re-run over an
existing warehouse must publish identical contents in every published table and view:
doc_ids come from seed paths, never from run ids, clocks or the folder the seeds sit in.
"""

from __future__ import annotations


import duckdb
import pytest

from tests.dagster_helpers import materialize_into
from tests.warehouse_contents import differences, digest, table_contents

pytestmark = pytest.mark.e2e


def test_runs_over_the_same_seeds_publish_identical_tables(seeds_warehouse, seeds_copy, tmp_path):
    first = table_contents(seeds_warehouse)
    assert len(first["documents"][1]) == 5 and first["trials"][1], "nothing to compare"

    # another folder, another Dagster instance: the same contents
    target = tmp_path / "elsewhere" / "msc.duckdb"
    result, _ = materialize_into(seeds_copy, target, tmp_path / "dagster_home")
    assert result.success
    second = table_contents(target)
    assert differences(first, second) == []

    # the same warehouse materialized again: replaced by identical contents
    result, _ = materialize_into(seeds_copy, target, tmp_path / "dagster_home")
    assert result.success
    third = table_contents(target)
    assert differences(second, third) == []
    assert digest(first) == digest(third)


def test_contents_comparison_sees_a_changed_row(seeds_warehouse, tmp_path):
    """The yardstick itself: one changed value makes two warehouses differ."""
    import shutil

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(seeds_warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute("UPDATE trials SET n_enrolled = coalesce(n_enrolled, 0) + 1 "
                "WHERE trial_id = (SELECT min(trial_id) FROM trials)")
    con.close()
    before, after = table_contents(seeds_warehouse), table_contents(copy)
    assert digest(before) != digest(after)
    assert any(d.startswith("trials:") for d in differences(before, after))
