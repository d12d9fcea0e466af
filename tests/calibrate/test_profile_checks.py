"""Who leaves, checked: simulated 2022 leavers' age, education and IT profile against the survey evidence.

Input: the study's population size and seed (200,000 records, as `make run` uses) and the baseline scenario to
2022-12; the declared ``PROFILE_CHECKS``. Output: pass/fail. The tolerances are declared with their reasons in
``relokant.calibrate.profile``; the profile is not fitted to them.
"""

from __future__ import annotations

import pytest

from relokant import api, evidence, parameters
from relokant.calibrate.profile import PROFILE_CHECKS, check_profile
from relokant.engine import simulate
from relokant.scenario import builtin, load


@pytest.fixture(scope="module")
def table():
    scenario = load(builtin("baseline")).model_copy(update={"horizon": "2022-12"})
    pop = api.population(api.STUDY_SAMPLE_SIZE, scenario.seed)
    result = simulate(pop, scenario, parameters.resolve(scenario.parameters), scenario.seed)
    return check_profile(pop, result).set_index("statistic")


@pytest.mark.parametrize("statistic", ["mean_age", "share_under_35", "share_under_45", "share_higher_edu",
                                       "share_it", "it_persons"])
def test_leavers_age_education_and_it_match_the_surveys(table, statistic):
    row = table.loc[statistic]
    assert row.leaver_records > 1_000  # enough records for the comparison to mean something
    assert row.low <= row.simulated <= row.high, f"{statistic}: {row.simulated:.3g} not in [{row.low:.3g}, " \
                                                 f"{row.high:.3g}] ({row.refs})"


def test_leavers_differ_from_the_russian_baseline_the_way_surveys_say(table):
    assert table.loc["mean_age"].simulated < table.loc["mean_age"].russia - 5
    assert table.loc["share_higher_edu"].simulated > 2 * table.loc["share_higher_edu"].russia
    assert table.loc["share_it"].simulated > 10 * table.loc["share_it"].russia


def test_every_check_cites_resolvable_evidence_and_a_reason():
    for check in PROFILE_CHECKS:
        assert check.refs or check.lower_bound_refs, check.statistic
        for ref in check.refs + check.lower_bound_refs:
            evidence.sourced(ref)
        low, high = check.accepted_range()
        assert low < high and check.why
