"""The op-ed's claims about who the relokanti are, checked against the evidence.

"Russian relokanti in Europe are almost a decade younger than the average Russian, three times more educated and far
more entrepreneurial" (Gudkov, Inozemtsev and Nekrasov of CASE, The Moscow Times, 11 June 2024).

Inputs: the claim declarations in ``CLAIMS`` (each once: its words, what is measured, the emigrant figures with their
evidence ids and sample sizes, the Russian comparison bases with their evidence ids, the threshold that reads the
words, and the verdict rule), the evidence, and optionally a weighted survey profile (``relokant.survey.profile``) to
add as one more emigrant figure. Output: ``assess(...) -> ClaimsReport``: per claim the emigrant interval, the ratio or
gap against every base with its interval, a verdict per base and overall, and the reason in words.

How an emigrant figure gets an interval: a published share p from a survey of n respondents gets a Wilson score
interval at the 90% level with the effective sample size n / design effect (``as:survey_online_design_effect``; an
unpublished n is ``as:survey_unpublished_sample_size``); a published mean age gets mean +/- z sd / sqrt(n_eff)
(``as:survey_emigrant_age_sd``), a median the same times sqrt(pi/2) (the large-sample efficiency of the median).
A share computed from administrative counts over several published denominators spans them. Figures from different
surveys are never averaged: the emigrant interval is the envelope of the figures' intervals, so conflicting surveys
show up as width.

Verdict rule (``_verdict``), in words: against each comparison base, the claim is *supported* if the whole interval of
the ratio (or of the gap in years) reaches the threshold the claim's words imply, *not supported* if the whole
interval falls short, and *partly* otherwise. Over all bases: supported if supported on every base, not supported if
on none, partly otherwise. Then scope: the claim is about relokanti in the EU (where CASE surveyed); a figure from
surveys elsewhere (the hubs Georgia, Armenia, Serbia...) cannot make it more than *partly*. *No data* when a claim
has no emigrant figure or no base.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from scipy.stats import norm

from relokant import geo
from relokant.errors import InputError
from relokant.evidence import figure, sourced

LEVEL = 0.90
PERCENT = 0.01
MILLION = 1e6

QUOTE = ("Russian relokanti in Europe are almost a decade younger than the average Russian, three times more "
         "educated and far more entrepreneurial")
OP_ED = {
    "title": "Let 3 Million Russians Come to Europe - And Take 500 Billion Euros Out of Putin's Pockets",
    "outlet": "The Moscow Times", "published": "2024-06-11",
    "authors": "Dmitry Gudkov, Vladislav Inozemtsev, Dmitry Nekrasov (CASE)",
    "evidence": "ev:CASE_08",  # the evidence row citing the same op-ed (its url and Russian original)
    "context": "'our surveys underscore the fact that ...': the CASE survey of April 2024, over 3,200 Russians in "
               "France, Germany, Poland and Cyprus (ev:CASE_01, ev:CASE_04)",
}
VERDICTS = ("supported", "partly", "not supported", "no data")
DESIGN_EFFECT = "as:survey_online_design_effect"
UNPUBLISHED_N = "as:survey_unpublished_sample_size"
AGE_SD = "as:survey_emigrant_age_sd"
# Context every verdict's reason needs: who CASE surveyed and what the evidence lacks.
CASE_SCOPE = ("The claim rests on CASE's own survey of Russians in the EU (ev:CASE_01: France, Germany, Poland, "
              "Cyprus, April 2024), whose tables are not in the evidence; nearly 80% of its respondents left after "
              "2014 and of those 44% after the invasion (ev:CASE_02, ev:CASE_03), so it describes the diaspora in "
              "the EU, not only wartime leavers.")


def _z() -> float:
    return float(norm.ppf(0.5 + LEVEL / 2))


@dataclass(frozen=True)
class SurveyFigure:
    """An emigrant figure published from one survey: ``ref`` (ev:ID) and the ref of its sample size.

    ``bound`` is ``lower`` for figures published as 'more than X' (kept at X: the upper end is unknown).
    """

    ref: str
    survey: str
    where: str
    sample_size: str
    in_eu: bool = False
    bound: str = "point"
    note: str = ""

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.ref, self.sample_size, DESIGN_EFFECT)


@dataclass(frozen=True)
class CountFigure:
    """An emigrant share from administrative counts: a numerator over several published denominators (a range)."""

    numerator: str
    denominators: tuple[str, ...]
    survey: str
    where: str
    in_eu: bool = False
    note: str = ""

    @property
    def refs(self) -> tuple[str, ...]:
        return (self.numerator, *self.denominators)


@dataclass(frozen=True)
class ProfileFigure:
    """A figure from a weighted survey file (``relokant survey claims --survey``): estimate and bootstrap interval."""

    survey: str
    where: str
    in_eu: bool
    value: float
    low: float
    high: float
    respondents: int
    note: str = ""

    @property
    def refs(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class Base:
    """A Russian comparison base: a label saying whom it covers, its refs, and its value in the measure's unit."""

    label: str
    refs: tuple[str, ...]
    value: Callable[[], float]
    note: str = ""


@dataclass(frozen=True)
class Measure:
    """What is measured for a claim (``kind``: share, mean or median age), its emigrant figures and its bases."""

    name: str
    kind: str
    unit: str
    statistic: str  # the relokant.survey.profile statistic a survey file contributes
    figures: tuple
    bases: tuple[Base, ...]


@dataclass(frozen=True)
class Claim:
    """One claim of the op-ed, declared once."""

    id: str
    words: str
    measures: tuple[Measure, ...]
    compare: str  # "gap": Russia minus emigrants, years; "ratio": emigrants / Russia
    threshold: str  # as: ref of the reading of the claim's words
    rule: str
    see_also: tuple[str, ...] = ()
    caveats: str = ""


def _percent(ref: str) -> Callable[[], float]:
    return lambda: sourced(ref).value * PERCENT


def _years(ref: str) -> Callable[[], float]:
    return lambda: sourced(ref).value


def _wpp_adults(statistic: str) -> Callable[[], float]:
    def value() -> float:
        from relokant.population.demography import AGES, adults_2022
        from relokant.survey.profile import grouped_median

        persons = adults_2022().sum(axis=1)
        if statistic == "mean":
            return float((AGES * persons).sum() / persons.sum())
        return grouped_median(AGES, persons)
    return value


def _self_employed_per_labour_force(count_ref: str, count_factor: float) -> Callable[[], float]:
    return lambda: sourced(count_ref).value * count_factor / (sourced("ev:BAS_ENT_04").value * MILLION)


OK_RUSSIANS = "OK Russians online survey, spring 2022"
OK_RUSSIANS_WHERE = "mainly the hubs: Georgia, Turkey, Armenia"
RATIO_RULE = ("supported if the whole 90% interval of emigrant share / Russian share is at least the threshold, "
              "not supported if it is all below, partly otherwise; at most partly without EU figures")

CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="younger",
        words="almost a decade younger than the average Russian",
        measures=(
            Measure("mean age", "mean", "years", "mean_age", (
                SurveyFigure("ev:OKR_09", OK_RUSSIANS, OK_RUSSIANS_WHERE, "as:survey_okrussians_sample_size",
                             note="respondents who left after 24 Feb 2022; published as a whole number"),
            ), (
                Base("the average Russian, all ages incl. children (Rosstat, 1 Jan 2019)", ("ev:BAS_AGE_01",),
                     _years("ev:BAS_AGE_01"), "the literal reading; but surveys ask adults only"),
                Base("adults 18-69 (UN WPP 2024, Jan 2022): the surveys' own base", ("wpp:population",),
                     _wpp_adults("mean")),
            )),
            Measure("median age", "median", "years", "median_age", (
                SurveyFigure("ev:OKR_06", OK_RUSSIANS, OK_RUSSIANS_WHERE, "as:survey_okrussians_sample_size",
                             note="the source compared it with a Russian median of 46, which matches no "
                                  "official figure"),
            ), (
                Base("all ages incl. children (Wikipedia citing Rosstat; low authority)", ("ev:BAS_AGE_07",),
                     _years("ev:BAS_AGE_07")),
                Base("adults 18-69 (UN WPP 2024, Jan 2022)", ("wpp:population",), _wpp_adults("median")),
            )),
        ),
        compare="gap",
        threshold="as:survey_claim_decade_gap",
        rule=("supported if the whole 90% interval of the gap (Russian age minus emigrant age) is at least the "
              "threshold in years, not supported if it is all below, partly otherwise; at most partly without EU "
              "figures"),
        see_also=("ev:OKR_11", "ev:KOV_01", "ev:OR_02", "ev:RR_01"),
        caveats=("Only one survey publishes a mean and a median age (OK Russians, 2022). Against adults, the gap is "
                 "larger than a decade: read literally, the claim understates it."),
    ),
    Claim(
        id="educated",
        words="three times more educated",
        measures=(
            Measure("share with higher education", "share", "share", "higher_edu", (
                SurveyFigure("ev:OKR_10", OK_RUSSIANS, OK_RUSSIANS_WHERE, "as:survey_okrussians_sample_size"),
                SurveyFigure("ev:ZOIS_08", "ZOiS face-to-face survey, late 2022", "Georgia and Armenia",
                             "ev:ZOIS_01", bound="lower", note="published as 'more than 70%'"),
                SurveyFigure("ev:BCSP_01", "BCSP survey, c. 2024", "Serbia", UNPUBLISHED_N,
                             note="sample size not published"),
            ), (
                Base("all aged 15+ (microcensus 2015)", ("ev:BAS_EDU_06",), _percent("ev:BAS_EDU_06"),
                     "the base that gives about three times"),
                Base("aged 25-64 (HSE, microcensus 2015)", ("ev:BAS_EDU_04",), _percent("ev:BAS_EDU_04"),
                     "working age: most have finished studying"),
                Base("aged 25-34, the emigrants' own ages (HSE, microcensus 2015)", ("ev:BAS_EDU_05",),
                     _percent("ev:BAS_EDU_05"), "like for like: emigrants are young, and the young study more"),
            )),
        ),
        compare="ratio",
        threshold="as:survey_claim_three_times",
        rule=RATIO_RULE,
        see_also=("ev:KOV_02", "ev:RR_01", "ev:SK_04", "ev:BAS_EDU_02", "ev:BAS_EDU_07"),
        caveats=("Restatements (KOV_02, RR_01, SK_04: 80%) repeat the same surveys and are not counted twice. With "
                 "OECD's wider definition incl. short-cycle tertiary, 53% of Russians 25-64 qualify (BAS_EDU_07): "
                 "no 'three times' is then possible."),
    ),
    Claim(
        id="entrepreneurial",
        words="far more entrepreneurial",
        measures=(
            Measure("share self-employed or running a business", "share", "share", "entrepreneur", (
                SurveyFigure("ev:BCSP_02", "BCSP survey, c. 2024", "Serbia", UNPUBLISHED_N,
                             note="self-employed; sample size not published"),
                CountFigure("ev:host_ge_ru_ie_2022m02_2023m02",
                            ("ev:georgia_mia_net_2022_feb2023", "ev:georgia_mia_remaining_oct2022"),
                            "Georgian registry, Feb 2022-Feb 2023", "Georgia",
                            note="individual-entrepreneur registrations per Russian staying in Georgia (two "
                                 "official counts); registrations, not active businesses"),
            ), (
                Base("active self-employed per labour force, Russia 2025 (FNS, Rosstat)",
                     ("ev:BAS_ENT_03", "ev:BAS_ENT_04"), _self_employed_per_labour_force("ev:BAS_ENT_03", 1.0),
                     "declared income in the past 12 months"),
                Base("registered self-employed per labour force, Russia end-2024 (FNS, Rosstat)",
                     ("ev:BAS_ENT_01", "ev:BAS_ENT_04"), _self_employed_per_labour_force("ev:BAS_ENT_01", MILLION),
                     "includes the inactive registered"),
            )),
        ),
        compare="ratio",
        threshold="as:survey_claim_far_more",
        rule=RATIO_RULE,
        see_also=("ev:host_am_ru_sole_props_2022", "ev:host_rs_ru_firms_stock_2024",
                  "ev:host_ge_ru_companies_2022m03_08", "ev:BAS_ENT_06"),
        caveats=("No survey in the evidence asks emigrants in the EU about business; abroad, registering as "
                 "self-employed is often how remote workers invoice foreign clients (Serbia, Georgia's 1% regime), "
                 "not a new business. Russia's self-employed regime was still growing in 2022, so the bases are "
                 "later than the emigrant figures."),
    ),
)


# --- intervals -----------------------------------------------------------------------------------------------------

def _wilson(p: float, n_eff: float) -> tuple[float, float]:
    z = _z()
    centre = (p + z * z / (2 * n_eff)) / (1 + z * z / n_eff)
    half = z / (1 + z * z / n_eff) * math.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class FigureResult:
    """One emigrant figure with its interval, as used in a claim."""

    refs: tuple[str, ...]
    survey: str
    where: str
    in_eu: bool
    value: float | None
    low: float
    high: float
    respondents: float | None
    note: str

    def to_dict(self) -> dict:
        return {"refs": list(self.refs), "survey": self.survey, "where": self.where, "in_eu": self.in_eu,
                "value": self.value, "low": self.low, "high": self.high, "respondents": self.respondents,
                "note": self.note}


def figure_interval(fig, kind: str) -> FigureResult:
    """The figure's value and 90% interval in the measure's unit (shares 0-1, ages in years)."""
    if isinstance(fig, ProfileFigure):
        return FigureResult((), fig.survey, fig.where, fig.in_eu, fig.value, fig.low, fig.high, fig.respondents,
                            fig.note)
    if isinstance(fig, CountFigure):
        numerator = sourced(fig.numerator).value
        shares = [numerator / sourced(ref).value for ref in fig.denominators]
        return FigureResult(fig.refs, fig.survey, fig.where, fig.in_eu, None, min(shares), max(shares), None,
                            fig.note)
    n = sourced(fig.sample_size).value
    n_eff = n / sourced(DESIGN_EFFECT).value
    value = sourced(fig.ref).value
    if kind == "share":
        value *= PERCENT
        low, high = _wilson(value, n_eff)
    else:
        spread = sourced(AGE_SD).value / math.sqrt(n_eff) * (math.sqrt(math.pi / 2) if kind == "median" else 1.0)
        low, high = value - _z() * spread, value + _z() * spread
    note = fig.note
    return FigureResult(fig.refs, fig.survey, fig.where, fig.in_eu, value, low, high, n, note)


# --- verdicts ------------------------------------------------------------------------------------------------------

def _verdict(low: float, high: float, threshold: float) -> str:
    """Against one base: the whole interval meets the threshold, none of it does, or it straddles."""
    if low >= threshold:
        return "supported"
    if high < threshold:
        return "not supported"
    return "partly"


def _combine(verdicts: list[str]) -> str:
    if not verdicts:
        return "no data"
    if all(v == "supported" for v in verdicts):
        return "supported"
    if all(v == "not supported" for v in verdicts):
        return "not supported"
    return "partly"


@dataclass
class Comparison:
    """The emigrant interval against one base: the ratio or gap and its interval, and the verdict on this base."""

    measure: str
    base: str
    refs: tuple[str, ...]
    base_value: float
    value_low: float  # ratio or gap at the low/high end of the emigrant figures' central values
    value_high: float
    low: float  # ... and at the ends of the emigrant interval
    high: float
    verdict: str
    note: str = ""

    def to_dict(self) -> dict:
        return {"measure": self.measure, "base": self.base, "refs": list(self.refs), "base_value": self.base_value,
                "central_low": self.value_low, "central_high": self.value_high, "low": self.low, "high": self.high,
                "verdict": self.verdict, "note": self.note}


@dataclass
class MeasureResult:
    name: str
    kind: str
    unit: str
    figures: list[FigureResult]
    low: float | None
    high: float | None

    def to_dict(self) -> dict:
        return {"measure": self.name, "kind": self.kind, "unit": self.unit, "low": self.low, "high": self.high,
                "figures": [f.to_dict() for f in self.figures]}


@dataclass
class ClaimResult:
    claim: Claim
    threshold: float
    measures: list[MeasureResult]
    comparisons: list[Comparison]
    verdict_on_numbers: str
    verdict: str
    reasons: list[str]

    @property
    def headline(self) -> str:
        """One line: the range of the ratio or gap over every base, and whether any figure is from the EU."""
        if not self.comparisons:
            return "no emigrant figure or no Russian base in the evidence"
        low, high = min(x.low for x in self.comparisons), max(x.high for x in self.comparisons)
        span = (f"{low:.0f} to {high:.0f} years younger" if self.claim.compare == "gap"
                else f"{low:.1f}x to {high:.1f}x")
        eu = any(f.in_eu for m in self.measures for f in m.figures)
        return (f"{span} depending on the Russian base ({len(self.comparisons)} bases); "
                + ("includes figures from the EU" if eu else "no figure from the EU, where the claim is set"))

    def to_dict(self) -> dict:
        c = self.claim
        return {"id": c.id, "claim": c.words, "compare": c.compare, "headline": self.headline,
                "threshold": {"ref": c.threshold, "value": self.threshold,
                              "unit": "years" if c.compare == "gap" else "ratio"},
                "rule": c.rule, "verdict": self.verdict, "verdict_on_numbers": self.verdict_on_numbers,
                "reasons": self.reasons, "measures": [m.to_dict() for m in self.measures],
                "comparisons": [x.to_dict() for x in self.comparisons], "see_also": list(c.see_also),
                "caveats": c.caveats}


@dataclass
class ClaimsReport:
    quote: str
    op_ed: dict
    level: float
    claims: list[ClaimResult]
    assumptions: list[str] = field(default_factory=list)
    survey: dict | None = None

    def to_dict(self) -> dict:
        return {"quote": self.quote, "op_ed": self.op_ed, "level": self.level,
                "claims": [c.to_dict() for c in self.claims], "assumptions": self.assumptions,
                "survey": self.survey,
                "method": ("Emigrant figures: per-survey 90% intervals (Wilson for shares, normal for ages) with "
                           "n / design effect; the envelope across surveys, never an average. Bases: Russian "
                           "figures as published (held fixed). Ratio = emigrant share / base; gap = base age - "
                           "emigrant age.")}


def assess_claim(claim: Claim, extra: dict[str, ProfileFigure] | None = None) -> ClaimResult:
    """Evaluate one claim against the evidence (and a survey profile's figures, if given)."""
    threshold = sourced(claim.threshold).value
    measures, comparisons = [], []
    for measure in claim.measures:
        figs = [figure_interval(f, measure.kind) for f in measure.figures]
        if extra and measure.statistic in extra:
            figs.append(figure_interval(extra[measure.statistic], measure.kind))
        if not figs:
            measures.append(MeasureResult(measure.name, measure.kind, measure.unit, [], None, None))
            continue
        low, high = min(f.low for f in figs), max(f.high for f in figs)
        centrals = [f.value for f in figs if f.value is not None] or [low, high]
        centrals += [f.low for f in figs if f.value is None] + [f.high for f in figs if f.value is None]
        measures.append(MeasureResult(measure.name, measure.kind, measure.unit, figs, low, high))
        for base in measure.bases:
            b = base.value()
            if claim.compare == "ratio":
                lo, hi, c_lo, c_hi = low / b, high / b, min(centrals) / b, max(centrals) / b
            else:
                lo, hi, c_lo, c_hi = b - high, b - low, b - max(centrals), b - min(centrals)
            comparisons.append(Comparison(measure.name, base.label, base.refs, b, c_lo, c_hi, lo, hi,
                                          _verdict(lo, hi, threshold), base.note))
    numbers = _combine([c.verdict for c in comparisons])
    in_eu = any(f.in_eu for m in measures for f in m.figures)
    verdict = numbers
    if numbers == "supported" and not in_eu:
        verdict = "partly"
    return ClaimResult(claim, threshold, measures, comparisons, numbers, verdict,
                       _reason(claim, comparisons, numbers, verdict, in_eu, threshold, measures))


def _fmt(value: float, compare: str) -> str:
    return f"{value:.1f} years" if compare == "gap" else f"{value:.2f}x"


def _reason(claim: Claim, comparisons: list[Comparison], numbers: str, verdict: str, in_eu: bool,
            threshold: float, measures: list[MeasureResult]) -> list[str]:
    """The verdict's reasons, in sentences a newcomer can follow: the numbers first, then the scope, then caveats."""
    if numbers == "no data":
        return ["No emigrant figure or no Russian base in the evidence for this claim."]
    reasons = []
    words = {"supported": "Holds against", "partly": "Borderline against", "not supported": "Fails against"}
    for v in ("supported", "partly", "not supported"):
        hits = [c for c in comparisons if c.verdict == v]
        if hits:
            listed = "; ".join(f"{c.base}: {_fmt(c.low, claim.compare)} to {_fmt(c.high, claim.compare)}"
                               for c in hits)
            reasons.append(f"{words[v]} {listed} (threshold {_fmt(threshold, claim.compare)}, "
                           f"{claim.threshold}).")
    places = sorted({f.where for m in measures for f in m.figures})
    if in_eu:
        reasons.append("At least one figure is from relokanti in the EU.")
    else:
        reasons.append(f"No figure is from relokanti in the EU; the figures are from: {'; '.join(places)}."
                       + (" The numbers agree, but not for the population the claim is about." if numbers ==
                          "supported" else ""))
    reasons.append(CASE_SCOPE)
    if claim.caveats:
        reasons.append(claim.caveats)
    return reasons


def profile_figures(prof) -> tuple[dict[str, ProfileFigure], dict]:
    """Figures from a weighted survey profile (``relokant.survey.profile.Profile``) for the claims' measures."""
    survey = prof.weighting.survey
    in_eu = False
    where = "countries not recorded"
    if survey.has("country"):
        countries = survey.values["country"][~survey.missing("country")]
        codes = sorted(set(countries))
        in_eu = bool(len(codes)) and all(code in geo.EU27 for code in codes)
        where = ", ".join(codes[:8]) + (", ..." if len(codes) > 8 else "")
    label = f"{'SYNTHETIC DEMO ' if survey.synthetic else ''}survey file {survey.path}"
    figures = {}
    for row in prof.rows:
        if row.low is None:
            continue  # too few answers for an interval: not a figure a verdict can rest on
        figures[row.name] = ProfileFigure(label, where, in_eu, row.estimate, row.low, row.high, row.respondents,
                                          f"weighted, bootstrap interval ({prof.replicates} replicates, re-raked)")
    info = {"path": survey.path, "synthetic": survey.synthetic, "in_eu": in_eu, "countries": where,
            "respondents": len(survey)}
    return figures, info


def assess(prof=None) -> ClaimsReport:
    """Every claim in ``CLAIMS`` against the evidence, plus a weighted survey profile's figures if given."""
    extra, info = (None, None) if prof is None else profile_figures(prof)
    results = [assess_claim(claim, extra) for claim in CLAIMS]
    used = {DESIGN_EFFECT, UNPUBLISHED_N, AGE_SD} | {c.threshold for c in CLAIMS}
    used |= {f.sample_size for c in CLAIMS for m in c.measures for f in m.figures if isinstance(f, SurveyFigure)}
    return ClaimsReport(QUOTE, OP_ED, LEVEL, results, sorted(r for r in used if r.startswith("as:")), info)


_TEXT_REF = re.compile(r"(?<![A-Za-z0-9_])(?:ev|as):[A-Za-z0-9_]+")


def all_refs() -> set[str]:
    """Every evidence reference the claim declarations use, including those quoted in their texts."""
    refs = {OP_ED["evidence"], DESIGN_EFFECT, UNPUBLISHED_N, AGE_SD}
    texts = [OP_ED["context"], CASE_SCOPE]
    for claim in CLAIMS:
        refs |= {claim.threshold, *claim.see_also}
        texts += [claim.caveats, claim.rule]
        for measure in claim.measures:
            for fig in measure.figures:
                refs |= set(fig.refs)
            for base in measure.bases:
                refs |= set(base.refs)
    for text in texts:
        refs |= set(_TEXT_REF.findall(text))
    return refs


def check_refs() -> None:
    """Raise ``InputError`` if any declared reference does not exist (``wpp:`` refs load the WPP table)."""
    from relokant.evidence import assumption
    from relokant.population.marginals import resolve

    for ref in sorted(all_refs()):
        kind, _, key = ref.partition(":")
        if kind == "wpp":
            resolve(ref)
        elif kind == "ev":
            figure(key)
        elif kind == "as":
            assumption(key)
        else:
            raise InputError(f"claims: bad reference {ref!r}")
