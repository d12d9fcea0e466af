"""Impact metrics of the output contract: tidy rows (draw, metric, geo, period, value, unit) like the engine's.

Job: publish the accounts (``relokant.accounting.accounts``) under stable metric names.
Inputs: a ``SimulationResult`` and the run's resolved parameters. Output: ``metrics_frame(result, params, draw)``.

Metrics (``METRICS`` gives the units):
- ``employed_abroad`` (persons): leavers since 24 Feb 2022 employed in the place at the end of the month (work
  rights x employment probability); places, ``EU27``, ``WORLD``; period ``YYYY-MM``.
- ``fiscal_balance_eur`` (EUR per year): taxes and contributions on their earnings minus the public costs they cause
  minus social benefits (only where routes grant them); places, ``EU27``, ``WORLD``; period ``YYYY``, complete
  calendar years only.
- ``firms_founded`` (firms): firms registered by the leavers since January 2022, cumulative; places, ``EU27``,
  ``WORLD``; period ``YYYY-MM`` (monthly, like the other cumulative metrics).
- ``labour_force_loss_ru`` (persons): members of Russia's labour force abroad at the end of the month; geo ``RU``;
  ``YYYY-MM``.
- ``output_loss_ru_eur`` (EUR per year): Russia's output lost with them (their earnings / labour share of GDP);
  geo ``RU``; ``YYYY``, complete years.
Values are point estimates at the central rates; the rates' low/high are in ``declarations.table(params)``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from relokant import geo
from relokant.accounting.accounts import account
from relokant.engine.simulate import SimulationResult
from relokant.scenario.model import month_label

METRICS = {
    "employed_abroad": "persons",
    "fiscal_balance_eur": "EUR per year",
    "firms_founded": "firms",
    "labour_force_loss_ru": "persons",
    "output_loss_ru_eur": "EUR per year",
}


def _by_place(metric: str, values: np.ndarray, periods: list[str], draw: int) -> pd.DataFrame:
    """Rows for each destination and for the EU27 and WORLD sums of a (periods, places) array."""
    columns = {code: values[:, geo.index(code)] for code in geo.DESTINATIONS}
    columns["EU27"] = values[:, geo.IS_EU].sum(axis=1)
    columns["WORLD"] = values[:, 1:].sum(axis=1)
    frame = pd.DataFrame(columns, index=pd.Index(periods, name="period"))
    long = frame.reset_index().melt(id_vars="period", var_name="geo", value_name="value")
    long.insert(0, "metric", metric)
    long.insert(0, "draw", draw)
    return long


def metrics_frame(result: SimulationResult, params: dict[str, float], draw: int = 0,
                  benefit_eligible_share=None) -> pd.DataFrame:
    """The impact metrics of one run (see the module docstring); ``benefit_eligible_share`` as in ``account``."""
    acc = account(result, params, benefit_eligible_share=benefit_eligible_share)
    months = [month_label(m) for m in range(acc.months)]
    years = acc.complete_years()
    parts = [_by_place("employed_abroad", acc.employed, months, draw),
             _by_place("firms_founded", acc.firms_founded_cum, months, draw)]
    if years:
        parts.append(_by_place("fiscal_balance_eur", acc.yearly(acc.fiscal_balance_eur_month), years, draw))
        parts.append(pd.DataFrame({"draw": draw, "metric": "output_loss_ru_eur", "period": years, "geo": "RU",
                                   "value": acc.yearly(acc.ru_output_lost_eur_month)}))
    parts.append(pd.DataFrame({"draw": draw, "metric": "labour_force_loss_ru", "period": months, "geo": "RU",
                               "value": acc.ru_labour_force_lost}))
    frame = pd.concat(parts, ignore_index=True)
    frame["unit"] = frame["metric"].map(METRICS)
    frame["draw"] = frame["draw"].astype(np.int64)
    return frame[["draw", "metric", "geo", "period", "value", "unit"]]
