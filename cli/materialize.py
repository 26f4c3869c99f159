"""``msc materialize``: one Dagster run of every asset and check, then a summary."""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
import duckdb

from cli import CliError
from pipeline.schema import PUBLISHED_TABLES

QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def materialize_all(verbose: bool = False) -> int:
    from assets.definitions import build_definitions

    defs = build_definitions()
    paths = defs.resources["paths"]
    if not Path(paths.seeds_dir).is_dir():
        raise CliError(f"seeds folder not found: {paths.seeds_dir}")
    job = defs.resolve_implicit_global_asset_job_def()
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(
            instance=instance, raise_on_error=False,
            run_config=None if verbose else QUIET_RUN_CONFIG,
        )
        checks = list(result.get_asset_check_evaluations())
        if not result.success:
            failure = next((e for e in result.all_events if e.is_step_failure), None)
            reason = failure.step_failure_data.error.message.strip().splitlines()[0] if failure else "see the run log"
            raise CliError(f"run {result.run_id} failed in {failure.step_key if failure else '?'}: {reason}")
    warehouse = Path(paths.warehouse_path)
    print(summary(warehouse, checks, result.run_id))
    return 0


def summary(warehouse: Path, checks: list, run_id: str) -> str:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        lines = [f"published {warehouse} (run {run_id})", "", f"{'table':22} rows"]
        for table in PUBLISHED_TABLES:
            n = con.execute(f'SELECT count(*) FROM "{table.name}"').fetchone()[0]
            lines.append(f"{table.name:22} {n}")
        rejected = con.execute(
            "SELECT source_file, reject_reason FROM documents WHERE status = 'rejected'").fetchall()
    finally:
        con.close()
    for source_file, reason in rejected:
        lines.append(f"rejected: {source_file}: {reason}")
    if checks:
        passed = sum(1 for c in checks if c.passed)
        lines += ["", f"asset checks: {passed} passed, {len(checks) - passed} failed"]
        for c in sorted(checks, key=lambda c: (c.passed, c.asset_key.to_user_string(), c.check_name)):
            status = "PASS" if c.passed else "FAIL"
            lines.append(f"  {status} {c.asset_key.to_user_string()}:{c.check_name}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(materialize_all())
