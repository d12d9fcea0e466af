"""Synthesis: a weighted synthetic sample of Russian adults aged 18-69 in January 2022 (first version).

Inputs: ``sample_size`` (records) and ``seed``; the age-sex table of ``demography`` (UN WPP 2024) and the declared
inputs of ``marginals`` (evidence figures and labelled assumptions). Output: a ``Population`` whose weights sum
exactly to the WPP adult total, with ``provenance`` recording sources, seed, sample size, method and every solved
parameter.

Method (a later version replaces steps 1-2 with raking/IPF on more margins):
1. Cells age (single year) x sex x region (4) x higher education (2), with populations from WPP by age and sex,
   region shares equal for every age and sex (no regional age structure in the evidence), and higher-education
   shares by age band tilted towards Moscow and St Petersburg while keeping each band's national share.
2. Records are allocated to cells in proportion to cell population times an oversampling factor (the mobile get
   more records, see ``OVERSAMPLING``), at least one per cell, by largest remainder (deterministic in
   ``sample_size``); a record's weight is its cell population over the cell's records, so weighted cell totals are
   exact whatever the oversampling.
3. Attributes inside cells are drawn from named random streams keyed on (seed, stream name). Drawn attributes with
   an evidence total (employment, IT, passport) are aligned to it: records are ranked by their latent score (the
   uniform draw against the model's probability) and the lowest-ranked records are selected until their weights
   reach the target, which is the same as solving the model's scale or intercept on the drawn sample. Income is
   scaled to its means; wealth is mapped to its target lognormal quantiles by weighted rank.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, logit, ndtri

from relokant.errors import InputError
from relokant.evidence import DATA_VERSION
from relokant.population.demography import AGES, SEXES, adults_2022, wpp_provenance
from relokant.population.marginals import (INPUTS, MILLIONAIRE_USD, input_value, millionaire_share,
                                           region_targets)
from relokant.population.schema import BIG_CITY_CODES, OCCUPATIONS, REGIONS, Population

# Higher-education age bands: the evidence gives 25-34 and 25-64; 35-64 is solved from them, the ends are assumed.
EDU_BANDS = ((18, 24), (25, 34), (35, 64), (65, 69))
EMPLOYMENT_BANDS = ((18, 24, "employment_rate_18_24"), (25, 54, "employment_rate_25_54"),
                    (55, 59, "employment_rate_55_59"), (60, 69, "employment_rate_60_69"))
IT_PRIME_AGES = (25, 44)  # the age band of as:it_odds_age_25_44


@dataclass(frozen=True)
class Oversampling:
    """Sampling design, not a model number: a factor on the records a cell gets, undone exactly by the weights.

    Fewer than 1% of adults emigrate; without oversampling the leavers, and the small destinations they choose,
    would rest on a handful of records.
    """

    factor: float
    why: str


OVERSAMPLING = {
    "age_20_44": Oversampling(4.0, "emigrants are young"),
    "higher_edu": Oversampling(2.0, "emigrants are mostly graduates"),
    "big_city": Oversampling(2.0, "emigrants are mostly from Moscow and St Petersburg"),
    "draft_exposed_men": Oversampling(2.0, "men exposed to the September 2022 mobilization"),
}
OVERSAMPLED_AGES = (20, 44)


def _stream(seed: int, name: str) -> np.random.Generator:
    # One counter-based stream per attribute, keyed by name: adding an attribute never shifts another's draws.
    return np.random.Generator(np.random.Philox(np.random.SeedSequence([seed, zlib.crc32(name.encode())])))


def _align(score: np.ndarray, weight: np.ndarray, target: float, what: str) -> tuple[np.ndarray, float]:
    """Select the records with the lowest scores until their weights sum closest to ``target``.

    Returns the selection and the score threshold, i.e. the solved scale or intercept of the model that ranked them.
    """
    total = float(weight.sum())
    if not 0.0 < target < total:
        raise InputError(f"population target for {what} ({target:,.0f}) must lie between 0 and the {total:,.0f} "
                         "persons it is drawn from")
    order = np.argsort(score, kind="stable")
    cum = np.cumsum(weight[order])
    k = int(np.searchsorted(cum, target))  # cum[k] is the first running total at or above the target
    below = cum[k - 1] if k > 0 else 0.0
    take = k + 1 if cum[k] - target < target - below else k
    selected = np.zeros(len(score), dtype=bool)
    selected[order[:take]] = True
    sorted_scores = score[order]
    threshold = float(0.5 * (sorted_scores[take - 1] + sorted_scores[take])) if 0 < take < len(score) else float(
        sorted_scores[min(take, len(score) - 1)])
    return selected, threshold


def _weighted_midrank(values: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted mid-rank in (0, 1): the share of persons below a record plus half of its own weight."""
    order = np.argsort(values, kind="stable")
    w = weight[order]
    cum = np.cumsum(w)
    ranks = np.empty(len(values))
    ranks[order] = (cum - 0.5 * w) / cum[-1]
    return ranks


def _odds_shift(shares: np.ndarray, log_odds: np.ndarray, target: float) -> float:
    """Intercept a with sum(shares * expit(a + log_odds)) = target (a logistic tilt that keeps the mean)."""
    return brentq(lambda a: float((shares * expit(a + log_odds)).sum()) - target, -50.0, 50.0, xtol=1e-14)


def _higher_edu_by_age_region(adults_by_age: np.ndarray, region_share: np.ndarray) -> tuple[np.ndarray, dict]:
    """Share with higher education, shape (ages, regions), and the band shares and tilts solved on the way."""

    def total(low: int, high: int) -> float:
        return float(adults_by_age[(AGES >= low) & (AGES <= high)].sum())

    share_25_34 = input_value("higher_edu_25_34")
    share_25_64 = input_value("higher_edu_25_64")
    # 35-64 is what makes the 25-64 share come out at the evidence given the 2022 age structure.
    share_35_64 = (share_25_64 * total(25, 64) - share_25_34 * total(25, 34)) / total(35, 64)
    if not 0.0 < share_35_64 < 1.0:
        raise InputError(f"higher-education shares BAS_EDU_04 and BAS_EDU_05 imply {share_35_64:.3f} for ages "
                         "35-64, which is not a share")
    band_shares = (input_value("higher_edu_18_24"), share_25_34, share_35_64, input_value("higher_edu_65_69"))
    big_city = np.isin(np.arange(len(REGIONS)), BIG_CITY_CODES)
    log_odds = np.log(input_value("higher_edu_odds_big_city")) * big_city
    shares = np.empty((len(AGES), len(REGIONS)))
    solved = {}
    for (low, high), band_share in zip(EDU_BANDS, band_shares, strict=True):
        intercept = _odds_shift(region_share, log_odds, band_share)
        shares[(AGES >= low) & (AGES <= high)] = expit(intercept + log_odds)
        solved[f"higher_edu_{low}_{high}"] = {"national": band_share,
                                              "by_region": dict(zip(REGIONS, expit(intercept + log_odds)))}
    return shares, solved


def _allocate(cell_population: np.ndarray, oversampling: np.ndarray, sample_size: int) -> np.ndarray:
    """Records per cell: one each, the rest by largest remainder on population x oversampling (deterministic)."""
    n_cells = len(cell_population)
    quota = (sample_size - n_cells) * (cell_population * oversampling) / (cell_population * oversampling).sum()
    counts = np.floor(quota).astype(np.int64)
    left = sample_size - n_cells - int(counts.sum())
    # Ties in the remainder go to the lower cell index (stable sort), so the allocation depends on sample_size only.
    counts[np.argsort(-(quota - counts), kind="stable")[:left]] += 1
    return counts + 1


def synthesize(sample_size: int, seed: int) -> Population:
    """A weighted synthetic population of ``sample_size`` records; the same (sample_size, seed) gives the same one."""
    if isinstance(sample_size, bool) or not isinstance(sample_size, (int, np.integer)):
        raise InputError(f"sample_size must be an integer, got {sample_size!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    sample_size, seed = int(sample_size), int(seed)

    # --- cells: age x sex x region x higher education ------------------------------------------------------------
    adults = adults_2022()  # (ages, sexes)
    regions = region_targets()
    region_share = np.array([regions[name] for name in REGIONS])
    edu_share, edu_solved = _higher_edu_by_age_region(adults.sum(axis=1), region_share)
    edu_probability = np.stack([1.0 - edu_share, edu_share], axis=-1)  # (ages, regions, [no, yes])
    cell_population = (adults[:, :, None, None] * region_share[None, None, :, None]
                       * edu_probability[:, None, :, :])  # (ages, sexes, regions, edu)
    shape = cell_population.shape
    age_i, sex_i, region_i, edu_i = (grid.ravel() for grid in np.indices(shape))
    cell_population = cell_population.ravel()
    n_cells = len(cell_population)
    if sample_size < n_cells:
        raise InputError(f"sample_size {sample_size:,} is below the {n_cells} cells of the population "
                         "(age x sex x region x education); every cell needs a record")

    draft_age_max = int(input_value("draft_exposed_age_max"))
    cell_age = AGES[age_i]
    cell_male = sex_i == SEXES.index("Male")
    cell_big_city = np.isin(region_i, BIG_CITY_CODES)
    factor = np.ones(n_cells)
    factor[(cell_age >= OVERSAMPLED_AGES[0]) & (cell_age <= OVERSAMPLED_AGES[1])] *= OVERSAMPLING["age_20_44"].factor
    factor[edu_i == 1] *= OVERSAMPLING["higher_edu"].factor
    factor[cell_big_city] *= OVERSAMPLING["big_city"].factor
    factor[cell_male & (cell_age <= draft_age_max)] *= OVERSAMPLING["draft_exposed_men"].factor
    records = _allocate(cell_population, factor, sample_size)

    cell = np.repeat(np.arange(n_cells), records)
    weight = (cell_population / records)[cell]
    age = cell_age[cell].astype(np.int8)
    male = cell_male[cell]
    region = region_i[cell].astype(np.int8)
    higher_edu = edu_i[cell] == 1
    big_city = cell_big_city[cell]

    # --- employment: relative age profile, one scale aligned to the LFS total -----------------------------------------
    # ev:ru_employed_2021_09 counts the employed aged 15+; those aged 15-17 and 70+ are not subtracted (no row in the
    # evidence), so the employment rate of 18-69 is slightly overstated.
    relative_rate = np.empty(len(age))
    for low, high, key in EMPLOYMENT_BANDS:
        relative_rate[(age >= low) & (age <= high)] = input_value(key)
    # employed if u < scale * relative_rate, i.e. u / relative_rate < scale: the threshold is the solved scale.
    employed, employment_scale = _align(_stream(seed, "employment").random(len(age)) / relative_rate, weight,
                                        input_value("employed_total"), "employed (ev:ru_employed_2021_09)")

    # --- occupation among the employed --------------------------------------------------------------------------------
    # IT target is the IT-industry headcount (Mintsifry, ev:ru_it_employees_2022, 0.74 million); the occupational
    # count of ICT specialists (ev:ru_ict_specialists_2020, 1.76 million) is broader and conflicts with it. The
    # industry count is used because the emigration evidence speaks of the IT industry; the gap is uncertainty.
    it_log_odds = (np.log(input_value("it_odds_higher_edu")) * higher_edu
                   + np.log(input_value("it_odds_big_city")) * big_city
                   + np.log(input_value("it_odds_male")) * male
                   + np.log(input_value("it_odds_age_25_44")) * ((age >= IT_PRIME_AGES[0]) & (age <= IT_PRIME_AGES[1])))
    it_score = logit(_stream(seed, "it").random(len(age))) - it_log_odds
    it_among_employed, it_intercept = _align(it_score[employed], weight[employed], input_value("it_employed"),
                                             "IT employed (ev:ru_it_employees_2022)")
    it = np.zeros(len(age), dtype=bool)
    it[employed] = it_among_employed
    professional_share = np.where(higher_edu, input_value("professional_share_higher_edu"),
                                  input_value("professional_share_no_higher_edu"))
    professional = employed & ~it & (_stream(seed, "professional").random(len(age)) < professional_share)
    occupation = np.full(len(age), OCCUPATIONS.index("not_employed"), dtype=np.int8)
    occupation[employed] = OCCUPATIONS.index("other_employed")
    occupation[professional] = OCCUPATIONS.index("professional")
    occupation[it] = OCCUPATIONS.index("it")

    # --- income -------------------------------------------------------------------------------------------------------
    income, income_solved = _income(seed, weight, employed, it, region == REGIONS.index("moscow"), higher_edu)
    income_rub_month = income.astype(np.float32)
    income_rank = _weighted_midrank(income_rub_month, weight)
    income_decile = np.minimum(np.floor(10 * income_rank) + 1, 10).astype(np.int8)

    # --- wealth: lognormal marginal imposed by weighted rank, Gaussian copula with income -----------------------------
    wealth_median = input_value("wealth_median")
    # Closed form: P(W > 1M) = 1 - Phi(ln(1M / median) / sigma) = millionaire share.
    wealth_sigma = np.log(MILLIONAIRE_USD / wealth_median) / ndtri(1.0 - millionaire_share())
    rho = input_value("wealth_income_rank_corr")
    latent = rho * ndtri(income_rank) + np.sqrt(1.0 - rho**2) * _stream(seed, "wealth").standard_normal(len(age))
    # Mapping the latent's weighted rank to lognormal quantiles makes the weighted wealth distribution the target one
    # (median and millionaire share exact up to one record's weight) instead of a noisy draw from it.
    wealth_usd = wealth_median * np.exp(wealth_sigma * ndtri(_weighted_midrank(latent, weight)))
    liquid_share = input_value("financial_assets_per_adult") / input_value("wealth_mean_2019")
    liquid_wealth_usd = wealth_usd * liquid_share

    # --- foreign-travel passport --------------------------------------------------------------------------------------
    passport_log_odds = (np.log(input_value("passport_odds_higher_edu")) * higher_edu
                         + np.log(input_value("passport_odds_big_city")) * big_city
                         + np.log(input_value("passport_odds_income_top_half")) * (income_decile > 5))
    passport, passport_intercept = _align(logit(_stream(seed, "passport").random(len(age))) - passport_log_odds,
                                          weight, input_value("passport_share") * float(weight.sum()),
                                          "foreign-travel passport holders (as:passport_share_2022)")

    # --- foreign languages -------------------------------------------------------------------------------------------
    language_log_odds = (np.log(input_value("language_odds_higher_edu")) * higher_edu
                         + np.log(input_value("language_odds_age_18_34")) * (age <= 34)
                         + np.log(input_value("language_odds_big_city")) * big_city)
    english_b1, english_intercept = _align(logit(_stream(seed, "english").random(len(age))) - language_log_odds,
                                           weight, input_value("english_share") * float(weight.sum()),
                                           "English speakers (ev:BAS_LANG_02)")
    german_b1, german_intercept = _align(logit(_stream(seed, "german").random(len(age))) - language_log_odds,
                                         weight, input_value("german_share") * float(weight.sum()),
                                         "German speakers (ev:BAS_LANG_03)")

    draft_exposed = male & (age <= draft_age_max)

    provenance = {
        "synthetic": True,
        "what": "weighted synthetic sample of Russian adults aged 18-69, January 2022",
        "sample_size": sample_size,
        "seed": seed,
        "method": "cells age x sex x region x higher education from WPP 2024 and evidence shares; oversampled "
                  "largest-remainder allocation with weights = cell population / records; attributes drawn in "
                  "cells from Philox streams keyed on (seed, name), aligned to evidence totals",
        "sources": sorted({item.ref for item in INPUTS}),
        "wpp": wpp_provenance(),
        "data_version": DATA_VERSION,
        "cells": n_cells,
        "records_per_cell": {"min": int(records.min()), "max": int(records.max())},
        "oversampling": {name: item.factor for name, item in OVERSAMPLING.items()},
        "solved": {
            "region_share": regions,
            **edu_solved,
            "employment_rate_by_band": {f"{low}_{high}": min(1.0, employment_scale * input_value(key))
                                        for low, high, key in EMPLOYMENT_BANDS},
            "it_intercept_log_odds": it_intercept,
            **income_solved,
            "wealth_sigma_log": float(wealth_sigma),
            "liquid_share_of_wealth": liquid_share,
            "passport_intercept_log_odds": passport_intercept,
            "english_intercept_log_odds": english_intercept,
            "german_intercept_log_odds": german_intercept,
        },
    }
    return Population(
        person_id=np.arange(len(age), dtype=np.int64), weight=weight, age=age, male=male, region=region,
        higher_edu=higher_edu, occupation=occupation, income_rub_month=income_rub_month, income_decile=income_decile,
        wealth_usd=wealth_usd, liquid_wealth_usd=liquid_wealth_usd, passport=passport, english_b1=english_b1,
        german_b1=german_b1, draft_exposed=draft_exposed,
        provenance=provenance)


def _income(seed: int, weight: np.ndarray, employed: np.ndarray, it: np.ndarray, moscow: np.ndarray,
            higher_edu: np.ndarray) -> tuple[np.ndarray, dict]:
    """Monthly income, RUB: lognormal with multipliers, scaled to the evidence means and ratios on the drawn sample.

    The Moscow and IT multipliers are solved so that Moscow's and IT's mean wage over the national mean equal the
    evidence ratios: the published ratios already contain their richer composition (more graduates, more IT), so
    applying them on top of the education premium would count it twice. The ratios come from 2023 (IT) and 2024
    (Moscow) and are assumed to hold in 2022. The non-employed (pensions, stipends, transfers) keep the same
    dispersion and the Moscow and education multipliers, scaled to their assumed ratio to the employed mean.
    """
    base = (np.exp(input_value("income_sigma_log") * _stream(seed, "income").standard_normal(len(weight)))
            * np.where(higher_edu, input_value("wage_premium_higher_edu"), 1.0))
    target_moscow = input_value("moscow_wage_2024") / input_value("mean_wage_2024")
    target_it = input_value("it_wage_2023") / input_value("mean_wage_2023")
    # Employed persons fall in four groups (Moscow or not) x (IT or not); the ratios depend on their sums only.
    sums = np.zeros((2, 2))
    persons = np.zeros((2, 2))
    for m in (0, 1):
        for i in (0, 1):
            group = employed & (moscow == bool(m)) & (it == bool(i))
            sums[m, i] = (weight[group] * base[group]).sum()
            persons[m, i] = weight[group].sum()
    if (persons == 0).any():
        raise RuntimeError("income calibration needs employed records in every Moscow x IT group")
    m_moscow, m_it = target_moscow, target_it
    for _ in range(200):
        scaled = sums * np.array([[1.0, m_it], [m_moscow, m_moscow * m_it]])
        mean_all = scaled.sum() / persons.sum()
        ratio_moscow = scaled[1].sum() / persons[1].sum() / mean_all
        ratio_it = scaled[:, 1].sum() / persons[:, 1].sum() / mean_all
        if abs(ratio_moscow / target_moscow - 1) < 1e-12 and abs(ratio_it / target_it - 1) < 1e-12:
            break
        m_moscow *= target_moscow / ratio_moscow
        m_it *= target_it / ratio_it
    else:
        raise RuntimeError("income calibration of the Moscow and IT multipliers did not converge")
    mean_wage = input_value("mean_wage_2022")
    employed_scale = mean_wage / mean_all
    income = base * np.where(moscow, m_moscow, 1.0) * np.where(it, m_it, 1.0)
    income[employed] *= employed_scale
    not_employed = ~employed
    not_employed_mean = (weight[not_employed] * income[not_employed]).sum() / weight[not_employed].sum()
    not_employed_scale = input_value("income_ratio_not_employed") * mean_wage / not_employed_mean
    income[not_employed] *= not_employed_scale
    solved = {"income_multiplier_moscow": float(m_moscow), "income_multiplier_it": float(m_it),
              "income_scale_employed_rub_month": float(employed_scale),
              "income_scale_not_employed_rub_month": float(not_employed_scale)}
    return income, solved
