"""Tests for the building blocks of the synthesis: ``population.ordering`` (packed-key argsort, weighted ranks,
alignment) and ``population.wealth`` (the spliced lognormal-Pareto distribution and its solver).

Input: small random arrays with ties, equal and unequal weights; the evidence's wealth targets. Output: pass/fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from relokant.errors import InputError
from relokant.population import ordering, wealth

TARGETS = dict(median=3_700.0, mean=27_162.0, top10_share=0.83, top1_share=0.60, millionaire_share=408_000 / 111.8e6,
               millionaire=1e6)


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False, width=32), min_size=1, max_size=300))
@settings(max_examples=60, deadline=None)
def test_argsort_float32_equals_a_stable_argsort(values):
    x = np.array(values, dtype=np.float32)
    x[x == 0] = 0.0  # -0.0 and 0.0 compare equal in numpy but have different bits
    np.testing.assert_array_equal(ordering.argsort(x), np.argsort(x, kind="stable"))


def test_argsort_float64_sorts_to_about_eight_digits_and_handles_infinities():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(100_001)
    x[::5] = x[1]  # ties
    x[7], x[8] = np.inf, -np.inf
    order = ordering.argsort(x)
    assert sorted(order.tolist()) == list(range(len(x)))
    assert order[0] == 8 and order[-1] == 7
    step = np.diff(x[order][1:-1])
    assert (step >= -1e-7 * np.abs(x[order][1:-2]).max()).all()
    tied = order[x[order] == x[1]]
    assert (np.diff(tied) > 0).all()  # equal scores in record order
    with pytest.raises(TypeError):
        ordering.argsort(np.arange(3))


def test_weighted_midrank_shared_and_array_weights():
    rng = np.random.default_rng(1)
    x = rng.random(1_000).astype(np.float32)
    ranks = ordering.weighted_midrank(x, 1.0)
    np.testing.assert_allclose(np.sort(ranks), (np.arange(1_000) + 0.5) / 1_000)
    np.testing.assert_allclose(ordering.weighted_midrank(x, np.full(1_000, 3.0)), ranks)
    w = rng.random(1_000) + 0.1
    ranks = ordering.weighted_midrank(x, w)
    k = int(np.argmax(x))
    assert ranks[k] == pytest.approx(1 - 0.5 * w[k] / w.sum())


def test_select_lowest_takes_the_lowest_scores_closest_to_the_target():
    rng = np.random.default_rng(0)
    score, weight = rng.random(1_000), rng.random(1_000) + 0.5
    selected, threshold = ordering.select_lowest(score, weight, 300.0, "test")
    assert (score[selected] < threshold).all() and (score[~selected] > threshold).all()
    assert abs(weight[selected].sum() - 300.0) <= weight.max() / 2
    shared, _ = ordering.select_lowest(score, 2.0, 300.0, "test")
    assert shared.sum() == 150 and (score[shared].max() < score[~shared].min())
    with pytest.raises(InputError):
        ordering.select_lowest(score, weight, weight.sum() + 1, "test")
    with pytest.raises(InputError):
        ordering.select_lowest(score, weight, 0.0, "test")


def test_select_levels_are_nested_and_meet_each_total():
    rng = np.random.default_rng(2)
    score, weight = rng.standard_normal(5_000).astype(np.float32), rng.random(5_000) + 0.5
    total = weight.sum()
    targets = [0.5 * total, 0.2 * total, 0.05 * total]
    levels, thresholds = ordering.select_levels(score, weight, targets, "test")
    assert thresholds == sorted(thresholds, reverse=True)
    for j, target in enumerate(targets, start=1):
        assert abs(weight[levels >= j].sum() - target) <= weight.max()
        assert score[levels >= j].max() <= score[levels < j].min()
    with pytest.raises(InputError):
        ordering.select_levels(score, weight, [0.2 * total, 0.3 * total], "test")  # increasing


def test_select_lowest_by_group():
    rng = np.random.default_rng(3)
    score, group = rng.random(3_000).astype(np.float32), rng.integers(0, 3, 3_000).astype(np.int8)
    selected, thresholds = ordering.select_lowest_by_group(score, 1.0, group, {0: 100.0, 2: 50.0}, "test")
    assert selected[group == 0].sum() == 100 and selected[group == 2].sum() == 50 and not selected[group == 1].any()
    for code in (0, 2):
        inside = group == code
        assert score[inside & selected].max() < thresholds[code] < score[inside & ~selected].min()
    with pytest.raises(InputError):
        ordering.select_lowest_by_group(score, 1.0, group, {1: 5_000.0}, "test")


def test_mass_and_mean():
    values = np.array([1.0, 2.0, 3.0, 4.0], dtype=np.float32)
    mask = np.array([True, False, True, True])
    assert ordering.mass(2.0, mask) == 6.0
    assert ordering.mass(np.array([1.0, 5.0, 2.0, 3.0]), mask) == 6.0
    assert ordering.mean(values, 2.0, mask) == pytest.approx(8 / 3)
    assert ordering.mean(values, np.array([1.0, 5.0, 1.0, 2.0]), mask) == pytest.approx((1 + 3 + 8) / 4)


@pytest.fixture(scope="module")
def solved():
    return wealth.solve(**TARGETS)


def test_wealth_solution_meets_all_five_targets(solved):
    dist, info = solved
    assert dist.median() == pytest.approx(TARGETS["median"], rel=1e-9)
    assert dist.mean() == pytest.approx(TARGETS["mean"], rel=1e-9)
    assert dist.top_share(0.1) == pytest.approx(TARGETS["top10_share"], abs=1e-9)
    assert dist.top_share(0.01) == pytest.approx(TARGETS["top1_share"], abs=1e-9)
    assert dist.survival(1e6) == pytest.approx(TARGETS["millionaire_share"], rel=1e-9)
    assert info["max_residual"] < 1e-8 and info["density_jump_at_threshold"] > 1


def test_wealth_partial_is_the_integral_of_the_quantile(solved):
    dist, _ = solved
    for u in (0.3, 0.5, 0.9, 0.995):
        integral, _ = quad(lambda x: float(dist.quantile(x)), 0, u, limit=200, points=[1 - dist.tail_share])
        assert float(dist.partial(np.array(u))) == pytest.approx(integral, rel=1e-6)
    # The CDF implied by the quantile function: the survival at a quantile is one minus its rank.
    for u in (0.2, 0.6, 0.99, 0.9999):
        assert dist.survival(float(dist.quantile(u))) == pytest.approx(1 - u, rel=1e-9)


def test_interval_means_reproduce_the_mean_for_any_weights(solved):
    dist, _ = solved
    rng = np.random.default_rng(4)
    w = rng.random(20_001) * 5 + 0.1
    values = wealth.interval_means(dist, w, len(w)).astype(np.float64)
    assert (np.diff(values) >= 0).all()  # records in rank order get rising values
    assert np.dot(values, w) / w.sum() == pytest.approx(dist.mean(), rel=1e-6)
    equal = wealth.interval_means(dist, 1.0, 10_000).astype(np.float64)
    assert equal.mean() == pytest.approx(dist.mean(), rel=1e-6)
    assert np.median(equal) == pytest.approx(dist.median(), rel=1e-3)


def test_wealth_targets_outside_the_family_are_input_errors():
    with pytest.raises(InputError, match="top-1% share"):
        wealth.solve(**{**TARGETS, "top1_share": 0.8})
    with pytest.raises(InputError):
        wealth.solve(**{**TARGETS, "mean": 3_000.0})  # a mean below the median
    # Too thin a tail (0.1% of adults) cannot meet the four targets together.
    assert wealth.solve_with_tail(3_700.0, 27_162.0, 0.83, 408_000 / 111.8e6, 0.001, 1e6) is None
