"""Validation (``relokant.calibrate.validate``, ``relokant validate``): the arithmetic of ARD and coverage on a
hand-made table, the relative difference and 'inside', the periods and naive-forecast rules of every target, the time
split's held-out targets (with a stored fit left untouched), bad command lines (exit 2) and the JSON shape.

Small populations (5,000 records), one or two draws and a refit capped at a few simulations keep it to seconds; the
numbers themselves are not checked here (the README reports them).
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from relokant import parameters
from relokant.calibrate import CHECKS, FITTED_PARAMETERS, TARGETS, FitResult, save
from relokant.calibrate import validate as run_validation
from relokant.calibrate.targets import CALIBRATED_PARAMETERS, READINGS, targets
from relokant.calibrate.validate import (COLUMNS, FLEE_ARD_BENCHMARK, MONTH, STATUS_FITTED, STATUS_HELD_OUT,
                                         check_options, inside, naive_for, relative_difference, split_targets,
                                         summarize, summary_lines)
from relokant.cli import main


def _row(status, rel, is_inside, naive_rel=float("nan")):
    return {"status": status, "relative_difference": rel, "inside": is_inside, "naive_relative_difference": naive_rel}


def test_ard_and_coverage_of_a_hand_made_table():
    table = pd.DataFrame([
        _row(STATUS_FITTED, 0.1, True, 0.5),
        _row(STATUS_FITTED, 0.3, False),
        _row(STATUS_HELD_OUT, 0.6, False, 0.2),
        _row(STATUS_HELD_OUT, 0.2, True),
    ])
    s = summarize(table)
    assert s["targets"] == {"all": 4, "fitted": 2, "held_out": 2}
    assert s["ard"]["all"] == pytest.approx(0.3)
    assert s["ard"]["fitted"] == pytest.approx(0.2) and s["ard"]["held_out"] == pytest.approx(0.4)
    assert s["coverage"] == {"all": 0.5, "fitted": 0.5, "held_out": 0.5}
    # The naive comparison is on the rows that have a naive forecast only, the model's ARD on those same rows.
    assert s["naive"]["all"] == {"targets": 2, "model_ard": pytest.approx(0.35), "naive_ard": pytest.approx(0.35)}
    assert s["naive"]["held_out"] == {"targets": 1, "model_ard": pytest.approx(0.6), "naive_ard": pytest.approx(0.2)}
    assert s["flee_ard_benchmark"] == FLEE_ARD_BENCHMARK == 0.6


def test_an_empty_group_has_no_ard():
    s = summarize(pd.DataFrame([_row(STATUS_FITTED, 0.1, True)]))
    assert s["ard"]["held_out"] is None and s["coverage"]["held_out"] is None
    assert s["naive"]["all"] == {"targets": 0, "model_ard": None, "naive_ard": None}
    assert any("held out n/a (0)" in line for line in summary_lines(_with_summary(s)))


def _with_summary(summary):
    class _V:  # summary_lines reads .summary only
        pass
    v = _V()
    v.summary = summary
    return v


def test_relative_difference_and_inside():
    assert relative_difference(110, 100) == pytest.approx(0.1)
    assert relative_difference(90, 100) == pytest.approx(0.1)
    assert relative_difference(0.2, 0.25) == pytest.approx(0.2)
    assert math.isnan(relative_difference(float("nan"), 100)) and math.isnan(relative_difference(None, 100))
    assert inside(90, 110, 100, 100)  # a point figure inside the draws' range
    assert not inside(101, 110, 100, 100)
    assert inside(50, 80, 80, 120)  # touching ranges overlap
    assert inside(50, 200, 80, 120) and inside(90, 100, 80, 120)  # either range inside the other
    assert not inside(121, 130, 80, 120) and not inside(10, 79.9, 80, 120)


def test_every_target_and_check_has_a_period_and_a_naive_rule():
    ids = [t.id for t in TARGETS + CHECKS]
    assert len(ids) == len(set(ids))
    for reading in READINGS:
        for target in targets(reading) + CHECKS:
            assert MONTH.match(target.period), target.id
            rule = naive_for(target.id)
            assert rule.rule, target.id
            assert (rule.forecast is None) == rule.rule.startswith("none:"), target.id
    with pytest.raises(KeyError):
        naive_for("no_such_target")
    # The checks are stocks by place, DESIGN.md's naive forecast: departures x first-destination share x (1 - return).
    assert all(naive_for(t.id).forecast is not None for t in CHECKS)
    assert naive_for("eu_first_permits_2022").forecast(None) == 82_900  # 2021 carried forward


def test_time_split_fits_the_figures_that_end_by_the_month():
    fitted = split_targets("surveys", "2023-06")
    assert set(fitted) == {t.id for t in TARGETS if t.period <= "2023-06"}
    assert "departures_2022" in fitted and "eu_first_permits_2022" in fitted
    assert "departures_by_mid_2023" not in fitted and "return_share_late_2023" not in fitted
    assert "return_share_mid_2023_official" in split_targets("official", "2023-06")
    assert split_targets("surveys", None) == tuple(t.id for t in TARGETS)


@pytest.mark.parametrize("options, message", [
    ({"reading": "both"}, "--reading: 'both' is not one of surveys, official"),
    ({"draws": 0}, "--draws: at least 1 draw, got 0"),
    ({"sample_size": 0}, "--sample-size"),
    ({"time_split": "2023-13"}, "--time-split: expected a month YYYY-MM, got '2023-13'"),
    ({"time_split": "23-06"}, "expected a month YYYY-MM"),
    ({"time_split": "2020-01"}, "nothing to fit"),
    ({"time_split": "2030-01"}, "holds out no target"),
])
def test_bad_options_are_refused(options, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("|", r"\|")):
        check_options(**{"sample_size": 1000, "draws": 1, "reading": "surveys", "time_split": None, **options})


def test_a_fit_on_some_targets_is_never_saved(tmp_path):
    table = pd.DataFrame([{"target": "t", "simulated": 1.0, "residual": 0.0}])
    with pytest.raises(ValueError, match="not saved"):
        save(FitResult({"return_hazard": 0.004}, table, 1.0, 1000, 1, 3, only=("departures_2022",)), tmp_path / "f")
    assert not (tmp_path / "f").exists()


def test_time_split_holds_out_the_later_targets_and_leaves_the_stored_fit_alone():
    path = parameters.fitted_path()
    before = path.read_bytes()
    # A refit capped at one step (and its Jacobian): the table's shape, not the fit's quality.
    result = run_validation(sample_size=5_000, draws=1, seed=3, time_split="2023-06", refit_sample_size=5_000,
                            refit_evaluations=1)
    assert path.read_bytes() == before
    assert parameters.fitted.cache_info().currsize in (0, 1)
    rows = result.table.set_index("target")
    for target in TARGETS:
        expected = STATUS_FITTED if target.period <= "2023-06" else STATUS_HELD_OUT
        assert rows.loc[target.id, "status"] == expected, target.id
    assert (rows.loc[[t.id for t in CHECKS], "status"] == STATUS_HELD_OUT).all()
    assert result.refit["targets"] == list(split_targets("surveys", "2023-06"))
    assert 0 < result.refit["evaluations"] <= 1 + 2 * (len(FITTED_PARAMETERS) + 1)
    assert result.settings["time_split"] == "2023-06"
    assert result.parameters != {k: v for k, v in parameters.fitted()["parameters"].items()}  # refitted
    assert result.summary["targets"]["held_out"] == len(TARGETS) - len(result.refit["targets"]) + len(CHECKS)


@pytest.mark.parametrize("argv, message", [
    (["validate", "--reading", "both"], "relokant: validate: --reading: 'both' is not one of surveys, official"),
    (["validate", "--time-split", "2023-6"],
     "relokant: validate: --time-split: expected a month YYYY-MM, got '2023-6'"),
    (["validate", "--draws", "0"], "relokant: validate: --draws: at least 1 draw, got 0"),
    (["validate", "--draws", "two"], "relokant: validate: Invalid value for '--draws'"),
    (["validate", "--time-split", "2023-06", "--refit-sample-size", "-5"], "relokant: validate: --refit-sample-size"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith(message)


def test_cli_json_prints_one_object_with_every_target(capsys):
    code = main(["validate", "--sample-size", "5000", "--draws", "2", "--seed", "7", "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.endswith("\n") and captured.out.count("\n") == 1
    payload = json.loads(captured.out)
    assert set(payload) == {"settings", "parameters", "refit", "rows", "summary", "seconds"}
    assert payload["refit"] is None and payload["settings"]["draws"] == 2 and payload["settings"]["seed"] == 7
    assert payload["settings"]["horizon"] == "2024-12" and payload["settings"]["synthetic_population"] is True
    # by default the draws take their parameters from the posterior (the shipped one here)
    assert payload["settings"]["fit"].startswith("posterior")
    assert set(payload["parameters"]) == set(CALIBRATED_PARAMETERS)
    assert main(["validate", "--sample-size", "5000", "--draws", "2", "--seed", "7", "--json", "--posterior",
                 "none"]) == 0
    point = json.loads(capsys.readouterr().out)
    assert point["parameters"] == parameters.fitted()["parameters"]  # the stored fit, surveys reading
    assert [r["target"] for r in payload["rows"]] == [t.id for t in TARGETS + CHECKS]
    for row in payload["rows"]:
        assert set(row) == set(COLUMNS)
        assert row["p05"] <= row["p50"] <= row["p95"]
        assert row["status"] == (STATUS_HELD_OUT if row["target"].startswith("stock_") else STATUS_FITTED)
        assert row["relative_difference"] == pytest.approx(abs(row["p50"] - row["observed"]) / row["observed"])
        assert (row["naive"] is None) == (row["naive_relative_difference"] is None) == row["naive_rule"].startswith(
            "none:")
    summary = payload["summary"]
    assert set(summary) == {"targets", "ard", "coverage", "naive", "flee_ard_benchmark"}
    assert summary["targets"]["all"] == len(payload["rows"])
    ards = [r["relative_difference"] for r in payload["rows"]]
    assert summary["ard"]["all"] == pytest.approx(sum(ards) / len(ards))


def test_the_report_section_shows_every_row_and_the_summary():
    from relokant.calibrate import Validation
    from relokant.report.validation import render_validation_section

    base = {"description": "d", "evidence": "ev:x", "note": "", "period": "2022-12", "low": 90.0, "high": 110.0,
            "observed": 100_000.0, "p05": 95_000.0, "p50": 120_000.0, "p95": 130_000.0, "inside": True,
            "naive": float("nan"), "naive_relative_difference": float("nan"), "naive_rule": "none: why"}
    table = pd.DataFrame([
        {**base, "target": "a", "status": STATUS_FITTED, "relative_difference": 0.2},
        {**base, "target": "b", "status": STATUS_HELD_OUT, "relative_difference": 0.4, "observed": 0.25,
         "low": 0.2, "high": 0.3, "p05": 0.1, "p50": 0.15, "p95": 0.18, "inside": False, "naive": 0.3,
         "naive_relative_difference": 0.2, "naive_rule": "a rule <b>"},
    ], columns=list(COLUMNS))
    settings = {"sample_size": 1000, "draws": 2, "seed": 1, "reading": "surveys", "time_split": None,
                "horizon": "2024-12", "fit": "stored fit", "intervals": "p05-p95 over draws"}
    html = str(render_validation_section(Validation(table, summarize(table), settings, {})))
    assert html.startswith('<section class="validation" id="validation">') and "<h2>Validation</h2>" in html
    assert html.count("<tr") == 3 and 'class="held-out"' in html
    assert "ARD (mean |median - observed| / observed): all 0.30 (2 targets)" in html
    assert "120 k (95–130)" in html and "15.0% (10.0–18.0)" in html and "a rule &lt;b&gt;" in html
    assert str(render_validation_section(None)) == ""
