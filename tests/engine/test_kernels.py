"""The numba fast path (``relokant.engine.kernels``) against the numpy reference (``modules``)."""

import numpy as np
import pytest

from relokant import geo
from relokant.engine import random as engine_random
from relokant.engine import simulate
from relokant.engine import context
from relokant.engine.context import build_context
from relokant.engine.regime import compile_regime

kernels = pytest.importorskip("relokant.engine.kernels")

FIELDS = ("stock_abroad", "capital_abroad_eur", "departures_cum", "returned_cum", "arrivals", "first_destinations",
          "onward_cum", "capital_outflow_eur", "capital_repatriated_eur", "capital_abroad_all_eur", "stock_by_group",
          "secure_stock", "home_earnings_abroad_rub_month", "capital_spent_eur", "status_stock", "onward_from",
          "forced_exits", "moved_abroad", "moved_returned", "remote_abroad")


def test_numba_uniforms_equal_the_numpy_hash():
    ids = np.arange(0, 5_000_000, 37, dtype=np.int64)
    for seed, process, month in ((1, "war_departure", 0), (2**31 + 5, "return", 107)):
        key = engine_random.stream_key(seed, process, month)
        np.testing.assert_array_equal(kernels.uniforms_of(key, ids),
                                      engine_random.uniforms(seed, process, month, ids))


@pytest.mark.parametrize("which, threads", [("baseline", "one"), ("case_proposal", "all")])
def test_fused_kernels_move_the_same_persons_as_the_numpy_reference(small_population, default_params, which, threads,
                                                                    request, monkeypatch):
    scenario = request.getfixturevalue(which)
    if threads == "all":  # the multi-threaded path, which only larger populations take by default
        monkeypatch.setattr(kernels, "PARALLEL_FROM", 0)
    fused = simulate(small_population, scenario, default_params, seed=3, fused=True)
    reference = simulate(small_population, scenario, default_params, seed=3, fused=False)
    np.testing.assert_array_equal(fused.left_month, reference.left_month)
    np.testing.assert_array_equal(fused.war, reference.war)
    for name in FIELDS:  # sums per chunk of persons: equal to rounding
        np.testing.assert_allclose(getattr(fused, name), getattr(reference, name), rtol=1e-12, atol=1e-6,
                                   err_msg=name)


def test_access_at_one_place_equals_that_column_of_access(small_population, case_proposal, default_params):
    ctx = build_context(small_population, case_proposal, compile_regime(case_proposal), default_params, seed=1)
    who = np.arange(0, len(small_population), 7)
    place = (who % geo.N_PLACES).astype(np.int16)
    for month in (0, 20, case_proposal.months - 1):
        full = ctx.access.kinds(who, month)
        at = ctx.access.access_at(who, place, month)
        for kind in full._fields:
            np.testing.assert_array_equal(getattr(at, kind), getattr(full, kind)[np.arange(who.size), place],
                                          err_msg=kind)
        np.testing.assert_array_equal(full.stay, ctx.access.access(who, month))


def test_kernel_status_codes_are_the_engine_codes():
    for name in ("VISA_FREE", "PERMIT", "PERMANENT", "PROTECTION", "IRREGULAR", "NO_CLOCK"):
        assert getattr(kernels, name) == getattr(context, name), name
