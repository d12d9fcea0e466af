"""The offline HTML report comparing scenario runs: one self-contained file, no network needed to open it.

``write_html(results, path, title=..., meta=...)`` renders templates/report.html.j2 with: what was run (from
``meta`` and the run ids), the summary table, five kinds of plot (see relokant.report.figures), a "how to read this"
note, the synthetic-population notice and, when given, "who leaves": the simulated leavers' profile against the
emigrant surveys (``relokant.calibrate.profile``), and the CASE claim evaluated (``relokant.report.claim``); and the
"Sensitivity" section (``relokant.report.sensitivity``): Sobol indices from a ``relokant sensitivity`` result when
one is passed, else how to compute one; and, when given, the "Validation" section (``relokant.report.validation``):
the model against every target beside a naive forecast, with ARD and coverage.
plotly.js is embedded once, inline; each figure is a div with its data.
The file is written to a temporary sibling and renamed into place, so a failed write never leaves half a report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.offline
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from relokant.files import atomic_write
from relokant.report import figures
from relokant.report.claim import render_claim_section
from relokant.report.sensitivity import render_sensitivity_section
from relokant.report.calibration import render_calibration_section
from relokant.report.validation import render_validation_section
from relokant.report.formatting import human_number
from relokant.report.results import RunResult, main_destinations, scenario_labels
from relokant.report.table import CAPTION, MAIN_DESTINATION_COUNT, summary_table
from relokant.report.sections import PLOT_CONFIG

TEMPLATE_NAME = "report.html.j2"


@dataclass(frozen=True)
class Plot:
    """One figure as the template shows it: an anchor id, a heading, a caption and the figure's HTML."""

    div_id: str
    heading: str
    caption: str
    html: Markup


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _plot(fig: go.Figure, div_id: str, heading: str, caption: str) -> Plot:
    height = fig.layout.height or figures.HEIGHT
    html = fig.to_html(include_plotlyjs=False, full_html=False, div_id=div_id, config=PLOT_CONFIG,
                       default_width="100%", default_height=f"{height}px")
    return Plot(div_id, heading, caption, Markup(html))


def default_periods(result: RunResult) -> tuple[str, str]:
    """The middle month and the last month of a run: the summary's columns when the caller names none."""
    months = result.months()
    return months[(len(months) - 1) // 2], months[-1]


def _meta_text(value: object) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_meta_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return ", ".join(_meta_text(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def _meta_items(meta: Mapping[str, object]) -> list[tuple[str, str]]:
    return [(str(key).replace("_", " "), _meta_text(value)) for key, value in meta.items() if value is not None]


def _plots(results: list[RunResult], labels: list[str]) -> list[Plot]:
    destinations = main_destinations(results[0], MAIN_DESTINATION_COUNT)
    plots = [_plot(figures.stock_by_destination(result, label, destinations), f"stock-by-destination-{_slug(label)}",
                   f"People abroad by destination: {label}",
                   "Stacked medians of the main destinations of the first scenario and all other places. Medians "
                   "do not add up exactly: the top of the stack can differ from the world median below.")
             for result, label in zip(results, labels)]
    plots += [
        _plot(figures.stock_eu_world(results, labels), "stock-eu-world", "People abroad: EU27 and world",
              "Median lines; shaded bands are the 5–95% range over draws, where the draws differ."),
        _plot(figures.departures_returns(results, labels), "departures-returns", "Departures and returns",
              "Cumulative since 2022: solid lines are departures, dotted lines are returns to Russia."),
        _plot(figures.first_permits_by_country(results, labels), "first-permits", "EU first permits by country",
              "First residence permits to Russian citizens, all reasons, as Eurostat counts them. The slider picks "
              "the year; whiskers are the 5–95% range where the draws differ."),
        _plot(figures.capital_abroad(results, labels), "capital-abroad", "Capital abroad",
              "Capital that emigrants hold abroad, in EUR; medians with 5–95% bands where the draws differ."),
    ]
    return plots


def _profile_rows(profile: pd.DataFrame | None) -> list[dict[str, str]]:
    """The "who leaves" table as the template shows it: numbers formatted, shares in percent, ages in years."""
    if profile is None:
        return []
    rows = []
    for r in profile.itertuples(index=False):
        def fmt(value, share=r.statistic.startswith("share_")):
            if value is None or value != value:
                return "n/a"
            return f"{value:.0%}" if share else human_number(value)
        rows.append({"description": r.description, "model": fmt(r.simulated),
                     "surveys": f"{fmt(r.low)}–{fmt(r.high)}" if r.high != float("inf") else f"≥ {fmt(r.low)}",
                     "inside": ("n/a" if r.inside is None else ("yes" if r.inside else "no"))
                               + (" (anchor)" if getattr(r, "anchors", "") else ""),
                     "russia": fmt(r.russia), "refs": r.refs, "why": r.why})
    return rows


def render_html(results: list[RunResult], *, title: str, meta: Mapping[str, object],
                periods: Sequence[str] | None = None, profile: pd.DataFrame | None = None, claim=None,
                sensitivity=None, validation=None, calibration=None) -> str:
    """The report as one HTML string (what ``write_html`` writes); ``claim`` is a ``relokant.claims.ClaimResult``,
    ``sensitivity`` a ``relokant.ensemble.sensitivity.SensitivityResult``, ``validation`` a
    ``relokant.calibrate.validate.Validation``, ``calibration`` the ``relokant.calibrate.abcsmc.StoredPosterior`` the
    runs drew from (None: point values)."""
    labels = scenario_labels(results)
    periods = tuple(periods) if periods else default_periods(results[0])
    table = summary_table(results, periods)
    env = Environment(loader=PackageLoader("relokant.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template(TEMPLATE_NAME).render(
        title=title,
        runs=[(label, r.run_id) for label, r in zip(labels, results)],
        meta=_meta_items(meta),
        # Without the index name pandas adds a third, empty header row under the (period, scenario) headers.
        table_html=Markup(table.rename_axis(index=None).to_html(classes="summary", border=0, na_rep="n/a")),
        table_caption=CAPTION,
        periods=periods,
        plots=_plots(results, labels),
        plotly_js=Markup(plotly.offline.get_plotlyjs()),
        profile=_profile_rows(profile),
        claim_html=render_claim_section(claim) if claim is not None else None,
        sensitivity_html=render_sensitivity_section(sensitivity),
        validation_html=render_validation_section(validation),
        calibration_html=render_calibration_section(calibration),
    )


def write_html(results: list[RunResult], path: Path, *, title: str, meta: Mapping[str, object],
               periods: Sequence[str] | None = None, profile: pd.DataFrame | None = None, claim=None,
               sensitivity=None, validation=None, calibration=None) -> Path:
    """Write the offline HTML report to ``path`` (parent folders created) and return the path.

    ``periods`` are the months of the summary table; by default the middle and the last month of the first run.
    """
    path = Path(path)
    # Render first: a failure then leaves the disk untouched.
    page = render_html(results, title=title, meta=meta, periods=periods, profile=profile, claim=claim,
                       sensitivity=sensitivity, validation=validation, calibration=calibration)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        handle.write(page)
    return path
