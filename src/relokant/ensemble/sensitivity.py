"""Sobol sensitivity of the headline outputs to the model's parameters and assumptions (SALib).

Job: say which uncertain inputs the headline outputs depend on, and how much, as shares of the outputs' variance.
Inputs: a scenario; the factors to vary (default ``DEFAULT_FACTORS``: model parameters, assumptions the scenario
uses by reference, impact-accounting rates; each with its plausible range and its ``ev:``/``as:`` source); the number
of Saltelli base samples N, the synthetic sample size, the seed and the horizon; a ``map`` that runs the evaluations.
Output: ``SensitivityResult``: per headline output (``OUTPUTS``: people in the EU27 at the horizon, capital abroad in
the EU27 and in the world at the horizon, Russia's labour-force loss at the horizon, the EU27 fiscal balance in the
last complete year), the first-order index S1 and the total index ST of every factor with 95% bootstrap half-widths,
ranked by ST, and the output's spread over the sampled parameter sets; ``to_dict()`` is what
``relokant sensitivity --json`` prints and what the study report reads back (``load``).

What the indices mean. Each factor is drawn uniformly over its plausible range, independently of the others (a range
is not a distribution: uniform is the least committal reading; the fit's correlations between fitted parameters are
ignored). S1 of a factor is the share of the output's variance it explains alone; ST adds its interactions with all
the others, so ST >= S1, and ST near 0 means the factor can be fixed anywhere in its range without changing the
output. The ST sum exceeds 1 where factors interact.

Estimator and cost. Saltelli's design on a scrambled Sobol' sequence (``SALib.sample.sobol``, ``calc_second_order=
False``): N base points A and N points B in the unit cube of the k factors, and for each factor i the matrix AB_i
(A with column i from B): N (k + 2) evaluations. ``SALib.analyze.sobol`` gives S1 by Saltelli et al. (2010) and ST by
Jansen (1999), both on the standardised output, and confidence half-widths from 200 bootstrap resamples of the N
rows. N must be a power of two (the Sobol' sequence is balanced only then). Accounting rates do not change the
simulation, only what is read from it: AB_i of an accounting factor reuses A's simulation, so the engine runs
N (k_engine + 2) times (2N for a single engine factor, whose AB is B), k_engine counting model parameters and
scenario assumptions. One simulation of 100,000 persons to 2030-12 takes about 1.2 s on one core, 20,000 about
1.1 s (mostly route eligibility, nearly independent of the sample size): the defaults (N = 16, 26 factors of which
19 change the simulation) are 448 evaluations, 336 simulations, about 4-6 minutes on two cores.

Common random numbers. Every evaluation uses the same synthetic population and the same random streams (draw 0 of
``seed``), so two evaluations differ by their parameters only: the indices measure parameters, not Monte Carlo noise.
What remains is the sample's coarseness (a threshold crossed by a few heavily weighted records makes an output jump),
which shows as spurious interactions (ST summing well above 1) and wider intervals; a larger ``sample_size`` shrinks
it, at almost no cost up to 100,000 records.

Execution. ``map(function, tasks)`` runs the evaluations and returns their results in task order (builtin ``map`` by
default, in this process; ``process_map`` for local worker processes, or ``executor.map`` of any
``relokant.ensemble.execute.Executor``, such as one on a remote Dask cluster). A task is plain data: one simulation and the accounting variants
read from it; ``evaluate`` is a top-level function, so tasks pickle to other processes or machines.
"""

from __future__ import annotations

import contextlib
import math
import time
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

import numpy as np

from relokant import evidence, geo, interrupt, parameters
from relokant.errors import InputError
from relokant.scenario import Scenario, with_options

Progress = Callable[[str, int, int], None]  # (stage, done, total)
MapFunction = Callable[[Callable, Sequence], Iterable]

DEFAULT_SAMPLES = 16  # Saltelli base samples N: 16 x (19 + 2) = 336 simulations for the default factors
# Records: a simulation takes about a second up to ~100,000 (route eligibility dominates, not the persons), and
# smaller samples make the EU stock and capital jumpy functions of the parameters (a few heavy records).
DEFAULT_SAMPLE_SIZE = 100_000
MIN_SAMPLE_SIZE = 1_000
CONF_LEVEL = 0.95
BOOTSTRAP_RESAMPLES = 200
ACCOUNTING_PREFIX = "acct:"

# The factors varied by default: what moves the headline outputs, each with a plausible range from its source.
DEFAULT_FACTORS: tuple[str, ...] = (
    # How many leave: the war's waves, the steady outflow after them, ordinary emigration (fitted: x / the factor)
    "wave1_peak_hazard", "wave2_peak_hazard", "background_hazard", "ordinary_emigration_rate",
    "departure_inclusive_value_weight", "network_elasticity",
    # Where they go
    "eu_first_share", "route_access_weight", "conditional_access_weight", "entry_restricted_access",
    "choice_openness_elasticity", "permit_unencoded_share_visa_countries",
    # Who stays: returns and moves on from the transit hubs
    "return_hazard", "return_or_permit", "onward_hazard_monthly",
    # Capital: what is taken along, transferred later, spent abroad and accepted by EU banks
    "capital_share_moved_at_departure", "capital_monthly_transfer_share", "living_cost_eur_month_west",
    "as:capital_acceptance_eu_status_quo",
    # Impact accounting (the simulation is unchanged; only the accounts move)
    "acct:migrant_earnings_ratio", "acct:employment_rel_higher_edu", "acct:earnings_rel_it",
    "acct:public_cost_share", "acct:benefit_share_of_socprot", "acct:benefit_eligible_share",
    "acct:ru_not_employed_in_labour_force",
)


@dataclass(frozen=True)
class Output:
    """A headline output: one metric of the output contract at one place, at the horizon (or its last complete
    year, for a yearly metric)."""

    key: str
    label: str
    metric: str
    geo: str
    unit: str
    yearly: bool = False


OUTPUTS: tuple[Output, ...] = (
    Output("eu_stock", "People in the EU27", "stock_abroad", "EU27", "persons"),
    Output("capital_eu", "Capital abroad in the EU27", "capital_abroad_eur", "EU27", "EUR"),
    Output("capital_world", "Capital abroad, world", "capital_abroad_eur", "WORLD", "EUR"),
    Output("labour_force_loss_ru", "Russia's labour-force loss", "labour_force_loss_ru", "RU", "persons"),
    Output("fiscal_balance_eu", "EU27 fiscal balance", "fiscal_balance_eur", "EU27", "EUR per year", yearly=True),
)


@dataclass(frozen=True)
class Factor:
    """An uncertain input and the range it is varied over.

    ``kind``: ``parameter`` (a model parameter, overridden in the scenario), ``scenario`` (an assumption the
    scenario uses by reference, e.g. ``capital_acceptance: as:capital_acceptance_eu_status_quo``; every use is
    replaced) or ``accounting`` (a rate of ``relokant.accounting.declarations`` with one source for the whole EU27;
    every place using that source gets the value)."""

    name: str
    kind: str
    source: str
    low: float
    high: float
    default: float
    unit: str
    range_note: str

    @property
    def engine(self) -> bool:
        """Whether the factor changes the simulation (accounting rates only change what is read from it)."""
        return self.kind != "accounting"


@dataclass
class Index:
    """S1 and ST of one factor for one output, with their confidence half-widths (95%, bootstrap)."""

    factor: str
    S1: float
    S1_conf: float
    ST: float
    ST_conf: float
    rank: int = 0  # 1 = the largest ST


@dataclass
class OutputIndices:
    output: Output
    period: str  # YYYY-MM, or YYYY for a yearly output
    indices: list[Index]  # ranked by ST, largest first
    # The output over the 2N base points (A and B): quasi-random over the factors' ranges, so their spread is the
    # output's spread under the ranges (not a forecast interval: ranges are not probabilities).
    p05: float
    p50: float
    p95: float
    mean: float
    constant: bool = False  # the output did not vary: every index is 0

    def to_dict(self) -> dict:
        o = self.output
        return {"output": o.key, "label": o.label, "metric": o.metric, "geo": o.geo, "unit": o.unit,
                "period": self.period, "p05": self.p05, "p50": self.p50, "p95": self.p95, "mean": self.mean,
                "constant": self.constant, "indices": [asdict(i) for i in self.indices]}


@dataclass
class SensitivityResult:
    scenario: str
    horizon: str
    samples: int  # Saltelli base samples N
    sample_size: int
    seed: int
    draw_seed: int  # the seed of the population and random streams every evaluation shares
    factors: list[Factor]
    outputs: list[OutputIndices]
    evaluations: int  # N (k + 2)
    simulations: int  # distinct simulations: N (k_engine + 2) (see the module docstring)
    seconds: float
    code_version: str = ""
    data_version: str = ""
    extra: dict = field(default_factory=dict)

    def output(self, key: str) -> OutputIndices:
        return next(o for o in self.outputs if o.output.key == key)

    def factor(self, name: str) -> Factor:
        return next(f for f in self.factors if f.name == name)

    def to_dict(self) -> dict:
        return {
            "scenario": self.scenario, "horizon": self.horizon, "samples": self.samples,
            "sample_size": self.sample_size, "seed": self.seed, "draw_seed": self.draw_seed,
            "evaluations": self.evaluations, "simulations": self.simulations, "seconds": self.seconds,
            "estimator": ("Saltelli design on a scrambled Sobol' sequence (SALib.sample.sobol, no second order); "
                          "S1 Saltelli et al. 2010, ST Jansen 1999 (SALib.analyze.sobol); "
                          f"{CONF_LEVEL:.0%} bootstrap half-widths ({BOOTSTRAP_RESAMPLES} resamples)"),
            "distribution": "each factor uniform over its range, independent of the others",
            "common_random_numbers": True, "synthetic_population": True,
            "code_version": self.code_version, "data_version": self.data_version,
            "factors": [asdict(f) for f in self.factors],
            "outputs": [o.to_dict() for o in self.outputs],
            **self.extra,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "SensitivityResult":
        """The result as ``to_dict`` wrote it (the study report reads a stored run back)."""
        by_key = {o.key: o for o in OUTPUTS}
        outputs = []
        for o in data["outputs"]:
            output = by_key.get(o["output"]) or Output(o["output"], o["label"], o["metric"], o["geo"], o["unit"])
            outputs.append(OutputIndices(output, o["period"], [Index(**i) for i in o["indices"]], o["p05"],
                                         o["p50"], o["p95"], o["mean"], o.get("constant", False)))
        known = {"scenario", "horizon", "samples", "sample_size", "seed", "draw_seed", "evaluations", "simulations",
                 "seconds", "code_version", "data_version"}
        skip = known | {"factors", "outputs", "estimator", "distribution", "common_random_numbers",
                        "synthetic_population"}
        return cls(**{k: data[k] for k in known if k in data}, factors=[Factor(**f) for f in data["factors"]],
                   outputs=outputs, extra={k: v for k, v in data.items() if k not in skip})


# ----------------------------------------------------------------------------------------------- factors


def scenario_refs(scenario: Scenario) -> list[str]:
    """The ``as:``/``ev:`` references a scenario uses in place of numbers (policy entries, route parameters)."""
    refs: list[str] = []
    for entry in scenario.policy:
        refs += [v for v in (entry.openness, entry.capital_acceptance) if isinstance(v, str)]
    for switch in scenario.routes:
        refs += [v for v in switch.parameters.values() if isinstance(v, str)]
    return list(dict.fromkeys(refs))


def _eu_source(name: str):
    """The one source a rate has for every EU27 member (what an accounting factor moves), or None."""
    from relokant.accounting.declarations import RATES

    rate = RATES[name]
    sources = {rate.source_for(code)[0] for code in geo.EU27}
    return sources.pop() if len(sources) == 1 else None


def factor(name: str, scenario: Scenario) -> Factor:
    """The factor ``name`` (a parameter name, an ``as:`` reference the scenario uses, or ``acct:<rate>``) with its
    range and default under ``scenario``; a factor that cannot be varied is an ``InputError``."""
    if name.startswith(ACCOUNTING_PREFIX):
        from relokant.accounting.declarations import RATES

        rate_name = name.removeprefix(ACCOUNTING_PREFIX)
        if rate_name not in RATES:
            raise InputError(f"factor {name}: unknown accounting rate (see relokant.accounting.declarations)")
        source = _eu_source(rate_name)
        if source is None:
            raise InputError(f"factor {name}: the rate has different sources across the EU27; only rates with one "
                             "source for the whole EU can be varied")
        value, low, high = source.resolve(parameters.resolve(scenario.parameters))
        refs = ", ".join(source.refs())
        return Factor(name, "accounting", refs, low, high, value, RATES[rate_name].unit, f"range of {refs}")
    if name.startswith(("as:", "ev:")):
        if name not in scenario_refs(scenario):
            raise InputError(f"factor {name}: scenario {scenario.name!r} does not use it")
        s = evidence.sourced(name)
        return Factor(name, "scenario", name, s.low, s.high, s.value, s.unit, f"range of {name}")
    p = parameters.get(name)
    default = parameters.resolve(scenario.parameters)[name]
    low, high, note = parameters.plausible_range(name, default)
    return Factor(name, "parameter", p.source, low, high, default, p.unit, note)


def default_factors(scenario: Scenario) -> list[Factor]:
    """``DEFAULT_FACTORS`` under the scenario: scenario assumptions it does not use are left out."""
    used = set(scenario_refs(scenario))
    return [factor(name, scenario) for name in DEFAULT_FACTORS if not name.startswith("as:") or name in used]


# ----------------------------------------------------------------------------------------------- evaluation


def _with_refs(canonical: dict, values: dict[str, float]) -> dict:
    """The scenario (canonical dict) with every use of the given references replaced by a number."""
    policy = []
    for entry in canonical["policy"]:
        entry = dict(entry)
        for key in ("openness", "capital_acceptance"):
            if entry.get(key) in values:
                entry[key] = values[entry[key]]
        policy.append(entry)
    routes = [{**switch, "parameters": {k: values.get(v, v) if isinstance(v, str) else v
                                        for k, v in switch["parameters"].items()}} for switch in canonical["routes"]]
    return {**canonical, "policy": policy, "routes": routes}


@lru_cache(maxsize=None)
def _rate_places(name: str) -> np.ndarray:
    """Mask over places whose value of a rate comes from its EU27 source."""
    from relokant.accounting.declarations import RATES

    source = _eu_source(name)
    return np.array([RATES[name].source_for(code)[0] == source for code in geo.PLACES])


def evaluate(task: dict) -> list[dict[str, float]]:
    """One simulation of a task and the headline outputs of each of its accounting variants.

    ``task``: ``scenario`` (canonical dict, horizon set), ``sample_size``, ``seed`` (the draw seed), ``parameters``
    (overrides), ``assumptions`` (reference -> value), ``rates`` (a list of {rate name: value}, one per variant).
    Returns one {output key: value} per variant. Top-level and plain data in and out: it pickles to workers."""
    from relokant.accounting import account
    from relokant.accounting.declarations import resolve as resolve_rates
    from relokant.engine import simulate
    from relokant.ensemble.execute import population

    canonical = _with_refs(task["scenario"], task["assumptions"])
    canonical["parameters"] = {**canonical["parameters"], **task["parameters"]}
    scenario = Scenario.model_validate(canonical)
    params = parameters.resolve(scenario.parameters)
    pop = population(task["sample_size"], task["seed"])
    result = simulate(pop, scenario, params, task["seed"], progress=lambda month: interrupt.check())
    last = result.months - 1
    engine_values = {
        "eu_stock": float(result.stock_abroad[last, geo.IS_EU].sum()),
        "capital_eu": float(result.capital_abroad_eur[last, geo.IS_EU].sum()),
        "capital_world": float(result.capital_abroad_eur[last, 1:].sum()),
    }
    base_rates = resolve_rates(params)
    outputs = []
    for variant in task["rates"]:
        rates = dict(base_rates)
        for name, value in variant.items():
            r = rates[name]
            mask = _rate_places(name)
            rates[name] = replace(r, value=np.where(mask, value, r.value))
        acc = account(result, params, rates=rates)
        years = acc.yearly(acc.fiscal_balance_eur_month)
        outputs.append({**engine_values,
                        "labour_force_loss_ru": float(acc.ru_labour_force_lost[last]),
                        "fiscal_balance_eu": float(years[-1, geo.IS_EU].sum()) if len(years) else math.nan})
    return outputs


# ----------------------------------------------------------------------------------------------- Sobol


def problem(factors: Sequence[Factor]) -> dict:
    """The SALib problem: each factor uniform over [low, high]."""
    return {"num_vars": len(factors), "names": [f.name for f in factors],
            "bounds": [[f.low, f.high] for f in factors]}


def check_samples(samples: int) -> None:
    if samples < 2 or samples & (samples - 1):
        raise InputError(f"--samples: {samples} is not a power of two >= 2 (Saltelli base samples: the Sobol' "
                         "sequence is balanced only at powers of two: 2, 4, 8, 16, 32 ...)")


def saltelli_points(factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """The N (k + 2) points of Saltelli's design (rows: A, AB_1 .. AB_k, B for each base sample)."""
    from SALib.sample import sobol as sobol_sample

    check_samples(samples)
    return sobol_sample.sample(problem(factors), samples, calc_second_order=False, scramble=True, seed=seed)


def indices(factors: Sequence[Factor], values: np.ndarray, seed: int) -> tuple[list[Index], bool]:
    """S1 and ST of each factor from the outputs at the Saltelli points, ranked by ST; and whether the output was
    constant (then every index is 0: SALib would divide by a zero variance)."""
    from SALib.analyze import sobol as sobol_analyze

    values = np.asarray(values, dtype=float)
    constant = bool(np.ptp(values) <= 1e-12 * max(1.0, float(np.abs(values).max())))
    if constant or not np.isfinite(values).all():
        rows = [Index(f.name, 0.0, 0.0, 0.0, 0.0) for f in factors]
        constant = True
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            si = sobol_analyze.analyze(problem(factors), values, calc_second_order=False,
                                       num_resamples=BOOTSTRAP_RESAMPLES, conf_level=CONF_LEVEL, seed=seed + 1)
        rows = [Index(f.name, float(si["S1"][i]), float(si["S1_conf"][i]), float(si["ST"][i]),
                      float(si["ST_conf"][i])) for i, f in enumerate(factors)]
    ranked = sorted(rows, key=lambda r: -r.ST if math.isfinite(r.ST) else math.inf)
    for rank, row in enumerate(ranked, start=1):
        row.rank = rank
    return ranked, constant


def _tasks(base: dict, factors: Sequence[Factor], points: np.ndarray) -> tuple[list[dict], list[tuple[int, int]]]:
    """One task per distinct simulation, and for each point (task, variant) where its outputs will be."""
    engine_columns = [i for i, f in enumerate(factors) if f.engine]
    tasks: list[dict] = []
    where: list[tuple[int, int]] = []
    by_key: dict[tuple, int] = {}
    for row in points:
        key = tuple(row[engine_columns])
        if key not in by_key:
            by_key[key] = len(tasks)
            tasks.append({**base,
                          "parameters": {f.name: float(row[i]) for i, f in enumerate(factors) if f.kind == "parameter"},
                          "assumptions": {f.name: float(row[i]) for i, f in enumerate(factors) if f.kind == "scenario"},
                          "rates": []})
        task = tasks[by_key[key]]
        variant = {f.name.removeprefix(ACCOUNTING_PREFIX): float(row[i])
                   for i, f in enumerate(factors) if f.kind == "accounting"}
        if variant not in task["rates"]:
            task["rates"].append(variant)
        where.append((by_key[key], task["rates"].index(variant)))
    return tasks, where


def output_period(output: Output, horizon: str) -> str:
    """The period an output is read at: the horizon month, or the last complete calendar year up to it."""
    if not output.yearly:
        return horizon
    year, month = (int(x) for x in horizon.split("-"))
    return str(year if month == 12 else year - 1)


def sobol(scenario: str | Scenario, *, parameters: Sequence[str | Factor] | None = None,
          samples: int = DEFAULT_SAMPLES, sample_size: int = DEFAULT_SAMPLE_SIZE, seed: int | None = None,
          horizon: str | None = None, map: MapFunction = map, progress: Progress | None = None,
          code_version: str | None = None) -> SensitivityResult:
    """Sobol indices of the headline outputs (``OUTPUTS``) to ``parameters`` (factor names or ``Factor``s; default
    ``DEFAULT_FACTORS``) under ``scenario`` (a shipped name, a path or a ``Scenario``); see the module docstring.

    ``samples``: Saltelli base samples N (a power of two); ``sample_size``: synthetic persons of every evaluation;
    ``seed``: default the scenario's; the population and random streams are its draw 0, in every evaluation.
    ``horizon``: YYYY-MM, default the scenario's. ``map(function, tasks)`` runs the simulations (``process_map``
    for local processes or a Dask cluster). ``code_version``: recorded with the result (default the package's)."""
    from relokant import __version__
    from relokant.ensemble.execute import draw_seed
    from relokant.scenario import load, locate

    started = time.perf_counter()
    check_samples(samples)
    if sample_size < MIN_SAMPLE_SIZE:
        raise InputError(f"--sample-size: {sample_size} is below {MIN_SAMPLE_SIZE:,} records")
    scenario = scenario if isinstance(scenario, Scenario) else load(locate(scenario))
    scenario = with_options(scenario, sample_size=sample_size, seed=seed, horizon=horizon, draws=1)
    factors = (default_factors(scenario) if parameters is None
               else [f if isinstance(f, Factor) else factor(f, scenario) for f in parameters])
    if not factors:
        raise InputError("sensitivity: no factors to vary")
    names = [f.name for f in factors]
    if len(set(names)) != len(names):
        raise InputError(f"sensitivity: factor {next(n for n in names if names.count(n) > 1)} given twice")
    flat = [f.name for f in factors if not f.high > f.low]
    if flat:
        raise InputError(f"factor {flat[0]}: its range is a single value; nothing to vary")

    points = saltelli_points(factors, samples, scenario.seed)
    k_seed = draw_seed(scenario.seed, 0)
    base = {"scenario": scenario.canonical(), "sample_size": scenario.sample_size, "seed": k_seed}
    tasks, where = _tasks(base, factors, points)
    results = []
    stage = f"sensitivity: {len(tasks)} simulations of {scenario.name}"
    if progress:
        progress(stage, 0, len(tasks))
    for done, outputs in enumerate(map(evaluate, tasks), start=1):
        results.append(outputs)
        interrupt.check()
        if progress:
            progress(stage, done, len(tasks))
    values = {o.key: np.array([results[t][v][o.key] for t, v in where]) for o in OUTPUTS}

    k = len(factors)
    base_rows = np.zeros(len(points), bool)
    base_rows[0::k + 2] = base_rows[k + 1::k + 2] = True  # A and B: quasi-random over the ranges
    out = []
    for o in OUTPUTS:
        y = values[o.key]
        rows, constant = indices(factors, y, scenario.seed)
        spread = y[base_rows]
        p05, p50, p95 = (float(q) for q in np.quantile(spread, (0.05, 0.5, 0.95)))
        out.append(OutputIndices(o, output_period(o, scenario.horizon), rows, p05, p50, p95, float(spread.mean()),
                                 constant))
    return SensitivityResult(scenario.name, scenario.horizon, samples, scenario.sample_size, scenario.seed, k_seed,
                             list(factors), out, evaluations=len(points), simulations=len(tasks),
                             seconds=time.perf_counter() - started, code_version=code_version or __version__,
                             data_version=evidence.DATA_VERSION)


# ----------------------------------------------------------------------------------------------- local processes


@contextlib.contextmanager
def process_map(workers: int | None) -> Iterator[MapFunction]:
    """A ``map`` over ``workers`` local processes (a local Dask cluster, ``relokant.ensemble.execute.Executor``), in
    task order; in this process for one worker. Default: one worker per core."""
    import os

    from relokant.ensemble.execute import Executor

    workers = (os.cpu_count() or 1) if workers is None else workers
    with Executor(workers) as executor:
        yield executor.map


# ----------------------------------------------------------------------------------------------- stored results


def save(result: SensitivityResult, path) -> "Path":  # noqa: F821
    """Write the result as JSON (atomically; a number that is not finite as null); ``load`` reads it back."""
    import json
    from pathlib import Path

    from relokant.files import atomic_write

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        json.dump(finite(result.to_dict()), handle, allow_nan=False)
        handle.write("\n")
    return path


def finite(value):
    """``value`` with every float that is not finite replaced by None (JSON has no NaN)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


def load(path) -> SensitivityResult | None:
    """A stored result, or None where there is none (or it cannot be read: a report never fails on it)."""
    import json
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        return None
    try:
        return SensitivityResult.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
