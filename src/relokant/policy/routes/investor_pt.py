"""Portugal: residence permit for investment activity (ARI, "golden visa"). Spec: policy/rules.md section 4.2 (and 4.9
for the suspension for Russians).

Law 56/2023 of 6 October 2023 ("Mais Habitação") closed the real-estate routes from 2023-10-07: the €500,000
property purchase, the €350,000 rehabilitation and the €1.5m capital transfer (``PT_ARI_REAL_ESTATE``; renewals and
pending files continue). Encoded remaining routes: €500,000 in non-real-estate investment funds of at least 5 years'
maturity with at least 60% invested in Portuguese companies (``PT_ARI_FUND``), €500,000 for research
(``PT_ARI_RESEARCH``) and €250,000 for culture or heritage, 20% less in low-density areas (``PT_ARI_CULTURE``).
Not encoded: €500,000 in a company with 5 jobs (or 10 maintained) and the creation of 10 jobs: the person schema
has no job counts.

Russians: SEF suspended the assessment of golden-visa files of Russian citizens in "Feb/Mar 2022"; its status after
the 2023 SEF→AIMA reform is unknown (UNCERTAIN).
"""

from relokant.policy.rules import Check, Rights, Route, attr, const, day, first, fixed, if_, param
from relokant.policy.routes.investor import (SCOPE_START, investment_in, kind_is, minimum_investment, no_investment,
                                             russian_suspension, suspension, zone_is)

SOURCES = (
    "https://www.valadascoriel.com/mais-habitacao-program-the-new-portuguese-golden-visa/",
    "https://villaskeygold.com/blog-detail/more-housing-package_21388",
    "https://www.brookesandpartners.com/news/portuguese-golden-visa-changes-take-effect",
    "https://propertyhandbook-cbre-vda.com/wip/en/legal-tax-framework/golden-visa",
    "http://immigrationultimateblog.com/2022/03/greece-suspends-golden-visa-program-for-russian-citizens/",
)

_LAW_56 = "Law 56/2023 (Mais Habitação) (valadascoriel, villaskeygold, brookesandpartners)"
_SUSPENSION_DATE = ("rules.md dates the SEF suspension only 'Feb/Mar 2022': encoded from 2022-03-01, the first day "
                    "that is certainly within it")
_AIMA = "Whether the suspension of Russians' files survives the 2023 SEF→AIMA reform is not verified (UNCERTAIN)."
_BEFORE = ("rules.md gives the conditions of the routes that remain after 2023-10-07; whether the same amounts and "
           "fund conditions applied before is not stated, and they are encoded unchanged from 2022.")

RU_SUSPENDED = suspension("2022-03-01", "SEF suspension (immigrationultimateblog, 2022-03)",
                          uncertain=_SUSPENSION_DATE)
RU_TEXT = ("Not a Russian citizen while SEF's suspension of the golden-visa files of Russian citizens holds "
           "(from Feb/Mar 2022)")

RIGHTS = Rights(
    family=None, months_to_permanent=60,
    notes="minimum stay 7 days in the first year, then 14 days per 2-year period; permanent residence after 5 years "
          "(A2 Portuguese test); citizenship after 5 years of legal residence; work rights not stated in rules.md "
          "(GAP)")


def ari(route_id, name, kinds, minimum, text, parameters, extra=(), valid_to=None, uncertain=(), summary=""):
    """One ARI route: the suspension for Russians, the investment in Portugal, its minimum, and ``extra`` checks."""
    return Route(
        id=route_id, country="PT", name=name, kind="investor", valid_from=SCOPE_START, valid_to=valid_to,
        legal_reference="Law 23/2007 (Foreigners Act), ARI, as amended by Law 56/2023", sources=SOURCES,
        parameters={"ru_suspended": RU_SUSPENDED, **parameters},
        requires=(russian_suspension(RU_TEXT), investment_in("PT", kinds, text[0]),
                  minimum_investment(minimum, text[1]), *extra),
        outputs={"min_eur": minimum}, rights=RIGHTS,
        uncertain=(_SUSPENSION_DATE, _AIMA, *uncertain), summary=summary)


REAL_ESTATE_MIN = first((kind_is("real_estate_rehabilitation"), param("min_eur_rehabilitation")),
                        (kind_is("capital_transfer"), param("min_eur_capital_transfer")),
                        default=param("min_eur_property"))

ROUTES = (
    ari("PT_ARI_REAL_ESTATE", "ARI (golden visa): property, rehabilitation or capital transfer",
        ("real_estate", "residential_property", "real_estate_rehabilitation", "capital_transfer"), REAL_ESTATE_MIN,
        ("A property purchase, a property rehabilitation or a capital transfer in Portugal",
         "At least €500,000 (property), €350,000 (rehabilitation) or €1.5m (capital transfer)"),
        {"min_eur_property": fixed(500_000, unit="EUR", source=_LAW_56),
         "min_eur_rehabilitation": fixed(350_000, unit="EUR", source=_LAW_56),
         "min_eur_capital_transfer": fixed(1_500_000, unit="EUR", source=_LAW_56)},
        valid_to=day("2023-10-07"),
        uncertain=("Closed to new applications from 2023-10-07; renewals and pending files continue and renewed "
                   "permits convert to entrepreneurial-immigrant permits (not modelled).",),
        summary="The real-estate golden visa, closed by Mais Habitação from 2023-10-07."),
    ari("PT_ARI_FUND", "ARI (golden visa): investment fund", ("investment_fund",), param("min_eur"),
        ("Units of a Portuguese investment fund that is not a real-estate fund",
         "At least €500,000 in the fund"),
        {"min_eur": fixed(500_000, unit="EUR", source=_LAW_56),
         "min_fund_maturity_years": fixed(5, unit="years", source=_LAW_56),
         "min_domestic_share": fixed(0.6, unit="share", source=_LAW_56)},
        extra=(Check("fund_maturity", attr("investment_fund_maturity_years") >= param("min_fund_maturity_years"),
                     "Fund maturity of at least 5 years", open_if=no_investment),
               Check("fund_domestic_share", attr("investment_domestic_share") >= param("min_domestic_share"),
                     "At least 60% of the fund invested in Portuguese companies", open_if=no_investment)),
        uncertain=(_BEFORE,),
        summary="€500k in a non-real-estate fund (5+ years, 60%+ in Portuguese companies)."),
    ari("PT_ARI_RESEARCH", "ARI (golden visa): research", ("research",), param("min_eur"),
        ("A capital transfer for research activities in Portugal", "At least €500,000"),
        {"min_eur": fixed(500_000, unit="EUR", source=_LAW_56)}, uncertain=(_BEFORE,),
        summary="€500k for research."),
    ari("PT_ARI_CULTURE", "ARI (golden visa): culture and heritage", ("culture_heritage",),
        param("min_eur") * if_(zone_is("low_density"), const(1) - param("low_density_discount"), 1),
        ("Support of artistic production or of the national cultural heritage in Portugal",
         "At least €250,000, 20% less in low-density areas"),
        {"min_eur": fixed(250_000, unit="EUR", source=_LAW_56),
         "low_density_discount": fixed(0.2, unit="share", source=_LAW_56)},
        uncertain=(_BEFORE,),
        summary="€250k for culture or heritage (€200k in low-density areas)."),
)
