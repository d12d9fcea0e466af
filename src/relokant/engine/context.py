"""The engine's two data holders: ``Context`` (everything fixed for a run, precomputed per month) and ``State``
(what changes as persons move). Both are structures of arrays; persons are rows, months and places are columns.

``build_context`` turns a population, a scenario's regime, routes and shocks, and resolved parameters into per-month
tables: shock hazards, destination choice weights per passport group (each leaver's own route access multiplies
them when the leaver chooses), the departure multiplier from the logit inclusive value, return hazards by place, and
the ordinary destination distribution.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import numpy as np

from relokant import geo
from relokant.engine import destinations
from relokant.engine.access import RouteAccess
from relokant.engine.regime import Regime
from relokant.scenario import Scenario
from relokant.scenario.model import month_index

AT_HOME = 0
# Persons are grouped for destination choice by what they can reach: 0 = foreign-travel passport, 1 = internal only.
PASSPORT_GROUPS = (True, False)


@dataclass
class State:
    location: np.ndarray  # int16 place index; 0 = Russia
    left_month: np.ndarray  # int16, month of (first) departure, -1 never left
    returned_month: np.ndarray  # int16, -1 never returned
    arrival_month: np.ndarray  # int16, month of arrival at the current place
    war: np.ndarray  # bool, left because of the war (not ordinary emigration)
    moves: np.ndarray  # int8, onward moves made
    liquid_home_usd: np.ndarray  # liquid wealth still in Russia
    capital_abroad_eur: np.ndarray  # capital moved abroad and held there
    access_here: np.ndarray  # float32, access to a right to stay where the person is (0..1)

    @classmethod
    def initial(cls, pop) -> "State":
        n = len(pop)
        return cls(
            location=np.zeros(n, np.int16), left_month=np.full(n, -1, np.int16),
            returned_month=np.full(n, -1, np.int16), arrival_month=np.full(n, -1, np.int16),
            war=np.zeros(n, bool), moves=np.zeros(n, np.int8),
            liquid_home_usd=pop.liquid_wealth_usd.astype(np.float64).copy(),
            capital_abroad_eur=np.zeros(n, np.float64), access_here=np.zeros(n, np.float32),
        )


@dataclass
class Context:
    pop: object
    params: dict[str, float]
    regime: Regime
    seed: int
    months: int
    capability: np.ndarray  # relative departure hazard per person, weighted mean 1
    choice_group: np.ndarray  # int8 per person: index into PASSPORT_GROUPS
    shock_all: np.ndarray  # (months,) hazard for everyone
    shock_draft: np.ndarray  # (months,) extra hazard for the draft-exposed
    departure_multiplier: np.ndarray  # (months, groups) exp(weight * inclusive value shift)
    war_weights: np.ndarray  # (months, groups, places) exp(utility) before each person's own route access
    ordinary_cumulative: np.ndarray  # (months, places)
    onward_places: np.ndarray  # (places,) bool: where people move on to from the hubs
    return_hazard: np.ndarray  # (months, places)
    is_hub: np.ndarray  # (places,) bool
    access: RouteAccess  # route access per person, from the rules as code (``access.epoch``: when it changes)
    ordinary_probability: float
    onward_probability: float
    # Networks: the Russian diaspora at each place before the war (persons) and the elasticity of a place's
    # attraction to its diaspora; ``diaspora`` is the war-time diaspora, updated at the end of every month.
    prewar_diaspora: np.ndarray
    network_elasticity: float
    # Flows recorded by the modules, weighted persons: (months, places) or (months,)
    arrivals: np.ndarray = field(default=None)
    first_destinations: np.ndarray = field(default=None)
    onward: np.ndarray = field(default=None)
    capital_outflow_eur: np.ndarray = field(default=None)  # (months,) moved out of Russia
    capital_repatriated_eur: np.ndarray = field(default=None)  # (months,) brought back by returnees
    diaspora: np.ndarray = field(default=None)  # (places,) counted leavers abroad at the end of the last month

    def __post_init__(self):
        self.arrivals = np.zeros((self.months, geo.N_PLACES))
        self.first_destinations = np.zeros((self.months, geo.N_PLACES))
        self.onward = np.zeros(self.months)
        self.capital_outflow_eur = np.zeros(self.months)
        self.capital_repatriated_eur = np.zeros(self.months)
        self.diaspora = np.zeros(geo.N_PLACES)

    def network_factor(self) -> np.ndarray:
        """Attraction of each place from its diaspora, (1 + war-time diaspora / pre-war diaspora) ** elasticity:
        1 before anyone has left, growing as people arrive, faster where the pre-war community was small."""
        growth = np.divide(self.diaspora, self.prewar_diaspora, out=np.zeros(geo.N_PLACES),
                           where=self.prewar_diaspora > 0)
        return (1.0 + growth) ** self.network_elasticity


def capability(pop, params: dict[str, float]) -> np.ndarray:
    """Relative departure hazard: the product of the declared relative hazards, normalised to a weighted mean of 1
    so that hazard parameters read as the hazard of an average adult."""
    big_city = pop.region <= 1  # Moscow, St Petersburg
    large_city = pop.region == 2  # the other cities of over a million
    rel = np.ones(len(pop))
    rel *= np.where(pop.higher_edu, params["departure_or_higher_edu"], 1.0)
    rel *= np.where(pop.occupation == 0, params["departure_or_it"], 1.0)
    rel *= np.where(big_city, params["departure_or_big_city"], np.where(large_city, params["departure_or_large_city"],
                                                                        1.0))
    rel *= np.where(pop.age <= 34, params["departure_or_age_18_34"],
                    np.where(pop.age <= 44, params["departure_or_age_35_44"], 1.0))
    rel *= np.where(pop.children > 0, params["departure_or_minor_children"], 1.0)
    rel *= np.where(pop.passport, 1.0, params["departure_or_no_passport"])
    return rel / np.average(rel, weights=pop.weight)


def _share_of_leavers(pop, rel_hazard: np.ndarray, who: np.ndarray) -> float:
    """Expected share of a group among leavers at equal shock exposure (weights times relative hazard)."""
    mass = pop.weight * rel_hazard
    return float(mass[who].sum() / mass.sum())


def shock_profile(scenario: Scenario, params: dict[str, float], months: int, population: str) -> np.ndarray:
    """Monthly hazard of the scenario's shocks for one population: a partial first month from the shock's date, the
    peak in the first full month, then halving every half-life. The steady background hazard starts the month after
    the earliest shock (the war-time outflow that continues after the waves)."""
    hazard = np.zeros(months)
    for shock in scenario.shocks:
        if shock.population != population:
            continue
        peak = params[shock.hazard] * shock.scale
        half_life = (params[shock.half_life_months] if isinstance(shock.half_life_months, str)
                     else float(shock.half_life_months))
        start = month_index(shock.date)
        days_in_month = _days_in_month(shock.date)
        hazard[start] += peak * (days_in_month - shock.date.day + 1) / days_in_month
        after = np.arange(start + 1, months)
        hazard[after] += peak * 0.5 ** ((after - start - 1) / half_life)
    if population == "all" and scenario.shocks:
        first = min(month_index(s.date) for s in scenario.shocks)
        hazard[first + 1:] += params["background_hazard"]
    return hazard


def _days_in_month(date) -> int:
    return calendar.monthrange(date.year, date.month)[1]


def cumulative(weights: np.ndarray) -> np.ndarray:
    """Cumulative choice probabilities along the last axis (rows of zero weight stay zero)."""
    total = weights.sum(axis=-1, keepdims=True)
    probabilities = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    cumulative = np.cumsum(probabilities, axis=-1)
    cumulative[..., -1] = np.where(total[..., 0] > 0, 1.0, 0.0)
    return cumulative


def build_context(pop, scenario: Scenario, regime: Regime, params: dict[str, float], seed: int) -> Context:
    months = scenario.months
    beta = params["choice_openness_elasticity"]
    rel_hazard = capability(pop, params)
    share = destinations.prior_first_share(params["eu_first_share"])
    masks = [destinations.reachable(passport) for passport in PASSPORT_GROUPS]
    without_passport = _share_of_leavers(pop, rel_hazard, ~pop.passport)
    group_share = destinations.group_shares(share, masks, (1 - without_passport, without_passport))
    is_hub = np.array([p in geo.TRANSIT_HUBS for p in geo.PLACES])

    access = RouteAccess(pop, scenario, params, rel_hazard)
    # Population-level access relative to 2022, as a utility factor per place (for the inclusive value and for
    # ordinary emigrants, whose destinations are drawn per group).
    access_factor = np.stack([np.exp(params["route_access_weight"] * (access.mean_access(m) - access.reference))
                              for m in range(months)])

    war_weights = np.zeros((months, len(PASSPORT_GROUPS), geo.N_PLACES))
    multiplier = np.ones((months, len(PASSPORT_GROUPS)))
    for m in range(months):
        for g, mask in enumerate(masks):
            war_weights[m, g] = destinations.choice_weights(group_share[g], regime.openness[m], beta, mask)
            shift = destinations.inclusive_value_shift(group_share[g], regime.openness[m], beta, mask,
                                                       access_factor[m])
            multiplier[m, g] = np.exp(params["departure_inclusive_value_weight"] * shift)

    # Ordinary emigrants: in 2022 conditions the EU gets ordinary_eu_share, split within the EU and outside it like
    # war-time choices; openness and access then move them as they move everyone.
    eu = geo.IS_EU
    holders = group_share[0]
    ordinary_base = np.where(eu, params["ordinary_eu_share"] * holders / holders[eu].sum(),
                             (1 - params["ordinary_eu_share"]) * holders / holders[~eu].sum())
    ordinary = np.stack([destinations.choice_weights(ordinary_base, regime.openness[m], beta, masks[0])
                         for m in range(months)]) * access_factor

    openness = np.clip(regime.openness, 0.05, None)
    return_hazard = (params["return_hazard"] * np.where(is_hub, params["return_or_transit_hub"], 1.0)
                     * openness ** (-params["return_openness_elasticity"]))

    choice_group = np.where(pop.passport, 0, 1).astype(np.int8)
    return Context(
        pop=pop, params=params, regime=regime, seed=seed, months=months,
        capability=rel_hazard, choice_group=choice_group,
        shock_all=shock_profile(scenario, params, months, "all"),
        shock_draft=shock_profile(scenario, params, months, "draft_exposed"),
        departure_multiplier=multiplier, war_weights=war_weights,
        ordinary_cumulative=cumulative(ordinary), onward_places=~is_hub & (np.arange(geo.N_PLACES) != 0),
        return_hazard=return_hazard, is_hub=is_hub, access=access,
        ordinary_probability=-np.expm1(-params["ordinary_emigration_rate"]),
        onward_probability=-np.expm1(-params["onward_hazard_monthly"]),
        # Where pre-war emigrants went is where the pre-war diaspora lives: its total spread like ordinary emigration.
        prewar_diaspora=params["prewar_diaspora_persons"] * ordinary_base / ordinary_base.sum(),
        network_elasticity=params["network_elasticity"],
    )
