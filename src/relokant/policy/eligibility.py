"""Evaluate routes: for one person with an explanation, or for a whole population's arrays at once.

- ``evaluate(route, person, on)`` -> ``Result``: status (eligible / conditional / not eligible / not in force),
  every check with the values compared, points with their breakdown, the thresholds applied (the route's
  parameters at the date), rights and sources — like OpenFisca's trace.
- ``eligibility(person, on, country=None, route=None, include_proposals=False, detail="full")`` -> results for
  the routes that match; ``detail="compact"`` explains a route the person is not eligible for by its failed checks
  only. What does not depend on the person (rights, parameters at a date) is prepared once per route, and a check's
  explanation is rendered only where the result shows it: one answer over ~100 routes takes a few milliseconds,
  which the web app's eligibility endpoint depends on.
- ``evaluate_population(values, on, routes)`` -> {route id: int8 status array} (``NOT_ELIGIBLE``, ``CONDITIONAL``,
  ``ELIGIBLE``) over arrays of flat attributes (``relokant.policy.person.ATTRIBUTES``); attributes not given take
  their defaults. The same expression trees run in both modes, so they cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from relokant.policy import routes as route_registry
from relokant.policy.person import Person, default_for, flatten, parse_person
from relokant.policy.rules import Attr, Categorical, Env, Expr, Route

NOT_ELIGIBLE, CONDITIONAL, ELIGIBLE = 0, 1, 2
STATUS_NAMES = {NOT_ELIGIBLE: "not eligible", CONDITIONAL: "conditional", ELIGIBLE: "eligible"}


@dataclass
class CheckResult:
    id: str
    text: str
    passed: bool
    open: bool  # not met yet, but something the person can still obtain (a job offer, an investment)
    detail: str  # the comparison with its values


DETAILS = ("full", "compact")


@dataclass
class Result:
    route_id: str
    country: str
    name: str
    date: str
    status: str  # 'eligible', 'conditional', 'not eligible', 'not in force'
    checks: list[CheckResult] = field(default_factory=list)
    points: float | None = None
    points_required: float | None = None
    breakdown: dict[str, float] = field(default_factory=dict)
    thresholds: dict[str, object] = field(default_factory=dict)
    outputs: dict[str, object] = field(default_factory=dict)
    conditional_on: list[str] = field(default_factory=list)
    rights: dict = field(default_factory=dict)
    legal_reference: str = ""
    sources: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    proposal: bool = False
    # False where ``detail="compact"`` left out the checks a not-eligible route passed: ``checks`` then says why not.
    checks_complete: bool = True

    @property
    def eligible(self) -> bool:
        return self.status == "eligible"

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed and not c.open]

    def to_dict(self) -> dict:
        """Plain JSON-ready dict. Shallow (``dataclasses.asdict`` deep-copied ~100 results per answer): its lists
        and dicts are this result's own, so change copies, not them."""
        out = dict(self.__dict__)
        out["checks"] = [dict(c.__dict__) for c in self.checks]
        return out


def _value(x):
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def _attributes(expr: Expr, found: set[str]) -> set[str]:
    """Names of the person attributes an expression reads (for filling population defaults)."""
    if isinstance(expr, Attr):
        found.add(expr.name)
    for value in getattr(expr, "__dict__", {}).values():
        if isinstance(value, Expr):
            _attributes(value, found)
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, Expr):
                    _attributes(item, found)
    return found


@lru_cache(maxsize=None)
def _route_attributes(route_id: str, requires: tuple, points, outputs: tuple) -> frozenset[str]:
    found: set[str] = set()
    for check in requires:
        _attributes(check.condition, found)
        if check.open_if is not None:
            _attributes(check.open_if, found)
    if points:
        for item in points.items:
            _attributes(item.points, found)
        _attributes(points.minimum, found)
    for expr in outputs:
        _attributes(expr, found)
    return frozenset(found)


def route_attributes(route: Route) -> set[str]:
    """Names of the person attributes a route reads."""
    return set(_route_attributes(route.id, route.requires, route.points, tuple(route.outputs.values())))


class _Values(dict):
    """Flat person attributes; a per-code attribute not in the person (``lang.de``) reads as its default."""

    def __missing__(self, key):
        return default_for(key)


# What an answer says of a route whatever the person: prepared once per route (and per route and date), since one
# answer evaluates ~100 routes and a server gives many answers. Keyed by ``id(route)`` with the route kept beside
# its entry and compared by identity, so a route built in a test and freed cannot hand its entry to another.
_ABOUT: dict[int, tuple[Route, dict]] = {}
_AT: dict[tuple[int, dt.date], tuple[Route, dict, dict]] = {}
_AT_KEPT = 20_000  # (route, date) pairs; ~100 routes x the few dates a page asks about, cleared when exceeded


def _about(route: Route) -> dict:
    entry = _ABOUT.get(id(route))
    if entry is None or entry[0] is not route:
        entry = _ABOUT[id(route)] = (route, asdict(route.rights))
    return entry[1]


def _parameters_at(route: Route, on: dt.date) -> tuple[dict, dict]:
    """The route's parameters at a date, and the same as the answer shows them (``thresholds``)."""
    entry = _AT.get((id(route), on))
    if entry is None or entry[0] is not route:
        if len(_AT) >= _AT_KEPT:
            _AT.clear()
        params = route.parameters_at(on)
        entry = _AT[(id(route), on)] = (route, params, {name: _value(v) for name, v in params.items()})
    return entry[1], entry[2]


def _evaluate(route: Route, values: _Values, on: dt.date, compact: bool) -> Result:
    result = Result(route.id, route.country, route.name, on.isoformat(), "not in force",
                    rights=dict(_about(route)), legal_reference=route.legal_reference,
                    sources=list(route.sources), uncertain=list(route.uncertain), proposal=route.proposal,
                    conditional_on=list(route.conditional_on))
    if not route.in_force(on):
        until = f" until {route.valid_to}" if route.valid_to else ""
        result.checks.append(CheckResult("in_force", f"In force from {route.valid_from}{until}", False, False,
                                         f"date {on} is outside {route.valid_from}..{route.valid_to or 'open'}"))
        return result
    params, thresholds = _parameters_at(route, on)
    env = Env(values, params, one_person=True)
    result.thresholds = dict(thresholds)
    # Every check's outcome first; its explanation (formatting every value compared: the costly part) only for the
    # checks the result shows.
    outcomes = []  # (check, passed, open)
    for check in route.requires:
        passed = bool(check.condition.evaluate(env))
        is_open = (not passed) and check.open_if is not None and bool(check.open_if.evaluate(env))
        outcomes.append((check, passed, is_open))
    points_check = None
    if route.points is not None:
        breakdown = {item.id: _value(item.points.evaluate(env)) for item in route.points.items}
        total, minimum = sum(breakdown.values()), _value(route.points.minimum.evaluate(env))
        result.points, result.points_required = total, minimum
        result.breakdown = {k: v for k, v in breakdown.items() if v}
        points_check = CheckResult("points", route.points.text, total >= minimum, False,
                                   f"points = {total:g} >= {minimum:g}")
    result.outputs = {name: _value(expr.evaluate(env)) for name, expr in route.outputs.items()}
    failed = any(not passed and not is_open for _, passed, is_open in outcomes) or \
        (points_check is not None and not points_check.passed)
    if failed:
        result.status = "not eligible"
    elif any(is_open for _, _, is_open in outcomes) or route.conditional_on:
        result.status = "conditional"
        result.conditional_on += [check.text for check, _, is_open in outcomes if is_open]
    else:
        result.status = "eligible"
    shown = not (compact and failed)  # compact: a route the person cannot use says why not, not all it checked
    result.checks = [CheckResult(check.id, check.text, passed, is_open, check.condition.show(env))
                     for check, passed, is_open in outcomes if shown or not (passed or is_open)]
    if points_check is not None and (shown or not points_check.passed):
        result.checks.append(points_check)
    result.checks_complete = shown
    return result


def _detail(detail: str) -> bool:
    if detail not in DETAILS:
        raise ValueError(f"detail must be one of {', '.join(DETAILS)}, not {detail!r}")
    return detail == "compact"


def evaluate(route: Route, person: Person | dict, on: dt.date, detail: str = "full") -> Result:
    """One route for one person at a date, with the explanation.

    ``detail="full"`` lists every check with the values compared; ``"compact"`` lists, for a route the person is not
    eligible for, only the checks that failed (``checks_complete`` False) — why not, in a fraction of the text.
    """
    values = _Values(flatten(person, on) if isinstance(person, Person) else person)
    return _evaluate(route, values, on, _detail(detail))


def candidates(country: str | None = None, route: str | None = None,
               include_proposals: bool = False) -> tuple[Route, ...]:
    """The routes an eligibility question covers: one named route, or every route (of one country), proposals
    (the CASE relocant card: not law) only if asked for."""
    if route is not None:
        return (route_registry.get(route),)
    return _candidates(country, include_proposals)


@lru_cache(maxsize=256)
def _candidates(country: str | None, include_proposals: bool) -> tuple[Route, ...]:
    return tuple(r for r in route_registry.all_routes()
                 if (country is None or r.country == country) and (include_proposals or not r.proposal))


def eligibility(person: Person | dict, on: dt.date, country: str | None = None,
                route: str | None = None, include_proposals: bool = False, detail: str = "full") -> list[Result]:
    """Every route (or those of one country, or one route) evaluated for a person at a date (see ``evaluate`` for
    ``detail``). The person is flattened once for all routes."""
    if isinstance(person, dict):
        person = parse_person(person)
    compact = _detail(detail)
    values = _Values(flatten(person, on))
    return [_evaluate(r, values, on, compact) for r in candidates(country, route, include_proposals)]


def _column(values):
    """Text arrays become categorical codes once, so comparisons run on integers."""
    if isinstance(values, np.ndarray) and values.size and (
            values.dtype.kind == "U" or (values.dtype == object and isinstance(values.flat[0], str))):
        return Categorical.from_values(values)
    return values


def _boolean(result) -> np.ndarray:
    """A condition's result as a numpy bool (array, or scalar that broadcasts into the (n,) accumulators): a Python
    bool would not negate (``~True == -2``)."""
    return result if isinstance(result, np.ndarray) else np.bool_(result)


def evaluate_population(values: dict[str, np.ndarray], on: dt.date, routes: tuple[Route, ...] | None = None,
                        stage: str = "application", n: int | None = None) -> dict[str, np.ndarray]:
    """Status per route for every person: int8 arrays of NOT_ELIGIBLE / CONDITIONAL / ELIGIBLE.

    ``values`` holds arrays (one per person) or scalars (the same for everyone). ``stage="entry"`` leaves out the
    checks that only apply when a permit is renewed (``Check.stage == "renewal"``, e.g. a probation year's
    conditions): what decides whether one can move there now.
    """
    routes = route_registry.all_routes() if routes is None else routes
    if n is None:
        n = next(len(v) for v in values.values() if isinstance(v, (np.ndarray, Categorical)))
    values = {name: _column(v) for name, v in values.items()}
    out: dict[str, np.ndarray] = {}
    for route in routes:
        if not route.in_force(on):
            out[route.id] = np.zeros(n, np.int8)
            continue
        columns = {name: values[name] if name in values else default_for(name) for name in route_attributes(route)}
        env = Env(columns, route.parameters_at(on))
        failed = np.zeros(n, bool)
        opened = np.zeros(n, bool)
        for check in route.requires:
            if stage == "entry" and check.stage == "renewal":
                continue
            passed = _boolean(check.condition.evaluate(env))
            if check.open_if is not None:
                is_open = ~passed & _boolean(check.open_if.evaluate(env))
                opened |= is_open
                failed |= ~passed & ~is_open
            else:
                failed |= ~passed
        if route.points is not None:
            total = sum(np.asarray(item.points.evaluate(env)) for item in route.points.items)
            failed |= total < route.points.minimum.evaluate(env)
        conditional = opened | bool(route.conditional_on)
        out[route.id] = np.where(failed, NOT_ELIGIBLE, np.where(conditional, CONDITIONAL, ELIGIBLE)).astype(np.int8)
    return out
