"""Calibration by approximate Bayesian computation (ABC-SMC, pyabc): posterior draws of the calibrated parameters.

Inputs: the targets of a reading of the return share (``targets.targets``; or any targets with their observed
figures, such as a synthetic truth's), the priors (``priors``: each calibrated parameter's assumption range,
log-uniform, or overrides), a budget of simulations, the population's sample size and seed, the calibration seed and
where simulations run (a ``relokant.ensemble.execute.Executor``).
Output: a ``Posterior``: the weighted particles of the last generation (parameter values by name), the generations
(threshold, acceptance, simulations), the posterior predictive target table (the simulated targets of the accepted
particles, weighted quantiles) and a manifest (targets, priors, settings, code and data versions, seeds), which the
run store keeps (``RunStore.save_calibration``) and runs draw their parameters from.

The method (Del Moral et al. 2012; Beaumont et al. 2009, as pyabc implements it): a population of particles
(parameter sets) is drawn from the prior; each generation perturbs the last one's particles with a multivariate
normal kernel (on log parameters), simulates the baseline to the last target month and accepts a particle whose
distance to the targets is below the threshold, the median distance of the generation before. The distance is the
Euclidean norm of the targets' interval residuals (``targets.interval_residual``: 0 inside a published range,
growing in half-widths outside), so the ABC kernel is uniform on the ranges the evidence gives. It stops when the
budget of simulations is spent; the last complete generation is the posterior.

Why pyabc: DESIGN.md chooses it for calibration; it is the maintained ABC-SMC library of the field (adaptive
thresholds and kernels, a history database per run). Its samplers draw with the global numpy generator, seeded
from the operating system by its parallel samplers, so results would depend on timing and worker count; relokant
gives pyabc its own sampler (``SeededSampler``): proposals in batches whose size depends only on the last
acceptance rate, each proposal seeded from the calibration seed, evaluated anywhere (this process or Dask) and taken
in proposal order. The same seed therefore gives the same posterior on 1 worker or many.

Speed: every simulation of a calibration uses one population (the calibration's population seed; the simulation
seed changes per particle), so route access is evaluated once per process (``relokant.engine.AccessTable``).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from relokant import __version__, evidence, parameters
from relokant.calibrate.targets import (CALIBRATED_PARAMETERS, READINGS, FitInputs, Observed, Target,
                                        interval_residual, targets)
from relokant.engine import AccessTable, simulate
from relokant.engine.access import ACCESS_PARAMETERS
from relokant.errors import InputError
from relokant.scenario import Scenario, builtin, load
from relokant.scenario.model import month_index

HORIZON = "2024-12"  # the last month any target reads (the hubs' outflow, 2022-2024)
DEFAULT_SAMPLE_SIZE = 200_000
DEFAULT_SEED = 20220224
DEFAULT_BUDGET = 10_000
DEFAULT_POPULATION = 250  # particles per generation: ~5-8 generations in the default budget
MIN_SAMPLE_SIZE = 2_000
MIN_POPULATION = 20
# Pilot stages: the prior's sample and generation 0 at 50,000 persons (a quarter of the cost), which only shape the
# proposals of the later generations; at 50,000 the targets' Monte Carlo noise is still well inside their ranges.
DEFAULT_PILOT_SAMPLE_SIZE = 50_000
DEFAULT_PILOT_GENERATIONS = 1
# Proposals per batch are the particles still needed over the last acceptance rate, times this margin (a batch a
# little too large wastes less time than a second round trip), within these bounds.
BATCH_MARGIN = 1.1
MIN_BATCH, MAX_BATCH = 16, 5_000


@dataclass(frozen=True)
class Prior:
    """Log-uniform prior of one calibrated parameter: its assumption's range unless overridden."""

    name: str
    low: float
    high: float
    source: str  # the assumption (as:...) or 'override'

    def to_dict(self) -> dict:
        return {"name": self.name, "distribution": "log-uniform", "low": self.low, "high": self.high,
                "source": self.source}


def priors(names: Sequence[str] = CALIBRATED_PARAMETERS,
           overrides: dict[str, tuple[float, float]] | None = None) -> tuple[Prior, ...]:
    """Priors of the calibrated parameters: each one's assumption range (low-high), log-uniform; ``overrides``
    replace the range of some (name -> (low, high)). Unknown names and impossible ranges are refused."""
    overrides = dict(overrides or {})
    if not names:
        raise InputError("calibration: no parameter to calibrate")
    out = []
    for name in names:
        declared = parameters.get(name)  # an unknown name is an InputError naming it
        if name in ACCESS_PARAMETERS:
            raise InputError(f"prior {name}: route access parameters are fixed in a calibration (one access table)")
        prior = declared.prior
        low, high = overrides.pop(name, (prior.low, prior.high))
        source = "override" if (low, high) != (prior.low, prior.high) else declared.source
        for bound, value in (("low", low), ("high", high)):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
                raise InputError(f"prior {name}: {bound} {value!r} is not a finite number")
        if not 0 < low < high:
            raise InputError(f"prior {name}: the range {low:g}-{high:g} must satisfy 0 < low < high (log-uniform)")
        if low < declared.minimum or high > declared.maximum:
            raise InputError(f"prior {name}: the range {low:g}-{high:g} leaves the allowed "
                             f"[{declared.minimum:g}, {declared.maximum:g}] ({declared.unit})")
        out.append(Prior(name, float(low), float(high), source))
    if overrides:
        raise InputError(f"prior {', '.join(sorted(overrides))}: not a calibrated parameter "
                         f"({', '.join(names)})")
    return tuple(out)


@dataclass(frozen=True)
class TargetSpec:
    """A target as the calibration compares it: its id (the simulated quantity) and observed range, as numbers."""

    id: str
    value: float
    low: float
    high: float
    tolerance: float
    period: str  # 'YYYY-MM': the last month the figure reads (its simulated value is final from then on)

    @classmethod
    def of(cls, target: Target, observed: Observed | None = None) -> "TargetSpec":
        observed = target.observed() if observed is None else observed
        spec = cls(target.id, float(observed.value), float(observed.low), float(observed.high), target.tolerance,
                   target.period)
        spec.check()
        return spec

    def check(self) -> None:
        numbers = (self.value, self.low, self.high, self.tolerance)
        if not all(isinstance(v, float) and math.isfinite(v) for v in numbers):
            raise InputError(f"target {self.id}: observed value, range and tolerance must be finite numbers")
        if not self.low <= self.value <= self.high:
            raise InputError(f"target {self.id}: the value {self.value:g} is outside its range "
                             f"{self.low:g}-{self.high:g}")
        if self.high == self.low and (self.tolerance <= 0 or self.value == 0):
            raise InputError(f"target {self.id}: a point figure needs a positive tolerance and a non-zero value")

    def residual(self, simulated: float) -> float:
        return interval_residual(simulated, Observed(self.value, self.low, self.high), self.tolerance)


@dataclass(frozen=True)
class ModelSpec:
    """What every simulation of a calibration shares (plain data, sent to the workers)."""

    scenario: Scenario
    base: tuple[tuple[str, float], ...]  # every parameter's value outside the calibrated ones
    targets: tuple[TargetSpec, ...]
    reading: str
    sample_size: int
    population_seed: int
    # The two speed-ups, on by default; off only to measure them (benchmarks/calibration_speed.py) or to test that
    # they change nothing: stop a particle's simulation once it must be rejected (``simulate_targets``), and keep
    # route access across simulations (``relokant.engine.AccessTable``).
    early_rejection: bool = True
    access_table: bool = True
    # Cheaper pilot stages: the prior's sample and the first generations (t < pilot_generations) simulate a smaller
    # population; they only shape the proposals, the later generations (the posterior) run at ``sample_size``.
    pilot_sample_size: int | None = None
    pilot_generations: int = 0

    def sample_size_at(self, t: int) -> int:
        """Persons simulated in generation ``t`` (-1: the prior's sample)."""
        return self.pilot_sample_size if self.pilot_sample_size and t < self.pilot_generations else self.sample_size


@lru_cache(maxsize=2)
def _population_and_table(sample_size: int, seed: int, access: tuple[float, ...]):
    from relokant.ensemble.execute import population

    pop = population(sample_size, seed)
    return pop, AccessTable(pop, dict(zip(ACCESS_PARAMETERS, access)))


def _target_by_id(reading: str) -> dict[str, Target]:
    return {t.id: t for t in (*targets(reading), *targets("official"))}


class _Rejected(Exception):
    """A particle's targets read so far already put it beyond the threshold: the rest need not be simulated."""

    def __init__(self, distance: float, simulated: dict[str, float]):
        super().__init__(distance)
        self.distance = distance
        self.simulated = simulated


def simulate_targets(spec: ModelSpec, calibrated: dict[str, float], seed: int,
                     threshold: float = math.inf, sample_size: int | None = None) -> dict[str, float]:
    """The simulated value of every target for calibrated values (by name, natural units) and a simulation seed.

    Early rejection: with a finite ``threshold``, each target is read at the end of its period's month, and once the
    distance of the targets read so far exceeds the threshold the run stops (``_Rejected``). The distance's terms
    are squares, so the full distance could only be larger: this rejects exactly the particles a full simulation
    would, at a fraction of the cost (most rejections miss the 2022 departure counts). ``sample_size``: persons to
    simulate (default ``spec.sample_size``; a pilot stage's is smaller)."""
    params = {**dict(spec.base), **calibrated}
    pop, table = _population_and_table(sample_size or spec.sample_size, spec.population_seed,
                                       tuple(params[n] for n in ACCESS_PARAMETERS))
    by_id = _target_by_id(spec.reading)
    simulated: dict[str, float] = {}
    checkpoint = None
    if math.isfinite(threshold):
        due: dict[int, list[TargetSpec]] = {}
        for t in spec.targets:
            due.setdefault(max(0, month_index(t.period)), []).append(t)
        squares = 0.0

        def checkpoint(month: int, result_so_far) -> None:
            nonlocal squares
            if month not in due:
                return
            inputs = FitInputs(result_so_far(), pop, params)
            for t in due[month]:
                simulated[t.id] = float(by_id[t.id].simulated(inputs))
                squares += t.residual(simulated[t.id]) ** 2
            if math.sqrt(squares) > threshold:
                raise _Rejected(math.sqrt(squares), simulated)

    result = simulate(pop, spec.scenario, params, seed, access_table=table if spec.access_table else None,
                      checkpoint=checkpoint)
    inputs = FitInputs(result, pop, params)
    return {t.id: float(by_id[t.id].simulated(inputs)) for t in spec.targets}


def _calibrated_values(pars) -> dict[str, float]:
    return {name: float(np.exp(value)) for name, value in pars.items()}  # pyabc proposes logs (log-uniform priors)


def _simulation_seed() -> int:
    # from the particle's seeded generator (``SeededSampler``), so a particle is reproducible
    return int(np.random.randint(0, 2**31 - 1))


def _distance(spec: ModelSpec, simulated: dict, observed: dict = None) -> float:  # noqa: ARG001 (pyabc signature)
    return float(np.sqrt(sum(t.residual(simulated[t.id]) ** 2 for t in spec.targets)))


def _model_class():
    """The pyabc model of a calibration (pyabc is imported only when a calibration runs)."""
    import pyabc
    from pyabc.model import ModelResult

    class EarlyRejectingModel(pyabc.Model):
        """The baseline's targets for a particle; ``accept`` stops a simulation as soon as it must be rejected."""

        def __init__(self, spec: ModelSpec):
            super().__init__("relokant-baseline")
            self.spec = spec

        def sample(self, pars):  # pyabc's entry without a generation: not used by a calibration
            return simulate_targets(self.spec, _calibrated_values(pars), _simulation_seed())

        def summary_statistics(self, t, pars, sum_stat_calculator):  # the prior's sample (t = -1)
            simulated = simulate_targets(self.spec, _calibrated_values(pars), _simulation_seed(),
                                         sample_size=self.spec.sample_size_at(t))
            return ModelResult(sum_stat=sum_stat_calculator(simulated))

        def accept(self, t, pars, sum_stat_calculator, distance_calculator, eps_calculator, acceptor, x_0):
            try:
                threshold = float(eps_calculator(t)) if self.spec.early_rejection else math.inf
            except (KeyError, TypeError, ValueError):  # no threshold yet (the prior's calibration sample)
                threshold = math.inf
            try:
                simulated = simulate_targets(self.spec, _calibrated_values(pars), _simulation_seed(),
                                             threshold if math.isfinite(threshold) else math.inf,
                                             self.spec.sample_size_at(t))
            except _Rejected as early:
                return ModelResult(sum_stat=early.simulated, distance=early.distance, accepted=False)
            result = ModelResult(sum_stat=sum_stat_calculator(simulated))
            decision = acceptor(distance_function=distance_calculator, eps=eps_calculator, x=result.sum_stat,
                                x_0=x_0, t=t, par=pars)
            result.distance, result.accepted, result.weight = decision.distance, decision.accept, decision.weight
            return result

    return EarlyRejectingModel


def _simulate_seeded(pickled_simulate_one: bytes, seed: int):
    import random

    import cloudpickle

    np.random.seed(seed % 2**32)
    random.seed(seed)
    return cloudpickle.loads(pickled_simulate_one)()


def _seeded_sampler_class():
    """``SeededSampler`` (pyabc is imported only when a calibration runs: it is a heavy import)."""
    import cloudpickle
    from pyabc.sampler import Sampler

    class SeededSampler(Sampler):
        """Proposals in seeded batches, mapped by ``map_`` and taken in proposal order (see the module
        docstring); stops a generation (``sample.ok = False``) when the budget of simulations is spent."""

        def __init__(self, map_: Callable, seed: int, budget: int, progress=None):
            super().__init__()
            self.map_ = map_
            self.rng = np.random.default_rng(seed)
            self.budget = budget
            self.simulations = 0  # every simulation run, those of a batch's tail beyond the last needed included
            self.acceptance = 1.0
            self.progress = progress
            self.generation = -1

        def sample_until_n_accepted(self, n, simulate_one, t, *, max_eval=np.inf, all_accepted=False,
                                    ana_vars=None):
            pickled = cloudpickle.dumps(simulate_one)
            sample = self._create_empty_sample()
            accepted = evaluations = 0
            self.generation = t
            while accepted < n:
                left = min(max_eval - evaluations, self.budget - self.simulations)
                if left <= 0:
                    sample.ok = False
                    break
                size = int(min(left, max(MIN_BATCH, min(MAX_BATCH, math.ceil(
                    (n - accepted) / max(self.acceptance, 1e-3) * BATCH_MARGIN)))))
                seeds = self.rng.integers(0, 2**63 - 1, size=size)
                particles = self.map_(functools.partial(_simulate_seeded, pickled), [int(s) for s in seeds])
                self.simulations += size
                for particle in particles:
                    evaluations += 1
                    sample.append(particle)
                    accepted += bool(particle.accepted)
                    if accepted == n:
                        break
                if self.progress is not None:
                    self.progress(f"ABC-SMC generation {t} ({accepted}/{n} accepted)", self.simulations,
                                  self.budget)
            if evaluations and not all_accepted:
                self.acceptance = max(accepted / evaluations, 1e-3)
            self.nr_evaluations_ = evaluations
            return sample

    return SeededSampler


@dataclass
class Posterior:
    """A calibration's result (see the module docstring)."""

    draws: pd.DataFrame  # one row per particle: 'particle', 'weight', then one column per calibrated parameter
    generations: pd.DataFrame  # t, epsilon, particles, simulations (accepted and rejected)
    table: pd.DataFrame  # per target: observed range, simulated weighted p05/p50/p95 over the particles, inside
    manifest: dict
    calibration_id: str | None = None  # set once stored
    seconds: float = 0.0

    @property
    def names(self) -> list[str]:
        return [c for c in self.draws.columns if c not in ("particle", "weight")]

    def intervals(self) -> pd.DataFrame:
        """Per parameter: the prior range and the weighted posterior p05/p50/p95."""
        return posterior_intervals(self.draws, self.manifest)

    def parameter_draws(self, draws: int, seed: int) -> list[dict[str, float]]:
        """``draws`` parameter sets resampled by weight (the same for a seed: draw k of every scenario of a run
        gets the same set, so scenarios stay paired)."""
        return resample(self.draws, draws, seed)


def posterior_intervals(draws: pd.DataFrame, manifest: dict) -> pd.DataFrame:
    """Per calibrated parameter (``manifest['priors']``): the prior range and the weighted posterior p05/p50/p95."""
    w = draws["weight"].to_numpy(dtype=float)
    rows = []
    for prior in manifest["priors"]:
        p05, p50, p95 = weighted_quantiles(draws[prior["name"]].to_numpy(dtype=float), w, (0.05, 0.5, 0.95))
        rows.append({"parameter": prior["name"], "prior_low": prior["low"], "prior_high": prior["high"],
                     "p05": p05, "p50": p50, "p95": p95, "source": prior["source"]})
    return pd.DataFrame(rows)


def resample(draws: pd.DataFrame, count: int, seed: int) -> list[dict[str, float]]:
    """``count`` particles of a posterior's draws, drawn with their weights by a generator seeded with ``seed``."""
    names = [c for c in draws.columns if c not in ("particle", "weight")]
    weights = draws["weight"].to_numpy(dtype=float)
    chosen = np.random.default_rng(seed).choice(len(draws), size=count, p=weights / weights.sum())
    return [{name: float(draws[name].iloc[k]) for name in names} for k in chosen]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: Sequence[float]) -> list[float]:
    """Quantiles of a weighted sample (linear interpolation of the weighted empirical distribution)."""
    order = np.argsort(values)
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    cumulative = (np.cumsum(w) - 0.5 * w) / w.sum()
    return [float(np.interp(q, cumulative, v)) for q in qs]


def check(*, budget: int, population_size: int, sample_size: int, reading: str = "surveys",
          only: Collection[str] | None = None, observed: dict[str, Observed] | None = None) -> tuple[TargetSpec, ...]:
    """The calibration's settings checked (an ``InputError`` naming the option otherwise), before anything runs;
    the targets as the calibration compares them."""
    if reading not in READINGS:
        raise InputError(f"--reading: unknown reading {reading!r} (one of {', '.join(READINGS)})")
    chosen = targets(reading)
    if only is not None:
        unknown = set(only) - {t.id for t in chosen}
        if unknown:
            raise InputError(f"--only: not targets of the {reading!r} reading: {', '.join(sorted(unknown))}")
        chosen = tuple(t for t in chosen if t.id in set(only))
    if not chosen:
        raise InputError("calibration: no target to calibrate against")
    observed = dict(observed or {})
    unknown = set(observed) - {t.id for t in chosen}
    if unknown:
        raise InputError(f"observed: not targets of this calibration: {', '.join(sorted(unknown))}")
    specs = tuple(TargetSpec.of(t, observed.get(t.id)) for t in chosen)
    if budget < 2 * population_size:
        raise InputError(f"--budget: {budget} simulations cannot complete a generation of {population_size} "
                         f"particles after the prior's (at least {2 * population_size})")
    if population_size < MIN_POPULATION:
        raise InputError(f"--population: {population_size} particles is below {MIN_POPULATION}")
    if sample_size < MIN_SAMPLE_SIZE:
        raise InputError(f"--sample-size: {sample_size:,} records is below {MIN_SAMPLE_SIZE:,}")
    return specs


def calibration_scenario() -> Scenario:
    return load(builtin("baseline")).model_copy(update={"horizon": HORIZON})


def calibrate(*, budget: int = DEFAULT_BUDGET, population_size: int = DEFAULT_POPULATION,
              sample_size: int = DEFAULT_SAMPLE_SIZE, seed: int = DEFAULT_SEED, reading: str = "surveys",
              only: Collection[str] | None = None, prior_overrides: dict[str, tuple[float, float]] | None = None,
              calibrated: Sequence[str] = CALIBRATED_PARAMETERS, observed: dict[str, Observed] | None = None,
              base: dict[str, float] | None = None, executor=None, progress=None,
              history_path: str | None = None, code_version: str = __version__, early_rejection: bool = True,
              access_table: bool = True, pilot_sample_size: int | None = DEFAULT_PILOT_SAMPLE_SIZE,
              pilot_generations: int = DEFAULT_PILOT_GENERATIONS) -> Posterior:
    """Run ABC-SMC (see the module docstring) and return the posterior (not yet stored).

    ``only``: these target ids of the reading (default all); ``observed``: replace targets' observed figures by id
    (a synthetic truth); ``base``: the values of the parameters not calibrated (default: the shipped defaults);
    ``executor``: where simulations run (default: this process); ``history_path``: keep pyabc's history database
    there (default: a temporary file, removed); ``early_rejection``, ``access_table``: the speed-ups (``ModelSpec``),
    which change nothing but the time; ``pilot_sample_size``, ``pilot_generations``: the cheaper pilot stages
    (``ModelSpec``; None or 0: none; ignored where the sample is not larger than the pilot's)."""
    import pyabc

    from relokant.ensemble.execute import Executor

    specs = check(budget=budget, population_size=population_size, sample_size=sample_size, reading=reading,
                  only=only, observed=observed)
    chosen_priors = priors(calibrated, prior_overrides)
    scenario = calibration_scenario()
    values = parameters.resolve(scenario.parameters) if base is None else dict(base)
    spec = ModelSpec(scenario, tuple(sorted((k, float(v)) for k, v in values.items() if k not in calibrated)),
                     specs, reading, sample_size, seed, early_rejection, access_table,
                     pilot_sample_size if pilot_sample_size and pilot_sample_size < sample_size else None,
                     pilot_generations)
    prior = pyabc.Distribution(**{p.name: pyabc.RV("uniform", math.log(p.low), math.log(p.high / p.low))
                                  for p in chosen_priors})

    started = time.perf_counter()
    own = executor is None
    executor = Executor(1) if own else executor
    if own:
        executor.__enter__()
    logging.getLogger("ABC").setLevel(logging.WARNING)  # pyabc reports each step at INFO; progress is ours
    logging.getLogger("pyabc").setLevel(logging.WARNING)
    tmp = None
    try:
        def map_(fn, seeds):
            return executor.map(fn, seeds, stage="ABC-SMC")
        sampler = _seeded_sampler_class()(map_, seed, budget, progress)
        np.random.seed(seed % 2**32)  # pyabc's own draws in this process (kernel fitting)
        abc = pyabc.ABCSMC(_model_class()(spec), prior, functools.partial(_distance, spec),
                           population_size=population_size, sampler=sampler)
        if history_path is None:
            tmp = tempfile.mkdtemp(prefix="relokant-abc-")
            history_file = os.path.join(tmp, "history.db")
        else:
            history_file = str(history_path)
        abc.new("sqlite:///" + history_file, {t.id: t.value for t in specs})
        history = abc.run(max_total_nr_simulations=budget)
        posterior = _posterior(history, spec, chosen_priors, sampler.simulations, budget, population_size, seed,
                               code_version)
    finally:
        if own:
            executor.__exit__(None, None, None)
        if tmp is not None:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)
    posterior.seconds = time.perf_counter() - started
    posterior.manifest["seconds"] = round(posterior.seconds, 1)
    posterior.manifest["where"] = executor.describe()
    return posterior


def _posterior(history, spec: ModelSpec, chosen_priors: tuple[Prior, ...], simulations: int, budget: int,
               population_size: int, seed: int, code_version: str) -> Posterior:
    if history.max_t < 0:
        raise InputError(f"--budget: {budget} simulations did not complete one generation")
    frame, weights = history.get_distribution(m=0, t=history.max_t)
    draws = pd.DataFrame({"particle": np.arange(len(frame)), "weight": np.asarray(weights, float)})
    for p in chosen_priors:
        draws[p.name] = np.exp(frame[p.name].to_numpy(float))
    populations = history.get_all_populations()
    generations = pd.DataFrame({"t": populations["t"].astype(int), "epsilon": populations["epsilon"].astype(float),
                                "particles": populations["particles"].astype(int),
                                "simulations": populations["samples"].astype(int)})
    generations = generations[generations["t"] >= 0].reset_index(drop=True)
    stat_weights, stats = history.get_weighted_sum_stats(t=history.max_t)
    rows = []
    for t in spec.targets:
        simulated = np.array([s[t.id] for s in stats], float)
        p05, p50, p95 = weighted_quantiles(simulated, np.asarray(stat_weights, float), (0.05, 0.5, 0.95))
        rows.append({"target": t.id, "observed": t.value, "low": t.low, "high": t.high, "p05": p05, "p50": p50,
                     "p95": p95, "inside": bool(p05 <= t.high and p95 >= t.low),
                     "residual_p50": t.residual(p50)})
    table = pd.DataFrame(rows)
    manifest = {
        "method": "ABC-SMC (pyabc "
                  f"{_pyabc_version()}): log-uniform priors, multivariate normal kernel on log parameters, median "
                  "threshold, interval-residual distance, SeededSampler",
        "created": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "code_version": code_version, "data_version": evidence.DATA_VERSION,
        "reading": spec.reading, "scenario": spec.scenario.name, "horizon": HORIZON,
        "sample_size": spec.sample_size, "population_seed": spec.population_seed, "seed": seed,
        "pilot": ({"sample_size": spec.pilot_sample_size, "generations": spec.pilot_generations}
                  if spec.pilot_sample_size else None),
        "budget": budget, "population_size": population_size, "simulations": simulations,
        "generations": len(generations), "final_epsilon": float(generations["epsilon"].iloc[-1]),
        "priors": [p.to_dict() for p in chosen_priors],
        "targets": [{"id": t.id, "value": t.value, "low": t.low, "high": t.high, "tolerance": t.tolerance,
                     "period": t.period} for t in spec.targets],
        "fixed_parameters": dict(spec.base),
    }
    return Posterior(draws, generations, table, manifest)


def _pyabc_version() -> str:
    import pyabc

    return pyabc.__version__


def ship(posterior: Posterior, path=None):
    """Write a posterior as the one shipped with relokant (``relokant/parameters/posterior.json``), which runs draw
    from where the run store holds no calibration."""
    import json
    from pathlib import Path

    path = Path(str(parameters.posterior_path())) if path is None else Path(path)
    data = {"calibration_id": posterior.calibration_id, "manifest": posterior.manifest,
            "generations": posterior.generations.to_dict(orient="records"),
            "targets": posterior.table.to_dict(orient="records"),
            "draws": posterior.draws.to_dict(orient="records")}
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=float) + "\n", encoding="utf-8")
    tmp.replace(path)
    parameters.shipped_posterior.cache_clear()
    return path


@dataclass
class StoredPosterior:
    """A posterior as runs read it: its id (a calibration id, or 'shipped'), draws and manifest, and where kept, the
    generations and the posterior predictive target table."""

    id: str
    draws: pd.DataFrame
    manifest: dict = field(default_factory=dict)
    generations: pd.DataFrame | None = None
    table: pd.DataFrame | None = None

    def parameter_draws(self, draws: int, seed: int) -> list[dict[str, float]]:
        return resample(self.draws, draws, seed)

    def intervals(self) -> pd.DataFrame:
        """Per calibrated parameter: the prior range and the weighted posterior p05/p50/p95."""
        return posterior_intervals(self.draws, self.manifest)
