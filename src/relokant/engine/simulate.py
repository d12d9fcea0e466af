"""The monthly step loop: population + scenario + parameters -> monthly stocks and flows.

Input: a ``Population``, a ``Scenario`` (its policy compiled by ``relokant.policy``), resolved parameters and a seed.
Output: a ``SimulationResult`` of weighted arrays (persons of the real population, EUR): stock abroad and capital
abroad by month and place, cumulative departures and returns, arrivals by month and place (for first permits), first
destinations of war-time leavers. Each month is a handful of vectorized passes (``modules``); the loop is over
months only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from relokant import geo
from relokant.engine import modules
from relokant.engine.context import AT_HOME, Context, State, build_context
from relokant.engine.regime import compile_regime
from relokant.scenario import Scenario

INVASION_MONTH = 1  # 2022-02: departures from this month on count as leaving "since 24 Feb 2022"

# The order matters only within a month: people abroad at the start of the month may return or move on; then the
# capital of those abroad moves; then new departures.
STEPS = (modules.refresh_access, modules.returns, modules.onward_moves, modules.capital_transfers,
         modules.ordinary_departures, modules.war_departures)


@dataclass
class SimulationResult:
    months: int
    stock_abroad: np.ndarray  # (months, places): leavers since the invasion abroad at the end of each month
    capital_abroad_eur: np.ndarray  # (months, places)
    departures_cum: np.ndarray  # (months,)
    returned_cum: np.ndarray  # (months,)
    arrivals: np.ndarray  # (months, places): arrivals of adults (first departures and onward moves)
    first_destinations: np.ndarray  # (months, places): war-time leavers by first destination
    onward_cum: np.ndarray  # (months,)
    population_total: float
    records: int
    # Per record, for profiling who left (see ``relokant.engine.outputs.leaver_profile``): month index of the first
    # departure (-1 never left) and whether that departure was war-time (not ordinary emigration).
    left_month: np.ndarray
    war: np.ndarray


def simulate(pop, scenario: Scenario, params: dict[str, float], seed: int, progress=None) -> SimulationResult:
    """Run the scenario month by month; ``progress(month_index)`` is called after each month if given."""
    ctx = build_context(pop, scenario, compile_regime(scenario), params, seed)
    state = State.initial(pop)
    months = ctx.months
    stock = np.zeros((months, geo.N_PLACES))
    capital = np.zeros((months, geo.N_PLACES))
    departures_cum = np.zeros(months)
    returned_cum = np.zeros(months)
    for month in range(months):
        for step in STEPS:
            step(ctx, state, month)
        _record(ctx, state, month, stock, capital, departures_cum, returned_cum)
        if progress is not None:
            progress(month)
    return SimulationResult(
        months=months, stock_abroad=stock, capital_abroad_eur=capital, departures_cum=departures_cum,
        returned_cum=returned_cum, arrivals=ctx.arrivals, first_destinations=ctx.first_destinations,
        onward_cum=np.cumsum(ctx.onward), population_total=float(pop.weight.sum()), records=len(pop),
        left_month=state.left_month, war=state.war,
    )


def _record(ctx: Context, state: State, month: int, stock, capital, departures_cum, returned_cum) -> None:
    # Counted: everyone who left since the invasion (war-time leavers, and ordinary emigrants from 2022-02 on).
    counted = state.war | (state.left_month >= INVASION_MONTH)
    abroad = counted & (state.location != AT_HOME)
    weight = ctx.pop.weight
    stock[month] = np.bincount(state.location[abroad], weights=weight[abroad], minlength=geo.N_PLACES)
    capital[month] = np.bincount(state.location[abroad], weights=weight[abroad] * state.capital_abroad_eur[abroad],
                                 minlength=geo.N_PLACES)
    departures_cum[month] = weight[counted].sum()
    returned_cum[month] = weight[counted & (state.returned_month >= 0)].sum()
