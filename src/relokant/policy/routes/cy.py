"""Cyprus: employment of third-country nationals by foreign-interest companies (Business Facilitation Unit), the
visitor residence permit ("pink slip") and naturalisation (fast track for highly skilled employees, general route).
Spec: policy/rules.md section 3 (3.1 FTBA/BFU, 3.2 pink slip, 3.4 naturalisation). Permanent residence by
investment (3.3, Reg. 6(2)) is ``CY_PR_INVESTMENT`` in ``investor_cy.py``; the Cypriot EU Blue Card is
``EU_BLUE_CARD_CY`` in ``eu_blue_card.py``.

BFU (3.1). A company of foreign interest registered with the BFU may employ third-country nationals under three
categories, one route each: highly skilled employees (gross salary at least €2,500 a month, a degree or 2 years of
relevant experience, a contract of at least 2 years), directors and senior managers (at least €4,000 a month) and
support staff (below €2,500, within a 30% quota of support staff: conditional). Every category needs an eligible
company: a foreign-interest company (``job_offer.employer`` 'foreign_interest_company': physical presence and
independent offices in Cyprus) majority-owned by third-country nationals, or with a foreign participation of at
most 50% worth at least €200,000; or a listed public company, a Cypriot shipping company, a high-tech or innovation
company, a pharmaceutical or biotech company, or a company majority-owned by holders of Cypriot citizenship by
investment (``employer`` 'listed_public_company', 'cy_shipping_company', 'high_tech_company',
'pharma_biotech_company', 'cbi_owned_company'). A person without a job offer in Cyprus is conditional: the offer,
company, salary and contract checks are open.

Naturalisation (3.4, Civil Registry Law as amended in 2023, Law 149(I)/2023). The fast track for highly skilled
employees of foreign-interest companies: 12 months of continuous residence before applying (absences up to 90
days), plus 4 years (Greek A2) or 3 years (Greek B1) of residence within the previous 10 years, income of at least
€2,500. ``status.cumulative_years_last_10y`` is read as the years before the final 12 months ("plus"). The general
route asks 7 years within 10 and Greek B1, and a civics test (conditional).

Not encoded: the FTBA period before 2022 (its employment criteria are not in the research), the 70% cap on
third-country nationals in the workforce (a company-level figure; above it the Labour Ministry approves), the
Cyprus Investment Programme (abolished 2020-11-01, before the scope), revocations of passports of sanctioned
Russians (not an eligibility rule), the early-invasion visa restrictions for Russians (no details in the research).
"""

from __future__ import annotations

from relokant.policy.person import A2, B1
from relokant.policy.rules import Check, Rights, Route, attr, day, first, fixed, if_, param

# rules.md's scope ("residence and entry rules relevant to Russian relocants (2022-2025)"): a scheme older than
# that starts here, as in investor.py; 'not in force' before it speaks about this encoding, not about the law.
SCOPE_START = "2022-01-01"

BFU_SOURCES = (
    "https://www.businessincyprus.gov.cy/fast-track-business-activation/",
    "https://www.lawcyprus.org/foreign-interest-company-and-fast-track-mechanism/",
    "https://oxfordglobalservices.com/cyprus-business-facilitation-unit-bfu-eligibility-criteria-and-procedure/",
    "https://dplawcyprus.com/2022/02/03/cyprus-business-facilitation-unit-bfu/",
    "https://cafman.cy/2022/03/revised-policy-for-the-employment-of-third-country-nationals",
    "https://paraschou.com.cy/employment-of-third-country-nationals-in-cyprus/",
    "https://thetechisland.org/legal/employment-third-country-nationals",
    "https://hadjivangeli.com/en/how-third-country-nationals-can-be-employed-in-cyprus/",
    "https://webiis05.mondaq.com/cyprus/corporate-and-company-law/1002006/amendments-to-the-international-business-companies-policy-",
    "https://gk-lawfirm.com/publications/cyprus-business-facilitation-unit-bfu",
)
BFU_LEGAL = ("Council of Ministers policy on companies of foreign interest (FTBA 2020-09-03, revised 2020-10-07; "
             "'Strategy for Attracting Businesses', 2021-10-15); Business Facilitation Unit from 2022, part of the "
             "Business Support Centre from 2025-05-26")
BFU_START = "2022-01-01"  # the FTBA becomes the BFU (some sources: 2022-01-02 or 2022-02-01)
BFU_UNCERTAIN = (
    "The BFU replaced the FTBA on 2022-01-01 (some sources: 2022-01-02 or 2022-02-01); the FTBA's own employment "
    "criteria (2020-2021) are not in the research, so the route starts in 2022.",
    "From 2025-05-26 the BFU is part of the Business Support Centre; no change of the criteria was found.",
    "Not checked: the company's physical presence and independent offices in Cyprus (part of what "
    "'foreign_interest_company' asserts) and the 70% cap on third-country nationals in the workforce (above it the "
    "Labour Ministry approves).",
)

offer_here = attr("job_offer") & attr("job_country").eq("CY")
no_offer_here = ~offer_here

ELIGIBLE_KINDS = ("listed_public_company", "cy_shipping_company", "high_tech_company", "pharma_biotech_company",
                  "cbi_owned_company")
COMPANY = {
    "min_foreign_capital_eur": fixed(200_000, unit="EUR", source="2020 policy (oxfordglobalservices, lawcyprus): "
                                                                 "foreign participation of at most 50% must be at "
                                                                 "least €200,000 (earlier €171,000)"),
}
company_eligible = Check(
    "company_eligible",
    (attr("employer").eq("foreign_interest_company")
     & ((attr("employer_tcn_share") > 0.5)
        | ((attr("employer_tcn_share") > 0)
           & (attr("employer_foreign_capital_eur") >= param("min_foreign_capital_eur")))))
    | attr("employer").isin(ELIGIBLE_KINDS),
    "An eligible company: a foreign-interest company majority-owned by third-country nationals, or whose foreign "
    "participation of at most 50% is at least €200,000; or a listed public company, a Cypriot shipping company, a "
    "high-tech/innovation or pharma/biotech company, or one majority-owned by holders of Cypriot citizenship by "
    "investment",
    open_if=no_offer_here)
third_country_national = Check("third_country_national", ~attr("eu_citizen"),
                               "A third-country national (EU citizens work in Cyprus freely)")
job_offer = Check("job_offer", offer_here, "An employment contract or offer in Cyprus from a BFU-registered company",
                  open_if=no_offer_here)

BFU_NOTES = ("Permits issued within about 1 month, valid up to 3 years, renewable; void if the holder is absent "
             "more than 3 continuous months (TechIsland). Family reunion immediate (one firm requires the marriage "
             "registered at least 12 months).")
SPOUSE_NOTE = ("The spouse gets immediate, free access to the labour market when the sponsor earns at least "
               "€2,500 a month (not support staff).")

HIGHLY_SKILLED = Route(
    id="CY_BFU_HIGHLY_SKILLED",
    country="CY",
    name="Cyprus: highly skilled employee of a company of foreign interest (BFU)",
    kind="permit",
    valid_from=day(BFU_START),
    valid_to=None,
    legal_reference=BFU_LEGAL + "; BFU revised policy for the employment of third-country nationals (2022)",
    sources=BFU_SOURCES,
    parameters={
        **COMPANY,
        "min_salary_eur_month": fixed(2_500, unit="EUR/month gross",
                                      source="BFU policy 2022 (cafman 2022-03, paraschou, thetechisland)"),
        "min_contract_months": fixed(24, unit="months", source="BFU policy 2022 (cafman 2022-03): contract of at "
                                                               "least 2 years"),
        "min_experience_years": fixed(2, unit="years", source="BFU policy 2022 (cafman 2022-03): a university "
                                                              "degree or at least 2 years of relevant experience"),
    },
    requires=(
        third_country_national,
        job_offer,
        company_eligible,
        Check("salary", attr("salary_monthly_eur") >= param("min_salary_eur_month"),
              "Gross salary at least €2,500 a month", open_if=no_offer_here),
        Check("qualification", attr("higher_education") | (attr("experience_years_last7")
                                                           >= param("min_experience_years")),
              "A university degree or equivalent, or at least 2 years of relevant experience"),
        Check("contract_duration", attr("contract_months") >= param("min_contract_months"),
              "An employment contract of at least 2 years", open_if=no_offer_here),
    ),
    outputs={"spouse_immediate_labour_access": attr("salary_monthly_eur") >= param("min_salary_eur_month")},
    rights=Rights(work="employer", family=True, validity_months=36, notes=f"{BFU_NOTES} {SPOUSE_NOTE} After 3 "
                  "years (Greek B1) or 4 (A2) the fast-track naturalisation (CY_NATURALISATION_HIGHLY_SKILLED)."),
    uncertain=BFU_UNCERTAIN + ("'Relevant experience' is read from the qualified experience of the last 7 years.",),
    summary="Cyprus work and residence permit for highly skilled staff of foreign-interest companies: €2,500 a "
            "month, a degree or 2 years of experience, a 2-year contract.",
)

DIRECTOR = Route(
    id="CY_BFU_DIRECTOR",
    country="CY",
    name="Cyprus: director or senior manager of a company of foreign interest (BFU)",
    kind="permit",
    valid_from=day(BFU_START),
    valid_to=None,
    legal_reference=BFU_LEGAL,
    sources=BFU_SOURCES,
    parameters={
        **COMPANY,
        "min_salary_eur_month": fixed(4_000, unit="EUR/month gross",
                                      source="2020 policy and law-firm pages (lawcyprus, hadjivangeli, gk-lawfirm)"),
    },
    requires=(
        third_country_national,
        job_offer,
        company_eligible,
        Check("role", attr("job_role").isin(("director", "senior_manager")),
              "The position offered is director or senior manager", open_if=no_offer_here),
        Check("salary", attr("salary_monthly_eur") >= param("min_salary_eur_month"),
              "Gross salary at least €4,000 a month", open_if=no_offer_here),
    ),
    outputs={"spouse_immediate_labour_access": attr("salary_monthly_eur") >= 2_500},
    rights=Rights(work="employer", family=True, validity_months=36, notes=f"{BFU_NOTES} {SPOUSE_NOTE}"),
    uncertain=BFU_UNCERTAIN + ("The €4,000 figure is from the 2020 policy and law-firm pages; no qualification or "
                               "contract minimum for directors is in the research.",),
    summary="Cyprus work and residence permit for directors and senior managers of foreign-interest companies: "
            "€4,000 a month.",
)

SUPPORT_STAFF = Route(
    id="CY_BFU_SUPPORT_STAFF",
    country="CY",
    name="Cyprus: support staff of a company of foreign interest (BFU)",
    kind="permit",
    valid_from=day(BFU_START),
    valid_to=None,
    legal_reference=BFU_LEGAL,
    sources=BFU_SOURCES,
    parameters={
        **COMPANY,
        "max_tcn_share_of_support_staff": fixed(0.30, source="BFU policy 2022 (cafman 2022-03, thetechisland)"),
    },
    requires=(third_country_national, job_offer, company_eligible),
    # A company-level quota the person's data cannot show.
    conditional_on=("Third-country nationals stay within 30% of the company's support staff; pre-approval of the "
                    "employment (salary below €2,500 a month)",),
    rights=Rights(work="employer", family=None, validity_months=36,
                  notes=f"{BFU_NOTES} No immediate labour-market access for the spouse of support staff."),
    uncertain=BFU_UNCERTAIN + ("Whether support staff have family reunion on the same terms is not in the "
                               "research.",),
    summary="Cyprus permit for support staff of foreign-interest companies, within a 30% quota.",
)

# ---------------------------------------------------------------------------------------------------------------
# 3.2 Visitor temporary residence permit ("pink slip").

# Dependants: spouse and minor children.
DEPENDANTS = if_(attr("spouse"), 1, 0) + attr("children")
PINK_INCOME = param("income_eur_year") + param("income_per_dependant_eur_year") * DEPENDANTS

PINK_SLIP = Route(
    id="CY_VISITOR_PINK_SLIP",
    country="CY",
    name="Cyprus: visitor temporary residence permit (pink slip)",
    kind="permit",
    valid_from=day(SCOPE_START),
    valid_to=None,
    legal_reference="Cypriot Aliens and Immigration Law: visitor's temporary residence permit for non-EU nationals",
    sources=("https://www.lawcyprus.org/cyprus-visitors-temporary-residency-permit-for-non-eu-nationals-pink-slip/",
             "https://cyprus-faq.com/en/south/visa/pink-slip/",
             "https://www.cypruslegalservices.eu/temporary-residence-permit-in-cyprus-pink-slip-frequently-asked-questions"),
    parameters={
        "income_eur_year": fixed(10_000, unit="EUR/year", source="cyprus-faq.com (practice, non-official)",
                                 uncertain="official amounts not found (rules.md section 10)"),
        "income_per_dependant_eur_year": fixed(5_000, unit="EUR/year", source="cyprus-faq.com (practice, "
                                                                              "non-official)",
                                               uncertain="official amounts not found (rules.md section 10)"),
    },
    requires=(
        third_country_national,
        Check("income_from_abroad", attr("funds_eur_month") * 12 >= PINK_INCOME,
              "Adequate income from abroad: in practice about €10,000 a year plus €5,000 per family member "
              "(non-official figure)"),
        Check("accommodation", attr("housing").isin(("rent", "own")),
              "Accommodation in Cyprus: a lease of at least 1 year or ownership", open_if=attr("housing").eq("none")),
    ),
    outputs={"required_income_eur_year": PINK_INCOME},
    conditional_on=("The income is transferred from abroad into a Cypriot bank account (in practice Hellenic Bank "
                    "and Bank of Cyprus open accounts for Russians, non-official)",
                    "Health insurance",
                    "The official income figure (not found; the practice figure is applied)"),
    rights=Rights(work="none", self_employment=False, family=True, validity_months=12,
                  notes="Residence only: no employment or self-employment in Cyprus. Spouse and minor children as "
                        "dependants. Renewable every year; cancelled after an absence of more than 3 continuous "
                        "months. Permanent residence after 5 years of legal residence is reported by an expat "
                        "forum only (weak)."),
    uncertain=("Income amounts are non-official practice figures (cyprus-faq.com); official amounts not found.",
               "A lease of at least 1 year is not checked: any rented housing counts.",
               "The permit is older than the research's scope: encoded from 2022-01-01.",
               "Income is read from funds as a yearly amount (funds per month x 12)."),
    summary="Cyprus residence for people living on income from abroad, without the right to work.",
)

# ---------------------------------------------------------------------------------------------------------------
# 3.4 Naturalisation (Civil Registry Law as amended 30 Nov / 19 Dec 2023, Law 149(I)/2023).

NAT_START = "2023-12-19"
NAT_SOURCES = (
    "https://www.mondaq.com:443/cyprus/corporate-governance/1410272/criteria-for-naturalization-of-highly-skilled-employees",
    "https://papazacharialaw.com/obtainment-of-citizenship-for-highly-skilled-employees/",
    "https://www.mondaq.com:443/cyprus/general-immigration/1452394/updated-process-for-naturalisation-of-foreign-nationals",
)
NAT_LEGAL = "Civil Registry Law as amended by Law 149(I)/2023 (passed 2023-11-30, 2023-12-19)"
NAT_UNCERTAIN = ("The amendment is dated 30 Nov / 19 Dec 2023 in the sources: 19 Dec 2023 is taken as the first day; "
                 "earlier naturalisation rules are not in the research.",
                 "'12 months continuous plus N years within the previous 10': status.cumulative_years_last_10y is "
                 "read as the years before the final 12 months.")
NAT_PARAMETERS = {
    "continuous_months": fixed(12, unit="months", source="Law 149(I)/2023 (mondaq 2024-01-10, mondaq 2024-04-18)"),
    "max_absence_days": fixed(90, unit="days in the last 12 months", source="Law 149(I)/2023 (mondaq 2024-01-10)"),
}
continuous = Check("continuous_residence", attr("continuous_months_before_application") >= param("continuous_months"),
                   "12 months of continuous lawful residence immediately before applying")
absences = Check("absences", attr("absence_days_last_12m") <= param("max_absence_days"),
                 "Absences in those 12 months of at most 90 days")
clean_record = Check("clean_record", attr("clean_record"),
                     "A clean criminal record (good character: in the fast-track case of cases.csv, mondaq "
                     "2024-01-10; not listed in rules.md)")
CITIZEN = Rights(work="full", self_employment=True, family=None, social_benefits=True,
                 notes="Cypriot (EU) citizenship.")

HS_YEARS = first((attr("lang.el") >= B1, param("years_with_b1")), default=param("years_with_a2"))

NATURALISATION_HS = Route(
    id="CY_NATURALISATION_HIGHLY_SKILLED",
    country="CY",
    name="Cyprus: fast-track naturalisation of highly skilled employees of companies of foreign interest",
    kind="citizenship",
    valid_from=day(NAT_START),
    valid_to=None,
    legal_reference=NAT_LEGAL,
    sources=NAT_SOURCES,
    parameters={
        **NAT_PARAMETERS,
        "years_with_a2": fixed(4, unit="years in 10", source="mondaq 2024-01-10, papazacharialaw: 4 years with Greek "
                                                             "A2"),
        "years_with_b1": fixed(3, unit="years in 10", source="mondaq 2024-01-10, papazacharialaw: 3 years with Greek "
                                                             "B1"),
        "min_income_eur_month": fixed(2_500, unit="EUR/month gross", source="mondaq 2024-01-10: income at least "
                                                                           "€2,500"),
        "decision_months": fixed(8, unit="months", source="mondaq 2024-01-10: decision within 8 months"),
    },
    requires=(
        Check("highly_skilled_employee",
              attr("permit_kind").eq("cy_bfu_highly_skilled") & attr("residence_permit_country").eq("CY"),
              "A highly skilled employee of a company of foreign interest (status.permit_kind "
              "'cy_bfu_highly_skilled', see CY_BFU_HIGHLY_SKILLED)"),
        Check("income", attr("salary_monthly_eur") >= param("min_income_eur_month"),
              "Income of at least €2,500 a month (gross; read from the contract, job_offer)", open_if=no_offer_here),
        continuous,
        absences,
        Check("greek", attr("lang.el") >= A2, "Greek at least A2 (4 years), B1 shortens it to 3 years"),
        Check("cumulative_residence", attr("cumulative_years_last_10y") >= HS_YEARS,
              "Lawful residence of 4 years (Greek A2) or 3 years (Greek B1) within the previous 10 years"),
        clean_record,
    ),
    outputs={"years_required": HS_YEARS},
    rights=Rights(work="full", self_employment=True, family=None, social_benefits=True,
                  notes="Cypriot (EU) citizenship; decision within 8 months."),
    uncertain=NAT_UNCERTAIN + ("Whether the civics test of the general route also applies is not in the research.",),
    summary="Cypriot citizenship for highly skilled foreign-interest-company staff after 3 (Greek B1) or 4 (A2) "
            "years plus 12 months.",
)

NATURALISATION_GENERAL = Route(
    id="CY_NATURALISATION_GENERAL",
    country="CY",
    name="Cyprus: naturalisation (general route)",
    kind="citizenship",
    valid_from=day(NAT_START),
    valid_to=None,
    legal_reference=NAT_LEGAL,
    sources=NAT_SOURCES,
    parameters={
        **NAT_PARAMETERS,
        "years": fixed(7, unit="years in 10", source="mondaq 2024-04-18: 7 years of residence within the preceding "
                                                     "10"),
        "greek_level": fixed(B1, unit="CEFR ordinal (B1 = 3)", source="later summaries (mondaq 2024-04-18): Greek B1",
                             uncertain="one mondaq summary says C1"),
    },
    requires=(
        continuous,
        absences,
        Check("greek", attr("lang.el") >= param("greek_level"), "Greek at least B1"),
        Check("cumulative_residence", attr("cumulative_years_last_10y") >= param("years"),
              "Lawful residence of 7 years within the previous 10 years"),
        clean_record,
    ),
    conditional_on=("Passing the civics test (at least 60%)",),
    rights=CITIZEN,
    uncertain=NAT_UNCERTAIN + ("Greek level: one mondaq summary says C1, later summaries B1 (encoded).",),
    summary="Cypriot citizenship after 12 months plus 7 years of residence, Greek B1 and a civics test.",
)

ROUTES = (HIGHLY_SKILLED, DIRECTOR, SUPPORT_STAFF, PINK_SLIP, NATURALISATION_HS, NATURALISATION_GENERAL)
