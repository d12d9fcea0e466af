"""Tests for relokant.population: totals, declared references, determinism, targets, coverage and schema.

Input: populations synthesized at small sizes (200,000 records at most) and the raw UN WPP table from starsim-data.
Output: pass/fail.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from relokant.errors import InputError
from relokant.evidence import sourced
from relokant.population import (AGE_MAX, AGE_MIN, INPUTS, MARGINALS, OCCUPATIONS, REGIONS, SCHEMA, Population,
                                 describe, synthesize)
from relokant.population.demography import AGES, adults_2022
from relokant.population.marginals import input_value, resolve, weighted_quantile
from relokant.population.synthesis import _align

N = 200_000


@pytest.fixture(scope="module")
def pop() -> Population:
    return synthesize(N, seed=7)


@pytest.fixture(scope="module")
def table(pop) -> pd.DataFrame:
    return describe(pop).set_index("name")


def test_weights_sum_to_wpp_adults(pop):
    assert pop.total() == pytest.approx(float(adults_2022().sum()), rel=1e-9)
    assert (pop.weight > 0).all()


def test_wpp_total_is_the_aged_2020_population():
    import starsim_data as sd

    # Independent of the demography code: 2020 single ages 16..68 (even split of 5-year groups) lose only deaths
    # (well under 3% in 1.5 years) on the way to January 2022.
    raw = sd.load("RU", which="population")
    raw = raw[raw["Time"] == 2020].groupby("AgeGrp")["Value"].sum()
    aged_from = sum(raw[(age // 5) * 5] / 5 for age in range(AGE_MIN - 2, AGE_MAX))
    assert 0.97 * aged_from < adults_2022().sum() < aged_from
    assert 95e6 < adults_2022().sum() < 110e6


def test_every_declared_ref_resolves_with_its_declared_unit():
    for item in INPUTS:
        assert sourced(item.ref).unit == item.source_unit, item.key
        assert np.isfinite(input_value(item.key)), item.key
    for marginal in MARGINALS:
        assert marginal.refs, marginal.name
        for ref in marginal.refs:
            resolve(ref)  # raises InputError if the id is gone
    with pytest.raises(InputError):
        resolve("ev:no_such_figure")


def test_same_seed_same_population_other_seed_other_draws(pop):
    again = synthesize(N, seed=7)
    for attribute in SCHEMA:
        np.testing.assert_array_equal(getattr(pop, attribute.name), getattr(again, attribute.name))
    assert again.provenance == pop.provenance
    other = synthesize(N, seed=8)
    np.testing.assert_array_equal(pop.weight, other.weight)  # the allocation depends on sample_size only
    for name in ("occupation", "income_rub_month", "wealth_usd", "passport"):
        assert not np.array_equal(getattr(pop, name), getattr(other, name)), name


@pytest.mark.parametrize("name", ["region_share_moscow", "region_share_st_petersburg", "region_share_large_city",
                                  "region_share_rest", "higher_edu_share_25_34", "higher_edu_share_25_64",
                                  "passport_share", "usd_millionaire_share"])
def test_share_targets_within_half_a_point(table, name):
    row = table.loc[name]
    assert abs(row.synthetic - row.target) < 0.005
    assert row.fit == "exact"


@pytest.mark.parametrize("name", ["adults_18_69", "employed", "it_employed", "usd_millionaire_share",
                                  "mean_wage_employed", "median_wealth", "wage_ratio_moscow", "wage_ratio_it"])
def test_level_targets_within_one_percent(table, name):
    row = table.loc[name]
    assert row.synthetic == pytest.approx(row.target, rel=0.01)


def test_describe_has_every_marginal_and_reports_the_untargeted_ones(table):
    assert list(table.index) == [marginal.name for marginal in MARGINALS]
    assert {"mean_wealth", "wealth_share_top_10pct", "median_wage_employed"} <= set(
        table.index[table["fit"] == "reported"])
    assert table[["target", "synthetic"]].notna().all().all()


def test_targets_come_from_the_evidence(table):
    assert table.loc["employed", "target"] == pytest.approx(72.3e6)
    assert table.loc["it_employed", "target"] == pytest.approx(740_000)
    assert table.loc["region_share_moscow", "target"] == pytest.approx(13 / 147)
    assert table.loc["usd_millionaire_share", "target"] == pytest.approx(408_000 / 111.8e6)


def test_age_bands_unbiased_by_oversampling(pop):
    adults = adults_2022().sum(axis=1)
    records_young = ((pop.age >= 20) & (pop.age <= 44)).mean()
    weighted_young = pop.weight[(pop.age >= 20) & (pop.age <= 44)].sum() / pop.total()
    assert records_young > weighted_young + 0.1  # the design oversamples ...
    for low, high in ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69)):
        wpp = adults[(AGES >= low) & (AGES <= high)].sum() / adults.sum()
        synthetic = pop.weight[(pop.age >= low) & (pop.age <= high)].sum() / pop.total()
        assert abs(synthetic - wpp) < 0.005, (low, high)  # ... and the weights undo it
    male_wpp = adults_2022()[:, 1].sum() / adults.sum()
    assert pop.weight[pop.male].sum() / pop.total() == pytest.approx(male_wpp, abs=0.005)


@pytest.mark.parametrize("sample_size", [832, 1_000])
def test_every_cell_has_a_record(sample_size):
    small = synthesize(sample_size, seed=1)
    assert len(small) == sample_size
    cells = pd.MultiIndex.from_arrays([small.age, small.male, small.region, small.higher_edu]).unique()
    assert len(cells) == (AGE_MAX - AGE_MIN + 1) * 2 * len(REGIONS) * 2
    assert small.total() == pytest.approx(float(adults_2022().sum()), rel=1e-9)


def test_too_small_or_bad_arguments_are_input_errors():
    with pytest.raises(InputError):
        synthesize(831, seed=1)
    with pytest.raises(InputError):
        synthesize(10_000, seed=-1)
    with pytest.raises(InputError):
        synthesize(10_000.0, seed=1)


def test_ranges_and_no_missing_values(pop):
    assert pop.age.min() == AGE_MIN and pop.age.max() == AGE_MAX
    np.testing.assert_array_equal(pop.person_id, np.arange(len(pop)))
    assert set(np.unique(pop.region)) == set(range(len(REGIONS)))
    assert set(np.unique(pop.occupation)) == set(range(len(OCCUPATIONS)))
    for name in ("weight", "income_rub_month", "wealth_usd", "liquid_wealth_usd"):
        column = getattr(pop, name)
        assert np.isfinite(column).all() and (column > 0).all(), name
    frame = pop.to_frame()
    assert not frame.isna().any().any()
    assert list(frame["region"].cat.categories) == list(REGIONS)
    assert frame.attrs["synthetic"] and Population.SYNTHETIC and pop.provenance["synthetic"]


def test_derived_attributes(pop):
    np.testing.assert_array_equal(pop.draft_exposed, pop.male & (pop.age <= input_value("draft_exposed_age_max")))
    ratio = input_value("financial_assets_per_adult") / input_value("wealth_mean_2019")
    np.testing.assert_allclose(pop.liquid_wealth_usd, pop.wealth_usd * ratio)
    deciles = np.bincount(pop.income_decile, weights=pop.weight, minlength=11)[1:] / pop.total()
    np.testing.assert_allclose(deciles, 0.1, atol=0.002)
    # Decile 10 holds the highest incomes.
    assert pop.income_rub_month[pop.income_decile == 10].min() >= pop.income_rub_month[pop.income_decile == 9].max()


def test_attributes_lean_the_way_the_assumptions_say(pop):
    def share(flag, group):
        return pop.weight[flag & group].sum() / pop.weight[group].sum()

    big_city = np.isin(pop.region, (REGIONS.index("moscow"), REGIONS.index("st_petersburg")))
    assert share(pop.higher_edu, big_city) > share(pop.higher_edu, ~big_city)
    assert share(pop.passport, pop.higher_edu) > share(pop.passport, ~pop.higher_edu)
    it = pop.occupation == OCCUPATIONS.index("it")
    assert share(pop.male, it) > share(pop.male, ~it)
    # Copula: wealth ranks follow income ranks, imperfectly (rho = 0.5 gives a rank correlation near 0.48).
    rank_corr = pd.Series(pop.income_rub_month).corr(pd.Series(pop.wealth_usd), method="spearman")
    assert 0.35 < rank_corr < 0.6


def test_align_selects_the_lowest_scores_closest_to_the_target():
    rng = np.random.default_rng(0)
    score, weight = rng.random(1_000), rng.random(1_000) + 0.5
    selected, threshold = _align(score, weight, 300.0, "test")
    assert (score[selected] < threshold).all() and (score[~selected] > threshold).all()
    assert abs(weight[selected].sum() - 300.0) <= weight.max() / 2
    with pytest.raises(InputError):
        _align(score, weight, weight.sum() + 1, "test")


def test_weighted_quantile_median():
    values = np.array([1.0, 2.0, 3.0])
    assert weighted_quantile(values, np.ones(3), 0.5) == pytest.approx(2.0)
    assert 2.5 < weighted_quantile(values, np.array([1.0, 1.0, 10.0]), 0.5) <= 3.0


def test_population_rejects_wrong_dtype(pop):
    columns = {attribute.name: getattr(pop, attribute.name) for attribute in SCHEMA}
    columns["age"] = columns["age"].astype(np.int64)
    with pytest.raises(TypeError):
        Population(**columns)
