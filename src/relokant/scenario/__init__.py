"""Scenarios: what a run simulates, as YAML validated by pydantic.

Input: a YAML file (``scenarios/baseline.yaml``), possibly ``extends:`` another. Output: a ``Scenario`` with the
horizon, sample size, seed and draws, the shock timeline, the policy in force by country and date (for now an
openness index and a capital-acceptance share per country), which residence and entry routes are in force beyond
their legal dates (``routes:``: a proposal enabled, a route suspended, its parameters changed), and parameter
overrides. ``load(path)`` resolves
inheritance and reports any problem as one ``InputError`` line: ``FILE: KEY.PATH: problem``.
"""

from relokant.scenario.model import PolicyEntry, RouteSwitch, Scenario, Shock, YearMonth
from relokant.scenario.loader import builtin, load, loads, locate, with_options

__all__ = ["PolicyEntry", "RouteSwitch", "Scenario", "Shock", "YearMonth", "builtin", "load", "loads", "locate",
           "with_options"]
