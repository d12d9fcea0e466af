"""The scenario studio's logic: scenarios from YAML text or from the studio's form, checked like the CLI's files.

Input: YAML text (``parse``), or a base scenario plus the studio's edits (``build``: name, horizon, route switches by
route or country group and date, key parameters). Output: a validated ``relokant.scenario.Scenario`` and its YAML;
``options()`` lists what the studio offers: route groups and routes with their parameters, and the key model
parameters with their documented ranges.

Every problem is one ``InputError`` line, as in the CLI. A request never names a file: ``extends:`` may only name a
shipped scenario, and YAML aliases are refused (a few hundred bytes of nested aliases expand to billions of nodes).
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from relokant import parameters
from relokant.errors import InputError
from relokant.scenario import Scenario, loads
from relokant.scenario.loader import _first_problem, shipped
from relokant.web import limits

# The parameters the studio offers, each within its documented (plausible) range; others stay at their defaults
# here and can still be set in YAML within their hard bounds.
KEY_PARAMETERS = (
    "choice_openness_elasticity", "network_elasticity", "route_access_weight", "eu_first_share",
    "wave2_peak_hazard", "return_hazard", "onward_hazard_monthly", "capital_share_moved_at_departure",
    "remote_share_at_departure", "permit_renewal_share",
)
# Groups of routes a switch can name at once (a prefix pattern, as scenario files allow), with what they are.
ROUTE_GROUPS = {
    "CASE_RELOCANT_CARD_*": "CASE relocant card, every EU member state (a proposal)",
    "EU_BLUE_CARD_*": "EU Blue Card, every encoded member state (salary thresholds)",
    "EU_DEPOSITS_ABOVE_CAP_*": "EU sanctions deposit cap on Russians' bank deposits (EUR 100,000)",
    "ENTRY_SCHENGEN_*": "Schengen entry for Russians, every member state (visas, entry bans)",
    "VISA_FREE_*": "Visa-free stays outside the EU (transit countries)",
}
_EXTENDS = re.compile(r"^[A-Za-z0-9_-]+(\.ya?ml)?$")
_SHIPPED_DIR = Path(str(resources.files("relokant.scenarios")))


def _no_aliases(text: str, where: str) -> None:
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError(f"{where}: YAML aliases (*name) are not accepted here; write the values out")
    except yaml.YAMLError:
        return  # the loader reports the syntax error with its line


def parse(text: str, where: str = "scenario") -> Scenario:
    """The scenario in YAML ``text``, validated like a file; ``extends:`` may only name a shipped scenario."""
    if len(text) > limits.MAX_YAML_CHARS:
        raise InputError(f"{where}: {len(text):,} characters, more than the {limits.MAX_YAML_CHARS:,} accepted")
    _no_aliases(text, where)
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError:
        raw = None  # the loader reports it
    if isinstance(raw, dict) and "extends" in raw:
        parent = raw["extends"]
        stem = Path(str(parent)).stem
        if not isinstance(parent, str) or not _EXTENDS.match(parent) or stem not in shipped():
            raise InputError(f"{where}: extends: only a shipped scenario ({', '.join(shipped())}) can be extended "
                             f"here, got {parent!r}")
    return loads(text, name_for_errors=where, base_dir=_SHIPPED_DIR)


def to_yaml(scenario: Scenario) -> str:
    header = f"# {scenario.name}: built in the relokant scenario studio\n"
    return header + yaml.safe_dump(scenario.canonical(), sort_keys=False, allow_unicode=True)


def is_shipped(scenario: Scenario) -> bool:
    """True if the scenario is a shipped one as it stands, apart from the run options (size, draws, seed, horizon)."""
    if scenario.name not in shipped():
        return False
    from relokant.scenario import builtin, load

    options = ("sample_size", "draws", "seed", "horizon")
    mine = {k: v for k, v in scenario.canonical().items() if k not in options}
    theirs = {k: v for k, v in load(builtin(scenario.name)).canonical().items() if k not in options}
    return mine == theirs


def build(base: Scenario, *, name: str, description: str | None, horizon: str | None, routes: list[dict],
          parameter_values: dict[str, float]) -> Scenario:
    """The base scenario with the studio's edits: its route switches replaced by ``routes`` and key parameters set.

    The result is complete (no ``extends:``), so the YAML shows every switch in force."""
    for key, value in parameter_values.items():
        if key not in KEY_PARAMETERS:
            raise InputError(f"parameters.{key}: not one of the studio's parameters ({', '.join(KEY_PARAMETERS)}); "
                             "set others in YAML")
        low, high, _ = parameters.plausible_range(key)
        if not low <= value <= high:
            raise InputError(f"parameters.{key}: {value:g} is outside its documented range {low:.4g} to {high:.4g}")
    raw = base.canonical()
    raw.update(name=name, routes=routes, parameters={**raw.get("parameters", {}), **parameter_values})
    if description is not None:
        raw["description"] = description
    if horizon is not None:
        raw["horizon"] = horizon
    try:
        return Scenario.model_validate(raw)
    except Exception as exc:  # pydantic's ValidationError, worded as the loader words it
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            raise InputError(f"scenario: {_first_problem(exc)}") from None
        raise


@lru_cache(maxsize=1)
def options() -> dict:
    """What the studio offers: route groups and routes with their parameters, key parameters with ranges."""
    from relokant.policy.routes import all_routes
    from relokant.scenario.model import matching_routes

    def route_parameters(routes) -> dict:
        found: dict[str, dict] = {}
        for r in routes:
            for pname, p in r.parameters.items():
                value = p.values[-1][1] if p.values else None
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    kind = "flag" if isinstance(value, bool) else "other"
                else:
                    kind = "number"
                if kind != "other":
                    found.setdefault(pname, {"unit": p.unit, "latest": float(value), "kind": kind,
                                             "source": p.source})
        return found

    groups = [{"pattern": pattern, "label": label, "parameters": route_parameters(matching_routes(pattern)),
               "routes": len(matching_routes(pattern))} for pattern, label in ROUTE_GROUPS.items()]
    routes = [{"pattern": r.id, "label": f"{r.name} ({r.country})", "country": r.country, "kind": r.kind,
               "proposal": r.proposal, "parameters": route_parameters([r])} for r in all_routes()]
    defaults = parameters.defaults()
    key = []
    for pname in KEY_PARAMETERS:
        p = parameters.get(pname)
        low, high, note = parameters.plausible_range(pname)
        key.append({"name": pname, "description": p.description, "unit": p.unit, "default": defaults[pname],
                    "low": low, "high": high, "range_note": note, "source": p.source})
    return {"groups": groups, "routes": routes, "parameters": key, "shipped": shipped()}
