"""Italy: Investor Visa for Italy, Law 232/2016 (art. 26-bis of the Consolidated Immigration Act, TUI).
Spec: policy/rules.md section 4.7.

One route, ``IT_INVESTOR_VISA``, with four investments (``Person.investment.kind``): €2,000,000 in Italian government
bonds ('government_bonds'), €500,000 in an Italian company ('company_shares'), €250,000 in an innovative start-up
('innovative_startup', halved by DL 34/2020, before this research's scope) or a €1,000,000 philanthropic donation
('philanthropic_donation'). The investment is made within 3 months of entry and held at least 2 years: obligations
after the visa, not checks (see ``investor.py``).

Russians: no exclusion was found in the sources (GAP), so none is encoded.
"""

from relokant.policy.rules import Rights, Route, first, fixed, param
from relokant.policy.routes.investor import SCOPE_START, investment_in, kind_is, minimum_investment

SOURCES = (
    "https://ambankara.esteri.it/it/servizi-consolari-e-visti/servizi-per-il-cittadino-straniero/visti/programma-investor-visa-for-italy/",
    "https://www.mackrell.net/golden-visa/italy",
    "https://www.italianvisa.it/relaunch-decree-the-new-incentives-for-investment/",
)

_LAW = "Law 232/2016, art. 26-bis TUI (ambankara.esteri.it, mackrell)"
KINDS = ("government_bonds", "company_shares", "innovative_startup", "philanthropic_donation")
MIN_EUR = first((kind_is("government_bonds"), param("min_eur_bonds")),
                (kind_is("innovative_startup"), param("min_eur_startup")),
                (kind_is("philanthropic_donation"), param("min_eur_donation")),
                default=param("min_eur_company"))

ROUTES = (
    Route(
        id="IT_INVESTOR_VISA",
        country="IT",
        name="Investor Visa for Italy",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=None,
        legal_reference="Law 232/2016, art. 26-bis Legislative Decree 286/1998 (TUI)",
        sources=SOURCES,
        parameters={
            "min_eur_bonds": fixed(2_000_000, unit="EUR", source=_LAW),
            "min_eur_company": fixed(500_000, unit="EUR", source=_LAW),
            "min_eur_startup": fixed(250_000, unit="EUR", source=f"{_LAW}, halved by DL 34/2020 (italianvisa.it)"),
            "min_eur_donation": fixed(1_000_000, unit="EUR", source=_LAW),
            "hold_years": fixed(2, unit="years", source=_LAW),
            "invest_within_months_of_entry": fixed(3, unit="months", source=_LAW),
        },
        requires=(
            investment_in("IT", KINDS, "Italian government bonds, an Italian company, an innovative start-up, or a "
                                       "philanthropic donation"),
            minimum_investment(MIN_EUR, "At least €2m (bonds), €500,000 (company), €250,000 (innovative start-up) "
                                        "or €1m (donation)"),
        ),
        outputs={"min_eur": MIN_EUR},
        rights=Rights(family=None, validity_months=24,
                      notes="permit for 2 years, renewable for 3-year periods while the investment is maintained; no "
                            "minimum residence; investment made within 3 months of entry and held at least 2 years; "
                            "work rights not stated in rules.md (GAP)"),
        uncertain=("No exclusion of Russians found in the sources (GAP): none encoded.",),
        summary="Italian investor visa: €250k in an innovative start-up up to €2m in government bonds.",
    ),
)
