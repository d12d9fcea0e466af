"""relokant's monthly model written the ordinary Mesa way: the peer of ``mesa_peer.py``.

Job: the same model as ``relokant.engine.simulate``, one ``mesa.Agent`` per record of the synthetic population and
scalar Python per agent and month, so that the two can be timed and their aggregates compared.

Inputs: a ``Population``, a ``Scenario``, resolved parameters and a seed, as ``simulate`` takes them. The run-level
tables (hazards, choice weights, return hazards, stay limits, deposit caps, living costs) are read from the engine's
own ``Context`` (``build_context``), and each agent asks the rules-as-code access layer (``ctx.access``) for itself:
the peer re-implements what happens to persons, not how the inputs are prepared. Each agent starts from its row of
the engine's ``State.initial``.

Outputs: ``EmigrationModel`` after ``run()`` holds monthly tables with the engine's meaning (``SimulationResult``):
``stock_abroad``, ``capital_abroad_eur`` and ``status_stock`` of counted leavers abroad, ``departures_cum`` and
``returned_cum``, and the flows ``arrivals``, ``first_destinations``, ``onward``, ``onward_from``, ``forced_exits``,
``capital_outflow_eur``, ``capital_repatriated_eur``, ``capital_spent_eur``; for the sampling-error test of
``mesa_peer.py``, the sums of squared weights behind each count (``*_w2``).

Each process of ``relokant.engine.simulate.STEPS`` is one ``Person`` method with the engine function's name, its
docstring naming the function of ``relokant.engine.modules`` it mirrors; ``EmigrationModel.step`` runs them stage by
stage in the engine's order (``PROCESSES``). A new engine process is a new method plus its name in ``PROCESSES``.
Random numbers are the engine's common random numbers: an agent's uniform for a named stream and month is
``kernels.uniform_at(stream_key(seed, stream, month), person_id)``, the value ``relokant.engine.random.uniforms``
gives that person, so the same persons move in both and the aggregates agree to rounding.

Run it through ``mesa_peer.py``; this module is a library (``run_all.py`` runs every script here, so running it only
says where to look).
"""

from __future__ import annotations

import dataclasses
import math
from bisect import bisect_right

import numpy as np

try:
    import mesa
except ImportError:  # the bench extra is not installed: ``mesa_peer.py`` says so, the test skips
    mesa = None

from relokant import geo
from relokant.engine.context import (AT_HOME, IRREGULAR, NO_CLOCK, NO_STATUS, PERMANENT, PERMIT, PROTECTION,
                                     SECURE_STATUSES, STATUSES, VISA_FREE, State, build_context)
from relokant.engine.kernels import uniform_at
from relokant.engine.modules import NOT_EMPLOYED
from relokant.engine.random import stream_key
from relokant.engine.regime import compile_regime
from relokant.engine.simulate import INVASION_MONTH

# The engine's order of processes within a month (``simulate.STEPS``), as method names of ``Person``.
PROCESSES = ("refresh_access", "status_clock", "returns", "onward_moves", "capital_transfers", "ordinary_departures",
             "war_departures")
SECURE = frozenset(SECURE_STATUSES)

_Agent = mesa.Agent if mesa is not None else object
_Model = mesa.Model if mesa is not None else object


class _StreamKeys(dict):
    """Stream key per stream name for one month of one seed, made on first use (``random.stream_key``)."""

    def __init__(self, seed: int, month: int):
        super().__init__()
        self.seed, self.month = seed, month

    def __missing__(self, stream: str):
        key = self[stream] = stream_key(self.seed, stream, self.month)
        return key


class Person(_Agent):
    """One synthetic adult (one row of the population): its fixed attributes and its own state."""

    def __init__(self, model: EmigrationModel, row: int, initial: State):
        super().__init__(model)
        ctx, pop = model.ctx, model.ctx.pop
        self.row = row  # the record's index, for the rules-as-code access layer
        self.person_id = int(pop.person_id[row])
        self.weight = float(pop.weight[row])
        self.passport = bool(pop.passport[row])
        self.draft_exposed = bool(pop.draft_exposed[row])
        self.employed = int(pop.occupation[row]) != NOT_EMPLOYED
        self.capability = float(ctx.capability[row])
        self.choice_group = int(ctx.choice_group[row])
        # State: one attribute per ``State`` field, from the engine's initial state (Python scalars).
        for field in dataclasses.fields(State):
            setattr(self, field.name, getattr(initial, field.name)[row].item())

    def draw(self, stream: str) -> float:
        """This person's uniform of a named stream this month (the engine's ``random.uniforms`` value)."""
        return uniform_at(self.model.keys[stream], self.person_id)

    # -- the processes, in ``simulate.STEPS`` order ------------------------------------------------------------

    def refresh_access(self) -> None:
        """``modules.refresh_access``: when the routes in force change, re-evaluate access to a permit here and, in a
        transit hub, the best access to a permit at an onward place."""
        m = self.model
        if self.location == AT_HOME or not m.epoch_changed:
            return
        who = np.array([self.row])
        if not m.is_hub[self.location]:
            self.permit_here = float(m.ctx.access.access_at(who, np.array([self.location]), m.month).permit[0])
            return
        permit = m.ctx.access.kinds(who, m.month).permit[0]
        self.permit_here = float(permit[self.location])
        self.best_elsewhere = float(np.where(m.ctx.onward_places, permit, 0.0).max())

    def status_clock(self) -> None:
        """``modules.status_clock``: a status that runs out this month becomes permanent residence, a (renewed)
        permit, a new short stay (a lapsed permit, a visa run), or a forced exit: move on, overstay or go home."""
        m = self.model
        if self.location == AT_HOME or self.status_until == NO_CLOCK or self.status_until > m.month:
            return
        place = self.location
        if self.status == PERMIT and m.month - self.permit_since >= m.months_to_permanent:
            self.status, self.status_until = PERMANENT, NO_CLOCK
            return
        # A permit route the synthetic person cannot show: a renewal's own share, else the place's first-permit share.
        unencoded = m.permit_renewal_share if self.status == PERMIT else m.unencoded_permit[place]
        # A renewal draws this month; a first permit draws once per person and place (``modules.permit_route_draw``).
        u = self.draw("status") if self.status == PERMIT else uniform_at(m.permit_route_keys[place], self.person_id)
        if u < 1.0 - (1.0 - self.permit_here) * (1.0 - unencoded):
            if self.status != PERMIT:
                self.permit_since = m.month
            self.status, self.status_until = PERMIT, m.month + m.permit_validity
            return
        limit = m.stay_limit[place]
        if self.status == PERMIT or (m.visa_run[place] and limit > 0):
            self.status = VISA_FREE
            self.status_until = m.month + limit if limit > 0 else NO_CLOCK
            self.permit_since = -1
            return
        m.forced_exits[m.month, place] += self.weight
        v = self.draw("status_exit")
        if v < m.exit_onward_share:
            self.move_onward()  # its capital moves with everyone's in ``capital_transfers``, at the new place
        elif v < m.exit_onward_share + m.exit_irregular_share:
            self.status, self.status_until = IRREGULAR, NO_CLOCK
        else:
            self.go_home()

    def returns(self) -> None:
        """``modules.returns`` and ``return_hazard``: war-time leavers return at the place's hazard times the relative
        hazards of their status, of exhausted savings and of home-side events; ordinary emigrants at their own."""
        m = self.model
        if self.location == AT_HOME or self.arrival_month >= m.month:
            return
        if self.war:
            deficit = self.living_deficit_eur()
            exhausted = deficit > 0 and self.capital_abroad_eur < deficit
            draft = m.return_draft_factor if self.draft_exposed else 1.0
            hazard = (m.return_hazard[self.location] * m.status_return_factor[self.status] * draft
                      * (m.return_or_savings_exhausted if exhausted else 1.0))
        else:
            hazard = m.ordinary_return_hazard
        if self.draw("return") < -math.expm1(-hazard):
            self.go_home()

    def onward_moves(self) -> None:
        """``modules.onward_moves`` and ``onward_hazard``: war-time leavers in a transit hub move on, the more the
        better their access to a permit elsewhere, the less the longer they have stayed."""
        m = self.model
        if not (self.war and m.is_hub[self.location] and self.arrival_month < m.month):
            return
        eligibility = math.exp(m.route_access_weight * (self.best_elsewhere - m.reference_best_elsewhere))
        settling = math.exp(-(m.month - self.arrival_month) / m.onward_settling_months)
        if self.draw("onward") < -math.expm1(-(m.onward_scale * eligibility * settling)):
            self.move_onward()

    def capital_transfers(self) -> None:
        """``modules.capital_transfers`` and ``capital_month``: abroad, war-time emigrants sell part of their illiquid
        wealth at home; everyone moves a share of the liquid wealth left in Russia; war-time emigrants pay living
        costs from their savings abroad and may lose a remote job."""
        if self.location == AT_HOME:
            return
        m = self.model
        if self.war:
            sold_usd = self.illiquid_home_usd * m.illiquid_sale_hazard
            # Held as float32 in the engine's ``State``: round as its array does.
            self.illiquid_home_usd = float(np.float32(self.illiquid_home_usd - sold_usd))
            self.liquid_home_usd += sold_usd * (1.0 - m.illiquid_sale_discount)
        self.move_capital(m.transfer_share)
        if self.war:
            spent = min(self.living_deficit_eur(), self.capital_abroad_eur)
            self.capital_abroad_eur -= spent
            m.capital_spent_eur[m.month] += self.weight * spent
            if self.remote and self.draw("remote_loss") < m.remote_loss_probability:
                self.remote = False

    def ordinary_departures(self) -> None:
        """``modules.ordinary_departures`` and ``leave_ordinary``: pre-war emigration at its steady rate, to the
        places ordinary emigrants choose this month, on a permit."""
        m = self.model
        if self.left_month >= 0 or not self.passport:
            return
        if self.draw("ordinary_departure") < m.ordinary_probability:
            kinds = self.route_kinds()
            place = self.place_from(m.ordinary_cumulative, "ordinary_destination")
            self.left_month = m.month
            self.arrive(place)
            self.settle(place, kinds, ordinary=True)
            self.move_capital(m.departure_share)

    def war_departures(self) -> None:
        """``modules.war_departures`` and ``leave_war``: the war's shocks times capability times the pull of the
        options abroad; the leaver chooses by first-destination shares, openness, own route access and diaspora,
        and, if employed, may keep a remote job."""
        m = self.model
        if self.left_month >= 0:
            return
        hazard = self.capability * (m.shock_all + m.shock_draft * self.draft_exposed) \
            * m.departure_multiplier[self.choice_group]
        if self.draw("war_departure") < -math.expm1(-hazard):
            kinds = self.route_kinds()
            weights = m.war_weights[self.choice_group] * m.network_factor * self.access_factor(kinds.stay[0])
            place = self.choose(weights, "war_destination")
            self.left_month = m.month
            self.war = True
            self.remote = self.employed and self.draw("remote_departure") < m.remote_share_at_departure
            m.first_destinations[m.month, place] += self.weight
            self.arrive(place)
            self.settle(place, kinds, ordinary=False)
            self.move_capital(m.departure_share)

    # -- what the processes share (``modules``' helpers) -------------------------------------------------------

    def move_onward(self) -> None:
        """``modules.move_onward``: a destination among the onward places other than this one, and the move."""
        m = self.model
        kinds = self.route_kinds()
        here = self.location
        weights = m.war_weights[0] * m.onward_places * m.network_factor * self.access_factor(kinds.stay[0])
        weights[here] = 0.0
        place = self.choose(weights, "onward_destination")
        m.onward_from[m.month, here] += self.weight
        self.moves += 1
        m.onward[m.month] += self.weight
        self.arrive(place)
        self.settle(place, kinds, ordinary=False)

    def go_home(self) -> None:
        """``modules._go_home``: back in Russia with the capital held abroad, leaving the status behind."""
        m = self.model
        self.location = AT_HOME
        self.returned_month = m.month
        self.liquid_home_usd += self.capital_abroad_eur * m.usd_per_eur
        m.capital_repatriated_eur[m.month] += self.weight * self.capital_abroad_eur
        self.capital_abroad_eur = 0.0
        self.status, self.status_until, self.permit_since = NO_STATUS, NO_CLOCK, -1

    def settle(self, place: int, kinds, ordinary: bool) -> None:
        """``modules._settle``: legal status on arrival (ordinary emigrants on a permit; the others protected where a
        protection route admits them, else on a stay with its clock), access to a permit here and elsewhere."""
        m = self.model
        permit = kinds.permit[0]
        self.permit_here = float(permit[place])
        elsewhere = np.where(m.ctx.onward_places, permit, 0.0)
        elsewhere[place] = 0.0
        self.best_elsewhere = float(elsewhere.max())
        if ordinary:
            self.status, self.status_until, self.permit_since = PERMIT, NO_CLOCK, m.month
            return
        protected = self.draw("status_arrival") < kinds.protection[0, place]
        limit = m.stay_limit[place]
        self.status = PROTECTION if protected else VISA_FREE
        self.status_until = NO_CLOCK if protected or limit == 0 else m.month + limit
        self.permit_since = -1

    def living_deficit_eur(self) -> float:
        """``modules.living_deficit_eur``: monthly living costs paid from savings (none with a remote job; with a
        right to work, the part local earnings do not cover)."""
        m = self.model
        if self.remote:
            return 0.0
        uncovered = 1.0 - m.self_supporting_share if self.status in SECURE else 1.0
        return m.living_cost_eur[self.location] * uncovered

    def route_kinds(self):
        """This person's access to every place this month by kind of route (``RouteAccess.kinds``, one row)."""
        return self.model.ctx.access.kinds(np.array([self.row]), self.model.month)

    def access_factor(self, access: np.ndarray) -> np.ndarray:
        """``modules._access_factor``: utility factor of own route access relative to 2022."""
        return np.exp(self.model.route_access_weight * (access - self.model.ctx.access.reference))

    def choose(self, weights: np.ndarray, stream: str) -> int:
        """A place drawn in proportion to ``weights`` (``context.cumulative`` then ``modules._draw_place``)."""
        cumulative = np.cumsum(weights / weights.sum())
        cumulative[-1] = 1.0
        return self.place_from(cumulative, stream)

    def place_from(self, cumulative, stream: str) -> int:
        """``modules._draw_place``: inverse CDF, the number of cumulative probabilities <= u."""
        return min(bisect_right(cumulative, self.draw(stream)), geo.N_PLACES - 1)

    def arrive(self, place: int) -> None:
        """``modules._arrive``: move abroad and count the arrival."""
        self.location = place
        self.arrival_month = self.model.month
        self.model.arrivals[self.model.month, place] += self.weight

    def move_capital(self, share: float) -> None:
        """``modules._move_capital``: a share of the liquid wealth in Russia, as far as the host's banks accept it
        and, without a permit there, up to the deposit cap."""
        m = self.model
        moved_usd = self.liquid_home_usd * share * m.capital_acceptance[self.location]
        cap = m.deposit_cap_eur[self.location]
        if self.status not in SECURE and math.isfinite(cap):
            moved_usd = min(moved_usd, max(cap - self.capital_abroad_eur, 0.0) * m.usd_per_eur)
        self.liquid_home_usd -= moved_usd
        moved_eur = moved_usd / m.usd_per_eur
        self.capital_abroad_eur += moved_eur
        m.capital_outflow_eur[m.month] += self.weight * moved_eur


class EmigrationModel(_Model):
    """The population as Mesa agents, stepped month by month over the scenario's horizon (``simulate.simulate``)."""

    def __init__(self, pop, scenario, params: dict[str, float], seed: int):
        if mesa is None:
            raise ImportError("Mesa is not installed: pip install -e '.[bench]'")
        super().__init__(seed=seed)
        self.ctx = ctx = build_context(pop, scenario, compile_regime(scenario), params, seed)
        self.seed = seed
        self.months = ctx.months
        self.month = -1
        # A first permit's draw is per person and place, not per month (``modules.permit_route_draw``).
        self.permit_route_keys = [stream_key(seed, "permit_route", j) for j in range(geo.N_PLACES)]
        p = params
        # Run-level constants as plain floats: agents do scalar Python arithmetic.
        for name in ("ordinary_return_hazard", "usd_per_eur", "route_access_weight", "months_to_permanent",
                     "return_or_savings_exhausted", "onward_settling_months", "illiquid_sale_hazard",
                     "illiquid_sale_discount", "remote_share_at_departure", "permit_renewal_share"):
            setattr(self, name, float(p[name]))
        self.transfer_share = float(p["capital_monthly_transfer_share"])
        self.departure_share = float(p["capital_share_moved_at_departure"])
        self.self_supporting_share = float(p["self_supporting_share_with_work_rights"])
        self.exit_onward_share = float(p["forced_exit_onward_share"])
        self.exit_irregular_share = float(p["forced_exit_irregular_share"])
        self.permit_validity = int(round(p["permit_validity_months"]))
        self.remote_loss_probability = -math.expm1(-p["remote_loss_hazard"])
        self.ordinary_probability = float(ctx.ordinary_probability)
        self.reference_best_elsewhere = float(ctx.reference_best_elsewhere)
        self.is_hub = ctx.is_hub.tolist()
        self.onward_places = ctx.onward_places
        self.unencoded_permit = ctx.unencoded_permit.tolist()
        self.status_return_factor = ctx.status_return_factor.tolist()
        self.living_cost_eur = ctx.living_cost_eur.tolist()
        shape = (self.months, geo.N_PLACES)
        self.arrivals, self.first_destinations = np.zeros(shape), np.zeros(shape)
        self.onward_from, self.forced_exits = np.zeros(shape), np.zeros(shape)
        self.onward = np.zeros(self.months)
        self.capital_outflow_eur = np.zeros(self.months)
        self.capital_repatriated_eur = np.zeros(self.months)
        self.capital_spent_eur = np.zeros(self.months)
        self.stock_abroad, self.capital_abroad_eur = np.zeros(shape), np.zeros(shape)
        self.status_stock = np.zeros((*shape, len(STATUSES)))
        self.departures_cum, self.returned_cum = np.zeros(self.months), np.zeros(self.months)
        # Sums of squared weights of the records behind each count: the variance of a weighted count.
        self.stock_abroad_w2 = np.zeros(shape)
        self.capital_abroad_w2 = np.zeros(shape)  # sum of (weight x capital)^2
        self.departures_w2, self.returned_w2 = np.zeros(self.months), np.zeros(self.months)
        self.diaspora = np.zeros(geo.N_PLACES)
        initial = State.initial(pop)
        for row in range(len(pop)):
            Person(self, row, initial)

    def _enter_month(self, month: int) -> None:
        """This month's rows of the run-level tables and stream keys, shared by every agent."""
        ctx = self.ctx
        self.month = month
        self.keys = _StreamKeys(self.seed, month)
        self.epoch_changed = month > 0 and ctx.access.epoch[month] != ctx.access.epoch[month - 1]
        self.return_hazard = ctx.return_hazard[month].tolist()
        self.return_draft_factor = float(ctx.return_draft_factor[month])
        self.shock_all = float(ctx.shock_all[month])
        self.shock_draft = float(ctx.shock_draft[month])
        self.departure_multiplier = ctx.departure_multiplier[month].tolist()
        self.war_weights = ctx.war_weights[month]
        self.ordinary_cumulative = ctx.ordinary_cumulative[month].tolist()
        self.capital_acceptance = ctx.regime.capital_acceptance[month].tolist()
        self.deposit_cap_eur = ctx.deposit_cap_eur[month].tolist()
        self.stay_limit = ctx.stay_limit_months[month].tolist()
        self.visa_run = ctx.visa_run[month].tolist()
        # The networks the engine's choices see: last month's diaspora (``Context.network_factor``), and the onward
        # hazard's share of it (``modules.onward_scale``).
        ctx.diaspora = self.diaspora.copy()
        self.network_factor = ctx.network_factor()
        self.onward_scale = ctx.params["onward_hazard_monthly"] * ctx.onward_network_factor(month)

    def step(self) -> None:
        """One month: each process over every agent in the engine's order, then the month's aggregates.

        Stage by stage (Mesa's ``AgentSet.do``) as ``simulate`` runs ``STEPS``. The agents' order within a stage does
        not matter: each draws its own common random numbers and nobody's choice depends on another's this month
        (the diaspora a choice sees is last month's)."""
        self._enter_month(self.month + 1)
        for process in PROCESSES:
            self.agents.do(process)
        self._record()

    def _record(self) -> None:
        """``simulate._record``: counted leavers (war-time, or ordinary from the invasion on) abroad by place and
        legal status, their capital, cumulative departures and returns."""
        month = self.month
        stock, capital, status = self.stock_abroad[month], self.capital_abroad_eur[month], self.status_stock[month]
        stock_w2, capital_w2 = self.stock_abroad_w2[month], self.capital_abroad_w2[month]
        departed = returned = departed_w2 = returned_w2 = 0.0
        for person in self.agents:
            if not (person.war or person.left_month >= INVASION_MONTH):
                continue
            w = person.weight
            departed += w
            departed_w2 += w * w
            if person.returned_month >= 0:
                returned += w
                returned_w2 += w * w
            if person.location != AT_HOME:
                stock[person.location] += w
                stock_w2[person.location] += w * w
                capital[person.location] += w * person.capital_abroad_eur
                capital_w2[person.location] += (w * person.capital_abroad_eur) ** 2
                status[person.location, person.status] += w
        self.departures_cum[month], self.returned_cum[month] = departed, returned
        self.departures_w2[month], self.returned_w2[month] = departed_w2, returned_w2
        self.diaspora = stock.copy()  # next month's choices see this month's diaspora

    def run(self) -> EmigrationModel:
        for _ in range(self.months):
            self.step()
        return self


if __name__ == "__main__":
    print("mesa_model.py is the Mesa peer's model; run benchmarks/mesa_peer.py to time and compare it.")
