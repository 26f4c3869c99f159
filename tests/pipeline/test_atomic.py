"""Files replaced in one rename."""

from __future__ import annotations

import pytest

from pipeline.atomic import replacing


def test_the_new_file_replaces_the_old_one_when_the_block_ends(tmp_path):
    target = tmp_path / "sub" / "f.txt"
    with replacing(target) as tmp:
        tmp.write_text("new")
        assert not target.exists()  # nothing shows until the block ends
    assert target.read_text() == "new" and [p.name for p in target.parent.iterdir()] == ["f.txt"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "f.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), replacing(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed midway")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["f.txt"]
