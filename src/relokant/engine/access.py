"""Access to destinations from the rules as code: which routes each person qualifies for, month by month.

Inputs: the population, the scenario (which routes are enabled beyond their legal dates, with which parameters) and
model parameters. Outputs, through ``RouteAccess``:

- ``access(who, month)``: (persons, places) in [0, 1] — per destination, the best status over the routes that give
  a right to stay (eligible 1, conditional ``conditional_access_weight``, none 0), times the entry factor where an
  entry restriction in force refuses the person (``entry_restricted_access``);
- ``kinds(who, month)``: the same as ``Kinds``: ``stay`` (what ``access`` gives) and, by the kind of route, ``permit``
  (residence permits: permit, investor, residence, proposal routes) and ``protection`` (humanitarian and asylum
  routes), which the legal-status clock reads when a short stay runs out;
- ``access_at(who, place, month)``: ``Kinds`` of one value per person at one given place each (what
  ``kinds(who, month)`` gives in column ``place[i]``), evaluating for each place only its own routes: the refresh of
  everyone abroad when an epoch changes;
- ``stay_rules(month)``: per place, how long a stay without a permit lasts (from the visa-free routes in force) and
  whether leaving and re-entering restarts it (a visa run); ``deposit_cap_eur(month)``: per place, the cap on
  deposits of Russians without a residence permit there (the EU sanctions routes), infinite where none applies;
- ``mean_access(month)``: the same averaged over a fixed subsample, weighted by weight x capability (how leavers,
  not the whole population, are composed): it drives the inclusive value of the departure hazard;
- ``reference``: ``mean_access`` in the reference month (2022-06) under the law as it was, against which access
  is measured, so the observed 2022 first-destination shares stay the calibration anchor.

Routes are evaluated on the 15th of each month (a change on or before the 15th counts for its month), only when the
set of routes in force or their parameters change (an epoch), and only over the attributes the population has;
the rest take their defaults (no job offer, no investment, no language certificate): what the synthetic person has
not shown does not count.

``AccessTable``: many simulations of one population (a calibration runs thousands) would evaluate the same routes
for the same persons again and again, although access depends on neither the calibrated parameters nor the seed. A
table holds, per place and version of that place's routes, the access of the whole population, computed on first
use; a ``RouteAccess`` given the table reads rows from it instead of evaluating rules. The values are the same
element by element (a place's access depends on its own routes only, evaluated person by person). Worth it for a
small population simulated often; a single run of millions of persons evaluates only who moves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import NamedTuple

import numpy as np

from relokant import evidence, geo
from relokant.policy.eligibility import CONDITIONAL, ELIGIBLE, evaluate_population, route_attributes
from relokant.policy.person import B1
from relokant.policy.routes import all_routes
from relokant.policy.rules import Dated, Route
from relokant.scenario import Scenario
from relokant.scenario.model import month_index

# Routes that give a right to stay; 'entry' routes gate entry, 'banking' and the rest do not decide where one lives.
STAY_KINDS = frozenset({"permit", "investor", "visa_free", "humanitarian", "asylum", "residence", "proposal"})
PERMIT_KINDS = frozenset({"permit", "investor", "residence", "proposal"})
PROTECTION_KINDS = frozenset({"humanitarian", "asylum"})
ENTRY_KINDS = frozenset({"entry"})
DEPOSIT_CAP_ROUTE = "EU_DEPOSITS_ABOVE_CAP_"  # + member state: the routes of Reg. 833/2014 Art. 5b (kind 'banking')
DAYS_PER_MONTH = 365.25 / 12


class Kinds(NamedTuple):
    """Access by kind of route, each shaped like the persons (x places) asked for."""

    stay: np.ndarray  # any right to stay, visa-free stays included (what ``RouteAccess.access`` gives)
    permit: np.ndarray  # a residence permit (permit, investor, residence, proposal routes)
    protection: np.ndarray  # humanitarian admission or asylum


class StayRules(NamedTuple):
    """Per place in one month: a stay without a permit and its limit (from the visa-free routes in force)."""

    limit_months: np.ndarray  # int16: months a stay without a permit lasts; 0 = no limit is encoded
    visa_run: np.ndarray  # bool: leaving and re-entering restarts the stay (the route's ``visa_run_restarts``)
REFERENCE_MONTH = "2022-06"
# Where Russians need a visa to enter: a stay without a permit is a short-stay visa (no visa-free route is encoded).
VISA_REQUIRED = frozenset(geo.EU27) | {"GB", "CH", "NO", "US", "CA"}
SUBSAMPLE = 5_000  # records for population means of access: a mean needs few


def evaluation_date(month: int) -> dt.date:
    year, mon = divmod(month, 12)
    return dt.date(2022 + year, mon + 1, 15)


def _override(dated_param: Dated, start: dt.date, end: dt.date | None, value) -> Dated:
    """The parameter with ``value`` from ``start`` (until ``end``, where the original value resumes)."""
    values = [(d, v) for d, v in dated_param.values if d < start]
    values.append((start, value))
    if end is not None:
        values.append((end, dated_param.at(end)))
        values.extend((d, v) for d, v in dated_param.values if d > end)
    return dataclasses.replace(dated_param, values=tuple(values),
                               source=f"{dated_param.source} (scenario override from {start})")


def _backdated(route: Route) -> Route:
    """A route whose regime predates its encoding, with its earliest researched figures from the beginning."""
    def earliest_from_start(p: Dated) -> Dated:
        first = min(p.values, key=lambda item: item[0])
        return dataclasses.replace(p, values=tuple((dt.date.min, v) if (d, v) == first else (d, v)
                                                   for d, v in p.values))
    return dataclasses.replace(route, valid_from=dt.date.min,
                               parameters={k: earliest_from_start(p) for k, p in route.parameters.items()})


def routes_in_force(scenario: Scenario | None, on: dt.date) -> list[Route]:
    """Routes in force at a date under a scenario: legal validity (back to the simulation's start for regimes older
    than their encoding), proposals only where the scenario enables them, scenario suspensions and parameter
    overrides applied (later ``routes:`` entries win)."""
    active = []
    for route in all_routes():
        enabled = not route.proposal
        switched = _backdated(route) if route.predates_encoding and on < route.valid_from else route
        for switch in (scenario.routes if scenario is not None else ()):
            if not switch.matches(route.id):
                continue
            inside = switch.start <= on and (switch.end is None or on < switch.end)
            if inside:
                enabled = switch.enabled
            if switch.parameters:
                parameters = dict(switched.parameters)
                for name, value in switch.parameters.items():
                    if name in parameters:
                        number = evidence.value(value) if isinstance(value, str) else value
                        parameters[name] = _override(parameters[name], switch.start, switch.end, number)
                switched = dataclasses.replace(switched, parameters=parameters)
        if enabled and (switched.in_force(on) or (route.proposal and on >= route.valid_from)):
            active.append(switched)
    return active


def person_columns(pop, params: dict[str, float]) -> dict[str, np.ndarray]:
    """The flat attributes the synthetic population has, in the rules' units (the rest take their defaults)."""
    liquid_eur = pop.liquid_wealth_usd / params["usd_per_eur"]
    english = pop.english_level  # CEFR ordinals (0 none .. 6 C2), the rules' coding
    german = pop.german_level
    return {
        "lang.en": english,
        "lang.de": german,
        "foreign_language_max_level": np.maximum(english, german),
        "language_count_b1": (english >= B1).astype(np.int8) + (german >= B1),
        "age": pop.age.astype(np.int16),
        "higher_education": pop.higher_edu,
        "qualification_recognised_at_home": pop.higher_edu,
        "it_specialist": pop.occupation == 0,
        "employed_or_business": pop.occupation != 3,
        "funds_eur": liquid_eur,
        # a year's proof of means is what permits ask for: liquid wealth spread over 12 months
        "funds_eur_month": liquid_eur / 12,
        "financial_assets_eur": liquid_eur,
        "total_assets_eur": pop.wealth_usd / params["usd_per_eur"],
        # how Russians crossed into Europe in 2022: a Schengen short-stay visa, travelling as tourists (a scalar:
        # the same for everyone)
        "trip_purpose": "tourism",
        "trip_visa": "schengen_c",
    }


# The parameters route access reads (besides the rules): a table is valid for one set of their values.
ACCESS_PARAMETERS = ("conditional_access_weight", "entry_restricted_access", "usd_per_eur")


@dataclasses.dataclass(frozen=True)
class RouteSchedule:
    """A scenario's routes month by month: those in force (stay and entry kinds), epochs (months with the same routes
    and parameters share one evaluation: equal keys, equal access), the deposit caps, the keys of each place's
    routes, and the law of the reference month that access is measured against."""

    routes: list[list[Route]]
    epoch: list[int]
    deposit_caps: list[np.ndarray]
    place_keys: list[list[tuple]]  # per month and place: its routes and their parameters
    law_then: list[Route]
    law_then_place_keys: list[tuple]

    @classmethod
    def of(cls, scenario: Scenario) -> "RouteSchedule":
        routes, epoch, caps, place_keys = [], [], [], []
        keys: dict[tuple, int] = {}
        for month in range(scenario.months):
            on = evaluation_date(month)
            in_force = routes_in_force(scenario, on)
            stay_or_entry = [r for r in in_force if r.kind in STAY_KINDS | ENTRY_KINDS]
            route_keys, by_place = _place_keys(stay_or_entry, on)
            epoch.append(keys.setdefault(tuple(route_keys), len(keys)))
            routes.append(stay_or_entry)
            caps.append(_deposit_caps(in_force, on))
            place_keys.append(by_place)
        reference_day = evaluation_date(month_index(REFERENCE_MONTH))
        law_then = [r for r in routes_in_force(None, reference_day) if r.kind in STAY_KINDS | ENTRY_KINDS]
        return cls(routes, epoch, caps, place_keys, law_then, _place_keys(law_then, reference_day)[1])


class AccessTable:
    """Access of a whole population per place and version of that place's routes (see the module docstring).

    A column is one place under one version of its routes (the routes and their parameters): its access, by kind,
    for every record, kept in ``stack`` (kinds, records, columns; column 0 is all zeros: a place with no route).
    Valid for one population and one set of ``ACCESS_PARAMETERS``: a ``RouteAccess`` with other values ignores it."""

    def __init__(self, pop, params: dict[str, float]):
        self.records = len(pop)
        self.parameters = tuple(float(params[name]) for name in ACCESS_PARAMETERS)
        self.sample = subsample(self.records)
        self.ids: dict[tuple, int] = {}  # (place, place key) -> column
        self.stack = np.zeros((len(Kinds._fields), self.records, 16), np.float32)
        self.sample_stack = np.zeros((len(Kinds._fields), 16, self.sample.size), np.float32)  # columns first
        self.size = 1
        # (schedule, epoch, places) -> column per place; ('best permit', schedule, epoch, places) -> per record
        self.column_ids: dict[tuple, np.ndarray] = {}
        self._schedules: dict[str, RouteSchedule] = {}

    def schedule(self, scenario: Scenario) -> RouteSchedule:
        """The scenario's ``RouteSchedule``, kept per scenario (by its content)."""
        key = scenario.model_dump_json()
        if key not in self._schedules:
            self._schedules[key] = RouteSchedule.of(scenario)
        return self._schedules[key]

    def serves(self, pop, params: dict[str, float]) -> bool:
        return len(pop) == self.records and self.parameters == tuple(float(params[n]) for n in ACCESS_PARAMETERS)

    def add(self, key: tuple, column: np.ndarray) -> int:
        """Keep a place's column, (kinds, records); its id."""
        if self.size == self.stack.shape[2]:  # grow by doubling: columns are added during the first simulations
            self.stack = np.concatenate([self.stack, np.zeros_like(self.stack)], axis=2)
            self.sample_stack = np.concatenate([self.sample_stack, np.zeros_like(self.sample_stack)], axis=1)
        self.stack[:, :, self.size] = column
        self.sample_stack[:, self.size, :] = column[:, self.sample]
        self.ids[key] = self.size
        self.size += 1
        return self.size - 1


def subsample(records: int) -> np.ndarray:
    """A fixed subsample (every k-th record) for population means: enough for a mean, cheap to evaluate."""
    return np.arange(0, records, max(1, records // SUBSAMPLE))


def _route_key(route: Route, on: dt.date) -> tuple:
    return route.id, tuple(sorted((k, str(v)) for k, v in route.parameters_at(on).items()))


def _place_keys(routes: list[Route], on: dt.date) -> tuple[list[tuple], list[tuple]]:
    """The routes' keys, and per place the keys of its routes (what its access depends on)."""
    route_keys = [_route_key(r, on) for r in routes]
    by_place: list[list] = [[] for _ in geo.PLACES]
    for route, key in zip(routes, route_keys):
        if route.country in geo.PLACE_INDEX:
            by_place[geo.PLACE_INDEX[route.country]].append(key)
    return route_keys, [tuple(k) for k in by_place]


class RouteAccess:
    """Access of persons to destinations under a scenario's routes, month by month (see the module docstring)."""

    def __init__(self, pop, scenario: Scenario, params: dict[str, float], capability: np.ndarray,
                 table: AccessTable | None = None):
        self.scenario = scenario
        self.table = table if table is not None and table.serves(pop, params) else None
        self.columns = person_columns(pop, params)
        self._varying = {name for name, v in self.columns.items() if isinstance(v, np.ndarray)}
        self._shared_status: dict = {}
        self._split: dict = {}
        self.conditional_weight = params["conditional_access_weight"]
        self.entry_restricted = params["entry_restricted_access"]
        schedule = self.table.schedule(scenario) if self.table is not None else RouteSchedule.of(scenario)
        self._schedule = schedule
        self._routes, self.epoch = schedule.routes, schedule.epoch
        self._deposit_caps, self._place_keys = schedule.deposit_caps, schedule.place_keys
        self.short_stay_months = int(round(params["short_stay_months"]))
        # A fixed subsample (every k-th record) for population means: enough for a mean, cheap to evaluate.
        self._sample = subsample(len(pop))
        mass = pop.weight[self._sample] * capability[self._sample]
        self._sample_mass = mass / mass.sum()
        self._means: dict[int, np.ndarray] = {}
        reference_day = evaluation_date(month_index(REFERENCE_MONTH))
        if self.table is None:
            self._reference_kinds = self._access(schedule.law_then, reference_day, self._sample)
        else:
            ids = self._column_ids(schedule.law_then, schedule.law_then_place_keys, reference_day,
                                   np.ones(geo.N_PLACES, bool))
            self._reference_kinds = self._from_table(ids, None)
        self.reference = self._sample_mass @ self._reference_kinds.stay

    def _access(self, routes: list[Route], on: dt.date, who: np.ndarray, epoch=None, only: int | None = None
                ) -> Kinds:
        # ``only``: the column of this place alone, (persons, 1) (routes elsewhere are not read).
        # Routes that read no attribute the population varies in give everyone the same status: evaluate them once
        # per epoch (``epoch``: any key for the pair routes x date), and only the others per person.
        split_key = epoch if epoch is not None else id(routes)
        if split_key not in self._split:
            self._split[split_key] = (tuple(r for r in routes if route_attributes(r) & self._varying),
                                      tuple(r for r in routes if not route_attributes(r) & self._varying))
        personal, shared = self._split[split_key]
        columns = {name: (values[who] if isinstance(values, np.ndarray) else values)
                   for name, values in self.columns.items()}
        status = evaluate_population(columns, on, personal, stage="entry", n=who.size)
        cache_key = (epoch, on) if epoch is None else epoch
        if cache_key not in self._shared_status:
            scalars = {name: v for name, v in self.columns.items() if not isinstance(v, np.ndarray)}
            self._shared_status[cache_key] = {
                route_id: int(s[0]) for route_id, s in
                evaluate_population(scalars, on, shared, stage="entry", n=1).items()}
        for route_id, value in self._shared_status[cache_key].items():
            status[route_id] = np.full(who.size, value, np.int8)
        width = geo.N_PLACES if only is None else 1
        kinds = Kinds(*(np.zeros((who.size, width), np.float32) for _ in Kinds._fields))
        entry_ok = np.ones((who.size, width), bool)
        for route in routes:
            if route.country not in geo.PLACE_INDEX or route.country == geo.ORIGIN:
                continue
            j = geo.PLACE_INDEX[route.country]
            if only is not None:
                if j != only:
                    continue
                j = 0
            s = status[route.id]
            if route.kind in STAY_KINDS:
                value = np.where(s == ELIGIBLE, 1.0, np.where(s == CONDITIONAL, self.conditional_weight, 0.0))
                for kind, kinds_of in ((kinds.stay, STAY_KINDS), (kinds.permit, PERMIT_KINDS),
                                       (kinds.protection, PROTECTION_KINDS)):
                    if route.kind in kinds_of:
                        np.maximum(kind[:, j], value, out=kind[:, j])
            elif route.kind in ENTRY_KINDS:
                entry_ok[:, j] &= s == ELIGIBLE
        # Refused entry: only a small part of the access is left, whatever the route (a permit must be reached).
        entry_factor = np.where(entry_ok, 1.0, self.entry_restricted).astype(np.float32)
        return Kinds(*(kind * entry_factor for kind in kinds))

    def reference_best(self, places: np.ndarray) -> float:
        """``reference``'s counterpart for the best permit access over some places (a bool mask): the leavers'
        mean in the reference month under the law as it was."""
        return float(self._sample_mass @ self._reference_kinds.permit[:, places].max(axis=1))

    def changed_places(self, month: int) -> np.ndarray:
        """Bool mask of the places whose routes or route parameters differ from the month before (all in month 0):
        a place's access depends on its own routes only, so only these need re-evaluating."""
        if month == 0:
            return np.ones(geo.N_PLACES, bool)
        before, now = self._place_keys[month - 1], self._place_keys[month]
        return np.array([a != b for a, b in zip(before, now)])

    def _routes_at(self, month: int, places: np.ndarray) -> list[Route]:
        return [r for r in self._routes[month] if r.country in geo.PLACE_INDEX and places[geo.PLACE_INDEX[r.country]]]

    def mean_access(self, month: int) -> np.ndarray:
        """Weight x capability mean access per place over the subsample (computed once per epoch; from the month
        before, only the places whose routes changed are evaluated)."""
        epoch = self.epoch[month]
        if epoch not in self._means and self.table is not None:
            self._means[epoch] = self._sample_mass @ self._table_kinds(None, month).stay
        if epoch not in self._means:
            if month == 0 or self.epoch[month - 1] not in self._means:
                self._means[epoch] = self._sample_mass @ self._access(self._routes[month], evaluation_date(month),
                                                                      self._sample, epoch).stay
            else:
                changed = self.changed_places(month)
                mean = self._means[self.epoch[month - 1]].copy()
                kinds = self._access(self._routes_at(month, changed), evaluation_date(month), self._sample,
                                     ("changed", epoch))
                mean[changed] = (self._sample_mass @ kinds.stay)[changed]
                self._means[epoch] = mean
        return self._means[epoch]

    def access(self, who: np.ndarray, month: int) -> np.ndarray:
        """(persons, places) access of the given persons in a month."""
        return self.kinds(who, month).stay

    def kinds(self, who: np.ndarray, month: int) -> Kinds:
        """(persons, places) access of the given persons in a month, by kind of route."""
        if self.table is not None:
            return self._table_kinds(who, month)
        return self._access(self._routes[month], evaluation_date(month), who, self.epoch[month])

    def kinds_over(self, who: np.ndarray, month: int, places: np.ndarray) -> Kinds:
        """``kinds(who, month)`` in the columns of ``places`` (a bool mask), zero elsewhere: only their routes are
        evaluated."""
        if self.table is not None:
            return self._table_kinds(who, month, places)
        key = ("over", self.epoch[month], places.tobytes())
        return self._access(self._routes_at(month, places), evaluation_date(month), who, key)

    def best_permit_over(self, who: np.ndarray, month: int, places: np.ndarray) -> np.ndarray:
        """Per person, the best access to a residence permit over ``places`` (a bool mask) in a month:
        ``kinds_over(who, month, places).permit.max(axis=1)``; with a table, kept per epoch for every record."""
        if self.table is None:
            return self.kinds_over(who, month, places).permit.max(axis=1)
        key = ("best permit", id(self._schedule), self.epoch[month], places.tobytes())
        best = self.table.column_ids.get(key)
        if best is None:
            ids = self._epoch_ids(month, places)
            best = self.table.stack[Kinds._fields.index("permit")][:, ids].max(axis=1)
            self.table.column_ids[key] = best
        return best[who]

    def stay_rules(self, month: int) -> StayRules:
        """How long a stay without a permit lasts at each place in a month, and whether a visa run restarts it.

        Where a visa-free route is in force, its limit (the longest single stay: ``limit_per_stay_days`` where the
        route has one, else ``limit_days``) and its ``visa_run_restarts``; where Russians need a visa (the EU, EFTA,
        the UK and North America), a short-stay visa of ``short_stay_months`` with no restart (Schengen's 90 days
        in any 180); elsewhere (Kyrgyzstan, Uzbekistan, Israel, the rest of the world: rules not encoded) no
        limit."""
        limit = np.zeros(geo.N_PLACES, np.int16)
        visa_run = np.zeros(geo.N_PLACES, bool)
        for j, code in enumerate(geo.PLACES):
            if code in VISA_REQUIRED:
                limit[j] = self.short_stay_months
        on = evaluation_date(month)
        for route in self._routes[month]:
            if route.kind != "visa_free" or route.country not in geo.PLACE_INDEX:
                continue
            j = geo.PLACE_INDEX[route.country]
            values = route.parameters_at(on)
            days = values.get("limit_per_stay_days", values.get("limit_days"))
            if days is None:
                continue
            limit[j] = max(1, round(float(days) / DAYS_PER_MONTH))  # whole months: the engine's step
            visa_run[j] = bool(values.get("visa_run_restarts", False))
        return StayRules(limit, visa_run)

    def deposit_cap_eur(self, month: int) -> np.ndarray:
        """Per place, the cap on an EU bank's deposits of a Russian without a residence permit there (EUR)."""
        return self._deposit_caps[month]

    def access_at(self, who: np.ndarray, place: np.ndarray, month: int) -> Kinds:
        """Access of each given person at one place each: ``kinds(who, month)`` in column ``place[i]``, evaluating
        for the persons at a place only the routes of that place (a place's column depends on its own routes
        only)."""
        epoch = self.epoch[month]
        on = evaluation_date(month)
        if self.table is not None:
            ids = self._epoch_ids(month)
            return Kinds(*(kind[who, ids[place]] for kind in self.table.stack))
        if ("by_place", epoch) not in self._split:
            by_place: dict[int, list[Route]] = {}
            for route in self._routes[month]:
                if route.country in geo.PLACE_INDEX and route.country != geo.ORIGIN:
                    by_place.setdefault(geo.PLACE_INDEX[route.country], []).append(route)
            self._split[("by_place", epoch)] = by_place
        by_place = self._split[("by_place", epoch)]
        out = Kinds(*(np.zeros(who.size, np.float32) for _ in Kinds._fields))  # no route there: no access
        for j in np.unique(place):
            if int(j) in by_place:
                here = np.flatnonzero(place == j)
                kinds = self._access(by_place[int(j)], on, who[here], (epoch, int(j)))
                for column, kind in zip(out, kinds):
                    column[here] = kind[:, j]
        return out


    def _table_kinds(self, who: np.ndarray | None, month: int, places: np.ndarray | None = None) -> Kinds:
        """``kinds(who, month)`` (in the columns of ``places`` only, if given; ``who`` None: the subsample of
        population means) read from the table."""
        return self._from_table(self._epoch_ids(month, places), who)

    def _epoch_ids(self, month: int, places: np.ndarray | None = None) -> np.ndarray:
        """The table column of each place in a month (``_column_ids``), kept per epoch in the table."""
        key = (id(self._schedule), self.epoch[month], b"" if places is None else places.tobytes())
        ids = self.table.column_ids.get(key)
        if ids is None:
            places = np.ones(geo.N_PLACES, bool) if places is None else places
            ids = self._column_ids(self._routes[month], self._place_keys[month], evaluation_date(month), places)
            self.table.column_ids[key] = ids
        return ids

    def _from_table(self, ids: np.ndarray, who: np.ndarray | None) -> Kinds:
        if who is None:  # (subsample, places) views of the columns-first sample stack
            return Kinds(*(kind[ids].T for kind in self.table.sample_stack))
        rows = np.ix_(who, ids)
        return Kinds(*(kind[rows] for kind in self.table.stack))

    def _column_ids(self, routes: list[Route], place_keys: list[tuple], on: dt.date, places: np.ndarray
                    ) -> np.ndarray:
        """The table column of each place (0: no route there, or not among ``places``), evaluating the whole
        population at a place whose routes the table has not seen yet."""
        ids = np.zeros(geo.N_PLACES, np.intp)
        for j in np.flatnonzero(places):
            if not place_keys[j] or geo.PLACES[j] == geo.ORIGIN:
                continue
            key = (int(j), place_keys[j])
            if key not in self.table.ids:
                own = [r for r in routes if r.country == geo.PLACES[j]]
                everyone = np.arange(self.table.records)
                self.table.add(key, np.stack([kind[:, 0] for kind in
                                              self._access(own, on, everyone, ("table", key), only=int(j))]))
            ids[j] = self.table.ids[key]
        return ids


def _deposit_caps(routes: list[Route], on: dt.date) -> np.ndarray:
    """Per place, the deposit cap of the EU sanctions routes in force (``cap_eur``); infinite where none is."""
    caps = np.full(geo.N_PLACES, np.inf)
    for route in routes:
        if route.id.startswith(DEPOSIT_CAP_ROUTE) and route.country in geo.PLACE_INDEX:
            caps[geo.PLACE_INDEX[route.country]] = float(route.parameters_at(on)["cap_eur"])
    return caps
