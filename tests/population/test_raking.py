"""Tests for relokant.population.raking: agreement with ipfn, exact margins, bounds, order invariance, errors.

Input: small hand-made and hypothesis-generated raking problems (feasible by construction: targets are the weighted
counts of a hidden "true" weighting). Output: pass/fail.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ipfn.ipfn import ipfn

from relokant.errors import InputError
from relokant.population.raking import Margin, kish_design_effect, rake, rake_table


def _survey(n: int = 2_000, seed: int = 1):
    rng = np.random.default_rng(seed)
    age = rng.integers(0, 4, n)
    sex = rng.integers(0, 2, n)
    country = rng.choice(5, n, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    true_weight = rng.lognormal(0.0, 0.5, n) * (1 + age) * (1 + 2 * (country == 4))
    return age, sex, country, true_weight


def _margin(name, codes, weight, k):
    return Margin(name, codes, np.bincount(codes, weights=weight, minlength=k))


def test_rake_table_agrees_with_ipfn():
    rng = np.random.default_rng(3)
    seed = rng.uniform(0.5, 2.0, (6, 2, 4))
    truth = rng.uniform(0.5, 2.0, (6, 2, 4)) * 1000
    margins = {(0, 1): truth.sum(axis=2), (2,): truth.sum(axis=(0, 1)), (0, 2): truth.sum(axis=1)}
    ours = rake_table(seed, margins, tol=1e-13)
    reference = ipfn(seed.copy(), [margins[(0, 1)], margins[(2,)], margins[(0, 2)]], [[0, 1], [2], [0, 2]],
                     convergence_rate=1e-14, max_iteration=5000, rate_tolerance=0.0).iteration()
    assert ours.converged
    np.testing.assert_allclose(ours.table, reference, rtol=1e-8)
    np.testing.assert_allclose(ours.table.sum(axis=2), margins[(0, 1)], rtol=1e-10)


def test_rake_table_keeps_structural_zeros():
    seed = np.array([[1.0, 0.0], [1.0, 1.0]])
    result = rake_table(seed, {(0,): np.array([10.0, 20.0]), (1,): np.array([18.0, 12.0])})
    assert result.table[0, 1] == 0.0
    np.testing.assert_allclose(result.table, [[10.0, 0.0], [8.0, 12.0]])


def test_rake_reproduces_every_margin_and_reports_diagnostics():
    age, sex, country, truth = _survey()
    margins = [_margin("age", age, truth, 4), _margin("sex", sex, truth, 2), _margin("country", country, truth, 5)]
    result = rake(np.ones(len(age)), margins)
    assert result.converged and result.max_rel_error <= 1e-10
    for margin in margins:
        np.testing.assert_allclose(np.bincount(margin.codes, weights=result.weight, minlength=len(margin.targets)),
                                   margin.targets, rtol=1e-9)
    assert result.design_effect > 1.0
    assert result.effective_sample_size == pytest.approx(len(age) / result.design_effect)
    assert result.history[-1] <= 1e-10 < result.history[0]


def test_weights_already_calibrated_are_left_alone():
    age, sex, country, truth = _survey()
    margins = [_margin("age", age, truth, 4), _margin("sex", sex, truth, 2)]
    # Margins computed from a weighting that already satisfies them: raking has nothing to change.
    result = rake(truth, margins)
    np.testing.assert_allclose(result.weight, truth, rtol=1e-12)
    assert result.iterations == 1


def test_result_does_not_depend_on_margin_order():
    age, sex, country, truth = _survey()
    margins = [_margin("age", age, truth, 4), _margin("sex", sex, truth, 2), _margin("country", country, truth, 5)]
    forward = rake(np.ones(len(age)), margins, tol=1e-13)
    backward = rake(np.ones(len(age)), margins[::-1], tol=1e-13)
    np.testing.assert_allclose(forward.weight, backward.weight, rtol=1e-7)


def test_bounds_hold_and_margins_still_match_when_feasible():
    age, sex, country, truth = _survey()
    margins = [_margin("age", age, truth, 4), _margin("country", country, truth, 5)]
    design = np.full(len(age), truth.sum() / len(age))
    free = rake(design, margins)
    low, high = 0.3, 0.9 * free.adjustment_range[1]
    bounded = rake(design, margins, bounds=(low, high), tol=1e-8, max_iter=5000)
    ratio = bounded.weight / design
    assert ratio.min() >= low * (1 - 1e-12) and ratio.max() <= high * (1 + 1e-12)
    assert bounded.max_rel_error <= 1e-8
    assert bounded.design_effect < free.design_effect


def test_bounds_too_tight_is_a_clear_error():
    age, sex, country, truth = _survey()
    margins = [_margin("country", country, truth, 5)]
    with pytest.raises(InputError, match=r"did not converge within weight bounds .* margin 'country' category"):
        rake(np.ones(len(age)), margins, bounds=(0.9, 1.1), max_iter=200)
    lenient = rake(np.ones(len(age)), margins, bounds=(0.9, 1.1), max_iter=200, strict=False)
    assert not lenient.converged and lenient.max_rel_error > 0.01


def test_inconsistent_totals_name_both_margins():
    codes = np.array([0, 1, 0, 1])
    with pytest.raises(InputError, match=r"margins 'sex' and 'age' have different totals"):
        rake(np.ones(4), [Margin("sex", codes, np.array([2.0, 2.0])), Margin("age", codes, np.array([2.0, 3.0]))])


def test_impossible_cell_is_named():
    codes = np.array([0, 0, 2, 2])
    with pytest.raises(InputError, match=r"margin 'country' category 'AM': target 5 but no records"):
        rake(np.ones(4), [Margin("country", codes, np.array([5.0, 5.0, 5.0]), ("GE", "AM", "TR"))])


@pytest.mark.parametrize("weights, margin, message", [
    (np.array([1.0, 0.0]), Margin("m", np.array([0, 1]), np.array([1.0, 1.0])), "design weights must be positive"),
    (np.ones(2), Margin("m", np.array([0, 2]), np.array([1.0, 1.0])), "category code 2 outside 0..1"),
    (np.ones(2), Margin("m", np.array([0, 1]), np.array([1.0, -1.0])), "must be finite and non-negative"),
    (np.ones(2), Margin("m", np.array([0.0, 1.0]), np.array([1.0, 1.0])), "codes must be integers"),
    (np.ones(3), Margin("m", np.array([0, 1]), np.array([1.0, 1.0])), "2 codes for 3 records"),
    (np.ones(2), Margin("m", np.array([0, 1]), np.array([0.0, 0.0])), "targets sum to zero"),
])
def test_bad_input_is_one_line(weights, margin, message):
    with pytest.raises(InputError, match=message) as caught:
        rake(weights, [margin])
    assert "\n" not in str(caught.value)


def test_shares_must_sum_to_one():
    with pytest.raises(InputError, match="shares sum to 0.9"):
        Margin.from_shares("sex", np.array([0, 1]), [0.5, 0.4], total=100.0)
    margin = Margin.from_shares("sex", np.array([0, 1]), [0.55, 0.45], total=100.0)
    np.testing.assert_allclose(margin.targets, [55.0, 45.0])


def test_kish_design_effect():
    assert kish_design_effect(np.ones(10)) == pytest.approx(1.0)
    assert kish_design_effect(np.array([1.0, 3.0])) == pytest.approx(2 * 10 / 16)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(20, 300), k1=st.integers(1, 5), k2=st.integers(1, 4), seed=st.integers(0, 10_000))
def test_feasible_problems_converge_to_their_margins(n, k1, k2, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, k1, n), rng.integers(0, k2, n)
    truth = rng.uniform(0.2, 5.0, n)
    margins = [_margin("a", a, truth, k1), _margin("b", b, truth, k2)]
    result = rake(rng.uniform(0.5, 2.0, n), margins, tol=1e-9, max_iter=20_000)
    assert result.converged
    for margin in margins:
        np.testing.assert_allclose(np.bincount(margin.codes, weights=result.weight, minlength=len(margin.targets)),
                                   margin.targets, rtol=1e-8, atol=1e-9)
