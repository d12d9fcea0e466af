"""The eligibility answer of the web API: every route for one person at a date, as JSON bytes, fast.

Input: a validated ``relokant.policy.person.Person``, a date, optionally one country or one route, whether to include
proposals, and the detail wanted: ``"compact"`` (default) or ``"full"``. Output: ``answer(...)`` -> UTF-8 JSON bytes
``{"date", "detail", "counts", "routes": [...]}``, routes sorted eligible, conditional, not eligible, not in force
(then country, id); each route has the fields of ``relokant.policy.eligibility.Result.to_dict()`` and
``checks_complete``. In the compact answer a route that is not eligible lists only the checks it failed (why not),
with ``checks_complete`` false; eligible and conditional routes, and every route with ``detail="full"``, list every
check with its values.

Why not ``policy.eligibility.eligibility`` + ``Result.to_dict`` + ``json.dumps``, as before: that flattened the
person once per route (~95 times), deep-copied every route's rights and sources with ``dataclasses.asdict`` twice,
and rendered every check's explanation — about 20 ms of CPU and 280 kB per answer, which 50 clients on two cores
cannot be served at. Here what does not depend on the person is prepared once: per route its name, rights, sources,
legal reference and notes (shared, never copied); per date which routes are in force and their parameters. The
person is flattened once. The checks run on the same expression trees with the same status rules as
``policy.eligibility.evaluate`` (``tests/web/test_eligibility_fast.py`` checks both agree on every field, for many
persons and dates), and a check's explanation is rendered only where the answer shows it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from functools import lru_cache

from relokant.policy import routes as registry
# The explainer's own helpers: the same defaults for attributes a person lacks, the same value forms.
from relokant.policy.eligibility import _Values, _value
from relokant.policy.person import Person, flatten
from relokant.policy.rules import Env, Route

ORDER = {"eligible": 0, "conditional": 1, "not eligible": 2, "not in force": 3}
_DATES_KEPT = 64  # per-date preparations (~100 small dicts each); a page asks about a few dates


@lru_cache(maxsize=1)
def _statics() -> dict[str, dict]:
    """What the answer says about each route whatever the person and date: built once, shared by every answer
    (routes hold dicts, so they are not hashable: keyed by id)."""
    return {route.id: {"rights": asdict(route.rights), "legal_reference": route.legal_reference,
                       "sources": list(route.sources), "uncertain": list(route.uncertain), "proposal": route.proposal,
                       "conditional_on": list(route.conditional_on)}
            for route in registry.all_routes()}


@lru_cache(maxsize=_DATES_KEPT)
def _at(on: dt.date) -> dict[str, tuple]:
    """Per route id at a date: (in force, parameters, thresholds as shown, the not-in-force check)."""
    out = {}
    for route in registry.all_routes():
        if route.in_force(on):
            params = route.parameters_at(on)
            out[route.id] = (True, params, {name: _value(v) for name, v in params.items()}, None)
        else:
            until = f" until {route.valid_to}" if route.valid_to else ""
            check = {"id": "in_force", "text": f"In force from {route.valid_from}{until}", "passed": False,
                     "open": False,
                     "detail": f"date {on} is outside {route.valid_from}..{route.valid_to or 'open'}"}
            out[route.id] = (False, None, {}, check)
    return out


def candidates(country: str | None = None, route: str | None = None,
               include_proposals: bool = False) -> tuple[Route, ...]:
    """The routes asked about, as ``policy.eligibility.eligibility`` picks them (a named route: only that one)."""
    if route is not None:
        return (registry.get(route),)
    return _candidates(country, include_proposals)


@lru_cache(maxsize=256)
def _candidates(country: str | None, include_proposals: bool) -> tuple[Route, ...]:
    return tuple(r for r in registry.all_routes()
                 if (country is None or r.country == country) and (include_proposals or not r.proposal))


def _check(check_id: str, text: str, passed: bool, is_open: bool, detail: str) -> dict:
    return {"id": check_id, "text": text, "passed": passed, "open": is_open, "detail": detail}


def evaluate(route: Route, values: _Values, on: dt.date, at: tuple, full: bool) -> dict:
    """One route for a flattened person: the same decisions as ``policy.eligibility.evaluate``, as a dict."""
    static = _statics()[route.id]
    in_force, params, thresholds, closed = at
    out = {"route_id": route.id, "country": route.country, "name": route.name, "date": on.isoformat(),
           "status": "not in force", "checks": [], "points": None, "points_required": None, "breakdown": {},
           "thresholds": thresholds, "outputs": {}, "conditional_on": static["conditional_on"],
           "rights": static["rights"], "legal_reference": static["legal_reference"], "sources": static["sources"],
           "uncertain": static["uncertain"], "proposal": static["proposal"], "checks_complete": True}
    if not in_force:
        out["checks"] = [closed]
        return out
    env = Env(values, params)
    # Each check's outcome first; its explanation (the costly part: formatting every value compared) later, and
    # only for the checks the answer shows.
    outcomes = []  # (check, passed, open)
    for check in route.requires:
        passed = bool(check.condition.evaluate(env))
        is_open = (not passed) and check.open_if is not None and bool(check.open_if.evaluate(env))
        outcomes.append((check, passed, is_open))
    points_check = None
    if route.points is not None:
        breakdown = {item.id: _value(item.points.evaluate(env)) for item in route.points.items}
        total, minimum = sum(breakdown.values()), _value(route.points.minimum.evaluate(env))
        out["points"], out["points_required"] = total, minimum
        out["breakdown"] = {k: v for k, v in breakdown.items() if v}
        points_check = _check("points", route.points.text, total >= minimum, False,
                              f"points = {total:g} >= {minimum:g}")
    out["outputs"] = {name: _value(expr.evaluate(env)) for name, expr in route.outputs.items()}
    failed = any(not passed and not is_open for _, passed, is_open in outcomes) or \
        (points_check is not None and not points_check["passed"])
    if failed:
        out["status"] = "not eligible"
    elif any(is_open for _, _, is_open in outcomes) or route.conditional_on:
        out["status"] = "conditional"
        out["conditional_on"] = static["conditional_on"] + [c.text for c, _, is_open in outcomes if is_open]
    else:
        out["status"] = "eligible"
    # Compact: a route the person cannot use says why not (its failed checks), not everything it checked.
    everything = full or not failed
    checks = [_check(c.id, c.text, passed, is_open, c.condition.show(env)) for c, passed, is_open in outcomes
              if everything or not (passed or is_open)]
    if points_check is not None and (everything or not points_check["passed"]):
        checks.append(points_check)
    out["checks"] = checks
    out["checks_complete"] = everything
    return out


def results(person: Person, on: dt.date, country: str | None = None, route: str | None = None,
            include_proposals: bool = False, detail: str = "compact") -> list[dict]:
    """The routes asked about, evaluated and sorted as the answer lists them."""
    values = _Values(flatten(person, on))
    at = _at(on)
    full = detail == "full"
    found = [evaluate(r, values, on, at[r.id], full) for r in candidates(country, route, include_proposals)]
    found.sort(key=lambda r: (ORDER[r["status"]], r["country"], r["route_id"]))
    return found


def answer(person: Person, on: dt.date, country: str | None = None, route: str | None = None,
           include_proposals: bool = False, detail: str = "compact") -> bytes:
    """The API's JSON answer (one ``json.dumps`` of plain dicts: nothing to walk twice, nothing to validate)."""
    found = results(person, on, country, route, include_proposals, detail)
    counts = dict.fromkeys(ORDER, 0)
    for r in found:
        counts[r["status"]] += 1
    payload = {"date": on.isoformat(), "detail": detail, "counts": counts, "routes": found}
    return json.dumps(payload, default=str, allow_nan=False, separators=(",", ":"), check_circular=False).encode()
