"""Command line: a thin typer layer over ``relokant.api`` and the packages.

Results go to stdout (a table, or exactly one JSON object with ``--json``); progress and messages go to stderr.
Bad input of any kind prints one line, ``relokant: <where>: <what>``, and exits with code 2.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from relokant import evidence, interrupt, parameters
from relokant.errors import InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="relokant: policy simulator for wartime emigration from Russia and Europe's policy toward it.")
runs_app = typer.Typer(no_args_is_help=True, help="Stored runs.")
evidence_app = typer.Typer(no_args_is_help=True, help="The sourced figures behind the model.")
app.add_typer(runs_app, name="runs")
app.add_typer(evidence_app, name="evidence")

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

DbOption = typer.Option(None, "--db", help="Run store file (default ./relokant.duckdb, or $RELOKANT_DB).")


class _Progress:
    """A rich progress bar on stderr, fed by the API's (stage, done, total) callbacks."""

    def __init__(self, enabled: bool = True):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                            TimeElapsedColumn(), TimeRemainingColumn(), console=err, transient=True,
                            disable=not enabled)
        self.task = None

    def __enter__(self):
        self.bar.__enter__()
        return self

    def __exit__(self, *exc):
        return self.bar.__exit__(*exc)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.task is None:
            self.task = self.bar.add_task(stage, total=total)
        self.bar.update(self.task, description=stage, completed=done, total=total)


WorkersOption = typer.Option(
    None, "--workers", help="Worker processes for the draws: 1 runs them in this process; more start a local Dask "
                            "cluster (default: 1 for a small ensemble, else one per core). Results do not change.")
SchedulerOption = typer.Option(
    None, "--scheduler", help="Run the draws on an existing Dask cluster: its scheduler address, tcp://HOST:PORT.")


PosteriorOption = typer.Option(
    "auto", "--posterior", help="Where each draw's calibrated parameters come from: 'auto' (the newest "
                                "`relokant calibrate` in the run store, else the posterior shipped with relokant), "
                                "'shipped', 'none' (point values) or a calibration id.")


@app.command("run")
def run_command(
    scenario: str = typer.Argument(..., help="Scenario YAML file, or a shipped scenario (baseline, case-proposal)."),
    sample_size: Optional[int] = typer.Option(None, "--sample-size", help="Synthetic persons (records)."),
    draws: Optional[int] = typer.Option(None, "--draws", help="Draws for intervals: each a parameter set from the "
                                                           "posterior and a random seed."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object (the output contract)."),
    db: Optional[Path] = DbOption,
    workers: Optional[int] = WorkersOption,
    scheduler: Optional[str] = SchedulerOption,
    posterior: str = PosteriorOption,
) -> None:
    """Simulate a scenario, store the run and print its headline figures."""
    from relokant import api

    with _Progress(enabled=sys.stderr.isatty()) as progress:
        output = api.run(scenario, sample_size=sample_size, draws=draws, seed=seed, db=db, progress=progress,
                         workers=workers, scheduler=scheduler, posterior=posterior)
    if as_json:
        sys.stdout.write(json.dumps(output.to_contract(), separators=(",", ":")) + "\n")
        return
    from relokant.report import RunResult, render_summary, summary_table

    result = RunResult(output.scenario.name, output.run_id, output.summary)
    periods = (api.STUDY_PERIOD, output.scenario.horizon)
    out.print(render_summary(summary_table([result], periods), title=f"{output.scenario.name} (run {output.run_id})"))
    err.print(f"stored run {output.run_id} in {api.RunStore(db).path}", markup=False)


@app.command("study")
def study_command(
    sample_size: Optional[int] = typer.Option(None, "--sample-size", help="Synthetic persons per draw (200,000)."),
    draws: Optional[int] = typer.Option(None, "--draws",
                                        help="Draws per scenario: a posterior parameter set and a seed each "
                                             "(default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: the scenarios' own)."),
    out_dir: Path = typer.Option(Path("out"), "--out", help="Folder for the HTML report."),
    db: Optional[Path] = DbOption,
    workers: Optional[int] = WorkersOption,
    scheduler: Optional[str] = SchedulerOption,
    posterior: str = PosteriorOption,
) -> None:
    """The main job: baseline vs the CASE proposal, a summary table and an HTML report."""
    from relokant.report import render_summary

    from relokant import api

    options = {k: v for k, v in (("sample_size", sample_size), ("draws", draws)) if v is not None}
    with _Progress(enabled=sys.stderr.isatty()) as progress:
        result = api.study(seed=seed, out_dir=out_dir, db=db, progress=progress, workers=workers,
                           scheduler=scheduler, posterior=posterior, **options)
    out.print(render_summary(result.table, title="Russians abroad since 24 Feb 2022: baseline vs CASE proposal"))
    out.print(_who_leaves_table(result.profile))
    if result.claim is not None:
        out.print("[bold]The CASE claim[/bold] (`relokant claim case-3m` for the full table and its hinges):")
        for paragraph in result.claim.verdict:
            out.print(paragraph)
    if result.validation is not None:
        from relokant.calibrate.validate import summary_lines

        out.print("[bold]Validation[/bold] (`relokant validate` for every target):")
        for line in summary_lines(result.validation)[:4]:  # ARD, coverage, the naive forecasts
            out.print(line, markup=False)
    ids = ", ".join(f"{r.scenario.name} {r.run_id}" for r in result.runs)
    out.print(f"Runs stored: {ids}. Report: {result.report_path}")
    out.print("Population: synthetic (weighted sample built from published marginals). "
              f"Intervals: {api.intervals_note(result.runs[0])}.")


def _who_leaves_table(profile) -> Table:
    view = Table(title="Who leaves: simulated 2022 leavers vs emigrant surveys (not fitted; anchor = a hazard was set "
                       "with that figure in view)")
    for name in ("statistic", "model", "surveys", "inside", "Russia 18-69", "sources"):
        view.add_column(name, overflow="fold")
    for r in profile.itertuples(index=False):
        share = r.statistic.startswith("share_")

        def fmt(value):
            if value is None or value != value:
                return "n/a"
            return f"{value:.0%}" if share else (f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.1f}")
        surveys = f"{fmt(r.low)}-{fmt(r.high)}" if r.high != float("inf") else f">= {fmt(r.low)}"
        inside = "n/a" if r.inside is None else ("yes" if r.inside else "[red]no[/red]")
        inside += " (anchor)" if r.anchors else ""
        view.add_row(r.description, fmt(r.simulated), surveys, inside, fmt(r.russia), r.refs)
    return view


@app.command("compare")
def compare_command(
    run_a: str = typer.Argument(..., help="Run id (or unique prefix) of the reference run."),
    run_b: str = typer.Argument(..., help="Run id (or unique prefix) of the other run."),
    metric: Optional[str] = typer.Option(None, "--metric", help="Only this metric."),
    geo: Optional[str] = typer.Option(None, "--geo", help="Only this place or aggregate."),
    period: Optional[str] = typer.Option(None, "--period", help="Only this period (YYYY-MM or YYYY)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    db: Optional[Path] = DbOption,
) -> None:
    """Two stored runs side by side, and the difference b - a (paired by draw when the runs share their seeds)."""
    from relokant import api

    table = api.compare(run_a, run_b, db=db)
    for column, value in (("metric", metric), ("geo", geo), ("period", period)):
        if value is not None:
            table = table[table[column] == value]
    a, b, paired = table.attrs["run_a"], table.attrs["run_b"], table.attrs["paired"]
    if as_json:
        payload = {"run_a": a["run_id"], "run_b": b["run_id"], "scenario_a": a["scenario_name"],
                   "scenario_b": b["scenario_name"], "paired": paired,
                   "rows": json.loads(table.to_json(orient="records"))}
        sys.stdout.write(json.dumps(payload, separators=(",", ":")) + "\n")
        return
    if metric is None and geo is None and period is None:
        table = table[table["geo"].isin(("EU27", "WORLD")) & table["period"].str.len().isin((4,))
                      | table["geo"].isin(("EU27", "WORLD")) & table["period"].str.endswith("-12")]
    how = ("paired by draw: p50 (p05 to p95) of b - a" if paired
           else "not paired (different seeds, draws or sizes): difference of medians")
    view = Table(title=f"a = {a['scenario_name']} ({a['run_id']}), b = {b['scenario_name']} ({b['run_id']})",
                 caption=how)
    for name in ("metric", "geo", "period", "a (p50)", "b (p50)", "b - a"):
        view.add_column(name, justify="right" if name[0] in "ab" else "left")
    for row in table.itertuples(index=False):
        spread = (f" ({row.difference_p05:+,.0f} to {row.difference_p95:+,.0f})"
                  if paired and row.difference_p05 != row.difference_p95 else "")
        view.add_row(row.metric, row.geo, row.period, f"{row.p50_a:,.0f}", f"{row.p50_b:,.0f}",
                     f"{row.difference:+,.0f}{spread}")
    out.print(view)


@runs_app.command("list")
def runs_list(db: Optional[Path] = DbOption) -> None:
    """All stored runs, newest first."""
    from relokant.store import RunStore

    frame = RunStore(db).runs()
    view = Table(title=f"runs in {RunStore(db).path}")
    for name in ("run_id", "kind", "scenario", "status", "started (UTC)", "sample", "draws", "seed"):
        view.add_column(name, no_wrap=name in ("run_id", "started (UTC)"))
    for r in frame.itertuples(index=False):
        view.add_row(r.run_id, r.kind, r.scenario_name, r.status, str(r.started_at)[:19], f"{r.sample_size:,}",
                     str(r.draws), str(r.seed))
    out.print(view)


@runs_app.command("show")
def runs_show(run_id: str = typer.Argument(..., help="Run id or unique prefix."), db: Optional[Path] = DbOption,
              as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """One run's manifest: scenario, seeds, versions, parameters, status."""
    from relokant.store import RunStore

    record = RunStore(db).run(run_id)
    if as_json:
        sys.stdout.write(json.dumps(record, default=str) + "\n")
        return
    for key, value in record.items():
        if key in ("parameters", "scenario_yaml"):
            continue
        out.print(f"[bold]{key}[/bold]: {value}")
    values = dict(record["parameters"])
    drawn = values.pop("posterior", None)
    out.print("[bold]parameters[/bold]:")
    for name, value in sorted(values.items()):
        out.print(f"  {name} = {value:g}")
    if drawn is not None:
        names = sorted(drawn["draws"][0]) if drawn["draws"] else []
        out.print(f"[bold]posterior[/bold]: {drawn['id']} ({len(drawn['draws'])} parameter draws of "
                  f"{', '.join(names)}; the values above are the point values they replace)")
    out.print("[bold]scenario[/bold]:\n" + record["scenario_yaml"])


@runs_app.command("calibrations")
def runs_calibrations(db: Optional[Path] = DbOption,
                      as_json: bool = typer.Option(False, "--json", help="Print JSON rows.")) -> None:
    """Stored calibrations (`relokant calibrate`), newest first; runs draw from the newest by default."""
    from relokant.store import RunStore

    rows = RunStore(db).calibrations()
    if as_json:
        sys.stdout.write(rows.to_json(orient="records", date_format="iso") + "\n")
        return
    view = Table(title="calibrations")
    for name in ("calibration_id", "created_at", "reading", "sample_size", "budget", "simulations", "code_version"):
        view.add_column(name)
    for r in rows.itertuples(index=False):
        view.add_row(r.calibration_id, str(r.created_at), r.reading, f"{r.sample_size:,}", f"{r.budget:,}",
                     f"{r.simulations:,}", r.code_version)
    out.print(view)


@evidence_app.command("list")
def evidence_list(topic: Optional[str] = typer.Option(None, "--topic", help="Only this topic."),
                  geo: Optional[str] = typer.Option(None, "--geo", help="Only figures whose geo contains this."),
                  as_json: bool = typer.Option(False, "--json", help="Print JSON rows.")) -> None:
    """Sourced figures (id, quantity, geo, period, value, unit, source)."""
    frame = evidence.load(topic=topic, geo=geo)
    if frame.empty:
        raise InputError(f"no evidence figures match topic={topic!r} geo={geo!r} (see `relokant evidence list`)")
    if as_json:
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False) + "\n")
        return
    view = Table(title=f"{len(frame)} figures", show_lines=False)
    for name in ("id", "quantity", "geo", "period", "value", "range", "unit", "source"):
        view.add_column(name, overflow="fold")
    for r in frame.itertuples(index=False):
        span = f"{_num(r.low)}-{_num(r.high)}" if r.low == r.low or r.high == r.high else ""
        view.add_row(r.id, r.quantity, r.geo, r.period, _num(r.value), span, r.unit, r.source_title)
    out.print(view)


@evidence_app.command("show")
def evidence_show(figure_id: str = typer.Argument(..., help="Figure id (see `relokant evidence list`)."),
                  as_json: bool = typer.Option(False, "--json", help="Print one JSON object.")) -> None:
    """One figure with its source, date and quote."""
    row = evidence.figure(figure_id)
    if as_json:
        sys.stdout.write(json.dumps({k: (None if v != v else v) for k, v in row.items()}, ensure_ascii=False) + "\n")
        return
    for key in evidence.FIGURE_COLUMNS:
        value = row[key]
        out.print(f"[bold]{key}[/bold]: {_num(value) if isinstance(value, float) else value}")


routes_app = typer.Typer(no_args_is_help=True, help="Residence and entry routes (rules as code).")
app.add_typer(routes_app, name="routes")


@app.command("eligibility")
def eligibility_command(
    person_file: Path = typer.Argument(..., help="Person JSON file (see README: the person schema)."),
    on: Optional[str] = typer.Option(None, "--date", help="Date YYYY-MM-DD (default: today)."),
    country: Optional[str] = typer.Option(None, "--country", help="Only this country's routes (ISO code)."),
    route: Optional[str] = typer.Option(None, "--route", help="Only this route id."),
    proposals: bool = typer.Option(False, "--proposals", help="Include policy proposals (the CASE card)."),
    brief: bool = typer.Option(False, "--brief", help="One line per route, no explanations."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Which routes a person qualifies for at a date, with points, thresholds, rights and the reasons."""
    import datetime as dt

    from relokant.policy import explain
    from relokant.policy.eligibility import eligibility
    from relokant.policy.person import parse_person

    day = _date_option(on) if on else dt.date.today()
    person = parse_person(_read_json(person_file), where=str(person_file))
    if country is not None:
        from relokant import geo

        geo.index(country)
    results = eligibility(person, day, country=country, route=route, include_proposals=proposals)
    if as_json:
        payload = {"date": day.isoformat(), "person_file": str(person_file),
                   "routes": [r.to_dict() for r in results]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
        return
    order = {"eligible": 0, "conditional": 1, "not eligible": 2, "not in force": 3}
    results = sorted(results, key=lambda r: (order[r.status], r.country, r.route_id))
    out.print(explain.summary_table(results))
    if not brief:
        for result in results:
            if result.status != "not in force" or route is not None:
                out.print(explain.render(result))


def _date_option(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"--date: expected a date YYYY-MM-DD, got {text!r}") from None


def _read_json(path: Path):
    if not path.is_file():
        raise InputError(f"{path}: file not found" if not path.exists() else f"{path}: not a file")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = f"line {exc.lineno}: " if isinstance(exc, json.JSONDecodeError) else ""
        raise InputError(f"{path}: {where}invalid JSON: {getattr(exc, 'msg', exc)}") from None


@routes_app.command("list")
def routes_list(country: Optional[str] = typer.Option(None, "--country", help="Only this country."),
                on: Optional[str] = typer.Option(None, "--date", help="Only routes in force at this date."),
                as_json: bool = typer.Option(False, "--json", help="Print JSON rows.")) -> None:
    """Every encoded route: id, country, kind, validity, legal reference."""
    from relokant.policy.routes import all_routes

    day = _date_option(on) if on else None
    rows = [r for r in all_routes() if (country is None or r.country == country)
            and (day is None or r.in_force(day))]
    if as_json:
        sys.stdout.write(json.dumps([{"id": r.id, "country": r.country, "name": r.name, "kind": r.kind,
                                      "valid_from": str(r.valid_from), "valid_to": str(r.valid_to or ""),
                                      "legal_reference": r.legal_reference, "proposal": r.proposal}
                                     for r in rows]) + "\n")
        return
    view = Table(title=f"{len(rows)} routes")
    for name in ("id", "country", "kind", "valid", "name", "law"):
        view.add_column(name, overflow="fold")
    for r in rows:
        view.add_row(r.id, r.country, r.kind + (" (proposal)" if r.proposal else ""),
                     f"{r.valid_from}..{r.valid_to or ''}", r.name, r.legal_reference)
    out.print(view)


@routes_app.command("show")
def routes_show(route_id: str = typer.Argument(..., help="Route id (see `relokant routes list`).")) -> None:
    """One route documented: its conditions, dated parameters with sources, points, rights, uncertainties."""
    from relokant.policy.routes import get

    r = get(route_id)
    out.print(f"[bold]{r.id}[/bold] — {r.name} ({r.country}, {r.kind}{', proposal' if r.proposal else ''})")
    if r.summary:
        out.print(r.summary)
    out.print(f"in force: {r.valid_from} .. {r.valid_to or 'open'}")
    out.print(f"law: {r.legal_reference}")
    out.print("[bold]requirements[/bold]:")
    for check in r.requires:
        extra = f"  [dim](open while: {check.open_if.label()})[/dim]" if check.open_if is not None else ""
        out.print(f"  - {check.text}\n    [dim]{check.condition.label()}[/dim]{extra}")
    if r.points:
        out.print(f"[bold]points[/bold] ({r.points.text}, minimum {r.points.minimum.label()}):")
        for item in r.points.items:
            out.print(f"  - {item.text}\n    [dim]{item.points.label()}[/dim]")
    if r.conditional_on:
        out.print("[bold]conditional on[/bold]: " + "; ".join(r.conditional_on))
    if r.parameters:
        out.print("[bold]parameters[/bold] (value from each date on):")
        for name, p in r.parameters.items():
            values = ", ".join(("always" if start.year == 1 else str(start)) + f": {v}" for start, v in p.values)
            out.print(f"  - {name} [{p.unit}]: {values}" + (f"\n    source: {p.source}" if p.source else "")
                      + (f"\n    [magenta]uncertain: {p.uncertain}[/magenta]" if p.uncertain else ""))
    rights = r.rights
    out.print(f"[bold]rights[/bold]: work {rights.work}, self-employment {rights.self_employment}, family "
              f"{rights.family}, social benefits {rights.social_benefits}, to permanent residence "
              f"{rights.months_to_permanent} months, validity {rights.validity_months} months, max stay "
              f"{rights.max_stay_days} days. {rights.notes}")
    for note in r.uncertain:
        out.print(f"[magenta]uncertain[/magenta]: {note}")
    out.print("[bold]sources[/bold]:\n  " + "\n  ".join(r.sources))


@app.command("params")
def params_command(as_json: bool = typer.Option(False, "--json", help="Print JSON rows.")) -> None:
    """Model parameters: default value, source (evidence or assumption id), plausible range, fitted or not."""
    values = parameters.defaults()
    rows = []
    for p in parameters.PARAMETERS:
        prior = p.prior
        rows.append({"name": p.name, "value": values[p.name], "source": p.source, "low": prior.low,
                     "high": prior.high, "unit": p.unit, "fitted": p.fitted, "description": p.description})
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    view = Table(title="parameters (fitted: value from `relokant fit`, source = the prior)")
    for name in ("name", "value", "source", "range", "unit", "fitted"):
        view.add_column(name)
    for r in rows:
        view.add_row(r["name"], f"{r['value']:.4g}", r["source"], f"{r['low']:.3g}-{r['high']:.3g}", r["unit"],
                     "yes" if r["fitted"] else "")
    out.print(view)


@app.command("fit")
def fit_command(
    sample_size: Optional[int] = typer.Option(None, "--sample-size", help="Records for the fit (default: as stored)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed for the fit (default: as stored)."),
    save: bool = typer.Option(False, "--save", help="Write the result as the package's default parameters."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    reading: str = typer.Option("surveys", "--reading",
                                help="Which return share the fit reads: 'surveys' (10-15%, the default parameters) "
                                     "or 'official' (about half; stored beside them for the claim's hinges)."),
) -> None:
    """Fit the free parameters to the evidence targets and print targets, fitted values and residuals."""
    from relokant import calibrate
    from relokant.calibrate.targets import READINGS

    if reading not in READINGS:
        raise InputError(f"--reading: {reading!r} is not one of {', '.join(READINGS)}")
    stored = parameters.fitted()
    n = sample_size or stored.get("sample_size") or calibrate.fit.__defaults__[0]
    s = seed if seed is not None else stored.get("seed", calibrate.fit.__defaults__[1])
    with _Progress(enabled=sys.stderr.isatty()) as progress:
        result = calibrate.fit(n, s, progress=lambda k: progress("fitting (simulations)", k, 300), reading=reading)
    if save:
        err.print(f"saved to {calibrate.save(result)}")
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), default=str) + "\n")
        return
    _print_fit(result.parameters, result.table, result.cost)


def _print_fit(fitted: dict, table, cost: float) -> None:
    view = Table(title=f"fit targets (sum of squared residuals / 2 incl. prior pull = {cost:.3f})")
    for name in ("target", "evidence", "observed", "range", "simulated", "residual"):
        view.add_column(name, overflow="fold")
    for r in table.itertuples(index=False):
        view.add_row(r.target, r.evidence, _num(r.observed), f"{_num(r.low)}-{_num(r.high)}", _num(r.simulated),
                     f"{r.residual:+.2f}")
    out.print(view)
    params = Table(title="fitted parameters")
    params.add_column("name")
    params.add_column("value")
    params.add_column("prior (source, range)")
    for name, value in fitted.items():
        prior = parameters.get(name).prior
        params.add_row(name, f"{value:.4g}", f"{prior.ref} {prior.low:.3g}-{prior.high:.3g}")
    out.print(params)


def _num(value) -> str:
    """A number as people read it: thousands separated, shares and small rates with four significant digits."""
    if value is None or value != value:
        return ""
    if not isinstance(value, float):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{int(value)}" if value.is_integer() else f"{value:.4g}"


# --- calibrate: ABC-SMC posterior of the calibrated parameters (relokant.calibrate.abcsmc) --------------------------


@app.command("calibrate")
def calibrate_command(
    budget: int = typer.Option(10_000, "--budget", help="Simulations to spend (the prior's sample included)."),
    population_size: int = typer.Option(250, "--population", help="Particles per ABC-SMC generation."),
    sample_size: int = typer.Option(200_000, "--sample-size", help="Synthetic persons of every simulation."),
    seed: int = typer.Option(20220224, "--seed", help="Seed of the population and of the calibration."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Local worker processes (default: one per core)."),
    scheduler: Optional[str] = SchedulerOption,
    reading: str = typer.Option("surveys", "--reading", help="Which return share the targets read: 'surveys' or "
                                                             "'official'."),
    only: Optional[list[str]] = typer.Option(None, "--only", help="Calibrate against this target only (repeatable)."),
    priors_file: Optional[Path] = typer.Option(None, "--priors", help="YAML file: parameter -> [low, high], "
                                                                     "replacing its assumption's range."),
    pilot_sample_size: int = typer.Option(50_000, "--pilot-sample-size",
                                          help="Persons of the cheaper pilot stages (the prior's sample and the "
                                               "first generations); 0: none."),
    pilot_generations: int = typer.Option(1, "--pilot-generations", help="Generations after the prior's sample "
                                                                         "run at the pilot size."),
    history: Optional[Path] = typer.Option(None, "--history", help="Keep pyabc's history database in this file."),
    ship: bool = typer.Option(False, "--ship", help="Also write the posterior as the one shipped with relokant "
                                                    "(src/relokant/parameters/posterior.json)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    db: Optional[Path] = DbOption,
) -> None:
    """Calibrate the free parameters to the evidence targets by ABC-SMC and store the posterior in the run store,
    where runs draw their parameters from."""
    from relokant import api
    from relokant.calibrate import abcsmc
    from relokant.ensemble.execute import Executor

    overrides = _read_priors(priors_file) if priors_file is not None else None
    abcsmc.priors(overrides=overrides)  # bad priors and settings fail before any process starts
    abcsmc.check(budget=budget, population_size=population_size, sample_size=sample_size, reading=reading,
                 only=only or None)
    if pilot_sample_size and pilot_sample_size < abcsmc.MIN_SAMPLE_SIZE or pilot_sample_size < 0:
        raise InputError(f"--pilot-sample-size: {pilot_sample_size:,} records is below {abcsmc.MIN_SAMPLE_SIZE:,} "
                         "(0: no pilot stages)")
    if pilot_generations < 0:
        raise InputError(f"--pilot-generations: {pilot_generations} is negative")
    store = api.RunStore(db)
    store.calibrations()  # an unusable run store fails now, not after the calibration
    if history is not None and (history.is_dir() or not history.parent.is_dir()):
        raise InputError(f"--history: {history} is not a file in an existing folder")
    chosen = workers or (1 if scheduler is None and (os.cpu_count() or 1) == 1 else os.cpu_count())
    with Executor(chosen, scheduler) as executor, _Progress(enabled=sys.stderr.isatty()) as progress:
        result = abcsmc.calibrate(budget=budget, population_size=population_size, sample_size=sample_size,
                                  seed=seed, reading=reading, only=only or None, prior_overrides=overrides,
                                  executor=executor, progress=progress, code_version=api.code_version(),
                                  history_path=None if history is None else str(history),
                                  pilot_sample_size=pilot_sample_size or None, pilot_generations=pilot_generations)
    calibration_id = store.save_calibration(manifest=result.manifest, draws=result.draws,
                                            generations=result.generations, table=result.table)
    result.calibration_id = calibration_id
    shipped = abcsmc.ship(result) if ship else None
    if as_json:
        payload = {"calibration_id": calibration_id, "manifest": result.manifest,
                   "posterior": result.intervals().to_dict(orient="records"),
                   "generations": result.generations.to_dict(orient="records"),
                   "targets": result.table.to_dict(orient="records"), "shipped": shipped and str(shipped)}
        sys.stdout.write(json.dumps(payload, default=str) + "\n")
        return
    for view in _calibration_tables(result):
        out.print(view)
    m = result.manifest
    out.print(f"{m['simulations']:,} simulations of {m['sample_size']:,} persons in {result.seconds:.0f} s on "
              f"{m['where']}; {m['generations']} generations, final threshold {m['final_epsilon']:.3g}.")
    out.print(f"Stored calibration {calibration_id} in {store.path}: runs now draw their parameters from it."
              + (f" Shipped: {shipped}." if shipped else ""))


def _read_priors(path: Path) -> dict[str, tuple[float, float]]:
    import yaml

    if not path.is_file():
        raise InputError(f"--priors: {path} is not a file")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(f"--priors: {path} is not valid YAML ({' '.join(str(exc).split())[:120]})") from None
    if not isinstance(data, dict) or not data:
        raise InputError(f"--priors: {path} must map parameter names to [low, high]")
    out = {}
    for name, bounds in data.items():
        if isinstance(bounds, dict) and set(bounds) == {"low", "high"}:
            bounds = [bounds["low"], bounds["high"]]
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise InputError(f"--priors: {path}: {name}: expected [low, high], got {bounds!r}")
        out[str(name)] = (bounds[0], bounds[1])
    return out


def _calibration_tables(result) -> list[Table]:
    view = Table(title="posterior of the calibrated parameters (weighted p05 / p50 / p95 of the last generation)")
    for name in ("parameter", "prior (log-uniform)", "p05", "p50", "p95", "source"):
        view.add_column(name, overflow="fold")
    for r in result.intervals().itertuples(index=False):
        view.add_row(r.parameter, f"{r.prior_low:.3g}-{r.prior_high:.3g}", f"{r.p05:.4g}", f"{r.p50:.4g}",
                     f"{r.p95:.4g}", r.source)
    targets = Table(title="targets: observed range and the posterior's simulated p05-p95")
    for name in ("target", "observed", "range", "simulated p05-p95", "inside"):
        targets.add_column(name, overflow="fold")
    for r in result.table.itertuples(index=False):
        targets.add_row(r.target, _num(r.observed), f"{_num(r.low)}-{_num(r.high)}",
                        f"{_num(r.p05)}-{_num(r.p95)}", "yes" if r.inside else "no")
    gens = Table(title="generations")
    for name in ("t", "threshold", "particles", "simulations"):
        gens.add_column(name, justify="right")
    for r in result.generations.itertuples(index=False):
        gens.add_row(str(r.t), f"{r.epsilon:.3g}", str(r.particles), f"{r.simulations:,}")
    return [view, targets, gens]


# --- validate: the model against every target, beside a naive forecast (relokant.calibrate.validate) --------------


@app.command("validate")
def validate_command(
    sample_size: Optional[int] = typer.Option(None, "--sample-size", help="Synthetic persons per draw (200,000)."),
    draws: Optional[int] = typer.Option(None, "--draws",
                                        help="Draws for the p05-p95: a posterior parameter set and a seed "
                                             "each (default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default 1, the baseline's)."),
    time_split: Optional[str] = typer.Option(None, "--time-split",
                                             help="Refit on the figures that end by this month (YYYY-MM, e.g. "
                                                  "2023-06; not saved) and report the later ones as held out."),
    refit_sample_size: Optional[int] = typer.Option(None, "--refit-sample-size",
                                                    help="Records of the time split's refit (default: the stored "
                                                         "fit's, 200,000; about 2-3 minutes)."),
    reading: str = typer.Option("surveys", "--reading", help="Which return share: 'surveys' or 'official'."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object."),
    posterior: str = PosteriorOption,
    db: Optional[Path] = DbOption,
) -> None:
    """The model against every target and check: simulated interval, observed, relative difference, inside, and a
    naive forecast's error beside it; ARD and coverage."""
    from relokant.calibrate import validate as run_validation
    from relokant.calibrate.validate import (DEFAULT_DRAWS, DEFAULT_SAMPLE_SIZE, DEFAULT_SEED, check_options,
                                             summary_lines)

    options = {"sample_size": DEFAULT_SAMPLE_SIZE if sample_size is None else sample_size,
               "draws": DEFAULT_DRAWS if draws is None else draws, "reading": reading, "time_split": time_split,
               "refit_sample_size": refit_sample_size}
    try:
        check_options(**options)
    except ValueError as exc:
        raise InputError(f"validate: {exc}") from None
    with _Progress(enabled=sys.stderr.isatty()) as progress:
        from relokant import api

        chosen = api.posterior_for(posterior, db) if reading == "surveys" and time_split is None else None
        result = run_validation(seed=DEFAULT_SEED if seed is None else seed, progress=progress, posterior=chosen,
                                **options)
    if as_json:
        _print_json(result.to_dict())
        return
    settings = result.settings
    view = Table(title=f"validation: baseline to {settings['horizon']}, {settings['draws']} draws x "
                       f"{settings['sample_size']:,} persons, seed {settings['seed']}, reading {settings['reading']}")
    for name in ("target", "period", "status", "observed", "simulated p50 (p05-p95)", "rel. diff", "inside",
                 "naive", "naive rel. diff"):
        view.add_column(name, overflow="fold")
    for r in result.table.itertuples(index=False):
        observed = _num(r.observed) if r.low == r.high else f"{_num(r.observed)} ({_num(r.low)}-{_num(r.high)})"
        view.add_row(r.target, r.period, r.status, observed, f"{_num(r.p50)} ({_num(r.p05)}-{_num(r.p95)})",
                     f"{r.relative_difference:.2f}", "yes" if r.inside else "[red]no[/red]",
                     _num(r.naive) or "-", "-" if r.naive_relative_difference != r.naive_relative_difference
                     else f"{r.naive_relative_difference:.2f}")
    out.print(view)
    out.print(f"Parameters: {settings['fit']}. Intervals: {settings['intervals']}.", markup=False)
    out.print("Naive forecasts:", markup=False)
    for rule, ids in result.table.groupby("naive_rule", sort=False)["target"].apply(list).items():
        out.print(f"  {', '.join(ids)}: {rule}", markup=False)
    for line in summary_lines(result):
        out.print(line, markup=False)
    err.print(f"validated in {result.seconds:.0f} s", markup=False)


# --- survey: weighting, profiles and the op-ed's claims (relokant.survey) ------------------------------------------

survey_app = typer.Typer(no_args_is_help=True,
                         help="Emigrant surveys: rake to known margins, weighted profile vs Russia, the op-ed's claims.")
app.add_typer(survey_app, name="survey")
SurveyMarginsOption = typer.Option(None, "--margins", help="Known margins to rake to (YAML; see README).")
SurveyBoundsOption = typer.Option(None, "--bounds", help="LOW,HIGH limits on weight / design weight, e.g. 0.2,5.")
SurveyReplicatesOption = typer.Option(500, "--replicates", help="Bootstrap replicates for the intervals.")
SurveySeedOption = typer.Option(1, "--seed", help="Bootstrap seed (same seed, same intervals).")


def _print_json(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, allow_nan=False, default=str) + "\n")


def _survey_and_margins(microdata: Optional[Path], margins: Optional[Path]):
    """The survey and margins to use: the given files, or the shipped SYNTHETIC demo when no survey is given."""
    from relokant import survey

    if microdata is None:
        microdata = Path(str(survey.DEMO_SURVEY))
        margins = margins or Path(str(survey.DEMO_MARGINS))
    return survey.read_survey(microdata), survey.load_margins(margins) if margins is not None else None


@survey_app.command("weight")
def survey_weight(
    microdata: Path = typer.Argument(..., help="Survey CSV (one row per respondent; see README)."),
    margins: Path = typer.Option(..., "--margins", help="Known margins to rake to (YAML; see README)."),
    out_file: Optional[Path] = typer.Option(None, "--out", help="Weighted CSV to write (default: "
                                            "./<name>.weighted.csv)."),
    bounds: Optional[str] = SurveyBoundsOption,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Rake a survey to known margins; write it with a weight column; print convergence diagnostics."""
    from relokant import survey
    from relokant.survey.render import weighting_view

    data = survey.read_survey(microdata)
    weighting = survey.weight_survey(data, survey.load_margins(margins), bounds=survey.parse_bounds(bounds))
    written = survey.write_weighted(weighting, out_file or Path(f"{microdata.stem}.weighted.csv"))
    if as_json:
        _print_json({**weighting.diagnostics(), "out": str(written),
                     "margins_table": json.loads(weighting.table.to_json(orient="records"))})
        return
    for part in weighting_view(weighting, written):
        out.print(part)


@survey_app.command("profile")
def survey_profile(
    microdata: Optional[Path] = typer.Argument(None, help="Survey CSV (default: the shipped SYNTHETIC demo)."),
    margins: Optional[Path] = SurveyMarginsOption,
    replicates: int = SurveyReplicatesOption,
    seed: int = SurveySeedOption,
    bounds: Optional[str] = SurveyBoundsOption,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Weighted emigrant profile (age, education, IT, entrepreneurs, family) vs Russia, with 90% intervals."""
    from relokant import survey
    from relokant.survey.render import profile_view

    data, spec = _survey_and_margins(microdata, margins)
    result = survey.profile(data, spec, replicates=replicates, seed=seed, bounds=survey.parse_bounds(bounds))
    if as_json:
        _print_json(result.to_dict())
        return
    for part in profile_view(result):
        out.print(part)


@survey_app.command("claims")
def survey_claims(
    microdata: Optional[Path] = typer.Option(None, "--survey", help="Also use this survey CSV (weighted) as a "
                                             "figure, e.g. microdata of CASE's EU survey."),
    margins: Optional[Path] = SurveyMarginsOption,
    replicates: int = SurveyReplicatesOption,
    seed: int = SurveySeedOption,
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """The op-ed's claims (younger, more educated, more entrepreneurial) against the evidence, with verdicts."""
    from relokant import survey
    from relokant.survey.render import claims_view

    extra = None
    if microdata is not None:
        data = survey.read_survey(microdata)
        spec = survey.load_margins(margins) if margins is not None else None
        extra = survey.profile(data, spec, replicates=replicates, seed=seed)
    elif margins is not None:
        raise InputError("--margins: give the survey it belongs to with --survey FILE")
    report = survey.claims.assess(extra)
    if as_json:
        _print_json(report.to_dict())
        return
    for part in claims_view(report):
        out.print(part)


@survey_app.command("demo")
def survey_demo(
    out_dir: Path = typer.Option(Path("."), "--out", help="Folder to write demo_survey.csv and demo_margins.yaml."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed (default: the shipped demo's)."),
) -> None:
    """Write the SYNTHETIC demo survey and its margins (the shipped files, or another draw with --seed)."""
    from relokant.survey import demo

    paths = demo.write(out_dir, seed=demo.DEMO_SEED if seed is None else seed)
    out.print(f"wrote {paths[0]} and {paths[1]} (SYNTHETIC: made-up respondents)")


# --- population: the synthetic population against its evidence marginals (relokant.population) ------------------

population_app = typer.Typer(no_args_is_help=True, help="The synthetic population of Russian adults aged 18-69.")
app.add_typer(population_app, name="population")
POPULATION_SAMPLE_SIZE = 200_000  # records of the weighted sample describe builds by default


@population_app.command("describe")
def population_describe(
    sample_size: Optional[int] = typer.Option(None, "--sample-size",
                                              help=f"Records of the weighted sample ({POPULATION_SAMPLE_SIZE:,})."),
    seed: int = typer.Option(1, "--seed", help="Random seed."),
    full_scale: bool = typer.Option(False, "--full-scale",
                                    help="One record per person (about 100 million: about 4 minutes and 8 GB)."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Every marginal of the synthetic population: target vs synthetic value, difference, tolerance, evidence ids."""
    from relokant import population

    if full_scale and sample_size is not None:
        raise InputError("population describe: --sample-size and --full-scale exclude each other")
    if sample_size is not None and sample_size <= 0:
        raise InputError(f"population describe: --sample-size must be a positive number of records, got {sample_size}")
    if full_scale:
        err.print("synthesizing one record per adult (about 100 million; a few minutes) ...", markup=False)
        pop = population.synthesize_full_scale(seed)
    else:
        pop = population.synthesize(sample_size or POPULATION_SAMPLE_SIZE, seed)
    table = population.describe(pop)
    mode = pop.provenance["mode"]
    if as_json:
        rows = [{**row, "refs": row["refs"].split()} for row in table.to_dict(orient="records")]
        payload = {"synthetic": True, "mode": mode, "records": len(pop), "persons": pop.total(), "seed": seed,
                   "all_within": bool(table["within"].all()), "rows": rows}
        sys.stdout.write(json.dumps(payload, allow_nan=False) + "\n")
        return
    view = Table(title=f"synthetic population ({mode}, {len(pop):,} records, seed {seed}): marginals vs evidence",
                 caption="tolerance: shares within 0.5 percentage points, totals and levels within 1%")
    for name in ("name", "target", "synthetic", "difference", "within", "evidence", "unit"):
        view.add_column(name, justify="right" if name in ("target", "synthetic", "difference") else "left",
                        overflow="fold")
    for r in table.itertuples(index=False):
        view.add_row(r.name, _num(r.target), _num(r.synthetic), f"{r.difference:+.3f} {r.difference_unit}",
                     "yes" if r.within else "NO", r.refs, r.unit)
    out.print(view)


# --- claim: a claim about policy, evaluated by simulation (relokant.claims) ---------------------------------------


class _StageLines:
    """Progress for a log (stderr not a terminal): one line whenever the stage changes."""

    def __init__(self):
        self.stage = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.stage = stage
            err.print(f"relokant claim: {stage}", markup=False, highlight=False)


@app.command("claim")
def claim_command(
    claim_id: str = typer.Argument(..., help="The claim: case-3m (the CASE op-ed's 3 million Russians and EUR "
                                             "400-500 bn in 3-5 years)."),
    sample_size: Optional[int] = typer.Option(None, "--sample-size", help="Synthetic persons per draw (200,000)."),
    draws: Optional[int] = typer.Option(None, "--draws",
                                        help="Draws per scenario, paired: a posterior parameter set and a "
                                             "seed each (default 10)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: the scenarios' own)."),
    no_hinges: bool = typer.Option(False, "--no-hinges", help="Skip the one-at-a-time sensitivity (the hinges)."),
    hinge_sample_size: Optional[int] = typer.Option(None, "--hinge-sample-size",
                                                    help="Synthetic persons of each hinge run (100,000; one draw)."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object."),
    html: Optional[Path] = typer.Option(None, "--out", help="Also write the evaluation as an HTML page (offline)."),
    db: Optional[Path] = DbOption,
) -> None:
    """A claim evaluated: the policy's effect with intervals beside the claimed figures, and what it hinges on."""
    from relokant import api, claims

    claims.get(claim_id)  # an unknown claim fails before anything runs
    if html is not None and html.is_dir():
        raise InputError(f"--out: {html} is a folder; give the HTML file to write")
    progress_kind = _Progress if sys.stderr.isatty() else _StageLines
    with progress_kind() as progress:
        result = api.claim(claim_id, sample_size=sample_size, draws=draws, seed=seed, db=db, hinges=not no_hinges,
                           hinge_sample_size=hinge_sample_size, progress=progress)
    written = None
    if html is not None:
        from relokant.report.claim import write_claim_html

        written = write_claim_html(result, html)
    if as_json:
        _print_json({**result.to_dict(), "html": str(written) if written else None})
        return
    from relokant.claims.render import claim_view

    for part in claim_view(result, store_path=api.RunStore(db).path):
        out.print(part)
    if written:
        out.print(f"HTML: {written}")


# --- sensitivity: Sobol indices of the headline outputs (relokant.ensemble.sensitivity) ---------------------------


@app.command("sensitivity")
def sensitivity_command(
    scenario: str = typer.Argument(..., help="Scenario YAML file, or a shipped scenario (baseline, case-proposal)."),
    samples: int = typer.Option(16, "--samples", help="Saltelli base samples N, a power of two; N x (factors + 2) "
                                                      "evaluations."),
    sample_size: int = typer.Option(100_000, "--sample-size", help="Synthetic persons of every simulation."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Random seed (default: the scenario's own)."),
    horizon: Optional[str] = typer.Option(None, "--horizon", help="Last month YYYY-MM (default: the scenario's)."),
    factors: Optional[list[str]] = typer.Option(None, "--factor", help="Vary only this factor (repeatable): a "
                                                "parameter, an as: assumption of the scenario or acct:<rate>."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Local processes (default: one per core)."),
    html: Path = typer.Option(Path("out/sensitivity.html"), "--out", help="HTML page to write (offline); the "
                              "result is stored beside it as .json for the study report."),
    as_json: bool = typer.Option(False, "--json", help="Print exactly one JSON object."),
) -> None:
    """Sobol indices (S1, ST) of the headline outputs to the parameters and assumptions, ranked, with a plot."""
    from relokant import api
    from relokant.ensemble import sensitivity
    from relokant.report.sensitivity import write_sensitivity_html

    sensitivity.check_samples(samples)  # bad input fails before any process starts
    if sample_size < sensitivity.MIN_SAMPLE_SIZE:
        raise InputError(f"--sample-size: {sample_size} is below {sensitivity.MIN_SAMPLE_SIZE:,} records")
    if html.is_dir():
        raise InputError(f"--out: {html} is a folder; give the HTML file to write")
    with sensitivity.process_map(workers) as run_map, _Progress(enabled=sys.stderr.isatty()) as progress:
        result = sensitivity.sobol(api.as_scenario(scenario), parameters=factors or None, samples=samples,
                                   sample_size=sample_size, seed=seed, horizon=horizon, map=run_map,
                                   progress=progress, code_version=api.code_version())
    written = write_sensitivity_html(result, html)
    stored = sensitivity.save(result, html.with_suffix(".json"))
    if as_json:
        payload = sensitivity.finite({**result.to_dict(), "html": str(written), "json": str(stored)})
        sys.stdout.write(json.dumps(payload, allow_nan=False) + "\n")
        return
    for view in _sensitivity_tables(result):
        out.print(view)
    out.print(f"{result.evaluations:,} evaluations ({result.simulations:,} simulations of {result.sample_size:,} "
              f"persons, common random numbers) in {result.seconds:.0f} s. Plot: {written}; result: {stored}")


@app.command("serve")
def serve_command(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (127.0.0.1: this machine only)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: Optional[Path] = DbOption,
) -> None:
    """The web app: scenario studio, runs, compare, eligibility checker and evidence browser (offline)."""
    from relokant.web.server import serve

    serve(host=host, port=port, db=db)


def _share(value: float) -> str:
    return "0.00" if abs(value) < 0.005 else f"{value:.2f}"  # no "-0.00"


def _sensitivity_tables(result) -> list[Table]:
    views = []
    for o in result.outputs:
        unit = o.output.unit
        title = (f"{o.output.label}, {o.period} ({o.output.metric} {o.output.geo}, {unit}): p05-p95 over the sampled "
                 f"sets {_num(o.p05)} to {_num(o.p95)}" + (" - did not vary" if o.constant else ""))
        view = Table(title=title, caption="ranked by ST; +- is the 95% bootstrap half-width")
        for name in ("rank", "factor", "source", "range (default)", "S1", "ST"):
            view.add_column(name, justify="right" if name in ("rank", "S1", "ST") else "left", overflow="fold")
        for i in o.indices:
            f = result.factor(i.factor)
            view.add_row(str(i.rank), i.factor, f.source, f"{f.low:.3g}-{f.high:.3g} ({f.default:.3g})",
                         f"{_share(i.S1)} +- {_share(i.S1_conf)}", f"{_share(i.ST)} +- {_share(i.ST_conf)}")
        views.append(view)
    return views


def _raise_interrupt(signum, frame):
    interrupt.request()
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line and exit 2 for bad input, 130 for an interrupt; never a traceback for either."""
    signal.signal(signal.SIGTERM, _raise_interrupt)  # kill: store the run as interrupted, like Ctrl-C
    signal.signal(signal.SIGINT, _raise_interrupt)
    try:
        result = typer.main.get_command(app).main(args=argv, standalone_mode=False, prog_name="relokant")
    except typer.Exit as exc:
        return exc.exit_code
    except typer.TyperException as exc:  # usage errors: unknown option, bad option type, missing argument
        message = " ".join(exc.format_message().split())
        if message:  # (an empty one follows the help text shown for a bare `relokant`)
            ctx = getattr(exc, "ctx", None)
            command = ctx.command_path.partition(" ")[2] if ctx is not None else ""
            err.print(f"relokant: {command + ': ' if command else ''}{message}", markup=False, highlight=False)
        return 2
    except InputError as exc:
        err.print(f"relokant: {exc}", markup=False, highlight=False, soft_wrap=True)
        return 2
    except (KeyboardInterrupt, typer.Abort):
        result = 130
    if result == 130:  # typer turns a KeyboardInterrupt inside a command into exit code 130 itself
        err.print("relokant: interrupted", markup=False)
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
