"""Hungary: guest investor residence permit, Act XC of 2023, from 2024-07-01. Spec: policy/rules.md section 4.5.

One route, ``HU_GUEST_INVESTOR``, with three investments (``Person.investment.kind``):
- 'real_estate_fund_units': €250,000 in units of an MNB-registered real-estate fund;
- 'residential_property' (or 'real_estate'): €500,000 in residential property, only for property acquired from
  2025-01-01 (``Person.investment.purchase_date``; one 2025 page says the option is "temporarily unavailable",
  UNCERTAIN);
- 'donation_higher_education': €1,000,000 to a public-trust university.
Fund units and property are held 5 years: an obligation after the permit (see ``investor.py``), not a check.

Russians: no exclusion was found in the sources (GAP), so none is encoded.
"""

from relokant.policy.rules import Check, Rights, Route, attr, day, first, fixed, param
from relokant.policy.routes.investor import investment_in, kind_is, minimum_investment, no_investment

SOURCES = (
    "https://www.mondaq.com/work-visas/1491482/golden-visa-program-relaunched",
    "https://www.imidaily.com/program-updates/hungary-enacts-3-consequential-changes-to-its-upcoming-guest-investor-program/",
    "https://madarassy-legal.com/residence-permit-as-a-guest-investor/",
    "https://euresident.com/services/golden-visa",
    "https://oneworld.id/blog/official-information-on-updated-conditions-of-hungarian-guest-investor-visa-and-residency-in-2024/",
)

_ACT = "Act XC of 2023 (mondaq, madarassy-legal)"
FUND, DONATION = "real_estate_fund_units", "donation_higher_education"
PROPERTY = ("residential_property", "real_estate")
MIN_EUR = first((kind_is(FUND), param("min_eur_fund_units")), (kind_is(*PROPERTY), param("min_eur_property")),
                default=param("min_eur_donation"))

ROUTES = (
    Route(
        id="HU_GUEST_INVESTOR",
        country="HU",
        name="Guest investor residence permit",
        kind="investor",
        valid_from=day("2024-07-01"),
        valid_to=None,
        legal_reference="Act XC of 2023 (guest investor residence), as amended in May 2024",
        sources=SOURCES,
        parameters={
            "min_eur_fund_units": fixed(250_000, unit="EUR", source=_ACT),
            "min_eur_property": fixed(500_000, unit="EUR", source=_ACT),
            "min_eur_donation": fixed(1_000_000, unit="EUR", source=_ACT),
            "property_acquired_from": fixed(day("2025-01-01"), source="imidaily (property route postponed)",
                                            uncertain="one 2025 page says the property option is temporarily "
                                                      "unavailable"),
            "hold_years": fixed(5, unit="years", source=_ACT),
            "permit_years": fixed(10, unit="years", source="mondaq; madarassy-legal"),
            "investment_within_days_of_entry": fixed(93, unit="days", source="madarassy-legal"),
        },
        requires=(
            investment_in("HU", (FUND, *PROPERTY, DONATION),
                          "Units of an MNB-registered real-estate fund, residential property in Hungary, or a "
                          "donation to a public-trust university"),
            minimum_investment(MIN_EUR, "At least €250,000 (fund units), €500,000 (residential property) or "
                                        "€1,000,000 (donation)"),
            Check("property_acquired_from_2025",
                  ~kind_is(*PROPERTY) | (attr("investment_purchase_date") >= param("property_acquired_from")),
                  "Residential property qualifies only if acquired from 2025-01-01", open_if=no_investment),
        ),
        outputs={"min_eur": MIN_EUR, "permit_years": param("permit_years")},
        rights=Rights(work="full", family=True, validity_months=120,
                      notes="guest-investor visa valid 6 months (since May 2024), the investment completed within "
                            "93 days of entry; permit 10 years, renewable once for 10 years; spouse, minor children "
                            "and dependent parents included; no minimum stay; fund units and property held 5 years"),
        uncertain=("Property route: one 2025 page says the option is 'temporarily unavailable'.",
                   "Permanent residence after 3 years of uninterrupted stay: one source only (mondaq 2025-05-30); "
                   "not encoded.",
                   "No exclusion of Russians found in the sources (GAP): none encoded."),
        summary="Ten-year Hungarian residence for €250k in real-estate fund units, €500k in property bought from "
                "2025, or a €1m university donation.",
    ),
)
