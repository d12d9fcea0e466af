"""The web's eligibility answer (``relokant.web.eligibility``) against the explainer it must agree with.

The web prepares what does not depend on the person once and renders a check's explanation only where the answer
shows it; ``relokant.policy.eligibility`` is the reference. For many varied persons and dates (routes in and out of
force, proposals, one country, one route) the full answer must equal the reference's ``Result.to_dict()`` on every
field, and the compact answer must be the full one with only the failed checks of the routes not eligible.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest

from relokant.policy.eligibility import eligibility as reference
from relokant.policy.person import Person
from relokant.web import eligibility as fast

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


def _plain(value):
    return json.loads(json.dumps(value, default=str))


def _expected(person, day, **ask) -> list[dict]:
    found = reference(person, day, **ask)
    found.sort(key=lambda r: (fast.ORDER[r.status], r.country, r.route_id))
    return _plain([r.to_dict() for r in found])


CASES = [dict(), dict(include_proposals=True), dict(country="DE"), dict(country="CY", include_proposals=True),
         dict(route="CASE_RELOCANT_CARD_DE")]


@pytest.mark.parametrize("seed", range(6))
def test_the_full_answer_is_the_explainers(seed):
    rng = random.Random(seed)
    for _ in range(8):
        person = _person(rng)
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(12 * 365))  # before, in and after the rules
        ask = rng.choice(CASES)
        full = json.loads(fast.answer(person, day, detail="full", **ask))
        expected = _expected(person, day, **ask)
        assert [r.pop("checks_complete") for r in full["routes"]] == [True] * len(expected)
        assert full["routes"] == expected
        assert full["counts"] == {s: sum(1 for r in expected if r["status"] == s) for s in fast.ORDER}
        compact = json.loads(fast.answer(person, day, **ask))
        for short, whole in zip(compact["routes"], expected):
            failed = short.pop("checks_complete") is False
            assert failed == (whole["status"] == "not eligible")
            if failed:
                whole["checks"] = [c for c in whole["checks"] if not (c["passed"] or c["open"])]
            assert short == whole
