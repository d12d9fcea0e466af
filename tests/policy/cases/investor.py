"""Cases of regime INVESTOR_RESIDENCE (cases.csv), translated. Spec: policy/rules.md section 4.

Translation notes that hold for every case here:
- cases.csv's ``nationality`` becomes ``nationalities``; where a case gives none the schema's default (Russian)
  applies, which is right for the Hungarian cases: rules.md finds no exclusion of Russians there (GAP).
- ``eligible: false`` of a case dated after a route closed is the status 'not in force' (PT-01, ES-02).
- ``min_eur`` / ``min_property_eur`` are the route's outputs of the same name.
"""

from tests.policy.cases import Case


def investor(country, kind, value_eur, nationality="TR", **investment):
    return {"age": 45, "nationalities": [nationality],
            "investment": {"country": country, "kind": kind, "value_eur": value_eur, **investment}}


# MT-02 and MT-03: "assets_eur" and "financial_assets_eur" are the status fields of those names.
MT_ASSETS = {"total_assets_eur": 600_000, "financial_assets_eur": 160_000}

CASES = [
    # GR-01: €300,000 in Central Athens (Attica) after Law 5100/2024: the €800,000 zone; 90 m² is also below the
    # 120 m² main area the same law asks for, so both checks fail.
    Case("GR-01", "GR_INVESTOR_REAL_ESTATE", "2024-10-01",
         investor("GR", "real_estate", 300_000, zone="athens_central", single_property=True, area_sqm=90),
         {"status": "not eligible", "outputs": {"min_eur": 800_000},
          "failed": ["minimum_investment", "property_area"]}),
    # GR-03: before 2023-08-01 the €250,000 regime applies everywhere, Central Athens included.
    Case("GR-03", "GR_INVESTOR_REAL_ESTATE", "2023-03-01",
         investor("GR", "real_estate", 300_000, zone="athens_central", purchase_date="2023-03-01"),
         {"status": "eligible", "outputs": {"min_eur": 250_000}}),
    # GR-04: a Russian citizen: every investment condition is met (€900,000 >= €800,000, 150 m² >= 120 m²), only the
    # suspension for Russians (from 2022-02-28) fails.
    Case("GR-04", "GR_INVESTOR_REAL_ESTATE", "2024-10-01",
         investor("GR", "real_estate", 900_000, nationality="RU", zone="athens_central", area_sqm=150),
         {"status": "not eligible", "failed": ["ru_suspension"], "outputs": {"min_eur": 800_000}}),
    # GR-05: the case's condition ("full restoration required; no transfer before completion") is an obligation
    # after the permit, carried in the route's rights notes: the case says eligible, so the status is 'eligible'.
    Case("GR-05", "GR_INVESTOR_CONVERSION", "2024-10-01",
         investor("GR", "listed_building_restoration", 260_000, zone="mykonos"),
         {"status": "eligible", "outputs": {"min_eur": 250_000}}),
    # PT-01: real-estate routes closed from 2023-10-07 (Law 56/2023): 'not in force'.
    Case("PT-01", "PT_ARI_REAL_ESTATE", "2023-11-01", investor("PT", "real_estate", 600_000, nationality="BR"),
         {"status": "not in force"}),
    Case("PT-02", "PT_ARI_FUND", "2024-05-01",
         investor("PT", "investment_fund", 500_000, nationality="BR", fund_maturity_years=5,
                  share_in_domestic_companies=0.6),
         {"status": "eligible", "outputs": {"min_eur": 500_000}}),
    # PT-03: the case leaves the fund's maturity and Portuguese share unstated; they are given PT-02's qualifying
    # values, so that only the case's reason, the SEF suspension for Russian citizens, fails. Its "uncertain" (the
    # status after the SEF->AIMA reform) is the route's uncertainty note.
    Case("PT-03", "PT_ARI_FUND", "2024-05-01",
         investor("PT", "investment_fund", 500_000, nationality="RU", fund_maturity_years=5,
                  share_in_domestic_companies=0.6),
         {"status": "not eligible", "failed": ["ru_suspension"], "uncertain": True}),
    Case("ES-01", "ES_GOLDEN_VISA", "2025-03-15", investor("ES", "real_estate", 550_000, nationality="CN"),
         {"status": "eligible", "outputs": {"min_eur": 500_000}}),
    # ES-02: abolished by Organic Law 1/2025, no new applications after 2025-04-03: 'not in force'.
    Case("ES-02", "ES_GOLDEN_VISA", "2025-05-01", investor("ES", "real_estate", 550_000, nationality="CN"),
         {"status": "not in force"}),
    # HU-01: the case's permit_years 10 is an output; renewable once and the work rights are the route's rights
    # (checked in test_routes_investor.py). The 5-year holding is an obligation, not a check.
    Case("HU-01", "HU_GUEST_INVESTOR", "2024-08-01",
         {"age": 45, "investment": {"country": "HU", "kind": "real_estate_fund_units", "value_eur": 250_000,
                                    "hold_years": 5}},
         {"status": "eligible", "outputs": {"min_eur": 250_000, "permit_years": 10}}),
    Case("HU-02", "HU_GUEST_INVESTOR", "2024-10-01",
         {"age": 45, "investment": {"country": "HU", "kind": "residential_property", "value_eur": 500_000,
                                    "purchase_date": "2024-10-01"}},
         {"status": "not eligible", "failed": ["property_acquired_from_2025"]}),
    Case("HU-03", "HU_GUEST_INVESTOR", "2024-09-01",
         {"age": 45, "investment": {"country": "HU", "kind": "donation_higher_education", "value_eur": 1_000_000}},
         {"status": "eligible", "outputs": {"min_eur": 1_000_000, "permit_years": 10}}),
    # MT-02: from 2025 one purchase minimum, €375,000, for all of Malta (the case gives no location).
    Case("MT-02", "MT_MPRP", "2025-02-01",
         {"age": 45, "nationalities": ["ZA"], "status": MT_ASSETS,
          "investment": {"country": "MT", "kind": "real_estate", "value_eur": 360_000}},
         {"status": "not eligible", "failed": ["minimum_investment"], "outputs": {"min_property_eur": 375_000}}),
    # MT-03: "rest of Malta (not South/Gozo)": no zone code, so the €350,000 figure of 2024.
    Case("MT-03", "MT_MPRP", "2024-06-01",
         {"age": 45, "nationalities": ["ZA"], "status": MT_ASSETS,
          "investment": {"country": "MT", "kind": "real_estate", "value_eur": 360_000}},
         {"status": "eligible", "outputs": {"min_property_eur": 350_000}}),
]
