"""Varied synthetic persons of the eligibility person schema, for the benchmarks (not the model's population).

``person(rng)`` -> one person as a JSON-ready dict, drawn from a ``random.Random``: age, education, languages,
occupation and experience, a job offer in one of several countries with a salary, funds, a current stay, an
investment, mobilisation. Shared by ``web_load.py`` and ``eligibility_speed.py`` so both time the same mix.
"""

from __future__ import annotations

import random

OFFER_COUNTRIES = ("DE", "NL", "FR", "ES", "PT", "CY", "LV", "PL", "CZ", "AT", "IT", "FI", "RS", "GE")
LANGUAGES = ("en", "de", "fr", "es", "lv", "it", "pl", "el")
LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
ISCO = ("2512", "2511", "1330", "2141", "2211", "2310", "3113", "5120", "7212", "2421", "2631", "")


def person(rng: random.Random) -> dict:
    """One synthetic person of the Person schema, drawn from ``rng``."""
    level = rng.choice(("secondary", "vocational", "bachelor", "master", "master", "doctorate"))
    p: dict = {"age": rng.randint(18, 70),
               "education": {"level": level},
               "languages": {code: rng.choice(LEVELS) for code in rng.sample(LANGUAGES, rng.randint(0, 3))},
               "work": {"isco": rng.choice(ISCO), "years_last5": round(rng.uniform(0, 5), 1),
                        "years_last7": round(rng.uniform(0, 7), 1), "it_years_last7": round(rng.uniform(0, 7), 1),
                        "employed_or_business": rng.random() < 0.7},
               "children": rng.choice((0, 0, 1, 2, 3)), "spouse": rng.random() < 0.5,
               "share_of_time_in_issuing_state": round(rng.random(), 2),
               "status": {"clean_record": rng.random() < 0.95, "mobilised_with_proof": rng.random() < 0.1,
                          "deposits_at_bank_eur": rng.choice((0, 5_000, 50_000, 150_000))}}
    if level != "secondary":
        p["education"]["graduation_year"] = rng.randint(1975, 2024)
    if level == "vocational":
        p["education"]["vocational_training_years"] = rng.choice((1, 2, 3))
    if rng.random() < 0.15:
        p["nationalities"] = ["RU", rng.choice(("IL", "DE", "AM", "KZ", "UA"))]
    if rng.random() < 0.5:
        p["job_offer"] = {"country": rng.choice(OFFER_COUNTRIES), "contract_months": rng.choice((6, 12, 24, 36)),
                          "salary": {"amount": rng.randrange(15_000, 130_000, 500), "currency": "EUR"}}
    if rng.random() < 0.4:
        p["funds"] = {"amount": rng.randrange(300, 6_000, 50), "currency": "EUR", "period": "month"}
    if rng.random() < 0.25:
        p["current_stay"] = {"country": rng.choice(("GE", "AM", "RS", "TR", "KZ", "AE", "DE")),
                             "continuous_days": rng.randint(1, 900), "days_in_last_180": rng.randint(1, 180)}
    if rng.random() < 0.08:
        p["investment"] = {"country": rng.choice(("GR", "PT", "ES", "CY", "MT", "LV", "HU", "IT")),
                           "kind": rng.choice(("real_estate", "investment_fund")),
                           "value_eur": rng.randrange(100_000, 1_500_000, 10_000)}
    return p
