"""Running many simulations: one task per (scenario, parameter set, draw), in this process or on Dask.

Input: ``Task`` objects, plain data: the scenario, its resolved parameters, the sample size, the draw's index and
its seed. Output: what the task function returns for each, in task order (``run_task``: the draw's metric rows, the
engine's and impact accounting's).

Reproducibility: a task is seeded by its own draw seed (``draw_seed(seed, draw)``: the population and every random
stream of the draw), never by the worker that runs it, and ``Executor.map`` returns results in task order whatever
order they finish in. So results do not depend on the number of workers, on the scheduler, or on the machine.

Where tasks run (``Executor``):
- ``workers=1``: in this process, one after the other (no start-up cost; month-level progress);
- ``workers=W > 1``: a local Dask cluster of W single-threaded worker processes, started for the ``with`` block;
- ``scheduler="tcp://HOST:PORT"``: an existing Dask cluster (``dask.distributed``); its workers need relokant installed
  at the same version, since tasks are pickled by reference to this package's functions.
``auto_workers`` picks the default: in this process for a small ensemble (a cluster's few seconds of start-up would
not pay off), else one worker per core, at most one per task.

Why Dask: the issue asks that the same command run unchanged on a laptop and on a cluster; ``dask.distributed`` is the
scheduler scientific Python uses for that (a local cluster with no set-up, the same client API for a remote one).
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

import pandas as pd

from relokant import accounting, interrupt
from relokant.engine import metrics_frame, simulate
from relokant.errors import InputError
from relokant.population import Population, synthesize
from relokant.scenario import Scenario

Progress = Callable[[str, int, int], None]  # (stage, done, total)
# Below this many person-draws an ensemble runs in this process by default: a local cluster takes a few seconds
# to start its workers, about the time of one 100,000-person draw.
IN_PROCESS_BELOW_PERSON_DRAWS = 200_000
ONE_THREAD = {name: "1" for name in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def draw_seed(seed: int, draw: int) -> int:
    """Seed of draw ``draw``: distinct per draw, identical across scenarios (so baseline and scenario are paired)."""
    return (seed * 1_000_003 + draw) % 2**32


@lru_cache(maxsize=4)
def population(sample_size: int, seed: int) -> Population:
    """The synthetic population for a sample size and seed (cached: the scenarios of a study share it)."""
    return synthesize(sample_size, seed)


@dataclass(frozen=True)
class Task:
    """One simulation: a scenario with resolved parameters, for one draw."""

    scenario: Scenario
    params: dict[str, float]
    sample_size: int
    draw: int
    seed: int  # the draw's seed (``draw_seed``)


def run_task(task: Task, on_month: Callable[[int], None] | None = None) -> pd.DataFrame:
    """The draw's metric rows (``draw, metric, geo, period, value, unit``): the engine's and the accounts'."""
    pop = population(task.sample_size, task.seed)
    result = simulate(pop, task.scenario, task.params, task.seed, progress=on_month)
    return pd.concat([metrics_frame(result, task.params, task.draw),
                      accounting.metrics_frame(result, task.params, task.draw)], ignore_index=True)


def auto_workers(tasks: int, sample_size: int) -> int:
    """Default number of workers: 1 (this process) for a small ensemble, else one per core, at most one per task."""
    if tasks <= 1 or tasks * sample_size < IN_PROCESS_BELOW_PERSON_DRAWS:
        return 1
    return max(1, min(tasks, os.cpu_count() or 1))


class Executor:
    """Where tasks run (see the module docstring); a context manager: a local cluster lives for the ``with``."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        if workers is not None and workers < 1:
            raise InputError(f"--workers: {workers} is not a positive number of workers")
        if scheduler is not None and not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise InputError(f"--scheduler: {scheduler!r} is not a Dask scheduler address (tcp://HOST:PORT)")
        self.workers = workers
        self.scheduler = scheduler
        self._client = None
        self._cluster = None

    @property
    def in_process(self) -> bool:
        return self.scheduler is None and (self.workers or 1) == 1

    def __enter__(self) -> "Executor":
        if self.in_process:
            return self
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self._client = Client(self.scheduler, timeout="5s")
            except OSError as exc:
                raise InputError(f"--scheduler: cannot reach {self.scheduler} ({exc})") from None
        else:
            # Processes, one thread each: the engine's kernels are numba, and a process per core keeps them apart;
            # numba's and BLAS's own thread pools are pinned to one thread too, or W workers would each start one
            # thread per core and contend for the cores.
            # The scheduler serves HTTP (health checks) even without a dashboard: on a free port, so that two
            # clusters at once (a calibration and a study) do not clash over the default 8787 with a warning.
            self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                         dashboard_address="127.0.0.1:0", silence_logs=40, env=ONE_THREAD)
            self._client = Client(self._cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None

    def map(self, fn: Callable[[Task], Any], tasks: Sequence[Task], progress: Progress | None = None,
            stage: str = "simulating") -> list:
        """``fn`` of every task, in task order. In this process, a ``fn`` with an ``on_month`` parameter (such as
        ``run_task``) gets a month callback, for progress and interrupts within a task."""
        tasks = list(tasks)
        total = len(tasks)
        if self.in_process:
            monthly = "on_month" in inspect.signature(fn).parameters
            results = []
            for k, task in enumerate(tasks):
                if monthly:
                    results.append(fn(task, on_month=_month_progress(progress, stage, k, total,
                                                                     task.scenario.months)))
                else:
                    results.append(fn(task))
                    interrupt.check()
                    if progress is not None:
                        progress(stage, k + 1, total)
            return results
        if self._client is None:
            raise RuntimeError("Executor.map outside its `with` block")
        from distributed import as_completed

        futures = self._client.map(fn, tasks, pure=False)
        index = {future.key: k for k, future in enumerate(futures)}
        results: list = [None] * total
        done = 0
        for future in as_completed(futures):
            results[index[future.key]] = future.result()
            done += 1
            interrupt.check()
            if progress is not None:
                progress(f"{stage} ({total} tasks on {self.describe()})", done, total)
        return results

    def describe(self) -> str:
        if self.in_process:
            return "this process"
        return self.scheduler or f"a local Dask cluster of {self.workers} workers"


def _month_progress(progress: Progress | None, stage: str, k: int, total: int, months: int):
    def after_month(month: int) -> None:
        interrupt.check()
        if progress is not None:
            progress(f"{stage} (task {k + 1}/{total})", k * months + month + 1, total * months)
    return after_month


def run_draws(scenario: Scenario, params: dict[str, float], draws: Iterable[int], sample_size: int,
              executor: Executor, progress: Progress | None = None,
              draw_parameters: Sequence[dict[str, float]] | None = None) -> pd.DataFrame:
    """All draws of one scenario, as one frame of metric rows in draw order. ``draw_parameters[k]``: values that
    replace ``params``' for draw ``k`` (a posterior's parameter draw)."""
    draws = list(draws)
    if draw_parameters is not None and len(draw_parameters) < len(draws):
        raise ValueError(f"{len(draw_parameters)} parameter draws for {len(draws)} draws")
    tasks = [Task(scenario, params if draw_parameters is None else {**params, **draw_parameters[k]}, sample_size,
                  draw, draw_seed(scenario.seed, draw)) for k, draw in enumerate(draws)]
    frames = executor.map(run_task, tasks, progress, stage=f"simulating {scenario.name}")
    return pd.concat(frames, ignore_index=True)
