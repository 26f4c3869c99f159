"""The ``msc`` command: materialize the warehouse, query it, open the UI.

    msc materialize [--seeds DIR] [--warehouse FILE]
    msc query "SQL" [--format table|csv|json|parquet] [--output FILE]
    msc export [--format parquet] DIR
    msc ui [--port N] [--host 127.0.0.1]

``materialize`` runs a real Dagster materialization of every asset and check of the code
location (``assets.definitions``) against a persistent ``DAGSTER_HOME`` under the project, so
its runs show in the UI. Flags override ``MSC_SEEDS_DIR`` / ``MSC_WAREHOUSE``, which override
the defaults (``seeds/``, ``warehouse/msc.duckdb``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli import CliError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DAGSTER_HOME = PROJECT_ROOT / ".dagster_home"
DAGSTER_YAML_HEADER = "# written by `msc`; Dagster's instance settings for this project\n"
# Runs are launched as soon as they are requested, without Dagster's run queue (whose daemon
# looks at it every few seconds): runs take turns through the staging folder's run lock
# (``assets.resources.ParquetFrameIOManager``), which also holds for ``msc materialize``.
DAGSTER_YAML = DAGSTER_YAML_HEADER + """\
telemetry:
  enabled: false
run_coordinator:
  module: dagster.core.run_coordinator
  class: DefaultRunCoordinator
"""


def ensure_dagster_home() -> Path:
    """The Dagster home with this project's instance settings; settings ``msc`` wrote
    before are brought up to date, a file someone wrote by hand is left alone."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_DAGSTER_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    written = config.read_text() if config.exists() else None
    if written is None or (written.startswith(DAGSTER_YAML_HEADER) and written != DAGSTER_YAML):
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _apply_path_flags(args: argparse.Namespace) -> None:
    if getattr(args, "seeds", None):
        os.environ["MSC_SEEDS_DIR"] = str(Path(args.seeds).resolve())
    if getattr(args, "warehouse", None):
        os.environ["MSC_WAREHOUSE"] = str(Path(args.warehouse).resolve())


def cmd_materialize(args: argparse.Namespace) -> int:
    _apply_path_flags(args)
    ensure_dagster_home()
    from cli.materialize import materialize_all  # imports Dagster: keep `msc query` fast

    return materialize_all(verbose=args.verbose)


def cmd_query(args: argparse.Namespace) -> int:
    _apply_path_flags(args)
    from cli.query import run_query

    return run_query(args.sql, fmt=args.format, output=args.output)


def cmd_export(args: argparse.Namespace) -> int:
    _apply_path_flags(args)
    from cli.export import export

    return export(args.directory, args.format)


def cmd_ui(args: argparse.Namespace) -> int:
    _apply_path_flags(args)
    ensure_dagster_home()
    dagster = Path(sys.executable).with_name("dagster")
    cmd = [str(dagster), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"),
           "-h", args.host, "-p", str(args.port)]
    os.chdir(PROJECT_ROOT)
    os.execv(cmd[0], cmd)
    return 0  # not reached


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="msc", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    m = sub.add_parser("materialize", help="materialize every asset into the warehouse")
    m.add_argument("--seeds", help="seeds folder (default: $MSC_SEEDS_DIR or seeds/)")
    m.add_argument("--warehouse", help="DuckDB file (default: $MSC_WAREHOUSE or warehouse/msc.duckdb)")
    m.add_argument("-v", "--verbose", action="store_true", help="show Dagster's run log")
    m.set_defaults(func=cmd_materialize)

    q = sub.add_parser("query", help="run one read-only SQL statement against the warehouse")
    q.add_argument("sql")
    q.add_argument("--warehouse", help="DuckDB file (default: $MSC_WAREHOUSE or warehouse/msc.duckdb)")
    q.add_argument("--format", choices=("table", "csv", "json", "parquet"), default="table")
    q.add_argument("--output", "-o", help="write to this file instead of standard output")
    q.set_defaults(func=cmd_query)

    e = sub.add_parser("export", help="write every published table and view as Parquet")
    e.add_argument("directory")
    e.add_argument("--format", choices=("parquet",), default="parquet")
    e.add_argument("--warehouse", help="DuckDB file (default: $MSC_WAREHOUSE or warehouse/msc.duckdb)")
    e.set_defaults(func=cmd_export)

    u = sub.add_parser("ui", help="start the Dagster webserver and daemon (dagster dev)")
    u.add_argument("--host", default=os.environ.get("MSC_UI_HOST", "127.0.0.1"))
    u.add_argument("--port", type=int, default=3000)
    u.set_defaults(func=cmd_ui)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"msc: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
