"""The Mesa peer of the benchmarks (``benchmarks/mesa_model.py``) is the same model as the engine.

Both draw the engine's common random numbers, so on the same inputs the same records leave in the same month and the
monthly aggregates agree to rounding (summation order only). The reference is ``simulate(..., fused=False)``, the
numpy processes the peer mirrors one method each (the fused kernels agree with it: ``tests/engine/test_kernels.py``);
this also keeps the test free of kernel compilation. Skipped without the bench extra (Mesa).
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("mesa")

from relokant import api, parameters  # noqa: E402
from relokant.engine import simulate  # noqa: E402

RECORDS = 2_000
HORIZON = "2023-06"  # the invasion and mobilization waves, and enough months for returns and onward moves


def _mesa_model():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "mesa_model.py"
    spec = importlib.util.spec_from_file_location("mesa_model", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def runs():
    scenario = api.as_scenario("baseline").model_copy(update={"horizon": HORIZON})
    params = parameters.resolve(scenario.parameters)
    seed = api.draw_seed(scenario.seed, 0)
    pop = api.population(RECORDS, seed)
    engine = simulate(pop, scenario, params, seed, fused=False)
    peer = _mesa_model().EmigrationModel(pop, scenario, params, seed).run()
    return engine, peer


def test_the_same_records_move_in_the_same_month(runs):
    engine, peer = runs
    rows = np.array([person.row for person in peer.agents])
    left = np.array([person.left_month for person in peer.agents])
    war = np.array([person.war for person in peer.agents])
    np.testing.assert_array_equal(engine.left_month[rows], left)
    np.testing.assert_array_equal(engine.war[rows], war)
    assert (left >= 0).sum() > 10  # the test exercises departures, not an empty run


def test_monthly_aggregates_agree(runs):
    engine, peer = runs
    assert peer.months == engine.months
    for name in ("stock_abroad", "capital_abroad_eur", "status_stock", "departures_cum", "returned_cum", "arrivals",
                 "first_destinations", "onward_from", "forced_exits", "capital_outflow_eur",
                 "capital_repatriated_eur", "capital_spent_eur"):
        np.testing.assert_allclose(getattr(peer, name), getattr(engine, name), rtol=1e-9, atol=1e-6, err_msg=name)
    np.testing.assert_allclose(np.cumsum(peer.onward), engine.onward_cum, rtol=1e-9, atol=1e-6)
    # The test exercises returns, onward moves and the legal-status clock, not an empty run.
    assert engine.returned_cum[-1] > 0 and engine.onward_cum[-1] > 0 and engine.forced_exits.sum() > 0
