"""Visa-free stays (rules.md section 6): each limit on both sides, each dated change on both sides of its date, the
arrival-date rule of Thailand, and the vectorized evaluation agreeing with the explained one."""

import datetime as dt

import numpy as np
import pytest

from relokant.policy import routes
from relokant.policy.eligibility import ELIGIBLE, NOT_ELIGIBLE, evaluate, evaluate_population
from relokant.policy.person import flatten, parse_person
from relokant.scenario.model import FIRST_MONTH


def staying(route_id, date, days, last_180=0, **stay):
    country = route_id[-2:]
    data = {"age": 30, "current_stay": {"country": country, "continuous_days": days, "days_in_last_180": last_180,
                                        **stay}}
    return evaluate(routes.get(route_id), parse_person(data), dt.date.fromisoformat(date))


def arriving(route_id, date, days, **person):
    data = {"age": 30, "trip": {"days": days}, **person}
    return evaluate(routes.get(route_id), parse_person(data), dt.date.fromisoformat(date))


def failed(result):
    return sorted(c.id for c in result.failed)


@pytest.mark.parametrize("route_id, limit", [("VISA_FREE_GE", 365), ("VISA_FREE_AM", 180), ("VISA_FREE_RS", 30),
                                             ("VISA_FREE_ME", 30), ("VISA_FREE_TR", 60)])
def test_continuous_stay_limit_holds_up_to_the_limit_and_not_a_day_more(route_id, limit):
    assert staying(route_id, "2023-06-01", limit).eligible
    over = staying(route_id, "2023-06-01", limit + 1)
    assert over.status == "not eligible" and failed(over) == ["stay_within_limit"]
    assert arriving(route_id, "2023-06-01", limit).eligible
    assert failed(arriving(route_id, "2023-06-01", limit + 1)) == ["trip_within_limit"]


@pytest.mark.parametrize("route_id", ["VISA_FREE_TR", "VISA_FREE_AR", "VISA_FREE_AE"])
def test_ninety_days_in_the_last_180_hold_and_a_91st_does_not(route_id):
    assert staying(route_id, "2023-06-01", 20, 90).eligible
    assert failed(staying(route_id, "2023-06-01", 20, 91)) == ["stay_within_limit"]


def test_every_visa_free_route_reports_its_limit_and_rights():
    for route in routes.all_routes():
        if route.kind == "visa_free" and route.id.startswith("VISA_FREE_"):
            result = arriving(route.id, "2024-06-01", 1)
            assert result.eligible and isinstance(result.outputs["limit_days"], int), route.id
            assert route.rights.max_stay_days in (None, result.outputs["limit_days"],
                                                  result.outputs.get("limit_per_stay_days")), route.id


def test_visa_free_regimes_are_for_russian_citizens():
    for route_id in ("VISA_FREE_GE", "VISA_FREE_KZ", "VISA_FREE_TH"):
        assert failed(arriving(route_id, "2024-06-01", 5, nationalities=["DE"])) == ["russian_citizen"]
    assert arriving("VISA_FREE_GE", "2024-06-01", 5, nationalities=["DE", "RU"]).eligible


def test_days_in_another_country_do_not_count():
    data = {"age": 30, "current_stay": {"country": "AM", "continuous_days": 300}}
    assert evaluate(routes.get("VISA_FREE_GE"), parse_person(data), dt.date(2023, 6, 1)).eligible
    assert evaluate(routes.get("VISA_FREE_RS"), parse_person(data), dt.date(2023, 6, 1)).eligible


def test_kazakh_visa_run_stops_resetting_the_count_on_2023_01_27():
    # 60 days since the last re-entry, 170 of the last 180 in Kazakhstan
    before, after = staying("VISA_FREE_KZ", "2023-01-26", 60, 170), staying("VISA_FREE_KZ", "2023-01-27", 60, 170)
    assert before.eligible and before.outputs["visa_run_restarts"] is True and before.outputs["window_days"] is None
    assert failed(after) == ["stay_within_limit"] and after.outputs == {"limit_days": 90, "window_days": 180,
                                                                        "visa_run_restarts": False}
    assert failed(staying("VISA_FREE_KZ", "2023-01-26", 91, 91)) == ["stay_within_limit"]


def test_kazakh_limit_does_not_bind_temporary_residence_permit_holders():
    assert staying("VISA_FREE_KZ", "2023-06-01", 170, 170, has_residence_permit=True).eligible


def test_serbian_residence_permit_application_avoids_leaving_after_30_days():
    assert staying("VISA_FREE_RS", "2023-06-01", 35, residence_permit_applied=True).eligible
    assert not staying("VISA_FREE_RS", "2023-06-01", 35).eligible


def test_turkey_allows_60_days_per_stay_but_only_90_in_180():
    assert failed(staying("VISA_FREE_TR", "2023-06-01", 61, 61)) == ["stay_within_limit"]
    assert staying("VISA_FREE_TR", "2023-06-01", 60, 90).eligible
    assert routes.get("VISA_FREE_TR").uncertain


def test_uae_limit_is_an_uncertain_parameter_with_the_other_reading_reported():
    route = routes.get("VISA_FREE_AE")
    assert route.uncertain and route.parameters["limit_days"].uncertain
    short = arriving("VISA_FREE_AE", "2024-06-01", 25)
    assert short.outputs["other_reading_needs_extension"] is False and short.outputs["other_reading_limit_days"] == 60
    assert staying("VISA_FREE_AE", "2024-06-01", 40, 40).outputs["other_reading_needs_extension"] is True


def test_visa_free_routes_are_in_force_from_the_engine_start():
    for route in routes.all_routes():
        if route.id.startswith("VISA_FREE_"):
            assert route.valid_from.isoformat()[:7] == FIRST_MONTH and route.valid_to is None, route.id
    assert routes.get("VISA_FREE_ME").uncertain  # the row's 2022-03 date vs the 2008 agreement


@pytest.mark.parametrize("arrival, limit", [
    ("2022-09-30", 30), ("2022-10-01", 45),   # 45 days from 2022-10-01
    ("2023-03-31", 45), ("2023-04-01", 30),   # back to 30 from 2023-04-01
    ("2023-10-31", 30), ("2023-11-01", 90),   # 90 for arrivals from 2023-11-01
    ("2024-04-30", 90), ("2024-05-01", 60),   # ... to 2024-04-30; 60 from 2024-05-01 (UNCERTAIN start)
])
def test_thai_exemption_by_arrival_date_on_both_sides_of_each_change(arrival, limit):
    assert arriving("VISA_FREE_TH", arrival, limit).eligible
    over = arriving("VISA_FREE_TH", arrival, limit + 1)
    assert failed(over) == ["trip_within_limit"] and over.outputs["limit_days"] == limit


def test_thai_stay_in_progress_keeps_the_limit_of_its_arrival_day():
    # arrived 2024-04-30 (90-day window), still there 75 days later when arrivals get 60
    kept = staying("VISA_FREE_TH", "2024-07-14", 75)
    assert kept.eligible and kept.outputs["limit_days"] == 90
    # arrived 2023-10-20 (30 days), still there on 2023-11-25 when arrivals get 90
    late = staying("VISA_FREE_TH", "2023-11-25", 36)
    assert failed(late) == ["stay_within_limit"] and late.outputs["limit_days"] == 30


def test_arrival_date_is_the_evaluation_date_minus_the_continuous_days():
    person = parse_person({"age": 30, "current_stay": {"country": "TH", "continuous_days": 36}})
    assert flatten(person, dt.date(2023, 11, 25))["stay_arrival_date"] == dt.date(2023, 10, 20)


def test_population_evaluation_agrees_with_the_explained_one():
    stays = [("TH", 75, 75), ("TH", 36, 36), ("TH", 65, 65), ("KZ", 60, 170), ("KZ", 95, 95), ("GE", 366, 180),
             ("", 0, 0)]
    on = dt.date(2024, 7, 14)
    values = {
        "stay_country": np.array([c for c, _, _ in stays]),
        "stay_continuous_days": np.array([d for _, d, _ in stays]),
        "stay_days_last_180": np.array([w for _, _, w in stays]),
        "stay_arrival_date": np.array([on - dt.timedelta(days=d) if c else dt.date.min for c, d, _ in stays],
                                      dtype=object),
    }
    selected = tuple(routes.get(i) for i in ("VISA_FREE_TH", "VISA_FREE_KZ", "VISA_FREE_GE"))
    statuses = evaluate_population(values, on, selected)
    for route in selected:
        single = []
        for country, days, last_180 in stays:
            stay = {"current_stay": {"country": country, "continuous_days": days, "days_in_last_180": last_180}}
            result = evaluate(route, parse_person({"age": 30, **(stay if country else {})}), on)
            single.append(ELIGIBLE if result.eligible else NOT_ELIGIBLE)
        assert statuses[route.id].tolist() == single, route.id
