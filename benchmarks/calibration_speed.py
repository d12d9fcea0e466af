"""Calibration speed: ABC-SMC (``relokant calibrate``) on 1 and 2 workers, against a peer without its speed-ups.

Configurations, each the same calibration (budget, particles, persons, seed), run in this one process:
- peer: 1 worker, every simulation evaluating route access itself and simulating to the end (no access table, no
  early rejection) -- the calibration as a plain loop over the engine would run it;
- relokant, 1 worker (this process);
- relokant, 2 workers (a local Dask cluster; its start-up is included: a calibration pays it once).
Each is repeated (``--repeats``) and the median reported, with simulations per second and the time the issue's budget
(10,000 simulations) would take at that rate. The posteriors of the three are checked to be identical (seeded
batches; the speed-ups change nothing but the time).

``--stored DB`` also prints the time of the calibrations stored in a run store (for the full 10,000-simulation run,
which takes about half an hour: `relokant calibrate --workers 2`).

Run: .venv/bin/python benchmarks/calibration_speed.py [--budget 400] [--population 60] [--sample-size 200000]
     [--repeats 1] [--stored relokant.duckdb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import pandas as pd

from relokant.calibrate import abcsmc
from relokant.ensemble.execute import Executor

ISSUE_BUDGET = 10_000


def _calibrate(args, workers: int, fast: bool):
    started = time.perf_counter()
    with Executor(workers) as executor:
        posterior = abcsmc.calibrate(budget=args.budget, population_size=args.population,
                                     sample_size=args.sample_size, seed=args.seed, executor=executor,
                                     early_rejection=fast, access_table=fast)
    return time.perf_counter() - started, posterior


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=400)
    parser.add_argument("--population", type=int, default=60)
    parser.add_argument("--sample-size", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=20220224)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--no-peer", action="store_true", help="Skip the peer (it is the slowest).")
    parser.add_argument("--stored", default=None, help="A run store whose calibrations to report too.")
    args = parser.parse_args()
    print(f"ABC-SMC, budget {args.budget:,} simulations, {args.population} particles, {args.sample_size:,} persons, "
          f"baseline 2022-01..{abcsmc.HORIZON}; cores: {os.cpu_count()}")
    configs = [("peer (no access table, no early rejection)", 1, False)] * (not args.no_peer) + [
        ("relokant, 1 worker (this process)", 1, True),
        ("relokant, 2 workers (local Dask, start-up included)", 2, True)]
    rows, posteriors = [], {}
    for label, workers, fast in configs:
        seconds = []
        for _ in range(args.repeats):
            elapsed, posterior = _calibrate(args, workers, fast)
            seconds.append(elapsed)
        posteriors[label] = posterior
        median = statistics.median(seconds)
        sims = posterior.manifest["simulations"]
        rows.append((label, median, sims, sims / median))
    first = next(iter(posteriors.values()))
    for posterior in posteriors.values():
        pd.testing.assert_frame_equal(first.draws, posterior.draws)
    print(f"{'configuration':<55} {'seconds':>8} {'sims':>6} {'sims/s':>7} {'10,000 sims':>12}")
    for label, median, sims, rate in rows:
        print(f"{label:<55} {median:>8.1f} {sims:>6} {rate:>7.2f} {ISSUE_BUDGET / rate / 60:>9.1f} min")
    by_label = {label: rate for label, _, _, rate in rows}
    one, two = by_label[configs[-2][0]], by_label[configs[-1][0]]
    print(f"speed-up 1 -> 2 workers: {two / one:.2f}x" + ("" if args.no_peer else
          f"; relokant on 2 workers vs the peer on 1: {two / by_label[configs[0][0]]:.2f}x") +
          ". Posteriors identical across configurations.")
    if args.stored:
        from relokant.store import RunStore

        store = RunStore(args.stored)
        for cid in store.calibrations()["calibration_id"]:
            m = store.calibration(cid)["manifest"]
            print(f"stored {cid}: {m['simulations']:,} simulations of {m['sample_size']:,} persons in "
                  f"{m['seconds']:.0f} s ({m['seconds'] / 60:.1f} min) on {m['where']}, {m['generations']} "
                  "generations")


if __name__ == "__main__":
    main()
