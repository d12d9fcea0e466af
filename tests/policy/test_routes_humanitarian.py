"""Humanitarian admission and asylum (rules.md section 7): conditional where a decision is discretionary or
individual, failed checks where the published practice excludes the person, and each date on both sides."""

import datetime as dt

from relokant.policy import routes
from relokant.policy.eligibility import evaluate
from relokant.policy.person import parse_person
from relokant.policy.routes import humanitarian


def run(route_id, date, **status):
    return evaluate(routes.get(route_id), parse_person({"age": 35, "status": status}), dt.date.fromisoformat(date))


def failed(result):
    return sorted(c.id for c in result.failed)


JOURNALIST = {"individually_at_risk": True, "at_risk_profile": "independent_journalist"}


def test_sec22_admission_is_discretionary_for_every_profile_at_risk():
    for profile in humanitarian.PROFILES:
        result = run("DE_SEC22_ADMISSION", "2023-06-01", individually_at_risk=True, at_risk_profile=profile)
        assert result.status == "conditional" and result.conditional_on, profile
        assert result.outputs == {"within_admission_profile": True, "entitlement": False}


def test_sec22_admission_needs_a_profile_and_individual_risk():
    assert failed(run("DE_SEC22_ADMISSION", "2023-06-01", at_risk_profile="independent_journalist")) == [
        "individually_at_risk"]
    other = run("DE_SEC22_ADMISSION", "2023-06-01", individually_at_risk=True, at_risk_profile="it_specialist")
    assert failed(other) == ["admission_profile"] and other.outputs["within_admission_profile"] is False


def test_sec22_admission_operates_from_may_2022():
    assert run("DE_SEC22_ADMISSION", "2022-04-30", **JOURNALIST).status == "not in force"
    assert run("DE_SEC22_ADMISSION", "2022-05-01", **JOURNALIST).status == "conditional"


def test_sec22_admission_grants_a_permit_with_work_and_benefits():
    rights = routes.get("DE_SEC22_ADMISSION").rights
    assert rights.work == "full" and rights.social_benefits


def test_cnda_doctrine_applies_from_2023_07_20():
    proof = {"deserted": True, "mobilised_with_proof": True}
    assert run("FR_CNDA_MOBILISATION", "2023-07-19", **proof).status == "not in force"
    result = run("FR_CNDA_MOBILISATION", "2023-07-20", **proof)
    assert result.status == "conditional" and result.outputs["refugee_status_possible"] is True


def test_cnda_doctrine_needs_proof_of_call_up_or_mobilisation():
    result = run("FR_CNDA_MOBILISATION", "2024-01-10", deserted=True)
    assert failed(result) == ["mobilisation_proved"] and result.outputs["refugee_status_possible"] is False
    assert run("FR_CNDA_MOBILISATION", "2024-01-10", mobilised_with_proof=True).status == "conditional"


def test_german_asylum_conditional_for_deserters_not_for_evaders_without_a_call_up():
    assert run("DE_ASYLUM_RU_DESERTERS", "2023-03-01", deserted=True).status == "conditional"
    assert run("DE_ASYLUM_RU_DESERTERS", "2023-03-01", mobilised_with_proof=True).status == "conditional"
    assert failed(run("DE_ASYLUM_RU_DESERTERS", "2023-03-01")) == ["deserted_or_called_up"]


def test_german_protection_rate_falls_in_september_2023_and_has_no_figure_after_september_2024():
    rate = {d: run("DE_ASYLUM_RU_DESERTERS", d, deserted=True).outputs["protection_rate_military_age_men"]
            for d in ("2023-08-31", "2023-09-01", "2024-09-30", "2024-10-01")}
    assert rate == {"2023-08-31": 0.37, "2023-09-01": 0.11, "2024-09-30": 0.11, "2024-10-01": None}


def test_humanitarian_routes_are_for_russian_citizens():
    person = parse_person({"age": 35, "nationalities": ["BY"], "status": {**JOURNALIST, "deserted": True,
                                                                           "mobilised_with_proof": True}})
    for route in humanitarian.ROUTES:
        result = evaluate(route, person, dt.date(2024, 1, 10))
        assert [c.id for c in result.failed] == ["russian_citizen"], route.id
