"""The dose report: harmonized doses per condition and species, and a table of the trials.

Pure functions from published frames (``doses``, ``trials``, ``documents`` with the columns of
``pipeline/schema.py``) to a PNG chart, Markdown (for Dagster's UI) and a self-contained HTML
page. What belongs here: choosing what is shown and how. What does not: reading the warehouse
or writing files (``assets/report.py``).

The chart puts every dose level on a log axis of cells/kg, one row per condition and species;
a point is marked differently when its cells/kg value was derived through a reference body
weight (the document stated cells per subject) or when its power of ten was reconstructed.
Doses without a cells/kg value are listed with the reason instead of being drawn.
"""

from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import polars as pl

REFERENCE_WEIGHT = "reference body weight"
# rows of a table shown in Dagster's UI (the materialization's metadata lives in the event log;
# the HTML report beside the warehouse has every row)
MARKDOWN_ROWS = 100
NO_CONDITION = "condition not stated"

# how a point's cells/kg value came about -> (marker, face colour, legend label)
KINDS = {
    "reported": ("o", "#1f77b4", "cells/kg as reported"),
    "reference": ("^", "#ff7f0e", "cells/kg via reference body weight"),
    "repaired": ("s", "#d62728", "power of ten reconstructed"),
    "reference+repaired": ("D", "#9467bd", "reference weight and reconstructed power"),
}

TABLE_COLUMNS = ("condition", "species", "phase", "n", "route", "cell source",
                 "dose range (cells/kg)")


@dataclass(frozen=True)
class DoseReport:
    png: bytes
    trials: pl.DataFrame          # TABLE_COLUMNS, one row per trial
    not_converted: pl.DataFrame   # condition, species, dose_text, dose_unit, reason
    documents: int
    dose_levels: int
    plotted: int

    @property
    def summary(self) -> str:
        if not self.dose_levels:
            return (f"No doses in the warehouse ({self.documents} documents, "
                    f"{self.trials.height} trials): nothing to plot.")
        return (f"{self.dose_levels} dose levels from {self.trials.height} trials in "
                f"{self.documents} documents; {self.plotted} plotted in cells/kg, "
                f"{self.not_converted.height} not converted.")


def _label(condition: str | None, species: str | None) -> str:
    return f"{condition or NO_CONDITION} · {species or 'species not stated'}"


def classified_doses(doses: pl.DataFrame, trials: pl.DataFrame) -> pl.DataFrame:
    """Doses with their trial's condition, a row ``label`` and the point ``kind``."""
    derived = (pl.col("dose_unit") != "cells/kg") & pl.col("conversion").fill_null("") \
        .str.contains(REFERENCE_WEIGHT, literal=True)
    repaired = pl.col("exponent_repaired").fill_null(False)
    return (
        doses.join(trials.select("trial_id", "condition"), on="trial_id", how="left")
        .with_columns(
            label=pl.struct("condition", "species").map_elements(
                lambda r: _label(r["condition"], r["species"]), return_dtype=pl.String),
            kind=pl.when(derived & repaired).then(pl.lit("reference+repaired"))
            .when(derived).then(pl.lit("reference"))
            .when(repaired).then(pl.lit("repaired"))
            .otherwise(pl.lit("reported")),
        )
    )


def _format_cells(value: float | None) -> str:
    if value is None:
        return "—"
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{mantissa.rstrip('0').rstrip('.')}×10^{int(exponent)}"


def trial_table(trials: pl.DataFrame, doses: pl.DataFrame) -> pl.DataFrame:
    ranges = (doses.filter(pl.col("cells_per_kg").is_not_null())
              .group_by("trial_id")
              .agg(low=pl.col("cells_per_kg").min(), high=pl.col("cells_per_kg").max()))
    rows = []
    joined = trials.join(ranges, on="trial_id", how="left").sort(
        pl.col("condition").fill_null(NO_CONDITION), "species", "trial_id")
    for t in joined.iter_rows(named=True):
        low, high = t["low"], t["high"]
        dose_range = ("—" if low is None else _format_cells(low) if low == high
                      else f"{_format_cells(low)} – {_format_cells(high)}")
        rows.append({
            "condition": t["condition"] or NO_CONDITION, "species": t["species"] or "—",
            "phase": t["phase"] or "—",
            "n": "—" if t["n_enrolled"] is None else str(t["n_enrolled"]),
            "route": t["route"] or "—", "cell source": t["cell_source"] or "—",
            "dose range (cells/kg)": dose_range,
        })
    return pl.DataFrame(rows, schema={c: pl.String for c in TABLE_COLUMNS})


# trials sharing a row sit side by side, TRIAL_GAP apart, within a band of ROW_BAND around it
TRIAL_GAP = 0.18
ROW_BAND = 0.7


def _trial_offsets(trial_ids: list[str]) -> dict[str, float]:
    """Vertical offset of each trial's points within its row: a few trials sit TRIAL_GAP
    apart; many are spread evenly over the row's band, so no point strays into another row."""
    if len(trial_ids) < 2:
        return dict.fromkeys(trial_ids, 0.0)
    spread = min(TRIAL_GAP * (len(trial_ids) - 1), ROW_BAND)
    return {t: (k / (len(trial_ids) - 1) - 0.5) * spread for k, t in enumerate(trial_ids)}


def chart_png(points: pl.DataFrame) -> bytes:
    """The chart as PNG bytes; with no plottable dose, an image that says so."""
    # imported here: matplotlib costs every process that loads the code location about a
    # second, and only this function draws
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    plotted = points.filter(pl.col("cells_per_kg").is_not_null() & (pl.col("cells_per_kg") > 0))
    labels = sorted(plotted["label"].unique().to_list(), reverse=True)
    fig = Figure(figsize=(9, 1.9 + 0.55 * max(len(labels), 1)), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    if not labels:
        ax.text(0.5, 0.5, "No harmonized doses to plot", ha="center", va="center",
                fontsize=14, transform=ax.transAxes)
        ax.set_axis_off()
    else:
        row = {label: i for i, label in enumerate(labels)}
        for label in labels:
            in_row = plotted.filter(pl.col("label") == label)
            trial_ids = sorted(in_row["trial_id"].unique().to_list())
            offset = _trial_offsets(trial_ids)
            for kind, (marker, colour, _) in KINDS.items():
                pts = in_row.filter(pl.col("kind") == kind)
                if pts.height:
                    ax.scatter(pts["cells_per_kg"].to_list(),
                               [row[label] + offset[t] for t in pts["trial_id"].to_list()],
                               marker=marker, s=60, c=colour, edgecolors="black",
                               linewidths=0.6, zorder=3)
        ax.set_xscale("log")
        ax.set_yticks(range(len(labels)), labels)
        ax.set_ylim(-0.6, len(labels) - 0.4)
        ax.set_xlabel("harmonized dose (cells/kg, log scale)")
        ax.grid(axis="x", which="major", alpha=0.4)
        present = set(plotted["kind"].to_list())
        fig.legend(handles=[Line2D([], [], marker=m, color="none", markerfacecolor=c,
                                   markeredgecolor="black", markersize=8, label=text)
                            for kind, (m, c, text) in KINDS.items() if kind in present],
                   loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    ax.set_title("MSC doses per condition and species")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def build_report(doses: pl.DataFrame, trials: pl.DataFrame, documents: pl.DataFrame) -> DoseReport:
    points = classified_doses(doses, trials)
    not_converted = (points.filter(pl.col("cells_per_kg").is_null())
                     .select(pl.col("label").alias("condition · species"), "dose_text",
                             "dose_unit", pl.col("conversion").alias("reason")))
    return DoseReport(
        png=chart_png(points), trials=trial_table(trials, doses), not_converted=not_converted,
        documents=documents.height, dose_levels=doses.height,
        plotted=points.filter(pl.col("cells_per_kg").is_not_null()).height,
    )


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _md_cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(frame: pl.DataFrame, max_rows: int = MARKDOWN_ROWS) -> str:
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * frame.width]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |"
              for row in frame.head(max_rows).iter_rows()]
    if frame.height > max_rows:
        lines += ["", f"… and {frame.height - max_rows} more rows in the HTML report."]
    return "\n".join(lines)


def to_markdown(report: DoseReport) -> str:
    parts = [report.summary, "", f"![dose chart]({data_uri(report.png)})", "",
             "### Trials", "", _md_table(report.trials)]
    if report.not_converted.height:
        parts += ["", "### Doses not converted to cells/kg", "", _md_table(report.not_converted)]
    return "\n".join(parts)


def _html_table(frame: pl.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_md_cell(v))}</td>" for v in row) + "</tr>"
                   for row in frame.iter_rows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(report: DoseReport) -> str:
    not_converted = (
        f"<h2>Doses not converted to cells/kg</h2>{_html_table(report.not_converted)}"
        if report.not_converted.height else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>MSC dose report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.25em .6em;text-align:left}}
</style></head><body>
<h1>MSC dose report</h1>
<p>{html.escape(report.summary)}</p>
<img id="dose-chart" alt="MSC doses per condition and species" src="{data_uri(report.png)}">
<h2>Trials</h2>
{_html_table(report.trials)}
{not_converted}
</body></html>
"""
