"""Cases CY-BFU-* and CY-NAT-* of cases.csv (regimes CY_BFU_TCN_EMPLOYMENT, CY_NATURALISATION_HIGHLY_SKILLED).

Translation: ``company: foreign_interest_company_majority_TCN_owned`` -> ``job_offer.employer``
'foreign_interest_company' with ``employer_tcn_share`` 1; ``degree`` -> education level 'bachelor';
``gross_monthly_eur`` -> a monthly salary. ``category: highly_skilled`` -> the route CY_BFU_HIGHLY_SKILLED;
``eligible_as_highly_skilled`` / ``may_apply`` -> the status; the reason -> the failed check.
``permit_max_years`` (rights) is checked in tests/policy/test_routes_cy.py, rights not being part of ``expect``.
"""

from tests.policy.cases import Case

HIGHLY_SKILLED_OFFER = {"country": "CY", "salary": {"amount": 3_000, "period": "month"}, "contract_months": 24,
                        "employer": "foreign_interest_company", "employer_tcn_share": 1.0}


def bfu(**offer):
    return {"age": 35, "education": {"level": "bachelor"}, "job_offer": {**HIGHLY_SKILLED_OFFER, **offer}}


def naturalisation(years, greek):
    """A highly skilled employee of a foreign-interest company applying for citizenship. The cases give no income:
    the fast track's category implies at least €2,500 a month, so the BFU offer above stands for the contract."""
    return {"age": 38, "education": {"level": "bachelor"}, "languages": {"el": greek},
            "job_offer": HIGHLY_SKILLED_OFFER,
            "status": {"permit_kind": "cy_bfu_highly_skilled", "residence_permit_country": "CY", "clean_record": True,
                       "continuous_months_before_application": 12, "absence_days_last_12m": 60,
                       "cumulative_years_last_10y": years}}


CASES = [
    Case("CY-BFU-01", "CY_BFU_HIGHLY_SKILLED", "2023-03-01", bfu(),
         {"status": "eligible", "failed": [], "outputs": {"spouse_immediate_labour_access": True}}),
    Case("CY-BFU-03", "CY_BFU_HIGHLY_SKILLED", "2023-03-01", bfu(contract_months=12),
         {"status": "not eligible", "failed": ["contract_duration"]}),
    # The case gives only the company (50% third-country owned, €150,000 foreign capital): the person is otherwise a
    # qualifying highly skilled employee, so the company is the only failure.
    Case("CY-BFU-04", "CY_BFU_HIGHLY_SKILLED", "2023-03-01",
         bfu(employer_tcn_share=0.5, employer_foreign_capital_eur=150_000),
         {"status": "not eligible", "failed": ["company_eligible"]}),
    Case("CY-NAT-01", "CY_NATURALISATION_HIGHLY_SKILLED", "2024-06-01", naturalisation(4, "A2"),
         {"status": "eligible", "failed": [], "outputs": {"years_required": 4}}),
    Case("CY-NAT-03", "CY_NATURALISATION_HIGHLY_SKILLED", "2024-06-01", naturalisation(3, "A2"),
         {"status": "not eligible", "failed": ["cumulative_residence"], "outputs": {"years_required": 4}}),
]
