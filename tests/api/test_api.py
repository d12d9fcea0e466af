import json

import numpy as np
import pytest

from relokant import api
from relokant.ensemble import execute
from relokant.errors import InputError
from relokant.store import RunStore


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "runs.duckdb"


def test_run_stores_manifest_and_metrics(db):
    out = api.run("baseline", sample_size=3_000, draws=2, seed=4, db=db)
    record = RunStore(db).run(out.run_id)
    assert record["status"] == "done"
    assert record["scenario_hash"] == out.scenario.content_hash()
    assert record["seed"] == 4 and record["draws"] == 2 and record["sample_size"] == 3_000
    assert record["code_version"] == api.code_version()
    stored = dict(record["parameters"])
    assert stored.pop("posterior", None) == out.posterior  # which posterior each draw's parameters came from
    assert stored == pytest.approx(out.parameters)
    stored = RunStore(db).metrics(out.run_id)
    assert len(stored) == len(out.metrics)
    assert set(stored["draw"]) == {0, 1}


def test_summary_quantiles_bracket_the_median(db):
    out = api.run("baseline", sample_size=3_000, draws=3, seed=2, db=db)
    s = out.summary
    assert (s["p05"] <= s["p50"]).all() and (s["p50"] <= s["p95"]).all()
    world = s[(s.metric == "stock_abroad") & (s.geo == "WORLD") & (s.period == out.scenario.horizon)].iloc[0]
    assert world.p05 < world.p95  # draws differ


def test_contract_is_json_serialisable(db):
    out = api.run("baseline", sample_size=3_000, seed=1, db=db)
    payload = json.loads(json.dumps(out.to_contract()))
    assert payload["scenario"] == "baseline" and payload["synthetic_population"] is True
    assert {m["metric"] for m in payload["metrics"]} == {
        "stock_abroad", "departures_cum", "returned_cum", "first_permits", "capital_abroad_eur",
        "capital_outflow_ru_eur", "onward_moves_cum", "employed_abroad", "fiscal_balance_eur", "firms_founded",
        "labour_force_loss_ru", "output_loss_ru_eur", "status_share_visa_free", "status_share_permit",
        "status_share_permanent", "status_share_protection", "status_share_irregular"}


def test_same_draw_same_population_across_scenarios(db):
    a = api.run("baseline", sample_size=3_000, seed=9, db=db)
    b = api.run("case-proposal", sample_size=3_000, seed=9, db=db)
    before = a.metrics[(a.metrics.metric == "stock_abroad") & (a.metrics.period < "2025-01")]
    after = b.metrics[(b.metrics.metric == "stock_abroad") & (b.metrics.period < "2025-01")]
    np.testing.assert_array_equal(before["value"].to_numpy(), after["value"].to_numpy())
    diff = api.compare(a.run_id, b.run_id, db=db)
    eu = diff[(diff.metric == "stock_abroad") & (diff.geo == "EU27") & (diff.period == "2030-12")].iloc[0]
    assert eu.difference > 0
    before_card = diff["period"].str[:4] < "2025"  # monthly and yearly periods before the card
    assert (diff[before_card]["difference"] == 0).all()


def test_bad_option_is_an_input_error(db):
    with pytest.raises(InputError, match=r"^--sample-size: must be >= 1000, got 5$"):
        api.run("baseline", sample_size=5, db=db)


def test_failed_run_is_marked_and_keeps_no_metrics(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(execute, "simulate", broken)  # where the draws run
    with pytest.raises(RuntimeError):
        api.run("baseline", sample_size=3_000, db=db)
    runs = RunStore(db).runs()
    assert list(runs["status"]) == ["failed"]
    assert "engine exploded" in runs["reason"].iloc[0]
    assert RunStore(db).metrics(runs["run_id"].iloc[0]).empty


@pytest.fixture(scope="module")
def small_study(tmp_path_factory):
    """One small study, read by the tests below (a study is the suite's costliest call: run it once)."""
    folder = tmp_path_factory.mktemp("study")
    return api.study(sample_size=3_000, draws=2, out_dir=folder / "out", db=folder / "runs.duckdb")


def test_study_writes_table_and_report(small_study):
    result = small_study
    assert result.report_path.is_file() and result.report_path.stat().st_size > 100_000
    assert [r.scenario.name for r in result.runs] == ["baseline", "case-proposal"]
    assert result.periods == ("2024-07", "2030-12")
    assert "Abroad: EU27" in result.table.index


def test_study_report_carries_who_leaves_and_the_claim(small_study):
    result = small_study
    html = result.report_path.read_text(encoding="utf-8")
    assert 'id="who-leaves"' in html and 'class="claim"' in html
    assert result.claim is not None and result.claim.hinges  # the hinges ran, on no more records than the study
    assert result.claim.hinge_setup["sample_size"] <= 3_000
    assert set(result.profile.statistic) >= {"mean_age", "share_higher_edu", "share_it"}
