"""Malta: Malta Permanent Residence Programme (MPRP), as amended by Legal Notice 310/2024 from 2025-01-01.
Spec: policy/rules.md section 4.4 (and 4.9 for the suspension for Russians).

One route, ``MT_MPRP``: buy a property or rent one (``Person.investment.kind`` 'real_estate' or
'residential_property' with the purchase price, or 'property_lease' with the annual rent as ``value_eur``), and hold
assets (``Person.status.total_assets_eur``, ``financial_assets_eur``).

| | until 2024-12-31 | from 2025-01-01 (LN 310/2024) |
|---|---|---|
| purchase | €350k (€300k South Malta/Gozo) | €375k |
| rent | €12k/yr (€10k South/Gozo) | €14k/yr |
| assets | €500k incl. €150k financial | same, or €650k incl. €75k financial |
| admin fee / contribution | €40k / €28k buy, €58k rent | €50k / €30k, €60k |

Zones: ``Person.investment.zone`` 'malta_south' or 'gozo' for the lower pre-2025 figures; anything else is the rest of
Malta.

Russians: the MPRP and the citizenship scheme were suspended for Russian and Belarusian nationals from 2022-03-02
("due diligence checks cannot be carried out effectively"); applicants from sanctioned countries are not eligible.
The citizenship-by-investment scheme (naturalisation for exceptional services) is not encoded: it is citizenship,
not residence, and combines a contribution, a property and a residence period that the person schema's single
investment cannot hold.
"""

from relokant.policy.rules import Check, Rights, Route, attr, dated, fixed, if_, param
from relokant.policy.routes.investor import (SCOPE_START, investment_in, kind_is, minimum_investment,
                                             russian_suspension, suspension, zone_is)

SOURCES = (
    "https://www.mondaq.com/general-immigration/1556718/malta-permanent-residence-programme-mprp-amendments-effective-january-1st-2025",
    "https://bdo.com.mt/en-gb/news/news-in-2024/changes-to-the-mprp-programme",
    "https://iws-group.com/malta-permanent-residency-programme-mprp/",
    "https://www.themoscowtimes.com/2022/03/02/malta-halts-golden-passports-to-russians-belarusians-a76718",
    "https://lovinmalta.com/news/malta-passport-scheme-suspended-for-russia-and-belarus-nationals/",
    "https://investment-international.com/News/malta-is-latest-country-to-block-russians-over-golden-visas-citing-diligence-unease",
)

_OLD = "MPRP until 2024-12-31 (bdo.com.mt)"
_NEW = "LN 310/2024, from 2025-01-01 (mondaq)"
START = SCOPE_START.isoformat()


def by_date(old, new, unit="EUR"):
    return dated((START, old), ("2025-01-01", new), unit=unit, source=f"{_OLD}; {_NEW}")


PARAMETERS = {
    "ru_suspended": suspension("2022-03-02", "The Moscow Times 2022-03-02; lovinmalta; investment-international"),
    "min_purchase_eur": by_date(350_000, 375_000),
    # From 2025 one figure for all of Malta: the South/Gozo reduction ends.
    "min_purchase_eur_south_gozo": by_date(300_000, 375_000),
    "min_rent_eur_year": by_date(12_000, 14_000, "EUR/year"),
    "min_rent_eur_year_south_gozo": by_date(10_000, 14_000, "EUR/year"),
    "min_assets_eur": fixed(500_000, unit="EUR", source=f"{_OLD}; unchanged by {_NEW}"),
    "min_financial_assets_eur": fixed(150_000, unit="EUR", source=f"{_OLD}; unchanged by {_NEW}"),
    # The alternative asset tier of LN 310/2024; before 2025 it repeats the only tier, so it adds nothing.
    "alt_assets_eur": by_date(500_000, 650_000),
    "alt_financial_assets_eur": by_date(150_000, 75_000),
    "admin_fee_eur": by_date(40_000, 50_000),
    "contribution_purchase_eur": by_date(28_000, 30_000),
    "contribution_rent_eur": by_date(58_000, 60_000),
    "ngo_donation_eur": fixed(2_000, unit="EUR", source="iws-group"),
    "property_hold_years": fixed(5, unit="years", source="iws-group"),
}

PURCHASE = ("real_estate", "residential_property")
south_gozo = zone_is("malta_south", "gozo")
renting = kind_is("property_lease")
MIN_PURCHASE = if_(south_gozo, param("min_purchase_eur_south_gozo"), param("min_purchase_eur"))
MIN_RENT = if_(south_gozo, param("min_rent_eur_year_south_gozo"), param("min_rent_eur_year"))
MIN_EUR = if_(renting, MIN_RENT, MIN_PURCHASE)
assets, financial = attr("total_assets_eur"), attr("financial_assets_eur")

ROUTES = (
    Route(
        id="MT_MPRP",
        country="MT",
        name="Malta Permanent Residence Programme (MPRP)",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=None,
        legal_reference="Malta Permanent Residence Programme regulations, as amended by Legal Notice 310/2024",
        sources=SOURCES,
        parameters=PARAMETERS,
        requires=(
            russian_suspension("Not a Russian or Belarusian national while the programme is suspended for them "
                               "(from 2022-03-02)", nationals=("RU", "BY")),
            investment_in("MT", PURCHASE + ("property_lease",), "A property bought or rented in Malta"),
            minimum_investment(MIN_EUR, "Purchase price at least €350,000 (€300,000 in South Malta or Gozo) until "
                                        "2024-12-31, €375,000 from 2025; or annual rent at least €12,000 (€10,000) "
                                        "until 2024-12-31, €14,000 from 2025"),
            Check("assets",
                  ((assets >= param("min_assets_eur")) & (financial >= param("min_financial_assets_eur")))
                  | ((assets >= param("alt_assets_eur")) & (financial >= param("alt_financial_assets_eur"))),
                  "Assets of at least €500,000 incl. €150,000 financial assets (from 2025 also: €650,000 incl. "
                  "€75,000 financial)"),
        ),
        outputs={"min_eur": MIN_EUR, "min_property_eur": MIN_PURCHASE, "min_rent_eur_year": MIN_RENT,
                 "contribution_eur": if_(renting, param("contribution_rent_eur"), param("contribution_purchase_eur")),
                 "admin_fee_eur": param("admin_fee_eur")},
        rights=Rights(family=True, notes="permanent residence; the property must be held for 5 years; besides the "
                                         "investment: the admin fee, the contribution and a €2,000 NGO donation; "
                                         "from 2025 dependent children only under 29; work rights not stated in "
                                         "rules.md (GAP)"),
        uncertain=("Applicants from sanctioned countries are not eligible (rules.md): which countries, besides "
                   "Russia and Belarus, is not stated; only RU and BY are encoded.",
                   "Renewals for Russians are assessed case by case (not modelled)."),
        summary="Permanent residence for buying (€350k, from 2025 €375k) or renting property in Malta plus "
                "€500k assets; suspended for Russians and Belarusians since 2022-03-02.",
    ),
)
