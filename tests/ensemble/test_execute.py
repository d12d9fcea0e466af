"""Where the draws run does not change what they give (``relokant.ensemble.execute``)."""

import pandas as pd
import pytest

from relokant import api
from relokant.ensemble.execute import Executor, Task, auto_workers, draw_seed, run_draws, run_task
from relokant.errors import InputError
from relokant.scenario import builtin, load


@pytest.fixture(scope="module")
def short_baseline():
    return load(builtin("baseline")).model_copy(update={"horizon": "2023-06", "seed": 11})


def test_results_do_not_depend_on_the_number_of_workers(short_baseline):
    params = api.parameters.resolve({})
    with Executor(1) as here:
        alone = run_draws(short_baseline, params, range(3), 4_000, here)
    with Executor(2) as cluster:
        assert cluster.describe() == "a local Dask cluster of 2 workers"
        spread = run_draws(short_baseline, params, range(3), 4_000, cluster)
    pd.testing.assert_frame_equal(alone, spread)
    assert sorted(alone["draw"].unique()) == [0, 1, 2]
    # a draw is its own seed's: the same alone as among others
    single = run_task(Task(short_baseline, params, 4_000, 1, draw_seed(short_baseline.seed, 1)))
    pd.testing.assert_frame_equal(single, alone[alone["draw"] == 1].reset_index(drop=True))


def test_default_is_this_process_for_a_small_ensemble():
    assert auto_workers(1, 10_000_000) == 1
    assert auto_workers(5, 3_000) == 1
    assert auto_workers(10, 200_000) >= 1
    assert Executor(1).in_process and not Executor(2).in_process


def test_bad_workers_or_scheduler_are_input_errors():
    with pytest.raises(InputError, match="workers: 0"):
        Executor(0)
    with pytest.raises(InputError, match="not a Dask scheduler address"):
        Executor(scheduler="localhost:8786")
    with pytest.raises(InputError, match="cannot reach tcp://127.0.0.1:9"):
        with Executor(scheduler="tcp://127.0.0.1:9"):
            pass
