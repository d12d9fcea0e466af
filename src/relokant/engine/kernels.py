"""Fused numba kernels for the passes over every person: the fast path of the monthly step loop.

The numpy processes in ``modules`` are the reference: one function per process, each a few array passes with
temporaries the size of its risk set, which at full scale (about 100 million persons) means several passes and
gigabytes of temporaries per month. Here each month reads every person once (``month_pass``: the status clock,
return, onward selection, capital (sales, transfers within the deposit cap, living costs, remote jobs), ordinary and
war departure selection) and once more at the end (``record``); the few persons who move (onward movers, forced
exits that move on, leavers) are then handled by the same numpy code as the reference, with one route access
evaluation for all of them. Same uniforms (``uniform_at`` is the numba twin of ``random.uniforms``), same
arithmetic per person (the war departure probability per hazard class, see ``Fused``), so the same persons move;
sums are taken per chunk of persons and then added, so weighted totals agree with the reference to rounding (about
1e-15 relative), not bit for bit.

Persons are split into ``CHUNKS`` contiguous chunks processed in parallel (numba ``prange``); chunk partial sums are
added in chunk order, so a run does not depend on the number of threads. Populations under ``PARALLEL_FROM`` run on
one thread. The kernels are compiled on first use and cached on disk (numba ``cache=True``, in ``__pycache__``).
"""

from __future__ import annotations

from contextlib import contextmanager

import numba
import numpy as np
from numba import njit, prange

from relokant.engine.random import _GOLDEN, _M1, _M2, stream_key

_SHIFT11 = np.uint64(11)
_SHIFT27, _SHIFT30, _SHIFT31 = np.uint64(27), np.uint64(30), np.uint64(31)
_TO_UNIT = 2.0 ** -53

CHUNKS = 256  # a fixed number: the summation order (and so the result to the last bit) is the same on any machine
NO_EVENT, ONWARD, ORDINARY, WAR = 0, 1, 2, 3
BLOCK = 1024  # persons per block of a chunk
# Below this many persons the kernels run on one thread: a month's pass is then a few milliseconds, and starting the
# other threads three times a month costs more than it saves wherever the cores are shared with other work.
PARALLEL_FROM = 1_000_000


@njit(cache=True)
def _splitmix(z):
    z = z + _GOLDEN
    z = (z ^ (z >> _SHIFT30)) * _M1
    z = (z ^ (z >> _SHIFT27)) * _M2
    return z ^ (z >> _SHIFT31)


@njit(cache=True)
def uniform_at(key, person_id):
    """``random.uniforms`` for one person: the same 64-bit hash (uint64 arithmetic wraps as in numpy)."""
    z = _splitmix(_splitmix((np.uint64(person_id) * _GOLDEN) ^ key))
    return np.float64(z >> _SHIFT11) * _TO_UNIT


@njit(cache=True)
def uniforms_of(key, person_id):
    """Vector form of ``uniform_at`` (for tests: it must equal ``random.uniforms``)."""
    out = np.empty(person_id.size)
    for i in range(person_id.size):
        out[i] = uniform_at(key, person_id[i])
    return out


@njit(cache=True)
def _bounds(n, chunks, c):
    size = (n + chunks - 1) // chunks
    return min(c * size, n), min((c + 1) * size, n)


@njit(parallel=True, cache=True)
def _classify(capability, values, draft_exposed, choice_group, out):
    """Hazard class per person: (index of its capability in ``values``) * 4 + draft * 2 + choice group; False if a
    capability is not among ``values``."""
    missing = 0
    for i in prange(capability.size):
        k = np.searchsorted(values, capability[i])
        if k >= values.size or values[k] != capability[i]:
            missing += 1
            k = 0
        out[i] = k * 4 + (2 if draft_exposed[i] else 0) + choice_group[i]
    return missing == 0


# Indices into ``month_pass``'s ``scalars`` (run-level numbers of the month, float64).
(S_VALIDITY, S_TO_PERMANENT, S_EXIT_ONWARD, S_EXIT_IRREGULAR, S_ORDINARY_RETURN, S_SAVINGS_OR, S_DRAFT,
 S_ONWARD_SCALE, S_ACCESS_WEIGHT, S_REFERENCE_BEST, S_SETTLING, S_SALE_HAZARD, S_SALE_DISCOUNT, S_TRANSFER_SHARE,
 S_USD_PER_EUR, S_SELF_SUPPORTING, S_REMOTE_LOSS, S_ORDINARY_PROBABILITY, S_RENEWAL) = range(19)
# Indices into ``month_pass``'s ``place_tables`` (per place, float64).
(P_RETURN_HAZARD, P_ACCEPTANCE, P_DEPOSIT_CAP, P_UNENCODED_PERMIT, P_LIVING_COST, P_STAY_LIMIT, P_VISA_RUN,
 P_IS_HUB) = range(8)
# Status codes (``context.STATUSES``), repeated here as numba constants; ``tests/engine/test_kernels.py`` checks them.
VISA_FREE, PERMIT, PERMANENT, PROTECTION, IRREGULAR = 1, 2, 3, 4, 5
NO_CLOCK = -1


@njit(cache=True)
def _secure(status):
    return status == PERMIT or status == PERMANENT or status == PROTECTION


@njit(cache=True)
def _deficit(status, remote, place, place_tables, scalars):
    """``modules.living_deficit_eur`` for one person."""
    cost = place_tables[P_LIVING_COST, place]
    uncovered = 1.0 - scalars[S_SELF_SUPPORTING] if _secure(status) else 1.0
    return 0.0 if remote else cost * uncovered


@njit(parallel=True, cache=True)
def month_pass(month, keys, location, arrival_month, war, left_month, returned_month, status, status_until,
               permit_since, permit_here, best_elsewhere, remote, liquid_home_usd, illiquid_home_usd,
               capital_abroad_eur, person_id, weight, passport, draft_exposed, place_tables, status_return_factor,
               scalars, permit_route_keys, hazard_class, war_probability, event, chunk_sums, chunk_counts,
               chunk_places):
    """One pass over everyone at the start of a month, in the order of ``simulate.STEPS`` per person.

    Abroad: the status clock (``modules.status_clock``: a forced move on is ``event`` ONWARD, done by the caller);
    then, if there before this month, return (applied) and, for a war-time leaver in a transit hub, onward selection
    (``event`` ONWARD); then ``modules.capital_month`` (applied). At home and never left: ordinary departure
    selection for passport holders, else war departure selection (``event`` ORDINARY / WAR;
    ``war_probability[hazard_class[i]]``: see ``Fused.war_probability``).
    ``keys``: stream keys (return, onward, ordinary_departure, war_departure, status, status_exit, remote_loss);
    ``permit_route_keys``: per place, the key of ``modules.permit_route_draw``.
    Per chunk: ``chunk_sums`` (repatriated, outflow, spent; EUR), ``chunk_counts`` per event code,
    ``chunk_places`` (forced exits by place).
    """
    n = location.size
    key_return, key_onward, key_ordinary, key_war = keys[0], keys[1], keys[2], keys[3]
    key_status, key_exit, key_remote = keys[4], keys[5], keys[6]
    validity = np.int16(scalars[S_VALIDITY])
    remote_loss = -np.expm1(-scalars[S_REMOTE_LOSS])
    for c in prange(CHUNKS):
        start, stop = _bounds(n, CHUNKS, c)
        repatriated = 0.0
        outflow = 0.0
        spent_eur = 0.0
        n_ordinary = 0
        n_war = 0
        n_onward = 0
        for block in range(start, stop, BLOCK):
            end = min(block + BLOCK, stop)
            # Departures first, branch-free so that the compiler vectorizes the two hashes per person (the bulk of
            # the pass): everyone is hashed, only those at home who never left can leave.
            for i in range(block, end):
                ordinary = passport[i] & (uniform_at(key_ordinary, person_id[i]) < scalars[S_ORDINARY_PROBABILITY])
                war_leaver = (uniform_at(key_war, person_id[i]) < war_probability[hazard_class[i]]) & ~ordinary
                can_leave = (location[i] == 0) & (left_month[i] < 0)
                n_ordinary += can_leave & ordinary
                n_war += can_leave & war_leaver
                event[i] = np.int8(can_leave) * (np.int8(ordinary) * ORDINARY + np.int8(war_leaver) * WAR)
            # Then the few abroad: status clock, return, onward selection, capital.
            for i in range(block, end):
                place = location[i]
                if place == 0:
                    continue
                go_home = False
                if status_until[i] != NO_CLOCK and status_until[i] <= month:
                    limit = np.int16(place_tables[P_STAY_LIMIT, place])
                    if status[i] == PERMIT and month - permit_since[i] >= scalars[S_TO_PERMANENT]:
                        status[i] = PERMANENT
                        status_until[i] = NO_CLOCK
                    elif (uniform_at(key_status, person_id[i]) if status[i] == PERMIT
                          else uniform_at(permit_route_keys[place], person_id[i])) < 1.0 - (
                            1.0 - np.float64(permit_here[i])) * (
                            1.0 - (scalars[S_RENEWAL] if status[i] == PERMIT
                                   else place_tables[P_UNENCODED_PERMIT, place])):
                        if status[i] != PERMIT:
                            permit_since[i] = month
                        status[i] = PERMIT
                        status_until[i] = month + validity
                    elif status[i] == PERMIT or (place_tables[P_VISA_RUN, place] > 0 and limit > 0):
                        status[i] = VISA_FREE
                        status_until[i] = month + limit if limit > 0 else NO_CLOCK
                        permit_since[i] = -1
                    else:
                        chunk_places[c, place] += weight[i]
                        v = uniform_at(key_exit, person_id[i])
                        if v < scalars[S_EXIT_ONWARD]:
                            event[i] = ONWARD
                            n_onward += 1
                            continue
                        if v < scalars[S_EXIT_ONWARD] + scalars[S_EXIT_IRREGULAR]:
                            status[i] = IRREGULAR
                            status_until[i] = NO_CLOCK
                        else:
                            go_home = True
                if not go_home and arrival_month[i] < month:
                    if war[i]:
                        deficit = _deficit(status[i], remote[i], place, place_tables, scalars)
                        hazard = place_tables[P_RETURN_HAZARD, place] * status_return_factor[status[i]] * (
                            scalars[S_DRAFT] if draft_exposed[i] else 1.0) * (
                            scalars[S_SAVINGS_OR] if deficit > 0 and capital_abroad_eur[i] < deficit else 1.0)
                    else:
                        hazard = scalars[S_ORDINARY_RETURN]
                    go_home = uniform_at(key_return, person_id[i]) < -np.expm1(-hazard)
                    if not go_home and war[i] and place_tables[P_IS_HUB, place] > 0:
                        hazard = scalars[S_ONWARD_SCALE] * np.exp(scalars[S_ACCESS_WEIGHT] * (
                            np.float64(best_elsewhere[i]) - scalars[S_REFERENCE_BEST])) * np.exp(
                            -(month - np.float64(arrival_month[i])) / scalars[S_SETTLING])
                        if uniform_at(key_onward, person_id[i]) < -np.expm1(-hazard):
                            event[i] = ONWARD
                            n_onward += 1
                            continue
                if go_home:
                    location[i] = 0
                    returned_month[i] = month
                    liquid_home_usd[i] += capital_abroad_eur[i] * scalars[S_USD_PER_EUR]
                    repatriated += weight[i] * capital_abroad_eur[i]
                    capital_abroad_eur[i] = 0.0
                    status[i] = 0
                    status_until[i] = NO_CLOCK
                    permit_since[i] = -1
                    continue
                # ``modules.capital_month``
                if war[i]:
                    sold_usd = np.float64(illiquid_home_usd[i]) * scalars[S_SALE_HAZARD]
                    illiquid_home_usd[i] = illiquid_home_usd[i] - sold_usd
                    liquid_home_usd[i] += sold_usd * (1.0 - scalars[S_SALE_DISCOUNT])
                moved_usd = liquid_home_usd[i] * scalars[S_TRANSFER_SHARE] * place_tables[P_ACCEPTANCE, place]
                cap = place_tables[P_DEPOSIT_CAP, place]
                if not _secure(status[i]) and np.isfinite(cap):
                    headroom_eur = max(cap - capital_abroad_eur[i], 0.0)
                    moved_usd = min(moved_usd, headroom_eur * scalars[S_USD_PER_EUR])
                liquid_home_usd[i] -= moved_usd
                moved_eur = moved_usd / scalars[S_USD_PER_EUR]
                capital_abroad_eur[i] += moved_eur
                outflow += weight[i] * moved_eur
                if war[i]:
                    spent = min(_deficit(status[i], remote[i], place, place_tables, scalars), capital_abroad_eur[i])
                    capital_abroad_eur[i] -= spent
                    spent_eur += weight[i] * spent
                    if remote[i] and uniform_at(key_remote, person_id[i]) < remote_loss:
                        remote[i] = False
        chunk_sums[c, 0] = repatriated
        chunk_sums[c, 1] = outflow
        chunk_sums[c, 2] = spent_eur
        chunk_counts[c, ONWARD] = n_onward
        chunk_counts[c, ORDINARY] = n_ordinary
        chunk_counts[c, WAR] = n_war


@njit(parallel=True, cache=True)
def collect(event, chunk_counts):
    """Indices (ascending) of the onward movers, ordinary and war leavers marked in ``event``, placed by the
    per-chunk counts of ``month_pass``: one parallel pass for the three."""
    n = event.size
    offsets = np.zeros((4, CHUNKS + 1), np.int64)
    for k in range(1, 4):
        for c in range(CHUNKS):
            offsets[k, c + 1] = offsets[k, c] + chunk_counts[c, k]
    onward = np.empty(offsets[ONWARD, CHUNKS], np.int64)
    ordinary = np.empty(offsets[ORDINARY, CHUNKS], np.int64)
    war = np.empty(offsets[WAR, CHUNKS], np.int64)
    for c in prange(CHUNKS):
        if chunk_counts[c, ONWARD] + chunk_counts[c, ORDINARY] + chunk_counts[c, WAR] == 0:
            continue
        start, stop = _bounds(n, CHUNKS, c)
        k1, k2, k3 = offsets[ONWARD, c], offsets[ORDINARY, c], offsets[WAR, c]
        for i in range(start, stop):
            code = event[i]
            if code == ONWARD:
                onward[k1] = i
                k1 += 1
            elif code == ORDINARY:
                ordinary[k2] = i
                k2 += 1
            elif code == WAR:
                war[k3] = i
                k3 += 1
    return onward, ordinary, war


@njit(parallel=True, cache=True)
def record(location, war, left_month, returned_month, capital_abroad_eur, status, moves, remote, weight, group,
           income, invasion_month, n_places, n_groups, n_statuses):
    """End-of-month tables in one pass (see ``simulate._record``, the numpy reference).

    Returns per chunk (the caller adds them in chunk order): per place (stock, capital), (places, groups) stock,
    (places, statuses) stock, per group home earnings, and (departures, returned, capital abroad of everyone, moved
    on and abroad, moved on and returned, remote workers abroad).
    """
    n = location.size
    by_place = np.zeros((CHUNKS, 2, n_places))
    by_cell = np.zeros((CHUNKS, n_places, n_groups))
    by_status = np.zeros((CHUNKS, n_places, n_statuses))
    by_group = np.zeros((CHUNKS, n_groups))
    totals = np.zeros((CHUNKS, 6))
    for c in prange(CHUNKS):
        start, stop = _bounds(n, CHUNKS, c)
        departed = 0.0
        returned = 0.0
        capital_all = 0.0
        moved_abroad = 0.0
        moved_returned = 0.0
        remote_abroad = 0.0
        for i in range(start, stop):
            place = location[i]
            counted = war[i] or left_month[i] >= invasion_month
            if place == 0:
                if counted and returned_month[i] >= 0:
                    departed += weight[i]
                    returned += weight[i]
                    if moves[i] > 0:
                        moved_returned += weight[i]
                elif counted:
                    departed += weight[i]
                continue
            w = weight[i]
            capital_all += w * capital_abroad_eur[i]
            if not counted:
                continue
            departed += w
            if returned_month[i] >= 0:
                returned += w
            if moves[i] > 0:
                moved_abroad += w
            if remote[i] and war[i]:
                remote_abroad += w
            g = group[i]
            by_place[c, 0, place] += w
            by_place[c, 1, place] += w * capital_abroad_eur[i]
            by_cell[c, place, g] += w
            by_status[c, place, status[i]] += w
            by_group[c, g] += w * np.float64(income[i])
        totals[c, 0] = departed
        totals[c, 1] = returned
        totals[c, 2] = capital_all
        totals[c, 3] = moved_abroad
        totals[c, 4] = moved_returned
        totals[c, 5] = remote_abroad
    return by_place, by_cell, by_status, by_group, totals


class Fused:
    """The fast path's month step and end-of-month record, with its scratch arrays (one event byte per person)."""

    def __init__(self, ctx, state):
        n = len(ctx.pop)
        self.event = np.zeros(n, np.int8)
        self.threads = 1 if n < PARALLEL_FROM else None
        self.chunk_sums = np.zeros((CHUNKS, 3))
        self.chunk_places = np.zeros((CHUNKS, len(ctx.living_cost_eur)))
        self.permit_route_keys = np.array([stream_key(ctx.seed, "permit_route", j)
                                           for j in range(len(ctx.living_cost_eur))], dtype=np.uint64)
        self.chunk_counts = np.zeros((CHUNKS, 4), np.int64)
        pop = ctx.pop
        self.person_id = np.ascontiguousarray(pop.person_id)
        self.weight = np.ascontiguousarray(pop.weight, dtype=np.float64)
        # The war departure hazard depends on a person through (capability, draft exposure, choice group) only, a
        # few hundred combinations: its probability is computed per combination and month, as the reference
        # computes it per person (same operations in the same order), and looked up by class.
        values = np.unique(ctx.capability[:: max(1, n // 100_000)])
        hazard_class = np.empty(n, np.uint16)
        if not _classify(ctx.capability, values, pop.draft_exposed, ctx.choice_group, hazard_class):
            values = np.unique(ctx.capability)  # a value the subsample missed: all of them (slower, same classes)
            hazard_class = np.empty(n, np.uint16 if values.size * 4 <= 2 ** 16 else np.int64)
            _classify(ctx.capability, values, pop.draft_exposed, ctx.choice_group, hazard_class)
        classes = np.arange(values.size * 4)
        self.hazard_class = hazard_class
        self.class_capability = values[classes // 4]
        self.class_draft = (classes // 2) % 2 == 1
        self.class_group = classes % 2

    def war_probability(self, ctx, month: int) -> np.ndarray:
        """``modules.war_departures``' probability per hazard class."""
        hazard = self.class_capability * (
            ctx.shock_all[month] + ctx.shock_draft[month] * self.class_draft
        ) * ctx.departure_multiplier[month, self.class_group]
        return -np.expm1(-hazard)

    @contextmanager
    def _threads(self):
        before = numba.get_num_threads()  # a per-thread setting in numba
        numba.set_num_threads(self.threads or before)
        try:
            yield
        finally:
            numba.set_num_threads(before)

    def step(self, ctx, state, month: int) -> None:
        with self._threads():
            self._step(ctx, state, month)

    def _step(self, ctx, state, month: int) -> None:
        """One month: ``modules.refresh_access``, then ``month_pass``, then the movers as in ``modules``."""
        from relokant.engine import modules

        modules.refresh_access(ctx, state, month)
        p = ctx.params
        keys = np.array([stream_key(ctx.seed, process, month) for process in
                         ("return", "onward", "ordinary_departure", "war_departure", "status", "status_exit",
                          "remote_loss")], dtype=np.uint64)
        scalars = np.zeros(19)
        scalars[S_VALIDITY] = int(round(p["permit_validity_months"]))
        scalars[S_TO_PERMANENT] = p["months_to_permanent"]
        scalars[S_EXIT_ONWARD] = p["forced_exit_onward_share"]
        scalars[S_EXIT_IRREGULAR] = p["forced_exit_irregular_share"]
        scalars[S_ORDINARY_RETURN] = p["ordinary_return_hazard"]
        scalars[S_SAVINGS_OR] = p["return_or_savings_exhausted"]
        scalars[S_DRAFT] = ctx.return_draft_factor[month]
        scalars[S_ONWARD_SCALE] = modules.onward_scale(ctx, month)
        scalars[S_ACCESS_WEIGHT] = p["route_access_weight"]
        scalars[S_REFERENCE_BEST] = ctx.reference_best_elsewhere
        scalars[S_SETTLING] = p["onward_settling_months"]
        scalars[S_SALE_HAZARD] = p["illiquid_sale_hazard"]
        scalars[S_SALE_DISCOUNT] = p["illiquid_sale_discount"]
        scalars[S_TRANSFER_SHARE] = p["capital_monthly_transfer_share"]
        scalars[S_USD_PER_EUR] = p["usd_per_eur"]
        scalars[S_SELF_SUPPORTING] = p["self_supporting_share_with_work_rights"]
        scalars[S_REMOTE_LOSS] = p["remote_loss_hazard"]
        scalars[S_ORDINARY_PROBABILITY] = ctx.ordinary_probability
        scalars[S_RENEWAL] = p["permit_renewal_share"]
        place_tables = np.zeros((8, ctx.return_hazard.shape[1]))
        place_tables[P_RETURN_HAZARD] = ctx.return_hazard[month]
        place_tables[P_ACCEPTANCE] = ctx.regime.capital_acceptance[month]
        place_tables[P_DEPOSIT_CAP] = ctx.deposit_cap_eur[month]
        place_tables[P_UNENCODED_PERMIT] = ctx.unencoded_permit
        place_tables[P_LIVING_COST] = ctx.living_cost_eur
        place_tables[P_STAY_LIMIT] = ctx.stay_limit_months[month]
        place_tables[P_VISA_RUN] = ctx.visa_run[month]
        place_tables[P_IS_HUB] = ctx.is_hub
        self.chunk_places[:] = 0.0
        month_pass(month, keys, state.location, state.arrival_month, state.war, state.left_month, state.returned_month,
                   state.status, state.status_until, state.permit_since, state.permit_here, state.best_elsewhere,
                   state.remote, state.liquid_home_usd, state.illiquid_home_usd, state.capital_abroad_eur,
                   self.person_id, self.weight, ctx.pop.passport, ctx.pop.draft_exposed, place_tables,
                   ctx.status_return_factor, scalars, self.permit_route_keys, self.hazard_class,
                   self.war_probability(ctx, month),
                   self.event, self.chunk_sums, self.chunk_counts, self.chunk_places)
        repatriated, outflow, spent = self.chunk_sums.sum(axis=0)
        ctx.capital_repatriated_eur[month] += repatriated
        ctx.capital_outflow_eur[month] += outflow
        ctx.capital_spent_eur[month] += spent
        ctx.forced_exits[month] += self.chunk_places.sum(axis=0)
        movers, ordinary, leavers = collect(self.event, self.chunk_counts)
        # One route access evaluation for everyone who chooses a place this month (rows are independent).
        everyone = np.concatenate((movers, ordinary, leavers))
        kinds = ctx.access.kinds(everyone, month) if everyone.size else None

        def rows(start, stop):
            return type(kinds)(*(kind[start:stop] for kind in kinds))

        if movers.size:
            modules.move_onward(ctx, state, movers, month, rows(0, movers.size))
            modules.capital_month(ctx, state, movers, month)
        if ordinary.size:
            modules.leave_ordinary(ctx, state, ordinary, month, rows(movers.size, movers.size + ordinary.size))
        if leavers.size:
            modules.leave_war(ctx, state, leavers, month, rows(movers.size + ordinary.size, everyone.size))

    def record(self, ctx, state, group, income, invasion_month: int, n_places: int, n_groups: int,
               n_statuses: int):
        with self._threads():
            by_place, by_cell, by_status, by_group, totals = record(
                state.location, state.war, state.left_month, state.returned_month, state.capital_abroad_eur,
                state.status, state.moves, state.remote, self.weight, group, income, invasion_month, n_places,
                n_groups, n_statuses)
        return (by_place.sum(axis=0), by_cell.sum(axis=0), by_status.sum(axis=0), by_group.sum(axis=0),
                totals.sum(axis=0))
