"""The engine's two data holders: ``Context`` (everything fixed for a run, precomputed per month) and ``State``
(what changes as persons move). Both are structures of arrays; persons are rows, months and places are columns.

``build_context`` turns a population, a scenario's regime, routes and shocks, and resolved parameters into per-month
tables: shock hazards, destination choice weights per passport group (each leaver's own route access multiplies
them when the leaver chooses), the departure multiplier from the logit inclusive value, return hazards by place, the
ordinary destination distribution, and what the legal-status clock and the capital rules read (stay limits and visa
runs by place and month, the deposit cap, living costs, the relative return hazards by status).

Legal status abroad (``State.status``, codes ``STATUSES``): everyone arrives on a stay without a permit
(``visa_free``: a visa-free stay, or a short-stay visa where Russians need one) with its clock (``status_until``), or
with humanitarian protection where a protection route admits them; pre-war-pattern (ordinary) emigrants arrive on a
permit with no clock (study, work and family stays). What happens when a clock runs out is ``modules.status_clock``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import numpy as np

from relokant import geo
from relokant.engine import destinations
from relokant.engine.access import VISA_REQUIRED, AccessTable, RouteAccess
from relokant.engine.regime import Regime
from relokant.scenario import Scenario
from relokant.scenario.model import month_index

AT_HOME = 0
# Legal status of a person abroad (``State.status``); 'none' at home. 'visa_free' is any stay without a permit and
# with a limit: a visa-free stay, or a short-stay visa where Russians need a visa.
STATUSES = ("none", "visa_free", "permit", "permanent", "protection", "irregular")
NO_STATUS, VISA_FREE, PERMIT, PERMANENT, PROTECTION, IRREGULAR = range(len(STATUSES))
NO_CLOCK = -1
# Statuses that carry a right to work and exempt from the EU deposit cap (Reg. 833/2014 Art. 5b(3): a residence
# permit); a permit whose validity is running counts until it lapses.
SECURE_STATUSES = (PERMIT, PERMANENT, PROTECTION)
# Places where the cost of living is the 'west' one (living_cost_eur_month_west).
WEST = frozenset(geo.EU27) | {"GB", "CH", "NO", "US", "CA", "IL"}
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
    illiquid_home_usd: np.ndarray  # float32, illiquid wealth (housing) still held in Russia
    capital_abroad_eur: np.ndarray  # capital moved abroad and held there
    status: np.ndarray  # int8, legal status where the person is (``STATUSES``)
    status_until: np.ndarray  # int16, month in which the status runs out (NO_CLOCK: it does not)
    permit_since: np.ndarray  # int16, month of the first permit at the current place (-1: none)
    permit_here: np.ndarray  # float32, access to a residence permit where the person is (0..1, from the rules)
    best_elsewhere: np.ndarray  # float32, best access to a residence permit at an onward place (0..1)
    remote: np.ndarray  # bool, works remotely for a Russian employer

    @classmethod
    def initial(cls, pop) -> "State":
        n = len(pop)
        return cls(
            location=np.zeros(n, np.int16), left_month=np.full(n, -1, np.int16),
            returned_month=np.full(n, -1, np.int16), arrival_month=np.full(n, -1, np.int16),
            war=np.zeros(n, bool), moves=np.zeros(n, np.int8),
            liquid_home_usd=pop.liquid_wealth_usd.astype(np.float64),
            illiquid_home_usd=np.maximum(pop.wealth_usd - pop.liquid_wealth_usd, 0).astype(np.float32),
            capital_abroad_eur=np.zeros(n, np.float64),
            status=np.zeros(n, np.int8), status_until=np.full(n, NO_CLOCK, np.int16),
            permit_since=np.full(n, -1, np.int16), permit_here=np.zeros(n, np.float32),
            best_elsewhere=np.zeros(n, np.float32), remote=np.zeros(n, bool),
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
    # Legal status (see the module docstring) and capital rules, from the routes in force:
    stay_limit_months: np.ndarray  # (months, places) int16: a stay without a permit; 0 = no limit encoded
    visa_run: np.ndarray  # (months, places) bool: leaving and re-entering restarts it
    deposit_cap_eur: np.ndarray  # (months, places): capital a person without a permit may hold there; inf = none
    unencoded_permit: np.ndarray  # (places,) share obtaining a permit on a route not encoded when a stay runs out
    status_return_factor: np.ndarray  # (STATUSES,) relative return hazard by status (war-time emigrants)
    return_draft_factor: np.ndarray  # (months,) relative return hazard of the draft-exposed (home-side event)
    living_cost_eur: np.ndarray  # (places,) monthly living costs of one adult
    reference_best_elsewhere: float  # 2022 mean of the best permit access at an onward place (leavers' mix)
    # Flows recorded by the modules, weighted persons: (months, places) or (months,)
    arrivals: np.ndarray = field(default=None)
    first_destinations: np.ndarray = field(default=None)
    onward: np.ndarray = field(default=None)
    capital_outflow_eur: np.ndarray = field(default=None)  # (months,) moved out of Russia
    capital_repatriated_eur: np.ndarray = field(default=None)  # (months,) brought back by returnees
    capital_spent_eur: np.ndarray = field(default=None)  # (months,) spent abroad on living costs from savings
    onward_from: np.ndarray = field(default=None)  # (months, places) onward moves by the place left
    forced_exits: np.ndarray = field(default=None)  # (months, places) stays run out with no permit or visa run
    diaspora: np.ndarray = field(default=None)  # (places,) counted leavers abroad at the end of the last month

    def __post_init__(self):
        self.arrivals = np.zeros((self.months, geo.N_PLACES))
        self.first_destinations = np.zeros((self.months, geo.N_PLACES))
        self.onward = np.zeros(self.months)
        self.capital_outflow_eur = np.zeros(self.months)
        self.capital_repatriated_eur = np.zeros(self.months)
        self.capital_spent_eur = np.zeros(self.months)
        self.onward_from = np.zeros((self.months, geo.N_PLACES))
        self.forced_exits = np.zeros((self.months, geo.N_PLACES))
        self.diaspora = np.zeros(geo.N_PLACES)

    def network_factor(self) -> np.ndarray:
        """Attraction of each place from its diaspora, (1 + war-time diaspora / pre-war diaspora) ** elasticity:
        1 before anyone has left, growing as people arrive, faster where the pre-war community was small."""
        growth = np.divide(self.diaspora, self.prewar_diaspora, out=np.zeros(geo.N_PLACES),
                           where=self.prewar_diaspora > 0)
        return (1.0 + growth) ** self.network_elasticity

    def onward_network_factor(self, month: int) -> float:
        """How much the diaspora at the onward places raises the onward hazard: their network factors averaged
        with this month's war-time choice weights (1 before anyone has left)."""
        weights = self.war_weights[month, 0] * self.onward_places
        return float(weights @ self.network_factor() / weights.sum()) if weights.sum() > 0 else 1.0


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
        if start >= months:  # after the horizon: no effect in this run
            continue
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


def build_context(pop, scenario: Scenario, regime: Regime, params: dict[str, float], seed: int,
                  access_table: AccessTable | None = None) -> Context:
    months = scenario.months
    beta = params["choice_openness_elasticity"]
    rel_hazard = capability(pop, params)
    share = destinations.prior_first_share(params["eu_first_share"])
    masks = [destinations.reachable(passport) for passport in PASSPORT_GROUPS]
    without_passport = _share_of_leavers(pop, rel_hazard, ~pop.passport)
    group_share = destinations.group_shares(share, masks, (1 - without_passport, without_passport))
    is_hub = np.array([p in geo.TRANSIT_HUBS for p in geo.PLACES])

    access = RouteAccess(pop, scenario, params, rel_hazard, access_table)
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
    onward_places = ~is_hub & (np.arange(geo.N_PLACES) != 0)
    stay_rules = [access.stay_rules(m) for m in range(months)]
    visa_countries = np.array([p in VISA_REQUIRED for p in geo.PLACES])
    status_return_factor = np.ones(len(STATUSES))
    for status, name in ((PERMIT, "return_or_permit"), (PERMANENT, "return_or_permanent"),
                         (PROTECTION, "return_or_protection"), (IRREGULAR, "return_or_irregular")):
        status_return_factor[status] = params[name]

    choice_group = np.where(pop.passport, 0, 1).astype(np.int8)
    return Context(
        pop=pop, params=params, regime=regime, seed=seed, months=months,
        capability=rel_hazard, choice_group=choice_group,
        shock_all=shock_profile(scenario, params, months, "all"),
        shock_draft=shock_profile(scenario, params, months, "draft_exposed"),
        departure_multiplier=multiplier, war_weights=war_weights,
        ordinary_cumulative=cumulative(ordinary), onward_places=onward_places,
        return_hazard=return_hazard, is_hub=is_hub, access=access,
        ordinary_probability=-np.expm1(-params["ordinary_emigration_rate"]),
        onward_probability=-np.expm1(-params["onward_hazard_monthly"]),
        # Where pre-war emigrants went is where the pre-war diaspora lives: its total spread like ordinary emigration.
        prewar_diaspora=params["prewar_diaspora_persons"] * ordinary_base / ordinary_base.sum(),
        network_elasticity=params["network_elasticity"],
        stay_limit_months=np.stack([r.limit_months for r in stay_rules]),
        visa_run=np.stack([r.visa_run for r in stay_rules]),
        deposit_cap_eur=np.stack([access.deposit_cap_eur(m) for m in range(months)]),
        unencoded_permit=np.where(visa_countries, params["permit_unencoded_share_visa_countries"],
                                  params["permit_unencoded_share_visa_free_countries"]),
        status_return_factor=status_return_factor,
        return_draft_factor=draft_return_factor(scenario, params, months),
        living_cost_eur=np.array([params["living_cost_eur_month_west"] if p in WEST
                                  else params["living_cost_eur_month_other"] for p in geo.PLACES]),
        reference_best_elsewhere=access.reference_best(onward_places),
    )


def draft_return_factor(scenario: Scenario, params: dict[str, float], months: int) -> np.ndarray:
    """A home-side event: from the month of the scenario's first mobilization shock (a shock on the draft-exposed),
    draft-exposed men abroad return at ``return_or_draft_exposed_after_mobilization`` times the usual hazard (the
    order was never repealed: going home exposes them to call-up)."""
    factor = np.ones(months)
    starts = [month_index(s.date) for s in scenario.shocks if s.population == "draft_exposed"]
    if starts:
        factor[min(starts):] = params["return_or_draft_exposed_after_mobilization"]
    return factor
