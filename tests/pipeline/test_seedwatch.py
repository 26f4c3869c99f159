"""Watching the seeds folder for an added or removed file (``pipeline.seedwatch``)."""

from __future__ import annotations

import os

from pipeline.seedwatch import POLL_S, folder_stamps, moved, poll_interval, wait_for_change


class FakeClock:
    """A clock that moves only when slept on; ``on_sleep`` runs at every sleep."""

    def __init__(self, on_sleep=lambda n: None):
        self.now, self.sleeps, self.on_sleep = 0.0, 0, on_sleep

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.now += seconds
        self.on_sleep(self.sleeps)


def _bump(folder) -> None:
    """Move a folder's mtime for certain, whatever the file system's mtime resolution."""
    st = os.stat(folder)
    os.utime(folder, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))


def test_adding_a_file_in_a_subfolder_moves_the_stamps(tmp_path):
    (tmp_path / "portal").mkdir()
    stamps = folder_stamps(tmp_path)
    assert not moved(stamps)
    (tmp_path / "portal" / "page.txt").write_text("x")
    _bump(tmp_path / "portal")
    assert moved(stamps)


def test_removing_a_folder_moves_the_stamps(tmp_path):
    (tmp_path / "portal").mkdir()
    stamps = folder_stamps(tmp_path)
    (tmp_path / "portal").rmdir()
    assert moved(stamps)


def test_hidden_folders_are_not_watched(tmp_path):
    (tmp_path / ".git").mkdir()
    stamps = folder_stamps(tmp_path)
    assert str(tmp_path / ".git") not in stamps
    _bump(tmp_path / ".git")
    assert not moved(stamps)


def test_a_missing_seeds_folder_is_watched_for_its_creation(tmp_path):
    seeds = tmp_path / "seeds"
    stamps = folder_stamps(seeds)
    assert not moved(stamps)
    seeds.mkdir()
    assert moved(stamps)


def test_no_change_waits_until_the_deadline_in_polls(tmp_path):
    clock = FakeClock()
    assert not wait_for_change(tmp_path, folder_stamps(tmp_path), until=1.0, poll=0.25,
                               clock=clock, sleep=clock.sleep)
    assert clock.now == 1.0 and clock.sleeps == 4


def test_a_change_ends_the_wait_before_the_deadline(tmp_path):
    def drop(n):
        if n == 3:
            (tmp_path / "page.txt").write_text("x")
            _bump(tmp_path)

    clock = FakeClock(drop)
    assert wait_for_change(tmp_path, folder_stamps(tmp_path), until=10.0, poll=0.1, quiet=0.2,
                           clock=clock, sleep=clock.sleep)
    assert clock.now < 1.0


def test_the_wait_lasts_until_the_folder_is_still(tmp_path):
    # pages copied in one after another: the watch returns once the last has landed
    def drop(n):
        if n in (1, 2, 3, 4):
            (tmp_path / f"page {n}.txt").write_text("x")
            _bump(tmp_path)

    clock = FakeClock(drop)
    assert wait_for_change(tmp_path, folder_stamps(tmp_path), until=10.0, poll=0.1, quiet=0.2,
                           clock=clock, sleep=clock.sleep)
    assert clock.sleeps == 5  # one poll, three quiet waits that saw a new page, one that did not


def test_a_tree_of_many_folders_is_looked_at_less_often(tmp_path):
    few = {str(tmp_path / f"f{i}"): 0 for i in range(10)}
    many = {str(tmp_path / f"f{i}"): 0 for i in range(100_000)}
    assert poll_interval(few) == POLL_S
    assert poll_interval(many) > POLL_S
