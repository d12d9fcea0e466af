"""Fused numba kernels for the passes over every person: the fast path of the monthly step loop.

The numpy processes in ``modules`` are the reference: one function per process, each a few array passes with
temporaries the size of its risk set, which at full scale (about 100 million persons) means several passes and
gigabytes of temporaries per month. Here each month reads every person once (``month_pass``: return, onward
selection, capital transfer, ordinary and war departure selection) and once more at the end (``record``); the few
persons who move (onward movers, leavers) are then handled by the same numpy code as the reference, with one route
access evaluation for all of them. Same uniforms (``uniform_at`` is the numba twin of ``random.uniforms``), same
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


@njit(parallel=True, cache=True)
def month_pass(month, keys, location, arrival_month, war, left_month, returned_month, access_here, liquid_home_usd,
               capital_abroad_eur, person_id, weight, passport,
               return_hazard, reference, return_access_elasticity, ordinary_return_hazard, is_hub,
               onward_probability, capital_acceptance, transfer_share, usd_per_eur, ordinary_probability,
               hazard_class, war_probability, event, chunk_sums, chunk_counts):
    """One pass over everyone at the start of a month, in the order of ``simulate.STEPS`` per person.

    Abroad: return (applied); otherwise, in a transit hub as a war-time leaver, onward selection (``event`` ONWARD:
    the move and its capital transfer are done by the caller); otherwise the monthly capital transfer (applied).
    At home and never left: ordinary departure selection for passport holders, else war departure selection
    (``event`` ORDINARY / WAR; ``war_probability[hazard_class[i]]``: see ``Fused.war_probability``).
    ``keys``: stream keys (return, onward, ordinary_departure, war_departure).
    Per chunk: ``chunk_sums`` (repatriated EUR, capital outflow EUR), ``chunk_counts`` per event code.
    """
    n = location.size
    key_return, key_onward, key_ordinary, key_war = keys[0], keys[1], keys[2], keys[3]
    for c in prange(CHUNKS):
        start, stop = _bounds(n, CHUNKS, c)
        repatriated = 0.0
        outflow = 0.0
        n_ordinary = 0
        n_war = 0
        n_onward = 0
        for block in range(start, stop, BLOCK):
            end = min(block + BLOCK, stop)
            # Departures first, branch-free so that the compiler vectorizes the two hashes per person (the bulk of
            # the pass): everyone is hashed, only those at home who never left can leave.
            for i in range(block, end):
                ordinary = passport[i] & (uniform_at(key_ordinary, person_id[i]) < ordinary_probability)
                war_leaver = (uniform_at(key_war, person_id[i]) < war_probability[hazard_class[i]]) & ~ordinary
                can_leave = (location[i] == 0) & (left_month[i] < 0)
                n_ordinary += can_leave & ordinary
                n_war += can_leave & war_leaver
                event[i] = np.int8(can_leave) * (np.int8(ordinary) * ORDINARY + np.int8(war_leaver) * WAR)
            # Then the few abroad: return, onward selection, capital transfer.
            for i in range(block, end):
                place = location[i]
                if place == 0:
                    continue
                if arrival_month[i] < month:
                    if war[i]:
                        security = np.exp(-return_access_elasticity * (np.float64(access_here[i]) - reference[place]))
                        hazard = return_hazard[place] * security
                    else:
                        hazard = ordinary_return_hazard
                    if uniform_at(key_return, person_id[i]) < -np.expm1(-hazard):
                        location[i] = 0
                        returned_month[i] = month
                        liquid_home_usd[i] += capital_abroad_eur[i] * usd_per_eur
                        repatriated += weight[i] * capital_abroad_eur[i]
                        capital_abroad_eur[i] = 0.0
                        continue
                    if war[i] and is_hub[place] and uniform_at(key_onward, person_id[i]) < onward_probability:
                        event[i] = ONWARD
                        n_onward += 1
                        continue
                moved_usd = liquid_home_usd[i] * transfer_share * capital_acceptance[place]
                liquid_home_usd[i] -= moved_usd
                moved_eur = moved_usd / usd_per_eur
                capital_abroad_eur[i] += moved_eur
                outflow += weight[i] * moved_eur
        chunk_sums[c, 0] = repatriated
        chunk_sums[c, 1] = outflow
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
def record(location, war, left_month, returned_month, capital_abroad_eur, access_here, weight, group, income,
           invasion_month, n_places, n_groups):
    """End-of-month tables in one pass (see ``simulate._record``, the numpy reference).

    Returns per chunk (the caller adds them in chunk order): per place (stock, capital, secure stock),
    (places, groups) stock, per group home earnings, and (departures, returned, capital abroad of everyone).
    """
    n = location.size
    by_place = np.zeros((CHUNKS, 3, n_places))
    by_cell = np.zeros((CHUNKS, n_places, n_groups))
    by_group = np.zeros((CHUNKS, n_groups))
    totals = np.zeros((CHUNKS, 3))
    for c in prange(CHUNKS):
        start, stop = _bounds(n, CHUNKS, c)
        departed = 0.0
        returned = 0.0
        capital_all = 0.0
        for i in range(start, stop):
            place = location[i]
            counted = war[i] or left_month[i] >= invasion_month
            if place == 0:
                if counted and returned_month[i] >= 0:
                    departed += weight[i]
                    returned += weight[i]
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
            g = group[i]
            by_place[c, 0, place] += w
            by_place[c, 1, place] += w * capital_abroad_eur[i]
            by_place[c, 2, place] += w * np.float64(access_here[i])
            by_cell[c, place, g] += w
            by_group[c, g] += w * np.float64(income[i])
        totals[c, 0] = departed
        totals[c, 1] = returned
        totals[c, 2] = capital_all
    return by_place, by_cell, by_group, totals


class Fused:
    """The fast path's month step and end-of-month record, with its scratch arrays (one event byte per person)."""

    def __init__(self, ctx, state):
        n = len(ctx.pop)
        self.event = np.zeros(n, np.int8)
        self.threads = 1 if n < PARALLEL_FROM else None
        self.chunk_sums = np.zeros((CHUNKS, 2))
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
                         ("return", "onward", "ordinary_departure", "war_departure")], dtype=np.uint64)
        month_pass(month, keys, state.location, state.arrival_month, state.war, state.left_month, state.returned_month,
                   state.access_here, state.liquid_home_usd, state.capital_abroad_eur, self.person_id, self.weight,
                   ctx.pop.passport,
                   ctx.return_hazard[month], ctx.access.reference, float(p["return_access_elasticity"]),
                   float(p["ordinary_return_hazard"]), ctx.is_hub, float(ctx.onward_probability),
                   ctx.regime.capital_acceptance[month], float(p["capital_monthly_transfer_share"]),
                   float(p["usd_per_eur"]), float(ctx.ordinary_probability), self.hazard_class,
                   self.war_probability(ctx, month), self.event, self.chunk_sums, self.chunk_counts)
        repatriated, outflow = self.chunk_sums.sum(axis=0)
        ctx.capital_repatriated_eur[month] += repatriated
        ctx.capital_outflow_eur[month] += outflow
        movers, ordinary, leavers = collect(self.event, self.chunk_counts)
        # One route access evaluation for everyone who chooses a place this month (rows are independent).
        everyone = np.concatenate((movers, ordinary, leavers))
        access = ctx.access.access(everyone, month) if everyone.size else None
        if movers.size:
            modules.move_onward(ctx, state, movers, month, access[:movers.size])
            modules._move_capital(ctx, state, movers, month, p["capital_monthly_transfer_share"])
        if ordinary.size:
            modules.leave_ordinary(ctx, state, ordinary, month, access[movers.size:movers.size + ordinary.size])
        if leavers.size:
            modules.leave_war(ctx, state, leavers, month, access[movers.size + ordinary.size:])

    def record(self, ctx, state, group, income, invasion_month: int, n_places: int, n_groups: int):
        with self._threads():
            by_place, by_cell, by_group, totals = record(
                state.location, state.war, state.left_month, state.returned_month, state.capital_abroad_eur,
                state.access_here, self.weight, group, income, invasion_month, n_places, n_groups)
        return by_place.sum(axis=0), by_cell.sum(axis=0), by_group.sum(axis=0), totals.sum(axis=0)
