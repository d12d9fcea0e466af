"""ABC-SMC calibration (relokant.calibrate.abcsmc): synthetic truth recovered, the same posterior on 1 and 2 workers
and with or without early rejection, a complete manifest stored and read back, clear errors for bad priors and
targets, and runs that draw their parameters from the stored posterior, paired across scenarios.

Small settings throughout (a few thousand persons, budgets of a few hundred simulations): these check behaviour, not
the calibration the package ships.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from relokant import api, parameters
from relokant.calibrate import abcsmc
from relokant.calibrate.targets import CALIBRATED_PARAMETERS, Observed
from relokant.ensemble.execute import Executor
from relokant.errors import InputError
from relokant.store import RunStore

SMALL = dict(budget=160, population_size=30, sample_size=5_000, seed=11)
TRUTH_TARGETS = ("departures_before_mobilization", "departures_2022", "return_share_late_2023",
                 "changed_country_2024")
TRUTH = {"wave1_peak_hazard": 0.0012, "return_hazard": 0.004}


@pytest.fixture(scope="module")
def small_posterior():
    return abcsmc.calibrate(**SMALL, only=TRUTH_TARGETS, calibrated=tuple(TRUTH))


# --- priors and targets -------------------------------------------------------------------------------------------


def test_priors_are_the_assumption_ranges_log_uniform():
    chosen = abcsmc.priors()
    assert [p.name for p in chosen] == list(CALIBRATED_PARAMETERS)
    for p in chosen:
        source = parameters.get(p.name).prior
        assert (p.low, p.high) == (source.low, source.high)
        assert p.to_dict()["distribution"] == "log-uniform"


@pytest.mark.parametrize("overrides, message", [
    ({"return_hazard": (0.01, 0.001)}, "0 < low < high"),
    ({"return_hazard": (0.0, 0.01)}, "0 < low < high"),
    ({"return_hazard": (0.001, float("nan"))}, "not a finite number"),
    ({"return_hazard": ("a", 0.01)}, "not a finite number"),
    ({"return_hazard": (0.001, 2.0)}, "leaves the allowed"),
    ({"network_elasticity": (0.1, 0.5)}, "not a calibrated parameter"),
])
def test_bad_priors_get_a_clear_error(overrides, message):
    with pytest.raises(InputError, match=message):
        abcsmc.priors(overrides=overrides)


def test_an_unknown_or_fixed_parameter_cannot_be_calibrated():
    with pytest.raises(InputError, match="unknown parameter 'no_such'"):
        abcsmc.priors(("no_such",))
    with pytest.raises(InputError, match="route access parameters are fixed"):
        abcsmc.priors(("conditional_access_weight",))


def test_bad_targets_get_a_clear_error():
    with pytest.raises(InputError, match="--only: not targets.*no_such_target"):
        abcsmc.calibrate(**SMALL, only=("no_such_target",))
    with pytest.raises(InputError, match="outside its range"):
        abcsmc.calibrate(**SMALL, only=TRUTH_TARGETS, observed={"departures_2022": Observed(10.0, 20.0, 30.0)})
    with pytest.raises(InputError, match="finite"):
        abcsmc.calibrate(**SMALL, only=TRUTH_TARGETS, observed={"departures_2022": Observed(math.nan, 1.0, 2.0)})
    with pytest.raises(InputError, match="observed: not targets of this calibration"):
        abcsmc.calibrate(**SMALL, only=("departures_2022",), observed={"return_share_late_2023": Observed(.1, .1, .1)})
    with pytest.raises(InputError, match="--budget"):
        abcsmc.calibrate(**{**SMALL, "budget": 40})
    with pytest.raises(InputError, match="--reading"):
        abcsmc.calibrate(**SMALL, reading="gossip")


# --- the method ---------------------------------------------------------------------------------------------------


def test_synthetic_truth_is_recovered_within_the_90_percent_interval():
    """Simulate with known parameters, take what it gives as the observed figures (+-10%), calibrate, and find each
    known value inside its posterior p05-p95, with the posterior narrower than the prior."""
    scenario = abcsmc.calibration_scenario()
    base = parameters.resolve(scenario.parameters)
    spec = abcsmc.ModelSpec(scenario, tuple(sorted((k, v) for k, v in base.items() if k not in TRUTH)),
                            tuple(abcsmc.TargetSpec(t, 1.0, 1.0, 1.0, 0.1, "2024-12") for t in TRUTH_TARGETS),
                            "surveys", 8_000, 3)
    simulated = abcsmc.simulate_targets(spec, TRUTH, seed=99)
    observed = {t: Observed(v, 0.9 * v, 1.1 * v) for t, v in simulated.items()}
    posterior = abcsmc.calibrate(budget=400, population_size=40, sample_size=8_000, seed=3, only=TRUTH_TARGETS,
                                 calibrated=tuple(TRUTH), observed=observed)
    intervals = posterior.intervals().set_index("parameter")
    for name, truth in TRUTH.items():
        row = intervals.loc[name]
        assert row.p05 <= truth <= row.p95, (name, truth, row.to_dict())
        assert math.log(row.p95 / row.p05) < 0.8 * math.log(row.prior_high / row.prior_low), (name, row.to_dict())


def test_the_posterior_does_not_depend_on_the_number_of_workers(small_posterior):
    with Executor(2) as two:
        again = abcsmc.calibrate(**SMALL, only=TRUTH_TARGETS, calibrated=tuple(TRUTH), executor=two)
    pd.testing.assert_frame_equal(small_posterior.draws, again.draws)
    pd.testing.assert_frame_equal(small_posterior.generations, again.generations)


def test_early_rejection_changes_nothing_but_the_time():
    """Early rejection rejects exactly what a full simulation would (the access table's exactness is tested in
    tests/engine/test_access.py, on whole simulations)."""
    tiny = dict(budget=140, population_size=20, sample_size=2_000, seed=5, only=TRUTH_TARGETS,
                calibrated=tuple(TRUTH))
    fast = abcsmc.calibrate(**tiny)
    full = abcsmc.calibrate(**tiny, early_rejection=False)
    assert fast.manifest["generations"] >= 2
    pd.testing.assert_frame_equal(fast.draws, full.draws)
    pd.testing.assert_frame_equal(fast.generations, full.generations)


def test_pilot_stages_simulate_fewer_persons_and_the_posterior_the_full_number(monkeypatch):
    from relokant.ensemble import execute

    built = []
    real = execute.population

    def recording(sample_size, seed):
        built.append(sample_size)
        return real(sample_size, seed)

    monkeypatch.setattr(execute, "population", recording)
    abcsmc._population_and_table.cache_clear()  # each population is built once per process, on first use
    posterior = abcsmc.calibrate(**{**SMALL, "sample_size": 6_000}, only=TRUTH_TARGETS, calibrated=tuple(TRUTH),
                                 pilot_sample_size=2_000, pilot_generations=1)
    assert posterior.manifest["pilot"] == {"sample_size": 2_000, "generations": 1}
    assert built == [2_000, 6_000]  # the prior's sample and generation 0 first, then the rest at full size
    assert posterior.manifest["generations"] >= 2
    abcsmc._population_and_table.cache_clear()


def test_every_target_is_final_by_the_end_of_its_period():
    """What makes early rejection exact: a target read at the end of its period's month (as the checkpoint reads it)
    equals the target read at the end of the run, for every target of both readings."""
    from relokant.calibrate.targets import FitInputs, targets
    from relokant.engine import simulate
    from relokant.ensemble.execute import population
    from relokant.scenario.model import month_index

    scenario = abcsmc.calibration_scenario()
    params = parameters.resolve(scenario.parameters)
    pop = population(5_000, 2)
    chosen = {t.id: t for t in (*targets("surveys"), *targets("official"))}
    early = {}

    def checkpoint(month, result_so_far):
        for t in chosen.values():
            if max(0, month_index(t.period)) == month:
                early[t.id] = t.simulated(FitInputs(result_so_far(), pop, params))

    result = simulate(pop, scenario, params, 5, checkpoint=checkpoint)
    final = {i: t.simulated(FitInputs(result, pop, params)) for i, t in chosen.items()}
    assert set(early) == set(final)
    assert early == pytest.approx(final, rel=1e-12)


def test_the_budget_bounds_the_simulations(small_posterior):
    m = small_posterior.manifest
    assert m["simulations"] <= SMALL["budget"]
    assert small_posterior.generations["t"].tolist() == list(range(m["generations"]))
    assert np.isclose(small_posterior.draws["weight"].sum(), 1.0)
    assert (small_posterior.generations["epsilon"].diff().dropna() <= 0).all()  # thresholds only shrink


# --- storage and runs ---------------------------------------------------------------------------------------------


MANIFEST_KEYS = {"method", "created", "code_version", "data_version", "reading", "scenario", "horizon", "sample_size",
                 "population_seed", "seed", "budget", "population_size", "simulations", "generations",
                 "final_epsilon", "priors", "targets", "fixed_parameters", "seconds", "where"}


def test_the_manifest_is_complete_and_the_store_gives_it_back(small_posterior, tmp_path):
    m = small_posterior.manifest
    assert MANIFEST_KEYS <= set(m)
    assert [p["name"] for p in m["priors"]] == list(TRUTH)
    assert all({"name", "distribution", "low", "high", "source"} <= set(p) for p in m["priors"])
    assert [t["id"] for t in m["targets"]] == list(TRUTH_TARGETS)
    assert all({"id", "value", "low", "high", "tolerance", "period"} <= set(t) for t in m["targets"])
    # every parameter of the model is either calibrated or recorded at its fixed value
    assert set(m["fixed_parameters"]) | set(TRUTH) == set(parameters.names())
    store = RunStore(tmp_path / "runs.duckdb")
    cid = store.save_calibration(manifest=m, draws=small_posterior.draws, generations=small_posterior.generations,
                                 table=small_posterior.table)
    back = store.calibration(cid[:12])
    assert back["manifest"] == m
    pd.testing.assert_frame_equal(back["draws"].reset_index(drop=True), small_posterior.draws, check_dtype=False)
    assert store.latest_calibration("surveys") == cid
    assert store.latest_calibration("official") is None
    with pytest.raises(InputError, match="unknown calibration id"):
        store.calibration("c1999")


def test_runs_draw_their_parameters_from_the_stored_posterior_paired_across_scenarios(small_posterior, tmp_path):
    db = tmp_path / "runs.duckdb"
    store = RunStore(db)
    cid = store.save_calibration(manifest=small_posterior.manifest, draws=small_posterior.draws,
                                 generations=small_posterior.generations, table=small_posterior.table)
    options = dict(sample_size=3_000, draws=3, db=db)
    base = api.run(api.as_scenario("baseline").model_copy(update={"horizon": "2025-03"}), **options)
    card = api.run(api.as_scenario("case-proposal").model_copy(update={"horizon": "2025-03"}), **options)
    assert base.posterior["id"] == cid == card.posterior["id"]
    assert base.posterior["draws"] == card.posterior["draws"]  # paired: the same parameter set per draw
    assert len(base.posterior["draws"]) == 3
    values = {name for draw in base.posterior["draws"] for name in draw}
    assert values == set(TRUTH)
    assert store.run(base.run_id)["parameters"]["posterior"]["id"] == cid
    assert base.to_contract()["posterior"] == cid
    point = api.run(api.as_scenario("baseline").model_copy(update={"horizon": "2025-03"}), posterior="none",
                    **options)
    assert point.posterior is None
    assert not base.metrics.equals(point.metrics)
    # a parameter the scenario sets keeps its value in every draw
    fixed = api.as_scenario("baseline").model_copy(update={"horizon": "2025-03",
                                                           "parameters": {"return_hazard": 0.002}})
    pinned = api.run(fixed, **options)
    assert all("return_hazard" not in d for d in pinned.posterior["draws"])
    with pytest.raises(InputError, match="unknown calibration id"):
        api.run("baseline", posterior="c0000", **options)
