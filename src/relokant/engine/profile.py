"""Who left: the weighted profile of simulated leavers, comparable with what emigrant surveys report.

Inputs: the ``Population`` a simulation ran on and its ``SimulationResult`` (per record: month of first departure,
war-time or ordinary). Output: ``leaver_profile(pop, result, since, until)`` -> dict of weighted statistics of the
war-time leavers who first left in the window (ages as in January 2022): mean and median age, shares under 35 and
under 45, male, higher education, IT, entrepreneurs, from Moscow or St Petersburg, from cities of a million or more,
with a partner, without minor children; plus ``leavers`` (persons) and ``records``. The population's own values of
the same statistics come from ``population_profile(pop)``, the Russian baseline.
"""

from __future__ import annotations

import numpy as np

from relokant.engine.simulate import SimulationResult
from relokant.population import REGIONS, Population
from relokant.scenario.model import month_index

IT = 0  # relokant.population.OCCUPATIONS.index("it")
BIG_CITIES = (REGIONS.index("moscow"), REGIONS.index("st_petersburg"))
MILLION_CITIES = BIG_CITIES + (REGIONS.index("large_city"),)


def _weighted_median(values: np.ndarray, weight: np.ndarray) -> float:
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weight[order])
    return float(values[order][np.searchsorted(cum, 0.5 * cum[-1])])


def _profile(pop: Population, who: np.ndarray) -> dict[str, float]:
    weight = pop.weight[who]
    total = float(weight.sum())
    if total <= 0:
        raise ValueError("no persons to profile")

    def share(mask: np.ndarray) -> float:
        return float(weight[mask[who]].sum() / total)

    age = pop.age[who].astype(np.float64)
    profile = {
        "persons": total,
        "records": int(who.sum()),
        "mean_age": float(np.average(age, weights=weight)),
        "median_age": _weighted_median(age, weight),
        "share_under_35": share(pop.age < 35),
        "share_under_45": share(pop.age < 45),
        "share_male": share(pop.male),
        "share_higher_edu": share(pop.higher_edu),
        "share_it": share(pop.occupation == IT),
        "share_moscow_st_petersburg": share(np.isin(pop.region, BIG_CITIES)),
        "share_million_cities": share(np.isin(pop.region, MILLION_CITIES)),
    }
    # Attributes of the second population version; absent columns are simply not profiled.
    if hasattr(pop, "entrepreneur"):
        profile["share_entrepreneur"] = share(pop.entrepreneur > 0)
    if hasattr(pop, "partner"):
        profile["share_partner"] = share(pop.partner)
    if hasattr(pop, "children"):
        profile["share_no_children"] = share(pop.children == 0)
    return profile


def leaver_profile(pop: Population, result: SimulationResult, since: str = "2022-02",
                   until: str = "2022-12") -> dict[str, float]:
    """Profile of the war-time leavers whose first departure fell in [since, until] (``YYYY-MM``, inclusive)."""
    first, last = month_index(since), month_index(until)
    who = result.war & (result.left_month >= first) & (result.left_month <= last)
    return _profile(pop, who)


def population_profile(pop: Population) -> dict[str, float]:
    """The same statistics for the whole population (adults 18-69 in January 2022): the Russian baseline."""
    return _profile(pop, np.ones(len(pop), dtype=bool))
