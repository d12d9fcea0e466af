"""The EU sanctions deposit cap (policy/rules.md section 5.7): in force from 2022-02-26, who is covered, who is
exempt, the same answer at every Member State's banks, and the cap reported."""

import datetime as dt

import pytest

from relokant.geo import EU27
from relokant.policy.eligibility import evaluate
from relokant.policy.person import parse_person
from relokant.policy.routes import all_routes, get

CAP_ROUTES = [r for r in all_routes() if r.id.startswith("EU_DEPOSITS_ABOVE_CAP_")]


def result(person, on="2023-01-10", route_id="EU_DEPOSITS_ABOVE_CAP_DE"):
    return evaluate(get(route_id), parse_person(person), dt.date.fromisoformat(on))


def person(nationalities=("RU",), deposits=150_000, **status):
    return {"age": 40, "nationalities": list(nationalities),
            "status": {"deposits_at_bank_eur": deposits, **status}}


def test_one_banking_route_per_eu_member():
    assert sorted(r.country for r in CAP_ROUTES) == sorted(EU27)
    assert all(r.kind == "banking" for r in CAP_ROUTES)


def test_cap_in_force_from_2022_02_26():
    assert result(person(), "2022-02-25").status == "not in force"
    r = result(person(), "2022-02-26")
    assert r.status == "not eligible" and r.outputs["cap_eur"] == 100_000


def test_every_members_banks_give_the_same_answer():
    for p in (person(), person(("RU", "DE")), person(("US",)), person(eu_residence_permit=True)):
        statuses = {evaluate(r, parse_person(p), dt.date(2023, 1, 10)).status for r in CAP_ROUTES}
        assert len(statuses) == 1, p


@pytest.mark.parametrize("nationalities, status, expect", [
    (("RU",), {}, "not eligible"),
    (("RU", "CY"), {}, "eligible"),  # a Member State's national, whatever else they hold
    (("RU", "NO"), {}, "eligible"),  # EEA
    (("RU", "CH"), {}, "eligible"),  # Switzerland
    (("RU", "IL"), {}, "not eligible"),  # a third country's nationality does not exempt
    (("RU",), {"eu_residence_permit": True}, "eligible"),
    (("RU",), {"residence_permit_country": "CH"}, "eligible"),
    (("RU",), {"residence_permit_country": "GE"}, "not eligible"),  # a Georgian permit is not an EU/EEA/CH one
    (("US",), {}, "eligible"),  # not covered at all
])
def test_who_is_covered_and_who_is_exempt(nationalities, status, expect):
    assert result(person(nationalities, **status)).status == expect


def test_a_resident_of_russia_is_covered_whatever_the_nationality():
    p = dict(person(("KZ",)), current_stay={"country": "RU"})
    assert result(p).status == "not eligible"


def test_a_residence_permit_where_the_person_stays_in_the_eu_exempts():
    p = dict(person(), current_stay={"country": "PT", "has_residence_permit": True})
    assert result(p).status == "eligible"


def test_the_answer_does_not_depend_on_current_deposits_but_the_excess_is_reported():
    low, high = result(person(deposits=50_000)), result(person(deposits=180_000))
    assert low.status == high.status == "not eligible"
    assert low.outputs["deposits_above_cap_eur"] == 0 and high.outputs["deposits_above_cap_eur"] == 80_000
    assert high.outputs["prohibited_to_accept_deposits_above_cap"] is True
