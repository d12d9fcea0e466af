"""Greece: investor residence permit ("golden visa"), Law 4251/2014 art. 20B as amended by Law 5007/2022 and Law
5100/2024. Spec: policy/rules.md section 4.1 (and 4.9 for the suspension for Russians).

Two routes:
- ``GR_INVESTOR_REAL_ESTATE``: a property purchase. The minimum depends on the date and on where the property is:
  €250,000 anywhere until 2023-07-31; from 2023-08-01 €500,000 and a single property in the "core" zones (North,
  Central and South Athens regional units, Vari-Voula-Vouliagmeni, Thessaloniki municipality, Mykonos, Santorini);
  from 2024-09-01 €800,000 in the whole Attica Region, Thessaloniki, Mykonos, Thira (Santorini) and islands of more
  than 3,100 inhabitants, €400,000 elsewhere, a single property of at least 120 m² main area everywhere. A purchase
  under the 2023 transitional rule (10% deposit paid by 2023-07-31, purchase completed by 2023-12-31) keeps the old
  €250,000 regime.
- ``GR_INVESTOR_CONVERSION`` (from 2024-09-01): €250,000 anywhere for converting a commercial building to residential
  use, a former industrial building, or restoring a listed building.

Zones: ``Person.investment.zone`` takes one of the codes in ``ZONES_CORE``, ``ZONES_WIDER`` or anything else (taken as
"elsewhere"; an unstated zone is elsewhere too).

Russians: issuance and renewal of investor permits suspended for Russian citizens from 2022-02-28 "until further
notice" (Ministry of Migration & Asylum).
"""

from relokant.policy.rules import Check, Rights, Route, attr, day, dated, first, fixed, param
from relokant.policy.routes.investor import (SCOPE_START, investment_in, minimum_investment, no_investment,
                                             russian_suspension, suspension, zone_is)

SOURCES = (
    "https://sarri.gr/2023/01/20/godenvisa/",
    "https://eurofast.eu/golden-visa-new-threshold-of-e500000-in-certain-areas-of-greece/",
    "https://www.mondaq.com:443/work-visas/1341412/greek-golden-visa-extended-deadline-benefits-investors",
    "https://www.grekodom.com/news/2023-08-11/increase-entry-threshold-popular-regions-250000-500000",
    "https://www.aplegal.gr/2024/04/17/golden-visa-new-%CE%B7igher-thresholds-for-the-investment-to-real-estate-entry-anticipation-of-transitional-period/",
    "https://greekresidency.com/news/key-changes-greek-golden-visa-sept-2024",
    "https://voiceofvienna.org/2024/09/athens-sharpens-rules-for-golden-visas-with-higher-costs/",
    "https://www.alphagrinvestment.com/faq",
    "https://lsaluxuryproperties.com/goldenvisa.html",
    "https://migration.gov.gr/en/anastoli-ekdosis-i-ananeosis-adeion-diamonis-ependytikoy-skopoy-gia-polites-tis-rosikis-omospondias-mechri-neoteras",
    "https://news.am/eng/news/689041.html",
)

# The €500,000 zones of Law 5007/2022 (from 2023-08-01); all of them are also €800,000 zones from 2024-09-01.
ZONES_CORE = ("athens_north", "athens_central", "athens_south", "vari_voula_vouliagmeni", "thessaloniki", "mykonos",
              "santorini")
# Added to the €800,000 zone by Law 5100/2024: the rest of the Attica Region and the islands of more than 3,100
# inhabitants (32 listed, incl. Crete, Rhodes, Corfu).
ZONES_WIDER = ("attica_other", "island_over_3100")

PROPERTY = ("real_estate", "residential_property")
CONVERSION = ("commercial_to_residential_conversion", "industrial_building_conversion", "listed_building_restoration")

_2013 = "Law 4251/2014 art. 20B before Law 5007/2022 (sarri.gr, eurofast)"
_2023 = "Law 5007/2022, Gov. Gaz. 241A 23.12.2022, applied from 2023-08-01 (grekodom, eurofast)"
_2024 = "Law 5100/2024, effective 2024-09-01 (greekresidency 2024-09-13, voiceofvienna)"
_2024_DATE = ("aplegal gives '31.03.2024, subject to transition' for Law 5100/2024; the other sources give "
              "1 Sep 2024, encoded here")
START = SCOPE_START.isoformat()

PARAMETERS = {
    "ru_suspended": suspension("2022-02-28", "migration.gov.gr suspension order; Reuters via news.am"),
    "min_eur_core": dated((START, 250_000), ("2023-08-01", 500_000), ("2024-09-01", 800_000), unit="EUR",
                          source=f"{_2013}; {_2023}; {_2024}", uncertain=_2024_DATE),
    "min_eur_wider": dated((START, 250_000), ("2024-09-01", 800_000), unit="EUR", source=f"{_2013}; {_2024}",
                           uncertain=_2024_DATE),
    "min_eur_elsewhere": dated((START, 250_000), ("2024-09-01", 400_000), unit="EUR", source=f"{_2013}; {_2024}",
                               uncertain=_2024_DATE),
    # Before 2023-08-01 several properties could be combined; Law 5007/2022 asked for one property in its zones,
    # Law 5100/2024 everywhere (for purchases; not for the €250,000 conversions).
    "single_property_core": dated((START, False), ("2023-08-01", True), source=f"{_2013}; {_2023}"),
    "single_property_wider": dated((START, False), ("2024-09-01", True), source=f"{_2013}; {_2024}"),
    "single_property_elsewhere": dated((START, False), ("2024-09-01", True), source=f"{_2013}; {_2024}"),
    "min_area_sqm": dated((START, 0), ("2024-09-01", 120), unit="m² main area", source=_2024, uncertain=_2024_DATE),
    # Transitional rule of Law 5007/2022: the old regime for a purchase with a 10% deposit paid by 31.07.2023
    # (extended from 30.04.2023) and completed by 31.12.2023.
    "min_eur_transitional": fixed(250_000, unit="EUR", source="mondaq 2023-07-13 (old regime kept)"),
    "transition_deposit_by": fixed(day("2023-07-31"), source="mondaq 2023-07-13 (extended from 2023-04-30)"),
    "transition_completion_by": fixed(day("2023-12-31"), source="mondaq 2023-07-13"),
}

core, wider = zone_is(*ZONES_CORE), zone_is(*ZONES_WIDER)
transitional = ((attr("investment_deposit_date") <= param("transition_deposit_by"))
                & (attr("investment_purchase_date") <= param("transition_completion_by")))
MIN_EUR = first((transitional, param("min_eur_transitional")), (core, param("min_eur_core")),
                (wider, param("min_eur_wider")), default=param("min_eur_elsewhere"))
single_required = first((transitional, False), (core, param("single_property_core")),
                        (wider, param("single_property_wider")), default=param("single_property_elsewhere"))

NOTES = ("5-year permit, renewable while the property is held; no right to employment, but the holder may act as "
         "shareholder or CEO; family: spouse, children under 21, parents of both spouses; no minimum stay; the "
         "years count towards long-term resident status and naturalisation after 7 years")
RIGHTS = Rights(work="none", self_employment=False, family=True, validity_months=60, notes=NOTES)
RU_TEXT = ("Not a Russian citizen while the issuance and renewal of investor permits for Russian citizens is "
           "suspended (from 2022-02-28, until further notice)")

ROUTES = (
    Route(
        id="GR_INVESTOR_REAL_ESTATE",
        country="GR",
        name="Investor residence permit (golden visa), real-estate purchase",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=None,
        legal_reference="Law 4251/2014 art. 20B, as amended by Law 5007/2022 and Law 5100/2024",
        sources=SOURCES,
        parameters=PARAMETERS,
        requires=(
            russian_suspension(RU_TEXT),
            investment_in("GR", PROPERTY + CONVERSION, "A purchase of real estate in Greece"),
            minimum_investment(MIN_EUR, "Purchase price at least the minimum for the property's zone and the date: "
                                        "€250,000 until 2023-07-31; €500,000 in the core zones from 2023-08-01; "
                                        "€800,000 (Attica, Thessaloniki, Mykonos, Santorini, islands > 3,100 "
                                        "inhabitants) or €400,000 elsewhere from 2024-09-01"),
            Check("single_property", attr("investment_single_property") | ~single_required,
                  "One single property where the law asks for it (core zones from 2023-08-01, everywhere from "
                  "2024-09-01); before, several properties could be combined", open_if=no_investment),
            Check("property_area", transitional | (attr("investment_area_sqm") >= param("min_area_sqm")),
                  "Main area of at least 120 m² (from 2024-09-01)", open_if=no_investment),
        ),
        outputs={"min_eur": MIN_EUR, "transitional_2023": transitional},
        rights=RIGHTS,
        uncertain=(
            _2024_DATE,
            "'Thessaloniki': rules.md gives the municipality for the 2023 zone and just 'Thessaloniki' for 2024; "
            "both are encoded as the zone code 'thessaloniki' (the municipality).",
            "rules.md gives no end for the 2023 transitional rule and no transitional rule for Law 5100/2024: a "
            "purchase under the 2023 transition keeps the €250,000 regime at any later date; none is encoded for "
            "the 2024 change.",
            "Greek 2024 prohibitions (short-term rental, use as a business seat) are obligations after the permit, "
            "not checked.",
        ),
        summary="Residence for buying Greek property: €250k until July 2023; from Sep 2024 €800k in Attica and "
                "the popular islands, €400k elsewhere. Suspended for Russian citizens since 2022-02-28.",
    ),
    Route(
        id="GR_INVESTOR_CONVERSION",
        country="GR",
        name="Investor residence permit (golden visa), conversion or listed-building restoration",
        kind="investor",
        valid_from=day("2024-09-01"),
        valid_to=None,
        legal_reference="Law 4251/2014 art. 20B as amended by Law 5100/2024 (exception for conversions)",
        sources=SOURCES,
        parameters={
            "ru_suspended": PARAMETERS["ru_suspended"],
            "min_eur": fixed(250_000, unit="EUR", source=_2024, uncertain=_2024_DATE),
        },
        requires=(
            russian_suspension(RU_TEXT),
            investment_in("GR", CONVERSION, "Conversion of a commercial building to residential use, of a former "
                                            "industrial building, or restoration of a listed building, in Greece"),
            minimum_investment(param("min_eur"), "At least €250,000, anywhere in Greece"),
        ),
        outputs={"min_eur": param("min_eur")},
        rights=Rights(work="none", self_employment=False, family=True, validity_months=60,
                      notes=NOTES + "; the conversion or restoration must be completed in full and the property "
                                    "may not be transferred before (fine €150,000)"),
        uncertain=(_2024_DATE,),
        summary="€250k anywhere in Greece for converting or restoring a building (from Sep 2024).",
    ),
)
