"""Model parameters: each declared once, with the evidence or assumption behind its default.

Inputs: the declarations below (``PARAMETERS``), ``fitted.json`` beside this file, written by ``relokant fit``, and
``posterior.json``, the shipped ABC-SMC posterior written by ``relokant calibrate --ship`` (``shipped_posterior``:
runs draw the calibrated parameters from it where the run store holds no calibration).
Outputs: ``defaults()`` (name -> value: the fitted value where the parameter is fitted, else the value of its source),
``get(name)`` for one declaration, ``resolve(overrides)`` which checks scenario overrides against the declared
hard bounds, and ``plausible_range(name)`` (the range a sensitivity analysis varies a parameter over). A parameter's
``source`` is ``ev:<figure id>`` or ``as:<assumption id>``; for a fitted parameter it is the prior (an assumption
with a range) and the fit's target table lives in ``fitted.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from relokant import evidence
from relokant.errors import InputError


@dataclass(frozen=True)
class Parameter:
    name: str
    source: str
    unit: str
    description: str
    fitted: bool = False
    # Hard bounds a scenario override must respect (what is meaningful, not what is plausible: the plausible range
    # is the source's low/high).
    minimum: float = 0.0
    maximum: float = float("inf")

    @property
    def prior(self) -> evidence.Sourced:
        return evidence.sourced(self.source)


PARAMETERS: tuple[Parameter, ...] = (
    # Departure: shocks of the war
    Parameter("wave1_peak_hazard", "as:prior_wave1_peak_hazard", "per month",
              "Departure hazard of an average-capability adult in the first full month after the invasion", True,
              maximum=1.0),
    Parameter("wave1_half_life_months", "as:wave1_half_life_months", "months",
              "Half-life of the first wave's hazard", minimum=0.05, maximum=120),
    Parameter("wave2_peak_hazard", "as:prior_wave2_peak_hazard", "per month",
              "Departure hazard of a draft-exposed man of average capability in the first full month after the "
              "mobilization order", True, maximum=1.0),
    Parameter("wave2_half_life_months", "as:wave2_half_life_months", "months",
              "Half-life of the mobilization wave's hazard", minimum=0.05, maximum=120),
    Parameter("background_hazard", "as:prior_background_hazard", "per month",
              "Steady war-time departure hazard of an average-capability adult from 2022-03 on", True, maximum=1.0),
    Parameter("ordinary_emigration_rate", "as:prior_ordinary_emigration_rate", "per month",
              "Pre-war emigration hazard of an adult with a foreign-travel passport", True, maximum=1.0),
    Parameter("ordinary_eu_share", "as:ordinary_eu_share", "share", "Share of ordinary emigration going to the EU",
              maximum=1.0),
    # Capability: who can leave (relative hazards, multiplied; normalised to a population mean of 1)
    Parameter("departure_or_higher_edu", "as:departure_or_higher_edu", "relative hazard", "Graduates vs others"),
    Parameter("departure_or_it", "as:departure_or_it", "relative hazard", "IT workers vs others"),
    Parameter("departure_or_big_city", "as:departure_or_big_city", "relative hazard",
              "Moscow and St Petersburg vs the rest of Russia"),
    Parameter("departure_or_large_city", "as:departure_or_large_city", "relative hazard",
              "Other cities of over a million vs the rest of Russia"),
    Parameter("departure_or_age_18_34", "as:departure_or_age_18_34", "relative hazard", "Ages 18-34 vs 45-69"),
    Parameter("departure_or_age_35_44", "as:departure_or_age_35_44", "relative hazard", "Ages 35-44 vs 45-69"),
    Parameter("departure_or_minor_children", "as:departure_or_minor_children", "relative hazard",
              "Parents of minor children vs others"),
    Parameter("departure_or_no_passport", "as:departure_or_no_passport", "relative hazard",
              "No foreign-travel passport vs holder"),
    # Networks: a destination grows more attractive as its diaspora grows
    Parameter("network_elasticity", "as:network_elasticity", "elasticity",
              "Elasticity of a destination's attraction to (1 + war-time diaspora / pre-war diaspora)", maximum=3.0),
    Parameter("prewar_diaspora_persons", "as:prewar_diaspora_persons", "persons",
              "Russian citizens living abroad before the war (spread over places like pre-war emigration)",
              minimum=1.0),
    Parameter("departure_inclusive_value_weight", "as:departure_inclusive_value_weight", "coefficient",
              "How much better options abroad (the logit inclusive value) raise the departure hazard", maximum=5.0),
    # Destination choice
    Parameter("choice_openness_elasticity", "as:choice_openness_elasticity", "logit coefficient",
              "Response of destination choice to ln(openness)", maximum=10.0),
    Parameter("eu_first_share", "as:prior_eu_first_share", "share",
              "EU countries as first destinations of war-time leavers", True, maximum=1.0),
    # Access from the rules as code (routes a person qualifies for)
    Parameter("route_access_weight", "as:route_access_weight", "logit coefficient",
              "Utility of a destination per unit of access to a residence route there", maximum=20.0),
    Parameter("conditional_access_weight", "as:conditional_access_weight", "share",
              "A conditional route as a share of an unconditional one", maximum=1.0),
    Parameter("entry_restricted_access", "as:entry_restricted_access", "share",
              "Access left where the usual entry for Russians is refused", maximum=1.0),
    # Legal status abroad and its clock (relokant.engine.status)
    Parameter("short_stay_months", "as:short_stay_months", "months",
              "A stay without a permit where Russians need a visa (a short-stay visa)", minimum=1.0, maximum=12.0),
    Parameter("permit_validity_months", "as:permit_validity_months", "months",
              "Validity of a temporary residence permit before renewal", minimum=1.0, maximum=120.0),
    Parameter("months_to_permanent", "as:months_to_permanent", "months",
              "Legal residence on permits before permanent residence", minimum=1.0, maximum=240.0),
    Parameter("permit_unencoded_share_visa_countries", "as:permit_unencoded_share_visa_countries", "share",
              "Where a visa is needed: share obtaining a permit on a route not encoded, when the stay runs out",
              maximum=1.0),
    Parameter("permit_unencoded_share_visa_free_countries", "as:permit_unencoded_share_visa_free_countries",
              "share", "Visa-free countries: share obtaining a permit on a route not encoded, when the stay runs out",
              maximum=1.0),
    Parameter("permit_renewal_share", "as:permit_renewal_share", "share",
              "Share of permits running out that are renewed on a route not encoded", maximum=1.0),
    Parameter("forced_exit_onward_share", "as:forced_exit_onward_share", "share",
              "Of those whose stay runs out with no permit or visa run: share moving on", maximum=1.0),
    Parameter("forced_exit_irregular_share", "as:forced_exit_irregular_share", "share",
              "Of those whose stay runs out with no permit or visa run: share overstaying", maximum=1.0),
    # Return and onward moves
    Parameter("return_hazard", "as:prior_return_hazard", "per month",
              "Monthly return hazard of a war-time emigrant where openness is as in 2022", True, maximum=1.0),
    Parameter("ordinary_return_hazard", "as:ordinary_return_hazard", "per month",
              "Monthly return hazard of ordinary (pre-war pattern) emigrants", maximum=1.0),
    Parameter("return_or_transit_hub", "as:return_or_transit_hub", "relative hazard",
              "Return hazard in a visa-free transit hub vs elsewhere"),
    Parameter("return_openness_elasticity", "as:return_openness_elasticity", "elasticity",
              "Return hazard response to ln(openness) of the country of stay", maximum=10.0),
    Parameter("onward_hazard_monthly", "as:onward_hazard_monthly", "per month",
              "Hazard of moving on from a transit hub on arrival, at 2022 access elsewhere", True, maximum=1.0),
    Parameter("onward_settling_months", "as:onward_settling_months", "months",
              "Time spent in a hub over which the onward hazard falls by a factor e", minimum=1.0, maximum=600.0),
    # Return drivers: status, savings, remote work, home-side events
    Parameter("return_or_permit", "as:return_or_permit", "relative hazard", "Temporary permit vs a limited stay"),
    Parameter("return_or_permanent", "as:return_or_permanent", "relative hazard",
              "Permanent residence vs a limited stay"),
    Parameter("return_or_protection", "as:return_or_protection", "relative hazard",
              "Humanitarian protection or asylum vs a limited stay"),
    Parameter("return_or_irregular", "as:return_or_irregular", "relative hazard", "Overstay vs a limited stay"),
    Parameter("return_or_savings_exhausted", "as:return_or_savings_exhausted", "relative hazard",
              "Savings abroad below a month's living costs and no income abroad vs otherwise"),
    Parameter("return_or_draft_exposed_after_mobilization", "as:return_or_draft_exposed_after_mobilization",
              "relative hazard", "Draft-exposed men abroad after a mobilization shock vs before"),
    Parameter("living_cost_eur_month_west", "as:living_cost_eur_month_west", "EUR per month",
              "Living costs abroad in the EU, EFTA, UK, North America and Israel"),
    Parameter("living_cost_eur_month_other", "as:living_cost_eur_month_other", "EUR per month",
              "Living costs abroad in the transit hubs and elsewhere"),
    Parameter("self_supporting_share_with_work_rights", "as:self_supporting_share_with_work_rights", "share",
              "Share of emigrants with a right to work whose earnings cover their living costs", maximum=1.0),
    Parameter("remote_share_at_departure", "as:remote_share_at_departure", "share",
              "Employed war-time leavers who keep a remote job with a Russian employer", maximum=1.0),
    Parameter("remote_loss_hazard", "as:remote_loss_hazard", "per month",
              "Hazard of losing a remote job with a Russian employer while abroad", maximum=1.0),
    # Capital
    Parameter("capital_share_moved_at_departure", "as:capital_share_moved_at_departure", "share",
              "Share of liquid wealth moved abroad at departure", maximum=1.0),
    Parameter("capital_monthly_transfer_share", "as:capital_monthly_transfer_share", "share per month",
              "Share of the liquid wealth still in Russia moved abroad each month", maximum=1.0),
    Parameter("illiquid_sale_hazard", "as:illiquid_sale_hazard", "per month",
              "Share of an emigrant's illiquid wealth in Russia sold each month", maximum=1.0),
    Parameter("illiquid_sale_discount", "as:illiquid_sale_discount", "share",
              "Discount on illiquid wealth sold from abroad", maximum=1.0),
    # Accounting conventions
    Parameter("permits_per_adult_arrival", "as:permits_per_adult_arrival", "permits per adult",
              "EU first permits per adult arrival (minors are counted by Eurostat, not simulated)", minimum=1.0,
              maximum=3.0),
    Parameter("usd_per_eur", "ev:ru_eurusd_avg_2022", "USD per EUR",
              "EUR/USD exchange rate, 2022 average: converts wealth in USD to EUR", minimum=0.5,
              maximum=2.0),
)

_BY_NAME = {p.name: p for p in PARAMETERS}


def get(name: str) -> Parameter:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise InputError(f"unknown parameter {name!r} (see `relokant params`)") from None


def names() -> tuple[str, ...]:
    return tuple(_BY_NAME)


def fitted_path():
    return resources.files("relokant.parameters") / "fitted.json"


@lru_cache(maxsize=1)
def fitted() -> dict:
    """The stored fit: {'parameters': {name: value}, 'targets': [...], ...}; empty if never fitted."""
    path = fitted_path()
    if not path.is_file():
        return {"parameters": {}, "targets": []}
    return json.loads(path.read_text(encoding="utf-8"))


def posterior_path():
    return resources.files("relokant.parameters") / "posterior.json"


@lru_cache(maxsize=1)
def shipped_posterior() -> dict | None:
    """The posterior shipped with the package (``relokant calibrate --ship``): {'manifest': ..., 'draws': [{'particle',
    'weight', name: value, ...}, ...]}, or None where none is shipped."""
    path = posterior_path()
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def reading_parameters(reading: str) -> dict[str, float]:
    """The fitted values under a reading of the return share ('surveys' are the defaults; 'official' is stored
    beside them by ``relokant fit --reading official --save``); empty where that fit was never stored."""
    stored = fitted()
    if reading == "surveys":
        return dict(stored["parameters"])
    return dict(stored.get("readings", {}).get(reading, {}).get("parameters", {}))


def defaults() -> dict[str, float]:
    """Default value of every parameter: the fit's value for fitted ones, the source's value otherwise."""
    fit = fitted()["parameters"]
    return {p.name: float(fit.get(p.name, p.prior.value)) if p.fitted else p.prior.value for p in PARAMETERS}


def check_value(name: str, value: float) -> str | None:
    """Why an override is impossible, or None if it is allowed."""
    p = get(name)
    if not (p.minimum <= value <= p.maximum):
        return f"{value!r} is outside the allowed range [{p.minimum:g}, {p.maximum:g}] ({p.unit})"
    return None


# Fitted parameters have point values and priors far wider than the fit's targets allow: where a plausible range is
# needed (a claim's hinges, Sobol sensitivity) they are varied by this factor either way from the fitted value.
FITTED_RANGE_FACTOR = "as:claim_hinge_fitted_factor"


def plausible_range(name: str, value: float | None = None) -> tuple[float, float, str]:
    """(low, high, how the range was set) of a parameter: its source's low-high, or for a fitted parameter its value
    (``value``: the scenario's; default: ``defaults()``) divided and multiplied by ``FITTED_RANGE_FACTOR``, within
    the prior. Always inside the hard bounds."""
    p = get(name)
    prior = p.prior
    if p.fitted:
        value = defaults()[name] if value is None else value
        factor = evidence.value(FITTED_RANGE_FACTOR)
        low, high = max(prior.low, value / factor), min(prior.high, value * factor)
        note = f"fitted value / x {factor:g} ({FITTED_RANGE_FACTOR}), within the prior {p.source}"
    else:
        low, high = prior.low, prior.high
        note = f"range of {p.source}"
    return max(low, p.minimum), min(high, p.maximum), note


def resolve(overrides: dict[str, float] | None = None) -> dict[str, float]:
    """Defaults with scenario overrides applied (overrides checked by name and bound)."""
    values = defaults()
    for name, value in (overrides or {}).items():
        problem = check_value(name, value)
        if problem:
            raise InputError(f"parameter {name}: {problem}")
        values[name] = float(value)
    return values
