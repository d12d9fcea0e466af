"""The scenario schema (pydantic models). Field validators check values a user can get wrong; cross-field checks
(dates inside the horizon, parameter names and bounds) live in ``Scenario``'s model validator."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, field_validator, model_validator

from relokant import geo, parameters

FIRST_MONTH = "2022-01"  # the engine starts here: two months before the invasion
MAX_HORIZON = "2040-12"
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class YearMonth(str):
    """A calendar month written ``YYYY-MM``."""

    @classmethod
    def parse(cls, text: str) -> "YearMonth":
        m = _YEAR_MONTH.match(str(text))
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"expected a month as YYYY-MM, got {text!r}")
        return cls(text)

    @property
    def index(self) -> int:
        """Months since 2022-01 (the engine's month index)."""
        return month_index(self)


def month_index(month: str | dt.date) -> int:
    if isinstance(month, dt.date):
        return (month.year - 2022) * 12 + month.month - 1
    year, mon = str(month).split("-")[:2]
    return (int(year) - 2022) * 12 + int(mon) - 1


def month_label(index: int) -> str:
    year, mon = divmod(index, 12)
    return f"{2022 + year:04d}-{mon + 1:02d}"


_Strict = ConfigDict(extra="forbid", strict=False, populate_by_name=True)
Ref = Annotated[str, Field(pattern=r"^(ev|as):[A-Za-z0-9_]+$")]


class Shock(BaseModel):
    """An event that raises the departure hazard from its date, decaying with a half-life."""

    model_config = _Strict
    id: str = Field(min_length=1)
    date: dt.date
    hazard: str = Field(description="name of the parameter holding the peak monthly hazard")
    half_life_months: str | float = Field(description="parameter name or a number of months")
    population: Literal["all", "draft_exposed"] = "all"
    scale: float = Field(1.0, ge=0, le=100, description="multiplies the hazard parameter")
    note: str = ""

    @field_validator("hazard")
    @classmethod
    def _known_hazard(cls, value: str) -> str:
        parameters.get(value)
        return value

    @field_validator("half_life_months")
    @classmethod
    def _half_life(cls, value):
        if isinstance(value, str):
            parameters.get(value)
        elif not 0.05 <= value <= 120:
            raise ValueError(f"must be between 0.05 and 120 months, got {value!r}")
        return value


class PolicyEntry(BaseModel):
    """Policy toward Russians in one place (or all EU27) from a date: later entries override earlier ones."""

    model_config = _Strict
    geo: str
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(None, alias="to")
    openness: float | Ref | None = Field(
        None, description="attractiveness relative to 2022 conditions: 1 = as in 2022, 0 = closed, >1 more open")
    capital_acceptance: float | Ref | None = Field(
        None, description="share of an intended capital transfer that lands (bank frictions, sanctions)")
    note: str = ""
    source: str = ""

    @field_validator("geo")
    @classmethod
    def _known_geo(cls, value: str) -> str:
        if value not in geo.AGGREGATES:
            geo.index(value)
        if value == geo.ORIGIN:
            raise ValueError("policy applies to destinations; RU is the origin")
        return value

    @field_validator("openness")
    @classmethod
    def _openness(cls, value):
        if isinstance(value, (int, float)) and not 0 <= value <= 20:
            raise ValueError(f"must be between 0 and 20, got {value!r}")
        return value

    @field_validator("capital_acceptance")
    @classmethod
    def _acceptance(cls, value):
        if isinstance(value, (int, float)) and not 0 <= value <= 1:
            raise ValueError(f"must be between 0 and 1, got {value!r}")
        return value

    @model_validator(mode="after")
    def _something_set(self):
        if self.openness is None and self.capital_acceptance is None:
            raise ValueError("set openness, capital_acceptance or both")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self


class RouteSwitch(BaseModel):
    """Routes in force beyond their own legal dates: enable a proposal, suspend a route, or change its parameters
    from a date. ``route`` is a route id or a prefix ending in ``*`` (``CASE_RELOCANT_CARD_*``)."""

    model_config = _Strict
    route: str = Field(min_length=1)
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(None, alias="to")
    enabled: bool = True
    parameters: dict[str, float | Ref] = Field(default_factory=dict)
    note: str = ""
    source: str = ""

    @field_validator("route")
    @classmethod
    def _known_route(cls, value: str) -> str:
        if not matching_routes(value):
            raise ValueError(f"no route matches {value!r} (see `relokant routes list`)")
        return value

    @model_validator(mode="after")
    def _parameters_exist(self):
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        for name in self.parameters:
            if not any(name in r.parameters for r in matching_routes(self.route)):
                raise ValueError(f"parameters.{name}: not a parameter of {self.route} (see `relokant routes show`)")
        return self

    def matches(self, route_id: str) -> bool:
        return route_id == self.route or (self.route.endswith("*") and route_id.startswith(self.route[:-1]))


def matching_routes(pattern: str):
    from relokant.policy.routes import all_routes

    if pattern.endswith("*"):
        return [r for r in all_routes() if r.id.startswith(pattern[:-1])]
    return [r for r in all_routes() if r.id == pattern]


class Scenario(BaseModel):
    model_config = _Strict
    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    horizon: str = "2030-12"
    # Strict: YAML's `true` is not a number of persons.
    sample_size: Annotated[int, Strict()] = Field(100_000, ge=1_000, le=20_000_000)
    seed: Annotated[int, Strict()] = Field(1, ge=0, le=2**32 - 1)
    draws: Annotated[int, Strict()] = Field(1, ge=1, le=1000)
    shocks: list[Shock] = Field(default_factory=list)
    policy: list[PolicyEntry] = Field(default_factory=list)
    routes: list[RouteSwitch] = Field(default_factory=list)
    parameters: dict[str, float] = Field(default_factory=dict)

    @field_validator("horizon", mode="before")
    @classmethod
    def _horizon(cls, value) -> str:
        YearMonth.parse(value)
        if not "2022-12" <= value <= MAX_HORIZON:
            raise ValueError(f"must be between 2022-12 and {MAX_HORIZON}, got {value!r}")
        return value

    @model_validator(mode="after")
    def _cross_checks(self):
        for name, value in self.parameters.items():
            if name not in parameters.names():
                raise ValueError(f"parameters.{name}: unknown parameter (see `relokant params`)")
            problem = parameters.check_value(name, value)
            if problem:
                raise ValueError(f"parameters.{name}: {problem}")
        last = month_index(self.horizon)
        for i, shock in enumerate(self.shocks):
            if not 0 <= month_index(shock.date) <= last:
                raise ValueError(f"shocks.{i}.date: {shock.date} is outside the simulated period "
                                 f"{FIRST_MONTH}..{self.horizon}")
        for i, entry in enumerate(self.policy):
            if month_index(entry.start) > last:
                raise ValueError(f"policy.{i}.from: {entry.start} is after the horizon {self.horizon}")
        for i, switch in enumerate(self.routes):
            if month_index(switch.start) > last:
                raise ValueError(f"routes.{i}.from: {switch.start} is after the horizon {self.horizon}")
        ids = [s.id for s in self.shocks]
        if len(ids) != len(set(ids)):
            raise ValueError(f"shocks: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
        return self

    @property
    def months(self) -> int:
        """Number of simulated months, 2022-01 to the horizon inclusive."""
        return month_index(self.horizon) + 1

    def canonical(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)

    def content_hash(self) -> str:
        text = json.dumps(self.canonical(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]
