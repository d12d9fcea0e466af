"""Tests for relokant.population: every marginal within tolerance, references, determinism, joint structure, schema,
and the full-scale code path.

Input: populations synthesized at 200,000 records (seed 7, the size the issue names), a few small ones, and a 1%
self-weighting proportional sample that runs the full-scale code path (one shared weight); the raw UN WPP table
from starsim-data. Output: pass/fail. The real full-scale run (100 million records) is left to
benchmarks/population_speed.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from relokant.errors import InputError
from relokant.evidence import sourced
from relokant.policy.person import B1, C1, CEFR
from relokant.population import (AGE_MAX, AGE_MIN, CHILDREN_MAX, ENTREPRENEUR, INPUTS, LANGUAGE_LEVELS, MARGINALS,
                                 OCCUPATIONS, REGIONS, SCHEMA, Population, describe, synthesize,
                                 synthesize_full_scale)
from relokant.population.demography import AGES, adults_2022
from relokant.population.marginals import (LEVEL_TOLERANCE, SHARE_TOLERANCE, input_value, liquid_share, resolve,
                                           top_share, weighted_quantile)
from relokant.population.synthesis import _Cells, _build, _round_persons, _stream, cell_table

N = 200_000
BIG_CITY = (REGIONS.index("moscow"), REGIONS.index("st_petersburg"))


@pytest.fixture(scope="module")
def pop() -> Population:
    return synthesize(N, seed=7)


@pytest.fixture(scope="module")
def table(pop) -> pd.DataFrame:
    return describe(pop).set_index("name")


@pytest.fixture(scope="module")
def full_scale_sample() -> Population:
    return synthesize_full_scale(7, fraction=0.01)


def _assert_within(row, name):
    if row.kind == "share":
        assert abs(row.synthetic - row.target) <= SHARE_TOLERANCE, (name, row.target, row.synthetic)
    else:
        assert abs(row.synthetic / row.target - 1.0) <= LEVEL_TOLERANCE, (name, row.target, row.synthetic)
    assert row.within, name


@pytest.mark.parametrize("name", [marginal.name for marginal in MARGINALS])
def test_every_marginal_within_tolerance_at_200k(table, name):
    _assert_within(table.loc[name], name)


def test_every_marginal_within_tolerance_on_the_full_scale_path(full_scale_sample):
    frame = describe(full_scale_sample).set_index("name")
    for name, row in frame.iterrows():
        _assert_within(row, name)


def test_describe_rows_and_refs(table):
    assert list(table.index) == [marginal.name for marginal in MARGINALS]
    for name, row in table.iterrows():
        assert row.refs.split(), name
        for ref in row.refs.split():
            resolve(ref)  # raises InputError if the id is gone
        assert row.kind in ("share", "level") and row.fit in ("exact", "solved")
        assert row.difference_unit == ("pp" if row.kind == "share" else "%")
    assert table[["target", "synthetic", "difference"]].notna().all().all()
    # Every new attribute has rows.
    for prefix in ("english_share_", "german_share_", "entrepreneur_", "partner_", "children_", "wealth_share_top_"):
        assert any(name.startswith(prefix) for name in table.index), prefix
    with pytest.raises(InputError):
        resolve("ev:no_such_figure")


def test_describe_flags_a_row_outside_tolerance(pop):
    shifted = Population(**{a.name: getattr(pop, a.name) for a in SCHEMA}, provenance=pop.provenance)
    shifted.passport = pop.passport.copy()
    flip = np.flatnonzero(~pop.passport)[: len(pop) // 20]  # about 5% of records gain a passport
    shifted.passport[flip] = True
    row = describe(shifted).set_index("name").loc["passport_share"]
    assert not row.within and row.difference > 0.5


def test_every_declared_input_resolves_with_its_declared_unit():
    for item in INPUTS:
        assert sourced(item.ref).unit == item.source_unit, item.key
        assert np.isfinite(input_value(item.key)), item.key


def test_targets_come_from_the_evidence(table):
    assert table.loc["employed", "target"] == pytest.approx(72.3e6)
    assert table.loc["it_employed", "target"] == pytest.approx(740_000)
    assert table.loc["region_share_moscow", "target"] == pytest.approx(13 / 147)
    assert table.loc["usd_millionaire_share", "target"] == pytest.approx(408_000 / 111.8e6)
    assert table.loc["median_wage_employed", "target"] == 40_300
    assert table.loc["mean_wealth", "target"] == 27_162
    assert table.loc["wealth_share_top_10pct", "target"] == pytest.approx(0.83)
    assert table.loc["wealth_share_top_1pct", "target"] == pytest.approx(0.60)
    assert table.loc["mean_liquid_wealth", "target"] == pytest.approx(10_570 / 27_400 * 27_162)
    assert table.loc["english_share_a1_plus", "target"] == pytest.approx(0.38)
    assert table.loc["english_share_b1_plus", "target"] == pytest.approx(0.11)
    assert table.loc["english_share_c1_plus", "target"] == pytest.approx(0.05)
    assert table.loc["german_share_b1_plus", "target"] == pytest.approx(0.02)
    assert table.loc["german_share_c1_plus", "target"] == pytest.approx(0.01)
    assert table.loc["partner_share", "target"] == pytest.approx(0.51 + input_value("cohabiting_share"))


def test_same_seed_same_population_other_seed_other_draws(pop):
    again = synthesize(N, seed=7)
    for attribute in SCHEMA:
        np.testing.assert_array_equal(getattr(pop, attribute.name), getattr(again, attribute.name))
    assert again.provenance == pop.provenance
    other = synthesize(N, seed=8)
    np.testing.assert_array_equal(pop.weight, other.weight)  # the allocation depends on sample_size only
    for name in ("occupation", "income_rub_month", "wealth_usd", "passport", "english_level", "german_level",
                 "entrepreneur", "partner", "children"):
        assert not np.array_equal(getattr(pop, name), getattr(other, name)), name


def test_streams_are_keyed_on_seed_and_name():
    a = _stream(7, "english").random(5)
    np.testing.assert_array_equal(a, _stream(7, "english").random(5))
    assert not np.array_equal(a, _stream(7, "german").random(5))
    assert not np.array_equal(a, _stream(8, "english").random(5))


def test_age_bands_unbiased_by_oversampling(pop):
    adults = adults_2022().sum(axis=1)
    records_young = ((pop.age >= 20) & (pop.age <= 44)).mean()
    weighted_young = pop.weight[(pop.age >= 20) & (pop.age <= 44)].sum() / pop.total()
    assert records_young > weighted_young + 0.1  # the design oversamples ...
    for low, high in ((18, 24), (25, 34), (35, 44), (45, 54), (55, 69)):
        wpp = adults[(AGES >= low) & (AGES <= high)].sum() / adults.sum()
        synthetic = pop.weight[(pop.age >= low) & (pop.age <= high)].sum() / pop.total()
        assert abs(synthetic - wpp) < 1e-9, (low, high)  # ... and the weights undo it


def test_wpp_total_is_the_aged_2020_population():
    import starsim_data as sd

    # Independent of the demography code: 2020 single ages 16..68 (even split of 5-year groups) lose only deaths
    # (well under 3% in 1.5 years) on the way to January 2022.
    raw = sd.load("RU", which="population")
    raw = raw[raw["Time"] == 2020].groupby("AgeGrp")["Value"].sum()
    aged_from = sum(raw[(age // 5) * 5] / 5 for age in range(AGE_MIN - 2, AGE_MAX))
    assert 0.97 * aged_from < adults_2022().sum() < aged_from
    assert 95e6 < adults_2022().sum() < 110e6


def test_cell_table_meets_its_margins_and_keeps_the_assumed_odds_ratio():
    table, solved = cell_table()
    assert solved["cell_raking"]["max_rel_error"] < 1e-10
    np.testing.assert_allclose(table.sum(axis=(2, 3)), adults_2022(), rtol=1e-9)
    np.testing.assert_allclose(table[:, :, 0].sum() / table.sum(), 13 / 147, rtol=1e-9)
    by_age = table.sum(axis=(1, 2))
    band = (AGES >= 25) & (AGES <= 34)
    assert by_age[band, 1].sum() / by_age[band].sum() == pytest.approx(input_value("higher_edu_25_34"))
    # Within every age and sex, the odds of a degree in Moscow against the rest of Russia are the assumption.
    odds = table[..., 1] / table[..., 0]
    np.testing.assert_allclose(odds[:, :, 0] / odds[:, :, 3], input_value("higher_edu_odds_big_city"), rtol=1e-9)


def test_full_scale_rounding_gives_whole_persons_summing_to_wpp():
    table, _ = cell_table()
    persons = table.ravel()
    records = _round_persons(persons)
    assert records.sum() == round(persons.sum())
    assert np.abs(records - persons).max() < 1.0
    # One record per person at 41 bytes: the real full-scale columns take about 4.1 GB.
    assert sum(np.dtype(a.dtype).itemsize for a in SCHEMA) == 41
    assert 4.0e9 < records.sum() * 41 < 4.2e9


def test_full_scale_path_records_and_weights(full_scale_sample):
    pop = full_scale_sample
    assert (pop.weight == 100.0).all()
    assert pop.provenance["mode"] == "full_scale_fraction" and pop.provenance["fraction"] == 0.01
    assert abs(pop.total() - adults_2022().sum()) < 832 * 100  # within one record per cell
    # Unweighted proportions equal weighted ones: a self-weighting sample.
    assert pop.higher_edu.mean() == pytest.approx(np.average(pop.higher_edu, weights=pop.weight))
    with pytest.raises(InputError):
        synthesize_full_scale(1, fraction=0.0)
    with pytest.raises(InputError):
        synthesize_full_scale(1, fraction=1.5)


def test_shared_weight_and_weight_array_give_the_same_population():
    # The full-scale path never gathers a weight array (one shared weight); it must agree with the array path.
    table, solved = cell_table()
    records = _round_persons(table.ravel() * 0.002)
    cells = _Cells(table.shape)
    cell = np.repeat(np.arange(len(records), dtype=np.int16), records)
    design = {"mode": "test", "sample_size": int(records.sum())}
    shared = _build(cells, cell, 500.0, None, 3, {**design, "cells_solved": solved})
    array = _build(cells, cell, np.full(len(cell), 500.0), np.full(len(cell), 500.0), 3,
                   {**design, "cells_solved": solved})
    np.testing.assert_allclose(shared.income_rub_month, array.income_rub_month, rtol=1e-5)
    np.testing.assert_allclose(shared.wealth_usd, array.wealth_usd, rtol=1e-4)
    for name in ("occupation", "passport", "english_level", "german_level", "entrepreneur", "partner", "children"):
        differ = np.count_nonzero(getattr(shared, name) != getattr(array, name))
        assert differ <= len(cell) // 10_000, (name, differ)  # at most a tie or two at a threshold


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
    with pytest.raises(InputError):
        synthesize_full_scale(seed=-2, fraction=0.01)


def test_ranges_dtypes_and_no_missing_values(pop):
    assert pop.age.min() == AGE_MIN and pop.age.max() == AGE_MAX
    np.testing.assert_array_equal(pop.person_id, np.arange(len(pop)))
    assert set(np.unique(pop.region)) == set(range(len(REGIONS)))
    assert set(np.unique(pop.occupation)) == set(range(len(OCCUPATIONS)))
    assert set(np.unique(pop.english_level)) == set(range(len(LANGUAGE_LEVELS)))
    assert set(np.unique(pop.german_level)) == set(range(len(LANGUAGE_LEVELS)))
    assert set(np.unique(pop.entrepreneur)) == set(range(len(ENTREPRENEUR)))
    assert set(np.unique(pop.children)) == set(range(CHILDREN_MAX + 1))
    assert LANGUAGE_LEVELS == CEFR  # the rules' coding
    for name in ("weight", "income_rub_month", "wealth_usd", "liquid_wealth_usd"):
        column = getattr(pop, name)
        assert np.isfinite(column).all() and (column > 0).all(), name
    frame = pop.to_frame()
    assert not frame.isna().any().any()
    assert list(frame["region"].cat.categories) == list(REGIONS)
    assert list(frame["entrepreneur"].cat.categories) == list(ENTREPRENEUR)
    assert frame["english_level"].dtype == np.int8
    assert frame.attrs["synthetic"] and Population.SYNTHETIC and pop.provenance["synthetic"]
    for attribute in SCHEMA:
        assert getattr(pop, attribute.name).dtype == np.dtype(attribute.dtype), attribute.name


def test_derived_attributes(pop):
    np.testing.assert_array_equal(pop.draft_exposed, pop.male & (pop.age <= input_value("draft_exposed_age_max")))
    np.testing.assert_allclose(pop.liquid_wealth_usd, pop.wealth_usd * np.float32(liquid_share()), rtol=1e-6)
    deciles = np.bincount(pop.income_decile, weights=pop.weight, minlength=11)[1:] / pop.total()
    np.testing.assert_allclose(deciles, 0.1, atol=0.002)
    # Decile 10 holds the highest incomes.
    assert pop.income_rub_month[pop.income_decile == 10].min() >= pop.income_rub_month[pop.income_decile == 9].max()


def _share(pop, flag, group):
    return pop.weight[flag & group].sum() / pop.weight[group].sum()


def test_attributes_lean_the_way_the_assumptions_say(pop):
    big_city = np.isin(pop.region, BIG_CITY)
    assert _share(pop, pop.higher_edu, big_city) > _share(pop, pop.higher_edu, ~big_city)
    assert _share(pop, pop.passport, pop.higher_edu) > _share(pop, pop.passport, ~pop.higher_edu)
    it = pop.occupation == OCCUPATIONS.index("it")
    assert _share(pop, pop.male, it) > _share(pop, pop.male, ~it)
    # Copula: wealth ranks follow income ranks, imperfectly (rho = 0.5 gives a rank correlation near 0.48).
    rank_corr = pd.Series(pop.income_rub_month).corr(pd.Series(pop.wealth_usd), method="spearman")
    assert 0.35 < rank_corr < 0.6


def test_languages_joint_structure(pop):
    b1_english = pop.english_level >= B1
    # Graduates, the young, big-city residents and IT workers speak more English.
    assert _share(pop, b1_english, pop.higher_edu) > 2 * _share(pop, b1_english, ~pop.higher_edu)
    young = pop.age <= 34
    assert _share(pop, b1_english, young) > _share(pop, b1_english, ~young)
    it = pop.occupation == OCCUPATIONS.index("it")
    assert _share(pop, b1_english, it) > _share(pop, b1_english, pop.higher_edu & ~it)
    assert _share(pop, pop.german_level >= B1, pop.higher_edu) > _share(pop, pop.german_level >= B1, ~pop.higher_edu)
    # Ordinal: each level's speakers are a subset of the level below; C1+ is a smaller group than B1+.
    assert _share(pop, pop.english_level >= C1, pop.higher_edu) < _share(pop, b1_english, pop.higher_edu)
    # The odds of B1+ are about proportional across groups: far from the 11% national share among graduates.
    assert _share(pop, b1_english, pop.higher_edu) > 0.2


def test_entrepreneurs_joint_structure(pop):
    employed = pop.occupation != OCCUPATIONS.index("not_employed")
    owner = pop.entrepreneur == ENTREPRENEUR.index("business_owner")
    self_employed = pop.entrepreneur == ENTREPRENEUR.index("self_employed")
    assert not (owner & ~employed).any() and not (self_employed & ~employed).any()
    assert _share(pop, pop.male, owner) > _share(pop, pop.male, employed & ~owner)
    top = pop.wealth_usd >= weighted_quantile(pop.wealth_usd, pop.weight, 0.9)
    assert _share(pop, owner, top & employed) > 1.5 * _share(pop, owner, ~top & employed)
    big_city = np.isin(pop.region, BIG_CITY)
    assert _share(pop, self_employed, big_city & employed) > _share(pop, self_employed, ~big_city & employed)


def test_partner_and_children_joint_structure(pop):
    def band(low, high):
        return (pop.age >= low) & (pop.age <= high)

    assert _share(pop, pop.partner, band(35, 54)) > _share(pop, pop.partner, band(25, 34)) > _share(
        pop, pop.partner, band(18, 24))
    old = band(55, 69)
    assert _share(pop, pop.partner, old & pop.male) > _share(pop, pop.partner, old & ~pop.male) + 0.1
    parent = pop.children > 0
    for low, high in ((25, 34), (35, 44)):
        for male in (True, False):
            group = band(low, high) & (pop.male == male)
            assert _share(pop, parent, group & pop.partner) > _share(pop, parent, group & ~pop.partner), (low, male)
    # Counts: 1, 2 and "3 or more" among parents in the assumed proportions.
    counts = np.bincount(pop.children, weights=pop.weight, minlength=4)
    assert counts[3] / counts[1:].sum() == pytest.approx(input_value("children_three_plus"), abs=0.002)


def test_wealth_tail(pop):
    # The heavy tail: the mean is several times the median, and the richest records are far above a million.
    assert _mean(pop.wealth_usd, pop.weight) > 5 * weighted_quantile(pop.wealth_usd, pop.weight, 0.5)
    assert pop.wealth_usd.max() > 1e7
    assert top_share(pop.wealth_usd, pop.weight, 0.01) == pytest.approx(input_value("wealth_top1_share"), abs=1e-3)
    solved = pop.provenance["solved"]["wealth"]
    assert 1.0 < solved["alpha"] < 3.0 and 0.0 < solved["tail_share"] < 0.05


def _mean(values, weight):
    return float(np.dot(values.astype(np.float64), weight) / weight.sum())


def test_income_dispersion_is_solved_not_assumed(pop):
    employed = pop.occupation != OCCUPATIONS.index("not_employed")
    mean = _mean(pop.income_rub_month[employed], pop.weight[employed])
    median = weighted_quantile(pop.income_rub_month[employed], pop.weight[employed], 0.5)
    assert mean / median == pytest.approx(65_300 / 40_300, rel=1e-3)
    assert 0.5 < pop.provenance["solved"]["income_sigma_log"] < 1.2


def test_weighted_quantile_median():
    values = np.array([1.0, 2.0, 3.0])
    assert weighted_quantile(values, np.ones(3), 0.5) == pytest.approx(2.0)
    assert 2.5 < weighted_quantile(values, np.array([1.0, 1.0, 10.0]), 0.5) <= 3.0


def test_top_share():
    values = np.array([1.0, 1.0, 1.0, 7.0])
    assert top_share(values, np.ones(4), 0.25) == pytest.approx(0.7)
    assert top_share(values, np.ones(4), 0.125) == pytest.approx(0.35)  # half of the top record


def test_weighted_statistics_match_their_plain_definitions():
    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 40):
        values, weight = rng.random(n) * 10, rng.random(n) + 0.1
        order = np.argsort(values)
        cum = np.cumsum(weight[order])
        mid = (cum - 0.5 * weight[order]) / cum[-1]
        for q in (0.01, 0.5, 0.9):
            assert weighted_quantile(values, weight, q) == pytest.approx(np.interp(q, mid, values[order]))
        desc = order[::-1]
        cum_desc = np.cumsum(weight[desc])
        for top in (0.01, 0.1, 0.5):
            inside = np.clip(top * cum_desc[-1] - (cum_desc - weight[desc]), 0.0, weight[desc])
            expected = (inside * values[desc]).sum() / (weight * values).sum()
            assert top_share(values, weight, top) == pytest.approx(expected)


def test_population_rejects_wrong_dtype(pop):
    columns = {attribute.name: getattr(pop, attribute.name) for attribute in SCHEMA}
    columns["age"] = columns["age"].astype(np.int64)
    with pytest.raises(TypeError):
        Population(**columns)
