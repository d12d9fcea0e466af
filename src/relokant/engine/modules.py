"""Behavioural processes, one function each: a vectorized pass over the persons at risk in one month.

Each takes the run's static ``Context`` (population, parameters, policy tables), the mutable ``State`` and the month
index, draws its uniforms from its own named stream (``relokant.engine.random``) and changes the state in place. No
loop over persons. The step loop in ``simulate.py`` calls them in a fixed order (``simulate.STEPS``): access refresh,
the legal-status clock, return, onward, capital, ordinary departure, war departure. They are the reference
implementation; ``kernels`` fuses their passes over everyone into one numba pass per month and calls the movers'
halves here (``move_onward``, ``leave_ordinary``, ``leave_war``, ``capital_month``) for the few who move.

Per person and month, in that order: a stay that runs out is turned into a permit, restarted by a visa run, or ends
in a forced exit (move on, overstay, go home); then the return hazard (by status, savings, home-side events); then
the onward hazard from a transit hub (eligibility elsewhere, time spent, networks); then capital (illiquid wealth
sold, a transfer within the bank's acceptance and the deposit cap, living costs drawn from savings, a remote job
kept or lost); then departures.
"""

from __future__ import annotations

import numpy as np

from relokant.engine.context import (AT_HOME, IRREGULAR, NO_CLOCK, NO_STATUS, PERMANENT, PERMIT, PROTECTION,
                                     SECURE_STATUSES, VISA_FREE, Context, State, cumulative)
from relokant.engine.random import uniforms
from relokant.population import OCCUPATIONS

NOT_EMPLOYED = OCCUPATIONS.index("not_employed")

# At an epoch change everyone abroad is re-evaluated; the full (persons x places) access of hub residents is built
# in slices of this many records, to bound the temporaries at full scale.
REFRESH_SLICE = 200_000


def _hazard_to_probability(hazard: np.ndarray) -> np.ndarray:
    return -np.expm1(-hazard)


def _arrive(ctx: Context, state: State, who: np.ndarray, place: np.ndarray, month: int) -> None:
    """Move persons to a place abroad and count the arrival (first permits are counted per arrival in the EU)."""
    state.location[who] = place
    state.arrival_month[who] = month
    np.add.at(ctx.arrivals[month], place, ctx.pop.weight[who])


def _settle(ctx: Context, state: State, who: np.ndarray, place: np.ndarray, kinds, month: int,
            ordinary: bool) -> None:
    """Legal status on arrival (see ``context``): ordinary emigrants on a permit with no clock; the others with
    protection where a protection route admits them (drawn on its access), else on a stay without a permit and its
    clock. Records what the clock and the onward hazard read later: permit access here and the best elsewhere."""
    rows = np.arange(who.size)
    state.permit_here[who] = kinds.permit[rows, place]
    elsewhere = np.where(ctx.onward_places, kinds.permit, 0.0)
    elsewhere[rows, place] = 0.0
    state.best_elsewhere[who] = elsewhere.max(axis=1)
    if ordinary:
        state.status[who] = PERMIT
        state.status_until[who] = NO_CLOCK
        state.permit_since[who] = month
        return
    u = uniforms(ctx.seed, "status_arrival", month, ctx.pop.person_id[who])
    protected = u < kinds.protection[rows, place]
    limit = ctx.stay_limit_months[month, place]
    state.status[who] = np.where(protected, PROTECTION, VISA_FREE)
    state.status_until[who] = np.where(protected | (limit == 0), NO_CLOCK, month + limit)
    state.permit_since[who] = -1


def _go_home(ctx: Context, state: State, back: np.ndarray, month: int) -> None:
    """Return to Russia: returnees bring their capital home (Russian liquid wealth again; capital abroad counts
    emigrants' only) and leave their status behind."""
    state.location[back] = AT_HOME
    state.returned_month[back] = month
    state.liquid_home_usd[back] += state.capital_abroad_eur[back] * ctx.params["usd_per_eur"]
    ctx.capital_repatriated_eur[month] += float(np.dot(ctx.pop.weight[back], state.capital_abroad_eur[back]))
    state.capital_abroad_eur[back] = 0.0
    state.status[back] = NO_STATUS
    state.status_until[back] = NO_CLOCK
    state.permit_since[back] = -1


def _draw_place(ctx: Context, cumulative: np.ndarray, who: np.ndarray, process: str, month: int) -> np.ndarray:
    """A place for each person by inverse CDF: ``cumulative`` is one row of cumulative choice probabilities for
    everyone, or one row per person."""
    u = uniforms(ctx.seed, process, month, ctx.pop.person_id[who])
    rows = np.broadcast_to(cumulative, (who.size, cumulative.shape[-1]))
    return np.minimum((rows <= u[:, None]).sum(axis=1), cumulative.shape[-1] - 1).astype(np.int16)


def _is_secure(status: np.ndarray) -> np.ndarray:
    return np.isin(status, SECURE_STATUSES)


def _move_capital(ctx: Context, state: State, who: np.ndarray, month: int, share: float) -> None:
    """Move a share of the liquid wealth left in Russia abroad, as far as the host country's banks accept it
    (``regime.capital_acceptance``: frictions and de-risking) and, for those without a permit there, up to the
    deposit cap (Reg. 833/2014 Art. 5b; exempt with a permit, Art. 5b(3))."""
    place = state.location[who]
    acceptance = ctx.regime.capital_acceptance[month, place]
    moved_usd = state.liquid_home_usd[who] * share * acceptance
    headroom_eur = np.maximum(ctx.deposit_cap_eur[month, place] - state.capital_abroad_eur[who], 0.0)
    capped = ~_is_secure(state.status[who]) & np.isfinite(headroom_eur)
    moved_usd = np.where(capped, np.minimum(moved_usd, headroom_eur * ctx.params["usd_per_eur"]), moved_usd)
    state.liquid_home_usd[who] -= moved_usd
    moved_eur = moved_usd / ctx.params["usd_per_eur"]
    state.capital_abroad_eur[who] += moved_eur
    ctx.capital_outflow_eur[month] += float(np.dot(ctx.pop.weight[who], moved_eur))


def living_deficit_eur(ctx: Context, state: State, who: np.ndarray) -> np.ndarray:
    """Monthly living costs a war-time emigrant pays from savings: none with a remote job; with a right to work,
    the share not covered by local earnings (``self_supporting_share_with_work_rights``, in expectation)."""
    cost = ctx.living_cost_eur[state.location[who]]
    uncovered = np.where(_is_secure(state.status[who]), 1.0 - ctx.params["self_supporting_share_with_work_rights"],
                         1.0)
    return np.where(state.remote[who], 0.0, cost * uncovered)


def _access_factor(ctx: Context, access: np.ndarray) -> np.ndarray:
    """Utility factor of each person's own route access, relative to the 2022 reference."""
    return np.exp(ctx.params["route_access_weight"] * (access - ctx.access.reference))


def refresh_access(ctx: Context, state: State, month: int) -> None:
    """When the routes in force change (a new law, a suspension, a proposal enabled), re-evaluate those it concerns:
    the access to a permit where they are of everyone at a place whose routes changed, and, if an onward place's
    routes changed, the best access to a permit elsewhere of everyone in a transit hub."""
    if month == 0 or ctx.access.epoch[month] == ctx.access.epoch[month - 1]:
        return
    changed = ctx.access.changed_places(month)
    affected = np.flatnonzero(changed[state.location] & (state.location != AT_HOME))
    if affected.size:
        state.permit_here[affected] = ctx.access.access_at(affected, state.location[affected], month).permit
    if not np.any(changed & ctx.onward_places):
        return
    hub = np.flatnonzero(ctx.is_hub[state.location])
    for start in range(0, hub.size, REFRESH_SLICE):
        who = hub[start:start + REFRESH_SLICE]
        state.best_elsewhere[who] = ctx.access.best_permit_over(who, month, ctx.onward_places)


def permit_route_draw(ctx: Context, who: np.ndarray, place: np.ndarray) -> np.ndarray:
    """One uniform per person and place (stream 'permit_route', keyed by the place index instead of a month)."""
    u = np.empty(who.size)
    for j in np.unique(place):
        here = place == j
        u[here] = uniforms(ctx.seed, "permit_route", int(j), ctx.pop.person_id[who[here]])
    return u


def status_clock(ctx: Context, state: State, month: int) -> None:
    """Stays and permits that run out this month. A permit held ``months_to_permanent`` becomes permanent
    residence. Otherwise the person obtains (or renews) a permit with the probability of qualifying: their access
    to a permit route there (from the rules) or a route the synthetic person cannot show (``unencoded_permit`` for
    a first permit, ``permit_renewal_share`` for a renewal). A permit that is not renewed leaves a short stay. A
    stay without a permit restarts where the rules allow a visa run; if not, the person must leave: move on,
    overstay (irregular) or go home (``forced_exit_*`` shares)."""
    expired = np.flatnonzero((state.location != AT_HOME) & (state.status_until != NO_CLOCK)
                             & (state.status_until <= month))
    if expired.size == 0:
        return
    p = ctx.params
    place = state.location[expired]
    status = state.status[expired]
    validity = int(round(p["permit_validity_months"]))
    permanent = (status == PERMIT) & (month - state.permit_since[expired] >= p["months_to_permanent"])
    # A renewal is this month's draw (a job or studies may end); a first permit is one draw per person and place,
    # whether they have a job, studies or family there, which does not change each time a stay runs out.
    u = np.where(status == PERMIT, uniforms(ctx.seed, "status", month, ctx.pop.person_id[expired]),
                 permit_route_draw(ctx, expired, place))
    unencoded = np.where(status == PERMIT, p["permit_renewal_share"], ctx.unencoded_permit[place])
    qualifies = ~permanent & (u < 1.0 - (1.0 - state.permit_here[expired].astype(np.float64)) * (1.0 - unencoded))
    lapsed = ~permanent & ~qualifies & (status == PERMIT)
    limit = ctx.stay_limit_months[month, place]
    visa_run = ~permanent & ~qualifies & ~lapsed & ctx.visa_run[month, place] & (limit > 0)
    forced = ~permanent & ~qualifies & ~lapsed & ~visa_run

    who = expired[permanent]
    state.status[who] = PERMANENT
    state.status_until[who] = NO_CLOCK
    who = expired[qualifies]
    state.permit_since[who] = np.where(state.status[who] == PERMIT, state.permit_since[who], month)
    state.status[who] = PERMIT
    state.status_until[who] = month + validity
    who = expired[lapsed | visa_run]
    state.status[who] = VISA_FREE
    state.status_until[who] = np.where(limit[lapsed | visa_run] > 0, month + limit[lapsed | visa_run], NO_CLOCK)
    state.permit_since[who] = -1

    leaving = expired[forced]
    if leaving.size == 0:
        return
    np.add.at(ctx.forced_exits[month], state.location[leaving], ctx.pop.weight[leaving])
    v = uniforms(ctx.seed, "status_exit", month, ctx.pop.person_id[leaving])
    onward_share = p["forced_exit_onward_share"]
    irregular = leaving[(v >= onward_share) & (v < onward_share + p["forced_exit_irregular_share"])]
    state.status[irregular] = IRREGULAR
    state.status_until[irregular] = NO_CLOCK
    _go_home(ctx, state, leaving[v >= onward_share + p["forced_exit_irregular_share"]], month)
    movers = leaving[v < onward_share]
    if movers.size:  # their capital moves with everyone's in ``capital_transfers``, at the new place
        move_onward(ctx, state, movers, month)


def return_hazard(ctx: Context, state: State, who: np.ndarray, month: int) -> np.ndarray:
    """Monthly return hazard. War-time leavers: a base hazard by place (higher in the hubs and where the country has
    closed) times the relative hazards of their status, of savings that no longer cover a month of living costs
    with no income abroad, and of home-side events (mobilization for the draft-exposed); ordinary emigrants: their
    own steady hazard (study, temporary work and family stays end)."""
    place = state.location[who]
    deficit = living_deficit_eur(ctx, state, who)
    exhausted = (deficit > 0) & (state.capital_abroad_eur[who] < deficit)
    draft = np.where(ctx.pop.draft_exposed[who], ctx.return_draft_factor[month], 1.0)
    war_hazard = (ctx.return_hazard[month, place] * ctx.status_return_factor[state.status[who]] * draft
                  * np.where(exhausted, ctx.params["return_or_savings_exhausted"], 1.0))
    return np.where(state.war[who], war_hazard, ctx.params["ordinary_return_hazard"])


def returns(ctx: Context, state: State, month: int) -> None:
    """Emigrants go home (``return_hazard``)."""
    at_risk = np.flatnonzero((state.location != AT_HOME) & (state.arrival_month < month))
    if at_risk.size == 0:
        return
    u = uniforms(ctx.seed, "return", month, ctx.pop.person_id[at_risk])
    _go_home(ctx, state, at_risk[u < _hazard_to_probability(return_hazard(ctx, state, at_risk, month))], month)


def onward_scale(ctx: Context, month: int) -> float:
    """The part of the onward hazard shared by everyone in a month: the base hazard times the networks at the
    onward places."""
    return ctx.params["onward_hazard_monthly"] * ctx.onward_network_factor(month)


def onward_hazard(ctx: Context, state: State, who: np.ndarray, month: int, scale: float) -> np.ndarray:
    """Hazard of moving on from a hub: ``scale`` times the utility of the best permit a person could get at an
    onward place (relative to 2022, on the destination choice's scale ``route_access_weight``) times a factor that
    falls with the time spent in the hub (``onward_settling_months``)."""
    p = ctx.params
    eligibility = np.exp(p["route_access_weight"]
                         * (state.best_elsewhere[who].astype(np.float64) - ctx.reference_best_elsewhere))
    settling = np.exp(-(month - state.arrival_month[who].astype(np.float64)) / p["onward_settling_months"])
    return scale * eligibility * settling


def onward_moves(ctx: Context, state: State, month: int) -> None:
    """War-time emigrants in transit hubs move on to places beyond the hubs (``onward_hazard``)."""
    at_risk = np.flatnonzero(state.war & ctx.is_hub[state.location] & (state.arrival_month < month))
    if at_risk.size == 0:
        return
    u = uniforms(ctx.seed, "onward", month, ctx.pop.person_id[at_risk])
    hazard = onward_hazard(ctx, state, at_risk, month, onward_scale(ctx, month))
    movers = at_risk[u < _hazard_to_probability(hazard)]
    if movers.size:
        move_onward(ctx, state, movers, month)


def move_onward(ctx: Context, state: State, movers: np.ndarray, month: int, kinds=None) -> None:
    """The movers' destination choice among the onward places other than their own, and the move (``kinds``:
    their route access this month by kind, if already evaluated)."""
    kinds = ctx.access.kinds(movers, month) if kinds is None else kinds
    here = state.location[movers]
    weights = ctx.war_weights[month, 0] * ctx.onward_places * ctx.network_factor() * _access_factor(ctx, kinds.stay)
    weights[np.arange(movers.size), here] = 0.0
    place = _draw_place(ctx, cumulative(weights), movers, "onward_destination", month)
    np.add.at(ctx.onward_from[month], here, ctx.pop.weight[movers])
    state.moves[movers] += 1
    ctx.onward[month] += ctx.pop.weight[movers].sum()
    _arrive(ctx, state, movers, place, month)
    _settle(ctx, state, movers, place, kinds, month, ordinary=False)


def capital_month(ctx: Context, state: State, who: np.ndarray, month: int) -> None:
    """One month of capital for persons abroad: war-time emigrants sell part of their illiquid wealth in Russia (at
    a discount); everyone moves a share of the liquid wealth left in Russia (``_move_capital``); war-time emigrants
    pay living costs from their savings abroad (``living_deficit_eur``: counted as spent abroad); remote jobs with
    Russian employers are lost at their hazard."""
    p = ctx.params
    war = who[state.war[who]]
    sold_usd = state.illiquid_home_usd[war].astype(np.float64) * p["illiquid_sale_hazard"]
    state.illiquid_home_usd[war] = state.illiquid_home_usd[war] - sold_usd
    state.liquid_home_usd[war] += sold_usd * (1.0 - p["illiquid_sale_discount"])
    _move_capital(ctx, state, who, month, p["capital_monthly_transfer_share"])
    spent = np.minimum(living_deficit_eur(ctx, state, war), state.capital_abroad_eur[war])
    state.capital_abroad_eur[war] -= spent
    ctx.capital_spent_eur[month] += float(np.dot(ctx.pop.weight[war], spent))
    remote = war[state.remote[war]]
    u = uniforms(ctx.seed, "remote_loss", month, ctx.pop.person_id[remote])
    state.remote[remote[u < _hazard_to_probability(p["remote_loss_hazard"])]] = False


def capital_transfers(ctx: Context, state: State, month: int) -> None:
    """``capital_month`` for everyone abroad."""
    abroad = np.flatnonzero(state.location != AT_HOME)
    if abroad.size:
        capital_month(ctx, state, abroad, month)


def ordinary_departures(ctx: Context, state: State, month: int) -> None:
    """Pre-war (ordinary) emigration at its steady rate, to the places ordinary emigrants chose."""
    at_risk = np.flatnonzero((state.left_month < 0) & ctx.pop.passport)
    if at_risk.size == 0:
        return
    u = uniforms(ctx.seed, "ordinary_departure", month, ctx.pop.person_id[at_risk])
    leavers = at_risk[u < ctx.ordinary_probability]
    if leavers.size:
        leave_ordinary(ctx, state, leavers, month)


def leave_ordinary(ctx: Context, state: State, leavers: np.ndarray, month: int, kinds=None) -> None:
    """Ordinary leavers' destination draw and departure (``kinds`` as in ``move_onward``)."""
    kinds = ctx.access.kinds(leavers, month) if kinds is None else kinds
    place = _draw_place(ctx, ctx.ordinary_cumulative[month], leavers, "ordinary_destination", month)
    state.left_month[leavers] = month
    _arrive(ctx, state, leavers, place, month)
    _settle(ctx, state, leavers, place, kinds, month, ordinary=True)
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


def leave_war(ctx: Context, state: State, leavers: np.ndarray, month: int, kinds=None) -> None:
    """War-time leavers' destination choice and departure (``kinds`` as in ``move_onward``); the employed among them
    keep a remote job with a Russian employer with probability ``remote_share_at_departure``."""
    kinds = ctx.access.kinds(leavers, month) if kinds is None else kinds
    weights = (ctx.war_weights[month][ctx.choice_group[leavers]] * ctx.network_factor()
               * _access_factor(ctx, kinds.stay))
    place = _draw_place(ctx, cumulative(weights), leavers, "war_destination", month)
    state.left_month[leavers] = month
    state.war[leavers] = True
    u = uniforms(ctx.seed, "remote_departure", month, ctx.pop.person_id[leavers])
    state.remote[leavers] = (ctx.pop.occupation[leavers] != NOT_EMPLOYED) & (
        u < ctx.params["remote_share_at_departure"])
    np.add.at(ctx.first_destinations[month], place, ctx.pop.weight[leavers])
    _arrive(ctx, state, leavers, place, month)
    _settle(ctx, state, leavers, place, kinds, month, ordinary=False)
    _move_capital(ctx, state, leavers, month, ctx.params["capital_share_moved_at_departure"])
