"""The Python API: what the CLI does, callable from a notebook.

- ``run(scenario, ...)`` simulates a scenario (a path, a shipped name such as ``"baseline"``, or a ``Scenario``) for
  its draws, stores the run in the DuckDB run store and returns a ``RunOutput`` (metrics per draw, the p05/p50/p95
  summary, the manifest, ``to_contract()`` for the JSON output contract).
- ``compare(run_a, run_b)`` puts two stored runs side by side with their difference.
- ``study(...)`` is the main job: baseline and the CASE proposal, a summary table and an HTML report.
- ``claim(claim_id, ...)`` evaluates a claim such as the CASE op-ed's "3 million Russians with EUR 400-500 billion"
  (``relokant.claims``): the policy's paired effect with intervals beside the claimed figures, and its hinges.

Draws: draw ``k`` of a run is a parameter draw from the posterior of the calibration (``relokant calibrate``: the
newest in the run store, else the one shipped with the package; ``posterior=``) times a random seed (the population
and every random stream). Draw ``k`` of seed ``s`` gets the same parameter set, population and random streams in
every scenario, so differences between scenarios are policy effects, and their intervals carry both the parameter
and the Monte Carlo uncertainty.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from relokant import __version__, evidence, interrupt, parameters
from relokant.errors import InputError
from relokant.engine import metrics_frame, simulate  # noqa: F401  (re-exported)
from relokant.ensemble import execute
# re-exported: the draw seeds and the (cached) population of a draw, as every run uses them
from relokant.ensemble.execute import Executor, draw_seed, population  # noqa: F401
from relokant.population import Population, demography, synthesize  # noqa: F401  (re-exported)
from relokant.scenario import Scenario, load, locate, with_options
from relokant.store import RunStore  # noqa: F401  (re-exported for the CLI)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Package version plus the git commit when running from a checkout (``-dirty`` if it has local changes)."""
    root = Path(__file__).resolve().parents[2]
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return __version__
    return f"{__version__}+{commit}{'-dirty' if dirty else ''}" if commit else __version__


def as_scenario(scenario: str | Path | Scenario) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load(locate(scenario))


def summarize(metrics: pd.DataFrame) -> pd.DataFrame:
    """p05/p50/p95 over draws per (metric, geo, period, unit), linear interpolation between draws."""
    grouped = metrics.groupby(["metric", "geo", "period", "unit"], sort=False)["value"]
    summary = grouped.quantile([0.05, 0.5, 0.95]).unstack()
    summary.columns = ["p05", "p50", "p95"]
    return summary.reset_index()[["metric", "geo", "period", "p05", "p50", "p95", "unit"]]


@dataclass
class RunOutput:
    run_id: str
    scenario: Scenario
    seed: int
    draws: int
    sample_size: int
    parameters: dict[str, float]  # shared by every draw (a posterior's draws replace the calibrated ones)
    metrics: pd.DataFrame  # draw, metric, geo, period, value, unit
    posterior: dict | None = None  # {'id', 'draws': [values by name, per draw]} where parameters were drawn
    summary: pd.DataFrame = field(init=False)

    def __post_init__(self):
        self.summary = summarize(self.metrics)

    def to_contract(self) -> dict:
        """The output contract of ``relokant run --json``."""
        return {
            "run_id": self.run_id, "scenario": self.scenario.name, "seed": self.seed, "draws": self.draws,
            "sample_size": self.sample_size, "code_version": code_version(), "data_version": evidence.DATA_VERSION,
            "synthetic_population": True, "posterior": None if self.posterior is None else self.posterior["id"],
            "metrics": [
                {"metric": r.metric, "geo": r.geo, "period": r.period, "p05": float(r.p05), "p50": float(r.p50),
                 "p95": float(r.p95), "unit": r.unit}
                for r in self.summary.itertuples(index=False)
            ],
        }


POSTERIOR_CHOICES = "'auto' (the newest calibration in the run store, else the shipped one), 'shipped', 'none' " \
                    "(point values) or a calibration id"


def posterior_for(which: str = "auto", db: str | Path | None = None):
    """The posterior runs draw their calibrated parameters from (``POSTERIOR_CHOICES``): a
    ``relokant.calibrate.abcsmc.StoredPosterior``, or None for point values."""
    from relokant.calibrate.abcsmc import StoredPosterior

    which = (which or "auto").strip()
    if which == "none":
        return None
    if which not in ("auto", "shipped"):
        record = RunStore(db).calibration(which)
        return _checked(StoredPosterior(record["calibration_id"], record["draws"], record["manifest"],
                                        record["generations"], record["target_table"]))
    if which == "auto":
        newest = RunStore(db).latest_calibration("surveys")
        if newest is not None:
            record = RunStore(db).calibration(newest)
            return _checked(StoredPosterior(newest, record["draws"], record["manifest"], record["generations"],
                                            record["target_table"]))
    shipped = parameters.shipped_posterior()
    if shipped is None:
        if which == "shipped":
            raise InputError("--posterior: no posterior is shipped with this package (run `relokant calibrate`)")
        return None
    return _checked(StoredPosterior("shipped", pd.DataFrame(shipped["draws"]), shipped["manifest"],
                                    pd.DataFrame(shipped.get("generations", [])),
                                    pd.DataFrame(shipped.get("targets", []))))


def _checked(chosen):
    names = [c for c in chosen.draws.columns if c not in ("particle", "weight")]
    unknown = [n for n in names if n not in parameters.names()]
    if unknown:
        raise InputError(f"posterior {chosen.id}: unknown parameter(s) {', '.join(unknown)} (calibrated by another "
                         "version of relokant? run `relokant calibrate` again)")
    for name in names:
        problem = next(filter(None, (parameters.check_value(name, v) for v in chosen.draws[name])), None)
        if problem:
            raise InputError(f"posterior {chosen.id}: parameter {name}: {problem}")
    return chosen


def run(scenario: str | Path | Scenario, *, sample_size: int | None = None, draws: int | None = None,
        seed: int | None = None, db: str | Path | None = None, progress: Progress | None = None,
        workers: int | None = None, scheduler: str | None = None, executor: Executor | None = None,
        posterior: str = "auto") -> RunOutput:
    """Simulate a scenario and store it; options override the scenario's own sample size, draws and seed.

    Parameters: draw ``k`` takes the calibrated parameters from the posterior (``posterior``, see
    ``POSTERIOR_CHOICES``), resampled by weight with the scenario's seed (so every scenario of a seed gets the same
    sets); a parameter the scenario sets itself keeps the scenario's value in every draw.
    Draws run where ``executor`` says (``relokant.ensemble.execute``), else on ``workers`` local processes or the
    Dask cluster at ``scheduler``; by default in this process for a small ensemble, else one worker per core. The
    results are the same wherever they run."""
    scenario = as_scenario(scenario)
    scenario = with_options(scenario, sample_size=sample_size, draws=draws, seed=seed)
    params = parameters.resolve(scenario.parameters)
    chosen = posterior_for(posterior, db)
    draw_parameters = None
    recorded = dict(params)
    if chosen is not None:
        draw_parameters = [{k: v for k, v in values.items() if k not in scenario.parameters}
                           for values in chosen.parameter_draws(scenario.draws, scenario.seed)]
        recorded["posterior"] = {"id": chosen.id, "draws": draw_parameters}
    store = RunStore(db)
    demography.adults_2022()  # load UN WPP before the run is stored: an interrupt inside an import can be lost
    run_id = None
    try:
        run_id = store.start_run(
            scenario_name=scenario.name, scenario_hash=scenario.content_hash(),
            scenario_yaml=_yaml(scenario), code_version=code_version(), data_version=evidence.DATA_VERSION,
            seed=scenario.seed, sample_size=scenario.sample_size, draws=scenario.draws, parameters=recorded)
        if executor is None:
            chosen_workers = workers or execute.auto_workers(scenario.draws, scenario.sample_size)
            with Executor(chosen_workers, scheduler) as own:
                metrics = execute.run_draws(scenario, params, range(scenario.draws), scenario.sample_size, own,
                                            progress, draw_parameters)
        else:
            metrics = execute.run_draws(scenario, params, range(scenario.draws), scenario.sample_size, executor,
                                        progress, draw_parameters)
        interrupt.check()
        store.finish_run(run_id, metrics)
    except KeyboardInterrupt:
        if run_id is not None:
            store.fail_run(run_id, "interrupted", "interrupted by the user or a signal")
        raise
    except BaseException as exc:
        if run_id is not None:
            store.fail_run(run_id, "failed", f"{type(exc).__name__}: {exc}")
        raise
    return RunOutput(run_id, scenario, scenario.seed, scenario.draws, scenario.sample_size, params, metrics,
                     recorded.get("posterior"))


def _yaml(scenario: Scenario) -> str:
    import yaml

    return yaml.safe_dump(scenario.canonical(), sort_keys=False, allow_unicode=True)


def compare(run_a: str, run_b: str, db: str | Path | None = None) -> pd.DataFrame:
    """Two stored runs side by side: each run's median, and the difference b - a with its p05/p50/p95.

    Runs with the same seed, draws and sample size share their populations and random streams draw by draw, so the
    difference is taken draw by draw (paired) and its interval is the policy effect's. Otherwise the difference is
    between the medians and has no interval (``paired`` is False).
    """
    store = RunStore(db)
    record_a, record_b = store.run(run_a), store.run(run_b)
    keys = ["metric", "geo", "period", "unit"]
    paired = all(record_a[k] == record_b[k] for k in ("seed", "draws", "sample_size"))
    a, b = store.metrics(record_a["run_id"]), store.metrics(record_b["run_id"])
    medians = (summarize(a)[keys + ["p50"]]
               .merge(summarize(b)[keys + ["p50"]], on=keys, how="outer", suffixes=("_a", "_b")))
    if paired:
        both = a.merge(b, on=["draw", *keys], suffixes=("_a", "_b"))
        both["value"] = both["value_b"] - both["value_a"]
        diff = summarize(both[["draw", *keys, "value"]]).rename(
            columns={"p05": "difference_p05", "p50": "difference", "p95": "difference_p95"})
        merged = medians.merge(diff.drop(columns="unit"), on=["metric", "geo", "period"], how="left")
    else:
        merged = medians.assign(difference=medians["p50_b"] - medians["p50_a"], difference_p05=float("nan"),
                                difference_p95=float("nan"))
    merged.attrs.update(run_a=record_a, run_b=record_b, paired=paired)
    return merged


def who_leaves(scenario: str | Path | Scenario = "baseline", *, sample_size: int = None, seed: int | None = None,
               until: str = "2022-12") -> pd.DataFrame:
    """The simulated 2022 leavers' profile against the emigrant surveys and the Russian baseline
    (``relokant.calibrate.profile.check_profile``), from draw 0 of the scenario's population."""
    from relokant.calibrate.profile import check_profile

    scenario = with_options(as_scenario(scenario), sample_size=sample_size, seed=seed)
    scenario = scenario.model_copy(update={"horizon": until})
    k_seed = draw_seed(scenario.seed, 0)
    pop = population(scenario.sample_size, k_seed)
    result = simulate(pop, scenario, parameters.resolve(scenario.parameters), k_seed)
    return check_profile(pop, result)


def intervals_note(output: RunOutput) -> str:
    """What a run's p05-p95 intervals carry."""
    if output.posterior is None:
        return "p05-p95 over draws (random seeds only: no posterior, parameters at their point values)"
    return (f"p05-p95 over draws, each a parameter set from the posterior (calibration {output.posterior['id']}) and "
            "a random seed: parameter and Monte Carlo uncertainty")


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


STUDY_SCENARIOS = ("baseline", "case-proposal")
STUDY_SAMPLE_SIZE = 200_000
STUDY_DRAWS = 10  # parameter draws x seeds: enough for a p05-p95 that carries the posterior
STUDY_PERIOD = "2024-07"  # the op-ed's date: how things stood when the CASE proposal was made


@dataclass
class StudyOutput:
    runs: list[RunOutput]
    table: pd.DataFrame
    report_path: Path
    periods: tuple[str, str]
    profile: pd.DataFrame  # who leaves: simulated 2022 leavers vs the surveys (``who_leaves``)
    claim: object = None  # the CASE claim evaluated on the study's own pair of runs (``claim``), when it ran them
    validation: object = None  # the baseline against every fit target, beside a naive forecast (calibrate.validate)


def study(scenarios: tuple[str | Path, ...] = STUDY_SCENARIOS, *, sample_size: int = STUDY_SAMPLE_SIZE,
          draws: int = STUDY_DRAWS, seed: int | None = None, out_dir: str | Path = "out",
          db: str | Path | None = None, progress: Progress | None = None, workers: int | None = None,
          scheduler: str | None = None, posterior: str = "auto") -> StudyOutput:
    """The main job: run the scenarios with the same draws, tabulate them side by side, write the HTML report.
    The draws of every scenario share one executor (``workers``, ``scheduler``: see ``run``) and the same
    parameter draws (``posterior``: see ``run``)."""
    from relokant.report import RunResult, summary_table, write_html

    chosen = workers or execute.auto_workers(draws * len(scenarios), sample_size)
    with Executor(chosen, scheduler) as executor:
        outputs = [run(s, sample_size=sample_size, draws=draws, seed=seed, db=db, progress=progress,
                       executor=executor, posterior=posterior) for s in scenarios]
    horizon = outputs[0].scenario.horizon
    periods = (STUDY_PERIOD, horizon)
    results = [RunResult(o.scenario.name, o.run_id, o.summary) for o in outputs]
    table = summary_table(results, periods)
    meta = {
        "sample size": sample_size, "draws": draws, "seed": outputs[0].seed,
        "code version": code_version(), "data version": evidence.DATA_VERSION, "made": now_utc(),
        "intervals": intervals_note(outputs[0]),
    }
    profile = who_leaves(outputs[0].scenario, sample_size=sample_size, seed=seed)
    claim_result = None
    if [o.scenario.name for o in outputs] == list(STUDY_SCENARIOS):
        # The study's pair is the claim's pair: reuse it, and add the hinge runs (about a minute).
        from relokant.claims import CLAIMS

        hinge_size = min(sample_size, CLAIMS["case-3m"].hinge_sample_size)  # never more records than the study
        claim_result = claim("case-3m", runs=(outputs[0], outputs[1]), db=db, progress=progress,
                             hinge_sample_size=hinge_size)
    # The model against every fit target and check, beside a naive forecast: the baseline's draws again, to the last
    # target's month (about 10 s at the study's size).
    from relokant.calibrate import validate as validate_fit

    drawn_from = posterior_for(posterior, db)
    validation = validate_fit(sample_size=sample_size, draws=draws, seed=outputs[0].seed, progress=progress,
                              posterior=drawn_from)
    # A Sobol run takes minutes, longer than the study itself: the report shows the one `relokant sensitivity`
    # stored in the same folder (out/sensitivity.json), if any, else says how to compute it.
    from relokant.ensemble import sensitivity

    stored_sensitivity = sensitivity.load(Path(out_dir) / "sensitivity.json")
    report_path = write_html(results, Path(out_dir) / "report.html", title="relokant: baseline vs CASE proposal",
                             meta=meta, periods=periods, profile=profile, claim=claim_result,
                             sensitivity=stored_sensitivity, validation=validation, calibration=drawn_from)
    return StudyOutput(outputs, table, report_path, periods, profile, claim_result, validation)


def claim(claim_id: str = "case-3m", *, sample_size: int | None = None, draws: int | None = None,
          seed: int | None = None, db: str | Path | None = None, hinges=True, hinge_sample_size: int | None = None,
          progress: Progress | None = None, runs: tuple[RunOutput, RunOutput] | None = None):
    """A claim about policy evaluated by simulation (``relokant.claims.evaluate``): its policy scenario against its
    baseline, paired draw by draw and stored, the effect with intervals beside the claimed figures, and (``hinges``:
    True, False or hinge names) the assumptions it hinges on. ``runs``: the pair already run (baseline, scenario),
    reused instead of run again. Returns a ``ClaimResult``."""
    from relokant.claims import evaluate

    return evaluate(claim_id, sample_size=sample_size, draws=draws, seed=seed, db=db, hinges=hinges,
                    hinge_sample_size=hinge_sample_size, progress=progress, runs=runs)
