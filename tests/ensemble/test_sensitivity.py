"""Sobol sensitivity (``relokant.ensemble.sensitivity``) and ``relokant sensitivity``.

Input: an additive analytic function with known variance shares (through the same SALib sampling and analysis the
model uses); one tiny real run (3 factors, N = 4, 5,000 persons, to 2023-12) shared by the tests; bad command lines.
Output: pass/fail. Checked: the indices of the analytic function, shapes and ranking of the real run, ST of exactly 0
for a factor that cannot reach an output (an accounting rate on the EU stock, capital moved on the fiscal balance),
that accounting factors reuse the simulation, the JSON round trip, the section in the study report (with a result and
without one), one-line errors with exit code 2 and the shape of ``--json``.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from relokant import parameters
from relokant.cli import main
from relokant.ensemble import sensitivity as sens
from relokant.errors import InputError
from relokant.scenario import builtin, load, with_options

TINY = dict(samples=4, sample_size=5_000, horizon="2023-12")
TINY_FACTORS = ["capital_share_moved_at_departure", "return_hazard", "acct:public_cost_share"]


def _factor(name: str, low: float, high: float) -> sens.Factor:
    return sens.Factor(name, "parameter", f"as:{name}", low, high, (low + high) / 2, "", "test")


def test_additive_function_gets_its_variance_shares():
    # y = 1 x1 + 2 x2 + 0 x3 with x uniform on [0, 1]: variances 1/12, 4/12, 0, so S1 = ST = 0.2, 0.8, 0.
    factors = [_factor("a", 0, 1), _factor("b", 0, 1), _factor("none", 0, 1)]
    points = sens.saltelli_points(factors, 256, seed=3)
    assert points.shape == (256 * (3 + 2), 3)
    y = points[:, 0] + 2 * points[:, 1]
    ranked, constant = sens.indices(factors, y, seed=3)
    assert not constant
    assert [i.factor for i in ranked] == ["b", "a", "none"] and [i.rank for i in ranked] == [1, 2, 3]
    by_name = {i.factor: i for i in ranked}
    for name, share in (("a", 0.2), ("b", 0.8), ("none", 0.0)):
        assert by_name[name].S1 == pytest.approx(share, abs=0.05)
        assert by_name[name].ST == pytest.approx(share, abs=0.05)
    assert by_name["none"].ST == 0.0 and by_name["none"].ST_conf == 0.0  # the Jansen estimator is exact here
    assert by_name["a"].ST_conf > 0


def test_a_constant_output_has_zero_indices():
    factors = [_factor("a", 0, 1), _factor("b", 0, 1)]
    points = sens.saltelli_points(factors, 4, seed=1)
    ranked, constant = sens.indices(factors, np.full(len(points), 7.0), seed=1)
    assert constant and all(i.S1 == i.ST == 0.0 for i in ranked)


@pytest.mark.parametrize("samples", [0, 1, 3, 12])
def test_samples_must_be_a_power_of_two(samples):
    with pytest.raises(InputError, match="power of two"):
        sens.check_samples(samples)


def test_factors_carry_their_range_and_source():
    scenario = with_options(load(builtin("baseline")), horizon="2023-12")
    fitted = sens.factor("return_hazard", scenario)
    low, high, note = parameters.plausible_range("return_hazard")
    assert (fitted.low, fitted.high, fitted.kind) == (low, high, "parameter")
    assert fitted.default == parameters.defaults()["return_hazard"] and "claim_hinge_fitted_factor" in note
    plain = sens.factor("route_access_weight", scenario)
    assert (plain.low, plain.high) == (parameters.get("route_access_weight").prior.low,
                                       parameters.get("route_access_weight").prior.high)
    acceptance = sens.factor("as:capital_acceptance_eu_status_quo", scenario)
    assert (acceptance.kind, acceptance.low, acceptance.high, acceptance.default) == ("scenario", 0.3, 0.9, 0.6)
    benefits = sens.factor("acct:benefit_eligible_share", scenario)  # by place: the EU's one source
    assert benefits.kind == "accounting" and benefits.low < benefits.default < benefits.high
    defaults = sens.default_factors(scenario)
    assert [f.name for f in defaults] == list(sens.DEFAULT_FACTORS)
    assert all(f.low < f.high and f.source.startswith(("as:", "ev:")) for f in defaults)
    for bad in ("as:not_used_by_the_scenario", "acct:tax_wedge", "acct:nope", "nope"):
        with pytest.raises(InputError):
            sens.factor(bad, scenario)


@pytest.fixture(scope="module")
def tiny():
    seen = []
    result = sens.sobol("baseline", parameters=TINY_FACTORS, progress=lambda *a: seen.append(a), **TINY)
    return result, seen


def test_tiny_run_shapes_and_ranking(tiny):
    result, seen = tiny
    k = len(TINY_FACTORS)
    assert result.evaluations == TINY["samples"] * (k + 2)
    # The accounting factor's AB matrix reuses A's simulation: N (k_engine + 2) simulations.
    assert result.simulations == TINY["samples"] * (k - 1 + 2)
    assert seen[-1][1:] == (result.simulations, result.simulations)
    assert [o.output.key for o in result.outputs] == [o.key for o in sens.OUTPUTS]
    assert result.output("eu_stock").period == "2023-12" and result.output("fiscal_balance_eu").period == "2023"
    for o in result.outputs:
        assert sorted(i.factor for i in o.indices) == sorted(TINY_FACTORS)
        assert [i.rank for i in o.indices] == list(range(1, k + 1))
        assert [i.ST for i in o.indices] == sorted((i.ST for i in o.indices), reverse=True)
        assert o.p05 <= o.p50 <= o.p95
    # Capital moved at departure drives capital abroad; the cost share drives the fiscal balance.
    assert result.output("capital_eu").indices[0].factor == "capital_share_moved_at_departure"
    assert result.output("fiscal_balance_eu").indices[0].factor == "acct:public_cost_share"
    assert result.output("capital_eu").indices[0].ST > 0.3


def test_a_factor_that_cannot_reach_an_output_has_st_zero(tiny):
    result, _ = tiny

    def st(output, factor):
        return next(i for i in result.output(output).indices if i.factor == factor)

    # Accounting rates do not touch the simulation; capital does not enter the accounts.
    for output in ("eu_stock", "capital_eu", "capital_world", "labour_force_loss_ru"):
        assert st(output, "acct:public_cost_share").ST == pytest.approx(0.0, abs=1e-12)
    assert st("fiscal_balance_eu", "capital_share_moved_at_departure").ST == pytest.approx(0.0, abs=1e-12)


def test_stored_result_round_trips_and_renders(tiny, tmp_path):
    from relokant.report.sensitivity import render_sensitivity_section, write_sensitivity_html

    result, _ = tiny
    path = sens.save(result, tmp_path / "sensitivity.json")
    back = sens.load(path)
    assert back.to_dict() == json.loads(path.read_text())
    assert sens.load(tmp_path / "missing.json") is None
    section = str(render_sensitivity_section(back))
    assert "Sensitivity" in section and "capital_share_moved_at_departure" in section
    assert "relokant sensitivity" in str(render_sensitivity_section(None))
    page = write_sensitivity_html(back, tmp_path / "page.html").read_text()
    assert "<script src=" not in page and "sensitivity-heatmap" in page and "sensitivity-bars" in page


def test_the_study_report_has_the_section(tiny):
    import pandas as pd

    from relokant.report import RunResult
    from relokant.report.html_report import render_html

    # A FAKE one-year summary, just enough for the report's plots.
    rows = [(metric, geo, f"2022-{m:02d}", unit, m, m, m) for m in range(1, 13)
            for metric, geo, unit in (("stock_abroad", "DE", "persons"), ("stock_abroad", "EU27", "persons"),
                                      ("stock_abroad", "WORLD", "persons"), ("departures_cum", "WORLD", "persons"),
                                      ("returned_cum", "WORLD", "persons"), ("capital_abroad_eur", "EU27", "EUR"),
                                      ("capital_abroad_eur", "WORLD", "EUR"))]
    rows += [("first_permits", geo, "2022", "permits", 5, 5, 5) for geo in ("DE", "EU27")]
    fake = RunResult("baseline", "r1", pd.DataFrame(rows, columns=["metric", "geo", "period", "unit", "p05", "p50",
                                                                   "p95"]))
    with_result = render_html([fake], title="t", meta={}, sensitivity=tiny[0])
    assert 'id="sensitivity"' in with_result and "sensitivity-heatmap" in with_result
    without = render_html([fake], title="t", meta={})
    assert 'id="sensitivity"' in without and "relokant sensitivity baseline" in without
    assert "sensitivity-heatmap" not in without


@pytest.mark.parametrize("argv, message", [
    (["sensitivity", "nowhere"], "nowhere: not a scenario file nor a shipped scenario"),
    (["sensitivity", "baseline", "--samples", "1"], "--samples: 1 is not a power of two"),
    (["sensitivity", "baseline", "--samples", "12"], "--samples: 12 is not a power of two"),
    (["sensitivity", "baseline", "--sample-size", "999"], "--sample-size: 999 is below 1,000 records"),
    (["sensitivity", "baseline", "--horizon", "2022-05"], "--horizon: "),
    (["sensitivity", "baseline", "--factor", "nope"], "unknown parameter 'nope'"),
    (["sensitivity", "baseline", "--workers", "0"], "--workers: 0 is not a positive number"),
])
def test_cli_bad_input_is_one_line_and_exit_2(argv, message, capsys, tmp_path):
    code = main([*argv, "--out", str(tmp_path / "s.html")])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith("relokant: ") and message in captured.err
    assert captured.err.count("\n") == 1
    assert not (tmp_path / "s.html").exists()


def test_cli_json_prints_one_object(tmp_path, capsys):
    code = main(["sensitivity", "baseline", "--factor", "return_hazard", "--factor", "acct:public_cost_share",
                 "--samples", "2", "--sample-size", "1000", "--horizon", "2022-12", "--workers", "1", "--json",
                 "--out", str(tmp_path / "s.html")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.endswith("\n") and captured.out.count("\n") == 1
    payload = json.loads(captured.out)
    assert {"scenario", "horizon", "samples", "sample_size", "seed", "evaluations", "simulations", "factors",
            "outputs", "html", "json", "common_random_numbers"} <= set(payload)
    # One engine factor: AB_1 is B's simulation, so 2 N simulations for N (k + 2) evaluations.
    assert payload["evaluations"] == 2 * (2 + 2) and payload["simulations"] == 2 * 2
    assert [f["name"] for f in payload["factors"]] == ["return_hazard", "acct:public_cost_share"]
    assert {"low", "high", "default", "source", "kind", "unit"} <= set(payload["factors"][0])
    assert [o["output"] for o in payload["outputs"]] == [o.key for o in sens.OUTPUTS]
    for o in payload["outputs"]:
        assert [i["rank"] for i in o["indices"]] == [1, 2]
        assert {"factor", "S1", "S1_conf", "ST", "ST_conf", "rank"} == set(o["indices"][0])
    assert (tmp_path / "s.html").is_file() and json.loads((tmp_path / "s.json").read_text())["samples"] == 2
