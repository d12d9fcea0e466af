"""Behavioural processes, one function each: a vectorized pass over the persons at risk in one month.

Each takes the run's static ``Context`` (population, parameters, policy tables), the mutable ``State`` and the month
index, draws its uniforms from its own named stream (``relokant.engine.random``) and changes the state in place. No
loop over persons. The step loop in ``simulate.py`` calls them in a fixed order: access refresh, return, onward,
capital, ordinary departure, war departure. They are the reference implementation; ``kernels`` fuses their passes
over everyone into one numba pass per month and calls the movers' halves here (``move_onward``, ``leave_ordinary``,
``leave_war``) for the few who move.
"""

from __future__ import annotations

import numpy as np

from relokant.engine.context import AT_HOME, Context, State, cumulative
from relokant.engine.random import uniforms


def _hazard_to_probability(hazard: np.ndarray) -> np.ndarray:
    return -np.expm1(-hazard)


def _arrive(ctx: Context, state: State, who: np.ndarray, place: np.ndarray, month: int) -> None:
    """Move persons to a place abroad and count the arrival (first permits are counted per arrival in the EU)."""
    state.location[who] = place
    state.arrival_month[who] = month
    np.add.at(ctx.arrivals[month], place, ctx.pop.weight[who])


def _draw_place(ctx: Context, cumulative: np.ndarray, who: np.ndarray, process: str, month: int) -> np.ndarray:
    """A place for each person by inverse CDF: ``cumulative`` is one row of cumulative choice probabilities for
    everyone, or one row per person."""
    u = uniforms(ctx.seed, process, month, ctx.pop.person_id[who])
    rows = np.broadcast_to(cumulative, (who.size, cumulative.shape[-1]))
    return np.minimum((rows <= u[:, None]).sum(axis=1), cumulative.shape[-1] - 1).astype(np.int16)


def _move_capital(ctx: Context, state: State, who: np.ndarray, month: int, share: float) -> None:
    """Move a share of the liquid wealth left in Russia abroad, as far as the host country's banks accept it."""
    acceptance = ctx.regime.capital_acceptance[month, state.location[who]]
    moved_usd = state.liquid_home_usd[who] * share * acceptance
    state.liquid_home_usd[who] -= moved_usd
    moved_eur = moved_usd / ctx.params["usd_per_eur"]
    state.capital_abroad_eur[who] += moved_eur
    ctx.capital_outflow_eur[month] += float(np.dot(ctx.pop.weight[who], moved_eur))


def _access_factor(ctx: Context, access: np.ndarray) -> np.ndarray:
    """Utility factor of each person's own route access, relative to the 2022 reference."""
    return np.exp(ctx.params["route_access_weight"] * (access - ctx.access.reference))


def refresh_access(ctx: Context, state: State, month: int) -> None:
    """When the routes in force change (a new law, a suspension, a proposal enabled), re-evaluate the right to stay
    of everyone abroad where they are."""
    if month == 0 or ctx.access.epoch[month] == ctx.access.epoch[month - 1]:
        return
    abroad = np.flatnonzero(state.location != AT_HOME)
    if abroad.size:
        state.access_here[abroad] = ctx.access.access_at(abroad, state.location[abroad], month)


def returns(ctx: Context, state: State, month: int) -> None:
    """Emigrants go home. War-time leavers: a base hazard, higher in transit hubs and where the country has closed;
    ordinary emigrants: their own steady hazard (study, temporary work and family stays end)."""
    at_risk = np.flatnonzero((state.location != AT_HOME) & (state.arrival_month < month))
    if at_risk.size == 0:
        return
    place = state.location[at_risk]
    # A right to stay where one is (relative to 2022 there) makes staying easier.
    security = np.exp(-ctx.params["return_access_elasticity"]
                      * (state.access_here[at_risk] - ctx.access.reference[place]))
    hazard = np.where(state.war[at_risk], ctx.return_hazard[month, place] * security,
                      ctx.params["ordinary_return_hazard"])
    u = uniforms(ctx.seed, "return", month, ctx.pop.person_id[at_risk])
    back = at_risk[u < _hazard_to_probability(hazard)]
    state.location[back] = AT_HOME
    state.returned_month[back] = month
    # Returnees bring their capital home: it is Russian liquid wealth again, and capital abroad counts emigrants' only.
    state.liquid_home_usd[back] += state.capital_abroad_eur[back] * ctx.params["usd_per_eur"]
    ctx.capital_repatriated_eur[month] += float(np.dot(ctx.pop.weight[back], state.capital_abroad_eur[back]))
    state.capital_abroad_eur[back] = 0.0


def onward_moves(ctx: Context, state: State, month: int) -> None:
    """War-time emigrants in transit hubs move on to places beyond the hubs."""
    at_risk = np.flatnonzero(state.war & ctx.is_hub[state.location] & (state.arrival_month < month))
    if at_risk.size == 0:
        return
    u = uniforms(ctx.seed, "onward", month, ctx.pop.person_id[at_risk])
    movers = at_risk[u < ctx.onward_probability]
    if movers.size:
        move_onward(ctx, state, movers, month)


def move_onward(ctx: Context, state: State, movers: np.ndarray, month: int, access: np.ndarray | None = None) -> None:
    """The movers' destination choice and move (``access``: their route access this month, if already evaluated)."""
    access = ctx.access.access(movers, month) if access is None else access
    weights = ctx.war_weights[month, 0] * ctx.onward_places * ctx.network_factor() * _access_factor(ctx, access)
    place = _draw_place(ctx, cumulative(weights), movers, "onward_destination", month)
    state.access_here[movers] = access[np.arange(movers.size), place]
    state.moves[movers] += 1
    ctx.onward[month] += ctx.pop.weight[movers].sum()
    _arrive(ctx, state, movers, place, month)


def capital_transfers(ctx: Context, state: State, month: int) -> None:
    """Emigrants abroad keep moving part of the liquid wealth they left in Russia, as far as the host accepts it."""
    abroad = np.flatnonzero(state.location != AT_HOME)
    if abroad.size:
        _move_capital(ctx, state, abroad, month, ctx.params["capital_monthly_transfer_share"])


def ordinary_departures(ctx: Context, state: State, month: int) -> None:
    """Pre-war (ordinary) emigration at its steady rate, to the places ordinary emigrants chose."""
    at_risk = np.flatnonzero((state.left_month < 0) & ctx.pop.passport)
    if at_risk.size == 0:
        return
    u = uniforms(ctx.seed, "ordinary_departure", month, ctx.pop.person_id[at_risk])
    leavers = at_risk[u < ctx.ordinary_probability]
    if leavers.size:
        leave_ordinary(ctx, state, leavers, month)


def leave_ordinary(ctx: Context, state: State, leavers: np.ndarray, month: int,
                   access: np.ndarray | None = None) -> None:
    """Ordinary leavers' destination draw and departure (``access`` as in ``move_onward``)."""
    access = ctx.access.access(leavers, month) if access is None else access
    place = _draw_place(ctx, ctx.ordinary_cumulative[month], leavers, "ordinary_destination", month)
    state.access_here[leavers] = access[np.arange(leavers.size), place]
    state.left_month[leavers] = month
    _arrive(ctx, state, leavers, place, month)
    _move_capital(ctx, state, leavers, month, ctx.params["capital_share_moved_at_departure"])


def war_departures(ctx: Context, state: State, month: int) -> None:
    """Departures driven by the war's shocks, scaled by capability and by how attractive the options abroad are.
    Leavers choose among places weighted by the observed first-destination shares moved by openness, by their own
    route access and by each place's diaspora (``Context.network_factor``: the more who went, the more follow)."""
    at_risk = np.flatnonzero(state.left_month < 0)
    if at_risk.size == 0:
        return
    group = ctx.choice_group[at_risk]
    hazard = ctx.capability[at_risk] * (
        ctx.shock_all[month] + ctx.shock_draft[month] * ctx.pop.draft_exposed[at_risk]
    ) * ctx.departure_multiplier[month, group]
    u = uniforms(ctx.seed, "war_departure", month, ctx.pop.person_id[at_risk])
    leavers = at_risk[u < _hazard_to_probability(hazard)]
    if leavers.size:
        leave_war(ctx, state, leavers, month)


def leave_war(ctx: Context, state: State, leavers: np.ndarray, month: int, access: np.ndarray | None = None) -> None:
    """War-time leavers' destination choice and departure (``access`` as in ``move_onward``)."""
    access = ctx.access.access(leavers, month) if access is None else access
    weights = (ctx.war_weights[month][ctx.choice_group[leavers]] * ctx.network_factor()
               * _access_factor(ctx, access))
    place = _draw_place(ctx, cumulative(weights), leavers, "war_destination", month)
    state.access_here[leavers] = access[np.arange(leavers.size), place]
    state.left_month[leavers] = month
    state.war[leavers] = True
    np.add.at(ctx.first_destinations[month], place, ctx.pop.weight[leavers])
    _arrive(ctx, state, leavers, place, month)
    _move_capital(ctx, state, leavers, month, ctx.params["capital_share_moved_at_departure"])
