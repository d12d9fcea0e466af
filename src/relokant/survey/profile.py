"""Weighted emigrant profile against the Russian baseline, with intervals that account for the weighting.

Inputs: a ``Survey``, optional ``MarginsFile`` (no margins: the design weights as they are), the number of bootstrap
replicates, a seed and weight bounds; the Russian baseline is relokant's synthetic population
(``relokant.population.synthesize``). Output: ``profile(...) -> Profile``: per statistic in ``STATISTICS`` (mean and
median age, higher education, IT, entrepreneurs, partner, children) the respondents used and missing, the unweighted
and weighted estimates, a 90% interval, the Russian value on the same comparison base (e.g. adults 18-69; 25-64 for
education), and the emigrant/Russia ratio (shares) or gap (ages) with its interval.

Intervals: a respondent bootstrap with re-raking. Each replicate draws respondents with replacement (their design
weights travel with them), rakes them to the same margins again, and recomputes every statistic; the interval is
the replicates' 5th to 95th percentile. Re-raking puts the weighting's own variability (the design effect of the
weights, and its correlation with the statistics) into the interval, which a formula for simple random samples
misses. Replicates in which a margin category happens to get no respondent cannot be raked; they are drawn again and
counted. The baseline is held fixed: the synthetic population reproduces published point figures, and its own
sampling noise is negligible next to a survey's. Item non-response is excluded per statistic and reported.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from relokant.errors import InputError
from relokant.population.marginals import INPUT_REFS
from relokant.population.schema import OCCUPATIONS
from relokant.survey.margins import MarginsFile
from relokant.survey.microdata import Survey
from relokant.survey.weighting import Weighting, rake_margins, weight_survey

DEFAULT_REPLICATES = 500  # percentile intervals at 5%/95% need a few hundred replicates to settle to ~0.1 point
DEFAULT_SEED = 1
LEVEL = 0.90
BASELINE_SAMPLE_SIZE = 100_000  # synthetic records; the baseline's sampling noise is then below 0.3 points
BASELINE_SEED = 1
ADULTS = (18, 69)  # the synthetic population's ages: the like-for-like base for the emigrant adults
FEW_ANSWERS = 30  # below this many answers a bootstrap interval is rough: say so (a reading aid, not a model number)
WORKING_AGES = (25, 64)  # the base of the education figures (BAS_EDU_04): most have finished studying by 25


@dataclass(frozen=True)
class Statistic:
    """One profile statistic, computed the same way on the survey and on the baseline population.

    ``answer(survey)`` gives per respondent the value (age in years, or 1/0 for a share) and whether it is known;
    ``population(pop)`` gives the same per synthetic person, or None when the population lacks the attribute.
    ``ages`` is the comparison base, applied to both sides; ``compare`` is ``gap`` (emigrants minus Russia, years)
    or ``ratio`` (emigrants / Russia).
    """

    name: str
    label: str
    column: str
    kind: str
    ages: tuple[int, int]
    unit: str
    compare: str
    answer: Callable[[Survey], tuple[np.ndarray, np.ndarray]]
    population: Callable[[object], np.ndarray | None]
    baseline_refs: tuple[str, ...]
    baseline_note: str = ""

    @property
    def base(self) -> str:
        return f"ages {self.ages[0]}-{self.ages[1]}"


def _age(survey: Survey):
    return survey.values["age"], ~survey.missing("age")


def _flag(column: str):
    def answer(survey: Survey):
        return (survey.values[column] == 1).astype("float64"), ~survey.missing(column)
    return answer


def _entrepreneur(survey: Survey):
    return (survey.values["entrepreneur"] > 0).astype("float64"), ~survey.missing("entrepreneur")


def _children(survey: Survey):
    values = survey.values["children"]
    return (np.nan_to_num(values) > 0).astype("float64"), ~survey.missing("children")


def _pop(attribute: str, transform=lambda column: column):
    def population(pop):
        column = getattr(pop, attribute, None)
        return None if column is None else transform(np.asarray(column)).astype("float64")
    return population


def _population_refs(*keys: str) -> tuple[str, ...]:
    """The evidence refs behind the population's inputs of these keys (those it declares)."""
    return tuple(INPUT_REFS[key] for key in keys if key in INPUT_REFS)


STATISTICS: tuple[Statistic, ...] = (
    Statistic("mean_age", "mean age", "age", "mean", ADULTS, "years", "gap", _age, _pop("age"),
              ("wpp:population",)),
    Statistic("median_age", "median age", "age", "median", ADULTS, "years", "gap", _age, _pop("age"),
              ("wpp:population",)),
    Statistic("higher_edu", "higher education", "higher_edu", "share", ADULTS, "share", "ratio",
              _flag("higher_edu"), _pop("higher_edu"), ("ev:BAS_EDU_04", "ev:BAS_EDU_05", "as:higher_edu_18_24")),
    Statistic("higher_edu_25_64", "higher education", "higher_edu", "share", WORKING_AGES, "share", "ratio",
              _flag("higher_edu"), _pop("higher_edu"), ("ev:BAS_EDU_04",)),
    Statistic("it", "works in IT", "it", "share", ADULTS, "share", "ratio", _flag("it"),
              _pop("occupation", lambda c: c == OCCUPATIONS.index("it")), ("ev:ru_it_employees_2022",),
              "Russia counts IT-sector employees; a survey's 'works in IT' also counts freelancers and IT jobs in "
              "other sectors, so the ratio is an upper bound"),
    Statistic("entrepreneur", "self-employed or business owner", "entrepreneur", "share", ADULTS, "share", "ratio",
              _entrepreneur, _pop("entrepreneur", lambda c: c > 0),
              _population_refs("self_employed_2022", "business_owner_share"),
              "Russia: the population's self-employed and business owners, mostly labelled assumptions"),
    Statistic("partner", "married or with a partner", "partner", "share", ADULTS, "share", "ratio",
              _flag("partner"), _pop("partner"), _population_refs("married_share", "cohabiting_share")),
    Statistic("children", "has children", "children", "share", ADULTS, "share", "ratio", _children,
              _pop("children", lambda c: c > 0),
              _population_refs(*(key for key in INPUT_REFS if key.startswith("children_share_"))),
              "Russia counts minor children in the household; a survey may ask about any children"),
)
STATISTIC = {s.name: s for s in STATISTICS}


@dataclass
class ProfileRow:
    """One statistic of the profile: the emigrant estimate with its interval, the baseline, and the comparison."""

    name: str
    label: str
    base: str
    unit: str
    compare: str
    respondents: int
    missing: int
    unweighted: float
    estimate: float
    low: float | None
    high: float | None
    baseline: float | None
    comparison: float | None
    comparison_low: float | None
    comparison_high: float | None
    baseline_refs: tuple[str, ...] = ()
    note: str = ""

    def to_dict(self) -> dict:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class Profile:
    """A weighted emigrant profile: rows per statistic, the weighting behind it, and how the intervals were made."""

    rows: list[ProfileRow]
    weighting: Weighting
    replicates: int
    seed: int
    redrawn: int
    level: float
    baseline: dict
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> ProfileRow:
        return next(r for r in self.rows if r.name == name)

    def to_dict(self) -> dict:
        survey = self.weighting.survey
        return {
            "survey": survey.path, "synthetic": survey.synthetic, "respondents": len(survey),
            "ignored_columns": list(survey.ignored_columns),
            "weighting": self.weighting.diagnostics(),
            "intervals": {"method": "respondent bootstrap, re-raked in every replicate, percentile interval",
                          "level": self.level, "replicates": self.replicates, "seed": self.seed,
                          "redrawn": self.redrawn},
            "baseline": self.baseline,
            "statistics": [r.to_dict() for r in self.rows],
            "skipped": self.skipped,
        }


def _in_ages(age: np.ndarray, ages: tuple[int, int]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (age >= ages[0]) & (age <= ages[1])


def grouped_median(years: np.ndarray, weight: np.ndarray) -> float:
    """Weighted median of whole years, each year spread evenly over [year - 0.5, year + 0.5).

    Ages are recorded in completed years; the plain median of such data jumps from one whole year to the next
    (and a bootstrap interval collapses onto one year). Spreading each year evenly, as for grouped data, gives a
    median on the same scale as the mean that moves smoothly with the weights.
    """
    values, inverse = np.unique(years, return_inverse=True)
    mass = np.bincount(inverse, weights=weight, minlength=len(values))
    cumulative = np.cumsum(mass) / mass.sum()
    k = int(np.searchsorted(cumulative, 0.5))
    below = cumulative[k - 1] if k > 0 else 0.0
    return float(values[k] - 0.5 + (0.5 - below) / (cumulative[k] - below))


def _estimate(kind: str, x: np.ndarray, w: np.ndarray) -> float:
    if len(x) == 0 or w.sum() <= 0:
        return float("nan")
    if kind == "median":
        return grouped_median(x, w)
    return float(np.dot(x, w) / w.sum())


@lru_cache(maxsize=2)
def baseline_population(sample_size: int = BASELINE_SAMPLE_SIZE, seed: int = BASELINE_SEED):
    """The synthetic Russian population used as the baseline (cached: it takes a couple of seconds)."""
    from relokant.population import synthesize

    return synthesize(sample_size, seed)


def baseline_values(pop) -> dict[str, float | None]:
    """Every statistic on the synthetic population, on each statistic's comparison base (None where it lacks it)."""
    values = {}
    for stat in STATISTICS:
        x = stat.population(pop)
        if x is None:
            values[stat.name] = None
            continue
        keep = _in_ages(pop.age.astype("float64"), stat.ages)
        values[stat.name] = _estimate(stat.kind, x[keep], pop.weight[keep])
    return values


def profile(survey: Survey, margins: MarginsFile | None = None, *, replicates: int = DEFAULT_REPLICATES,
            seed: int = DEFAULT_SEED, bounds: tuple[float, float] | None = None, baseline: bool = True,
            baseline_sample_size: int = BASELINE_SAMPLE_SIZE, baseline_seed: int = BASELINE_SEED) -> Profile:
    """The weighted profile of a survey with bootstrap intervals and the Russian baseline (see the module doc)."""
    if replicates < 20:
        raise InputError(f"--replicates: at least 20 bootstrap replicates are needed for a 90% interval, "
                         f"got {replicates}")
    weighting = weight_survey(survey, margins, bounds=bounds)
    age, age_known = _age(survey)
    used, skipped = [], {}
    for stat in STATISTICS:
        if not survey.has(stat.column):
            skipped[stat.name] = f"no {stat.column} column in the survey"
            continue
        x, known = stat.answer(survey)
        valid = known & age_known & _in_ages(age, stat.ages)
        if not valid.any():
            skipped[stat.name] = f"no respondent aged {stat.ages[0]}-{stat.ages[1]} answered {stat.column}"
            continue
        # Missing: respondents who may belong to the base (in it, or of unknown age) but lack the answer or the age.
        missing = int(((_in_ages(age, stat.ages) | ~age_known) & ~(known & age_known)).sum())
        used.append((stat, np.nan_to_num(x), valid, missing))
    if not used:
        raise InputError(f"{survey.path}: no statistic can be computed (no respondents aged 18-69 with answers)")

    point = np.array([_estimate(s.kind, x[v], weighting.weight[v]) for s, x, v, _ in used])
    unweighted = np.array([_estimate(s.kind, x[v], np.ones(int(v.sum()))) for s, x, v, _ in used])
    draws, redrawn = _bootstrap(survey, weighting, used, replicates, seed, bounds)
    tail = (1.0 - LEVEL) / 2
    # A replicate in which nobody in the base answered has no value: then the answers are too few for an interval.
    complete = np.isfinite(draws).all(axis=0)
    low = np.where(complete, np.quantile(np.nan_to_num(draws), tail, axis=0), np.nan)
    high = np.where(complete, np.quantile(np.nan_to_num(draws), 1 - tail, axis=0), np.nan)

    base_values: dict[str, float | None] = {}
    baseline_info = {"source": None}
    if baseline:
        pop = baseline_population(baseline_sample_size, baseline_seed)
        base_values = baseline_values(pop)
        baseline_info = {
            "source": "relokant synthetic population of Russian adults 18-69, January 2022 (UN WPP 2024 and the "
                      "evidence; see `relokant.population.describe`)",
            "synthetic_population": True, "sample_size": baseline_sample_size, "seed": baseline_seed,
            "held_fixed": True}
    rows = []
    for k, (stat, _, valid, missing) in enumerate(used):
        base = base_values.get(stat.name)
        comparison = comparison_low = comparison_high = None
        notes = []
        if base is not None and base > 0:
            if stat.compare == "gap":
                comparison, comparison_low, comparison_high = point[k] - base, low[k] - base, high[k] - base
            else:
                comparison, comparison_low, comparison_high = point[k] / base, low[k] / base, high[k] / base
            notes += [stat.baseline_note] if stat.baseline_note else []
        elif baseline:
            notes.append("no baseline: the synthetic population has no such attribute yet")
        if not complete[k]:
            notes.append("too few answers for an interval: some resamples had nobody in the base who answered")
        elif valid.sum() < FEW_ANSWERS:
            notes.append(f"only {int(valid.sum())} answers: read with care")
        rows.append(ProfileRow(stat.name, stat.label, stat.base, stat.unit, stat.compare, int(valid.sum()), missing,
                               float(unweighted[k]), float(point[k]), _number(low[k]), _number(high[k]), base,
                               _number(comparison), _number(comparison_low), _number(comparison_high),
                               stat.baseline_refs, "; ".join(notes)))
    return Profile(rows, weighting, replicates, seed, redrawn, LEVEL, baseline_info, skipped)


def _number(value) -> float | None:
    """A plain float, or None for a value that does not exist (NaN), so that JSON output stays valid."""
    return None if value is None or not np.isfinite(value) else float(value)


def _bootstrap(survey: Survey, weighting: Weighting, used, replicates: int, seed: int,
               bounds: tuple[float, float] | None) -> tuple[np.ndarray, int]:
    """Replicates x statistics: respondents drawn with replacement, re-raked, every statistic recomputed."""
    n = len(survey)
    design = survey.design_weight
    rng = np.random.Generator(np.random.Philox(np.random.SeedSequence([seed, zlib.crc32(b"survey.bootstrap")])))
    draws = np.empty((replicates, len(used)))
    done = redrawn = 0
    while done < replicates:
        rows = rng.integers(0, n, n)
        if weighting.compiled is None:
            weight = design[rows]
        else:
            try:
                weight = rake_margins(weighting.compiled, design[rows], rows, bounds).weight
            except InputError as exc:
                redrawn += 1
                if redrawn > replicates:
                    raise InputError(f"{survey.path}: the bootstrap could not rake {redrawn} resamples "
                                     f"(last: {exc}); merge small margin categories") from None
                continue
        for k, (stat, x, valid, _) in enumerate(used):
            keep = valid[rows]
            draws[done, k] = _estimate(stat.kind, x[rows][keep], weight[keep])
        done += 1
    return draws, redrawn
