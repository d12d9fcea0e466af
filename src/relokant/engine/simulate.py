"""The monthly step loop: population + scenario + parameters -> monthly stocks and flows.

Input: a ``Population``, a ``Scenario`` (its policy compiled by ``relokant.policy``), resolved parameters and a seed.
Output: a ``SimulationResult`` of weighted arrays (persons of the real population, EUR): stock abroad and capital
abroad by month and place, cumulative departures and returns, arrivals by month and place (for first permits), first
destinations of war-time leavers, capital leaving and returning to Russia and spent abroad by month, the stock
abroad by legal status, onward moves and forced exits by place, and what impact accounting reads: the stock abroad
by place and labour group (occupation x higher education), the part of it with a permit-type status (a right to
work), and the Russian earnings of those abroad by labour group. Each month is a handful of vectorized passes
(``modules``); the loop is over months only. Where numba is installed the passes over everyone are fused into two numba kernels per month
(``kernels``): the same persons move, and totals agree with the numpy reference to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from relokant import geo
from relokant.engine import modules
from relokant.engine.access import AccessTable
from relokant.engine.context import AT_HOME, SECURE_STATUSES, STATUSES, Context, State, build_context
from relokant.engine.regime import compile_regime
from relokant.population import OCCUPATIONS
from relokant.scenario import Scenario

try:  # the fused kernels need numba; without it the numpy reference runs
    from relokant.engine import kernels
except ImportError:  # pragma: no cover - numba is a dependency; this keeps the engine importable without it
    kernels = None

INVASION_MONTH = 1  # 2022-02: departures from this month on count as leaving "since 24 Feb 2022"

# Labour groups for impact accounting: occupation (relokant.population.OCCUPATIONS) x higher education.
LABOUR_GROUPS = tuple(f"{occupation}|{'higher_edu' if edu else 'no_higher_edu'}"
                      for occupation in OCCUPATIONS for edu in (False, True))


def labour_group(pop) -> np.ndarray:
    """Index into ``LABOUR_GROUPS`` per record."""
    return (pop.occupation.astype(np.int8) * 2 + pop.higher_edu).astype(np.int8)

# The order matters only within a month: people abroad at the start of the month may return or move on; then the
# capital of those abroad moves; then new departures.
STEPS = (modules.refresh_access, modules.status_clock, modules.returns, modules.onward_moves,
         modules.capital_transfers, modules.ordinary_departures, modules.war_departures)


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
    # Capital flows of Russia, EUR per month: moved abroad by emigrants, brought back by returnees, and spent abroad
    # on living costs. Moved out minus brought back minus spent, cumulated, is the capital abroad
    # (``capital_abroad_all_eur``).
    capital_outflow_eur: np.ndarray  # (months,)
    capital_repatriated_eur: np.ndarray  # (months,)
    capital_spent_eur: np.ndarray  # (months,)
    capital_abroad_all_eur: np.ndarray  # (months,) held abroad by every emigrant, January 2022 leavers included
    # Legal status, onward moves and forced exits (counted leavers abroad at the end of each month; flows weighted):
    status_stock: np.ndarray  # (months, places, STATUSES): persons by legal status where they are
    onward_from: np.ndarray  # (months, places): onward moves by the place left
    forced_exits: np.ndarray  # (months, places): stays run out with no permit or visa run (then move on/overstay/go)
    moved_abroad: np.ndarray  # (months,) counted leavers abroad who have moved on at least once
    moved_returned: np.ndarray  # (months,) counted returnees at home who had moved on at least once
    remote_abroad: np.ndarray  # (months,) counted war-time leavers abroad working remotely for a Russian employer
    # For impact accounting (relokant.accounting), counted leavers abroad at the end of each month:
    stock_by_group: np.ndarray  # (months, places, LABOUR_GROUPS): persons
    secure_stock: np.ndarray  # (months, places): persons with a permit, permanent residence or protection there
    home_earnings_abroad_rub_month: np.ndarray  # (months, LABOUR_GROUPS): their monthly income in Russia, RUB


def simulate(pop, scenario: Scenario, params: dict[str, float], seed: int, progress=None, *,
             fused: bool | None = None, access_table: AccessTable | None = None,
             checkpoint: Callable[[int, Callable[[], SimulationResult]], None] | None = None) -> SimulationResult:
    """Run the scenario month by month; ``progress(month_index)`` is called after each month if given.

    ``fused``: the numba kernels (default where numba is installed) or, False, the numpy reference ``STEPS``.
    ``access_table``: route access of this population kept across simulations (``AccessTable``: for many
    simulations of one small population, such as a calibration); the results are the same without it.
    ``checkpoint(month_index, result)``: called after each month with a function that returns the result so far
    (months not yet simulated are zero); it may raise to end the run early (a calibration rejecting a particle whose
    targets so far already miss)."""
    ctx = build_context(pop, scenario, compile_regime(scenario), params, seed, access_table)
    state = State.initial(pop)
    months = ctx.months
    stock = np.zeros((months, geo.N_PLACES))
    capital = np.zeros((months, geo.N_PLACES))
    departures_cum = np.zeros(months)
    returned_cum = np.zeros(months)
    accounts = _Accounts(pop, months)
    fast = kernels.Fused(ctx, state) if (kernels is not None if fused is None else fused) else None
    for month in range(months):
        if fast is None:
            for step in STEPS:
                step(ctx, state, month)
            _record(ctx, state, month, stock, capital, departures_cum, returned_cum, accounts)
        else:
            fast.step(ctx, state, month)
            _record_fused(fast, ctx, state, month, stock, capital, departures_cum, returned_cum, accounts)
        if progress is not None:
            progress(month)
        if checkpoint is not None:
            checkpoint(month, lambda: _result(pop, ctx, state, stock, capital, departures_cum, returned_cum,
                                              accounts))
    return _result(pop, ctx, state, stock, capital, departures_cum, returned_cum, accounts)


def _result(pop, ctx: Context, state: State, stock, capital, departures_cum, returned_cum, accounts
            ) -> SimulationResult:
    months = ctx.months
    return SimulationResult(
        months=months, stock_abroad=stock, capital_abroad_eur=capital, departures_cum=departures_cum,
        returned_cum=returned_cum, arrivals=ctx.arrivals, first_destinations=ctx.first_destinations,
        onward_cum=np.cumsum(ctx.onward), population_total=float(pop.weight.sum()), records=len(pop),
        left_month=state.left_month, war=state.war,
        capital_outflow_eur=ctx.capital_outflow_eur, capital_repatriated_eur=ctx.capital_repatriated_eur,
        capital_spent_eur=ctx.capital_spent_eur, capital_abroad_all_eur=accounts.capital_all,
        status_stock=accounts.status_stock, onward_from=ctx.onward_from, forced_exits=ctx.forced_exits,
        moved_abroad=accounts.moved_abroad, moved_returned=accounts.moved_returned,
        remote_abroad=accounts.remote_abroad,
        stock_by_group=accounts.stock_by_group, secure_stock=accounts.status_stock[:, :, SECURE_STATUSES].sum(axis=2),
        home_earnings_abroad_rub_month=accounts.home_earnings,
    )


class _Accounts:
    """Monthly tables for impact accounting and the status and move counts, filled by ``_record``."""

    def __init__(self, pop, months: int):
        self.group = labour_group(pop)
        self.income = pop.income_rub_month  # float32; widened per record where used
        self.stock_by_group = np.zeros((months, geo.N_PLACES, len(LABOUR_GROUPS)))
        self.status_stock = np.zeros((months, geo.N_PLACES, len(STATUSES)))
        self.home_earnings = np.zeros((months, len(LABOUR_GROUPS)))
        self.capital_all = np.zeros(months)
        self.moved_abroad = np.zeros(months)
        self.moved_returned = np.zeros(months)
        self.remote_abroad = np.zeros(months)

    def record(self, month: int, who: np.ndarray, state: State, weight: np.ndarray):
        place = state.location[who].astype(np.intp)
        group = self.group[who]
        cell = place * len(LABOUR_GROUPS) + group
        self.stock_by_group[month] = np.bincount(cell, weights=weight, minlength=self.stock_by_group[month].size
                                                 ).reshape(geo.N_PLACES, len(LABOUR_GROUPS))
        self.status_stock[month] = np.bincount(place * len(STATUSES) + state.status[who], weights=weight,
                                               minlength=geo.N_PLACES * len(STATUSES)
                                               ).reshape(geo.N_PLACES, len(STATUSES))
        self.home_earnings[month] = np.bincount(group, weights=weight * self.income[who].astype(np.float64),
                                                minlength=len(LABOUR_GROUPS))
        self.moved_abroad[month] = weight[state.moves[who] > 0].sum()
        self.remote_abroad[month] = weight[state.remote[who] & state.war[who]].sum()


def _record(ctx: Context, state: State, month: int, stock, capital, departures_cum, returned_cum,
            accounts: _Accounts) -> None:
    # Counted: everyone who left since the invasion (war-time leavers, and ordinary emigrants from 2022-02 on).
    counted = state.war | (state.left_month >= INVASION_MONTH)
    abroad = counted & (state.location != AT_HOME)
    weight = ctx.pop.weight
    stock[month] = np.bincount(state.location[abroad], weights=weight[abroad], minlength=geo.N_PLACES)
    ctx.diaspora = stock[month].copy()  # next month's choices see this month's diaspora
    capital[month] = np.bincount(state.location[abroad], weights=weight[abroad] * state.capital_abroad_eur[abroad],
                                 minlength=geo.N_PLACES)
    departures_cum[month] = weight[counted].sum()
    returned = counted & (state.returned_month >= 0)
    returned_cum[month] = weight[returned].sum()
    accounts.moved_returned[month] = weight[returned & (state.location == AT_HOME) & (state.moves > 0)].sum()
    everyone_abroad = state.location != AT_HOME
    accounts.capital_all[month] = float(np.dot(weight[everyone_abroad], state.capital_abroad_eur[everyone_abroad]))
    who = np.flatnonzero(abroad)
    accounts.record(month, who, state, weight[who])


def _record_fused(fast, ctx: Context, state: State, month: int, stock, capital, departures_cum, returned_cum,
                  accounts: _Accounts) -> None:
    """``_record`` in one numba pass (``kernels.record``)."""
    by_place, by_cell, by_status, by_group, totals = fast.record(ctx, state, accounts.group, accounts.income,
                                                                 INVASION_MONTH, geo.N_PLACES, len(LABOUR_GROUPS),
                                                                 len(STATUSES))
    stock[month], capital[month] = by_place
    ctx.diaspora = stock[month].copy()  # next month's choices see this month's diaspora
    (departures_cum[month], returned_cum[month], accounts.capital_all[month], accounts.moved_abroad[month],
     accounts.moved_returned[month], accounts.remote_abroad[month]) = totals
    accounts.stock_by_group[month] = by_cell
    accounts.status_stock[month] = by_status
    accounts.home_earnings[month] = by_group
