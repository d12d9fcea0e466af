"""Request and response models of the JSON API (pydantic), with the limits of ``limits`` in their bounds.

Input: request bodies and query values. Output: validated objects; FastAPI turns a violation into a 422 with one
line saying where and what (see ``app``). The person is the CLI's own ``relokant.policy.person.Person``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from relokant.policy.person import Person
from relokant.web import limits

_Strict = ConfigDict(extra="forbid")
RunRef = Annotated[str, StringConstraints(pattern=r"^[jr][0-9a-f]{6,40}$", max_length=41)]
ScenarioName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]{1,80}$")]
Month = Annotated[str, StringConstraints(pattern=r"^20[2-4][0-9]-(0[1-9]|1[0-2])$")]


class Problem(BaseModel):
    """Every error: one line saying where and what."""

    detail: str


class RunRequest(BaseModel):
    """A simulation to run: a shipped or saved scenario by name, or YAML text; options override its own."""

    model_config = _Strict
    scenario: ScenarioName | None = Field(None, description="a shipped (baseline, case-proposal) or saved scenario")
    scenario_yaml: str | None = Field(None, max_length=limits.MAX_YAML_CHARS, description="scenario as YAML text")
    sample_size: int = Field(limits.DEFAULT_SAMPLE_SIZE, ge=limits.MIN_SAMPLE_SIZE, le=limits.MAX_SAMPLE_SIZE,
                             description="synthetic persons per draw")
    draws: int = Field(limits.DEFAULT_DRAWS, ge=1, le=limits.MAX_DRAWS, description="draws (seeds)")
    seed: int | None = Field(None, ge=0, le=2**32 - 1, description="default: the scenario's own")
    horizon: Month | None = Field(None, description="last simulated month YYYY-MM (default: the scenario's)")
    validate_model: bool = Field(False, description="also check the model against every evidence target (baseline "
                                                    "draws at the same size; adds about one run's time)")

    @model_validator(mode="after")
    def _one_source(self):
        if (self.scenario is None) == (self.scenario_yaml is None):
            raise ValueError("give exactly one of 'scenario' (a name) and 'scenario_yaml' (YAML text)")
        return self


class RouteSwitchIn(BaseModel):
    """One route switch of the studio: a route id or group pattern, on or off, from a date, with parameters."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    route: str = Field(min_length=1, max_length=80)
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(None, alias="to")
    enabled: bool = True
    parameters: dict[str, float] = Field(default_factory=dict, max_length=20)
    note: str = Field("", max_length=500)

    @field_validator("start", "end")
    @classmethod
    def _in_model_time(cls, value):
        if value is not None and not dt.date(2022, 1, 1) <= value <= dt.date(2040, 12, 31):
            raise ValueError("must be between 2022-01-01 and 2040-12-31")
        return value


class BuildRequest(BaseModel):
    """The studio's form: a base scenario and the edits to it."""

    model_config = _Strict
    base: ScenarioName = "baseline"
    name: ScenarioName
    description: str | None = Field(None, max_length=2000)
    horizon: Month | None = None
    routes: list[RouteSwitchIn] = Field(default_factory=list, max_length=200,
                                        description="the scenario's route switches (they replace the base's)")
    parameters: dict[str, float] = Field(default_factory=dict, max_length=50)


class ScenarioIn(BaseModel):
    model_config = _Strict
    scenario_yaml: str = Field(max_length=limits.MAX_YAML_CHARS)


class ClaimRequest(BaseModel):
    model_config = _Strict
    claim: Literal["case-3m"] = "case-3m"
    baseline_run: RunRef
    scenario_run: RunRef


class EligibilityRequest(BaseModel):
    """One person (the CLI's person schema) at a date; optionally one country or route, and the proposals."""

    model_config = _Strict
    person: Person
    date: dt.date | None = Field(None, description="default: today")
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    route: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]{2,80}$")] | None = None
    include_proposals: bool = False

    @field_validator("date")
    @classmethod
    def _date_range(cls, value):
        if value is not None and not (dt.date.fromisoformat(limits.EARLIEST_DATE) <= value
                                      <= dt.date.fromisoformat(limits.LATEST_DATE)):
            raise ValueError(f"must be between {limits.EARLIEST_DATE} and {limits.LATEST_DATE}")
        return value


class JobStatus(BaseModel):
    job_id: str
    kind: str
    status: Literal["queued", "running", "done", "failed", "interrupted"]
    stage: str
    progress: float
    eta_s: float | None
    scenario: str | None
    run_id: str | None
    reason: str | None
    created_at: str | None
    started_at: str | None
    ended_at: str | None


class EligibilityAnswer(BaseModel):
    """Routes sorted eligible first; each with its checks, points, thresholds, rights and sources. With
    ``detail=compact`` (the default) a route the person is not eligible for lists only the checks it failed
    (``checks_complete`` false); ``detail=full`` lists every check of every route."""

    date: str
    detail: Literal["compact", "full"]
    counts: dict[str, int]
    routes: list[dict]


class MetricRow(BaseModel):
    metric: str
    geo: str
    period: str
    p05: float
    p50: float
    p95: float
    unit: str


class RunResults(BaseModel):
    """The output contract of ``relokant run --json``, its metrics filtered as asked."""

    run_id: str
    scenario: str
    seed: int
    draws: int
    sample_size: int
    code_version: str
    data_version: str
    synthetic_population: bool
    metrics: list[MetricRow]
