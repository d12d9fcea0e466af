import pytest

from relokant import api, parameters
from relokant.engine import simulate


@pytest.fixture(scope="session")
def baseline_run():
    """A small real simulation of the baseline (a few seconds): (result, params)."""
    scenario = api.as_scenario("baseline")
    params = parameters.resolve(scenario.parameters)
    result = simulate(api.population(5_000, 1), scenario, params, 1)
    return result, params
