"""Cases BC-* of cases.csv (regime EU_BLUE_CARD), translated into relokant's person schema.

Translation: ``degree_or_equivalent`` -> education level 'bachelor'; ``degree_within_3y`` / ``recent_graduate`` ->
a graduation year at most 3 years before the case date (else 2014); the salary and contract -> a job offer
in the case's country; ``gross_annual_eur_incl_special_payments`` (AT) -> an annual salary in 14 payments; the Dutch
``gross_monthly_eur_excl_holiday_allowance`` -> a monthly salary. ``threshold_eur`` / ``threshold_month_eur`` ->
``outputs`` (the threshold applied); ``BA_approval_needed`` -> ``outputs['ba_approval_needed']``;
``salary_ok: true`` -> no failed check; ``eligible: false`` with a reason -> the failed check.
"""

from tests.policy.cases import Case


def person(country, salary=None, period="year", contract=12, graduated=2014, payments=12, sector="", **changes):
    """A Russian graduate with an offer in ``country`` (no offer when ``salary`` is None)."""
    p = {"age": 32, "education": {"level": "bachelor", "graduation_year": graduated}}
    if salary is not None:
        p["job_offer"] = {"country": country, "contract_months": contract, "sector": sector,
                          "salary": {"amount": salary, "period": period, "payments_per_year": payments}}
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(p.get(key), dict):
            p[key] = {**p[key], **value}
        else:
            p[key] = value
    return p


CASES = [
    Case("BC-DE-01", "EU_BLUE_CARD_DE", "2024-04-01", person("DE", 46_000, contract=24),
         {"status": "eligible", "failed": [],
          "outputs": {"threshold_eur": 45_300, "ba_approval_needed": False}}),
    Case("BC-DE-02", "EU_BLUE_CARD_DE", "2024-04-01",
         person("DE", 42_000, contract=24, work={"shortage_occupation": True}),
         {"status": "eligible", "failed": [],
          "outputs": {"threshold_eur": 41_041.80, "ba_approval_needed": True}}),
    # degree_within_3y: graduated 2022, applying in 2024.
    Case("BC-DE-04", "EU_BLUE_CARD_DE", "2024-04-01", person("DE", 42_000, contract=24, graduated=2022),
         {"status": "eligible", "failed": [],
          "outputs": {"threshold_eur": 41_041.80, "ba_approval_needed": True}}),
    Case("BC-DE-06", "EU_BLUE_CARD_DE", "2025-02-01",
         person("DE", 44_000, contract=24, work={"shortage_occupation": True}),
         {"status": "eligible", "failed": [],
          "outputs": {"threshold_eur": 43_759.80, "ba_approval_needed": True}}),
    # 'route: IT_experience_without_degree' -> outputs['qualification_route']; no degree, ISCO 25 (IT specialist).
    Case("BC-DE-07", "EU_BLUE_CARD_DE", "2025-02-01",
         person("DE", 44_000, contract=24, education={"level": "secondary", "graduation_year": None},
                work={"isco": "2512", "it_years_last7": 3, "shortage_occupation": True}),
         {"status": "eligible",
          "outputs": {"threshold_eur": 43_759.80, "qualification_route": "IT_experience_without_degree"}}),
    Case("BC-DE-08", "EU_BLUE_CARD_DE", "2025-02-01", person("DE", 60_000, contract=5),
         {"status": "not eligible", "failed": ["contract_duration"]}),
    Case("BC-DE-09", "EU_BLUE_CARD_DE", "2023-12-01", person("DE", 44_000, contract=24),
         {"status": "eligible", "failed": [], "outputs": {"threshold_eur": 43_800}}),
    Case("BC-NL-01", "EU_BLUE_CARD_NL", "2025-03-01", person("NL", 5_700, period="month"),
         {"status": "eligible", "outputs": {"threshold_month_eur": 5_688}}),
    # recent_graduate: graduated 2023, applying in 2025.
    Case("BC-NL-03", "EU_BLUE_CARD_NL", "2025-03-01", person("NL", 5_000, period="month", graduated=2023),
         {"status": "eligible", "outputs": {"threshold_month_eur": 4_551, "reduced_threshold": True}}),
    # 'recast not yet transposed': before 2024-06-12 the old figure applies and the salary fails it.
    Case("BC-NL-04", "EU_BLUE_CARD_NL", "2024-05-01", person("NL", 5_500, period="month"),
         {"status": "not eligible", "failed": ["salary"], "outputs": {"threshold_month_eur": 6_245}}),
    Case("BC-NL-05", "EU_BLUE_CARD_NL", "2024-07-01", person("NL", 5_500, period="month"),
         {"status": "eligible", "outputs": {"threshold_month_eur": 5_331}}),
    Case("BC-FR-01", "EU_BLUE_CARD_FR", "2024-06-01", person("FR", 55_000),
         {"status": "eligible", "outputs": {"threshold_eur": 53_836.50}}),
    # The case notes the effective day is uncertain (29 or 31 Aug 2025); on 2025-10-01 both readings agree.
    Case("BC-FR-02", "EU_BLUE_CARD_FR", "2025-10-01", person("FR", 55_000),
         {"status": "not eligible", "failed": ["salary"], "outputs": {"threshold_eur": 59_373}, "uncertain": True}),
    # 'eligible: conditional_on_AMS_test', 'labour_market_test_required: true' -> status 'conditional' with no
    # failed or open check: the route's conditional_on (the AMS test) is what remains.
    Case("BC-AT-01", "EU_BLUE_CARD_AT", "2024-06-01", person("AT", 48_000, payments=14),
         {"status": "conditional", "failed": [], "open": [], "outputs": {"threshold_eur": 47_855}}),
    Case("BC-CY-01", "EU_BLUE_CARD_CY", "2025-02-01", person("CY", 45_000, sector="ICT"),
         {"status": "eligible", "failed": [], "outputs": {"threshold_eur": 43_632}}),
    Case("BC-ES-01", "EU_BLUE_CARD_ES", "2024-09-01", person("ES", 40_000),
         {"status": "eligible", "outputs": {"threshold_eur": 38_844}, "uncertain": True}),
    # 'settlement_permit_eligible: true' -> the settlement route.
    Case("BC-DE-PR-01", "DE_BLUE_CARD_SETTLEMENT", "2025-06-01",
         person("DE", languages={"de": "B1"},
                status={"permit_kind": "eu_blue_card", "residence_permit_country": "DE", "permit_months": 22,
                        "pension_contribution_months": 22}),
         {"status": "eligible", "outputs": {"months_required": 21}}),
]
