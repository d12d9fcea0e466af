from tests.policy.cases import Case

BASE = {"age": 29, "education": {"level": "bachelor", "recognised_in_issuing_country": True},
        "work": {"years_last5": 2, "years_last7": 2, "shortage_occupation": True},
        "funds": {"amount": 1100, "period": "month"}}


def person(**changes):
    p = {k: (dict(v) if isinstance(v, dict) else v) for k, v in BASE.items()}
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(p.get(key), dict):
            p[key].update(value)
        else:
            p[key] = value
    return p


CASES = [
    Case("CK-02", "DE_CHANCENKARTE_POINTS", "2024-07-01", person(languages={"en": "B2"}),
         {"status": "not eligible", "points": 5, "failed": ["points"]}),
    Case("CK-03", "DE_CHANCENKARTE_POINTS", "2024-07-01",
         person(languages={"en": "C1"}, funds={"amount": 1030, "period": "month"}),
         {"status": "eligible", "points": 6, "thresholds": {"funds_eur_month": 1027}}),
    Case("CK-05", "DE_CHANCENKARTE_POINTS", "2025-03-01",
         person(age=38, languages={"de": "B1"},
                work={"years_last5": 5, "years_last7": 6, "shortage_occupation": False}),
         {"status": "eligible", "points": 6, "breakdown": {"age": 1, "experience": 3, "german": 2}}),
    Case("CK-06", "DE_CHANCENKARTE_POINTS", "2024-08-01",
         person(age=36, languages={"de": "A1", "en": "B1"}, work={"years_last5": 5, "years_last7": 5},
                prior_stays=[{"country": "DE", "months": 6, "purpose": "study"}],
                funds={"amount": 1027, "period": "month"}),
         {"status": "eligible", "points": 6,
          "breakdown": {"age": 1, "experience": 3, "prior_stay_DE": 1, "shortage": 1}}),
    Case("CK-07", "DE_CHANCENKARTE_POINTS", "2024-08-01",
         person(age=30, languages={"en": "B1"}, education={"recognition": {"DE": "partial"}},
                work={"years_last5": 5, "years_last7": 5, "shortage_occupation": False}),
         {"status": "not eligible", "points": 9, "failed": ["language_gate"]}),
    Case("CK-09", "DE_CHANCENKARTE_SKILLED", "2024-10-01",
         person(age=45, education={"recognition": {"DE": "full"}}, funds={"amount": 1027, "period": "month"}),
         {"status": "eligible"}),
    Case("CK-10", "DE_CHANCENKARTE_POINTS", "2025-02-01",
         person(age=41, languages={"de": "A2", "en": "C1"}, partner_qualifies_jointly=True,
                funds={"amount": 1091, "period": "month"}),
         {"status": "eligible", "points": 6,
          "breakdown": {"english": 1, "experience": 2, "german": 1, "partner": 1, "shortage": 1},
          "thresholds": {"funds_eur_month": 1091}}),
    Case("CK-11", "DE_CHANCENKARTE_POINTS", "2024-07-15",
         person(age=42, languages={"de": "B2", "en": "C1"}, work={"years_last5": 1, "years_last7": 1,
                                                                 "shortage_occupation": False},
                funds={"amount": 1200, "period": "month"}),
         {"status": "not eligible", "points": 4, "failed": ["points"]}),
    Case("CK-12", "DE_CHANCENKARTE_POINTS", "2024-07-15",
         person(age=33, languages={"de": "C1"}, work={"shortage_occupation": False}),
         {"status": "eligible", "points": 7, "breakdown": {"age": 2, "experience": 2, "german": 3}}),
    Case("CK-13", "DE_CHANCENKARTE_POINTS", "2024-07-15",
         person(age=37, languages={"de": "A2", "en": "C1"}, work={"years_last5": 5, "years_last7": 6,
                                                                 "shortage_occupation": False}),
         {"status": "eligible", "points": 6, "breakdown": {"age": 1, "english": 1, "experience": 3, "german": 1}}),
    Case("CK-14", "DE_CHANCENKARTE_POINTS", "2024-05-15",
         person(age=30, languages={"de": "B2", "en": "C1"}, work={"years_last5": 5, "years_last7": 7}),
         {"status": "not in force"}),
]
