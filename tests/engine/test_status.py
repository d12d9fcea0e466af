"""Legal status over time, onward moves, return drivers and capital rules (``relokant.engine.modules``)."""

import importlib

import numpy as np
import pytest

from relokant import geo
from relokant.engine import modules, simulate
from relokant.engine.context import (IRREGULAR, NO_CLOCK, PERMANENT, PERMIT, STATUSES, VISA_FREE, State,
                                     build_context)
from relokant.engine.regime import compile_regime
from relokant.scenario.model import month_index

KZ, GE, TR, DE = (geo.index(code) for code in ("KZ", "GE", "TR", "DE"))


@pytest.fixture(scope="module")
def base_run(small_population, baseline, default_params):
    return simulate(small_population, baseline, default_params, seed=4)


def test_status_stock_adds_up_to_the_stock_abroad(base_run):
    assert base_run.status_stock.shape[2] == len(STATUSES)
    np.testing.assert_allclose(base_run.status_stock.sum(axis=2), base_run.stock_abroad, rtol=1e-9, atol=1e-6)
    assert np.all(base_run.status_stock[:, :, 0] == 0)  # nobody abroad is without a status
    assert base_run.status_stock[-1, geo.IS_EU, PERMIT].sum() > 0


def test_visa_free_limit_forces_exits_where_no_visa_run_is_allowed(base_run):
    """The rules decide: Georgia's year-long stay restarts on a visa run, so nobody is forced out; Turkey's 60 days
    do not restart, so stays run out from the first months; Kazakhstan's 90 days restarted on a visa run until
    2023-01-27 and no longer from then."""
    forced = base_run.forced_exits
    assert forced[:, GE].sum() == 0
    assert forced[: month_index("2022-06"), TR].sum() > 0
    kz_change = month_index("2023-01")
    assert forced[:kz_change, KZ].sum() == 0
    assert forced[kz_change:, KZ].sum() > 0


def _run_reference(ctx, population, last_month: str) -> State:
    """The numpy reference steps over a given context (no end-of-month records: networks stay at zero)."""
    steps = importlib.import_module("relokant.engine.simulate").STEPS
    state = State.initial(population)
    for month in range(month_index(last_month) + 1):
        for step in steps:
            step(ctx, state, month)
    return state


def test_a_limit_without_visa_runs_forces_exits_and_empties_the_place(small_population, baseline, default_params):
    args = (small_population, baseline, compile_regime(baseline), default_params, 4)
    usual = build_context(*args)
    in_georgia = (_run_reference(usual, small_population, "2023-12").location == GE).sum()
    strict = build_context(*args)
    strict.visa_run[:, GE] = False  # Georgia as if leaving and re-entering did not restart the year-long stay
    state = _run_reference(strict, small_population, "2023-12")
    assert usual.forced_exits[:, GE].sum() == 0 and strict.forced_exits[:, GE].sum() > 0
    assert (state.location == GE).sum() < 0.8 * in_georgia


def _abroad(ctx, state, who, place, status, until, month):
    state.location[who] = place
    state.left_month[who] = 0
    state.arrival_month[who] = 0
    state.war[who] = True
    state.status[who] = status
    state.status_until[who] = until


def test_status_clock_decisions(small_population, baseline, default_params):
    """Each branch of the clock: permanent after the qualifying time, a permit for those who qualify, a visa run,
    and forced exits split into onward moves, overstays and returns."""
    params = {**default_params, "permit_unencoded_share_visa_countries": 0.0,
              "permit_unencoded_share_visa_free_countries": 0.0}
    ctx = build_context(small_population, baseline, compile_regime(baseline), params, seed=2)
    state = State.initial(small_population)
    month = 30
    n = 3000
    permanent, qualifies, visa_run, forced = (np.arange(k * n, (k + 1) * n) for k in range(4))
    _abroad(ctx, state, permanent, DE, PERMIT, month, month)
    state.permit_since[permanent] = month - int(params["months_to_permanent"])
    _abroad(ctx, state, qualifies, DE, VISA_FREE, month, month)
    state.permit_here[qualifies] = 1.0  # eligible for a permit route there
    _abroad(ctx, state, visa_run, GE, VISA_FREE, month, month)
    _abroad(ctx, state, forced, DE, VISA_FREE, month - 1, month)  # ran out last month, no permit access
    modules.status_clock(ctx, state, month)

    assert np.all(state.status[permanent] == PERMANENT) and np.all(state.status_until[permanent] == NO_CLOCK)
    assert np.all(state.status[qualifies] == PERMIT)
    assert np.all(state.status_until[qualifies] == month + int(params["permit_validity_months"]))
    assert np.all(state.permit_since[qualifies] == month)
    assert np.all(state.status[visa_run] == VISA_FREE) and np.all(state.location[visa_run] == GE)
    assert np.all(state.status_until[visa_run] == month + ctx.stay_limit_months[month, GE])
    moved = state.location[forced] != DE
    home = state.location[forced] == 0
    overstay = state.status[forced] == IRREGULAR
    assert np.all(moved | overstay) and not np.any(overstay & moved)
    shares = np.array([(moved & ~home).mean(), overstay.mean(), home.mean()])
    expected = np.array([params["forced_exit_onward_share"], params["forced_exit_irregular_share"],
                         1 - params["forced_exit_onward_share"] - params["forced_exit_irregular_share"]])
    np.testing.assert_allclose(shares, expected, atol=0.03)
    assert np.all(state.returned_month[forced][home] == month)
    assert ctx.forced_exits[month, DE] == pytest.approx(small_population.weight[forced].sum())


def test_card_raises_eu_stock_and_lowers_transit_stocks(small_population, baseline, case_proposal, default_params):
    base = simulate(small_population, baseline, default_params, seed=5)
    card = simulate(small_population, case_proposal, default_params, seed=5)
    hubs = [geo.index(code) for code in geo.TRANSIT_HUBS]
    assert card.stock_abroad[-1, geo.IS_EU].sum() > base.stock_abroad[-1, geo.IS_EU].sum()
    assert card.stock_abroad[-1, hubs].sum() < base.stock_abroad[-1, hubs].sum()
    start = month_index("2025-01")
    assert card.onward_from[start:, hubs].sum() > base.onward_from[start:, hubs].sum()  # eligibility in the EU


def test_running_out_of_savings_brings_people_home(small_population, baseline, default_params):
    cheap = simulate(small_population, baseline, {**default_params, "living_cost_eur_month_west": 0.0,
                                                  "living_cost_eur_month_other": 0.0}, seed=6)
    dear = simulate(small_population, baseline, {**default_params, "living_cost_eur_month_west": 4000.0,
                                                 "living_cost_eur_month_other": 3000.0}, seed=6)
    assert cheap.capital_spent_eur.sum() == 0
    assert dear.capital_spent_eur.sum() > 0
    assert dear.returned_cum[-1] > 1.05 * cheap.returned_cum[-1]


def test_remote_jobs_are_lost_over_time(base_run, small_population):
    share = base_run.remote_abroad / np.maximum(base_run.stock_abroad[:, 1:].sum(axis=1), 1.0)
    peak = int(np.argmax(share))
    assert share[peak] > 0.05 and share[-1] < share[peak]


def test_mobilization_keeps_draft_exposed_men_abroad(small_population, baseline, default_params):
    """A home-side event: with the draft factor at 1 (no fear of call-up), more go home after September 2022."""
    fearless = simulate(small_population, baseline,
                        {**default_params, "return_or_draft_exposed_after_mobilization": 1.0}, seed=8)
    fearful = simulate(small_population, baseline,
                       {**default_params, "return_or_draft_exposed_after_mobilization": 0.3}, seed=8)
    assert fearless.returned_cum[-1] > fearful.returned_cum[-1]


def test_deposit_cap_binds_without_a_permit_and_not_with_one(small_population, baseline, case_proposal,
                                                             default_params):
    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, seed=1)
    state = State.initial(small_population)
    month = 20
    cap = ctx.deposit_cap_eur[month, DE]
    assert cap == 100_000
    who = np.arange(2000)
    _abroad(ctx, state, who, DE, VISA_FREE, month + 3, month)
    state.liquid_home_usd[who] = 1e7  # far above the cap
    modules._move_capital(ctx, state, who, month, 0.5)
    assert np.all(state.capital_abroad_eur[who] <= cap + 1e-6)
    state.status[who] = PERMIT  # Art. 5b(3): permit holders are exempt
    modules._move_capital(ctx, state, who, month, 0.5)
    assert np.all(state.capital_abroad_eur[who] > cap)
    # the CASE proposal lifts the cap from 2025
    reform = build_context(small_population, case_proposal, compile_regime(case_proposal), default_params, seed=1)
    assert np.isinf(reform.deposit_cap_eur[month_index("2025-01"), DE])
    assert reform.deposit_cap_eur[month_index("2024-12"), DE] == 100_000


def test_illiquid_wealth_is_sold_into_liquid_wealth(small_population, baseline, default_params):
    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, seed=1)
    state = State.initial(small_population)
    who = np.arange(500)
    _abroad(ctx, state, who, GE, VISA_FREE, NO_CLOCK, 10)
    state.illiquid_home_usd[who] = 100_000.0
    state.liquid_home_usd[who] = 0.0
    modules.capital_month(ctx, state, who, 10)
    sold = 100_000.0 * default_params["illiquid_sale_hazard"]
    np.testing.assert_allclose(state.illiquid_home_usd[who], 100_000.0 - sold, rtol=1e-6)
    # what was sold, net of the discount, is in Russia, or abroad less what was spent there
    total = state.liquid_home_usd[who] + state.capital_abroad_eur[who] * default_params["usd_per_eur"]
    assert np.all(total <= sold * (1 - default_params["illiquid_sale_discount"]) + 1e-6)
    assert np.all(state.liquid_home_usd[who] > 0)
