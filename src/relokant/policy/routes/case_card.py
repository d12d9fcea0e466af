"""The CASE "relocant card" (June 2024): a POLICY PROPOSAL, not law. Spec: policy/rules.md section 8.

Proposed by the Center for Analysis and Strategies in Europe (CASE) in "The New Russian Diaspora: Europe's Challenge
and Opportunity" (IFRI, presented in Paris on 2024-06-11) and the op-ed of Inozemtsev, Gudkov and Nekrasov in The
Moscow Times of the same day. As reported (Holod, DW, The Russian Reader): the card lets a Russian obtain a residence
permit in one EU country, open a bank account, rent property and take a job; it is valid one year, renewable, and
that year is a probation period in which the relocant must prove higher education, knowledge of at least one
(foreign) language, renting or owning housing, employment or an opened business, and having lived at least 3/4 of
the time in the issuing country. The op-ed grants "the right to work and all other economic rights except social
benefits and privileges".

Encoding:
- The card would be issued by one EU state, and 'EU' is not a place: one route per EU27 member,
  ``CASE_RELOCANT_CARD_<member>`` (e.g. ``CASE_RELOCANT_CARD_DE``), all identical but for the country, every one
  ``proposal=True`` so that only counterfactual scenarios (or a caller naming the route) see it.
- ``valid_from`` 2024-06-11, the day the proposal was presented: the earliest date a counterfactual could have
  enacted it. Nothing was enacted; scenarios move or vary it.
- The routes answer whether the person meets the probation conditions (and so keeps the card after the probation
  year). What a relocant obtains during the year is open, not failed, while not begun: housing 'none', not employed,
  no time yet in the issuing state. Higher education and the language are checked as they stand.
- Every figure is a dated parameter from 2024-06-11 (the residence share 0.75, the language level, the validity) so
  that a scenario can vary it later (the count of languages, one, is structural: see the check). The proposal
  names no language level: 'knowledge' is read as A1 or above.
- GAPs (the financial guarantee's amount, fees, vetting, capital declaration, the path to permanent residence) are
  in ``uncertain``; none is invented.
"""

from relokant.geo import EU27
from relokant.policy.person import A1
from relokant.policy.rules import Check, Rights, Route, attr, dated, day, param

SOURCES = (
    "https://holod.media/2024/06/11/uprostit-emigratsiu-rossiian/",
    "https://www.dw.com/ru/karta-relokanta-es-predlagaut-zapustit-programmu-priema-emigrantov-iz-rf/a-69326833",
    "http://therussianreader.com/2024/06/12/2590",
    "https://moscowtimes.io/2024/06/11/o-evropeiskih-russkih-plyus-3-mln-chelovek-plyus-500-mlrd-evro-a133738",
    "https://nordot.app/1173652979773309547?ncmp=post_rcmd",
    "https://www.themoscowtimes.com/2024/06/11/exiled-kremlin-critics-urge-eu-to-welcome-skilled-russians-to-bleed-putin-regime-a85377",
    "https://russiapost.info/society/special_status",
    "https://republic.ru/posts/113008",
)

PROPOSED = "2024-06-11"  # presented at IFRI Paris; the op-ed appeared the same day
_HOLOD = "CASE proposal as reported by Holod 2024-06-11 and DW"


def proposed(value, source=_HOLOD, unit="", uncertain=""):
    return dated((PROPOSED, value), source=source, unit=unit, uncertain=uncertain)


PARAMETERS = {
    "min_share_of_time": proposed(0.75, unit="share of time", source=f"{_HOLOD}: 'at least 3/4 of the time'"),
    "min_language_level": proposed(A1, unit="CEFR ordinal (A1 = 1)",
                                   uncertain="the proposal names no level: 'knowledge' is read as A1 or above"),
    "validity_months": proposed(12, unit="months", source=f"{_HOLOD}: valid 1 year, renewable (probation year)"),
}

CHECKS = (
    Check("russian_citizen", attr("ru_citizen"), "A Russian citizen (the card is for Russian relocants)"),
    Check("higher_education", attr("higher_education"), "Higher education"),
    # At least one language at the level or above <=> the highest level reaches it. The count (one) is therefore
    # structural, not a parameter: a scenario asking for two languages needs a count attribute in the person schema.
    Check("foreign_language", attr("foreign_language_max_level") >= param("min_language_level"),
          "Knowledge of at least one foreign language (other than Russian)"),
    # Probation conditions: shown within the card's first year to keep it, not needed to obtain it.
    Check("housing", attr("housing").isin(("rent", "own")), "Renting or owning housing in the issuing state",
          open_if=attr("housing").eq("none"), stage="renewal"),
    Check("employment_or_business", attr("employed_or_business"), "Employed or running a business",
          open_if=~attr("employed_or_business"), stage="renewal"),
    Check("residence_share", attr("share_of_time_in_issuing_state") >= param("min_share_of_time"),
          "Lived at least 3/4 of the time in the issuing state",
          open_if=attr("share_of_time_in_issuing_state") <= 0, stage="renewal"),
)

UNCERTAIN = (
    "Proposal, not law: a counterfactual only.",
    "Financial guarantee: GAP (Holod's sentence is cut off; the amount is unknown).",
    "Fees, vetting and capital declaration: GAP.",
    "Path to permanent residence: GAP.",
    "Language level: not stated; any knowledge (A1) is taken to count.",
)

ROUTES = tuple(
    Route(
        id=f"CASE_RELOCANT_CARD_{member}",
        country=member,
        name="Relocant card (CASE proposal, June 2024): probation conditions",
        kind="permit",
        valid_from=day(PROPOSED),
        valid_to=None,
        legal_reference="None: policy proposal of CASE (IFRI report 'The New Russian Diaspora', 2024-06; op-ed, "
                        "The Moscow Times 2024-06-11)",
        sources=SOURCES,
        parameters=PARAMETERS,
        requires=CHECKS,
        outputs={"validity_months": param("validity_months"), "min_share_of_time": param("min_share_of_time")},
        rights=Rights(work="full", self_employment=True, family=None, social_benefits=False, validity_months=12,
                      months_to_permanent=None,
                      notes="residence permit in one EU state, bank account, renting, work and all economic rights "
                            "except social benefits and privileges; 1 year, renewable; path to permanent residence "
                            "GAP"),
        uncertain=UNCERTAIN,
        proposal=True,
        summary="A one-year card for Russian relocants with a degree, a foreign language, housing and work who live "
                "3/4 of the time in the issuing EU state (proposal).",
    )
    for member in EU27
)
