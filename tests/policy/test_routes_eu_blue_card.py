"""EU Blue Card routes (policy/rules.md section 2, Czech closure 5.5): every dated change on both sides of its date,
the reduced thresholds, currency conversion, and the conventions every Blue Card route keeps."""

import datetime as dt

import pytest

from relokant.policy.eligibility import evaluate
from relokant.policy.person import parse_person, per_eur
from relokant.policy.routes import all_routes, get
from relokant.policy.routes.eu_blue_card import CZ_RU_SUSPENSION

BLUE_CARDS = [r for r in all_routes() if r.id.startswith("EU_BLUE_CARD_")]


def result(route_id, on, person):
    return evaluate(get(route_id), parse_person(person), dt.date.fromisoformat(on))


def bc(country, salary=None, period="year", currency="EUR", contract=12, payments=12, nationality="RU",
       education="bachelor", graduated=2010, **changes):
    """A graduate (Russian unless said) with an offer in ``country`` (none when ``salary`` is None)."""
    person = {"age": 33, "nationalities": [nationality] if isinstance(nationality, str) else nationality,
              "education": {"level": education, "graduation_year": graduated}}
    if salary is not None:
        person["job_offer"] = {"country": country, "contract_months": contract,
                               "salary": {"amount": salary, "period": period, "currency": currency,
                                          "payments_per_year": payments}}
    person.update(changes)
    return person


def failed(r):
    return sorted(c.id for c in r.failed)


def opened(r):
    return sorted(c.id for c in r.checks if c.open)


IT_NO_DEGREE = {"education": "secondary", "graduated": None, "work": {"isco": "2512", "it_years_last7": 3}}

# ----------------------------------------------------------------------------------------------------- conventions


def test_the_ten_researched_countries_have_a_blue_card_route():
    assert {r.country for r in BLUE_CARDS} == {"DE", "NL", "FR", "AT", "PL", "CZ", "ES", "IT", "CY", "HU"}
    assert {r.id for r in BLUE_CARDS} == {f"EU_BLUE_CARD_{r.country}" for r in BLUE_CARDS}


def test_every_blue_card_route_has_a_legal_reference_sources_and_sourced_parameters():
    for route in [*BLUE_CARDS, get("DE_BLUE_CARD_SETTLEMENT")]:
        assert route.legal_reference and route.sources, route.id
        assert all(s.startswith("http") for s in route.sources), route.id
        assert route.uncertain, route.id
        for name, parameter in route.parameters.items():
            assert parameter.source, (route.id, name)


def test_every_blue_card_route_but_italy_reports_the_threshold_it_applied():
    for route in BLUE_CARDS:
        reported = {name for name in route.outputs if name.startswith("threshold_")}
        assert bool(reported) == (route.country != "IT"), route.id


@pytest.mark.parametrize("route", BLUE_CARDS, ids=lambda r: r.id)
def test_without_a_job_offer_a_graduate_is_conditional_not_rejected(route):
    on = max(route.valid_from, dt.date(2025, 3, 1)).isoformat()
    r = result(route.id, on, bc(route.country, nationality="IL"))
    assert r.status == "conditional", failed(r)
    assert {"job_offer", "contract_duration"} <= set(opened(r))
    if route.country != "IT":
        assert "salary" in opened(r)


@pytest.mark.parametrize("route", BLUE_CARDS, ids=lambda r: r.id)
def test_each_route_starts_on_its_first_researched_date(route):
    day_before = (route.valid_from - dt.timedelta(days=1)).isoformat()
    assert result(route.id, day_before, bc(route.country, nationality="IL")).status == "not in force"
    assert result(route.id, route.valid_from.isoformat(), bc(route.country, nationality="IL")).status == "conditional"


def test_an_offer_in_another_country_leaves_the_checks_open_instead_of_comparing_its_salary():
    r = result("EU_BLUE_CARD_FR", "2025-03-01", bc("DE", 30_000))
    assert r.status == "conditional"
    assert {"job_offer", "salary"} <= set(opened(r))


def test_without_a_degree_or_it_experience_a_person_is_not_eligible_even_without_an_offer():
    r = result("EU_BLUE_CARD_DE", "2025-03-01", bc("DE", education="secondary", graduated=None))
    assert r.status == "not eligible" and failed(r) == ["qualification"]


def test_an_eu_citizen_is_outside_the_blue_card():
    r = result("EU_BLUE_CARD_DE", "2025-03-01", bc("DE", 60_000, nationality=["RU", "LV"]))
    assert failed(r) == ["third_country_national"]


# ----------------------------------------------------------------------------------------------------- Germany


def test_de_route_starts_with_the_first_researched_threshold_2023_01_01():
    assert result("EU_BLUE_CARD_DE", "2022-12-31", bc("DE", 60_000)).status == "not in force"
    assert result("EU_BLUE_CARD_DE", "2023-01-01", bc("DE", 60_000)).status == "eligible"


def test_de_recast_2023_11_18_lowers_the_threshold_from_58400_to_43800():
    before = result("EU_BLUE_CARD_DE", "2023-11-17", bc("DE", 50_000))
    after = result("EU_BLUE_CARD_DE", "2023-11-18", bc("DE", 50_000))
    assert before.status == "not eligible" and before.outputs["threshold_eur"] == 58_400
    assert after.status == "eligible" and after.outputs["threshold_eur"] == 43_800


def test_de_recast_2023_11_18_lowers_the_reduced_threshold_from_45552_to_39682_80():
    shortage = {"work": {"shortage_occupation": True}}
    assert result("EU_BLUE_CARD_DE", "2023-11-17", bc("DE", 40_000, **shortage)).outputs["threshold_eur"] == 45_552
    after = result("EU_BLUE_CARD_DE", "2023-11-18", bc("DE", 40_000, **shortage))
    assert after.status == "eligible" and after.outputs["threshold_eur"] == pytest.approx(39_682.80)


def test_de_recast_2023_11_18_cuts_the_contract_minimum_from_12_to_6_months():
    assert failed(result("EU_BLUE_CARD_DE", "2023-11-17", bc("DE", 60_000, contract=6))) == ["contract_duration"]
    assert result("EU_BLUE_CARD_DE", "2023-11-18", bc("DE", 60_000, contract=6)).status == "eligible"
    assert failed(result("EU_BLUE_CARD_DE", "2025-03-01", bc("DE", 60_000, contract=5))) == ["contract_duration"]


def test_de_recast_2023_11_18_gives_recent_graduates_the_reduced_threshold():
    graduate = bc("DE", 42_000, graduated=2021)
    before = result("EU_BLUE_CARD_DE", "2023-11-17", graduate)
    after = result("EU_BLUE_CARD_DE", "2023-11-18", graduate)
    assert before.status == "not eligible" and before.outputs["threshold_eur"] == 58_400
    assert after.status == "eligible" and after.outputs["ba_approval_needed"] is True


def test_de_recast_2023_11_18_admits_it_specialists_without_a_degree():
    it = bc("DE", 60_000, **IT_NO_DEGREE)
    assert failed(result("EU_BLUE_CARD_DE", "2023-11-17", it)) == ["qualification"]
    after = result("EU_BLUE_CARD_DE", "2023-11-18", it)
    assert after.status == "eligible" and after.outputs["qualification_route"] == "IT_experience_without_degree"
    short = bc("DE", 60_000, **{**IT_NO_DEGREE, "work": {"isco": "2512", "it_years_last7": 2.5}})
    assert failed(result("EU_BLUE_CARD_DE", "2025-03-01", short)) == ["qualification"]


@pytest.mark.parametrize("before, after, standard, reduced", [
    ("2023-12-31", "2024-01-01", (43_800, 45_300), (39_682.80, 41_041.80)),
    ("2024-12-31", "2025-01-01", (45_300, 48_300), (41_041.80, 43_759.80)),
])
def test_de_thresholds_change_every_calendar_year(before, after, standard, reduced):
    route = get("EU_BLUE_CARD_DE")
    for day_, s, red in ((before, standard[0], reduced[0]), (after, standard[1], reduced[1])):
        params = route.parameters_at(dt.date.fromisoformat(day_))
        assert (params["standard_eur"], params["reduced_eur"]) == (s, pytest.approx(red))
    # a salary between the two standard figures passes before and fails after
    between = (standard[0] + standard[1]) / 2
    assert result("EU_BLUE_CARD_DE", before, bc("DE", between)).status == "eligible"
    assert failed(result("EU_BLUE_CARD_DE", after, bc("DE", between))) == ["salary"]


def test_de_salary_at_the_standard_threshold_needs_no_reduced_threshold_nor_ba_approval():
    r = result("EU_BLUE_CARD_DE", "2024-06-01", bc("DE", 45_300, work={"shortage_occupation": True}))
    assert r.status == "eligible"
    assert r.outputs == {**r.outputs, "threshold_eur": 45_300, "ba_approval_needed": False, "reduced_threshold": False}
    below = result("EU_BLUE_CARD_DE", "2024-06-01", bc("DE", 41_041.79, work={"shortage_occupation": True}))
    assert failed(below) == ["salary"]


def test_de_after_the_last_researched_year_the_route_is_conditional_on_the_current_threshold():
    assert result("EU_BLUE_CARD_DE", "2025-12-31", bc("DE", 50_000)).status == "eligible"
    after = result("EU_BLUE_CARD_DE", "2026-01-01", bc("DE", 50_000))
    assert after.status == "conditional" and opened(after) == ["threshold_known"]
    assert after.outputs["threshold_eur"] == 48_300
    assert failed(result("EU_BLUE_CARD_DE", "2026-01-01", bc("DE", 40_000))) == ["salary"]


def test_de_blue_card_rights():
    rights = get("EU_BLUE_CARD_DE").rights
    assert (rights.validity_months, rights.months_to_permanent, rights.family) == (48, 21, True)


# ----------------------------------------------------------------------------------------------------- settlement


def holder(months, german, pension=None):
    return bc("DE", languages={"de": german},
              status={"permit_kind": "eu_blue_card", "residence_permit_country": "DE", "permit_months": months,
                      "pension_contribution_months": months if pension is None else pension})


def test_de_settlement_starts_with_the_recast_2023_11_18():
    assert result("DE_BLUE_CARD_SETTLEMENT", "2023-11-17", holder(30, "B1")).status == "not in force"
    assert result("DE_BLUE_CARD_SETTLEMENT", "2023-11-18", holder(30, "B1")).status == "eligible"


@pytest.mark.parametrize("german, months, status", [
    ("B1", 20, "not eligible"), ("B1", 21, "eligible"), ("C1", 21, "eligible"),
    ("A1", 26, "not eligible"), ("A2", 27, "eligible"), ("none", 40, "not eligible"),
])
def test_de_settlement_after_21_months_with_b1_or_27_with_a1(german, months, status):
    assert result("DE_BLUE_CARD_SETTLEMENT", "2025-06-01", holder(months, german)).status == status


def test_de_settlement_needs_a_german_blue_card_and_pension_contributions_for_the_months():
    assert failed(result("DE_BLUE_CARD_SETTLEMENT", "2025-06-01", holder(22, "B1", pension=20))) == [
        "pension_contributions"]
    other = holder(22, "B1")
    other["status"]["residence_permit_country"] = "NL"
    assert failed(result("DE_BLUE_CARD_SETTLEMENT", "2025-06-01", other)) == ["holds_blue_card"]


# ----------------------------------------------------------------------------------------------------- Netherlands


def test_nl_recast_2024_06_12_lowers_the_threshold_from_6245_to_5331():
    before = result("EU_BLUE_CARD_NL", "2024-06-11", bc("NL", 5_500, period="month"))
    after = result("EU_BLUE_CARD_NL", "2024-06-12", bc("NL", 5_500, period="month"))
    assert before.status == "not eligible" and before.outputs["threshold_month_eur"] == 6_245
    assert after.status == "eligible" and after.outputs["threshold_month_eur"] == 5_331


def test_nl_recast_2024_06_12_introduces_the_reduced_threshold_for_recent_graduates():
    graduate = bc("NL", 4_300, period="month", graduated=2022)
    before = result("EU_BLUE_CARD_NL", "2024-06-11", graduate)
    assert before.status == "not eligible" and before.outputs["reduced_threshold"] is False
    after = result("EU_BLUE_CARD_NL", "2024-06-12", graduate)
    assert after.status == "eligible" and after.outputs["threshold_month_eur"] == 4_265


def test_nl_recast_2024_06_12_cuts_the_contract_minimum_and_accepts_experience():
    assert failed(result("EU_BLUE_CARD_NL", "2024-06-11", bc("NL", 7_000, period="month", contract=6))) == [
        "contract_duration"]
    assert result("EU_BLUE_CARD_NL", "2024-06-12", bc("NL", 7_000, period="month", contract=6)).status == "eligible"
    experienced = bc("NL", 7_000, period="month", education="secondary", graduated=None,
                     work={"years_last7": 5, "years_last5": 5})
    assert failed(result("EU_BLUE_CARD_NL", "2024-06-11", experienced)) == ["qualification"]
    after = result("EU_BLUE_CARD_NL", "2024-06-12", experienced)
    assert after.status == "eligible" and after.outputs["qualification_route"] == "professional_experience_5y"
    assert failed(result("EU_BLUE_CARD_NL", "2024-06-11", bc("NL", 7_000, period="month", **IT_NO_DEGREE))) == [
        "qualification"]
    assert result("EU_BLUE_CARD_NL", "2024-06-12", bc("NL", 7_000, period="month", **IT_NO_DEGREE)).eligible


def test_nl_2025_figures_from_2025_01_01():
    assert result("EU_BLUE_CARD_NL", "2024-12-31", bc("NL", 5_500, period="month")).status == "eligible"
    after = result("EU_BLUE_CARD_NL", "2025-01-01", bc("NL", 5_500, period="month"))
    assert failed(after) == ["salary"] and after.outputs["threshold_month_eur"] == 5_688
    graduate = bc("NL", 4_400, period="month", graduated=2023)
    assert result("EU_BLUE_CARD_NL", "2024-12-31", graduate).outputs["threshold_month_eur"] == 4_265
    assert failed(result("EU_BLUE_CARD_NL", "2025-01-01", graduate)) == ["salary"]


def test_nl_compares_the_monthly_salary_and_is_conditional_after_2025():
    annual = bc("NL", 12 * 5_700)  # an annual offer of 12 payments is 5,700 a month
    assert result("EU_BLUE_CARD_NL", "2025-03-01", annual).status == "eligible"
    assert result("EU_BLUE_CARD_NL", "2025-12-31", annual).status == "eligible"
    assert opened(result("EU_BLUE_CARD_NL", "2026-01-01", annual)) == ["threshold_known"]


# ----------------------------------------------------------------------------------------------------- France


def test_fr_threshold_rises_to_59373_on_2025_08_29():
    before = result("EU_BLUE_CARD_FR", "2025-08-28", bc("FR", 55_000))
    after = result("EU_BLUE_CARD_FR", "2025-08-29", bc("FR", 55_000))
    assert before.status == "eligible" and before.outputs["threshold_eur"] == 53_836.50
    assert failed(after) == ["salary"] and after.outputs["threshold_eur"] == 59_373
    assert any("29 or 31 Aug" in note for note in after.uncertain)


def test_fr_route_starts_2024_01_01():
    assert result("EU_BLUE_CARD_FR", "2023-12-31", bc("FR", 60_000)).status == "not in force"
    assert result("EU_BLUE_CARD_FR", "2024-01-01", bc("FR", 60_000)).status == "eligible"


# ----------------------------------------------------------------------------------------------------- Austria


def test_at_is_always_conditional_on_the_ams_labour_market_test():
    r = result("EU_BLUE_CARD_AT", "2024-06-01", bc("AT", 60_000, payments=14))
    assert r.status == "conditional" and not opened(r)
    assert any("AMS" in c for c in r.conditional_on)


def test_at_route_starts_with_the_recast_rules_2022_10_01():
    assert result("EU_BLUE_CARD_AT", "2022-09-30", bc("AT", 50_000)).status == "not in force"
    r = result("EU_BLUE_CARD_AT", "2022-10-01", bc("AT", 50_000))
    assert r.status == "conditional" and r.outputs["threshold_eur"] == 44_395 and not opened(r)


@pytest.mark.parametrize("before, after, old, new", [
    ("2023-12-31", "2024-01-01", 44_395, 47_855), ("2024-12-31", "2025-01-01", 47_855, 51_492)])
def test_at_thresholds_change_on_1_january(before, after, old, new):
    salary = (old + new) / 2
    r_before = result("EU_BLUE_CARD_AT", before, bc("AT", salary, payments=14))
    r_after = result("EU_BLUE_CARD_AT", after, bc("AT", salary, payments=14))
    assert r_before.outputs["threshold_eur"] == old and "salary" not in failed(r_before)
    assert r_after.outputs["threshold_eur"] == new and failed(r_after) == ["salary"]


def test_at_2023_is_a_gap_so_the_2022_figure_is_applied_conditionally():
    assert opened(result("EU_BLUE_CARD_AT", "2022-12-31", bc("AT", 50_000))) == []
    assert opened(result("EU_BLUE_CARD_AT", "2023-01-01", bc("AT", 50_000))) == ["threshold_known"]
    assert opened(result("EU_BLUE_CARD_AT", "2025-12-31", bc("AT", 52_000))) == []
    assert opened(result("EU_BLUE_CARD_AT", "2026-01-01", bc("AT", 52_000))) == ["threshold_known"]


def test_at_counts_14_monthly_payments():
    monthly = bc("AT", 3_500, period="month", payments=14)  # 49,000 a year with the special payments
    assert "salary" not in failed(result("EU_BLUE_CARD_AT", "2024-06-01", monthly))
    twelve = bc("AT", 3_500, period="month", payments=12)  # 42,000
    assert failed(result("EU_BLUE_CARD_AT", "2024-06-01", twelve)) == ["salary"]


# ----------------------------------------------------------------------------------------------------- Poland


def test_pl_compares_in_zloty_with_the_rate_the_offer_was_converted_with():
    zloty = result("EU_BLUE_CARD_PL", "2025-03-01", bc("PL", 12_300, period="month", currency="PLN"))
    assert zloty.status == "eligible" and zloty.outputs["salary_month_pln"] == pytest.approx(12_300)
    assert zloty.outputs["threshold_month_pln"] == 12_272.58
    assert zloty.outputs["threshold_month_eur"] == pytest.approx(12_272.58 / per_eur("PLN"))
    euro = 12_200 / per_eur("PLN")  # the same offer in EUR, just under the threshold once converted
    assert failed(result("EU_BLUE_CARD_PL", "2025-03-01", bc("PL", euro, period="month"))) == ["salary"]


def test_pl_threshold_2025_from_1_january():
    offer = bc("PL", 11_000, period="month", currency="PLN", contract=12)
    assert result("EU_BLUE_CARD_PL", "2023-12-31", offer).status == "not in force"
    assert result("EU_BLUE_CARD_PL", "2024-12-31", offer).status == "eligible"
    assert failed(result("EU_BLUE_CARD_PL", "2025-01-01", offer)) == ["salary"]
    assert opened(result("EU_BLUE_CARD_PL", "2026-01-01", bc("PL", 13_000, period="month", currency="PLN"))) == [
        "threshold_known"]


def test_pl_new_rules_2025_06_01_cut_the_contract_minimum_and_admit_it_experience():
    six = bc("PL", 13_000, period="month", currency="PLN", contract=6)
    assert failed(result("EU_BLUE_CARD_PL", "2025-05-31", six)) == ["contract_duration"]
    assert result("EU_BLUE_CARD_PL", "2025-06-01", six).status == "eligible"
    it = bc("PL", 13_000, period="month", currency="PLN", **IT_NO_DEGREE)
    assert failed(result("EU_BLUE_CARD_PL", "2025-05-31", it)) == ["qualification"]
    assert result("EU_BLUE_CARD_PL", "2025-06-01", it).status == "eligible"


# ----------------------------------------------------------------------------------------------------- Czechia


def test_cz_suspension_for_russians_starts_june_2022():
    assert not CZ_RU_SUSPENSION.at(dt.date(2022, 5, 31))
    assert CZ_RU_SUSPENSION.at(dt.date(2022, 6, 1)) is True
    assert CZ_RU_SUSPENSION.at(dt.date(2026, 6, 1)) is True  # no end date (decree of Feb 2024)
    assert get("EU_BLUE_CARD_CZ").parameters["ru_applications_suspended"] is CZ_RU_SUSPENSION


def test_cz_closed_to_russian_citizens_including_dual_citizens_but_not_to_others():
    offer = dict(salary=80_000, period="month", currency="CZK")
    russian = result("EU_BLUE_CARD_CZ", "2024-06-01", bc("CZ", **offer))
    assert russian.status == "not eligible" and failed(russian) == ["ru_applications_accepted"]
    dual = result("EU_BLUE_CARD_CZ", "2024-06-01", bc("CZ", nationality=["IL", "RU"], **offer))
    assert failed(dual) == ["ru_applications_accepted"]
    assert result("EU_BLUE_CARD_CZ", "2024-06-01", bc("CZ", nationality="IL", **offer)).status == "eligible"
    # without an offer a Russian is not eligible either: the closure is not something an offer can lift
    assert result("EU_BLUE_CARD_CZ", "2024-06-01", bc("CZ")).status == "not eligible"


def test_cz_exceptions_eu_residence_permit_and_renewal():
    offer = dict(salary=80_000, period="month", currency="CZK")
    permit = bc("CZ", status={"eu_residence_permit": True, "residence_permit_country": "DE"}, **offer)
    assert result("EU_BLUE_CARD_CZ", "2024-06-01", permit).status == "eligible"
    renewal = bc("CZ", status={"residence_permit_country": "CZ", "permit_kind": "eu_blue_card"}, **offer)
    assert result("EU_BLUE_CARD_CZ", "2024-06-01", renewal).status == "eligible"


@pytest.mark.parametrize("before, after, old, new", [
    ("2024-04-30", "2024-05-01", 60_530, 65_012), ("2025-04-30", "2025-05-01", 65_012, 69_248)])
def test_cz_thresholds_change_on_1_may(before, after, old, new):
    offer = bc("CZ", (old + new) / 2, period="month", currency="CZK", nationality="IL")
    r_before, r_after = result("EU_BLUE_CARD_CZ", before, offer), result("EU_BLUE_CARD_CZ", after, offer)
    assert r_before.status == "eligible" and r_before.outputs["threshold_month_czk"] == old
    assert failed(r_after) == ["salary"] and r_after.outputs["threshold_month_czk"] == new


def test_cz_route_from_2023_05_01_with_recast_contract_from_2023_07_01_and_known_until_april_2026():
    six = bc("CZ", 70_000, period="month", currency="CZK", nationality="IL", contract=6)
    assert result("EU_BLUE_CARD_CZ", "2023-04-30", six).status == "not in force"
    assert failed(result("EU_BLUE_CARD_CZ", "2023-06-30", six)) == ["contract_duration"]
    assert result("EU_BLUE_CARD_CZ", "2023-07-01", six).status == "eligible"
    assert result("EU_BLUE_CARD_CZ", "2026-04-30", six).status == "eligible"
    assert opened(result("EU_BLUE_CARD_CZ", "2026-05-01", six)) == ["threshold_known"]


# ----------------------------------------------------------------------------------------------------- Spain


def test_es_reduced_threshold_is_80_percent_for_shortage_occupations_and_recent_graduates():
    r = result("EU_BLUE_CARD_ES", "2024-09-01", bc("ES", 32_000, work={"shortage_occupation": True}))
    assert r.status == "eligible" and r.outputs["threshold_eur"] == pytest.approx(31_075.20)
    assert result("EU_BLUE_CARD_ES", "2024-09-01", bc("ES", 32_000, graduated=2023)).status == "eligible"
    assert failed(result("EU_BLUE_CARD_ES", "2024-09-01", bc("ES", 32_000))) == ["salary"]


def test_es_2025_is_a_gap_and_the_2026_order_applies_from_2026_01_30():
    assert result("EU_BLUE_CARD_ES", "2024-12-31", bc("ES", 40_000)).status == "eligible"
    gap = result("EU_BLUE_CARD_ES", "2025-01-01", bc("ES", 40_000))
    assert gap.status == "conditional" and opened(gap) == ["threshold_known"]
    assert result("EU_BLUE_CARD_ES", "2026-01-29", bc("ES", 40_000)).status == "conditional"
    after = result("EU_BLUE_CARD_ES", "2026-01-30", bc("ES", 40_000))
    assert failed(after) == ["salary"] and after.outputs["threshold_eur"] == pytest.approx(54_977.89)


# ----------------------------------------------------------------------------------------------------- Italy


def test_it_route_from_2023_11_17_is_conditional_on_the_collective_agreement_salary():
    offer = bc("IT", 40_000, contract=6)
    assert result("EU_BLUE_CARD_IT", "2023-11-16", offer).status == "not in force"
    r = result("EU_BLUE_CARD_IT", "2023-11-17", offer)
    assert r.status == "conditional" and not opened(r) and any("CCNL" in c for c in r.conditional_on)
    assert "salary" not in {c.id for c in r.checks}
    experienced = bc("IT", 40_000, education="secondary", graduated=None, work={"years_last7": 5})
    assert result("EU_BLUE_CARD_IT", "2024-06-01", experienced).status == "conditional"


# ----------------------------------------------------------------------------------------------------- Cyprus, Hungary


def test_cy_blue_card_2025_only():
    assert result("EU_BLUE_CARD_CY", "2024-12-31", bc("CY", 45_000)).status == "not in force"
    assert result("EU_BLUE_CARD_CY", "2025-01-01", bc("CY", 45_000)).status == "eligible"
    assert failed(result("EU_BLUE_CARD_CY", "2025-06-01", bc("CY", 43_000))) == ["salary"]
    assert opened(result("EU_BLUE_CARD_CY", "2026-01-01", bc("CY", 45_000))) == ["threshold_known"]
    assert "Schengen" in get("EU_BLUE_CARD_CY").rights.notes


def test_hu_thresholds_in_forint_change_on_1_january():
    offer = bc("HU", 800_000, period="month", currency="HUF")
    assert result("EU_BLUE_CARD_HU", "2023-12-31", offer).status == "not in force"
    r = result("EU_BLUE_CARD_HU", "2024-12-31", offer)
    assert r.status == "eligible" and r.outputs["threshold_month_huf"] == 773_649
    after = result("EU_BLUE_CARD_HU", "2025-01-01", offer)
    assert failed(after) == ["salary"] and after.outputs["threshold_month_huf"] == 883_671
    assert after.outputs["threshold_month_eur"] == pytest.approx(883_671 / per_eur("HUF"))
    assert opened(result("EU_BLUE_CARD_HU", "2026-01-01", bc("HU", 900_000, period="month", currency="HUF"))) == [
        "threshold_known"]
