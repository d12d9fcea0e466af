"""The first fit: least squares of the declared targets over the fitted parameters, on the baseline scenario.

Input: ``TARGETS`` and ``FITTED_PARAMETERS`` (targets.py), the shipped baseline scenario, a sample size and seed.
Output: a ``FitResult`` (fitted values, the target table with observed range, fitted value and residual) that
``save`` writes to ``relokant/parameters/fitted.json``, where ``relokant.parameters.defaults()`` reads it.

The simulation is deterministic for a seed (common random numbers), so the objective is a fixed function of the
parameters; it is piecewise constant at the scale of one record, hence finite differences with a coarse step in log
space. A weak pull toward each parameter's prior centre (``PRIOR_WEIGHT``, in units of the prior's log half-range)
makes the solution unique where targets are intervals and leave a parameter free. The search starts from the stored
fit (the prior centre for parameters it lacks), or (``start="prior"``) from the prior centre.

``only`` restricts the fit to some targets (validation's time split, ``relokant.calibrate.validate``); such a fit is
never saved: ``save`` refuses it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

from relokant import __version__, evidence, parameters
from relokant.calibrate.targets import FITTED_PARAMETERS, READINGS, FitInputs, targets
from relokant.engine import simulate
from relokant.population import synthesize
from relokant.scenario import builtin, load

FIT_HORIZON = "2024-12"  # the last month any target reads (the hubs' outflow, 2022-2024)
PRIOR_WEIGHT = 0.1
DEFAULT_SAMPLE_SIZE = 200_000
DEFAULT_SEED = 20220224


@dataclass
class FitResult:
    parameters: dict[str, float]
    table: pd.DataFrame  # one row per target
    cost: float
    sample_size: int
    seed: int
    evaluations: int
    reading: str = "surveys"  # of the return share (``targets.RETURN_READINGS``)
    only: tuple[str, ...] | None = None  # the targets fitted, when not all (then never saved)

    def to_json(self) -> dict:
        return {
            "reading": self.reading,
            "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "code_version": __version__,
            "data_version": evidence.DATA_VERSION,
            "method": "scipy.optimize.least_squares (trf), log-parameters, interval residuals, prior pull "
                      f"{PRIOR_WEIGHT}",
            "scenario": "baseline", "horizon": FIT_HORIZON,
            "sample_size": self.sample_size, "seed": self.seed, "evaluations": self.evaluations,
            "cost": self.cost,
            "parameters": self.parameters,
            "targets": self.table.to_dict(orient="records"),
        }


def evaluate(values: dict[str, float], pop, scenario, reading: str = "surveys",
             only: Collection[str] | None = None) -> tuple[np.ndarray, pd.DataFrame]:
    """Residuals and the target table for one parameter set (``only``: these target ids, default all)."""
    result = simulate(pop, scenario, values, seed=scenario.seed)
    inputs = FitInputs(result, pop, values)
    rows = []
    for target in selected(reading, only):
        observed = target.observed()
        simulated = target.simulated(inputs)
        rows.append({"target": target.id, "description": target.description, "evidence": ", ".join(target.refs),
                     "observed": observed.value, "low": observed.low, "high": observed.high,
                     "simulated": simulated, "residual": target.residual(simulated), "note": target.note})
    table = pd.DataFrame(rows)
    return table["residual"].to_numpy(), table


def selected(reading: str = "surveys", only: Collection[str] | None = None):
    """The targets of a reading, or those of them named in ``only`` (each name must be a target of the reading)."""
    chosen = targets(reading)
    if only is None:
        return chosen
    unknown = set(only) - {t.id for t in chosen}
    if unknown:
        raise ValueError(f"not targets of the {reading!r} reading: {', '.join(sorted(unknown))}")
    if not only:
        raise ValueError("no target to fit")
    return tuple(t for t in chosen if t.id in set(only))


def _fit_scenario(seed: int):
    scenario = load(builtin("baseline"))
    return scenario.model_copy(update={"horizon": FIT_HORIZON, "seed": seed})


def fit(sample_size: int = DEFAULT_SAMPLE_SIZE, seed: int = DEFAULT_SEED, max_evaluations: int = 300,
        progress=None, reading: str = "surveys", only: Collection[str] | None = None,
        start: str | dict[str, float] = "stored") -> FitResult:
    """Fit under a reading of the return share (``targets.RETURN_READINGS``): 'surveys' (the default parameters)
    or 'official' (stored beside them, for the claim's hinge table). ``only``: fit these target ids alone (not
    saved); ``start``: 'stored' (the stored fit, default), 'prior' (the prior centre: a fit that must not know
    what the stored fit learnt from other targets) or values by name (a restart; the prior centre for the rest)."""
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}: one of {', '.join(READINGS)}")
    if not isinstance(start, dict) and start not in ("stored", "prior"):
        raise ValueError(f"unknown start {start!r}: 'stored', 'prior' or values by name")
    only = None if only is None else tuple(t.id for t in selected(reading, only))
    pop = synthesize(sample_size, seed)
    scenario = _fit_scenario(seed)
    base = parameters.resolve(scenario.parameters)
    priors = [parameters.get(name).prior for name in FITTED_PARAMETERS]
    centre = np.log([p.value for p in priors])
    half_range = np.log([p.high / p.low for p in priors]) / 2
    lower, upper = np.log([p.low for p in priors]), np.log([p.high for p in priors])
    evaluations = 0

    def values_at(x: np.ndarray) -> dict[str, float]:
        return {**base, **{name: float(np.exp(v)) for name, v in zip(FITTED_PARAMETERS, x)}}

    def objective(x: np.ndarray) -> np.ndarray:
        nonlocal evaluations
        evaluations += 1
        residuals, _ = evaluate(values_at(x), pop, scenario, reading, only)
        if progress is not None:
            progress(evaluations)
        return np.concatenate([residuals, PRIOR_WEIGHT * (x - centre) / half_range])

    # Start from the stored fit where it has a value (a refit after a model change moves from the last solution:
    # the objective is piecewise constant, so a start far away can stall in a worse step), else the prior centre.
    if isinstance(start, dict):
        stored = start
    else:
        stored = {} if start == "prior" else parameters.reading_parameters(reading) or parameters.fitted()["parameters"]
    start = np.clip([np.log(stored[name]) if name in stored else c for name, c in zip(FITTED_PARAMETERS, centre)],
                    lower, upper)
    solution = least_squares(objective, start, bounds=(lower, upper), diff_step=0.1, x_scale=half_range,
                             max_nfev=max_evaluations, method="trf")
    fitted = {name: float(np.exp(v)) for name, v in zip(FITTED_PARAMETERS, solution.x)}
    _, table = evaluate(values_at(solution.x), pop, scenario, reading, only)
    return FitResult(fitted, table, float(solution.cost), sample_size, seed, evaluations, reading, only)


def reproduce_table(stored: dict) -> pd.DataFrame:
    """Recompute the target table at the stored fit's parameters, sample size and seed (and reading)."""
    pop = synthesize(stored["sample_size"], stored["seed"])
    scenario = _fit_scenario(stored["seed"])
    values = {**parameters.resolve(scenario.parameters), **stored["parameters"]}
    return evaluate(values, pop, scenario, stored.get("reading", "surveys"))[1]


def save(result: FitResult, path: Path | None = None) -> Path:
    """Write the fit to ``fitted.json``: the 'surveys' reading is the file's top level (the default parameters),
    another reading goes under ``readings`` beside it; each keeps the other."""
    if result.only is not None:  # a fit that saw some targets only (a time split) must not become the default
        raise ValueError("a fit on some of the targets only is not saved")
    path = Path(str(parameters.fitted_path())) if path is None else Path(path)
    before = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    if result.reading == "surveys":
        data = {**result.to_json(), "readings": before.get("readings", {})}
    else:
        data = {**before, "readings": {**before.get("readings", {}), result.reading: result.to_json()}}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    parameters.fitted.cache_clear()
    return path
