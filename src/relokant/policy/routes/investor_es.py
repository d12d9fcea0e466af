"""Spain: residence for investors ("golden visa"), Law 14/2013 arts. 63–67, abolished by Organic Law 1/2025.
Spec: policy/rules.md section 4.3.

Routes until the repeal: €500,000 in real estate, €2m in public debt, €1m in shares, investment funds or bank
deposits (``ES_GOLDEN_VISA``), and business projects of general interest, which have no amount and depend on the
authorities' assessment (``ES_GOLDEN_VISA_BUSINESS_PROJECT``, always conditional).

Organic Law 1/2025 (BOE 3 Jan 2025): new applications were accepted until 3 Apr 2025, "from 4 Apr 2025 no new
applications" (arayasociados), so both routes are in force up to and including 2025-04-03. Applications filed
earlier are processed and existing permits remain renewable (not modelled).

Russians: no nationality-specific exclusion was found in the sources (GAP), so none is encoded.
"""

from relokant.policy.rules import Rights, Route, day, first, fixed, param
from relokant.policy.routes.investor import SCOPE_START, investment_in, kind_is, minimum_investment

SOURCES = (
    "https://www.arayasociados.com/en-US/blog/Farewell-to-the-Golden-Visa-Key-Changes-to-the-Entrepreneurs-Law-Starting-in-April-2025",
    "https://www.drpadvisers.com/news/end-of-spain-golden-visa-program-in-april-2024",
    "https://bestmaresme.com/blog/ru/espana-pone-fin-a-la-concesion-de-golden-visa",
)

_LAW = "Law 14/2013 arts. 63–67 (drpadvisers, arayasociados)"
# Exclusive: the first day without new applications.
ABOLISHED = day("2025-04-04")
_ABOLITION = ("Last day for new applications: rules.md and arayasociados give 3 Apr 2025 (none from 4 Apr); case ES-02 "
              "says 'from 3/4 Apr 2025'. Encoded as in force up to and including 2025-04-03.")
_RUSSIANS = "No exclusion of Russians found in the sources (GAP): none encoded."
RIGHTS = Rights(family=None, notes="rights of the permit not stated in rules.md (GAP); existing permits remain "
                                   "renewable after the repeal")

PROPERTY = ("real_estate", "residential_property")
SHARES = ("company_shares", "investment_fund", "bank_deposit")
MIN_EUR = first((kind_is("public_debt"), param("min_eur_public_debt")),
                (kind_is(*SHARES), param("min_eur_shares_funds_deposits")),
                default=param("min_eur_real_estate"))

ROUTES = (
    Route(
        id="ES_GOLDEN_VISA",
        country="ES",
        name="Residence for investors (golden visa): real estate, public debt, shares, funds or deposits",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=ABOLISHED,
        legal_reference="Law 14/2013 arts. 63–67; repealed by Organic Law 1/2025 (BOE 3 Jan 2025)",
        sources=SOURCES,
        parameters={
            "min_eur_real_estate": fixed(500_000, unit="EUR", source=_LAW),
            "min_eur_public_debt": fixed(2_000_000, unit="EUR", source=_LAW),
            "min_eur_shares_funds_deposits": fixed(1_000_000, unit="EUR", source=_LAW),
        },
        requires=(
            investment_in("ES", PROPERTY + ("public_debt",) + SHARES,
                          "Real estate, Spanish public debt, shares, investment funds or bank deposits in Spain"),
            minimum_investment(MIN_EUR, "At least €500,000 (real estate), €2m (public debt) or €1m (shares, funds, "
                                        "bank deposits)"),
        ),
        outputs={"min_eur": MIN_EUR},
        rights=RIGHTS,
        uncertain=(_ABOLITION, _RUSSIANS),
        summary="Spain's golden visa, €500k in property; no new applications after 3 Apr 2025.",
    ),
    Route(
        id="ES_GOLDEN_VISA_BUSINESS_PROJECT",
        country="ES",
        name="Residence for investors (golden visa): business project of general interest",
        kind="investor",
        valid_from=SCOPE_START,
        valid_to=ABOLISHED,
        legal_reference="Law 14/2013 arts. 63–67; repealed by Organic Law 1/2025 (BOE 3 Jan 2025)",
        sources=SOURCES,
        requires=(investment_in("ES", ("business_project",), "A business project in Spain"),),
        # rules.md gives no amount for this route: the authorities decide whether a project is of general interest.
        conditional_on=("The authorities' assessment that the project is of general interest",),
        rights=RIGHTS,
        uncertain=(_ABOLITION, _RUSSIANS),
        summary="Spain's golden visa for business projects of general interest; no new applications after "
                "3 Apr 2025.",
    ),
)
