"""Cyprus: permanent residence by investment, Regulation 6(2) of the Aliens and Immigration Regulations ("Category F
fast track"). Spec: policy/rules.md section 3.3 (listed with the investor regimes in section 4).

One route, ``CY_PR_INVESTMENT``: at least €300,000 (+VAT) in (A) new residential property ('residential_property' or
'real_estate'), (B) commercial property ('commercial_property'), (C) share capital of a Cyprus company with at least
5 staff ('company_shares') or (D) units of a Cyprus AIF/AIFLNP/RAIF ('investment_fund'), and a secured annual income
from abroad. The income requirement changed on 2023-05-02:

| | up to 2023-05-01 (2021-03-24 version) | from 2023-05-02 |
|---|---|---|
| applicant | €30,000/yr | €50,000/yr |
| spouse | +€5,000 (per dependant) | +€15,000 |
| each (minor) child | +€5,000 (per dependant) | +€10,000 |
| each dependent parent | +€8,000 | not eligible |

The income is read from ``Person.funds`` as a yearly amount (``period: year``; the schema has no separate income
field); spouse, children and dependent parents from ``Person.spouse``, ``children``, ``dependent_parents``.

Russians: no exclusion of this route was found (4.9 lists only the closed citizenship programme, CIP).
"""

from relokant.policy.rules import Check, Rights, Route, attr, dated, fixed, if_, param
from relokant.policy.routes.investor import SCOPE_START, investment_in, minimum_investment

SOURCES = (
    "https://www.mondaq.com:443/cyprus/investment-immigration/1331464/changes-to-permanent-residency-program-category-62",
    "https://papakyriacoulaw.com/the-permanent-residence-scheme-pursuant-to-regulation-6/",
    "http://demetrioulegal.com/cyinvestpermanent.html",
)
# Further sources rules.md names by site only in the table of 3.3.
SOURCE_NAMES = "papazacharialaw; demetrioulegal; paraskevasllc (2021 version); mondaq 2023-06-16; cypruspropertygallery"

_OLD = "Reg. 6(2), 2021-03-24 version (papazacharialaw, demetrioulegal, paraskevasllc)"
_NEW = "Reg. 6(2) from 2023-05-02 (mondaq 2023-06-16, cypruspropertygallery)"
START = SCOPE_START.isoformat()


def by_date(old, new, unit="EUR/year"):
    return dated((START, old), ("2023-05-02", new), unit=unit, source=f"{_OLD}; {_NEW}")


REQUIRED_INCOME = (param("min_income_eur_year") + if_(attr("spouse"), param("income_per_spouse_eur"), 0)
                   + attr("children") * param("income_per_child_eur")
                   + attr("dependent_parents") * param("income_per_parent_eur"))

ROUTES = (
    Route(
        id="CY_PR_INVESTMENT",
        country="CY",
        name="Permanent residence by investment, Regulation 6(2) (Category F fast track)",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=None,
        legal_reference="Aliens and Immigration Regulations, Reg. 6(2) (2021-03-24 version; amended from 2023-05-02)",
        sources=SOURCES,
        parameters={
            "min_eur": fixed(300_000, unit="EUR (+VAT)", source=f"{_OLD}; {_NEW}"),
            "min_income_eur_year": by_date(30_000, 50_000),
            "income_per_spouse_eur": by_date(5_000, 15_000),
            "income_per_child_eur": by_date(5_000, 10_000),
            # From 2023-05-02 parents and in-laws can no longer be included (so no income is added for them).
            "income_per_parent_eur": by_date(8_000, 0),
            "parents_eligible": by_date(True, False, unit=""),
        },
        requires=(
            investment_in("CY", ("residential_property", "real_estate", "commercial_property", "company_shares",
                                 "investment_fund"),
                          "New residential property, commercial property, share capital of a Cyprus company with at "
                          "least 5 staff, or units of a Cyprus AIF/AIFLNP/RAIF"),
            minimum_investment(param("min_eur"), "At least €300,000 (+VAT)"),
            Check("secured_income", attr("funds_eur_month") * 12 >= REQUIRED_INCOME,
                  "Secured annual income from abroad: €30,000 +€5,000 per dependant +€8,000 per dependent parent "
                  "(to 2023-05-01); €50,000 +€15,000 spouse +€10,000 per minor child (from 2023-05-02)"),
            Check("dependent_parents", attr("dependent_parents").eq(0) | param("parents_eligible"),
                  "Dependent parents or in-laws included only up to 2023-05-01"),
        ),
        outputs={"min_eur": param("min_eur"), "required_income_eur_year": REQUIRED_INCOME},
        rights=Rights(work="none", self_employment=False, family=True, months_to_permanent=0,
                      notes="permanent residence; the applicant and spouse declare they do not intend to work "
                            "(directors of their own company allowed under (B)-(D)); visit Cyprus at least once "
                            "every 2 years; processing about 2 months; from 2023-05-02 annual proof of the "
                            "investment and insurance, criminal record every 3 years"),
        uncertain=(
            "Some sources of section 3.3 are named by site only in rules.md: " + SOURCE_NAMES + ".",
            "Not checked (not in the person schema): that residential property is new, the company's 5 staff, the "
            "share of the price paid at application (≥ €200k up to 2023-05-01, all of it from 2023-05-02) and the "
            "older property version's €30,000 3-year fixed deposit.",
            "Income is read from funds as a yearly amount.",
        ),
        summary="Cypriot permanent residence for €300k in property, a company or a fund, plus a secured income "
                "(€30k/yr, from 2023-05-02 €50k/yr).",
    ),
)
