"""Route access in the engine: which routes are in force under a scenario, and what persons can reach."""

import datetime as dt

import numpy as np
import pytest

from relokant import api, geo, parameters
from relokant.engine.access import RouteAccess, person_columns, routes_in_force
from relokant.engine.context import capability
from relokant.policy.person import B1
from relokant.scenario import builtin, load, loads


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
