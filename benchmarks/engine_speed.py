"""Engine speed: person-months per second of the full monthly model, against a peer in the same run.

The peer is the toy Markov emigration model of DESIGN.md written in plain numpy (one hazard to leave, one to
return, one uniform draw per person and month): the floor of what any vectorized month costs. relokant does more per
month (five processes, destination choice, capital), so the ratio says what that costs. Medians over repeats.

Run: .venv/bin/python benchmarks/engine_speed.py [--sizes 100000 1000000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from relokant import api, parameters
from relokant.engine import simulate
from relokant.scenario import builtin, load


def toy_markov(n: int, months: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    abroad = np.zeros(n, dtype=bool)
    for _ in range(months):
        u = rng.random(n)
        leave = ~abroad & (u < 0.001)
        back = abroad & (u < 0.01)
        abroad ^= leave | back
    return float(abroad.mean())


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    scenario = load(builtin("baseline"))
    params = parameters.resolve({})
    months = scenario.months
    print(f"months per run: {months}; medians of {args.repeats} repeats")
    print(f"{'persons':>10} {'synthesis s':>12} {'relokant s':>11} {'relokant pm/s':>14} {'toy numpy pm/s':>15} "
          f"{'ratio':>6}")
    for n in args.sizes:
        synth = timed(lambda n=n: api.synthesize(n, 1), args.repeats)
        pop = api.synthesize(n, 1)
        engine = timed(lambda pop=pop: simulate(pop, scenario, params, seed=1), args.repeats)
        toy = timed(lambda n=n: toy_markov(n, months, 1), args.repeats)
        pm = n * months
        print(f"{n:>10,} {synth:>12.2f} {engine:>11.2f} {pm / engine:>14,.0f} {pm / toy:>15,.0f} "
              f"{toy / engine:>6.2f}")


if __name__ == "__main__":
    main()
