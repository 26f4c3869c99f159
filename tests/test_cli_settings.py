"""The Dagster settings ``msc`` writes: runs launched as soon as they are requested (they take
turns through the staging folder's run lock), older settings written by ``msc`` brought up
to date and a hand-written file left alone."""

from __future__ import annotations

import dagster as dg
from dagster._core.run_coordinator import DefaultRunCoordinator

from cli.main import DAGSTER_YAML, DAGSTER_YAML_HEADER, ensure_dagster_home


def test_a_new_home_gets_settings_dagster_reads_as_runs_launched_at_once(tmp_path, monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    home = ensure_dagster_home()
    with dg.DagsterInstance.from_config(str(home)) as instance:
        assert isinstance(instance.run_coordinator, DefaultRunCoordinator)


def test_settings_msc_wrote_before_are_updated_and_hand_written_ones_kept(tmp_path, monkeypatch):
    old, mine = tmp_path / "old", tmp_path / "mine"
    for home in (old, mine):
        home.mkdir()
    (old / "dagster.yaml").write_text(DAGSTER_YAML_HEADER + "run_queue:\n  max_concurrent_runs: 1\n")
    (mine / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    for home in (old, mine):
        monkeypatch.setenv("DAGSTER_HOME", str(home))
        ensure_dagster_home()
    assert (old / "dagster.yaml").read_text() == DAGSTER_YAML
    assert (mine / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"
