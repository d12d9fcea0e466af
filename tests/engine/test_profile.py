"""Tests for relokant.engine.profile: the leaver profile selects the right persons and weighs them.

Input: a small population and a simulation of the baseline to 2023-06. Output: pass/fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from relokant.engine import simulate
from relokant.engine.profile import leaver_profile, population_profile


@pytest.fixture(scope="module")
def result(small_population, baseline, default_params):
    return simulate(small_population, baseline.model_copy(update={"horizon": "2023-06"}), default_params, 7)


def test_result_records_who_left_and_when(small_population, result):
    assert result.left_month.shape == result.war.shape == (len(small_population),)
    left = result.left_month >= 0
    assert result.war[left].any() and not result.war[~left].any()
    # departures_cum counts war-time leavers and ordinary emigrants from 2022-02 on, weighted
    counted = result.war | (result.left_month >= 1)
    assert small_population.weight[counted].sum() == pytest.approx(result.departures_cum[-1])


def test_leaver_profile_weighs_the_window(small_population, result):
    profile = leaver_profile(small_population, result, "2022-02", "2022-12")
    who = result.war & (result.left_month >= 1) & (result.left_month <= 11)
    weight = small_population.weight[who]
    assert profile["records"] == who.sum()
    assert profile["persons"] == pytest.approx(weight.sum())
    assert profile["mean_age"] == pytest.approx(np.average(small_population.age[who], weights=weight))
    assert profile["share_it"] == pytest.approx(weight[small_population.occupation[who] == 0].sum() / weight.sum())
    later = leaver_profile(small_population, result, "2023-01", "2023-06")
    assert later["records"] + profile["records"] == (result.war & (result.left_month <= 17)).sum()


def test_population_profile_is_the_weighted_population(small_population):
    baseline = population_profile(small_population)
    assert baseline["persons"] == pytest.approx(small_population.total())
    assert baseline["share_higher_edu"] == pytest.approx(
        small_population.weight[small_population.higher_edu].sum() / small_population.total())


def test_empty_window_is_an_error(small_population, result):
    with pytest.raises(ValueError, match="no persons"):
        leaver_profile(small_population, result, "2021-01", "2021-12")
