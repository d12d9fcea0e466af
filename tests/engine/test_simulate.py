import numpy as np
import pandas as pd
import pytest

from relokant import geo
from relokant.engine import metrics_frame, simulate
from relokant.engine.context import State, build_context, capability
from relokant.engine.regime import compile_regime
from relokant.scenario.model import month_index


def test_identical_policies_give_identical_metrics(small_population, baseline, default_params):
    """Common random numbers: a renamed copy of a scenario gives exactly the same metrics."""
    copy = baseline.model_copy(update={"name": "baseline-copy", "description": "same policies"})
    a = metrics_frame(simulate(small_population, baseline, default_params, seed=11), default_params)
    b = metrics_frame(simulate(small_population, copy, default_params, seed=11), default_params)
    pd.testing.assert_frame_equal(a, b)


def test_policy_change_only_affects_months_after_it(small_population, baseline, case_proposal, default_params):
    base = simulate(small_population, baseline, default_params, seed=5)
    reform = simulate(small_population, case_proposal, default_params, seed=5)
    card = month_index("2025-01")
    np.testing.assert_array_equal(base.stock_abroad[:card], reform.stock_abroad[:card])
    eu_base = base.stock_abroad[-1, geo.IS_EU].sum()
    eu_reform = reform.stock_abroad[-1, geo.IS_EU].sum()
    assert eu_reform > 1.01 * eu_base  # within a year the card makes the EU more attractive
    assert reform.capital_abroad_eur[-1, geo.IS_EU].sum() > base.capital_abroad_eur[-1, geo.IS_EU].sum()


def test_no_person_created_or_lost(small_population, baseline, default_params):
    """Conservation: every month, people at home plus people abroad (any cohort) equal the population."""
    months_seen = []

    def check(month):
        months_seen.append(month)

    result = simulate(small_population, baseline, default_params, seed=3, progress=check)
    assert months_seen == list(range(baseline.months))
    total = small_population.weight.sum()
    assert result.population_total == total
    # Everyone counted as a leaver is either abroad or has returned.
    abroad = result.stock_abroad[:, 1:].sum(axis=1)
    np.testing.assert_allclose(abroad + result.returned_cum, result.departures_cum, rtol=1e-9)
    assert np.all(np.diff(result.departures_cum) >= 0)
    assert np.all(result.departures_cum <= total)


def test_state_conservation_in_the_step_loop(small_population, baseline, default_params):
    from relokant.engine.simulate import STEPS

    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, seed=2)
    state = State.initial(small_population)
    for month in range(baseline.months):
        for step in STEPS:
            step(ctx, state, month)
        assert state.location.min() >= 0 and state.location.max() < geo.N_PLACES
        left = state.left_month >= 0
        assert np.all(state.location[~left] == 0)  # nobody abroad without a departure
        returned = state.returned_month >= 0
        assert np.all(state.location[returned] == 0)
    assert len(state.location) == len(small_population)


def test_mobilization_wave_is_concentrated_among_draft_exposed_men(small_population, baseline, default_params):
    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, seed=1)
    october = month_index("2022-10")
    assert ctx.shock_draft[october] > 0
    assert ctx.shock_draft[: month_index("2022-09")].sum() == 0
    result_state = State.initial(small_population)
    from relokant.engine.simulate import STEPS

    for month in range(october + 1):
        for step in STEPS:
            step(ctx, result_state, month)
    wave = (result_state.left_month >= month_index("2022-09")) & result_state.war
    w = small_population.weight
    draft_share_wave = w[wave & small_population.draft_exposed].sum() / w[wave].sum()
    draft_share_pop = w[small_population.draft_exposed].sum() / w.sum()
    assert draft_share_wave > 0.6 > draft_share_pop


def test_capability_is_normalised_to_a_weighted_mean_of_one(small_population, default_params):
    c = capability(small_population, default_params)
    assert np.isclose(np.average(c, weights=small_population.weight), 1.0)
    it = small_population.occupation == 0
    assert c[it].mean() > c[~it].mean()


def test_without_passport_only_internal_passport_places(small_population, baseline, default_params):
    result_ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, seed=4)
    state = State.initial(small_population)
    from relokant.engine.simulate import STEPS

    for month in range(month_index("2022-12") + 1):
        for step in STEPS:
            step(result_ctx, state, month)
    no_passport = ~small_population.passport & state.war & (state.moves == 0) & (state.location > 0)
    assert no_passport.sum() > 0
    reachable = {geo.index(c) for c in ("AM", "KZ", "KG")}
    assert set(np.unique(state.location[no_passport])) <= reachable


def test_metrics_frame_follows_the_contract(small_population, baseline, default_params):
    result = simulate(small_population, baseline, default_params, seed=9)
    frame = metrics_frame(result, default_params, draw=2)
    assert list(frame.columns) == ["draw", "metric", "geo", "period", "value", "unit"]
    assert set(frame["draw"]) == {2}
    stock = frame[frame.metric == "stock_abroad"]
    assert set(stock.geo) == {*geo.DESTINATIONS, "EU27", "WORLD"}
    assert stock.period.nunique() == baseline.months
    permits = frame[frame.metric == "first_permits"]
    assert set(permits.geo) == {*geo.EU27, "EU27"}
    assert set(permits.period) == {"2022", "2023", "2024", "2025"}
    last = stock[stock.period == "2025-12"].set_index("geo")["value"]
    assert np.isclose(last["EU27"], last[list(geo.EU27)].sum())
    assert np.isclose(last["WORLD"], last[list(geo.DESTINATIONS)].sum())
    assert not frame.duplicated(["draw", "metric", "geo", "period"]).any()


def test_capital_leaving_russia_equals_capital_abroad(small_population, baseline, default_params):
    result = simulate(small_population, baseline, default_params, 11)
    net_outflow = np.cumsum(result.capital_outflow_eur - result.capital_repatriated_eur - result.capital_spent_eur)
    np.testing.assert_allclose(net_outflow, result.capital_abroad_all_eur, rtol=1e-9, atol=1.0)
    assert result.capital_repatriated_eur.sum() > 0  # returnees bring capital home
    assert result.capital_spent_eur.sum() > 0  # emigrants live on their savings
    # the counted leavers' capital (the metric) is part of everyone's
    assert np.all(result.capital_abroad_eur.sum(axis=1) <= result.capital_abroad_all_eur * (1 + 1e-9) + 1.0)


def test_accounting_tables_add_up_to_the_stock(small_population, baseline, default_params):
    from relokant.engine.simulate import LABOUR_GROUPS

    result = simulate(small_population, baseline, default_params, 11)
    assert result.stock_by_group.shape == (result.months, result.stock_abroad.shape[1], len(LABOUR_GROUPS))
    np.testing.assert_allclose(result.stock_by_group.sum(axis=2), result.stock_abroad, rtol=1e-9, atol=1e-6)
    assert np.all(result.secure_stock <= result.stock_abroad + 1e-6) and result.secure_stock.sum() > 0
    it_graduates = LABOUR_GROUPS.index("it|higher_edu")
    abroad = result.stock_abroad.sum(axis=1)
    assert result.home_earnings_abroad_rub_month[-1].sum() > 0
    # IT graduates earn above the average leaver in Russia
    per_person = result.home_earnings_abroad_rub_month[-1] / np.maximum(result.stock_by_group[-1].sum(axis=0), 1e-9)
    assert per_person[it_graduates] > result.home_earnings_abroad_rub_month[-1].sum() / abroad[-1]


def test_network_factor_grows_with_the_diaspora(small_population, baseline, default_params):
    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, 1)
    np.testing.assert_array_equal(ctx.network_factor(), np.ones(geo.N_PLACES))  # nobody has left yet
    ge = geo.index("GE")
    ctx.diaspora[ge] = ctx.prewar_diaspora[ge]
    assert ctx.network_factor()[ge] == 2.0 ** default_params["network_elasticity"] > 1.0
    ctx.diaspora[ge] *= 3
    assert ctx.network_factor()[ge] == 4.0 ** default_params["network_elasticity"]
    assert ctx.prewar_diaspora.sum() == pytest.approx(default_params["prewar_diaspora_persons"])


def test_a_growing_diaspora_draws_later_leavers(small_population, baseline, default_params):
    without = simulate(small_population, baseline, {**default_params, "network_elasticity": 0.0}, 3)
    strong = simulate(small_population, baseline, {**default_params, "network_elasticity": 0.8}, 3)
    ctx = build_context(small_population, baseline, compile_regime(baseline), default_params, 3)
    end_2022 = month_index("2022-12")
    stock = without.stock_abroad[end_2022]
    # Places that matter (at least 2% of the 2022 diaspora), split by how fast their diaspora grew against its pre-war
    # size: the fast half should draw a larger share of 2023's leavers when networks pull.
    main = np.flatnonzero((stock >= 0.02 * stock.sum()) & (ctx.prewar_diaspora > 0))
    growth = stock[main] / ctx.prewar_diaspora[main]
    fast = main[growth > np.median(growth)]

    def share_2023(result):
        first = result.first_destinations[end_2022 + 1:end_2022 + 13].sum(axis=0)
        return first[fast].sum() / first.sum()

    assert len(main) >= 6
    assert share_2023(strong) > share_2023(without) + 0.01
    # 2022's first month is untouched: nobody was abroad to pull others yet
    np.testing.assert_allclose(strong.first_destinations[:2], without.first_destinations[:2])


def test_an_eu_wide_relocant_card_raises_the_eu_stock_and_lowers_transit_stocks(small_population, baseline,
                                                                                 case_proposal, default_params):
    base = simulate(small_population, baseline, default_params, 5)
    card = simulate(small_population, case_proposal, default_params, 5)
    horizon = -1
    assert card.stock_abroad[horizon, geo.IS_EU].sum() > 1.1 * base.stock_abroad[horizon, geo.IS_EU].sum()
    hubs = [geo.index(code) for code in geo.TRANSIT_HUBS]
    assert card.stock_abroad[horizon, hubs].sum() < base.stock_abroad[horizon, hubs].sum()


def test_with_returns_switched_off_nobody_returns(small_population, baseline, default_params):
    # every way home closed: the return hazards, and forced exits (a stay that runs out) end in overstays, not returns
    no_returns = {**default_params, "return_hazard": 0.0, "ordinary_return_hazard": 0.0,
                  "forced_exit_irregular_share": 1.0 - default_params["forced_exit_onward_share"]}
    result = simulate(small_population, baseline, no_returns, 5)
    assert np.all(result.returned_cum == 0.0) and np.all(result.capital_repatriated_eur == 0.0)
    assert result.departures_cum[-1] > 0
    np.testing.assert_allclose(result.stock_abroad[-1, 1:].sum(), result.departures_cum[-1], rtol=1e-9)


def test_a_horizon_before_a_shock_simply_ends_before_it(small_population, baseline, default_params):
    """The mobilization shock (2022-09-21) lies after a 2022-06 horizon: the run ends before it, without error."""
    short = baseline.model_copy(update={"horizon": "2022-06"})
    result = simulate(small_population, short, default_params, seed=2)
    full = simulate(small_population, baseline, default_params, seed=2)
    np.testing.assert_array_equal(result.stock_abroad, full.stock_abroad[:6])
