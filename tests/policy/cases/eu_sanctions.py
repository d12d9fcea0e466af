"""Cases of regime EU_SANCTIONS_DEPOSIT_CAP (cases.csv), translated. Spec: policy/rules.md section 5.7.

The cases name no Member State (country 'EU'): the cap is the same at every EU credit institution, and the German
route ``EU_DEPOSITS_ABOVE_CAP_DE`` stands for all 27 (test_routes_eu_sanctions.py checks they agree). The routes
are positive: 'eligible' means the bank *may* hold deposits above the cap, so the cases'
``prohibited_to_accept_deposits_above_cap: true`` is 'not eligible' and the output of that name.
"""

from tests.policy.cases import Case

ROUTE = "EU_DEPOSITS_ABOVE_CAP_DE"

CASES = [
    Case("DEP-01", ROUTE, "2023-01-10",
         {"age": 40, "nationalities": ["RU"],
          "status": {"deposits_at_bank_eur": 150_000, "eu_residence_permit": False}},
         {"status": "not eligible", "failed": ["deposit_cap"],
          "outputs": {"cap_eur": 100_000, "prohibited_to_accept_deposits_above_cap": True,
                      "deposits_above_cap_eur": 50_000}}),
    # DEP-02: exempt as holder of a residence permit in a Member State (Art. 5b(3)).
    Case("DEP-02", ROUTE, "2023-01-10",
         {"age": 40, "nationalities": ["RU"],
          "status": {"deposits_at_bank_eur": 150_000, "eu_residence_permit": True, "residence_permit_country": "DE"}},
         {"status": "eligible", "outputs": {"cap_eur": 100_000, "prohibited_to_accept_deposits_above_cap": False}}),
    # DEP-03: exempt as a national of a Member State (Cyprus), whatever the other nationality.
    Case("DEP-03", ROUTE, "2023-01-10",
         {"age": 40, "nationalities": ["RU", "CY"],
          "status": {"deposits_at_bank_eur": 150_000, "eu_residence_permit": False}},
         {"status": "eligible", "outputs": {"prohibited_to_accept_deposits_above_cap": False}}),
]
