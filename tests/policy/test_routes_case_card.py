"""The CASE relocant card (policy/rules.md section 8): a proposal, one route per EU27 member, its probation
conditions, dated parameters a scenario can vary, rights and the GAPs it carries."""

import dataclasses
import datetime as dt

import pytest

from relokant.geo import EU27
from relokant.policy.eligibility import eligibility, evaluate
from relokant.policy.person import parse_person
from relokant.policy.routes import all_routes, get
from relokant.policy.rules import dated

CARDS = [r for r in all_routes() if r.id.startswith("CASE_RELOCANT_CARD_")]
MEETS_ALL = {"age": 35, "nationalities": ["RU"], "education": {"level": "master"}, "languages": {"en": "B1"},
             "work": {"employed_or_business": True}, "housing": "rent", "share_of_time_in_issuing_state": 0.8}


def result(person, on="2024-09-01", route_id="CASE_RELOCANT_CARD_DE"):
    return evaluate(get(route_id), parse_person(person), dt.date.fromisoformat(on))


def failed(r):
    return sorted(c.id for c in r.failed)


def test_one_proposal_route_per_eu_member_identical_but_for_the_country():
    assert sorted(r.country for r in CARDS) == sorted(EU27)
    assert all(r.proposal and r.id == f"CASE_RELOCANT_CARD_{r.country}" for r in CARDS)
    assert len({(r.requires, tuple(r.parameters.items())) for r in CARDS}) == 1


def test_proposal_is_left_out_of_eligibility_unless_asked_for():
    on = dt.date(2024, 9, 1)
    assert not any(r.proposal for r in eligibility(MEETS_ALL, on, country="DE"))
    assert any(r.route_id == "CASE_RELOCANT_CARD_DE" and r.proposal
               for r in eligibility(MEETS_ALL, on, country="DE", include_proposals=True))


def test_counterfactual_starts_on_the_day_the_proposal_was_presented_2024_06_11():
    assert result(MEETS_ALL, "2024-06-10").status == "not in force"
    assert result(MEETS_ALL, "2024-06-11").status == "eligible"


def test_every_probation_condition_is_a_check():
    r = result({"age": 35, "nationalities": ["RU"], "education": {"level": "secondary"}, "languages": {"ru": "C2"},
                "housing": "none", "share_of_time_in_issuing_state": 0.5})
    assert failed(r) == ["foreign_language", "higher_education", "residence_share"]
    assert sorted(c.id for c in r.checks if c.open) == ["employment_or_business", "housing"]


def test_what_a_relocant_obtains_during_probation_is_open_until_begun():
    person = dict(MEETS_ALL, housing="none", work={"employed_or_business": False}, share_of_time_in_issuing_state=0)
    r = result(person)
    assert r.status == "conditional"
    assert sorted(c.id for c in r.checks if c.open) == ["employment_or_business", "housing", "residence_share"]


@pytest.mark.parametrize("share, status", [(0.74, "not eligible"), (0.75, "eligible")])
def test_residence_share_of_three_quarters(share, status):
    assert result(dict(MEETS_ALL, share_of_time_in_issuing_state=share)).status == status


def test_only_russian_citizens_and_any_foreign_language_counts():
    assert failed(result(dict(MEETS_ALL, nationalities=["BY"]))) == ["russian_citizen"]
    assert result(dict(MEETS_ALL, languages={"de": "A1"})).status == "eligible"


def test_every_figure_is_a_dated_parameter_a_scenario_can_vary():
    route = get("CASE_RELOCANT_CARD_FR")
    assert set(route.parameters) == {"min_share_of_time", "min_language_level", "validity_months"}
    assert all(p.change_dates() == [dt.date(2024, 6, 11)] for p in route.parameters.values())
    # A scenario lowering the residence share to one half admits CASE-02's person.
    lowered = dataclasses.replace(route, parameters={**route.parameters,
                                                     "min_share_of_time": dated(("2024-06-11", 0.5))})
    person = parse_person(dict(MEETS_ALL, share_of_time_in_issuing_state=0.5))
    assert evaluate(route, person, dt.date(2024, 9, 1)).status == "not eligible"
    assert evaluate(lowered, person, dt.date(2024, 9, 1)).status == "eligible"


def test_rights_work_and_self_employment_without_social_benefits_and_gaps_noted():
    r = result(MEETS_ALL)
    assert r.rights["work"] == "full" and r.rights["self_employment"] and not r.rights["social_benefits"]
    assert r.rights["validity_months"] == 12 and r.outputs["validity_months"] == 12
    assert r.rights["months_to_permanent"] is None
    notes = " ".join(r.uncertain)
    for gap in ("Financial guarantee", "Fees", "permanent residence"):
        assert gap in notes


def test_case_02_route_is_a_proposal_not_law():
    assert get("CASE_RELOCANT_CARD_DE").proposal
