"""Metrics of the output contract from a ``SimulationResult``: tidy rows (draw, metric, geo, period, value, unit).

Published metric names (stable once published):
- ``stock_abroad`` (persons): people who left since 24 Feb 2022 and are abroad at the end of the month; geo = place
  code, ``EU27`` or ``WORLD``; period ``YYYY-MM``.
- ``departures_cum``, ``returned_cum`` (persons): WORLD, monthly.
- ``first_permits`` (permits): first residence permits to Russian citizens as Eurostat counts them (every reason,
  every arrival in a country, minors included via ``permits_per_adult_arrival``); EU countries and ``EU27``; period
  ``YYYY``, complete years only.
- ``capital_abroad_eur`` (EUR): capital moved abroad by leavers, where they are; places, ``EU27``, ``WORLD``; monthly.
- ``capital_outflow_ru_eur`` (EUR): capital moved out of Russia by emigrants since January 2022, cumulative and gross
  (what returnees bring back is not subtracted); geo ``RU``; monthly.
- ``onward_moves_cum`` (moves): moves from a transit hub to a further country since January 2022, cumulative; a
  person moving twice counts twice; geo ``WORLD``; monthly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from relokant import geo
from relokant.engine.simulate import SimulationResult
from relokant.scenario.model import month_label

METRICS = {
    "stock_abroad": "persons",
    "departures_cum": "persons",
    "returned_cum": "persons",
    "first_permits": "permits",
    "capital_abroad_eur": "EUR",
    "capital_outflow_ru_eur": "EUR",
    "onward_moves_cum": "moves",
}


def _by_place(metric: str, values: np.ndarray, periods: list[str], draw: int) -> list[pd.DataFrame]:
    """Rows for each destination and for the EU27 and WORLD sums of a (periods, places) array."""
    columns = {code: values[:, geo.index(code)] for code in geo.DESTINATIONS}
    columns["EU27"] = values[:, geo.IS_EU].sum(axis=1)
    columns["WORLD"] = values[:, 1:].sum(axis=1)
    frame = pd.DataFrame(columns, index=periods)
    frame.index.name = "period"
    long = frame.reset_index().melt(id_vars="period", var_name="geo", value_name="value")
    long.insert(0, "metric", metric)
    long.insert(0, "draw", draw)
    return [long]


def metrics_frame(result: SimulationResult, params: dict[str, float], draw: int = 0) -> pd.DataFrame:
    months = [month_label(m) for m in range(result.months)]
    parts: list[pd.DataFrame] = []
    parts += _by_place("stock_abroad", result.stock_abroad, months, draw)
    parts += _by_place("capital_abroad_eur", result.capital_abroad_eur, months, draw)
    for metric, series, where in (("departures_cum", result.departures_cum, "WORLD"),
                                  ("returned_cum", result.returned_cum, "WORLD"),
                                  ("capital_outflow_ru_eur", np.cumsum(result.capital_outflow_eur), "RU"),
                                  ("onward_moves_cum", result.onward_cum, "WORLD")):
        parts.append(pd.DataFrame({"draw": draw, "metric": metric, "period": months, "geo": where,
                                   "value": series}))
    complete_years = result.months // 12
    if complete_years:
        yearly = result.arrivals[: complete_years * 12].reshape(complete_years, 12, -1).sum(axis=1)
        permits = yearly * params["permits_per_adult_arrival"]
        years = [str(2022 + y) for y in range(complete_years)]
        eu_rows = _by_place("first_permits", permits, years, draw)[0]
        parts.append(eu_rows[eu_rows["geo"].isin((*geo.EU27, "EU27"))])
    frame = pd.concat(parts, ignore_index=True)
    frame["unit"] = frame["metric"].map(METRICS)
    frame["draw"] = frame["draw"].astype(np.int64)
    return frame[["draw", "metric", "geo", "period", "value", "unit"]]
