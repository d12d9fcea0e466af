"""One person's eligibility (``relokant.policy.eligibility.eligibility``) against the plainest implementation of it.

The explainer prepares what does not depend on the person once per route and date, takes Python-scalar fast paths
in the expression tree, and renders a check's explanation only where the result shows it. The oracle here is the
straightforward evaluation it replaced (every check rendered, parameters read afresh, ``dataclasses.asdict``). For
many varied persons and dates (routes in and out of force, proposals, one country, one route; dates revisited in
random order, so the per-date preparation is reused) the full results must equal the oracle's on every field, and the
compact ones must be the full ones with only the failed checks of the routes not eligible.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import asdict

import pytest

from relokant.policy import routes as registry
from relokant.policy.eligibility import Result, eligibility
from relokant.policy.person import Person, default_for, flatten
from relokant.policy.rules import Env
from relokant.web.eligibility import ORDER

LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")


def _person(rng: random.Random) -> Person:
    level = rng.choice(("none", "secondary", "vocational", "bachelor", "master", "doctorate"))
    p: dict = {"age": rng.randint(16, 75), "education": {"level": level},
               "languages": {c: rng.choice(LEVELS) for c in rng.sample(("en", "de", "fr", "lv", "el", "es"),
                                                                        rng.randint(0, 3))},
               "work": {"isco": rng.choice(("2512", "1330", "2211", "7212", "")),
                        "years_last5": rng.choice((0, 1.5, 3, 5)), "it_years_last7": rng.choice((0, 2, 4, 7)),
                        "employed_or_business": rng.random() < 0.6},
               "children": rng.choice((0, 1, 3)), "spouse": rng.random() < 0.5,
               "share_of_time_in_issuing_state": rng.choice((0, 0.3, 0.6, 1)),
               "status": {"mobilised_with_proof": rng.random() < 0.2, "clean_record": rng.random() < 0.9,
                          "deposits_at_bank_eur": rng.choice((0, 120_000))}}
    if level != "none" and rng.random() < 0.7:
        p["education"]["graduation_year"] = rng.randint(1980, 2025)
    if rng.random() < 0.15:
        p["nationalities"] = ["RU", rng.choice(("DE", "IL", "AM"))]
    if rng.random() < 0.5:
        p["job_offer"] = {"country": rng.choice(("DE", "NL", "CY", "LV", "ES", "PT", "RS")),
                          "salary": {"amount": rng.randrange(10_000, 140_000, 1_000), "currency": "EUR"}}
    if rng.random() < 0.4:
        p["funds"] = {"amount": rng.randrange(200, 8_000, 100), "currency": "EUR", "period": "month"}
    if rng.random() < 0.3:
        p["current_stay"] = {"country": rng.choice(("GE", "AM", "RS", "TR", "DE")),
                             "continuous_days": rng.randint(0, 1_000), "days_in_last_180": rng.randint(0, 180)}
    if rng.random() < 0.15:
        p["investment"] = {"country": rng.choice(("GR", "PT", "ES", "CY", "MT", "LV", "HU", "IT")),
                           "kind": rng.choice(("real_estate", "investment_fund")),
                           "value_eur": rng.randrange(50_000, 2_000_000, 10_000)}
    return Person.model_validate(p)


def _oracle_route(route, values: dict, on: dt.date) -> dict:
    """The route evaluated the plain way, as a dict of ``Result``'s fields."""
    out = {"route_id": route.id, "country": route.country, "name": route.name, "date": on.isoformat(),
           "status": "not in force", "checks": [], "points": None, "points_required": None, "breakdown": {},
           "thresholds": {}, "outputs": {}, "conditional_on": list(route.conditional_on),
           "rights": asdict(route.rights), "legal_reference": route.legal_reference, "sources": list(route.sources),
           "uncertain": list(route.uncertain), "proposal": route.proposal, "checks_complete": True}
    if not route.in_force(on):
        until = f" until {route.valid_to}" if route.valid_to else ""
        out["checks"] = [{"id": "in_force", "text": f"In force from {route.valid_from}{until}", "passed": False,
                          "open": False,
                          "detail": f"date {on} is outside {route.valid_from}..{route.valid_to or 'open'}"}]
        return out
    params = {name: p.at(on) for name, p in route.parameters.items()}
    env = Env(values, params)
    plain = lambda v: v.item() if hasattr(v, "item") else v.isoformat() if isinstance(v, dt.date) else v  # noqa: E731
    out["thresholds"] = {name: plain(v) for name, v in params.items()}
    for check in route.requires:
        passed = bool(check.condition.evaluate(env))
        is_open = (not passed) and check.open_if is not None and bool(check.open_if.evaluate(env))
        out["checks"].append({"id": check.id, "text": check.text, "passed": passed, "open": is_open,
                              "detail": check.condition.show(env)})
    if route.points is not None:
        breakdown = {item.id: plain(item.points.evaluate(env)) for item in route.points.items}
        total, minimum = sum(breakdown.values()), plain(route.points.minimum.evaluate(env))
        out["points"], out["points_required"] = total, minimum
        out["breakdown"] = {k: v for k, v in breakdown.items() if v}
        out["checks"].append({"id": "points", "text": route.points.text, "passed": total >= minimum, "open": False,
                              "detail": f"points = {total:g} >= {minimum:g}"})
    out["outputs"] = {name: plain(expr.evaluate(env)) for name, expr in route.outputs.items()}
    if any(not c["passed"] and not c["open"] for c in out["checks"]):
        out["status"] = "not eligible"
    elif any(c["open"] for c in out["checks"]) or route.conditional_on:
        out["status"] = "conditional"
        out["conditional_on"] += [c["text"] for c in out["checks"] if c["open"]]
    else:
        out["status"] = "eligible"
    return out


class _Defaults(dict):
    def __missing__(self, key):
        return default_for(key)


def _oracle(person: Person, on: dt.date, country=None, route=None, include_proposals=False) -> list[dict]:
    values = _Defaults(flatten(person, on))
    routes = ((registry.get(route),) if route else
              [r for r in registry.all_routes()
               if (country is None or r.country == country) and (include_proposals or not r.proposal)])
    return [_oracle_route(r, values, on) for r in routes]


CASES = [dict(), dict(include_proposals=True), dict(country="DE"), dict(country="CY", include_proposals=True),
         dict(route="CASE_RELOCANT_CARD_DE")]
DATES = [dt.date(2021, 1, 1) + dt.timedelta(days=k * 137) for k in range(32)]  # before, in and after the rules


@pytest.mark.parametrize("seed", range(6))
def test_full_results_are_the_plain_evaluation(seed):
    rng = random.Random(seed)
    for _ in range(8):
        person, day, ask = _person(rng), rng.choice(DATES), rng.choice(CASES)
        assert [r.to_dict() for r in eligibility(person, day, **ask)] == _oracle(person, day, **ask)


@pytest.mark.parametrize("seed", range(3))
def test_compact_results_keep_only_why_not(seed):
    rng = random.Random(100 + seed)
    for _ in range(8):
        person, day, ask = _person(rng), rng.choice(DATES), rng.choice(CASES)
        full = [r.to_dict() for r in eligibility(person, day, **ask)]
        compact = [r.to_dict() for r in eligibility(person, day, detail="compact", **ask)]
        for short, whole in zip(compact, full, strict=True):
            failed = whole["status"] == "not eligible"
            assert short["checks_complete"] is not failed
            if failed:
                whole["checks"] = [c for c in whole["checks"] if not (c["passed"] or c["open"])]
                assert short["checks"], f"{whole['route_id']}: not eligible must say why"
            whole["checks_complete"] = short["checks_complete"]
            assert short == whole


def test_a_changed_result_leaves_the_next_answer_alone():
    """Rights, thresholds and sources are prepared once per route: a caller editing one result must not edit them."""
    person = _person(random.Random(7))
    day = dt.date(2025, 6, 1)
    first = eligibility(person, day)
    for result in first:
        result.rights["work"] = "edited"
        result.thresholds["edited"] = 1
        result.sources.append("edited")
        result.to_dict()["rights"]["notes"] = "edited"
    again = [r.to_dict() for r in eligibility(person, day)]
    assert again == _oracle(person, day)


def test_an_unknown_detail_is_refused():
    with pytest.raises(ValueError, match="detail must be one of"):
        eligibility(_person(random.Random(1)), dt.date(2025, 1, 1), detail="short")


def test_results_are_result_objects_sorted_as_registered():
    found = eligibility(_person(random.Random(2)), dt.date(2025, 1, 1), country="DE")
    assert all(isinstance(r, Result) for r in found)
    assert [r.route_id for r in found] == [r.id for r in registry.all_routes() if r.country == "DE" and not r.proposal]
    assert set(ORDER) >= {r.status for r in found}
