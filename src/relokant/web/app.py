"""The FastAPI app: JSON API (``/api/...``, OpenAPI docs at ``/docs``) and the server-rendered pages.

Input: ``create_app(db, workers=...)``: the run store path and the job runner's settings. Output: an ASGI app whose
job runner starts and stops with it (lifespan). Every request handler is thin: it validates (``models``), calls
``studio``, ``results``, ``relokant.api``, ``relokant.policy``, ``relokant.evidence``, and answers; simulations only
ever run as jobs. Errors are JSON ``{"detail": "one line"}``: 404 unknown, 409 not finished, 413 too large, 422 bad
input, 429 queue full (or too many eligibility requests waiting); a bug is a 500 with a generic line, its traceback
only in the server log. Nothing slow runs on the event loop: eligibility (CPU) in one thread, store reads in the
thread pool; a finished run's results are answered from memory.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import weakref
from contextlib import asynccontextmanager
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Literal

from anyio import CapacityLimiter, to_thread
from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from relokant import evidence
from relokant.errors import InputError
from relokant.web import eligibility as web_eligibility
from relokant.web import jobs, limits, results, studio
from relokant.web.models import (BuildRequest, ClaimRequest, EligibilityAnswer, EligibilityRequest, JobStatus,
                                 Problem, RunRequest, RunResults, ScenarioIn)

log = logging.getLogger("relokant.web")
_HERE = Path(str(resources.files("relokant.web")))
ERRORS = {status: {"model": Problem} for status in (400, 404, 409, 413, 422, 429)}
SITE_NAME = "relokant"


class NotFound(Exception):
    pass


class Conflict(Exception):
    pass


class TooLarge(StarletteHTTPException):
    """A request body (sent in chunks, without a length) grew over the limit while it was read. An HTTP exception,
    so that FastAPI's body reading lets it through as it is (it turns other exceptions into a 400)."""

    def __init__(self, detail: str):
        super().__init__(413, detail)


class BodyLimit:
    """Refuses a request body over ``limit`` bytes with 413: at once when its declared length says so, else when
    the bytes read pass it. A plain ASGI middleware: Starlette's ``@app.middleware("http")`` would run every
    request and response through extra tasks and streams, which costs more than most of our answers."""

    def __init__(self, app, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        for name, value in scope["headers"]:
            if name == b"content-length":
                if not value.isdigit() or int(value) > self.limit:
                    response = JSONResponse({"detail": f"request body over {self.limit:,} bytes"}, status_code=413)
                    return await response(scope, receive, send)
                return await self.app(scope, receive, send)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge(f"request body over {self.limit:,} bytes")
            return message

        return await self.app(scope, counted, send)


class Busy(Exception):
    """Too many requests already wait for the CPU: answered 429 at once rather than after seconds."""


# ----------------------------------------------------------------------------------------------- helpers


@lru_cache(maxsize=1)
def plotly_js() -> bytes:
    """plotly.js from the installed plotly package: the page's only charting script, served by the app."""
    import plotly.offline

    return plotly.offline.get_plotlyjs().encode()


def _validation_line(exc: RequestValidationError) -> str:
    first = exc.errors()[0]
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    # pydantic reports each member of a union; the field's path is what the user needs
    loc = [p for p in loc if not p.startswith(("function-", "constrained-")) and p not in ("str", "int", "float")]
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    if first.get("type") == "extra_forbidden":
        message = "unknown field"
    elif first.get("type") == "missing":
        message = "required field missing"
    given = "" if first.get("type") in ("missing", "extra_forbidden", "json_invalid") else \
        f" (got {first.get('input')!r:.80})"
    where = ".".join(loc)
    return f"{where}: {message}{given}" if where else f"{message}{given}"


def _scenario_text(store: jobs.JobStore, name: str) -> tuple[str, str]:
    """(YAML text, source) of a shipped or saved scenario."""
    from relokant.scenario import builtin

    if name in studio.shipped():
        return builtin(name).read_text(encoding="utf-8"), "shipped"
    text = store.scenario(name)
    if text is None:
        raise NotFound(f"unknown scenario {name!r} (shipped: {', '.join(studio.shipped())}; or save one first)")
    return text, "saved"


def _resolve_run(store: jobs.JobStore, ref: str) -> tuple[dict | None, dict | None]:
    """(job row, run record) of a job id or a run id; either may be None, not both."""
    from relokant import api

    job = None
    if ref.startswith("j"):
        job = store.get(ref)
        if job is None:
            raise NotFound(f"unknown job id {ref!r}")
        if job["kind"] != "run" or not job.get("run_id"):
            return job, None
        ref = job["run_id"]
    try:
        record = api.RunStore(store.path).run(ref)
    except InputError as exc:
        if str(exc).startswith(("unknown run id", "ambiguous run id")):
            raise NotFound(str(exc).replace(" (see `relokant runs list`)", "")) from None
        raise
    return job, record


def _run_status(store: jobs.JobStore, ref: str) -> dict:
    job, record = _resolve_run(store, ref)
    if record is not None and job is None:
        job = store.by_run_id(record["run_id"])
    status = record["status"] if record is not None else job["status"]
    return {"id": ref, "status": status, "job": jobs.describe(job) if job else None,
            "run": results.manifest(record) if record else None,
            "links": _links(record["run_id"]) if record is not None and status == "done" else {}}


def _links(run_id: str) -> dict:
    return {"page": f"/runs/{run_id}", "results": f"/api/runs/{run_id}/results",
            "csv": f"/api/runs/{run_id}/results.csv", "json": f"/api/runs/{run_id}/results.json",
            "charts": f"/api/runs/{run_id}/charts"}


# What the claim panel needs, said once: the compare page shows it before a pair is chosen.
CLAIM_RULE = ("The claim panel appears only for a run of the shipped baseline (a) against a run of the shipped "
              "case-proposal (b), paired (same sample size, draws and seed) and both run to 2030-01 or later.")


def claim_absent(db: str, run_a: str, run_b: str) -> str | None:
    """Why the CASE claim cannot be read off this pair of finished runs, in one clause; None if it can."""
    from relokant.scenario import loads

    views = [results.finished(db, run_a), results.finished(db, run_b)]
    names = [v.record["scenario_name"] for v in views]
    if names != ["baseline", "case-proposal"]:
        return (f"it needs a run of the shipped baseline as a and one of the shipped case-proposal as b, and this "
                f"pair is {names[0]} (a) and {names[1]} (b)")
    for v in views:
        if not studio.is_shipped(loads(v.record["scenario_yaml"], name_for_errors="run")):
            return f"run {v.run_id} is an edited {v.record['scenario_name']}, not the shipped scenario"
    if len({(v.record["seed"], v.record["draws"], v.record["sample_size"]) for v in views}) != 1:
        return "the runs are not paired, so run both with the same sample size, draws and seed"
    short = min(views, key=lambda v: v.horizon())
    if short.horizon() < "2030-01":
        return (f"the claim is read at 2030-01, five years after the card starts, but run {short.run_id} ends at "
                f"{short.horizon()}, so run both to a horizon of 2030-01 or later")
    return None


CLAIM_PAIR = ("baseline", "case-proposal")


def claim_partner(db: str, run_id: str) -> dict | None:
    """For a finished run of one of the claim's two scenarios, the newest finished run of the other that pairs with
    it and makes a claim panel: ``{"a", "b", "other", "run_id"}`` for ``/compare?a=&b=``; None if there is none."""
    from relokant import api

    record = api.RunStore(db).run(run_id)
    if record["status"] != "done" or record["scenario_name"] not in CLAIM_PAIR:
        return None
    other = CLAIM_PAIR[1 - CLAIM_PAIR.index(record["scenario_name"])]
    frame = api.RunStore(db).runs()
    candidates = frame[(frame["status"] == "done") & (frame["scenario_name"] == other)
                       & (frame["seed"] == record["seed"]) & (frame["draws"] == record["draws"])
                       & (frame["sample_size"] == record["sample_size"])]
    for candidate in candidates["run_id"].head(20):  # newest first
        a, b = (run_id, candidate) if other == "case-proposal" else (candidate, run_id)
        try:
            if claim_absent(db, a, b) is None:
                return {"a": a, "b": b, "other": other, "run_id": candidate}
        except (results.NotFinished, InputError):
            continue
    return None


def _chosen(store: jobs.JobStore, ref: str | None, listed: set[str]) -> dict:
    """A run selector's state for a job or run id: the value to select, and an option to add when that value is
    not a finished run in the list (a job still queued or running, a failed run, an unknown id)."""
    out = {"value": ref or "", "run_id": None, "option": None}
    if not ref:
        return out
    try:
        job, record = _resolve_run(store, ref)
    except (NotFound, InputError) as exc:
        out["option"] = f"{ref}: {exc}"
        return out
    if record is not None and record["status"] == "done":
        out["value"] = out["run_id"] = record["run_id"]
        if record["run_id"] not in listed:  # older than the list's newest 200
            out["option"] = _run_label(results.manifest(record))
    elif record is not None:
        out["option"] = f"{record['scenario_name']} · run {record['run_id']} ({record['status']})"
    else:
        out["option"] = f"{job.get('scenario') or job['kind']} · job {job['job_id']} ({job['status']})"
    return out


def _run_label(run: dict) -> str:
    """How a selector names a finished run: scenario, size × draws, seed and id."""
    return f"{run['scenario_name']} · {run['sample_size']:,} × {run['draws']} · seed {run['seed']} · {run['run_id']}"


def _finished(store: jobs.JobStore, ref: str) -> results.RunView:
    view = results.cached(str(store.path), ref)  # a finished run never changes: no need to open the store
    if view is not None:
        return view
    job, record = _resolve_run(store, ref)
    if record is None:
        raise Conflict(f"job {ref} is {job['status']}"
                       + (f": {job['reason']}" if job.get("reason") else "; results come when it is done"))
    view = results.finished(str(store.path), record["run_id"])
    if job is not None:  # a job id names its run for good (a run id prefix may not: another run may share it)
        results.alias(str(store.path), ref, view)
    return view


# ----------------------------------------------------------------------------------------------- the app


def create_app(db: str | Path | None = None, *, workers: int = limits.WORKERS, queue_limit: int = limits.QUEUE_LIMIT,
               time_limit_s: float = limits.JOB_TIME_LIMIT_S) -> FastAPI:
    store = jobs.JobStore(db)
    runner = jobs.JobRunner(store, workers=workers, queue_limit=queue_limit, time_limit_s=time_limit_s)

    @asynccontextmanager
    async def lifespan(_app):
        runner.start()
        try:
            yield
        finally:
            runner.stop()

    app = FastAPI(title="relokant", version=_version(), lifespan=lifespan,
                  description="Policy simulator for wartime emigration from Russia: scenarios, runs (jobs), "
                              "comparisons, eligibility, routes and evidence. Synthetic population; every figure "
                              "traceable to its source.")
    app.state.store, app.state.runner = store, runner
    templates = Jinja2Templates(directory=str(_HERE / "templates"))
    templates.env.globals.update(limits=limits, site=SITE_NAME)
    templates.env.filters["num"] = lambda v: "" if v is None else f"{v:,.6g}"
    templates.env.filters["run_label"] = _run_label
    _errors(app, templates)

    app.add_middleware(BodyLimit, limit=limits.MAX_BODY_BYTES)

    api_router = APIRouter(prefix="/api", responses=ERRORS)
    _api(api_router, store, runner)
    app.include_router(api_router)
    _pages(app, templates, store)
    # After the pages: /static/plotly.min.js is a route (from the plotly package), the rest are package files.
    app.mount("/static", StaticFiles(directory=str(_HERE / "static")), name="static")
    return app


def _version() -> str:
    from relokant import __version__

    return __version__


def _errors(app: FastAPI, templates: Jinja2Templates) -> None:
    def problem(status: int, message: str, request: Request | None = None, headers: dict | None = None):
        line = " ".join(str(message).split())
        if request is not None and not request.url.path.startswith("/api") and \
                "text/html" in request.headers.get("accept", ""):
            # A person at a page gets a page saying what went wrong, not JSON.
            return templates.TemplateResponse(request, "error.html.j2", {"title": "Error", "status": status,
                                                                         "detail": line}, status_code=status,
                                              headers=headers)
        return JSONResponse({"detail": line}, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        return problem(422, _validation_line(exc), request)

    def answer_with(status: int, suffix: str = "", headers: dict | None = None):
        async def handler(request: Request, exc: Exception):
            return problem(status, f"{exc}{suffix}", request, headers)
        return handler

    # The app's own refusals: each exception type answers with its status and its message as the one line.
    for refusal, status, suffix, headers in (
            (InputError, 422, "", None),
            (NotFound, 404, "", None),
            (Conflict, 409, "", None),
            (results.NotFinished, 409, "; results come when it is done", None),
            (jobs.QueueFull, 429, "", None),
            (Busy, 429, "", {"Retry-After": "1"})):
        app.add_exception_handler(refusal, answer_with(status, suffix, headers))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return problem(exc.status_code, exc.detail if isinstance(exc.detail, str) else "error", request,
                       getattr(exc, "headers", None))  # e.g. Allow on a 405

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception):
        log.exception("bug while answering %s %s", request.method, request.url.path)
        return problem(500, "internal error: the server log has the details", request)


def _api(router: APIRouter, store: jobs.JobStore, runner: jobs.JobRunner) -> None:
    db = str(store.path)
    limiters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def cpu_limiter() -> CapacityLimiter:
        """One token per event loop: eligibility answers are computed one at a time, in arrival order. More threads
        would not run pure-Python work faster under the GIL, only interleave it and starve the event loop."""
        loop = asyncio.get_running_loop()  # made in the loop that uses it (tests run one loop per client)
        limiter = limiters.get(loop)
        if limiter is None:
            limiter = limiters[loop] = CapacityLimiter(1)
        if limiter.statistics().tasks_waiting >= limits.MAX_CPU_WAITING:
            raise Busy(f"{limits.MAX_CPU_WAITING} eligibility requests are already waiting; try again in a moment")
        return limiter

    @router.get("/health", tags=["meta"])
    def health() -> dict:
        return {"status": "ok", "queued": store.queued_count(), "workers": len(runner.slots),
                "limits": {"max_sample_size": limits.MAX_SAMPLE_SIZE, "max_draws": limits.MAX_DRAWS,
                           "queue_limit": runner.queue_limit, "job_time_limit_s": runner.time_limit_s}}

    # -- scenarios --------------------------------------------------------------------------------------------

    @router.get("/scenarios", tags=["scenarios"])
    def scenarios() -> list[dict]:
        """Shipped scenarios and those saved from the studio."""
        from relokant.scenario import builtin, load

        shipped = [{"name": n, "source": "shipped", "description": load(builtin(n)).description}
                   for n in studio.shipped()]
        return shipped + [{**s, "source": "saved"} for s in store.scenarios()]

    @router.get("/scenarios/{name}", tags=["scenarios"])
    def scenario(name: str) -> dict:
        """A scenario: its YAML as written and its validated content (``extends:`` resolved)."""
        text, source = _scenario_text(store, name)
        parsed = studio.parse(text, where=f"scenario {name}")
        return {"name": name, "source": source, "yaml": text, "scenario": parsed.canonical()}

    @router.get("/scenarios/{name}/yaml", tags=["scenarios"], response_class=PlainTextResponse)
    def scenario_yaml(name: str):
        """The scenario's YAML file, to download."""
        text, _ = _scenario_text(store, name)
        safe = "".join(c for c in name if c.isalnum() or c in "-_.")
        return PlainTextResponse(text, media_type="application/yaml",
                                 headers={"Content-Disposition": f'attachment; filename="{safe}.yaml"'})

    @router.post("/scenarios", tags=["scenarios"], status_code=201)
    def save_scenario(body: ScenarioIn) -> dict:
        """Check a scenario's YAML and save it under its name (shipped names are taken)."""
        parsed = studio.parse(body.scenario_yaml)
        if parsed.name in studio.shipped():
            raise Conflict(f"name: {parsed.name!r} is a shipped scenario; give yours another name")
        store.save_scenario(parsed.name, body.scenario_yaml)
        return {"name": parsed.name, "yaml": body.scenario_yaml, "scenario": parsed.canonical()}

    @router.post("/scenarios/check", tags=["scenarios"])
    def check_scenario(body: ScenarioIn) -> dict:
        """Check a scenario's YAML without saving it: the validated content, or a 422 saying what is wrong."""
        parsed = studio.parse(body.scenario_yaml)
        return {"name": parsed.name, "scenario": parsed.canonical()}

    @router.post("/scenarios/build", tags=["scenarios"])
    def build_scenario(body: BuildRequest) -> dict:
        """The studio's form made a scenario: the base with its route switches and key parameters replaced."""
        text, _ = _scenario_text(store, body.base)
        base = studio.parse(text, where=f"scenario {body.base}")
        routes = [s.model_dump(mode="json", by_alias=True, exclude_none=True) for s in body.routes]
        built = studio.build(base, name=body.name, description=body.description, horizon=body.horizon,
                             routes=routes, parameter_values=body.parameters)
        return {"name": built.name, "yaml": studio.to_yaml(built), "scenario": built.canonical()}

    @router.get("/studio/options", tags=["scenarios"])
    def studio_options() -> dict:
        """Route groups and routes a switch can name (with their parameters) and the key model parameters."""
        return studio.options()

    # -- runs -------------------------------------------------------------------------------------------------

    @router.post("/runs", tags=["runs"], status_code=202, response_model=JobStatus)
    def create_run(body: RunRequest):
        """Queue a simulation; poll ``GET /api/runs/{job_id}`` for its progress and results."""
        if body.scenario is not None:
            text, _ = _scenario_text(store, body.scenario)
        else:
            text = body.scenario_yaml
        from relokant.scenario.loader import with_options

        parsed = studio.parse(text, where=f"scenario {body.scenario or ''}".strip())
        if body.horizon is not None:
            parsed = with_options(parsed, horizon=body.horizon)
            text = studio.to_yaml(parsed)
        with_options(parsed, sample_size=body.sample_size, draws=body.draws, seed=body.seed)  # fails here, not later
        request = {"scenario_yaml": text, "scenario_name": parsed.name, "sample_size": body.sample_size,
                   "draws": body.draws, "seed": body.seed, "validate": body.validate_model}
        return jobs.describe(runner.submit("run", request, parsed.name))

    @router.get("/runs", tags=["runs"])
    def list_runs(limit: int = Query(50, ge=1, le=500)) -> dict:
        """Web jobs (newest first) and every stored run that finished, for picking runs to compare."""
        from relokant import api

        frame = api.RunStore(store.path).runs()
        stored = [results.manifest(r) for r in frame.head(limit).to_dict(orient="records")]
        return {"jobs": [jobs.describe(j) for j in store.recent(limit, kind="run")], "runs": stored}

    @router.get("/runs/{ref}", tags=["runs"])
    def run_status(ref: str) -> dict:
        """A job's status (queued, running with stage, progress and time left, done, failed with the reason), or a
        stored run's manifest; a job id (j...) or a run id (r..., or a unique prefix)."""
        return _run_status(store, ref)

    @router.get("/runs/{ref}/results", tags=["runs"], response_model=RunResults)
    async def run_results(ref: str, metric: str | None = Query(None, max_length=64),
                          geo: str | None = Query(None, max_length=8),
                          period: str | None = Query(None, max_length=16)):
        """Metrics with p05/p50/p95 (the output contract), optionally one metric, place or period."""
        # A finished run never changes: its view and its answers are kept in memory, so the usual request is a
        # lookup answered on the event loop. Only a run not read yet goes to a thread to open the store.
        view = results.cached(db, ref)
        if view is None:
            view = await run_in_threadpool(_finished, store, ref)
        data = results.kept_answer(view, metric, geo, period)
        if data is None:  # serializing a large answer takes a while: not on the event loop either
            data = await run_in_threadpool(results.answer, view, metric, geo, period)
        return Response(data, media_type="application/json")

    @router.get("/runs/{ref}/results.json", tags=["runs"])
    def run_results_file(ref: str):
        """The whole output contract as a file to download."""
        view = _finished(store, ref)
        return Response(json.dumps(results.contract(view), allow_nan=False), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{view.run_id}.json"'})

    @router.get("/runs/{ref}/results.csv", tags=["runs"], response_class=PlainTextResponse)
    def run_results_csv(ref: str):
        """Every metric with p05/p50/p95 as CSV."""
        view = _finished(store, ref)
        return Response(results.csv_text(view), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{view.run_id}.csv"'})

    @router.get("/runs/{ref}/charts", tags=["runs"])
    def run_charts(ref: str):
        """The run page's charts as plotly figures (stocks by destination, map, departures, permits, capital)."""
        return Response(results.charts(_finished(store, ref)), media_type="application/json")

    @router.get("/runs/{ref}/impacts", tags=["runs"])
    def run_impacts(ref: str, period: str | None = Query(None, pattern=r"^20[2-4][0-9]-(0[1-9]|1[0-2])$")) -> dict:
        """Capital, host-country and Russia impacts at a month (default: the horizon), with intervals."""
        view = _finished(store, ref)
        return {"run_id": view.run_id, "period": period or view.horizon(), "rows": results.impacts(view, period)}

    @router.get("/runs/{ref}/extras", tags=["runs"])
    def run_extras(ref: str) -> dict:
        """What the run's job computed besides the metrics (validation), and the stored sensitivity result."""
        view = _finished(store, ref)
        job = store.by_run_id(view.run_id)
        extra = json.loads(job["result"]) if job and job.get("result") else {}
        return {"run_id": view.run_id, "validation": extra.get("validation"),
                "validation_html": extra.get("validation_html"), "sensitivity_html": _sensitivity_html(view)}

    @router.get("/jobs/{job_id}", tags=["runs"])
    def job(job_id: str) -> dict:
        """Any job (a run or a claim): its status and, when done, what it computed."""
        row = store.get(job_id)
        if row is None:
            raise NotFound(f"unknown job id {job_id!r}")
        extra = json.loads(row["result"]) if row["status"] == "done" and row.get("result") else None
        return {**jobs.describe(row), "result": extra}

    # -- compare and claims -----------------------------------------------------------------------------------

    @router.get("/compare", tags=["compare"])
    def compare(a: str = Query(..., max_length=41, description="run a (the reference), a run or job id"),
                b: str = Query(..., max_length=41, description="run b"),
                metric: str | None = Query(None, max_length=64), geo: str | None = Query(None, max_length=8),
                period: str | None = Query(None, max_length=16)) -> dict:
        """Two runs side by side: medians, the difference b - a, and its p05-p95 when the runs are paired (same
        seed, draws and sample size: then the difference is the policy's effect draw by draw)."""
        run_a, run_b = _finished(store, a).run_id, _finished(store, b).run_id
        data = results.comparison(db, run_a, run_b, metric, geo, period, limits.MAX_COMPARE_ROWS)
        why_not = claim_absent(db, run_a, run_b)
        data["claim_available"], data["claim_note"] = why_not is None, why_not
        return data

    @router.get("/compare/chart", tags=["compare"])
    def compare_chart(a: str = Query(..., max_length=41), b: str = Query(..., max_length=41)) -> dict:
        """The paired difference of people abroad over time (EU27, world) as a plotly figure."""
        return results.comparison_chart(db, _finished(store, a).run_id, _finished(store, b).run_id)

    @router.post("/claims", tags=["compare"], status_code=202, response_model=JobStatus)
    def create_claim(body: ClaimRequest):
        """Queue the claim panel of a pair of runs (baseline, case-proposal); poll ``GET /api/jobs/{job_id}``."""
        run_a, run_b = _finished(store, body.baseline_run).run_id, _finished(store, body.scenario_run).run_id
        why_not = claim_absent(db, run_a, run_b)
        if why_not:
            raise InputError(f"no claim panel for this pair: {why_not}")
        request = {"claim": body.claim, "baseline_run": run_a, "scenario_run": run_b}
        return jobs.describe(runner.submit("claim", request, "case-proposal vs baseline"))

    # -- eligibility, routes, evidence, parameters ------------------------------------------------------------

    @router.post("/eligibility", tags=["eligibility"], response_model=EligibilityAnswer)
    async def eligibility(body: EligibilityRequest,
                          detail: Literal["compact", "full"] = Query(
                              "compact", description="compact: a route the person is not eligible for lists only "
                                                     "the checks it failed; full: every check of every route")):
        """Every route (or one country's, or one route) for one person at a date: eligible, conditional or not, with
        points, thresholds, rights, the checks with their values, and sources."""
        from relokant import geo
        from relokant.policy import routes as registry

        day = body.date or dt.date.today()
        if body.country is not None:
            try:
                geo.index(body.country)
            except (InputError, KeyError, ValueError) as exc:
                raise InputError(f"country: {exc}") from None
        if body.route is not None and body.route not in {r.id for r in registry.all_routes()}:
            raise NotFound(f"route: unknown route {body.route!r} (see GET /api/routes)")
        # ~4 ms of pure-Python CPU: in a thread, so that the event loop keeps accepting and answering other
        # requests meanwhile.
        payload = await to_thread.run_sync(
            partial(web_eligibility.answer, body.person, day, country=body.country, route=body.route,
                    include_proposals=body.include_proposals, detail=detail), limiter=cpu_limiter())
        return Response(payload, media_type="application/json")

    @router.get("/routes", tags=["routes"])
    def routes(country: str | None = Query(None, pattern=r"^[A-Z]{2}$"),
               date: dt.date | None = Query(None, description="only routes in force at this date"),
               proposals: bool = Query(True)) -> list[dict]:
        """Every encoded residence and entry route: id, country, kind, validity, legal reference."""
        from relokant.policy.routes import all_routes

        return [_route_row(r) for r in all_routes() if (country is None or r.country == country)
                and (date is None or r.in_force(date)) and (proposals or not r.proposal)]

    @router.get("/routes/{route_id}", tags=["routes"])
    def route(route_id: str) -> dict:
        """One route documented: conditions, dated parameters with sources, points, rights, uncertainties."""
        from relokant.policy.routes import all_routes

        found = next((r for r in all_routes() if r.id == route_id), None)
        if found is None:
            raise NotFound(f"unknown route {route_id!r} (see GET /api/routes)")
        return _route_detail(found)

    @router.get("/evidence", tags=["evidence"])
    def evidence_search(q: str | None = Query(None, max_length=200, description="words in id, quantity, source, "
                                                                                "notes or rationale"),
                        topic: str | None = Query(None, max_length=64), geo: str | None = Query(None, max_length=64),
                        kind: str = Query("all", pattern="^(all|figure|assumption)$"),
                        limit: int = Query(50, ge=1, le=limits.MAX_EVIDENCE_PAGE),
                        offset: int = Query(0, ge=0, le=100_000)) -> dict:
        """The sourced figures and labelled assumptions, searched and filtered, each with its source."""
        items = _evidence_items(q, topic, geo, kind)
        return {"total": len(items), "offset": offset, "limit": limit, "items": items[offset:offset + limit]}

    @router.get("/evidence/{item_id}", tags=["evidence"])
    def evidence_item(item_id: str) -> dict:
        """One figure or assumption."""
        for item in _all_evidence():
            if item["id"] == item_id:
                return item
        raise NotFound(f"unknown figure or assumption {item_id!r}")

    @router.get("/parameters", tags=["evidence"])
    def parameter_list() -> list[dict]:
        """Every model parameter: default value, unit, source, hard bounds and documented range."""
        from relokant import parameters

        defaults = parameters.defaults()
        out = []
        for name in parameters.names():
            p = parameters.get(name)
            low, high, note = parameters.plausible_range(name)
            out.append({"name": name, "description": p.description, "unit": p.unit, "default": defaults[name],
                        "source": p.source, "fitted": p.fitted, "minimum": p.minimum, "maximum": p.maximum,
                        "low": low, "high": high, "range_note": note})
        return out


def _sensitivity_html(view: results.RunView) -> str | None:
    """The Sobol result ``relokant sensitivity`` stored in ./out/sensitivity.json, if it is this run's scenario."""
    from relokant.ensemble import sensitivity
    from relokant.report.sensitivity import render_sensitivity_section

    path = Path.cwd() / "out" / "sensitivity.json"  # a fixed path: no request chooses a file
    try:
        result = sensitivity.load(path)
    except Exception:  # an unreadable or older file: the page says how to compute it instead
        return None
    if result is None or getattr(result, "scenario", None) != view.record["scenario_name"]:
        return None
    return str(render_sensitivity_section(result, heading_level=3))


def _route_row(r) -> dict:
    return {"id": r.id, "country": r.country, "name": r.name, "kind": r.kind, "valid_from": str(r.valid_from),
            "valid_to": str(r.valid_to) if r.valid_to else None, "legal_reference": r.legal_reference,
            "proposal": r.proposal}


def _route_detail(r) -> dict:
    from dataclasses import asdict

    def when(start):
        return "always" if start.year == 1 else str(start)

    params = {name: {"unit": p.unit, "source": p.source, "uncertain": p.uncertain,
                     "values": [{"from": when(start), "value": value if not isinstance(value, dt.date) else str(value)}
                                for start, value in p.values]}
              for name, p in r.parameters.items()}
    return {**_route_row(r), "summary": r.summary,
            "requires": [{"id": c.id, "text": c.text, "condition": c.condition.label(),
                          "open_if": c.open_if.label() if c.open_if is not None else None, "stage": c.stage}
                         for c in r.requires],
            "points": None if r.points is None else {
                "text": r.points.text, "minimum": r.points.minimum.label(),
                "items": [{"id": i.id, "text": i.text, "points": i.points.label()} for i in r.points.items]},
            "conditional_on": list(r.conditional_on), "parameters": params, "rights": asdict(r.rights),
            "uncertain": list(r.uncertain), "sources": list(r.sources)}


@lru_cache(maxsize=1)
def _all_evidence() -> tuple[dict, ...]:
    figures = evidence.load()
    out = []
    for row in figures.to_dict(orient="records"):
        out.append({"kind": "figure", **{k: _plain(v) for k, v in row.items()}})
    for row in evidence.assumptions().to_dict(orient="records"):
        out.append({"kind": "assumption", "topic": "assumption", **{k: _plain(v) for k, v in row.items()}})
    return tuple(out)


def _plain(value):
    if isinstance(value, float) and value != value:  # NaN: no figure
        return None
    return value


_SEARCHED = ("id", "quantity", "population", "category", "geo", "period", "source_title", "notes", "rationale",
             "topic")


def _evidence_items(q: str | None, topic: str | None, geo: str | None, kind: str) -> list[dict]:
    words = [w.lower() for w in (q or "").split()]
    out = []
    for item in _all_evidence():
        if kind != "all" and item["kind"] != kind:
            continue
        if topic and str(item.get("topic", "")).lower() != topic.lower():
            continue
        if geo and geo.lower() not in str(item.get("geo", "")).lower():
            continue
        if words:
            text = " ".join(str(item.get(k) or "") for k in _SEARCHED).lower()
            if not all(w in text for w in words):
                continue
        out.append(item)
    return out


def evidence_topics() -> list[str]:
    return sorted({str(i.get("topic")) for i in _all_evidence() if i["kind"] == "figure" and i.get("topic")})


# ----------------------------------------------------------------------------------------------- pages


def _pages(app: FastAPI, templates: Jinja2Templates, store: jobs.JobStore) -> None:
    def page(request: Request, name: str, **context):
        return templates.TemplateResponse(request, name, context)

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_script():
        return Response(plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        return page(request, "home.html.j2", title="relokant", jobs=[jobs.describe(j) for j in
                                                                     store.recent(10, kind="run")])

    @app.get("/studio", response_class=HTMLResponse, include_in_schema=False)
    def studio_page(request: Request, start: str = Query("baseline", alias="from", max_length=80)):
        text, source = _scenario_text(store, start)
        parsed = studio.parse(text, where=f"scenario {start}")
        return page(request, "studio.html.j2", title="Scenario studio", base=start, base_source=source,
                    scenario=parsed.canonical(), options=studio.options(),
                    saved=[s["name"] for s in store.scenarios()])

    @app.get("/runs", response_class=HTMLResponse, include_in_schema=False)
    def runs_page(request: Request):
        from relokant import api

        frame = api.RunStore(store.path).runs()
        stored = [results.manifest(r) for r in frame.head(200).to_dict(orient="records")]
        return page(request, "runs.html.j2", title="Runs", jobs=[jobs.describe(j) for j in store.recent(50)],
                    runs=stored)

    @app.get("/runs/{ref}", response_class=HTMLResponse, include_in_schema=False)
    def run_page(request: Request, ref: str):
        status = _run_status(store, ref)
        partner = None
        if status["status"] == "done":
            try:
                partner = claim_partner(str(store.path), status["run"]["run_id"])
            except (results.NotFinished, InputError):  # e.g. a stored scenario this version no longer reads
                pass
        return page(request, "run.html.j2", title=f"Run {ref}", ref=ref, status=status, partner=partner)

    @app.get("/compare", response_class=HTMLResponse, include_in_schema=False)
    def compare_page(request: Request, a: str | None = Query(None, max_length=41),
                     b: str | None = Query(None, max_length=41)):
        from relokant import api

        frame = api.RunStore(store.path).runs()
        done = [results.manifest(r) for r in frame[frame["status"] == "done"].head(200).to_dict(orient="records")]
        listed = {r["run_id"] for r in done}
        chosen = [_chosen(store, ref, listed) for ref in (a, b)]
        # The claim panel's absence is explained on the page itself: the rule before both runs are finished, the
        # reason for this pair once they are (the script says it again when queued runs finish).
        claim_note = CLAIM_RULE
        finished = [c["run_id"] for c in chosen if c["run_id"]]
        if len(finished) == 2:
            try:
                why_not = claim_absent(str(store.path), *finished)
                claim_note = "" if why_not is None else f"No claim panel for this pair: {why_not}."
            except (results.NotFinished, InputError):  # e.g. a stored scenario this version no longer reads
                pass
        return page(request, "compare.html.j2", title="Compare runs", a=a or "", b=b or "", runs=done,
                    chosen=chosen, claim_note=claim_note)

    @app.get("/eligibility", response_class=HTMLResponse, include_in_schema=False)
    def eligibility_page(request: Request):
        from relokant import geo
        from relokant.policy.routes import all_routes

        countries = sorted({r.country for r in all_routes()})
        return page(request, "eligibility.html.j2", title="Which permits can I get?", today=dt.date.today(),
                    countries=[(c, geo.NAMES.get(c, c)) for c in countries])

    @app.get("/evidence", response_class=HTMLResponse, include_in_schema=False)
    def evidence_page(request: Request, q: str | None = Query(None, max_length=200),
                      topic: str | None = Query(None, max_length=64), geo: str | None = Query(None, max_length=64),
                      kind: str = Query("all", pattern="^(all|figure|assumption)$"),
                      offset: int = Query(0, ge=0, le=100_000)):
        items = _evidence_items(q, topic, geo, kind)
        size = 50
        return page(request, "evidence.html.j2", title="Evidence", items=items[offset:offset + size],
                    total=len(items), offset=offset, size=size, q=q or "", topic=topic or "", geo=geo or "",
                    kind=kind, topics=evidence_topics())

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")
