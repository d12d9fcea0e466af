"""The summary table: the headline indicators of several scenario runs at chosen months, side by side.

``summary_table(results, periods)`` returns a pandas DataFrame of display strings. Rows: people abroad in the main
destinations (the 8 largest places at the first run's horizon), in the EU27 and in the world; the returned share;
EU27 first permits in the calendar year of each period; capital abroad in the world and the EU27. Columns: a
MultiIndex (period, scenario), so each period groups the scenarios next to each other. ``render_summary`` turns that
frame into a rich Table for the terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
from rich.table import Table

from relokant.errors import InputError
from relokant.geo import NAMES
from relokant.report.formatting import MISSING, human_quantity, human_share
from relokant.report.results import RunResult, check_month, main_destinations, scenario_labels

MAIN_DESTINATION_COUNT = 8
CAPTION = ("Median over draws, with the 5–95% range in brackets where draws differ. Abroad = persons who left Russia "
           "since 2022-02-24 and are abroad at the end of the month. Permits count the calendar year of the period. "
           f"{MISSING} = not in that run.")

Cell = Callable[[RunResult, str], str]


def _quantiles_at(result: RunResult, metric: str, geo: str, period: str) -> tuple[float, float, float] | None:
    series = result.series(metric, geo)
    if period not in series.index:
        return None
    row = series.loc[period]
    return float(row["p05"]), float(row["p50"]), float(row["p95"])


def _quantity(metric: str, geo: str, period_of: Callable[[str], str] = lambda p: p) -> Cell:
    def cell(result: RunResult, period: str) -> str:
        q = _quantiles_at(result, metric, geo, period_of(period))
        return human_quantity(*q) if q else MISSING
    return cell


def _returned_share(result: RunResult, period: str) -> str:
    # Quantiles of a ratio cannot be recovered from the quantiles of its parts, so only the ratio of medians is
    # shown; an interval here would need the engine to publish the share per draw.
    returned = _quantiles_at(result, "returned_cum", "WORLD", period)
    departed = _quantiles_at(result, "departures_cum", "WORLD", period)
    if not returned or not departed or departed[1] <= 0:
        return MISSING
    return human_share(math.nan, returned[1] / departed[1], math.nan)


def _rows(first: RunResult) -> list[tuple[str, Cell]]:
    destinations = main_destinations(first, MAIN_DESTINATION_COUNT)
    rows: list[tuple[str, Cell]] = [(f"Abroad: {NAMES[code]}", _quantity("stock_abroad", code))
                                    for code in destinations]
    rows += [
        ("Abroad: EU27", _quantity("stock_abroad", "EU27")),
        ("Abroad: world", _quantity("stock_abroad", "WORLD")),
        ("Returned share of departures (ratio of medians)", _returned_share),
        ("EU27 first permits in the period's year", _quantity("first_permits", "EU27", lambda p: p[:4])),
        ("Capital abroad, world (EUR)", _quantity("capital_abroad_eur", "WORLD")),
        ("Capital abroad, EU27 (EUR)", _quantity("capital_abroad_eur", "EU27")),
    ]
    return rows


def summary_table(results: list[RunResult], periods: Sequence[str]) -> pd.DataFrame:
    """Headline indicators of each run at each month in ``periods`` ('YYYY-MM'), as formatted strings.

    Index: indicator labels. Columns: MultiIndex (period, scenario) in the order given. The main destinations are
    chosen once, from the first run, so every scenario is read on the same places.
    """
    labels = scenario_labels(results)
    periods = [check_month(p) for p in periods]
    if not periods:
        raise InputError("no periods for the summary table: give at least one month, e.g. 2024-07")
    for period in periods:
        if not any(period in r.months() for r in results):
            first = results[0].months()
            span = f"{first[0]} to {first[-1]}" if first else "no months"
            raise InputError(f"period {period} is in none of the runs (run {results[0].run_id!r} covers {span})")

    rows = _rows(results[0])
    columns = pd.MultiIndex.from_tuples([(p, label) for p in periods for label in labels],
                                        names=["period", "scenario"])
    data = [[cell(result, period) for period in periods for result in results] for _, cell in rows]
    return pd.DataFrame(data, index=pd.Index([name for name, _ in rows], name="indicator"), columns=columns)


def render_summary(df: pd.DataFrame, *, title: str = "Scenario summary") -> Table:
    """The summary frame as a rich Table: one column per (period, scenario), the header on two lines."""
    table = Table(title=title, caption=CAPTION, caption_justify="left", show_lines=False)
    table.add_column(df.index.name or "indicator", justify="left", no_wrap=True)
    for column in df.columns:
        header = "\n".join(str(part) for part in column) if isinstance(column, tuple) else str(column)
        table.add_column(header, justify="right", no_wrap=True)
    for label, values in df.iterrows():
        table.add_row(str(label), *(str(v) for v in values))
    return table
