"""The input of every report: one scenario run's summary of metrics, and typed look-ups into it.

A ``RunResult`` holds what the engine and the run store publish for one run (see the output contract in DESIGN.md):
a long table with columns metric, geo, period, unit, p05, p50, p95, values in persons / permits / EUR of the real
population. The helpers here return one metric for one geo as a period-indexed frame of quantiles, so tables and
plots never repeat the filtering, and they turn user mistakes (a missing column, an unknown period) into
``InputError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from relokant.errors import InputError
from relokant.geo import DESTINATIONS, REST_OF_WORLD

SUMMARY_COLUMNS: tuple[str, ...] = ("metric", "geo", "period", "unit", "p05", "p50", "p95")
QUANTILES: tuple[str, ...] = ("p05", "p50", "p95")
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class RunResult:
    """One scenario run: its scenario name, run id and summary table (one row per metric × geo × period)."""

    name: str
    run_id: str
    summary: pd.DataFrame

    def __post_init__(self) -> None:
        missing = [c for c in SUMMARY_COLUMNS if c not in self.summary.columns]
        if missing:
            raise InputError(f"run {self.run_id!r} ({self.name}): summary lacks column(s) {', '.join(missing)} "
                             f"(expected {', '.join(SUMMARY_COLUMNS)})")

    def series(self, metric: str, geo: str) -> pd.DataFrame:
        """Quantiles p05/p50/p95 of one metric for one geo, indexed by period in time order (empty if absent)."""
        s = self.summary
        rows = s[(s["metric"] == metric) & (s["geo"] == geo)]
        frame = rows.set_index(rows["period"].astype(str))[list(QUANTILES)].astype(float)
        frame.index.name = "period"
        return frame[~frame.index.duplicated(keep="last")].sort_index()

    def months(self) -> list[str]:
        """Monthly periods of the WORLD stock abroad, in time order: the run's timeline."""
        return list(self.series("stock_abroad", "WORLD").index)

    def horizon(self) -> str:
        """Last month of the run."""
        months = self.months()
        if not months:
            raise InputError(f"run {self.run_id!r} ({self.name}): summary has no stock_abroad for WORLD")
        return months[-1]


def scenario_labels(results: list[RunResult]) -> list[str]:
    """Column and legend label of each run: its scenario name, with the run id added where names repeat."""
    if not results:
        raise InputError("no runs to report on: pass at least one run result")
    names = [r.name for r in results]
    repeated = [r for r in results if names.count(r.name) > 1]
    if not repeated:
        return names
    # Two runs of one scenario (e.g. other seeds) must stay apart in tables and legends: add the shortest run-id
    # prefix (8 characters at least) that tells them apart, or the run's position if even the ids repeat.
    longest = max(len(r.run_id) for r in repeated)
    for width in range(8, longest + 1):
        tags = [f"{r.name} [{r.run_id[:width]}]" for r in repeated]
        if len(set(tags)) == len(tags):
            break
    else:
        return [f"{r.name} [#{i + 1}]" if names.count(r.name) > 1 else r.name for i, r in enumerate(results)]
    return [f"{r.name} [{r.run_id[:width]}]" if names.count(r.name) > 1 else r.name for r in results]


def check_month(period: str) -> str:
    """A period given by the user, checked to be a month 'YYYY-MM'."""
    if not MONTH_PATTERN.match(str(period)):
        raise InputError(f"period {period!r} is not a month: write it as YYYY-MM, e.g. 2024-07")
    return str(period)


def main_destinations(result: RunResult, count: int = 8) -> list[str]:
    """The ``count`` places with most people at the run's horizon (median), largest first.

    The rest-of-world bucket is left out: it is not a place a reader can look up, and it shows in "others".
    """
    horizon = result.horizon()
    s = result.summary
    at_horizon = s[(s["metric"] == "stock_abroad") & (s["period"].astype(str) == horizon)]
    stock = at_horizon.set_index("geo")["p50"].astype(float)
    candidates = [p for p in DESTINATIONS if p != REST_OF_WORLD and p in stock.index]
    order = {p: i for i, p in enumerate(DESTINATIONS)}
    # Ties break by the place order of relokant.geo so the choice is the same on every machine.
    ranked = sorted(candidates, key=lambda p: (-stock[p], order[p]))
    return ranked[:count]
