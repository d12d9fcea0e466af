"""Policy in force: the scenario's dated per-country entries compiled into month × place arrays.

Input: a ``Scenario``. Output: a ``Regime`` with ``openness`` (attractiveness relative to 2022 conditions, 1 = as in
2022) and ``capital_acceptance`` (share of an intended capital transfer that lands), each shaped
(months, places) and indexed like ``relokant.geo.PLACES``. This is the first, index-based policy layer; the
rules-as-code layer replaces it with routes and eligibility.

An entry dated on or before the 15th takes effect in its own month, a later one from the next month: the engine
works in whole months and a measure counts for the month in which it held most days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from relokant import evidence, geo
from relokant.scenario import Scenario
from relokant.scenario.model import month_index


@dataclass(frozen=True)
class Regime:
    openness: np.ndarray  # (months, places)
    capital_acceptance: np.ndarray  # (months, places)


def effective_month(date) -> int:
    return month_index(date) + (1 if date.day > 15 else 0)


def _number(value) -> float:
    return evidence.value(value) if isinstance(value, str) else float(value)


def compile_regime(scenario: Scenario) -> Regime:
    months = scenario.months
    openness = np.ones((months, geo.N_PLACES))
    acceptance = np.ones((months, geo.N_PLACES))
    for entry in scenario.policy:  # in order: later entries override earlier ones
        start = max(effective_month(entry.start), 0)
        stop = months if entry.end is None else min(effective_month(entry.end), months)
        if start >= stop:
            continue
        columns = [geo.index(code) for code in geo.members(entry.geo)]
        if entry.openness is not None:
            openness[start:stop, columns] = _number(entry.openness)
        if entry.capital_acceptance is not None:
            acceptance[start:stop, columns] = _number(entry.capital_acceptance)
    return Regime(openness, acceptance)
