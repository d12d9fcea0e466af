"""Investor residence routes (policy/rules.md sections 3.3 and 4): every dated change on both sides of its date, the
thresholds by zone and kind, the suspensions for Russians, and the conventions every investor route keeps."""

import datetime as dt

import pytest

from relokant.policy.eligibility import STATUS_NAMES, evaluate, evaluate_population, route_attributes
from relokant.policy.person import flatten, parse_person
from relokant.policy.routes import all_routes, get
from tests.policy.columns import stack

INVESTOR_ROUTES = [r for r in all_routes() if r.kind == "investor"]


def result(route_id, on, person):
    return evaluate(get(route_id), parse_person(person), dt.date.fromisoformat(on))


def investor(country, kind, value_eur, nationality="TR", status=None, **investment):
    person = {"age": 45, "nationalities": nationality if isinstance(nationality, list) else [nationality],
              "investment": {"country": country, "kind": kind, "value_eur": value_eur, **investment}}
    if status:
        person["status"] = status
    return person


def failed(r):
    return sorted(c.id for c in r.failed)


# ----------------------------------------------------------------------------------------------------- conventions


def test_every_investor_route_has_a_legal_reference_sources_and_reports_the_minimum():
    assert {r.country for r in INVESTOR_ROUTES} >= {"GR", "PT", "ES", "MT", "HU", "LV", "IT"}
    for route in INVESTOR_ROUTES:
        assert route.legal_reference and route.sources, route.id
        assert all(s.startswith("http") for s in route.sources), route.id
        if route.id != "ES_GOLDEN_VISA_BUSINESS_PROJECT":  # no amount in rules.md: decided by assessment
            assert "min_eur" in route.outputs, route.id
        for name, parameter in route.parameters.items():
            assert parameter.source, (route.id, name)


# A non-Russian with means but no investment yet, on a date each route is in force.
MEANS = {"age": 45, "nationalities": ["TR"], "funds": {"amount": 200_000, "period": "year"},
         "status": {"total_assets_eur": 2_000_000, "financial_assets_eur": 1_000_000}}


@pytest.mark.parametrize("route", INVESTOR_ROUTES, ids=[r.id for r in INVESTOR_ROUTES])
def test_a_person_without_an_investment_yet_is_conditional(route):
    on = max(route.valid_from, dt.date(2023, 6, 1))
    r = evaluate(route, parse_person(MEANS), on)
    assert r.status == "conditional", [(c.id, c.detail) for c in r.checks]
    assert any(c.open for c in r.checks) or route.conditional_on


@pytest.mark.parametrize("route_id", ["GR_INVESTOR_REAL_ESTATE", "PT_ARI_FUND", "MT_MPRP", "LV_INVESTOR_RESIDENCE"])
def test_a_russian_without_an_investment_is_not_eligible_where_a_suspension_holds(route_id):
    r = result(route_id, "2024-10-01", dict(MEANS, nationalities=["RU"]))
    assert r.status == "not eligible" and failed(r) == ["ru_suspension"]


ROUTES_UNDER_TEST = tuple(INVESTOR_ROUTES)


def stack_for_investor_routes(flats):
    return stack(flats, set().union(*(route_attributes(r) for r in ROUTES_UNDER_TEST)))

PEOPLE = [
    investor("GR", "real_estate", 300_000, zone="athens_central", deposit_date="2023-07-01",
             purchase_date="2023-11-01"),
    investor("GR", "real_estate", 450_000, nationality="RU", area_sqm=130),
    investor("GR", "listed_building_restoration", 260_000, zone="mykonos"),
    investor("PT", "investment_fund", 500_000, fund_maturity_years=6, share_in_domestic_companies=0.7),
    investor("PT", "culture_heritage", 210_000, zone="low_density"),
    investor("MT", "property_lease", 11_000, zone="gozo",
             status={"total_assets_eur": 700_000, "financial_assets_eur": 100_000}),
    investor("HU", "residential_property", 500_000, purchase_date="2025-01-01"),
    investor("LV", "subordinated_liabilities", 300_000, nationality="BY", fund_maturity_years=5),
    investor("CY", "company_shares", 300_000),
    MEANS,
]


@pytest.mark.parametrize("on", ["2022-02-28", "2023-08-01", "2023-10-07", "2024-09-01", "2025-01-01", "2025-04-04"])
def test_population_evaluation_agrees_with_single_evaluation_on_the_change_dates(on):
    day = dt.date.fromisoformat(on)
    persons = [parse_person(p) for p in PEOPLE]
    vector = evaluate_population(stack_for_investor_routes([flatten(p, day) for p in persons]), day, ROUTES_UNDER_TEST)
    for i, person in enumerate(persons):
        for route in ROUTES_UNDER_TEST:
            single = evaluate(route, person, day).status
            got = STATUS_NAMES[int(vector[route.id][i])]
            assert got == ("not eligible" if single == "not in force" else single), (route.id, i)


# ---------------------------------------------------------------------------------------------------------- Greece


def test_gr_core_zones_rise_from_250k_to_500k_on_2023_08_01():
    person = investor("GR", "real_estate", 300_000, zone="athens_central")
    before, after = result("GR_INVESTOR_REAL_ESTATE", "2023-07-31", person), \
        result("GR_INVESTOR_REAL_ESTATE", "2023-08-01", person)
    assert before.status == "eligible" and before.outputs["min_eur"] == 250_000
    assert after.status == "not eligible" and after.outputs["min_eur"] == 500_000
    assert failed(after) == ["minimum_investment"]


def test_gr_core_zones_ask_for_a_single_property_from_2023_08_01():
    person = investor("GR", "real_estate", 600_000, zone="mykonos", single_property=False)
    assert result("GR_INVESTOR_REAL_ESTATE", "2023-07-31", person).status == "eligible"
    assert failed(result("GR_INVESTOR_REAL_ESTATE", "2023-08-01", person)) == ["single_property"]


def test_gr_outside_the_core_zones_250k_holds_until_2024_08_31_then_400k():
    person = investor("GR", "real_estate", 300_000, zone="peloponnese", single_property=False, area_sqm=130)
    assert result("GR_INVESTOR_REAL_ESTATE", "2023-08-01", person).outputs["min_eur"] == 250_000
    before = result("GR_INVESTOR_REAL_ESTATE", "2024-08-31", person)
    after = result("GR_INVESTOR_REAL_ESTATE", "2024-09-01", person)
    assert before.status == "eligible" and before.outputs["min_eur"] == 250_000
    assert after.outputs["min_eur"] == 400_000
    assert failed(after) == ["minimum_investment", "single_property"]


@pytest.mark.parametrize("zone", ["attica_other", "island_over_3100", "athens_south", "santorini"])
def test_gr_attica_thessaloniki_and_large_islands_rise_to_800k_on_2024_09_01(zone):
    person = investor("GR", "real_estate", 600_000, zone=zone, area_sqm=130)
    before = result("GR_INVESTOR_REAL_ESTATE", "2024-08-31", person)
    after = result("GR_INVESTOR_REAL_ESTATE", "2024-09-01", person)
    assert before.status == "eligible"
    assert after.outputs["min_eur"] == 800_000 and failed(after) == ["minimum_investment"]


def test_gr_main_area_of_120_sqm_from_2024_09_01():
    person = investor("GR", "real_estate", 450_000, zone="peloponnese", area_sqm=100)
    assert result("GR_INVESTOR_REAL_ESTATE", "2024-08-31", person).status == "eligible"
    assert failed(result("GR_INVESTOR_REAL_ESTATE", "2024-09-01", person)) == ["property_area"]


def test_gr_2023_transitional_rule_keeps_250k_for_a_deposit_by_2023_07_31_and_completion_by_2023_12_31():
    def person(deposit, purchase):
        return investor("GR", "real_estate", 300_000, zone="athens_central", single_property=False,
                        deposit_date=deposit, purchase_date=purchase)

    kept = result("GR_INVESTOR_REAL_ESTATE", "2023-09-15", person("2023-07-31", "2023-09-01"))
    assert kept.status == "eligible" and kept.outputs == {"min_eur": 250_000, "transitional_2023": True}
    late_deposit = result("GR_INVESTOR_REAL_ESTATE", "2023-09-15", person("2023-08-01", "2023-09-01"))
    assert late_deposit.outputs["min_eur"] == 500_000 and late_deposit.status == "not eligible"
    late_completion = result("GR_INVESTOR_REAL_ESTATE", "2024-01-15", person("2023-07-31", "2024-01-01"))
    assert late_completion.outputs["min_eur"] == 500_000 and late_completion.status == "not eligible"


def test_gr_conversion_route_starts_on_2024_09_01_at_250k_anywhere():
    person = investor("GR", "commercial_to_residential_conversion", 250_000, zone="athens_central")
    assert result("GR_INVESTOR_CONVERSION", "2024-08-31", person).status == "not in force"
    r = result("GR_INVESTOR_CONVERSION", "2024-09-01", person)
    assert r.status == "eligible" and r.outputs["min_eur"] == 250_000
    assert "no transfer" in r.rights["notes"] or "not be transferred" in r.rights["notes"]


def test_gr_suspension_for_russian_citizens_from_2022_02_28():
    person = investor("GR", "real_estate", 300_000, nationality="RU")
    assert result("GR_INVESTOR_REAL_ESTATE", "2022-02-27", person).status == "eligible"
    r = result("GR_INVESTOR_REAL_ESTATE", "2022-02-28", person)
    assert r.status == "not eligible" and failed(r) == ["ru_suspension"]
    assert failed(result("GR_INVESTOR_CONVERSION", "2024-10-01",
                         investor("GR", "listed_building_restoration", 300_000, nationality="RU"))) == ["ru_suspension"]


def test_gr_suspension_covers_dual_russian_nationals():
    person = investor("GR", "real_estate", 300_000, nationality=["RU", "TR"])
    assert failed(result("GR_INVESTOR_REAL_ESTATE", "2023-01-10", person)) == ["ru_suspension"]


def test_gr_rights_five_year_permit_without_employment():
    rights = result("GR_INVESTOR_REAL_ESTATE", "2023-01-10", MEANS).rights
    assert rights["validity_months"] == 60 and rights["work"] == "none" and rights["family"] is True


# -------------------------------------------------------------------------------------------------------- Portugal


def test_pt_real_estate_routes_close_on_2023_10_07():
    person = investor("PT", "real_estate", 500_000, nationality="BR")
    assert result("PT_ARI_REAL_ESTATE", "2023-10-06", person).status == "eligible"
    assert result("PT_ARI_REAL_ESTATE", "2023-10-07", person).status == "not in force"


def test_pt_rehabilitation_350k_and_capital_transfer_1_5m_before_the_closure():
    rehab = result("PT_ARI_REAL_ESTATE", "2023-05-01", investor("PT", "real_estate_rehabilitation", 350_000))
    assert rehab.status == "eligible" and rehab.outputs["min_eur"] == 350_000
    transfer = result("PT_ARI_REAL_ESTATE", "2023-05-01", investor("PT", "capital_transfer", 1_400_000))
    assert transfer.outputs["min_eur"] == 1_500_000 and failed(transfer) == ["minimum_investment"]


def test_pt_fund_route_stays_open_on_both_sides_of_2023_10_07():
    person = investor("PT", "investment_fund", 500_000, fund_maturity_years=5, share_in_domestic_companies=0.6)
    for on in ("2023-10-06", "2023-10-07"):
        assert result("PT_ARI_FUND", on, person).status == "eligible", on


def test_pt_fund_needs_five_years_maturity_and_60_percent_in_portuguese_companies():
    r = result("PT_ARI_FUND", "2024-05-01", investor("PT", "investment_fund", 500_000, fund_maturity_years=4,
                                                     share_in_domestic_companies=0.5))
    assert failed(r) == ["fund_domestic_share", "fund_maturity"]


def test_pt_suspension_for_russian_citizens_from_2022_03_01_is_flagged_uncertain():
    person = investor("PT", "investment_fund", 500_000, nationality="RU", fund_maturity_years=5,
                      share_in_domestic_companies=0.6)
    assert result("PT_ARI_FUND", "2022-02-28", person).status == "eligible"
    r = result("PT_ARI_FUND", "2022-03-01", person)
    assert failed(r) == ["ru_suspension"]
    assert any("AIMA" in note for note in r.uncertain) and any("Feb/Mar" in note for note in r.uncertain)


def test_pt_culture_route_is_20_percent_cheaper_in_low_density_areas():
    assert result("PT_ARI_CULTURE", "2024-05-01", investor("PT", "culture_heritage", 210_000,
                                                           zone="low_density")).outputs["min_eur"] == 200_000
    r = result("PT_ARI_CULTURE", "2024-05-01", investor("PT", "culture_heritage", 210_000))
    assert r.outputs["min_eur"] == 250_000 and r.status == "not eligible"


# ----------------------------------------------------------------------------------------------------------- Spain


def test_es_new_applications_until_2025_04_03_not_from_2025_04_04():
    for route_id in ("ES_GOLDEN_VISA", "ES_GOLDEN_VISA_BUSINESS_PROJECT"):
        person = investor("ES", "real_estate" if route_id == "ES_GOLDEN_VISA" else "business_project", 500_000)
        assert result(route_id, "2025-04-03", person).status in ("eligible", "conditional")
        assert result(route_id, "2025-04-04", person).status == "not in force"


def test_es_minimum_by_kind_of_investment():
    debt = result("ES_GOLDEN_VISA", "2024-01-10", investor("ES", "public_debt", 1_900_000))
    assert debt.outputs["min_eur"] == 2_000_000 and debt.status == "not eligible"
    deposit = result("ES_GOLDEN_VISA", "2024-01-10", investor("ES", "bank_deposit", 1_000_000))
    assert deposit.outputs["min_eur"] == 1_000_000 and deposit.status == "eligible"


def test_es_business_project_depends_on_the_assessment_and_russians_are_not_excluded():
    r = result("ES_GOLDEN_VISA_BUSINESS_PROJECT", "2024-01-10", investor("ES", "business_project", 100_000, "RU"))
    assert r.status == "conditional" and r.conditional_on
    assert result("ES_GOLDEN_VISA", "2024-01-10", investor("ES", "real_estate", 500_000, "RU")).status == "eligible"


# ----------------------------------------------------------------------------------------------------------- Malta

MT_ASSETS = {"total_assets_eur": 600_000, "financial_assets_eur": 160_000}


def test_mt_purchase_minimum_rises_from_350k_to_375k_on_2025_01_01():
    person = investor("MT", "real_estate", 360_000, status=MT_ASSETS)
    before, after = result("MT_MPRP", "2024-12-31", person), result("MT_MPRP", "2025-01-01", person)
    assert before.status == "eligible" and before.outputs["min_property_eur"] == 350_000
    assert after.outputs["min_property_eur"] == 375_000 and failed(after) == ["minimum_investment"]


@pytest.mark.parametrize("zone", ["malta_south", "gozo"])
def test_mt_lower_south_malta_and_gozo_figures_end_on_2025_01_01(zone):
    person = investor("MT", "real_estate", 320_000, zone=zone, status=MT_ASSETS)
    before, after = result("MT_MPRP", "2024-12-31", person), result("MT_MPRP", "2025-01-01", person)
    assert before.status == "eligible" and before.outputs["min_eur"] == 300_000
    assert after.status == "not eligible" and after.outputs["min_eur"] == 375_000


def test_mt_rent_minimums_by_date_and_location():
    rest, gozo = (investor("MT", "property_lease", 12_000, zone=z, status=MT_ASSETS) for z in ("", "gozo"))
    assert result("MT_MPRP", "2024-12-31", rest).outputs["min_eur"] == 12_000
    assert result("MT_MPRP", "2024-12-31", gozo).outputs["min_eur"] == 10_000
    after = result("MT_MPRP", "2025-01-01", rest)
    assert after.outputs["min_eur"] == 14_000 and failed(after) == ["minimum_investment"]


def test_mt_alternative_asset_tier_650k_with_75k_financial_from_2025_01_01():
    person = investor("MT", "real_estate", 400_000,
                      status={"total_assets_eur": 650_000, "financial_assets_eur": 80_000})
    assert failed(result("MT_MPRP", "2024-12-31", person)) == ["assets"]
    assert result("MT_MPRP", "2025-01-01", person).status == "eligible"


def test_mt_fees_and_contribution_by_date_and_kind():
    buy = investor("MT", "real_estate", 400_000, status=MT_ASSETS)
    rent = investor("MT", "property_lease", 15_000, status=MT_ASSETS)
    old, new = result("MT_MPRP", "2024-12-31", buy).outputs, result("MT_MPRP", "2025-01-01", buy).outputs
    assert (old["admin_fee_eur"], old["contribution_eur"]) == (40_000, 28_000)
    assert (new["admin_fee_eur"], new["contribution_eur"]) == (50_000, 30_000)
    assert result("MT_MPRP", "2024-12-31", rent).outputs["contribution_eur"] == 58_000
    assert result("MT_MPRP", "2025-01-01", rent).outputs["contribution_eur"] == 60_000


@pytest.mark.parametrize("nationality", ["RU", "BY"])
def test_mt_suspension_for_russians_and_belarusians_from_2022_03_02(nationality):
    person = investor("MT", "real_estate", 400_000, nationality=nationality, status=MT_ASSETS)
    assert result("MT_MPRP", "2022-03-01", person).status == "eligible"
    assert failed(result("MT_MPRP", "2022-03-02", person)) == ["ru_suspension"]


# --------------------------------------------------------------------------------------------------------- Hungary


def test_hu_guest_investor_starts_on_2024_07_01():
    person = investor("HU", "real_estate_fund_units", 250_000)
    assert result("HU_GUEST_INVESTOR", "2024-06-30", person).status == "not in force"
    assert result("HU_GUEST_INVESTOR", "2024-07-01", person).status == "eligible"


def test_hu_property_qualifies_only_if_acquired_from_2025_01_01():
    def bought(on):
        return investor("HU", "residential_property", 500_000, purchase_date=on)

    r = result("HU_GUEST_INVESTOR", "2025-02-01", bought("2024-12-31"))
    assert failed(r) == ["property_acquired_from_2025"]
    assert result("HU_GUEST_INVESTOR", "2025-02-01", bought("2025-01-01")).status == "eligible"


def test_hu_minimum_by_kind_and_ten_year_permit_with_work_rights():
    short = result("HU_GUEST_INVESTOR", "2024-09-01", investor("HU", "donation_higher_education", 900_000))
    assert short.outputs["min_eur"] == 1_000_000 and failed(short) == ["minimum_investment"]
    rights = short.rights
    assert rights["validity_months"] == 120 and rights["work"] == "full" and "renewable once" in rights["notes"]
    assert short.outputs["permit_years"] == 10


def test_hu_holding_period_is_an_obligation_not_a_check():
    r = result("HU_GUEST_INVESTOR", "2024-09-01", investor("HU", "real_estate_fund_units", 250_000, hold_years=0))
    assert r.status == "eligible" and r.thresholds["hold_years"] == 5


# ---------------------------------------------------------------------------------------------------------- Latvia


@pytest.mark.parametrize("nationality", ["RU", "BY"])
def test_lv_first_permits_suspended_for_russians_and_belarusians_from_2022_04_07(nationality):
    person = investor("LV", "real_estate", 250_000, nationality=nationality)
    assert result("LV_INVESTOR_RESIDENCE", "2022-04-06", person).status == "eligible"
    assert failed(result("LV_INVESTOR_RESIDENCE", "2022-04-07", person)) == ["ru_suspension"]


def test_lv_extension_of_investor_permits_barred_for_russians_from_2022_09_24():
    renewal = investor("LV", "real_estate", 250_000, nationality="RU",
                       status={"residence_permit_country": "LV", "permit_kind": "investor"})
    before = result("LV_INVESTOR_RESIDENCE", "2022-09-23", renewal)
    assert before.status == "eligible" and before.outputs["renewal"] is True
    assert failed(result("LV_INVESTOR_RESIDENCE", "2022-09-24", renewal)) == ["ru_suspension"]


def test_lv_subordinated_liabilities_need_280k_for_five_years():
    r = result("LV_INVESTOR_RESIDENCE", "2023-01-10", investor("LV", "subordinated_liabilities", 260_000,
                                                               fund_maturity_years=4))
    assert r.outputs["min_eur"] == 280_000 and failed(r) == ["minimum_investment", "subordinated_term"]


# ----------------------------------------------------------------------------------------------------------- Italy


@pytest.mark.parametrize("kind, minimum", [("government_bonds", 2_000_000), ("company_shares", 500_000),
                                           ("innovative_startup", 250_000), ("philanthropic_donation", 1_000_000)])
def test_it_minimum_by_kind_and_no_exclusion_of_russians(kind, minimum):
    r = result("IT_INVESTOR_VISA", "2024-01-10", investor("IT", kind, minimum, nationality="RU"))
    assert r.status == "eligible" and r.outputs["min_eur"] == minimum
    assert result("IT_INVESTOR_VISA", "2024-01-10", investor("IT", kind, minimum - 1)).status == "not eligible"


# ---------------------------------------------------------------------------------------------------------- Cyprus


def _cy(income, **family):
    return dict(investor("CY", "residential_property", 300_000), funds={"amount": income, "period": "year"}, **family)


def test_cy_income_requirement_rises_from_30k_to_50k_on_2023_05_02():
    before, after = result("CY_PR_INVESTMENT", "2023-05-01", _cy(40_000)), \
        result("CY_PR_INVESTMENT", "2023-05-02", _cy(40_000))
    assert before.status == "eligible" and before.outputs["required_income_eur_year"] == 30_000
    assert failed(after) == ["secured_income"] and after.outputs["required_income_eur_year"] == 50_000


def test_cy_income_for_spouse_and_children_by_date():
    family = _cy(90_000, spouse=True, children=2)
    assert result("CY_PR_INVESTMENT", "2023-05-01", family).outputs["required_income_eur_year"] == 30_000 + 3 * 5_000
    assert result("CY_PR_INVESTMENT", "2023-05-02", family).outputs["required_income_eur_year"] == 50_000 + 15_000 \
        + 2 * 10_000


def test_cy_dependent_parents_included_only_until_2023_05_01():
    person = _cy(100_000, dependent_parents=1)
    before = result("CY_PR_INVESTMENT", "2023-05-01", person)
    assert before.status == "eligible" and before.outputs["required_income_eur_year"] == 38_000
    assert failed(result("CY_PR_INVESTMENT", "2023-05-02", person)) == ["dependent_parents"]
