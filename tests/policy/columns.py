"""Test helper: stack flat person dicts into the columns vectorized evaluation takes."""

import datetime as dt

import numpy as np

from relokant.policy.person import default_for


def stack(people: list[dict], names) -> dict[str, np.ndarray]:
    """One array per attribute name (objects for text, tuples and dates); missing values take their defaults."""
    columns = {}
    for name in names:
        values = [p.get(name, default_for(name)) for p in people]
        if isinstance(values[0], tuple | str | dt.date):
            array = np.empty(len(values), dtype=object)
            array[:] = values
        else:
            array = np.array(values)
        columns[name] = array
    return columns
