"""Declarations: every number the population synthesis uses (``INPUTS``) and every marginal it is checked against
(``MARGINALS``), each with its source reference, declared once.

Inputs: ``relokant.evidence`` (sourced figures ``ev:<id>`` and labelled assumptions ``as:<id>``) and the UN WPP 2024
tables read by ``relokant.population.demography`` (refs ``wpp:population`` and ``wpp:deaths``).
Outputs: ``INPUTS`` and ``inputs()`` (key -> value in model units), ``MARGINALS`` (name, refs, unit, target,
synthetic statistic, fit), ``resolve(ref)`` and ``describe(pop)``, the table of target vs weighted synthetic value.

A marginal's ``fit`` says how honestly to read its row: ``exact`` rows are imposed by the synthesis (cell totals or
alignment of a drawn attribute to the target), so they check the code, not the model; ``reported`` rows are not
targeted and show how far the first-version functional forms (lognormal income and wealth) land from the evidence.
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
from relokant.population.demography import AGES, adults_2022
from relokant.population.schema import OCCUPATIONS, REGIONS, Population

MILLIONAIRE_USD = 1_000_000  # definition of a dollar millionaire, not a model number
WPP_REFS = ("wpp:population", "wpp:deaths")

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
    # Income.
    Input("mean_wage_2022", "ev:BAS_WAGE_06", "RUB/month", "RUB/month"),
    Input("median_wage_2022", "ev:BAS_WAGE_05", "RUB/month", "RUB/month"),
    Input("it_wage_2023", "ev:ru_it_wage_2023_issek", "RUB/month", "RUB/month"),
    Input("mean_wage_2023", "ev:BAS_WAGE_04", "RUB/month", "RUB/month"),
    Input("moscow_wage_2024", "ev:BAS_WAGE_MOSCOW", "RUB/month", "RUB/month"),
    Input("mean_wage_2024", "ev:BAS_WAGE_03", "RUB/month", "RUB/month"),
    Input("wage_premium_higher_edu", "as:wage_premium_higher_edu", "ratio", "ratio"),
    Input("income_ratio_not_employed", "as:income_ratio_not_employed", "ratio to employed mean", "ratio"),
    Input("income_sigma_log", "as:income_sigma_log", "log points", "log points"),
    # Wealth.
    Input("wealth_median", "ev:BAS_WLTH_07", "USD", "USD"),
    Input("millionaires", "ev:ubs_ru_millionaires_2022", "persons", "persons"),
    Input("wealth_adults", "ev:BAS_POP_08", "million", "persons", MILLION),
    Input("wealth_mean", "ev:BAS_WLTH_11", "USD", "USD"),
    Input("wealth_top10_share", "ev:BAS_WLTH_08", "%", "share", PERCENT),
    Input("financial_assets_per_adult", "ev:BAS_WLTH_09", "USD", "USD"),
    Input("wealth_mean_2019", "ev:BAS_WLTH_06", "USD", "USD"),
    Input("wealth_income_rank_corr", "as:wealth_income_rank_corr", "Gaussian copula correlation", "correlation"),
    # Passport and draft exposure.
    Input("passport_share", "as:passport_share_2022", "share of adults", "share"),
    Input("passport_odds_higher_edu", "as:passport_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("passport_odds_big_city", "as:passport_odds_big_city", "odds ratio", "odds ratio"),
    Input("passport_odds_income_top_half", "as:passport_odds_income_top_half", "odds ratio", "odds ratio"),
    Input("draft_exposed_age_max", "as:draft_exposed_age_max", "years", "years"),
    # Foreign languages ("can express themselves more or less freely", 2014), tilted by the same odds for both.
    Input("english_share", "ev:BAS_LANG_02", "%", "share", PERCENT),
    Input("german_share", "ev:BAS_LANG_03", "%", "share", PERCENT),
    Input("language_odds_higher_edu", "as:language_odds_higher_edu", "odds ratio", "odds ratio"),
    Input("language_odds_age_18_34", "as:language_odds_age_18_34", "odds ratio", "odds ratio"),
    Input("language_odds_big_city", "as:language_odds_big_city", "odds ratio", "odds ratio"),
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

def weighted_quantile(values: np.ndarray, weight: np.ndarray, q: float) -> float:
    """Weighted quantile: linear interpolation between the records' weighted mid-ranks."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weight[order])
    mid = (cum - 0.5 * weight[order]) / cum[-1]
    return float(np.interp(q, mid, values[order].astype("float64")))


def _top_share(values: np.ndarray, weight: np.ndarray, top: float) -> float:
    order = np.argsort(values, kind="stable")[::-1]
    w = weight[order]
    cum = np.cumsum(w)
    cut = top * cum[-1]
    # Whole records up to the cut, then the fraction of the straddling record that is still inside the top.
    inside = np.clip(cut - (cum - w), 0.0, w)
    return float((inside * values[order]).sum() / (w * values[order]).sum())


def _share(pop: Population, mask: np.ndarray) -> float:
    return float(pop.weight[mask].sum() / pop.weight.sum())


def _mean(values: np.ndarray, weight: np.ndarray) -> float:
    return float((values.astype("float64") * weight).sum() / weight.sum())


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


@dataclass(frozen=True)
class Marginal:
    """A statistic of the population with its target from the evidence.

    ``target`` computes the target from declared inputs (or the WPP table); ``synthetic`` computes the weighted
    statistic of a population; ``fit`` is ``exact`` (imposed by the synthesis) or ``reported`` (not targeted).
    """

    name: str
    refs: tuple[str, ...]
    unit: str
    target: Callable[[], float]
    synthetic: Callable[[Population], float]
    fit: str


AGE_BANDS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69))


def _age_band_marginal(low: int, high: int) -> Marginal:
    return Marginal(f"age_share_{low}_{high}", WPP_REFS, "share", lambda: _wpp_band_share(low, high),
                    lambda pop: _share(pop, _band(pop, low, high)), "exact")


def _region_marginal(region: str, refs: tuple[str, ...]) -> Marginal:
    code = REGIONS.index(region)
    return Marginal(f"region_share_{region}", refs, "share", lambda: region_targets()[region],
                    lambda pop: _share(pop, pop.region == code), "exact")


def _higher_edu_share(pop: Population, low: int, high: int) -> float:
    band = _band(pop, low, high)
    return float(pop.weight[band & pop.higher_edu].sum() / pop.weight[band].sum())


def _wage_ratio(pop: Population, group: np.ndarray) -> float:
    employed = _employed(pop)
    return (_mean(pop.income_rub_month[employed & group], pop.weight[employed & group])
            / _mean(pop.income_rub_month[employed], pop.weight[employed]))


def _mean_wealth(pop: Population) -> float:
    return _mean(pop.wealth_usd, pop.weight)


_REGION_REFS = (INPUT_REFS["moscow_population"], INPUT_REFS["st_petersburg_population"],
                INPUT_REFS["census_population"], INPUT_REFS["large_city_share"])

MARGINALS: tuple[Marginal, ...] = (
    Marginal("adults_18_69", WPP_REFS, "persons", lambda: float(adults_2022().sum()), Population.total, "exact"),
    Marginal("share_male", WPP_REFS, "share", lambda: float(adults_2022()[:, 1].sum() / adults_2022().sum()),
             lambda pop: _share(pop, pop.male), "exact"),
    *(_age_band_marginal(low, high) for low, high in AGE_BANDS),
    _region_marginal("moscow", _REGION_REFS[0:1] + _REGION_REFS[2:3]),
    _region_marginal("st_petersburg", _REGION_REFS[1:3]),
    _region_marginal("large_city", _REGION_REFS[3:4]),
    _region_marginal("rest", _REGION_REFS),
    Marginal("higher_edu_share_25_34", (INPUT_REFS["higher_edu_25_34"],), "share",
             lambda: input_value("higher_edu_25_34"), lambda pop: _higher_edu_share(pop, 25, 34), "exact"),
    Marginal("higher_edu_share_25_64", (INPUT_REFS["higher_edu_25_64"],), "share",
             lambda: input_value("higher_edu_25_64"), lambda pop: _higher_edu_share(pop, 25, 64), "exact"),
    Marginal("employed", (INPUT_REFS["employed_total"],), "persons", lambda: input_value("employed_total"),
             lambda pop: float(pop.weight[_employed(pop)].sum()), "exact"),
    Marginal("it_employed", (INPUT_REFS["it_employed"],), "persons", lambda: input_value("it_employed"),
             lambda pop: float(pop.weight[pop.occupation == OCCUPATIONS.index("it")].sum()), "exact"),
    Marginal("mean_wage_employed", (INPUT_REFS["mean_wage_2022"],), "RUB/month",
             lambda: input_value("mean_wage_2022"),
             lambda pop: _mean(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)]), "exact"),
    Marginal("wage_ratio_moscow", (INPUT_REFS["moscow_wage_2024"], INPUT_REFS["mean_wage_2024"]), "ratio",
             lambda: input_value("moscow_wage_2024") / input_value("mean_wage_2024"),
             lambda pop: _wage_ratio(pop, pop.region == REGIONS.index("moscow")), "exact"),
    Marginal("wage_ratio_it", (INPUT_REFS["it_wage_2023"], INPUT_REFS["mean_wage_2023"]), "ratio",
             lambda: input_value("it_wage_2023") / input_value("mean_wage_2023"),
             lambda pop: _wage_ratio(pop, pop.occupation == OCCUPATIONS.index("it")), "exact"),
    Marginal("income_ratio_not_employed", (INPUT_REFS["income_ratio_not_employed"],), "ratio to employed mean",
             lambda: input_value("income_ratio_not_employed"),
             lambda pop: (_mean(pop.income_rub_month[~_employed(pop)], pop.weight[~_employed(pop)])
                          / _mean(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)])), "exact"),
    Marginal("median_wage_employed", (INPUT_REFS["median_wage_2022"],), "RUB/month",
             lambda: input_value("median_wage_2022"),
             lambda pop: weighted_quantile(pop.income_rub_month[_employed(pop)], pop.weight[_employed(pop)], 0.5),
             "reported"),
    Marginal("median_wealth", (INPUT_REFS["wealth_median"],), "USD", lambda: input_value("wealth_median"),
             lambda pop: weighted_quantile(pop.wealth_usd, pop.weight, 0.5), "exact"),
    Marginal("usd_millionaire_share", (INPUT_REFS["millionaires"], INPUT_REFS["wealth_adults"]), "share",
             millionaire_share, lambda pop: _share(pop, pop.wealth_usd > MILLIONAIRE_USD), "exact"),
    Marginal("mean_wealth", (INPUT_REFS["wealth_mean"],), "USD", lambda: input_value("wealth_mean"),
             _mean_wealth, "reported"),
    Marginal("wealth_share_top_10pct", (INPUT_REFS["wealth_top10_share"],), "share",
             lambda: input_value("wealth_top10_share"),
             lambda pop: _top_share(pop.wealth_usd, pop.weight, 0.1), "reported"),
    Marginal("mean_liquid_wealth", (INPUT_REFS["financial_assets_per_adult"],), "USD",
             lambda: input_value("financial_assets_per_adult"),
             lambda pop: _mean(pop.liquid_wealth_usd, pop.weight), "reported"),
    Marginal("passport_share", (INPUT_REFS["passport_share"],), "share", lambda: input_value("passport_share"),
             lambda pop: _share(pop, pop.passport), "exact"),
    Marginal("english_share", (INPUT_REFS["english_share"],), "share", lambda: input_value("english_share"),
             lambda pop: _share(pop, pop.english_b1), "exact"),
    Marginal("german_share", (INPUT_REFS["german_share"],), "share", lambda: input_value("german_share"),
             lambda pop: _share(pop, pop.german_b1), "exact"),
)


def describe(pop: Population) -> pd.DataFrame:
    """One row per declared marginal: name, refs, target, weighted synthetic value, relative difference, unit, fit."""
    rows = []
    for marginal in MARGINALS:
        target = marginal.target()
        synthetic = marginal.synthetic(pop)
        rows.append({"name": marginal.name, "refs": " ".join(marginal.refs), "target": target,
                     "synthetic": synthetic, "rel_diff": synthetic / target - 1.0 if target else float("nan"),
                     "unit": marginal.unit, "fit": marginal.fit})
    frame = pd.DataFrame(rows)
    frame.attrs["synthetic"] = True
    return frame
