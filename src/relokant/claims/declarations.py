"""Quantitative claims about policy, each declared once: what was said, by whom, which scenarios test it, which
metrics and horizons answer it, the claimed figures and any lower figures beside them, and the assumptions the answer
may hinge on (with why).

Inputs: none at run time but the evidence the references point to (``ev:`` figures, ``as:`` labelled assumptions)
and the parameter declarations (``relokant.parameters``). Outputs: ``CLAIMS`` (id -> ``Claim``), ``get(id)`` (an
unknown id is a one-line ``InputError`` listing the known ones) and ``names()``. ``relokant.claims.evaluate`` runs a
declaration; nothing here simulates.

A hinge is one of four kinds:

- ``parameter``: a model parameter (``relokant params``), overridden in both scenarios. Its range is its source's
  low-high; a *fitted* parameter's prior is far wider than its fit allows, so it is varied by the factor
  ``as:claim_hinge_fitted_factor`` either way from its fitted value instead (within the prior).
- ``scenario``: a labelled assumption that the scenarios use by reference (``capital_acceptance:
  as:capital_acceptance_eu_status_quo``); every use in both scenarios is replaced by the assumption's low or high.
- ``route``: a parameter of the proposal's own routes that the proposal leaves open; set, in the policy scenario
  only, from the policy's start, to the low or high of the assumption ``range_ref``.
- ``reading``: a reading of conflicting evidence (``relokant.calibrate.targets.RETURN_READINGS``): both scenarios run
  with the parameters fitted under that reading (``relokant fit --reading NAME --save``) instead of the default
  ('surveys') fit. Its 'value' is the figure the reading fits to.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from relokant import evidence, parameters
from relokant.errors import InputError

HINGE_KINDS = ("parameter", "scenario", "route", "reading")
# Units of evidence rows as written in the CSV, and the factor to the metric's own unit (persons, EUR).
UNIT_SCALES = {"persons": 1.0, "persons (upper bound)": 1.0, "persons (approx.)": 1.0, "persons (lower bound)": 1.0,
               "EUR": 1.0, "EUR bn": 1e9}


@dataclass(frozen=True)
class Figure:
    """A figure quoted beside the model: ``ref`` (ev:/as:), the source's words and how they bound the number."""

    ref: str
    words: str  # as the source says it: "up to 3 million Russians"
    bound: str = ""  # "up to", "at least": how the words bound the number ("" for a reading of vague words)

    @property
    def sourced(self) -> evidence.Sourced:
        return evidence.sourced(self.ref)

    @property
    def scale(self) -> float:
        unit = self.sourced.unit
        if unit not in UNIT_SCALES:
            raise ValueError(f"{self.ref}: unit {unit!r} has no scale to the metric's unit (claims.UNIT_SCALES)")
        return UNIT_SCALES[unit]

    def values(self) -> tuple[float, float, float]:
        """(value, low, high) in the metric's unit."""
        s = self.sourced
        return s.value * self.scale, s.low * self.scale, s.high * self.scale


@dataclass(frozen=True)
class Quantity:
    """One thing the claim counts, measured as the policy effect on one metric of the output contract."""

    key: str
    name: str  # what is counted, for table rows: "Russians in the EU"
    label: str  # the policy's effect on it, for sentences: "additional Russians in the EU"
    metric: str
    geo: str
    unit: str
    claim: Figure | None = None  # what the claim says
    lower: Figure | None = None  # a lower figure from the claimants' own report
    note: str = ""


@dataclass(frozen=True)
class Hinge:
    target: str  # parameter name | as:assumption used in the scenarios | route parameter name
    kind: str
    why: str
    range_ref: str | None = None  # route hinges: the assumption holding the value and its range
    route: str | None = None  # route hinges: the route id or prefix ending in *


@dataclass(frozen=True)
class Context:
    """A figure for scale, quoted in the verdict (not compared with the model)."""

    ref: str
    text: str


@dataclass(frozen=True)
class Claim:
    id: str
    title: str
    quote: str
    said_by: str
    conditions: str  # what the claimants ask for, which the policy scenario encodes
    sources: tuple[str, ...]  # ev: ids of the claim
    baseline: str  # shipped scenario names
    scenario: str
    policy: str  # the policy in words ("the CASE relocant card")
    horizons_years: tuple[int, ...]
    verdict_years: int  # the horizon the verdict is about (the claim's most generous reading)
    quantities: tuple[Quantity, ...]
    context: tuple[Context, ...]
    hinges: tuple[Hinge, ...]
    not_varied: tuple[tuple[str, str], ...] = field(default=())  # (what, why it is not a hinge)
    sample_size: int = 200_000  # defaults of a full evaluation
    draws: int = 10  # parameter draws x seeds, paired (as the study)
    hinge_sample_size: int = 100_000


CASE_3M = Claim(
    id="case-3m",
    title="Europe could accept up to 3 million Russians with EUR 400-500 billion in 3-5 years",
    quote=("If the European authorities adopted a coherent strategy that would radically simplify Russians' "
           "emigration to the EU on the condition of their permanent residence in the country of declared stay and "
           "would be ready to accept any amount of capital exported from Russia [...] then Europe could accept up to "
           "3 million Russians with a capital of at least 400-500 billion euros, ready to fit into the modern global "
           "world, in just three to five years."),
    said_by="Dmitry Gudkov, Vladislav Inozemtsev, Dmitry Nekrasov (CASE), op-ed in The Moscow Times, 2024-06-11",
    conditions=("A residence card for Russian relocants in every EU state (higher education, a foreign language; then "
                "housing, work or a business and 3/4 of the time in the issuing state), the right to work, no social "
                "benefits; EU banks accept any capital from Russia."),
    sources=("ev:case_claim_people", "ev:case_claim_capital", "ev:CASE_05", "ev:CASE_06", "ev:CASE_08"),
    baseline="baseline",
    scenario="case-proposal",
    policy="the CASE relocant card",
    horizons_years=(3, 5),
    verdict_years=5,
    quantities=(
        Quantity("people", "Russians in the EU", "additional Russians in the EU", "stock_abroad", "EU27", "persons",
                 claim=Figure("ev:case_claim_people", "up to 3 million Russians", "up to"),
                 lower=Figure("as:claim_case_report_people", "several hundred thousand relocants"),
                 note="people who left Russia since 2022-02-24 and live in the EU at the end of the month"),
        Quantity("capital", "their capital in the EU", "additional capital in the EU", "capital_abroad_eur", "EU27",
                 "EUR",
                 claim=Figure("ev:case_claim_capital", "a capital of at least EUR 400-500 billion", "at least"),
                 lower=Figure("as:claim_case_report_capital", "tens of billions of euros"),
                 note="capital these people moved out of Russia and hold in the EU"),
        Quantity("abroad", "Russians abroad, anywhere", "additional Russians abroad anywhere", "stock_abroad", "WORLD",
                 "persons",
                 note="new emigration the policy causes; the rest of the EU's gain would have gone elsewhere"),
    ),
    context=(
        Context("ev:CASE_07",
                "by Shelin's count about 100,000 Russians emigrated to the EU in the first year of the war"),
        Context("ev:CASE_08", "the op-ed's own count: at least 1 million left because of the war"),
    ),
    hinges=(
        Hinge("departure_inclusive_value_weight", "parameter",
              "Whether better options abroad make more people leave (1) or only redirect those who leave anyway (0): "
              "the card's new emigration scales with it; not identified by 2022-2023 data."),
        Hinge("route_access_weight", "parameter",
              "How strongly a right to stay pulls a leaver to a country: the card works only through it."),
        Hinge("conditional_access_weight", "parameter",
              "How much the routes a person qualifies for only conditionally (a Blue Card without a job offer) "
              "count: sets the status-quo access the card adds to."),
        Hinge("entry_restricted_access", "parameter",
              "Access left where entry is refused (Baltics, Poland, Finland, Czechia): the card's pull there."),
        Hinge("return_or_permit", "parameter",
              "How much a permit keeps people from returning: card holders stay longer."),
        Hinge("permit_unencoded_share_visa_countries", "parameter",
              "How many in the EU get a permit on a route the model does not encode (a job, study, family) when "
              "their short stay runs out: the status quo the card adds to."),
        Hinge("official", "reading",
              "Which return share the fit reads: emigrant surveys (10-15% back by late 2023, the default) or Russian "
              "officials (about half by mid-2023): with more going home, fewer are left to stay in the EU."),
        Hinge("onward_hazard_monthly", "parameter",
              "How fast people in the transit hubs (Georgia, Armenia, Turkey...) move on: the card draws them to the "
              "EU (fitted)."),
        Hinge("background_hazard", "parameter",
              "The steady war-time outflow after 2022: the pool of new leavers the card can attract from 2025 on "
              "(fitted)."),
        Hinge("return_hazard", "parameter",
              "How many emigrants go back: what is left to stay in the EU after 3-5 years (fitted)."),
        Hinge("eu_first_share", "parameter",
              "The EU's pull before any policy change (fitted to 2022 permits): the base the card's pull multiplies."),
        Hinge("capital_share_moved_at_departure", "parameter",
              "Share of liquid wealth taken along when leaving: the capital side."),
        Hinge("capital_monthly_transfer_share", "parameter",
              "Monthly transfers of the wealth left in Russia: the capital side, over 3-5 years."),
        Hinge("as:capital_acceptance_eu_status_quo", "scenario",
              "How much EU banks accept under the status quo: the card's 'accept any capital' adds the rest."),
        Hinge("min_language_level", "route",
              "The proposal names no language level: any knowledge (A1) or B1 changes who qualifies for the card.",
              range_ref="as:claim_card_language_level", route="CASE_RELOCANT_CARD_*"),
    ),
    not_varied=(
        ("choice_openness_elasticity",
         "both scenarios have the same openness, the card acts through route access, so it barely moves the effect"),
        ("the wave hazards and half-lives",
         "they shape the 2022 waves, pinned by the departure targets, and the card starts in 2025"),
        ("the wealth distribution",
         "population evidence (median, mean, top shares, millionaire count), not a model parameter"),
        ("usd_per_eur and permits_per_adult_arrival", "conversion and accounting conventions"),
    ),
)

CLAIMS: dict[str, Claim] = {claim.id: claim for claim in (CASE_3M,)}


def names() -> tuple[str, ...]:
    return tuple(CLAIMS)


def get(claim_id: str) -> Claim:
    try:
        return CLAIMS[claim_id]
    except KeyError:
        raise InputError(f"unknown claim {claim_id!r} (known: {', '.join(names())})") from None


def hinge_source(hinge: Hinge) -> str:
    """The ev:/as: reference behind a hinge's range."""
    if hinge.kind == "parameter":
        return parameters.get(hinge.target).source
    if hinge.kind == "scenario":
        return hinge.target
    if hinge.kind == "reading":
        from relokant.calibrate.targets import RETURN_READINGS

        return RETURN_READINGS[hinge.target].refs[0]  # the first of its figures (the rest are in the note)
    return hinge.range_ref or ""
