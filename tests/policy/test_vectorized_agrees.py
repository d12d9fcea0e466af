"""Single-person and vectorized evaluation agree: the same expression trees on scalars and on arrays.

Random persons are drawn over the attributes the routes read (strings from the constants the routes compare them
with, so every branch can be reached), at random dates across the routes' change dates.
"""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relokant.policy.eligibility import STATUS_NAMES, evaluate, evaluate_population, route_attributes
from relokant.policy.person import default_for
from relokant.policy.routes import all_routes
from relokant.policy.rules import Attr, Compare, Const, Expr, IsIn
from tests.policy.columns import stack

ROUTES = all_routes()


def _string_constants(expr, found: dict[str, set]):
    if isinstance(expr, Compare) and isinstance(expr.left, Attr) and isinstance(expr.right, Const):
        if isinstance(expr.right.value, str):
            found.setdefault(expr.left.name, set()).add(expr.right.value)
    if isinstance(expr, IsIn) and isinstance(expr.item, Attr):
        found.setdefault(expr.item.name, set()).update(v for v in expr.options if isinstance(v, str))
    for value in getattr(expr, "__dict__", {}).values():
        for item in (value if isinstance(value, tuple) else (value,)):
            if isinstance(item, Expr):
                _string_constants(item, found)
    return found


NAMES = sorted(set().union(*(route_attributes(r) for r in ROUTES)))
STRINGS: dict[str, set] = {}
for _route in ROUTES:
    for _check in _route.requires:
        _string_constants(_check.condition, STRINGS)
        if _check.open_if is not None:
            _string_constants(_check.open_if, STRINGS)
    for _expr in _route.outputs.values():
        _string_constants(_expr, STRINGS)
    if _route.points:
        for _item in _route.points.items:
            _string_constants(_item.points, STRINGS)
CHANGE_DATES = sorted({d for r in ROUTES for d in r.change_dates()})


def _strategy(name: str):
    default = default_for(name)
    if isinstance(default, bool):
        return st.booleans()
    if isinstance(default, int):
        return st.integers(0, 400)
    if isinstance(default, float):
        return st.floats(0, 2_000_000, allow_nan=False)
    if isinstance(default, str):
        return st.sampled_from(sorted(STRINGS.get(name, set()) | {default, "other"}))
    if isinstance(default, dt.date):
        return st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31))
    if isinstance(default, tuple):
        return st.lists(st.sampled_from(["RU", "DE", "CY", "IL", "US"]), min_size=1, max_size=2).map(tuple)
    raise TypeError(name)


PERSON = st.fixed_dictionaries({name: _strategy(name) for name in NAMES})
DATE = st.one_of(st.sampled_from(CHANGE_DATES), st.dates(dt.date(2021, 1, 1), dt.date(2026, 12, 31)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(people=st.lists(PERSON, min_size=1, max_size=12), on=DATE)
def test_single_person_and_vectorized_evaluation_agree(people, on):
    vector = evaluate_population(stack(people, NAMES), on, ROUTES)
    for i, person in enumerate(people):
        for route in ROUTES:
            single = evaluate(route, dict(person), on).status
            expected = "not in force" if not route.in_force(on) else single
            got = STATUS_NAMES[int(vector[route.id][i])]
            if expected == "not in force":
                assert got == "not eligible", route.id
            else:
                assert got == expected, (route.id, person, on)
