"""Latvia: temporary residence permit for investors (Immigration Law). Spec: policy/rules.md section 4.6 (and 4.9).

One route, ``LV_INVESTOR_RESIDENCE``: real estate of at least €250,000, or subordinated liabilities of at least
€280,000 for at least 5 years (their term is ``Person.investment.fund_maturity_years``; state fee €25,000). The
capital-company route is not encoded: rules.md gives its €10,000 state fee but not the investment it asks for (GAP).

Russians (Saeima, Immigration Law amendments):
- from 2022-04-07 first-time temporary residence permits for Russian and Belarusian citizens are suspended (first
  until 2023-06-30; the amendments in force from 2022-09-24 made the suspension open-ended). Its exceptions (family,
  protection, employment, study, humanitarian, national interest; from 2022-09-24 also the EU Blue Card and research)
  are other routes, never an investment;
- from 2022-09-24 investment and real-estate based permits of Russians can no longer be extended. A renewal is a
  person who holds a Latvian investor permit (``status.residence_permit_country`` 'LV', ``status.permit_kind``
  'investor').
"""

from relokant.policy.rules import Check, Rights, Route, attr, first, fixed, if_, includes, param
from relokant.policy.routes.investor import (SCOPE_START, investment_in, kind_is, minimum_investment, no_investment,
                                             suspension)

SOURCES = (
    "https://www.bdo.lv/en-gb/insights/2022-en/amendments-to-the-immigration-law",
    "https://eng.lsm.lv/article/politics/saeima/golden-visa-residence-scheme-suspended-for-russians-and-belarusians.a451440/",
    "https://www.sorainen.com/publications/changes-to-the-immigration-law-for-russian-and-belarusian-citizens/",
    "https://summariaiuridica.rara.ee/uudis/lati-immigratsiooniseaduse-muudatused-07-04-2022/",
)

PROPERTY, SUBORDINATED = ("real_estate", "residential_property"), "subordinated_liabilities"
MIN_EUR = first((kind_is(SUBORDINATED), param("min_eur_subordinated")), default=param("min_eur_real_estate"))
renewal = attr("residence_permit_country").eq("LV") & attr("permit_kind").eq("investor")
# First permits are closed to Russian and Belarusian citizens from 2022-04-07; extensions to Russians from 2022-09-24.
blocked = if_(renewal, param("ru_renewal_barred") & attr("ru_citizen"),
              param("ru_first_suspended") & includes("nationalities", "RU", "BY"))

ROUTES = (
    Route(
        id="LV_INVESTOR_RESIDENCE",
        country="LV",
        name="Temporary residence permit for investors (real estate, subordinated liabilities)",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=None,
        legal_reference="Immigration Law of Latvia (investor temporary residence permits), as amended 2022-04-07 "
                        "and 2022-09-24",
        sources=SOURCES,
        parameters={
            "ru_first_suspended": suspension("2022-04-07", "Saeima 2022-04-07 (eng.lsm.lv; summariaiuridica)"),
            "ru_renewal_barred": suspension("2022-09-24", "amendments in force 2022-09-24 (sorainen; bdo.lv)"),
            "min_eur_real_estate": fixed(250_000, unit="EUR", source="bdo.lv"),
            "min_eur_subordinated": fixed(280_000, unit="EUR", source="bdo.lv"),
            "min_subordinated_years": fixed(5, unit="years", source="bdo.lv"),
            "state_fee_subordinated_eur": fixed(25_000, unit="EUR", source="bdo.lv"),
        },
        requires=(
            Check("ru_suspension", ~blocked,
                  "Not a Russian or Belarusian citizen applying for a first permit (suspended from 2022-04-07), nor "
                  "a Russian citizen extending an investor permit (barred from 2022-09-24)"),
            investment_in("LV", PROPERTY + (SUBORDINATED,), "Real estate or subordinated liabilities in Latvia"),
            minimum_investment(MIN_EUR, "At least €250,000 (real estate) or €280,000 (subordinated liabilities)"),
            Check("subordinated_term",
                  ~kind_is(SUBORDINATED) | (attr("investment_fund_maturity_years") >= param("min_subordinated_years")),
                  "Subordinated liabilities for at least 5 years", open_if=no_investment),
        ),
        outputs={"min_eur": MIN_EUR, "renewal": renewal},
        rights=Rights(family=None, notes="temporary residence permit; validity and rights not stated in rules.md "
                                         "(GAP)"),
        uncertain=("The state fee of the real-estate route and the capital-company route's amount are not in "
                   "rules.md (GAP).",),
        summary="Latvian residence for €250k in real estate or €280k in subordinated liabilities; closed to "
                "Russians and Belarusians since 2022-04-07, extensions for Russians barred since 2022-09-24.",
    ),
)
