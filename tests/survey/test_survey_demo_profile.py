"""The SYNTHETIC demo survey and the weighted profile: reproducible files, recovery of the generating values,
interval coverage, seeded bootstrap, missing answers, and the Russian baseline.

Input: the shipped demo files and fresh draws of the demo generator. Output: pass/fail. Checked: regenerating the
demo gives the shipped bytes; the demo is labelled synthetic; its raked profile recovers the generating values within
the tolerances below while the unweighted one is visibly biased; 90% intervals cover the generating values about
90% of the time over independent demo draws; the bootstrap is reproducible by seed; the baseline is computed on the
stated base.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relokant import survey
from relokant.errors import InputError
from relokant.survey import demo
from relokant.survey.profile import STATISTICS, baseline_population, baseline_values

# How close the raked shipped demo (2,000 respondents) must come to the generating values: about two standard
# errors at its effective sample size (~1,000), whole years for the median.
TOLERANCE = {"mean_age": 0.75, "median_age": 1.0, "higher_edu": 0.04, "higher_edu_25_64": 0.04, "it": 0.04,
             "entrepreneur": 0.05, "partner": 0.04, "children": 0.04}


def test_regenerating_the_demo_gives_the_shipped_files(demo_paths):
    fresh = demo.generate()
    assert demo.render(fresh) == demo_paths[0].read_text(encoding="utf-8")
    assert fresh.margins_yaml == demo_paths[1].read_text(encoding="utf-8")


def test_the_demo_is_labelled_synthetic_everywhere(demo_survey, demo_margins, demo_paths):
    assert demo_paths[0].read_text(encoding="utf-8").startswith("# SYNTHETIC DEMO SURVEY")
    assert demo_survey.synthetic and (demo_survey.values["synthetic"] == 1).all()
    assert demo_margins.synthetic


def test_generating_population_hits_the_evidence_exactly():
    truth = demo.truth()
    value = demo._value
    assert truth["higher_edu"] == pytest.approx(value("higher_edu"), abs=1e-9)
    assert truth["it"] == pytest.approx(value("it"), abs=1e-9)
    assert truth["entrepreneur"] == pytest.approx(value("self_employed") + value("business_owner"), abs=1e-9)
    assert truth["partner"] == pytest.approx(value("partner"), abs=1e-9)
    assert truth["children"] == pytest.approx(1 - value("no_children"), abs=1e-9)
    gen = demo.generating()
    assert sum(gen.country.values()) == pytest.approx(1) and sum(gen.age_bands.values()) == pytest.approx(1)


def test_raked_demo_recovers_the_generating_values(demo_profile):
    truth = demo.truth()
    assert {r.name for r in demo_profile.rows} == set(TOLERANCE) == {s.name for s in STATISTICS}
    for row in demo_profile.rows:
        assert abs(row.estimate - truth[row.name]) <= TOLERANCE[row.name], (row.name, row.estimate, truth[row.name])
        assert row.low <= row.estimate <= row.high
    # Raking visibly matters: the online sample is younger and more IT than the population it stands for.
    for name in ("mean_age", "it"):
        row = demo_profile.row(name)
        assert abs(row.unweighted - truth[name]) > 2 * abs(row.estimate - truth[name]) + TOLERANCE[name] / 2


def test_intervals_cover_the_generating_values_about_90_percent(tmp_path):
    truth = demo.truth()
    covered = total = 0
    for seed in range(12):
        s, m = _files(demo.generate(seed=seed, respondents=1000), tmp_path / str(seed))
        p = survey.profile(s, m, replicates=120, seed=seed, baseline=False)
        for row in p.rows:
            covered += row.low <= truth[row.name] <= row.high
            total += 1
    assert covered / total >= 0.8, f"coverage {covered}/{total}"


def test_large_demo_draw_is_unbiased_after_raking(tmp_path):
    p = survey.profile(*_files(demo.generate(seed=7, respondents=60_000), tmp_path), replicates=20, baseline=False)
    truth = demo.truth()
    for row in p.rows:
        tolerance = 0.5 if row.unit == "years" else 0.01
        assert abs(row.estimate - truth[row.name]) < tolerance, (row.name, row.estimate, truth[row.name])


def test_bootstrap_is_reproducible_by_seed(demo_survey, demo_margins, demo_profile):
    again = survey.profile(demo_survey, demo_margins, replicates=300, seed=1, baseline=False)
    other = survey.profile(demo_survey, demo_margins, replicates=300, seed=2, baseline=False)
    assert [(r.low, r.high) for r in again.rows] == [(r.low, r.high) for r in demo_profile.rows]
    assert [(r.low, r.high) for r in other.rows] != [(r.low, r.high) for r in demo_profile.rows]
    assert demo_profile.to_dict()["intervals"]["replicates"] == 300


def test_missing_answers_are_excluded_and_counted(demo_survey, demo_profile):
    for row in demo_profile.rows:
        column = next(s.column for s in STATISTICS if s.name == row.name)
        blank = demo_survey.missing(column)
        ages = demo_survey.values["age"]
        low, high = next(s.ages for s in STATISTICS if s.name == row.name)
        in_base = (ages >= low) & (ages <= high)
        assert row.missing == int((blank & in_base).sum())
        assert row.respondents == int((~blank & in_base).sum())


def test_without_margins_the_profile_is_unweighted(demo_survey):
    p = survey.profile(demo_survey, None, replicates=20, baseline=False)
    assert all(r.estimate == pytest.approx(r.unweighted) for r in p.rows)
    assert "unweighted" in p.weighting.notes[0]


def test_too_few_replicates_is_an_input_error(demo_survey):
    with pytest.raises(InputError, match="replicates"):
        survey.profile(demo_survey, None, replicates=5, baseline=False)


def test_baseline_on_the_stated_base():
    pop = baseline_population(20_000, 3)
    values = baseline_values(pop)
    assert 38 < values["mean_age"] < 48 and 36 < values["median_age"] < 50
    # The synthetic population is built to BAS_EDU_04 on ages 25-64 (an exact marginal).
    assert values["higher_edu_25_64"] == pytest.approx(0.302, abs=0.005)
    assert 0.005 < values["it"] < 0.06


def test_profile_compares_with_the_baseline(demo_survey, demo_margins):
    p = survey.profile(demo_survey, demo_margins, replicates=30, baseline_sample_size=20_000, baseline_seed=3)
    for row in p.rows:
        if row.baseline is None:
            assert row.note
            continue
        if row.compare == "gap":
            assert row.comparison == pytest.approx(row.estimate - row.baseline)
        else:
            assert row.comparison == pytest.approx(row.estimate / row.baseline)
            assert row.comparison_low <= row.comparison <= row.comparison_high
    assert p.row("mean_age").comparison < -5  # emigrants are younger
    assert p.baseline["synthetic_population"] and p.baseline["held_fixed"]


# --- helpers -------------------------------------------------------------------------------------------------------

def _files(fresh: demo.Demo, folder: Path):
    """A fresh demo draw written as files and read back, as a user would get it from `relokant survey demo`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "demo_survey.csv").write_text(demo.render(fresh), encoding="utf-8")
    (folder / "demo_margins.yaml").write_text(fresh.margins_yaml, encoding="utf-8")
    return survey.read_survey(folder / "demo_survey.csv"), survey.load_margins(folder / "demo_margins.yaml")
