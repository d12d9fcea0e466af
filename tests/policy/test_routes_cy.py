"""Cyprus routes (policy/rules.md section 3): the BFU categories and company eligibility, the visitor permit and
naturalisation, each dated start on both sides of its date."""

import datetime as dt

import pytest

from relokant.policy.eligibility import evaluate
from relokant.policy.person import parse_person
from relokant.policy.routes import get
from relokant.policy.routes.cy import ROUTES

OFFER = {"country": "CY", "salary": {"amount": 3_000, "period": "month"}, "contract_months": 24,
         "employer": "foreign_interest_company", "employer_tcn_share": 1.0}


def result(route_id, on, person):
    return evaluate(get(route_id), parse_person(person), dt.date.fromisoformat(on))


def employee(education="bachelor", nationality="RU", **offer):
    person = {"age": 35, "nationalities": [nationality], "education": {"level": education}}
    if offer.get("country", "CY") is not None:
        person["job_offer"] = {**OFFER, **offer}
    return person


def failed(r):
    return sorted(c.id for c in r.failed)


def opened(r):
    return sorted(c.id for c in r.checks if c.open)


def test_every_cyprus_route_has_a_legal_reference_sources_and_sourced_parameters():
    for route in ROUTES:
        assert route.country == "CY" and route.id.startswith("CY_")
        assert route.legal_reference and route.sources and route.uncertain, route.id
        assert all(s.startswith("http") for s in route.sources), route.id
        for name, parameter in route.parameters.items():
            assert parameter.source, (route.id, name)


# ----------------------------------------------------------------------------------------------------- BFU


@pytest.mark.parametrize("route_id", ["CY_BFU_HIGHLY_SKILLED", "CY_BFU_DIRECTOR", "CY_BFU_SUPPORT_STAFF"])
def test_bfu_routes_start_when_the_ftba_became_the_bfu_2022_01_01(route_id):
    person = employee(salary={"amount": 5_000, "period": "month"}, role="director")
    assert result(route_id, "2021-12-31", person).status == "not in force"
    assert result(route_id, "2022-01-01", person).status in ("eligible", "conditional")


def test_bfu_highly_skilled_permit_lasts_up_to_3_years_with_spouse_labour_access():
    # CY-BFU-01: 'permit_max_years: 3', 'spouse_immediate_labour_access: true'
    rights = get("CY_BFU_HIGHLY_SKILLED").rights
    assert rights.validity_months == 36 and rights.family is True and rights.work == "employer"
    r = result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", employee())
    assert r.eligible and r.outputs["spouse_immediate_labour_access"] is True


def test_bfu_without_an_offer_in_cyprus_is_conditional():
    r = result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", employee(country=None))
    assert r.status == "conditional"
    assert opened(r) == ["company_eligible", "contract_duration", "job_offer", "salary"]
    elsewhere = result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", employee(country="DE"))
    assert elsewhere.status == "conditional" and "job_offer" in opened(elsewhere)


@pytest.mark.parametrize("changes, eligible", [
    ({"employer_tcn_share": 0.51}, True),
    ({"employer_tcn_share": 0.5, "employer_foreign_capital_eur": 200_000}, True),
    ({"employer_tcn_share": 0.5, "employer_foreign_capital_eur": 199_999}, False),
    ({"employer_tcn_share": 0.2, "employer_foreign_capital_eur": 250_000}, True),
    ({"employer_tcn_share": 0.0, "employer_foreign_capital_eur": 500_000}, False),
    ({"employer": "", "employer_tcn_share": 1.0}, False),
    ({"employer": "listed_public_company", "employer_tcn_share": 0.0}, True),
    ({"employer": "cy_shipping_company", "employer_tcn_share": 0.0}, True),
])
def test_bfu_company_eligibility_majority_tcn_or_200k_foreign_capital_or_listed_kinds(changes, eligible):
    r = result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", employee(**changes))
    assert (failed(r) == []) is eligible and (eligible or failed(r) == ["company_eligible"])


def test_bfu_highly_skilled_salary_2500_and_degree_or_2_years_experience():
    assert failed(result("CY_BFU_HIGHLY_SKILLED", "2023-03-01",
                         employee(salary={"amount": 2_499, "period": "month"}))) == ["salary"]
    assert result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", employee(salary={"amount": 2_500, "period": "month"})).eligible
    experienced = {**employee(education="secondary"), "work": {"years_last7": 2}}
    assert result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", experienced).eligible
    novice = {**employee(education="secondary"), "work": {"years_last7": 1.5}}
    assert failed(result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", novice)) == ["qualification"]
    eu = employee(nationality="GR")
    assert failed(result("CY_BFU_HIGHLY_SKILLED", "2023-03-01", eu)) == ["third_country_national"]


def test_bfu_director_needs_the_role_and_4000_a_month():
    director = employee(salary={"amount": 4_000, "period": "month"}, role="director", contract_months=12)
    assert result("CY_BFU_DIRECTOR", "2023-03-01", director).eligible
    assert failed(result("CY_BFU_DIRECTOR", "2023-03-01", {**director, "job_offer": {
        **director["job_offer"], "salary": {"amount": 3_999, "period": "month"}}})) == ["salary"]
    assert failed(result("CY_BFU_DIRECTOR", "2023-03-01", employee(salary={"amount": 5_000, "period": "month"}))) == [
        "role"]
    assert result("CY_BFU_DIRECTOR", "2023-03-01", employee(country=None)).status == "conditional"


def test_bfu_support_staff_is_conditional_on_the_30_percent_quota():
    r = result("CY_BFU_SUPPORT_STAFF", "2023-03-01", employee(salary={"amount": 1_500, "period": "month"}))
    assert r.status == "conditional" and not opened(r) and any("30%" in c for c in r.conditional_on)
    bad_company = employee(employer_tcn_share=0.4, employer_foreign_capital_eur=100_000)
    assert failed(result("CY_BFU_SUPPORT_STAFF", "2023-03-01", bad_company)) == ["company_eligible"]


# ----------------------------------------------------------------------------------------------------- pink slip


def visitor(income, **changes):
    return {"age": 40, "funds": {"amount": income, "period": "year"}, "housing": "rent", **changes}


def test_pink_slip_income_10000_plus_5000_per_dependant_and_no_work():
    single = result("CY_VISITOR_PINK_SLIP", "2023-03-01", visitor(10_000))
    assert single.status == "conditional" and not opened(single)  # transfers, insurance, official figure
    assert single.outputs["required_income_eur_year"] == 10_000
    family = result("CY_VISITOR_PINK_SLIP", "2023-03-01", visitor(24_000, spouse=True, children=2))
    assert failed(family) == ["income_from_abroad"] and family.outputs["required_income_eur_year"] == 25_000
    assert get("CY_VISITOR_PINK_SLIP").rights.work == "none"


def test_pink_slip_accommodation_is_open_until_arranged_and_the_route_starts_with_the_scope():
    r = result("CY_VISITOR_PINK_SLIP", "2023-03-01", visitor(20_000, housing="none"))
    assert r.status == "conditional" and opened(r) == ["accommodation"]
    assert result("CY_VISITOR_PINK_SLIP", "2021-12-31", visitor(20_000)).status == "not in force"
    assert result("CY_VISITOR_PINK_SLIP", "2022-01-01", visitor(20_000)).status == "conditional"


# ----------------------------------------------------------------------------------------------------- naturalisation


def applicant(years, greek, absences=60, continuous=12, permit="cy_bfu_highly_skilled"):
    return {"age": 38, "education": {"level": "bachelor"}, "languages": {"el": greek}, "job_offer": OFFER,
            "status": {"permit_kind": permit, "residence_permit_country": "CY", "clean_record": True,
                       "continuous_months_before_application": continuous, "absence_days_last_12m": absences,
                       "cumulative_years_last_10y": years}}


def test_naturalisation_law_149_2023_applies_from_2023_12_19():
    for route_id in ("CY_NATURALISATION_HIGHLY_SKILLED", "CY_NATURALISATION_GENERAL"):
        assert result(route_id, "2023-12-18", applicant(8, "B1")).status == "not in force"
        assert result(route_id, "2023-12-19", applicant(8, "B1")).status in ("eligible", "conditional")


@pytest.mark.parametrize("years, greek, status", [
    (3, "B1", "eligible"), (2.9, "B1", "not eligible"), (4, "A2", "eligible"), (3, "A2", "not eligible"),
    (6, "A1", "not eligible"),
])
def test_highly_skilled_naturalisation_3_years_with_b1_or_4_with_a2(years, greek, status):
    assert result("CY_NATURALISATION_HIGHLY_SKILLED", "2024-06-01", applicant(years, greek)).status == status


def test_highly_skilled_naturalisation_needs_12_continuous_months_90_days_absence_and_the_category():
    on = "2024-06-01"
    assert failed(result("CY_NATURALISATION_HIGHLY_SKILLED", on, applicant(4, "A2", absences=91))) == ["absences"]
    assert failed(result("CY_NATURALISATION_HIGHLY_SKILLED", on, applicant(4, "A2", continuous=11))) == [
        "continuous_residence"]
    assert failed(result("CY_NATURALISATION_HIGHLY_SKILLED", on, applicant(4, "A2", permit="visitor"))) == [
        "highly_skilled_employee"]
    poorer = {**applicant(4, "A2"), "job_offer": {**OFFER, "salary": {"amount": 2_400, "period": "month"}}}
    assert failed(result("CY_NATURALISATION_HIGHLY_SKILLED", on, poorer)) == ["income"]


def test_general_naturalisation_7_years_greek_b1_and_the_civics_test():
    r = result("CY_NATURALISATION_GENERAL", "2024-06-01", applicant(7, "B1", permit="other"))
    assert r.status == "conditional" and any("civics" in c for c in r.conditional_on)
    assert failed(result("CY_NATURALISATION_GENERAL", "2024-06-01", applicant(6, "B1"))) == ["cumulative_residence"]
    assert failed(result("CY_NATURALISATION_GENERAL", "2024-06-01", applicant(7, "A2"))) == ["greek"]
