import pytest

from relokant import api, parameters
from relokant.scenario import builtin, load


@pytest.fixture(scope="session")
def small_population():
    return api.population(20_000, 7)


@pytest.fixture(scope="session")
def baseline():
    return load(builtin("baseline")).model_copy(update={"horizon": "2025-12"})


@pytest.fixture(scope="session")
def case_proposal():
    return load(builtin("case-proposal")).model_copy(update={"horizon": "2025-12"})


@pytest.fixture(scope="session")
def default_params():
    return parameters.resolve({})
