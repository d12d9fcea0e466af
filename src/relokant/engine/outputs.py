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
- ``onward_moves_cum`` (moves): moves on to a further country since January 2022 (from a transit hub, or forced by a
  stay that ran out), cumulative; a person moving twice counts twice; geo ``WORLD``; monthly.
- ``status_share_<status>`` (share), one metric per legal status: ``status_share_visa_free`` (a stay without a permit:
  visa-free, or a short-stay visa where one is needed), ``status_share_permit`` (a temporary residence permit),
  ``status_share_permanent``, ``status_share_protection`` (humanitarian or asylum), ``status_share_irregular``
  (overstay): the share of the stock abroad (``stock_abroad``) at the place holding that status at the end of the
  month; places, ``EU27``, ``WORLD`` (shares of the summed stock); monthly. The five add up to 1 where anyone is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from relokant import geo
from relokant.engine.context import STATUSES
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
    **{f"status_share_{status}": "share" for status in STATUSES[1:]},
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


def _status_shares(result: SimulationResult, periods: list[str], draw: int) -> list[pd.DataFrame]:
    """``status_share_<status>`` rows: the status's stock over the stock, per place and for the sums."""
    parts = []
    stock = result.status_stock.sum(axis=2)
    for s, status in enumerate(STATUSES[1:], start=1):
        by_place = result.status_stock[:, :, s]
        columns = {code: _share(by_place[:, geo.index(code)], stock[:, geo.index(code)]) for code in geo.DESTINATIONS}
        columns["EU27"] = _share(by_place[:, geo.IS_EU].sum(axis=1), stock[:, geo.IS_EU].sum(axis=1))
        columns["WORLD"] = _share(by_place[:, 1:].sum(axis=1), stock[:, 1:].sum(axis=1))
        frame = pd.DataFrame(columns, index=periods)
        frame.index.name = "period"
        long = frame.reset_index().melt(id_vars="period", var_name="geo", value_name="value")
        long.insert(0, "metric", f"status_share_{status}")
        long.insert(0, "draw", draw)
        parts.append(long)
    return parts


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.divide(part, whole, out=np.zeros_like(part), where=whole > 0)


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
    parts += _status_shares(result, months, draw)
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
