"""Ensemble speed-up on Dask: the same draws in this process (1 worker) and on a local cluster of 2 workers.

Each configuration runs the baseline scenario's draws (2022-01..2030-12) through ``relokant.ensemble.execute``; the
cluster's start-up (worker processes importing relokant and loading the numba kernels) is timed apart from the
draws, since a study or a calibration pays it once. Each configuration is repeated and the median reported. The
results of both are checked to be identical (seeded per task).

Run: .venv/bin/python benchmarks/ensemble_speed.py [--draws 4] [--sample-size 200000] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import pandas as pd

from relokant import parameters
from relokant.ensemble.execute import Executor, population, run_draws
from relokant.scenario import builtin, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=4)
    parser.add_argument("--sample-size", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    scenario = load(builtin("baseline"))
    params = parameters.resolve(scenario.parameters)
    draws = range(args.draws)
    print(f"baseline 2022-01..{scenario.horizon}, {args.draws} draws x {args.sample_size:,} persons; "
          f"cores: {os.cpu_count()}")
    with Executor(1) as here:  # warm: kernels loaded, first population cached
        run_draws(scenario.model_copy(update={"horizon": "2022-03"}), params, range(1), args.sample_size, here)
    population.cache_clear()  # every configuration builds its own populations, as a worker does
    timings: dict[int, list[float]] = {1: [], 2: []}
    startup: list[float] = []
    frames: dict[int, pd.DataFrame] = {}
    for _ in range(args.repeats):
        for workers in (1, 2):
            population.cache_clear()
            t0 = time.perf_counter()
            with Executor(workers) as executor:
                t1 = time.perf_counter()
                frames[workers] = run_draws(scenario, params, draws, args.sample_size, executor)
                t2 = time.perf_counter()
            timings[workers].append(t2 - t1)
            if workers > 1:
                startup.append(t1 - t0)
    pd.testing.assert_frame_equal(frames[1], frames[2])
    one, two = (statistics.median(timings[w]) for w in (1, 2))
    person_months = args.draws * args.sample_size * scenario.months
    print(f"{'workers':>8} {'draws s':>9} {'person-months/s':>16}")
    print(f"{1:>8} {one:>9.1f} {person_months / one:>16,.0f}   (this process)")
    print(f"{2:>8} {two:>9.1f} {person_months / two:>16,.0f}   (local Dask cluster; start-up "
          f"{statistics.median(startup):.1f} s more)")
    print(f"speed-up 1 -> 2 workers: {one / two:.2f}x on the draws, "
          f"{one / (two + statistics.median(startup)):.2f}x including the cluster's start-up; results identical")


if __name__ == "__main__":
    main()
