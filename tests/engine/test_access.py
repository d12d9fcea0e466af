"""Route access in the engine: which routes are in force under a scenario, and what persons can reach."""

import datetime as dt

import numpy as np
import pytest

from relokant import api, geo, parameters
from relokant.engine import AccessTable, simulate
from relokant.engine.access import RouteAccess, evaluation_date, person_columns, routes_in_force
from relokant.engine.context import capability
from relokant.policy.person import B1
from relokant.scenario import builtin, load, loads
from relokant.scenario.model import month_index


@pytest.fixture(scope="module")
def pop():
    return api.population(5_000, 3)


@pytest.fixture(scope="module")
def params():
    return parameters.resolve({})


def _ids(routes):
    return {r.id for r in routes}


def test_proposals_are_off_unless_a_scenario_enables_them():
    day = dt.date(2026, 1, 15)
    assert not any(r.id.startswith("CASE_RELOCANT_CARD_") for r in routes_in_force(None, day))
    assert not any(r.id.startswith("CASE_RELOCANT_CARD_") for r in routes_in_force(load(builtin("baseline")), day))
    case = load(builtin("case-proposal"))
    assert "CASE_RELOCANT_CARD_DE" in _ids(routes_in_force(case, day))
    assert "CASE_RELOCANT_CARD_DE" not in _ids(routes_in_force(case, dt.date(2024, 12, 15)))


def test_a_scenario_can_suspend_a_route_for_a_window():
    scenario = loads("name: t\nroutes:\n  - route: DE_CHANCENKARTE_*\n    from: 2025-01-01\n    to: 2026-01-01\n"
                     "    enabled: false\n")
    assert "DE_CHANCENKARTE_POINTS" in _ids(routes_in_force(scenario, dt.date(2024, 12, 15)))
    assert "DE_CHANCENKARTE_POINTS" not in _ids(routes_in_force(scenario, dt.date(2025, 6, 15)))
    assert "DE_CHANCENKARTE_POINTS" in _ids(routes_in_force(scenario, dt.date(2026, 1, 15)))


def test_a_scenario_can_change_a_route_parameter_from_a_date():
    scenario = loads("name: t\nroutes:\n  - route: DE_CHANCENKARTE_POINTS\n    from: 2025-06-01\n"
                     "    parameters: {funds_eur_month: 900}\n")
    by_id = {r.id: r for r in routes_in_force(scenario, dt.date(2025, 7, 15))}
    route = by_id["DE_CHANCENKARTE_POINTS"]
    assert route.parameters_at(dt.date(2025, 7, 15))["funds_eur_month"] == 900
    assert route.parameters_at(dt.date(2025, 3, 15))["funds_eur_month"] == 1091  # before the override
    untouched = {r.id: r for r in routes_in_force(None, dt.date(2025, 7, 15))}["DE_CHANCENKARTE_POINTS"]
    assert untouched.parameters_at(dt.date(2025, 7, 15))["funds_eur_month"] == 1091


def test_population_columns_are_in_the_rules_units(pop, params):
    columns = person_columns(pop, params)
    np.testing.assert_array_equal(columns["lang.en"], pop.english_level)  # both CEFR ordinals
    np.testing.assert_allclose(columns["funds_eur"], pop.liquid_wealth_usd / params["usd_per_eur"], rtol=1e-6)
    assert columns["trip_purpose"] == "tourism"


def test_the_card_gives_graduates_with_a_language_access_to_every_eu_member(pop, params):
    card = load(builtin("case-proposal"))
    access = RouteAccess(pop, card, params, capability(pop, params))
    month = card.months - 1
    everyone = np.arange(len(pop))
    a = access.access(everyone, month)
    assert a.min() >= 0 and a.max() <= 1
    qualified = pop.higher_edu & ((pop.english_level >= B1) | (pop.german_level >= B1))
    eu = [geo.index(c) for c in geo.EU27 if c not in ("CZ",)]
    assert np.all(a[np.ix_(qualified, eu)] > 0.99 * params["entry_restricted_access"])
    before = access.access(everyone, month - 12 * 6)  # 2024, before the card
    assert (a[qualified][:, eu].mean() > before[qualified][:, eu].mean())
    assert np.array_equal(access.reference, RouteAccess(pop, load(builtin("baseline")), params,
                                                        capability(pop, params)).reference)


def test_months_with_the_same_routes_share_an_epoch(pop, params):
    access = RouteAccess(pop, load(builtin("baseline")), params, capability(pop, params))
    assert access.epoch[0] == 0
    assert len(set(access.epoch)) < len(access.epoch) / 2


def test_a_regime_older_than_its_encoding_applies_its_earliest_figures_back_to_2022():
    early = {r.id: r for r in routes_in_force(None, dt.date(2022, 3, 15))}
    blue_nl = early["EU_BLUE_CARD_NL"]  # researched thresholds start in 2024
    assert blue_nl.parameters_at(dt.date(2022, 3, 15)) == {
        name: p.at(dt.date(2024, 1, 1)) for name, p in blue_nl.parameters.items()}
    assert "DE_CHANCENKARTE_POINTS" not in early  # a new law (2024-06-01) is not back-dated


def test_only_places_whose_routes_change_are_re_evaluated(pop, params):
    """Month by month the mean access is updated for the changed places only; it equals a full evaluation, and a
    place's column depends on its own routes only (``kinds_over``)."""
    scenario = load(builtin("case-proposal"))
    access = RouteAccess(pop, scenario, params, capability(pop, params))
    card = month_index("2025-01")
    changed = access.changed_places(card)
    assert changed[geo.IS_EU].all() and not changed[geo.index("GE")]  # the card is enacted in every member state
    assert not access.changed_places(card + 1).any()
    for month in range(scenario.months):
        access.mean_access(month)
    fresh = RouteAccess(pop, scenario, params, capability(pop, params))
    full = fresh._sample_mass @ fresh._access(fresh._routes[card], evaluation_date(card), fresh._sample).stay
    np.testing.assert_allclose(access.mean_access(card), full, rtol=1e-6)
    who = np.arange(0, len(pop), 5)
    onward = np.array([geo.PLACES[j] not in geo.TRANSIT_HUBS and j > 0 for j in range(geo.N_PLACES)])
    over = access.kinds_over(who, card, onward)
    every = access.kinds(who, card)
    for kind in every._fields:
        np.testing.assert_array_equal(getattr(over, kind)[:, onward], getattr(every, kind)[:, onward])
        assert not getattr(over, kind)[:, ~onward].any()


def test_stay_rules_come_from_the_visa_free_routes(pop, params):
    access = RouteAccess(pop, load(builtin("baseline")), params, capability(pop, params))
    before, after = access.stay_rules(month_index("2022-12")), access.stay_rules(month_index("2023-02"))
    kz, ge, tr, de = (geo.index(c) for c in ("KZ", "GE", "TR", "DE"))
    assert (before.limit_months[kz], before.visa_run[kz]) == (3, True)
    assert (after.limit_months[kz], after.visa_run[kz]) == (3, False)  # Kazakhstan ended visa runs on 2023-01-27
    assert (after.limit_months[ge], after.visa_run[ge]) == (12, True)
    assert (after.limit_months[tr], after.visa_run[tr]) == (2, False)
    assert after.limit_months[de] == params["short_stay_months"] and not after.visa_run[de]
    assert after.limit_months[geo.index("KG")] == 0  # no route encoded, no visa needed: no clock
    assert access.deposit_cap_eur(month_index("2022-01"))[de] == np.inf  # the cap starts on 2022-02-26
    assert access.deposit_cap_eur(month_index("2022-03"))[de] == 100_000
    assert access.deposit_cap_eur(month_index("2022-03"))[ge] == np.inf


def _same_results(a, b) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__
               if isinstance(getattr(a, f), np.ndarray))


@pytest.mark.parametrize("scenario_name", ["baseline", "case-proposal"])
def test_an_access_table_gives_the_same_simulation_as_evaluating_the_rules(pop, scenario_name):
    scenario = load(builtin(scenario_name)).model_copy(update={"horizon": "2026-06"})
    params = parameters.resolve(scenario.parameters)
    table = AccessTable(pop, params)
    fresh = simulate(pop, scenario, params, 7)
    first = simulate(pop, scenario, params, 7, access_table=table)
    assert table.size > 1, "the table was not used"
    # a second simulation with other calibrated parameters reads the filled table
    other = {**params, "return_hazard": params["return_hazard"] * 2, "wave1_peak_hazard": 0.02}
    assert _same_results(fresh, first)
    assert _same_results(simulate(pop, scenario, other, 8), simulate(pop, scenario, other, 8, access_table=table))


def test_an_access_table_for_other_access_parameters_is_not_used(pop, params):
    scenario = load(builtin("baseline")).model_copy(update={"horizon": "2022-06"})
    table = AccessTable(pop, {**params, "conditional_access_weight": params["conditional_access_weight"] / 2})
    simulate(pop, scenario, params, 7, access_table=table)
    assert table.size == 1
