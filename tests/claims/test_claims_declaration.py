"""Tests of the claim declarations and of the pieces of ``relokant.claims`` that need no simulation.

Input: the shipped declarations (``relokant.claims.CLAIMS``), the shipped scenarios, made-up hinge rows. Output:
pass/fail. Checked: every evidence and assumption id a declaration names resolves (with a unit the claim can scale),
every hinge exists where it claims to act, the policy start is read from the scenario files, a hinge variant changes
what it should and nothing else, hinges are ranked by swing, and unknown names are one-line input errors.
"""

from __future__ import annotations

import datetime as dt

import pytest

from relokant import api, claims, evidence, parameters
from relokant.calibrate.targets import FITTED_PARAMETERS, READINGS
from relokant.claims.declarations import HINGE_KINDS, UNIT_SCALES, hinge_source
from relokant.claims.evaluate import HingeRow, hinge_variant, policy_start, rank_hinges, select_hinges
from relokant.errors import InputError
from relokant.policy.routes import all_routes
from relokant.scenario.model import month_index

CLAIM = claims.get("case-3m")


def _pair():
    return api.as_scenario(CLAIM.baseline), api.as_scenario(CLAIM.scenario)


def test_the_case_claim_is_declared_with_its_figures():
    assert claims.names() == ("case-3m",)
    people = next(q for q in CLAIM.quantities if q.key == "people")
    capital = next(q for q in CLAIM.quantities if q.key == "capital")
    assert (people.metric, people.geo, people.unit) == ("stock_abroad", "EU27", "persons")
    assert (capital.metric, capital.geo, capital.unit) == ("capital_abroad_eur", "EU27", "EUR")
    assert people.claim.values() == (3_000_000.0, 3_000_000.0, 3_000_000.0)
    assert capital.claim.values() == (450e9, 400e9, 500e9)
    # The CASE report's own lower figures sit below the op-ed's, as the evidence notes say.
    assert people.lower.values()[2] < people.claim.values()[1]
    assert capital.lower.values()[2] < capital.claim.values()[1]
    assert CLAIM.horizons_years == (3, 5) and CLAIM.verdict_years in CLAIM.horizons_years


def test_every_reference_of_every_claim_resolves():
    for claim in claims.CLAIMS.values():
        refs = list(claim.sources) + [c.ref for c in claim.context]
        for q in claim.quantities:
            for figure in (q.claim, q.lower):
                if figure is not None:
                    refs.append(figure.ref)
                    assert figure.sourced.unit in UNIT_SCALES, f"{figure.ref}: unit without a scale"
        refs += [hinge_source(h) for h in claim.hinges]
        for ref in refs:
            s = evidence.sourced(ref)  # raises InputError when it does not resolve
            assert s.low <= s.value <= s.high, ref
        # The claim's own figures and the lower readings are figures and labelled assumptions respectively.
        assert all(r.startswith("ev:") for r in claim.sources)
        assert all(q.lower.ref.startswith("as:claim_") for q in claim.quantities if q.lower)


def test_every_hinge_acts_where_it_says():
    baseline, scenario = _pair()
    route_ids = [r.id for r in all_routes()]
    for hinge in CLAIM.hinges:
        assert hinge.kind in HINGE_KINDS and hinge.why.strip(), hinge.target
        if hinge.kind == "parameter":
            assert hinge.target in parameters.names()
        elif hinge.kind == "scenario":
            uses = [e for s in (baseline, scenario) for e in s.policy
                    if hinge.target in (e.openness, e.capital_acceptance)]
            assert uses, f"{hinge.target} is used by no policy entry of the scenarios"
        elif hinge.kind == "reading":  # a reading with its own stored fit
            assert hinge.target in READINGS and hinge.target != "surveys"
            assert set(parameters.reading_parameters(hinge.target)) == set(FITTED_PARAMETERS)
        else:
            matching = [r for r in all_routes() if r.id.startswith(hinge.route.rstrip("*"))]
            assert matching and all(hinge.target in r.parameters for r in matching)
            assert any(i.startswith(hinge.route.rstrip("*")) for i in route_ids)
    targets = [h.target for h in CLAIM.hinges]
    assert len(targets) == len(set(targets))


def test_unknown_claim_is_a_one_line_input_error():
    with pytest.raises(InputError) as info:
        claims.get("case-4m")
    assert str(info.value) == "unknown claim 'case-4m' (known: case-3m)"
    with pytest.raises(InputError):
        api.claim("nope", sample_size=1000, draws=1, hinges=False)


def test_unknown_hinge_name_is_an_input_error():
    with pytest.raises(InputError, match="unknown hinge 'wave1_peak_hazard'"):
        select_hinges(CLAIM, ["route_access_weight", "wave1_peak_hazard"])
    assert select_hinges(CLAIM, False) == ()
    assert select_hinges(CLAIM, True) == CLAIM.hinges
    assert [h.target for h in select_hinges(CLAIM, ["min_language_level"])] == ["min_language_level"]


def test_policy_start_is_read_from_the_scenario():
    baseline, scenario = _pair()
    assert policy_start(baseline, scenario) == month_index("2025-01")
    # Move the card: a measure dated after the 15th counts from the next month.
    moved = scenario.model_copy(update={
        "routes": [r.model_copy(update={"start": dt.date(2025, 7, 20)}) for r in scenario.routes],
        "policy": [p.model_copy(update={"start": dt.date(2025, 7, 20)}) if p not in baseline.policy else p
                   for p in scenario.policy]})
    assert policy_start(baseline, moved) == month_index("2025-08")
    with pytest.raises(InputError, match="nothing to evaluate"):
        policy_start(baseline, baseline)


def test_hinge_variants_change_only_their_assumption():
    baseline, scenario = _pair()
    start = policy_start(baseline, scenario)
    by_name = {h.target: h for h in CLAIM.hinges}

    b, s = hinge_variant(by_name["route_access_weight"], 2.5, baseline, scenario, start)
    assert b.parameters["route_access_weight"] == s.parameters["route_access_weight"] == 2.5
    assert b.policy == baseline.policy and s.routes == scenario.routes

    ref = "as:capital_acceptance_eu_status_quo"
    b, s = hinge_variant(by_name[ref], 0.3, baseline, scenario, start)
    for original, variant in ((baseline, b), (scenario, s)):
        assert [e.capital_acceptance for e in variant.policy] == [
            0.3 if e.capital_acceptance == ref else e.capital_acceptance for e in original.policy]
        assert variant.parameters == original.parameters

    b, s = hinge_variant(by_name["min_language_level"], 3, baseline, scenario, start)
    assert b is None  # the baseline has no card: its runs are shared
    extra = s.routes[-1]
    assert len(s.routes) == len(scenario.routes) + 1
    assert (extra.route, extra.enabled, extra.parameters, extra.start) == (
        "CASE_RELOCANT_CARD_*", True, {"min_language_level": 3.0}, dt.date(2025, 1, 1))


def test_fitted_parameters_are_varied_by_the_declared_factor():
    from relokant.claims.evaluate import _hinge_range

    baseline, _ = _pair()
    factor = evidence.value("as:claim_hinge_fitted_factor")
    hinge = next(h for h in CLAIM.hinges if h.target == "return_hazard")
    default, low, high, note = _hinge_range(hinge, baseline)
    prior = parameters.get("return_hazard").prior
    assert default == parameters.defaults()["return_hazard"]
    assert low == pytest.approx(max(prior.low, default / factor))
    assert high == pytest.approx(min(prior.high, default * factor))
    assert "as:claim_hinge_fitted_factor" in note
    plain = next(h for h in CLAIM.hinges if h.target == "route_access_weight")
    _, low, high, _ = _hinge_range(plain, baseline)
    source = parameters.get("route_access_weight").prior
    assert (low, high) == (source.low, source.high)


def _row(name: str, people: tuple[float, float], capital: tuple[float, float]) -> HingeRow:
    period = "2030-01"
    return HingeRow(name, "parameter", f"as:{name}", "why", "range", 1.0, 0.5, 2.0,
                    effect_low={"people": {period: people[0]}, "capital": {period: capital[0]}},
                    effect_high={"people": {period: people[1]}, "capital": {period: capital[1]}})


def test_hinges_are_ranked_by_swing():
    rows = [_row("small", (100, 110), (5, 50)), _row("large", (300, 50), (1, 2)), _row("middle", (80, 160), (9, 9))]
    ranked = rank_hinges(rows, ["people", "capital"], "2030-01")
    assert [r.target for r in ranked] == ["large", "middle", "small"]
    assert [r.swing["people"] for r in ranked] == [250, 80, 10]  # |high - low|, whichever way it goes
    assert {r.target: r.rank["capital"] for r in ranked} == {"small": 1, "large": 2, "middle": 3}
    assert {r.target: r.rank["people"] for r in ranked} == {"large": 1, "middle": 2, "small": 3}
