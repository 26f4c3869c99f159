"""Report layer: the dose report, read from the published warehouse and shown in the UI.

The asset reads the published DuckDB file read-only (never the staging frames, so it shows what
users query), builds the report with ``pipeline.report`` and writes ``report.html`` beside the
warehouse file; the chart and tables are also attached to the materialization as Markdown.
"""

import os
import uuid
from pathlib import Path

import dagster as dg
import duckdb

from assets.metadata import OWNERS, layer_tags
from assets.publish import WAREHOUSE_PREFIX
from assets.resources import PipelinePaths
from checks.asset_checks import check_spec
from pipeline import report
from pipeline.versions import code_version

REPORT_FILE = "report.html"


def report_path(warehouse: Path) -> Path:
    return warehouse.parent / REPORT_FILE


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _report_written(path: Path, png: bytes) -> dg.AssetCheckResult:
    written = path.read_text(encoding="utf-8") if path.is_file() else ""
    return dg.AssetCheckResult(
        check_name="report_written", passed=report.data_uri(png) in written,
        metadata={"path": dg.MetadataValue.path(str(path)), "html_bytes": len(written)},
    )


@dg.asset(
    group_name="report",
    kinds={"matplotlib", "duckdb"},
    code_version=code_version("pipeline.report"),
    owners=OWNERS,
    tags=layer_tags("out"),
    deps=[dg.AssetKey([WAREHOUSE_PREFIX, name]) for name in ("doses", "trials", "documents")],
    check_specs=[check_spec("dose_report", "report_written",
                            f"{REPORT_FILE} exists beside the warehouse and embeds the chart",
                            blocking=False)],
    description="Harmonized doses (cells/kg, log axis) per condition and species, marking "
                "values derived through a reference body weight or a reconstructed power of "
                "ten, doses that could not be converted with the reason, and a table of "
                f"trials; shown here and written as {REPORT_FILE} beside the warehouse.",
)
def dose_report(context: dg.AssetExecutionContext, paths: PipelinePaths) -> dg.MaterializeResult:
    if not paths.warehouse.is_file():
        raise dg.Failure(f"no published warehouse at {paths.warehouse}; materialize it first")
    con = duckdb.connect(str(paths.warehouse), read_only=True)
    try:
        doses = con.sql("SELECT * FROM doses").pl()
        trials = con.sql("SELECT * FROM trials").pl()
        documents = con.sql("SELECT doc_id FROM documents WHERE status = 'ok'").pl()
    finally:
        con.close()
    built = report.build_report(doses, trials, documents)
    path = report_path(paths.warehouse)
    _write_atomically(path, report.to_html(built))
    context.log.info(f"wrote {path}: {built.summary}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.md(report.to_markdown(built)),
            "report_html": dg.MetadataValue.path(str(path)),
            "dose_levels": built.dose_levels,
            "plotted": built.plotted,
            "not_converted": built.not_converted.height,
            "trials": built.trials.height,
        },
        check_results=[_report_written(path, built.png)],
    )
