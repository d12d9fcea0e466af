"""Declarations: every number the population synthesis uses (``INPUTS``) and every marginal it is checked against
(``MARGINALS``), each with its source reference, declared once.

Inputs: ``relokant.evidence`` (sourced figures ``ev:<id>`` and labelled assumptions ``as:<id>``) and the UN WPP 2024
tables read by ``relokant.population.demography`` (refs ``wpp:population`` and ``wpp:deaths``).
Outputs: ``INPUTS`` and ``inputs()`` (key -> value in model units), ``MARGINALS`` (name, refs, unit, kind, target,
synthetic statistic, fit), ``resolve(ref)``, the target helpers the synthesis shares with the checks
(``region_targets``, ``language_targets``, ``children_targets`` ...) and ``describe(pop)``, the table of target vs
weighted synthetic value with the difference and whether it is within tolerance.

Tolerance (the acceptance rule of the population issue, not a model number): a share within 0.5 percentage points
of its target, a total or level (persons, RUB, USD, ratios) within 1% of it. A marginal's ``fit`` says how it is
met: ``exact`` rows are imposed by construction (cell totals, alignment of a drawn attribute to its total, scaling),
so they check the code; ``solved`` rows are met by solving a distribution's parameters on the drawn records
(median wage through the income dispersion; the wealth distribution's shape), so they check the solver too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from relokant.errors import InputError
from relokant.evidence import sourced
from relokant.population import ordering
from relokant.population.demography import AGES, adults_2022
from relokant.population.schema import ENTREPRENEUR, LANGUAGE_LEVELS, OCCUPATIONS, REGIONS, Population

MILLIONAIRE_USD = 1_000_000  # definition of a dollar millionaire, not a model number
WPP_REFS = ("wpp:population", "wpp:deaths")
SHARE_TOLERANCE = 0.005  # acceptance rule of the issue: shares within 0.5 percentage points ...
LEVEL_TOLERANCE = 0.01  # ... totals and levels within 1% relative

PERCENT = 0.01
MILLION = 1e6


@dataclass(frozen=True)
class Input:
    """A number the synthesis uses: ``ref`` resolved, times ``factor`` (a unit conversion), in ``unit``.

    ``source_unit`` is the unit the evidence row states; a test checks it still does, so a unit change in the CSV
    cannot silently scale the population by a million.
    """

    key: str
    ref: str
    source_unit: str
    unit: str
    factor: float = 1.0


# Language levels: cumulative shares at or above each CEFR level (A1+ ... C2). Conflicting surveys, and the reading
# taken: "more or less freely" (Levada 2014) is read as B1+ and "confidently fluent" (VCIOM 2019) as C1+; for "some
# knowledge" FOM 2013 (38% English, 19% German) is read as A1+ rather than VCIOM's 63%/45% "to a certain extent",
# which counts people who remember a few words from school, or Levada's 30% "any foreign language", which is below
# FOM's English alone. Levels the surveys do not measure (A2+, B2+, C2) are labelled assumptions between them.
_ENGLISH_LEVEL_REFS = (("ev:BAS_LANG_08", "%", PERCENT), ("as:language_english_a2_plus_share", "share of adults", 1.0),
                       ("ev:BAS_LANG_02", "%", PERCENT), ("as:language_english_b2_plus_share", "share of adults", 1.0),
                       ("ev:BAS_LANG_06", "%", PERCENT), ("as:language_english_c2_share", "share of adults", 1.0))
_GERMAN_LEVEL_REFS = (("as:language_german_a1_plus_share", "share of adults", 1.0),
                      ("as:language_german_a2_plus_share", "share of adults", 1.0),
                      ("ev:BAS_LANG_03", "%", PERCENT), ("as:language_german_b2_plus_share", "share of adults", 1.0),
                      ("ev:BAS_LANG_07", "%", PERCENT), ("as:language_german_c2_share", "share of adults", 1.0))
CHILDREN_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69))
SEX_NAMES = ("female", "male")

INPUTS: tuple[Input, ...] = (
    # Regions (census 2021, preliminary); large cities are an assumption, the rest is the remainder.
    Input("moscow_population", "ev:BAS_REG_02", "million (approx.)", "persons", MILLION),
    Input("st_petersburg_population", "ev:BAS_REG_03", "million (approx.)", "persons", MILLION),
    Input("census_population", "ev:BAS_POP_09", "million (approx.)", "persons", MILLION),
    Input("large_city_share", "as:region_share_large_city", "share of population", "share"),
    # Higher education (2015 microcensus shares, applied to 2022 age structure).
    Input("higher_edu_18_24", "as:higher_edu_18_24", "share", "share"),
    Input("higher_edu_25_34", "ev:BAS_EDU_05", "%", "share", PERCENT),
    Input("higher_edu_25_64", "ev:BAS_EDU_04", "%", "share", PERCENT),
    Input("higher_edu_65_69", "as:higher_edu_65_69", "share", "share"),
    Input("higher_edu_odds_big_city", "as:higher_edu_odds_big_city", "odds ratio", "odds ratio"),
    # Employment: relative age profile scaled to the LFS total.
    Input("employment_rate_18_24", "as:employment_rate_18_24", "relative employment rate", "relative rate"),
    Input("employment_rate_25_54", "as:employment_rate_25_54", "relative employment rate", "relative rate"),
    Input("employment_rate_55_59", "as:employment_rate_55_59", "relative employment rate", "relative rate"),
    Input("employment_rate_60_69", "as:employment_rate_60_69", "relative employment rate", "relative rate"),
    Input("employed_total", "ev:ru_employed_2021_09", "million persons", "persons", MILLION),
    # Occupation among the employed.
    Input("it_employed", "ev:ru_it_employees_2022", "persons (approx.)", "persons"),
    Input("it_odds_higher_edu", "as:it_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("it_odds_big_city", "as:it_odds_big_city", "odds ratio", "odds ratio"),
    Input("it_odds_male", "as:it_odds_male", "odds ratio", "odds ratio"),
    Input("it_odds_age_25_44", "as:it_odds_age_25_44", "odds ratio", "odds ratio"),
    Input("professional_share_higher_edu", "as:professional_share_higher_edu", "share of employed graduates",
          "share"),
    Input("professional_share_no_higher_edu", "as:professional_share_no_higher_edu",
          "share of employed non-graduates", "share"),
    # Income (wages of the employed: Rosstat accrued wages; the median from its wage survey of the same year).
    Input("mean_wage_2022", "ev:BAS_WAGE_06", "RUB/month", "RUB/month"),
    Input("median_wage_2022", "ev:BAS_WAGE_05", "RUB/month", "RUB/month"),
    Input("it_wage_2023", "ev:ru_it_wage_2023_issek", "RUB/month", "RUB/month"),
    Input("mean_wage_2023", "ev:BAS_WAGE_04", "RUB/month", "RUB/month"),
    Input("moscow_wage_2024", "ev:BAS_WAGE_MOSCOW", "RUB/month", "RUB/month"),
    Input("mean_wage_2024", "ev:BAS_WAGE_03", "RUB/month", "RUB/month"),
    Input("wage_premium_higher_edu", "as:wage_premium_higher_edu", "ratio", "ratio"),
    Input("income_ratio_not_employed", "as:income_ratio_not_employed", "ratio to employed mean", "ratio"),
    # Wealth (Credit Suisse / UBS: per adult, USD).
    Input("wealth_median", "ev:BAS_WLTH_07", "USD", "USD"),
    Input("millionaires", "ev:ubs_ru_millionaires_2022", "persons", "persons"),
    Input("wealth_adults", "ev:BAS_POP_08", "million", "persons", MILLION),
    Input("wealth_mean", "ev:BAS_WLTH_11", "USD", "USD"),
    Input("wealth_top10_share", "ev:BAS_WLTH_08", "%", "share", PERCENT),
    Input("wealth_top1_share", "ev:ru_cs_top1_share_2019", "% (approx., 'almost')", "share", PERCENT),
    Input("financial_assets_per_adult", "ev:BAS_WLTH_09", "USD", "USD"),
    Input("wealth_mean_2019", "ev:BAS_WLTH_06", "USD", "USD"),
    Input("wealth_income_rank_corr", "as:wealth_income_rank_corr", "Gaussian copula correlation", "correlation"),
    # Passport and draft exposure.
    Input("passport_share", "as:passport_share_2022", "share of adults", "share"),
    Input("passport_odds_higher_edu", "as:passport_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("passport_odds_big_city", "as:passport_odds_big_city", "odds ratio", "odds ratio"),
    Input("passport_odds_income_top_half", "as:passport_odds_income_top_half", "odds ratio", "odds ratio"),
    Input("draft_exposed_age_max", "as:draft_exposed_age_max", "years", "years"),
    # Foreign languages: cumulative shares by CEFR level (see above) and the tilts shared by both languages.
    *(Input(f"english_{level.lower()}_plus", ref, unit, "share", factor)
      for level, (ref, unit, factor) in zip(LANGUAGE_LEVELS[1:], _ENGLISH_LEVEL_REFS, strict=True)),
    *(Input(f"german_{level.lower()}_plus", ref, unit, "share", factor)
      for level, (ref, unit, factor) in zip(LANGUAGE_LEVELS[1:], _GERMAN_LEVEL_REFS, strict=True)),
    Input("language_odds_higher_edu", "as:language_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("language_odds_age_18_34", "as:language_odds_age_18_34", "odds ratio", "odds ratio"),
    Input("language_odds_big_city", "as:language_odds_big_city", "odds ratio", "odds ratio"),
    Input("english_odds_it", "as:language_english_odds_it", "odds ratio", "odds ratio"),
    # Entrepreneurs (among the employed).
    Input("self_employed_2022", "as:entrepreneur_self_employed_2022", "million persons", "persons", MILLION),
    Input("business_owner_share", "as:entrepreneur_business_owner_share", "share of adults", "share"),
    Input("entrepreneur_odds_male", "as:entrepreneur_odds_male", "odds ratio", "odds ratio"),
    Input("entrepreneur_odds_higher_edu", "as:entrepreneur_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("owner_odds_wealth_top_decile", "as:entrepreneur_owner_odds_wealth_top_decile", "odds ratio",
          "odds ratio"),
    Input("self_employed_odds_big_city", "as:entrepreneur_self_employed_odds_big_city", "odds ratio", "odds ratio"),
    Input("self_employed_odds_it", "as:entrepreneur_self_employed_odds_it", "odds ratio", "odds ratio"),
    # Partner: married (as cited) plus cohabiting; an age and sex profile of the odds.
    Input("married_share", "ev:OKR_08", "%", "share", PERCENT),
    Input("cohabiting_share", "as:partner_cohabiting_share", "share of adults", "share"),
    Input("partner_odds_age_18_24", "as:partner_odds_age_18_24", "odds ratio", "odds ratio"),
    Input("partner_odds_age_25_34", "as:partner_odds_age_25_34", "odds ratio", "odds ratio"),
    Input("partner_odds_age_55_69", "as:partner_odds_age_55_69", "odds ratio", "odds ratio"),
    Input("partner_odds_female_55_69", "as:partner_odds_female_55_69", "odds ratio", "odds ratio"),
    # Minor children in the household: shares by sex and age band, the tilt towards couples, numbers.
    *(Input(f"children_share_{sex}_{low}_{high}", f"as:children_share_{sex}_{low}_{high}",
            f"share of {'women' if sex == 'female' else 'men'} {low}-{high}", "share")
      for sex in SEX_NAMES for low, high in CHILDREN_BANDS),
    Input("children_odds_partner", "as:children_odds_partner", "odds ratio", "odds ratio"),
    Input("children_two_plus", "as:children_two_plus_share_of_parents", "share of adults with minor children",
          "share"),
    Input("children_three_plus", "as:children_three_plus_share_of_parents", "share of adults with minor children",
          "share"),
)
INPUT_REFS = {item.key: item.ref for item in INPUTS}


def resolve(ref: str) -> float | None:
    """Resolve a declared reference: ``ev:``/``as:`` through the evidence, ``wpp:`` by loading the WPP table.

    Returns the value in its source unit (``None`` for a WPP table); an unknown reference is an ``InputError``.
    """
    if ref in WPP_REFS:
        adults_2022()
        return None
    return sourced(ref).value


@lru_cache(maxsize=1)
def _inputs() -> MappingProxyType:
    values = {}
    for item in INPUTS:
        values[item.key] = sourced(item.ref).value * item.factor
    return MappingProxyType(values)


def inputs() -> MappingProxyType:
    """Every declared input, key -> value in model units (read-only)."""
    return _inputs()


def input_value(key: str) -> float:
    """One declared input in model units; an undeclared key is a bug."""
    return _inputs()[key]


# --- weighted statistics of a population -------------------------------------------------------------------------

def _sorted_cumulative(values: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of ``values`` and the running weight in that order (one array: memory matters at full scale)."""
    order = ordering.argsort(np.asarray(values))
    cum = weight[order]
    np.cumsum(cum, out=cum)
    return order, cum


def weighted_quantile(values: np.ndarray, weight: np.ndarray, q: float) -> float:
    """Weighted quantile: linear interpolation between the records' weighted mid-ranks."""
    order, cum = _sorted_cumulative(values, weight)
    total = float(cum[-1])

    def mid(j: int) -> float:  # mid-rank of the j-th record in value order
        own = cum[j] - (cum[j - 1] if j else 0.0)
        return float(cum[j] - 0.5 * own) / total

    # The mid-rank of record j lies between cum[j-1] and cum[j]: the first record at or above q is j0 or j0 + 1.
    j0 = min(int(np.searchsorted(cum, q * total)), len(cum) - 1)
    k = j0 if mid(j0) >= q or j0 == len(cum) - 1 else j0 + 1
    lo = max(k - 1, 0)
    x = values[order[[lo, k]]].astype("float64")
    return float(np.interp(q, [mid(lo), mid(k)], x))


def _dot(values: np.ndarray, weight: np.ndarray) -> float:
    """Sum of values x weight in float64, in chunks (no full-length float64 copy of a float32 column)."""
    chunk = 1 << 22
    return float(sum(np.dot(values[i:i + chunk].astype("float64"), weight[i:i + chunk])
                     for i in range(0, len(values), chunk)))


def top_share(values: np.ndarray, weight: np.ndarray, top: float) -> float:
    """Share of the weighted total of ``values`` held by the top ``top`` share of persons."""
    order, cum = _sorted_cumulative(values, weight)
    total = float(cum[-1])
    cut = (1.0 - top) * total
    j = min(int(np.searchsorted(cum, cut, side="right")), len(cum) - 1)  # the record straddling the cut
    # Whole records above the cut, then the part of the straddling record that is still inside the top.
    upper = order[j + 1:]
    above = _dot(values[upper], weight[upper])
    straddling = float(cum[j] - cut) * float(values[order[j]])
    return (above + straddling) / _dot(values, weight)


def _sum(weight: np.ndarray, mask: np.ndarray) -> float:
    return float(np.sum(weight, where=mask))


def _share(pop: Population, mask: np.ndarray) -> float:
    return _sum(pop.weight, mask) / pop.total()


def _share_within(pop: Population, mask: np.ndarray, group: np.ndarray) -> float:
    return _sum(pop.weight, mask & group) / _sum(pop.weight, group)


def _mean(values: np.ndarray, weight: np.ndarray) -> float:
    return _dot(values, weight) / float(weight.sum())


def _employed(pop: Population) -> np.ndarray:
    return pop.occupation != OCCUPATIONS.index("not_employed")


def _band(pop: Population, low: int, high: int) -> np.ndarray:
    return (pop.age >= low) & (pop.age <= high)


# --- targets -----------------------------------------------------------------------------------------------------

def _wpp_band_share(low: int, high: int) -> float:
    adults = adults_2022().sum(axis=1)
    return float(adults[(AGES >= low) & (AGES <= high)].sum() / adults.sum())


def region_targets() -> dict[str, float]:
    """Region shares of the population: census Moscow and St Petersburg, assumed large cities, rest the remainder."""
    v = inputs()
    moscow = v["moscow_population"] / v["census_population"]
    st_petersburg = v["st_petersburg_population"] / v["census_population"]
    large_city = v["large_city_share"]
    rest = 1.0 - moscow - st_petersburg - large_city
    if rest <= 0:
        raise InputError("region shares (BAS_REG_02, BAS_REG_03, region_share_large_city) leave no rest of Russia")
    return {"moscow": moscow, "st_petersburg": st_petersburg, "large_city": large_city, "rest": rest}


def millionaire_share() -> float:
    """Share of adults with net wealth above USD 1 million: UBS millionaires over the Credit Suisse adult base."""
    return input_value("millionaires") / input_value("wealth_adults")


def liquid_share() -> float:
    """Financial assets as a share of net wealth (mid-2019, the year the evidence has both)."""
    return input_value("financial_assets_per_adult") / input_value("wealth_mean_2019")


def language_targets(language: str) -> tuple[float, ...]:
    """Shares of adults at or above A1, A2, B1, B2, C1, C2 in ``language`` ('english' or 'german')."""
    shares = tuple(input_value(f"{language}_{level.lower()}_plus") for level in LANGUAGE_LEVELS[1:])
    if any(b > a for a, b in zip(shares, shares[1:])) or not 0 < shares[-1] <= shares[0] < 1:
        raise InputError(f"{language} level shares {shares} must fall from A1+ to C2 and lie in (0, 1)")
    return shares


def partner_target() -> float:
    """Share of adults living with a partner: married (as cited) plus cohabiting (assumption)."""
    return input_value("married_share") + input_value("cohabiting_share")


def children_targets() -> dict[tuple[int, int, int], float]:
    """Share with at least one minor child in the household by (sex [0 female, 1 male], band low, band high)."""
    return {(s, low, high): input_value(f"children_share_{sex}_{low}_{high}")
            for s, sex in enumerate(SEX_NAMES) for low, high in CHILDREN_BANDS}


def children_number_targets() -> tuple[float, float]:
    """Among adults with minor children: the shares with two or more and with three or more."""
    two, three = input_value("children_two_plus"), input_value("children_three_plus")
    if not 0 < three <= two < 1:
        raise InputError(f"children number shares (two+ {two}, three+ {three}) must satisfy 0 < three+ <= two+ < 1")
    return two, three


@dataclass(frozen=True)
class Marginal:
    """A statistic of the population with its target from the evidence.

    ``target`` computes the target from declared inputs (or the WPP table); ``synthetic`` computes the weighted
    statistic of a population; ``kind`` is ``share`` (tolerance in percentage points) or ``level`` (relative);
    ``fit`` is ``exact`` (imposed by the synthesis) or ``solved`` (distribution parameters solved to it).
    """

    name: str
    refs: tuple[str, ...]
    unit: str
    kind: str
    target: Callable[[], float]
    synthetic: Callable[[Population], float]
    fit: str = "exact"


AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69))


def _refs(*keys: str) -> tuple[str, ...]:
    return tuple(INPUT_REFS[key] for key in keys)


def _age_band_marginal(low: int, high: int) -> Marginal:
    return Marginal(f"age_share_{low}_{high}", WPP_REFS, "share", "share", lambda: _wpp_band_share(low, high),
                    lambda pop: _share(pop, _band(pop, low, high)))


def _region_marginal(region: str, refs: tuple[str, ...]) -> Marginal:
    code = REGIONS.index(region)
    return Marginal(f"region_share_{region}", refs, "share", "share", lambda: region_targets()[region],
                    lambda pop: _share(pop, pop.region == code))


def _higher_edu_marginal(low: int, high: int, key: str) -> Marginal:
    return Marginal(f"higher_edu_share_{low}_{high}", _refs(key), "share", "share", lambda: input_value(key),
                    lambda pop: _share_within(pop, pop.higher_edu, _band(pop, low, high)))


def _wage_ratio(pop: Population, group: np.ndarray) -> float:
    employed = _employed(pop)
    return (_mean(pop.income_rub_month[employed & group], pop.weight[employed & group])
            / _mean(pop.income_rub_month[employed], pop.weight[employed]))


def _language_marginal(language: str, j: int) -> Marginal:
    level = LANGUAGE_LEVELS[j]
    key = f"{language}_{level.lower()}_plus"
    column = f"{language}_level"
    suffix = "" if j == len(LANGUAGE_LEVELS) - 1 else "_plus"
    return Marginal(f"{language}_share_{level.lower()}{suffix}", _refs(key), "share of adults", "share",
                    lambda: language_targets(language)[j - 1], lambda pop: _share(pop, getattr(pop, column) >= j))


def _children_marginal(s: int, low: int, high: int) -> Marginal:
    sex = SEX_NAMES[s]
    key = f"children_share_{sex}_{low}_{high}"
    return Marginal(key, _refs(key), f"share of {'women' if s == 0 else 'men'} {low}-{high}", "share",
                    lambda: children_targets()[(s, low, high)],
                    lambda pop: _share_within(pop, pop.children > 0, _band(pop, low, high) & (pop.male == bool(s))))


def _entrepreneur(pop: Population, category: str) -> np.ndarray:
    return pop.entrepreneur == ENTREPRENEUR.index(category)


_REGION_REFS = _refs("moscow_population", "st_petersburg_population", "census_population", "large_city_share")

MARGINALS: tuple[Marginal, ...] = (
    Marginal("adults_18_69", WPP_REFS, "persons", "level", lambda: float(adults_2022().sum()), Population.total),
    Marginal("share_male", WPP_REFS, "share", "share",
             lambda: float(adults_2022()[:, 1].sum() / adults_2022().sum()), lambda pop: _share(pop, pop.male)),
    *(_age_band_marginal(low, high) for low, high in AGE_BANDS),
    _region_marginal("moscow", _REGION_REFS[0:1] + _REGION_REFS[2:3]),
    _region_marginal("st_petersburg", _REGION_REFS[1:3]),
    _region_marginal("large_city", _REGION_REFS[3:4]),
    _region_marginal("rest", _REGION_REFS),
    _higher_edu_marginal(18, 24, "higher_edu_18_24"),
    _higher_edu_marginal(25, 34, "higher_edu_25_34"),
    _higher_edu_marginal(25, 64, "higher_edu_25_64"),
    _higher_edu_marginal(65, 69, "higher_edu_65_69"),
    Marginal("employed", _refs("employed_total"), "persons", "level", lambda: input_value("employed_total"),
             lambda pop: _sum(pop.weight, _employed(pop))),
    Marginal("it_employed", _refs("it_employed"), "persons", "level", lambda: input_value("it_employed"),
             lambda pop: _sum(pop.weight, pop.occupation == OCCUPATIONS.index("it"))),
    Marginal("mean_wage_employed", _refs("mean_wage_2022"), "RUB/month", "level",
             lambda: input_value("mean_wage_2022"),
             lambda pop: _mean(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)])),
    Marginal("median_wage_employed", _refs("median_wage_2022"), "RUB/month", "level",
             lambda: input_value("median_wage_2022"),
             lambda pop: weighted_quantile(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)], 0.5),
             "solved"),
    Marginal("wage_ratio_moscow", _refs("moscow_wage_2024", "mean_wage_2024"), "ratio", "level",
             lambda: input_value("moscow_wage_2024") / input_value("mean_wage_2024"),
             lambda pop: _wage_ratio(pop, pop.region == REGIONS.index("moscow"))),
    Marginal("wage_ratio_it", _refs("it_wage_2023", "mean_wage_2023"), "ratio", "level",
             lambda: input_value("it_wage_2023") / input_value("mean_wage_2023"),
             lambda pop: _wage_ratio(pop, pop.occupation == OCCUPATIONS.index("it"))),
    Marginal("income_ratio_not_employed", _refs("income_ratio_not_employed"), "ratio to employed mean", "level",
             lambda: input_value("income_ratio_not_employed"),
             lambda pop: (_mean(pop.income_rub_month[~_employed(pop)], pop.weight[~_employed(pop)])
                          / _mean(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)]))),
    Marginal("median_wealth", _refs("wealth_median"), "USD", "level", lambda: input_value("wealth_median"),
             lambda pop: weighted_quantile(pop.wealth_usd, pop.weight, 0.5), "solved"),
    Marginal("mean_wealth", _refs("wealth_mean"), "USD", "level", lambda: input_value("wealth_mean"),
             lambda pop: _mean(pop.wealth_usd, pop.weight), "solved"),
    Marginal("wealth_share_top_10pct", _refs("wealth_top10_share"), "share of wealth", "share",
             lambda: input_value("wealth_top10_share"), lambda pop: top_share(pop.wealth_usd, pop.weight, 0.1),
             "solved"),
    Marginal("wealth_share_top_1pct", _refs("wealth_top1_share"), "share of wealth", "share",
             lambda: input_value("wealth_top1_share"), lambda pop: top_share(pop.wealth_usd, pop.weight, 0.01),
             "solved"),
    Marginal("usd_millionaire_share", _refs("millionaires", "wealth_adults"), "share", "share", millionaire_share,
             lambda pop: _share(pop, pop.wealth_usd > MILLIONAIRE_USD), "solved"),
    # The evidence has financial assets only for mid-2019: their 2019 share of wealth applied to the mean used.
    Marginal("mean_liquid_wealth", _refs("financial_assets_per_adult", "wealth_mean_2019", "wealth_mean"), "USD",
             "level", lambda: liquid_share() * input_value("wealth_mean"),
             lambda pop: _mean(pop.liquid_wealth_usd, pop.weight), "solved"),
    Marginal("passport_share", _refs("passport_share"), "share", "share", lambda: input_value("passport_share"),
             lambda pop: _share(pop, pop.passport)),
    *(_language_marginal("english", j) for j in range(1, len(LANGUAGE_LEVELS))),
    *(_language_marginal("german", j) for j in range(1, len(LANGUAGE_LEVELS))),
    Marginal("entrepreneur_business_owner_share", (INPUT_REFS["business_owner_share"], "ev:BAS_ENT_06"),
             "share of adults", "share", lambda: input_value("business_owner_share"),
             lambda pop: _share(pop, _entrepreneur(pop, "business_owner"))),
    Marginal("entrepreneur_self_employed", (INPUT_REFS["self_employed_2022"], "ev:BAS_ENT_01", "ev:BAS_ENT_03"),
             "persons", "level", lambda: input_value("self_employed_2022"),
             lambda pop: _sum(pop.weight, _entrepreneur(pop, "self_employed"))),
    Marginal("partner_share", _refs("married_share", "cohabiting_share"), "share of adults", "share",
             partner_target, lambda pop: _share(pop, pop.partner)),
    *(_children_marginal(s, low, high) for s in range(len(SEX_NAMES)) for low, high in CHILDREN_BANDS),
    Marginal("children_two_plus_share_of_parents", _refs("children_two_plus"), "share of adults with minor children",
             "share", lambda: children_number_targets()[0],
             lambda pop: _share_within(pop, pop.children >= 2, pop.children > 0)),
    Marginal("children_three_plus_share_of_parents", _refs("children_three_plus"),
             "share of adults with minor children", "share", lambda: children_number_targets()[1],
             lambda pop: _share_within(pop, pop.children >= 3, pop.children > 0)),
)


def describe(pop: Population) -> pd.DataFrame:
    """One row per declared marginal: target vs weighted synthetic value, difference, tolerance, refs, unit.

    ``difference`` is in percentage points for shares and in percent for levels (``difference_unit``);
    ``within`` says whether it is inside the tolerance (0.5 pp, or 1%).
    """
    rows = []
    for marginal in MARGINALS:
        target = float(marginal.target())
        synthetic = float(marginal.synthetic(pop))
        if marginal.kind == "share":
            difference, unit, tolerance = 100.0 * (synthetic - target), "pp", 100.0 * SHARE_TOLERANCE
        else:
            difference = 100.0 * (synthetic / target - 1.0) if target else float("nan")
            unit, tolerance = "%", 100.0 * LEVEL_TOLERANCE
        rows.append({"name": marginal.name, "refs": " ".join(marginal.refs), "target": target,
                     "synthetic": synthetic, "difference": difference, "difference_unit": unit,
                     "tolerance": tolerance, "within": bool(abs(difference) <= tolerance), "unit": marginal.unit,
                     "kind": marginal.kind, "fit": marginal.fit})
    frame = pd.DataFrame(rows)
    frame.attrs["synthetic"] = True
    frame.attrs["records"] = len(pop)
    frame.attrs["persons"] = pop.total()
    return frame
