"""Entry restrictions on Russians (rules.md 5.1-5.6): every dated change on both sides of its date, the exceptions,
and the vectorized evaluation agreeing with the explained one."""

import datetime as dt

import numpy as np
import pytest

from relokant.policy import routes
from relokant.policy.eligibility import CONDITIONAL, ELIGIBLE, NOT_ELIGIBLE, evaluate, evaluate_population
from relokant.policy.person import parse_person
from relokant.policy.routes import entry, lv_language
from relokant.scenario.model import FIRST_MONTH

TOURIST = {"purpose": "tourism", "visa": "schengen_c"}


def run(route_id, date, trip=None, status=None, **person):
    data = {"age": 35, "trip": trip or {}, "status": status or {}, **person}
    return evaluate(routes.get(route_id), parse_person(data), dt.date.fromisoformat(date))


def failed(result):
    return sorted(c.id for c in result.failed)


def test_entry_routes_start_with_the_engine():
    assert entry.MODEL_START.isoformat()[:7] == FIRST_MONTH


def test_one_entry_route_per_schengen_eu_member_with_the_same_visa_code_terms():
    ids = {r.id for r in routes.all_routes() if r.id.startswith("ENTRY_SCHENGEN_")}
    assert ids == {f"ENTRY_SCHENGEN_{code}" for code in entry.SCHENGEN_EU}
    assert all(routes.get(i).kind == "entry" and routes.get(i).country == i[-2:] for i in ids)
    outputs = {run(i, "2023-01-10").outputs["visa_fee_eur"] for i in ids}
    assert outputs == {80}


def test_visa_fee_and_processing_change_with_the_full_vfa_suspension_on_2022_09_12():
    before, after = run("ENTRY_SCHENGEN_DE", "2022-09-11"), run("ENTRY_SCHENGEN_DE", "2022-09-12")
    assert before.outputs == {"visa_fee_eur": 35, "standard_processing_days": 10, "max_processing_days": None,
                              "multi_entry_automatic": None}
    assert after.outputs == {"visa_fee_eur": 80, "standard_processing_days": 15, "max_processing_days": 45,
                             "multi_entry_automatic": False}


def test_no_visa_yet_is_conditional_on_obtaining_one_and_a_visa_or_permit_lets_one_in():
    assert run("ENTRY_SCHENGEN_DE", "2023-05-01").status == "conditional"
    assert run("ENTRY_SCHENGEN_DE", "2023-05-01", trip=TOURIST).status == "eligible"
    assert run("ENTRY_SCHENGEN_DE", "2023-05-01", status={"eu_residence_permit": True}).status == "eligible"
    on_arrival = run("ENTRY_SCHENGEN_DE", "2023-05-01", trip={"visa": "visa_on_arrival"})
    assert on_arrival.status == "not eligible" and failed(on_arrival) == ["schengen_visa"]


def test_the_entry_rules_are_for_russian_citizens():
    result = run("ENTRY_SCHENGEN_DE", "2023-05-01", trip=TOURIST, nationalities=["AM"])
    assert failed(result) == ["russian_citizen"]


@pytest.mark.parametrize("code", ["EE", "LV", "LT", "PL"])
def test_baltic_and_polish_tourist_ban_starts_on_2022_09_19(code):
    assert run(f"ENTRY_SCHENGEN_{code}", "2022-09-18", trip=TOURIST).status == "eligible"
    result = run(f"ENTRY_SCHENGEN_{code}", "2022-09-19", trip=TOURIST)
    assert result.status == "not eligible" and failed(result) == ["tourist_entry_ban"]


def test_baltic_ban_covers_business_but_not_family_humanitarian_or_transit_trips():
    def status(purpose):
        return run("ENTRY_SCHENGEN_LT", "2023-03-01", trip={"purpose": purpose, "visa": "schengen_c"}).status
    assert status("business") == "not eligible"
    assert [status(p) for p in ("family", "humanitarian", "transit", "work")] == ["eligible"] * 4


def test_baltic_ban_exempts_residence_permit_holders_and_dissidents_at_risk():
    assert run("ENTRY_SCHENGEN_EE", "2023-03-01", trip=TOURIST, status={"eu_residence_permit": True}).eligible
    assert run("ENTRY_SCHENGEN_EE", "2023-03-01", trip=TOURIST, status={"individually_at_risk": True}).eligible


def test_the_baltic_ban_is_national_a_german_entry_is_not_refused():
    assert run("ENTRY_SCHENGEN_DE", "2022-10-01", trip=TOURIST).eligible


def test_finnish_tourist_restriction_starts_on_2022_09_30():
    assert run("ENTRY_SCHENGEN_FI", "2022-09-29", trip=TOURIST).eligible
    result = run("ENTRY_SCHENGEN_FI", "2022-09-30", trip=TOURIST)
    assert failed(result) == ["tourist_entry_restriction"]


def test_finnish_restriction_leaves_family_visits_study_and_business():
    for purpose in ("family", "study", "business"):
        assert run("ENTRY_SCHENGEN_FI", "2023-01-10", trip={"purpose": purpose, "visa": "schengen_c"}).eligible


def test_finnish_eastern_land_border_closes_on_2023_12_15_even_for_residence_permit_holders():
    permit, land = {"eu_residence_permit": True}, {"crossing": "land"}
    reopened = run("ENTRY_SCHENGEN_FI", "2023-12-14", trip=land, status=permit)
    closed = run("ENTRY_SCHENGEN_FI", "2023-12-15", trip=land, status=permit)
    assert reopened.eligible and reopened.outputs["eastern_land_crossings_open"] is None  # how many: GAP
    assert failed(closed) == ["eastern_land_border"] and closed.outputs["eastern_land_crossings_open"] == 0
    assert run("ENTRY_SCHENGEN_FI", "2025-06-01", trip={"crossing": "air"}, status=permit).eligible


def test_finnish_land_crossings_close_step_by_step_in_november_2023():
    permit, land = {"eu_residence_permit": True}, {"crossing": "land"}
    counts = {d: run("ENTRY_SCHENGEN_FI", d, trip=land, status=permit).outputs["eastern_land_crossings_open"]
              for d in ("2023-11-17", "2023-11-18", "2023-11-23", "2023-11-24", "2023-11-29", "2023-11-30")}
    assert counts == {"2023-11-17": 9, "2023-11-18": 5, "2023-11-23": 5, "2023-11-24": 1, "2023-11-29": 1,
                      "2023-11-30": 0}
    assert run("ENTRY_SCHENGEN_FI", "2023-11-29", trip=land, status=permit).eligible
    assert failed(run("ENTRY_SCHENGEN_FI", "2023-11-30", trip=land, status=permit)) == ["eastern_land_border"]


def test_czech_visa_halt_from_2022_02_25_leaves_visas_issued_elsewhere_and_exceptions():
    assert run("ENTRY_SCHENGEN_CZ", "2022-02-24", trip={"purpose": "tourism"}).status == "conditional"
    halted = run("ENTRY_SCHENGEN_CZ", "2022-02-25", trip={"purpose": "tourism"})
    assert halted.status == "not eligible" and failed(halted) == ["czech_visa_halt"]
    assert run("ENTRY_SCHENGEN_CZ", "2022-02-25", trip=TOURIST).eligible
    assert run("ENTRY_SCHENGEN_CZ", "2023-02-25", trip={"purpose": "humanitarian"}).status == "conditional"


def test_czech_long_stay_halt_from_2022_06():
    assert run("CZ_LONG_STAY_RU", "2022-05-31").status == "eligible"
    halted = run("CZ_LONG_STAY_RU", "2022-06-01")
    assert halted.status == "not eligible" and failed(halted) == ["czech_long_stay_halt"]


def test_czech_long_stay_halt_lets_renewals_and_exceptions_through_and_activists_are_open():
    assert run("CZ_LONG_STAY_RU", "2024-05-01", status={"residence_permit_country": "CZ"}).status == "eligible"
    assert run("CZ_LONG_STAY_RU", "2024-05-01", status={"eu_residence_permit": True}).status == "eligible"
    activist = run("CZ_LONG_STAY_RU", "2024-05-01", status={"individually_at_risk": True})
    assert activist.status == "conditional" and [c.id for c in activist.checks if c.open] == ["czech_long_stay_halt"]
    assert activist.outputs["activist_quota_per_year"] == 500


# --- Latvia (5.6) --------------------------------------------------------------------------------------------------
FORMER = {"lv_permanent_permit": True, "former_lv_citizen_or_noncitizen": True}


def lv(date, languages=None, **status):
    return run("LV_RU_PERMANENT_RESIDENCE", date, status={**FORMER, **status}, languages=languages or {})


def test_latvian_permanent_permits_lapse_on_2023_09_02_without_a2_or_test_registration():
    assert lv("2023-09-01").eligible and lv("2023-09-01").outputs["must_leave_by"] is None
    lapsed = lv("2023-09-02")
    assert lapsed.status == "not eligible" and lapsed.outputs["must_leave_by"] == "2023-11-30"


def test_latvian_test_registrants_get_a_two_year_temporary_permit_from_2023_09_14():
    before = lv("2023-09-13", lv_a2_test_registered=True)
    after = lv("2023-09-14", lv_a2_test_registered=True)
    assert before.status == "not eligible"
    assert after.status == "conditional" and [c.id for c in after.checks if c.open] == ["latvian_a2"]
    assert after.outputs["temporary_permit_years"] == 2 and after.outputs["must_leave_by"] is None


def test_latvian_departure_deadline_passes_after_2023_11_30():
    assert lv("2023-11-30").outputs["departure_deadline_passed"] is False
    assert lv("2023-12-01").outputs["departure_deadline_passed"] is True


def test_latvian_eu_long_term_application_keeps_residence_only_with_a2():
    assert lv("2024-01-10", languages={"lv": "A2"}, lv_applied_eu_long_term=True).eligible
    assert failed(lv("2024-01-10", lv_applied_eu_long_term=True)) == ["latvian_a2"]


def test_latvian_language_rule_concerns_former_citizens_and_non_citizens_only():
    result = run("LV_RU_PERMANENT_RESIDENCE", "2023-10-01", status={"lv_permanent_permit": True})
    assert "in_scope" in failed(result)
    assert lv_language.ROUTES[0].valid_from < dt.date(2023, 9, 2)


# --- vectorized -------------------------------------------------------------------------------------------------
def test_population_evaluation_agrees_with_the_explained_one():
    people = [({"purpose": "tourism", "visa": "schengen_c"}, {}),
              ({"purpose": "family", "visa": "schengen_c"}, {}),
              ({"purpose": "tourism", "visa": "none"}, {}),
              ({"crossing": "land"}, {"eu_residence_permit": True}),
              ({"purpose": "tourism", "visa": "schengen_c"}, {"eu_residence_permit": True})]
    values = {
        "trip_purpose": np.array([t.get("purpose", "other") for t, _ in people]),
        "trip_visa": np.array([t.get("visa", "none") for t, _ in people]),
        "trip_crossing": np.array([t.get("crossing", "air") for t, _ in people]),
        "eu_residence_permit": np.array([s.get("eu_residence_permit", False) for _, s in people]),
    }
    code = {"eligible": ELIGIBLE, "conditional": CONDITIONAL, "not eligible": NOT_ELIGIBLE}
    for date in ("2022-09-01", "2022-10-01", "2024-03-01"):
        selected = tuple(routes.get(i) for i in ("ENTRY_SCHENGEN_EE", "ENTRY_SCHENGEN_FI", "ENTRY_SCHENGEN_CZ"))
        statuses = evaluate_population(values, dt.date.fromisoformat(date), selected)
        for route in selected:
            single = [code[run(route.id, date, trip=t, status=s).status] for t, s in people]
            assert statuses[route.id].tolist() == single, (route.id, date)
