"""Synthesis: synthetic Russian adults aged 18-69 in January 2022, as a weighted sample or at full scale.

Inputs: a size (``sample_size`` records, or full scale) and a ``seed``; the age-sex table of ``demography`` (UN WPP
2024) and the declared inputs of ``marginals`` (evidence figures and labelled assumptions). Output: a
``Population`` whose weights sum to the WPP adult total, with ``provenance`` recording sources, seed, size, method
and every solved parameter.

API:
- ``synthesize(sample_size, seed)``: a weighted sample of ``sample_size`` records (the mobile oversampled, see
  ``OVERSAMPLING``; the weights undo it).
- ``synthesize_full_scale(seed)``: one record per person, weight 1: about 100.2 million records, 41 bytes each
  (about 4.1 GB). Records per cell are the cell populations rounded by largest remainder to the rounded WPP total,
  so each cell is within one person of WPP and the total within half a person (provenance ``rounding``).
The same seed gives the same draws per stream in both modes; the two differ in which records exist.

Method:
1. Cells age (single year) x sex x region (4) x higher education (2): a table raked (IPF, ``raking.rake_table``) to
   WPP's age x sex totals, the region shares (census and an assumption) and the share of graduates by age (the
   evidence's age bands spread evenly over their single ages), from a seed table that carries the assumed odds
   ratio between living in Moscow or St Petersburg and holding a degree.
2. Records per cell: in sample mode one each, the rest in proportion to cell population times an oversampling
   factor, by largest remainder (deterministic in ``sample_size``), weight = cell population / records; at full
   scale, the rounded cell population with weight 1.
3. Attributes are drawn per record from named random streams keyed on (seed, stream name), in this order:
   employment (age profile), occupation (IT, professional), income, income decile, wealth (Gaussian copula with
   the income rank), passport, English and German levels, entrepreneur, partner, children, draft exposure.
   Binary and ordinal attributes are logistic models: a latent score logit(u) minus the person's log-odds from
   labelled odds ratios, and the lowest scores are selected until their weights reach the evidence total
   (``ordering.select_lowest`` / ``select_levels``), which solves the model's intercept (or thresholds) on the
   drawn records, so the totals hold exactly in every sample.
4. Income of the employed is lognormal around group multipliers (graduate premium assumed; Moscow and IT solved to
   the evidence's wage ratios); its dispersion is solved so that mean and median wage both equal the evidence.
   Wealth follows ``wealth.SplicedWealth`` (lognormal body, Pareto tail) solved to the median, mean, top-10% and
   top-1% shares and the millionaire share; each record gets the distribution's mean over its weighted-rank
   interval of the latent, so the weighted wealth marginals equal the targets up to one record's weight.

Performance: per-record work is vectorized numpy over compact dtypes (float32 draws and scores, int8 codes); sorts go
through ``ordering.argsort`` (packed 64-bit keys, several times faster than ``np.argsort``); at full scale the
shared weight 1 is never gathered or summed per record.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import logit, ndtri

from relokant.errors import InputError
from relokant.evidence import DATA_VERSION
from relokant.population import ordering, wealth
from relokant.population.demography import AGES, SEXES, adults_2022, wpp_provenance
from relokant.population.marginals import (CHILDREN_BANDS, INPUTS, MILLIONAIRE_USD, children_number_targets,
                                           children_targets, input_value, language_targets, liquid_share,
                                           millionaire_share, partner_target, region_targets)
from relokant.population.ordering import Weights, take
from relokant.population.raking import rake_table
from relokant.population.schema import BIG_CITY_CODES, ENTREPRENEUR, LANGUAGE_LEVELS, OCCUPATIONS, REGIONS, Population

# Higher-education age bands: the evidence gives 25-34 and 25-64; 35-64 is solved from them, the ends are assumed.
EDU_BANDS = ((18, 24), (25, 34), (35, 64), (65, 69))
EMPLOYMENT_BANDS = ((18, 24, "employment_rate_18_24"), (25, 54, "employment_rate_25_54"),
                    (55, 59, "employment_rate_55_59"), (60, 69, "employment_rate_60_69"))
IT_PRIME_AGES = (25, 44)  # the age band of as:it_odds_age_25_44
LANGUAGE_YOUNG_MAX = 34  # the age band of as:language_odds_age_18_34
PARTNER_BANDS = ((18, 24, "partner_odds_age_18_24"), (25, 34, "partner_odds_age_25_34"),
                 (55, 69, "partner_odds_age_55_69"))  # relative to 35-54, the reference band
PARTNER_OLD = (55, 69)  # the age band of as:partner_odds_female_55_69
WEALTH_TOP_DECILE = 0.9  # the rank above which as:entrepreneur_owner_odds_wealth_top_decile applies


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


def _uniform(seed: int, name: str, n: int) -> np.ndarray:
    """Uniform draws in [0, 1), float32 (24 bits: ties at a threshold concern a handful of records in 100 million)."""
    return _stream(seed, name).random(n, dtype=np.float32)


def _logistic_score(seed: int, name: str, log_odds: np.ndarray) -> np.ndarray:
    """Latent score of a logistic model: logit(u) - log-odds; the lowest scores are the most likely to have it."""
    score = logit(_uniform(seed, name, len(log_odds)))
    score -= log_odds
    return score


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


# --- cells ---------------------------------------------------------------------------------------------------------

def _higher_edu_by_age() -> tuple[np.ndarray, dict]:
    """Share of graduates per single age (the band's share, 35-64 solved so that 25-64 holds), and the bands."""
    adults_by_age = adults_2022().sum(axis=1)

    def persons(low: int, high: int) -> float:
        return float(adults_by_age[(AGES >= low) & (AGES <= high)].sum())

    share_25_34 = input_value("higher_edu_25_34")
    share_25_64 = input_value("higher_edu_25_64")
    # 35-64 is what makes the 25-64 share come out at the evidence given the 2022 age structure.
    share_35_64 = (share_25_64 * persons(25, 64) - share_25_34 * persons(25, 34)) / persons(35, 64)
    if not 0.0 < share_35_64 < 1.0:
        raise InputError(f"higher-education shares BAS_EDU_04 and BAS_EDU_05 imply {share_35_64:.3f} for ages "
                         "35-64, which is not a share")
    band_shares = (input_value("higher_edu_18_24"), share_25_34, share_35_64, input_value("higher_edu_65_69"))
    by_age = np.empty(len(AGES))
    for (low, high), share in zip(EDU_BANDS, band_shares, strict=True):
        by_age[(AGES >= low) & (AGES <= high)] = share
    return by_age, {f"higher_edu_{low}_{high}": share for (low, high), share in zip(EDU_BANDS, band_shares)}


def cell_table() -> tuple[np.ndarray, dict]:
    """Adults by (age, sex, region, higher education), shape (52, 2, 4, 2), raked to the evidence; and what was solved.

    Margins: WPP age x sex; region shares x total; age x education (graduate share by age x age total). The seed
    table is 1 everywhere except graduates in Moscow and St Petersburg, who get the assumed odds ratio: raking keeps
    that odds ratio within every age and sex while meeting the margins.
    """
    adults = adults_2022()  # (ages, sexes)
    total = float(adults.sum())
    regions = region_targets()
    region_share = np.array([regions[name] for name in REGIONS])
    edu_by_age, edu_solved = _higher_edu_by_age()
    shape = (len(AGES), len(SEXES), len(REGIONS), 2)
    seed_table = np.ones(shape)
    seed_table[:, :, list(BIG_CITY_CODES), 1] = input_value("higher_edu_odds_big_city")
    by_age = adults.sum(axis=1)
    margins = {(0, 1): adults, (2,): region_share * total,
               (0, 3): np.stack([by_age * (1.0 - edu_by_age), by_age * edu_by_age], axis=1)}
    result = rake_table(seed_table, margins, tol=1e-12)
    table = result.table
    graduates = table[..., 1].sum(axis=(0, 1)) / table.sum(axis=(0, 1, 3))
    solved = {**edu_solved, "higher_edu_share_by_region": dict(zip(REGIONS, graduates.tolist())),
              "cell_raking": {"iterations": result.iterations, "max_rel_error": result.max_rel_error}}
    return table, solved


def _allocate(cell_population: np.ndarray, oversampling: np.ndarray, sample_size: int) -> np.ndarray:
    """Records per cell: one each, the rest by largest remainder on population x oversampling (deterministic)."""
    n_cells = len(cell_population)
    quota = (sample_size - n_cells) * (cell_population * oversampling) / (cell_population * oversampling).sum()
    counts = np.floor(quota).astype(np.int64)
    left = sample_size - n_cells - int(counts.sum())
    # Ties in the remainder go to the lower cell index (stable sort), so the allocation depends on sample_size only.
    counts[np.argsort(-(quota - counts), kind="stable")[:left]] += 1
    return counts + 1


def _round_persons(cell_population: np.ndarray) -> np.ndarray:
    """Whole persons per cell: floors plus one for the largest remainders, summing to the rounded total."""
    counts = np.floor(cell_population).astype(np.int64)
    left = int(round(float(cell_population.sum()))) - int(counts.sum())
    counts[np.argsort(-(cell_population - counts), kind="stable")[:left]] += 1
    return counts


# --- the two modes -------------------------------------------------------------------------------------------------

def synthesize(sample_size: int, seed: int) -> Population:
    """A weighted synthetic population of ``sample_size`` records; the same (sample_size, seed) gives the same one."""
    if isinstance(sample_size, bool) or not isinstance(sample_size, (int, np.integer)):
        raise InputError(f"sample_size must be an integer, got {sample_size!r}")
    seed, sample_size = _check_seed(seed), int(sample_size)
    table, cells_solved = cell_table()
    cell_population = table.ravel()
    n_cells = len(cell_population)
    if sample_size < n_cells:
        raise InputError(f"sample_size {sample_size:,} is below the {n_cells} cells of the population "
                         "(age x sex x region x education); every cell needs a record")
    cells = _Cells(table.shape)
    draft_age_max = int(input_value("draft_exposed_age_max"))
    factor = np.ones(n_cells)
    factor[(cells.age >= OVERSAMPLED_AGES[0]) & (cells.age <= OVERSAMPLED_AGES[1])] *= OVERSAMPLING["age_20_44"].factor
    factor[cells.edu] *= OVERSAMPLING["higher_edu"].factor
    factor[cells.big_city] *= OVERSAMPLING["big_city"].factor
    factor[cells.male & (cells.age <= draft_age_max)] *= OVERSAMPLING["draft_exposed_men"].factor
    records = _allocate(cell_population, factor, sample_size)
    cell = np.repeat(np.arange(n_cells, dtype=np.int16), records)
    weight = (cell_population / records)[cell]
    design = {"mode": "sample", "sample_size": sample_size,
              "what": "weighted synthetic sample of Russian adults aged 18-69, January 2022",
              "records_per_cell": {"min": int(records.min()), "max": int(records.max())},
              "oversampling": {name: item.factor for name, item in OVERSAMPLING.items()}}
    return _build(cells, cell, weight, weight, seed, {**design, "cells_solved": cells_solved})


def synthesize_full_scale(seed: int, fraction: float = 1.0) -> Population:
    """One record per adult 18-69 (about 100.2 million), weight 1; the same seed gives the same population.

    ``fraction`` < 1 keeps that fraction of every cell (rounded by largest remainder), each record weighing
    1 / fraction: a self-weighting proportional sample that runs the full-scale code path at a reduced size (tests).
    """
    seed = _check_seed(seed)
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0.0 < fraction <= 1.0:
        raise InputError(f"full-scale fraction must lie in (0, 1], got {fraction!r}")
    table, cells_solved = cell_table()
    cell_population = table.ravel()
    records = _round_persons(cell_population * fraction)
    if (records == 0).any():
        raise InputError(f"fraction {fraction} leaves {int((records == 0).sum())} cells without a record")
    cells = _Cells(table.shape)
    cell = np.repeat(np.arange(len(records), dtype=np.int16), records)
    weight = 1.0 / float(fraction)
    design = {"mode": "full_scale" if fraction == 1.0 else "full_scale_fraction", "sample_size": int(records.sum()),
              "fraction": float(fraction),
              "what": "synthetic Russian adults aged 18-69, January 2022, one record per person"
                      + ("" if fraction == 1.0 else f" (a {fraction:g} proportional sample, weight {weight:g})"),
              "rounding": {"wpp_adults": float(cell_population.sum()), "persons": float(records.sum() * weight),
                           "persons_minus_wpp": float(records.sum() * weight - cell_population.sum()),
                           "max_cell_difference": float(np.abs(records * weight - cell_population).max())}}
    return _build(cells, cell, weight, None, seed, {**design, "cells_solved": cells_solved})


@dataclass
class _Cells:
    """Per-cell attributes of the (age, sex, region, education) table, flattened in C order."""

    shape: tuple[int, ...]

    def __post_init__(self) -> None:
        age_i, sex_i, region_i, edu_i = (grid.ravel() for grid in np.indices(self.shape))
        self.age = AGES[age_i]
        self.male = sex_i == SEXES.index("Male")
        self.region = region_i
        self.edu = edu_i == 1
        self.big_city = np.isin(region_i, BIG_CITY_CODES)

    def per_record(self, values: np.ndarray, cell: np.ndarray, dtype=np.float32) -> np.ndarray:
        """A per-cell quantity looked up for every record."""
        return np.asarray(values, dtype=dtype)[cell]


def _log(key: str) -> float:
    return float(np.log(input_value(key)))


# --- attributes ----------------------------------------------------------------------------------------------------

def _build(cells: _Cells, cell: np.ndarray, w: Weights, weight_column: np.ndarray | None, seed: int,
           design: dict) -> Population:
    """Draw every attribute for the records of ``cell`` (cell index per record) with weights ``w``.

    ``weight_column`` is the weight column (None: ``w`` shared by all records, the column made last, so that it
    does not occupy memory while the attributes are drawn).
    """
    n = len(cell)
    persons = ordering.total(w, n)
    age = cells.per_record(cells.age, cell, np.int8)
    male = cells.per_record(cells.male, cell, bool)
    region = cells.per_record(cells.region, cell, np.int8)
    higher_edu = cells.per_record(cells.edu, cell, bool)
    solved: dict = dict(design.pop("cells_solved"))
    # Persons per cell as the records represent them (the cell table in sample mode, whole persons at full scale).
    cell_persons = np.bincount(cell, weights=w if isinstance(w, np.ndarray) else None,
                               minlength=len(cells.age)) * (1.0 if isinstance(w, np.ndarray) else float(w))
    inf = np.float32(np.inf)

    # --- employment: relative age profile, one scale aligned to the LFS total ------------------------------------
    # ev:ru_employed_2021_09 counts the employed aged 15+; those aged 15-17 and 70+ are not subtracted (no row in the
    # evidence), so the employment rate of 18-69 is slightly overstated.
    rate = np.empty(len(cells.age))
    for low, high, key in EMPLOYMENT_BANDS:
        rate[(cells.age >= low) & (cells.age <= high)] = input_value(key)
    # employed if u < scale * relative_rate, i.e. u / relative_rate < scale: the threshold is the solved scale.
    score = _uniform(seed, "employment", n)
    score /= cells.per_record(rate, cell)
    employed, employment_scale = ordering.select_lowest(score, w, input_value("employed_total"),
                                                        "employed (ev:ru_employed_2021_09)")
    solved["employment_rate_by_band"] = {f"{low}_{high}": min(1.0, employment_scale * input_value(key))
                                         for low, high, key in EMPLOYMENT_BANDS}

    # --- occupation among the employed ---------------------------------------------------------------------------
    # IT target is the IT-industry headcount (Mintsifry, ev:ru_it_employees_2022, 0.74 million); the occupational
    # count of ICT specialists (ev:ru_ict_specialists_2020, 1.76 million) is broader and conflicts with it. The
    # industry count is used because the emigration evidence speaks of the IT industry; the gap is uncertainty.
    prime = (cells.age >= IT_PRIME_AGES[0]) & (cells.age <= IT_PRIME_AGES[1])
    it_log_odds = (_log("it_odds_higher_edu") * cells.edu + _log("it_odds_big_city") * cells.big_city
                   + _log("it_odds_male") * cells.male + _log("it_odds_age_25_44") * prime)
    score = _logistic_score(seed, "it", cells.per_record(it_log_odds, cell))
    score[~employed] = inf
    it, solved["it_intercept_log_odds"] = ordering.select_lowest(score, w, input_value("it_employed"),
                                                                 "IT employed (ev:ru_it_employees_2022)")
    professional_share = np.where(cells.edu, input_value("professional_share_higher_edu"),
                                  input_value("professional_share_no_higher_edu"))
    professional = _uniform(seed, "professional", n) < cells.per_record(professional_share, cell)
    professional &= employed & ~it
    occupation = np.full(n, OCCUPATIONS.index("not_employed"), dtype=np.int8)
    occupation[employed] = OCCUPATIONS.index("other_employed")
    occupation[professional] = OCCUPATIONS.index("professional")
    occupation[it] = OCCUPATIONS.index("it")
    del professional, score

    # --- income ----------------------------------------------------------------------------------------------------
    income, income_solved = _income(seed, w, employed, it, region == REGIONS.index("moscow"), higher_edu)
    solved.update(income_solved)
    income_rank = ordering.weighted_midrank(income, w)
    income_decile = np.minimum(np.floor(10 * income_rank) + 1, 10).astype(np.int8)
    income_normal = ndtri(income_rank).astype(np.float32)
    del income_rank

    # --- wealth: spliced lognormal-Pareto marginal by weighted rank, Gaussian copula with income -----------------
    distribution, solved["wealth"] = _wealth_distribution()
    rho = np.float32(input_value("wealth_income_rank_corr"))
    latent = _stream(seed, "wealth").standard_normal(n, dtype=np.float32)
    latent *= np.sqrt(np.float32(1.0) - rho * rho)
    income_normal *= rho
    latent += income_normal
    del income_normal
    order = ordering.argsort(latent)
    del latent
    sorted_weight = take(w, order)
    wealth_usd = np.empty(n, dtype=np.float32)
    wealth_usd[order] = wealth.interval_means(distribution, sorted_weight, n)
    # The richest tenth by rank (for the owners' odds): records whose rank interval starts at or above 0.9.
    start_rank = (np.cumsum(sorted_weight) - sorted_weight if isinstance(w, np.ndarray)
                  else np.arange(n, dtype=np.float64) * float(w))
    wealth_top_decile = np.zeros(n, dtype=bool)
    wealth_top_decile[order[int(np.searchsorted(start_rank, WEALTH_TOP_DECILE * persons)):]] = True
    del order, sorted_weight, start_rank
    liquid_wealth_usd = wealth_usd * np.float32(liquid_share())
    solved["liquid_share_of_wealth"] = liquid_share()

    # --- foreign-travel passport -----------------------------------------------------------------------------------
    passport_cell = _log("passport_odds_higher_edu") * cells.edu + _log("passport_odds_big_city") * cells.big_city
    log_odds = cells.per_record(passport_cell, cell)
    log_odds += np.float32(_log("passport_odds_income_top_half")) * (income_decile > 5)
    passport, solved["passport_intercept_log_odds"] = ordering.select_lowest(
        _logistic_score(seed, "passport", log_odds), w, input_value("passport_share") * persons,
        "foreign-travel passport holders (as:passport_share_2022)")

    # --- foreign languages: ordinal logit (one latent per person and language, thresholds per CEFR level) ----------
    # Proportional odds: graduates, the young and big-city residents are more likely to reach every level.
    language_cell = (_log("language_odds_higher_edu") * cells.edu + _log("language_odds_big_city") * cells.big_city
                     + _log("language_odds_age_18_34") * (cells.age <= LANGUAGE_YOUNG_MAX))
    levels = {}
    for language in ("english", "german"):
        log_odds = cells.per_record(language_cell, cell)
        if language == "english":
            log_odds += np.float32(_log("english_odds_it")) * it
        levels[language], thresholds = ordering.select_levels(
            _logistic_score(seed, language, log_odds), w, [share * persons for share in language_targets(language)],
            f"{language} speakers by CEFR level")
        solved[f"{language}_thresholds_log_odds"] = dict(zip(LANGUAGE_LEVELS[1:], thresholds))
    del log_odds

    # --- entrepreneurs among the employed: business owners first, then the self-employed among the rest ----------
    owner_cell = _log("entrepreneur_odds_male") * cells.male + _log("entrepreneur_odds_higher_edu") * cells.edu
    log_odds = cells.per_record(owner_cell, cell)
    log_odds += np.float32(_log("owner_odds_wealth_top_decile")) * wealth_top_decile
    score = _logistic_score(seed, "business_owner", log_odds)
    score[~employed] = inf
    owner, solved["business_owner_intercept_log_odds"] = ordering.select_lowest(
        score, w, input_value("business_owner_share") * persons,
        "business owners (as:entrepreneur_business_owner_share)")
    self_cell = (_log("entrepreneur_odds_higher_edu") * cells.edu
                 + _log("self_employed_odds_big_city") * cells.big_city)
    log_odds = cells.per_record(self_cell, cell)
    log_odds += np.float32(_log("self_employed_odds_it")) * it
    score = _logistic_score(seed, "self_employed", log_odds)
    score[~employed | owner] = inf
    self_employed, solved["self_employed_intercept_log_odds"] = ordering.select_lowest(
        score, w, input_value("self_employed_2022"), "self-employed (as:entrepreneur_self_employed_2022)")
    entrepreneur = np.zeros(n, dtype=np.int8)
    entrepreneur[self_employed] = ENTREPRENEUR.index("self_employed")
    entrepreneur[owner] = ENTREPRENEUR.index("business_owner")
    del owner, self_employed, score, log_odds, wealth_top_decile

    # --- partner: married (as cited) or cohabiting; odds by age band, widowhood of older women ---------------------
    partner_cell = np.zeros(len(cells.age))
    for low, high, key in PARTNER_BANDS:
        partner_cell[(cells.age >= low) & (cells.age <= high)] += _log(key)
    partner_cell[~cells.male & (cells.age >= PARTNER_OLD[0]) & (cells.age <= PARTNER_OLD[1])] += _log(
        "partner_odds_female_55_69")
    partner, solved["partner_intercept_log_odds"] = ordering.select_lowest(
        _logistic_score(seed, "partner", cells.per_record(partner_cell, cell)), w, partner_target() * persons,
        "adults with a partner (ev:OKR_08, as:partner_cohabiting_share)")

    # --- minor children: share with any by sex and age band (tilted towards couples), then how many -------------------
    group_cell = np.full(len(cells.age), -1, dtype=np.int8)
    band_targets = children_targets()
    group_targets, group_keys = {}, {}
    for code, ((s, low, high), share) in enumerate(band_targets.items()):
        in_group = (cells.male == bool(s)) & (cells.age >= low) & (cells.age <= high)
        group_cell[in_group] = code
        group_keys[code] = f"{'male' if s else 'female'}_{low}_{high}"
        group_targets[code] = share * float(cell_persons[in_group].sum())
    if (group_cell < 0).any():
        raise RuntimeError(f"children bands {CHILDREN_BANDS} do not cover every age")
    parent, thresholds = ordering.select_lowest_by_group(
        _logistic_score(seed, "children", np.float32(_log("children_odds_partner")) * partner), w,
        group_cell[cell], group_targets, "adults with minor children (as:children_share_*)")
    solved["children_intercepts_log_odds"] = {group_keys[code]: value for code, value in thresholds.items()}
    parents = ordering.mass(w, parent)
    score = _uniform(seed, "children_number", n)
    score[~parent] = inf
    more, _ = ordering.select_levels(score, w, [share * parents for share in children_number_targets()],
                                     "parents with two or more, three or more minor children")
    children = (parent.astype(np.int8) + more).astype(np.int8)
    del score, more, parent

    draft_exposed = male & (age <= int(input_value("draft_exposed_age_max")))

    provenance = {
        "synthetic": True,
        **design,
        "seed": seed,
        "records": n,
        "persons": persons,
        "method": "cells age x sex x region x higher education raked (IPF) to WPP 2024 and evidence margins; "
                  "records per cell by oversampled largest remainder with weights = cell population / records "
                  "(or one record per person at full scale); attributes drawn from Philox streams keyed on "
                  "(seed, name), aligned to evidence totals; income dispersion and the wealth distribution solved "
                  "to their evidence statistics",
        "sources": sorted({item.ref for item in INPUTS}),
        "wpp": wpp_provenance(),
        "data_version": DATA_VERSION,
        "cells": len(cells.age),
        "solved": {"region_share": region_targets(), **solved},
    }
    if weight_column is None:
        weight_column = np.full(n, float(w))
    return Population(
        person_id=np.arange(n, dtype=np.int64), weight=weight_column, age=age, male=male, region=region,
        higher_edu=higher_edu, occupation=occupation, income_rub_month=income, income_decile=income_decile,
        wealth_usd=wealth_usd, liquid_wealth_usd=liquid_wealth_usd, passport=passport,
        english_level=levels["english"], german_level=levels["german"], entrepreneur=entrepreneur, partner=partner,
        children=children, draft_exposed=draft_exposed, provenance=provenance)


def _wealth_distribution() -> tuple[wealth.SplicedWealth, dict]:
    # Mixed dates, as the evidence has them: median, top-10% and top-1% shares mid-2019 (Credit Suisse), mean
    # end-2020 (Credit Suisse), millionaires 2022 (UBS) over the end-2020 adult base. All refer to adults of every
    # age; applied to 18-69 (no wealth by age in the evidence).
    return wealth.solve(median=input_value("wealth_median"), mean=input_value("wealth_mean"),
                        top10_share=input_value("wealth_top10_share"), top1_share=input_value("wealth_top1_share"),
                        millionaire_share=millionaire_share(), millionaire=MILLIONAIRE_USD)


# --- income --------------------------------------------------------------------------------------------------------

class _Wages:
    """Employed wages as scale x multipliers x exp(sigma z), with what the dispersion solver needs at hand.

    Groups g = higher education + 2 x Moscow + 4 x IT. For a dispersion sigma, the Moscow and IT multipliers follow
    from the group sums of exp(sigma z) (they make the Moscow and IT mean wages the evidence's multiples of the
    national mean), and the weighted median follows from each group's z sorted once: the share of persons with
    log wage below t is the sum over groups of the weight with z below (t - log multiplier) / sigma.
    """

    GROUPS = 8

    def __init__(self, z: np.ndarray, w: Weights, employed: np.ndarray, group: np.ndarray):
        self.z, self.w = z, w
        self.codes = np.where(employed, group, self.GROUPS).astype(np.intp)  # the last code: not employed
        self.persons = self._sums(None)
        moscow, it = (np.arange(self.GROUPS) & 2) > 0, (np.arange(self.GROUPS) & 4) > 0
        if min(self.persons[moscow].sum(), self.persons[~moscow].sum(), self.persons[it].sum(),
               self.persons[~it].sum()) == 0:
            raise InputError("income calibration needs employed records in and outside Moscow and IT; the sample "
                             "is too small")
        order = ordering.argsort(np.where(employed, z, np.float32(np.inf)))[: int(employed.sum())]
        group_sorted = group[order]
        self.sorted_z, self.cum_weight = [], []
        for g in range(self.GROUPS):
            members = order[group_sorted == g]
            self.sorted_z.append(z[members])
            # Running weights in z order; with one shared weight they are k x weight and need no array.
            self.cum_weight.append(np.cumsum(w[members]) if isinstance(w, np.ndarray) else None)
        self.premium = input_value("wage_premium_higher_edu")
        self.target_moscow = input_value("moscow_wage_2024") / input_value("mean_wage_2024")
        self.target_it = input_value("it_wage_2023") / input_value("mean_wage_2023")

    def _sums(self, values: np.ndarray | None) -> np.ndarray:
        """Weighted sum of ``values`` (of 1 where None) per employed group."""
        if isinstance(self.w, np.ndarray):
            weights = self.w if values is None else values * self.w
            return np.bincount(self.codes, weights=weights, minlength=self.GROUPS + 1)[: self.GROUPS]
        sums = np.bincount(self.codes, weights=values, minlength=self.GROUPS + 1)[: self.GROUPS]
        return sums * float(self.w)

    def multipliers(self, sigma: float) -> tuple[np.ndarray, float, float, float]:
        """Multiplier per group, Moscow and IT multipliers, and the employed mean of multiplier x exp(sigma z)."""
        sums = self._sums(np.exp(np.float32(sigma) * self.z))
        edu = np.array([self.premium if g & 1 else 1.0 for g in range(self.GROUPS)])
        moscow = np.array([bool(g & 2) for g in range(self.GROUPS)])
        it = np.array([bool(g & 4) for g in range(self.GROUPS)])
        base, persons = sums * edu, self.persons
        m_moscow, m_it = self.target_moscow, self.target_it
        for _ in range(200):
            scaled = base * np.where(moscow, m_moscow, 1.0) * np.where(it, m_it, 1.0)
            mean_all = scaled.sum() / persons.sum()
            ratio_moscow = scaled[moscow].sum() / persons[moscow].sum() / mean_all
            ratio_it = scaled[it].sum() / persons[it].sum() / mean_all
            if abs(ratio_moscow / self.target_moscow - 1) < 1e-13 and abs(ratio_it / self.target_it - 1) < 1e-13:
                break
            m_moscow *= self.target_moscow / ratio_moscow
            m_it *= self.target_it / ratio_it
        else:
            raise RuntimeError("income calibration of the Moscow and IT multipliers did not converge")
        group_multiplier = edu * np.where(moscow, m_moscow, 1.0) * np.where(it, m_it, 1.0)
        return group_multiplier, float(m_moscow), float(m_it), float(mean_all)

    def median(self, sigma: float, group_multiplier: np.ndarray) -> float:
        """Weighted median of multiplier x exp(sigma z) over the employed (the lowest value with half below)."""
        log_m = np.log(group_multiplier)
        half = 0.5 * self.persons.sum()

        def below(t: float) -> float:
            persons = 0.0
            for zs, cw, lm in zip(self.sorted_z, self.cum_weight, log_m, strict=True):
                k = int(np.searchsorted(zs, np.float32((t - lm) / sigma), side="right"))
                persons += (float(cw[k - 1]) if cw is not None else k * float(self.w)) if k else 0.0
            return persons

        ends = [(lm + sigma * float(zs[0]), lm + sigma * float(zs[-1]))
                for zs, lm in zip(self.sorted_z, log_m) if len(zs)]  # (small samples may leave a group empty)
        low, high = min(e[0] for e in ends) - 1.0, max(e[1] for e in ends) + 1.0
        for _ in range(200):  # bisection on the log wage; stops once the bracket is below float64 resolution
            mid = 0.5 * (low + high)
            if mid in (low, high):
                break
            low, high = (low, mid) if below(mid) >= half else (mid, high)
        return float(np.exp(high))


def _income(seed: int, w: Weights, employed: np.ndarray, it: np.ndarray, moscow: np.ndarray,
            higher_edu: np.ndarray) -> tuple[np.ndarray, dict]:
    """Monthly income, RUB (float32): employed wages match the mean, the median and the Moscow and IT wage ratios.

    The Moscow and IT multipliers are solved so that Moscow's and IT's mean wage over the national mean equal the
    evidence ratios: the published ratios already contain their richer composition (more graduates, more IT), so
    applying them on top of the education premium would count it twice. The ratios come from 2023 (IT) and 2024
    (Moscow) and are assumed to hold in 2022. The dispersion sigma is solved so that mean over median equals the
    evidence's (BAS_WAGE_06 over BAS_WAGE_05, both 2022); the scale then sets the mean. The non-employed (pensions,
    stipends, transfers) keep the same dispersion and the Moscow and education multipliers, scaled to their assumed
    ratio to the employed mean. Per-capita household income (BAS_INC_*) is a different concept (household income
    shared over members, children included) and is not targeted.
    """
    z = _stream(seed, "income").standard_normal(len(employed), dtype=np.float32)
    group = (higher_edu.astype(np.int8) + 2 * moscow + 4 * it).astype(np.int8)
    wages = _Wages(z, w, employed, group)
    mean_wage, median_wage = input_value("mean_wage_2022"), input_value("median_wage_2022")
    target_ratio = mean_wage / median_wage

    def ratio(sigma: float) -> float:
        group_multiplier, _, _, mean_all = wages.multipliers(sigma)
        return mean_all / wages.median(sigma, group_multiplier) - target_ratio

    low, high = 0.05, 2.0
    if ratio(low) > 0 or ratio(high) < 0:
        raise InputError(f"no income dispersion gives mean/median wage {target_ratio:.3f} (BAS_WAGE_06 over "
                         f"BAS_WAGE_05) with the Moscow and IT wage ratios and the graduate premium")
    sigma = brentq(ratio, low, high, xtol=1e-10, rtol=1e-12)
    group_multiplier, m_moscow, m_it, mean_all = wages.multipliers(sigma)
    employed_scale = mean_wage / mean_all
    # Income = scale x group multiplier x exp(sigma z); the non-employed get no IT multiplier (their group code
    # drops the IT bit) and their own scale.
    income = np.exp(np.float32(sigma) * z)
    del z
    no_it_group = group & 3
    income *= np.where(employed, (group_multiplier * employed_scale).astype(np.float32)[group],
                       group_multiplier.astype(np.float32)[no_it_group])
    not_employed = ~employed
    ne_mean = ordering.mean(income, w, not_employed)
    not_employed_scale = input_value("income_ratio_not_employed") * mean_wage / ne_mean
    income[not_employed] *= np.float32(not_employed_scale)
    solved = {"income_sigma_log": float(sigma), "income_multiplier_moscow": m_moscow, "income_multiplier_it": m_it,
              "income_scale_employed_rub_month": float(employed_scale),
              "income_scale_not_employed_rub_month": float(not_employed_scale)}
    return income, solved
