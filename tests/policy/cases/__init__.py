"""Worked cases of policy/cases.csv (copied beside this file), translated into relokant's person schema.

Each module here declares ``CASES``: one ``Case`` per case id of cases.csv for its regime. ``expect`` keys:
``status`` ('eligible', 'conditional', 'not eligible', 'not in force'), ``points``, ``breakdown`` (the non-zero
items), ``failed`` (ids of the checks that failed), ``open`` (ids of open checks), ``thresholds`` and ``outputs``
(a subset of the result's values), ``uncertain`` (the route carries an uncertainty note).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    id: str
    route: str
    date: str
    person: dict
    expect: dict
    note: str = ""
    extra_routes: tuple = field(default=())
