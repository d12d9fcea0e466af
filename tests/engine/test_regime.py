import numpy as np

from relokant import geo
from relokant.engine.regime import compile_regime
from relokant.scenario import builtin, load, loads
from relokant.scenario.model import month_index


def _scenario(policy_yaml: str):
    return loads("name: t\nhorizon: 2024-12\npolicy:\n" + policy_yaml)


def test_default_is_2022_conditions_everywhere():
    regime = compile_regime(_scenario("  []\n"))
    assert regime.openness.shape == (36, geo.N_PLACES)
    assert np.all(regime.openness == 1.0) and np.all(regime.capital_acceptance == 1.0)


def test_entry_takes_effect_in_the_month_it_held_most_days():
    regime = compile_regime(_scenario(
        "  - {geo: FI, from: 2022-09-30, openness: 0.3}\n"
        "  - {geo: EE, from: 2022-09-12, openness: 0.5}\n"))
    fi, ee = geo.index("FI"), geo.index("EE")
    assert regime.openness[month_index("2022-09"), fi] == 1.0
    assert regime.openness[month_index("2022-10"), fi] == 0.3
    assert regime.openness[month_index("2022-09"), ee] == 0.5
    assert regime.openness[-1, fi] == 0.3


def test_later_entries_override_and_aggregates_expand():
    regime = compile_regime(_scenario(
        "  - {geo: EU27, from: 2023-01-01, openness: 2.0, capital_acceptance: 0.5}\n"
        "  - {geo: DE, from: 2023-06-01, to: 2023-12-01, openness: 0.1}\n"))
    de, fr, ge = geo.index("DE"), geo.index("FR"), geo.index("GE")
    jan, jul, dec = month_index("2023-01"), month_index("2023-07"), month_index("2023-12")
    assert regime.openness[jan - 1, fr] == 1.0 and regime.openness[jan, fr] == 2.0
    assert regime.openness[jul, de] == 0.1 and regime.openness[dec, de] == 2.0  # 'to' ends the override
    assert regime.capital_acceptance[jul, de] == 0.5  # untouched by an entry that only sets openness
    assert np.all(regime.openness[:, ge] == 1.0)


def test_references_resolve_to_assumption_values():
    from relokant import evidence

    regime = compile_regime(load(builtin("case-proposal")))
    card = month_index("2025-01")
    assert regime.openness[card, geo.index("DE")] == 0.8  # the visa friction stays; the card is a route
    assert regime.capital_acceptance[card, geo.index("DE")] == 1.0
    assert regime.capital_acceptance[card - 1, geo.index("DE")] == evidence.value(
        "as:capital_acceptance_eu_status_quo")
