"""Engine speed: person-months per second of the full monthly model, against a peer in the same run.

The peer is the toy Markov emigration model of DESIGN.md written in plain numpy (one hazard to leave, one to
return, one uniform draw per person and month): the floor of what any vectorized month costs. relokant does more per
month (five processes, destination choice, capital), so the ratio says what that costs.

Each size runs in its own child process, so that its peak resident memory (``resource.getrusage``, population
synthesis included) is its own. The engine's numba kernels are compiled once per machine and cached on disk: the
table reports the compile time from an empty cache (``--cold``, in a separate child), the first run in a fresh
process (loading the cached kernels) and the median of the warm runs.

Run: .venv/bin/python benchmarks/engine_speed.py [--sizes 1000000 10000000] [--repeats 3] [--threads 2]
     [--numpy] [--full-scale] [--cold] [--mesa]
The whole of issue 5's speed measurement in one run: ``--full-scale --mesa`` (about 10 minutes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

BIG = 10_000_000  # from this size on, one engine run per size (minutes each)


def toy_markov(n: int, months: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    abroad = np.zeros(n, dtype=bool)
    for _ in range(months):
        u = rng.random(n)
        leave = ~abroad & (u < 0.001)
        back = abroad & (u < 0.01)
        abroad ^= leave | back
    return float(abroad.mean())


def _case(n: int | None, repeats: int, threads: int | None, fused: bool, toy: bool, queue) -> None:
    """One size in a child process: synthesis, engine runs (first and warm), toy peer, peak RSS."""
    if threads:
        import numba

        numba.set_num_threads(threads)
    from relokant import api, parameters
    from relokant.engine import simulate
    from relokant.population import synthesize_full_scale
    from relokant.scenario import builtin, load

    scenario = load(builtin("baseline"))
    params = parameters.resolve({})
    start = time.perf_counter()
    pop = synthesize_full_scale(1) if n is None else api.synthesize(n, 1)
    synthesis = time.perf_counter() - start
    times = []
    for _ in range(repeats + (1 if repeats > 1 else 0)):  # the first run of several is the cold one, not in the median
        start = time.perf_counter()
        simulate(pop, scenario, params, seed=1, fused=fused)
        times.append(time.perf_counter() - start)
    warm = statistics.median(times[1:] if len(times) > 1 else times)
    toy_s = None
    if toy:
        start = time.perf_counter()
        toy_markov(len(pop), scenario.months, 1)
        toy_s = time.perf_counter() - start
    rss_gib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # KiB on Linux
    queue.put(dict(persons=len(pop), months=scenario.months, synthesis=synthesis, first=times[0], warm=warm,
                   toy=toy_s, rss_gib=rss_gib))


def _compile_cold(queue) -> None:
    """Compile the kernels from an empty cache (NUMBA_CACHE_DIR set by the parent) and time it."""
    start = time.perf_counter()
    from relokant import api, parameters
    from relokant.engine import simulate
    from relokant.scenario import builtin, load

    imported = time.perf_counter() - start
    pop = api.synthesize(20_000, 1)
    scenario = load(builtin("baseline"))
    start = time.perf_counter()
    simulate(pop, scenario, parameters.resolve({}), seed=1)
    first = time.perf_counter() - start
    start = time.perf_counter()
    simulate(pop, scenario, parameters.resolve({}), seed=1)
    queue.put(dict(imported=imported, first=first, second=time.perf_counter() - start))


def _in_child(target, *args, env: dict[str, str] | None = None):
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    saved = {key: os.environ.get(key) for key in (env or {})}
    os.environ.update(env or {})
    try:
        process = ctx.Process(target=target, args=(*args, queue))
        process.start()
        result = queue.get()
        process.join()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeats", type=int, default=3, help=f"warm runs per size below {BIG:,} (one from there)")
    parser.add_argument("--threads", type=int, default=None, help="numba threads (default: all cores)")
    parser.add_argument("--numpy", action="store_true", help="the numpy reference instead of the numba kernels")
    parser.add_argument("--full-scale", action="store_true",
                        help="also one run at full scale (synthesize_full_scale: ~100 million persons, ~11 GiB)")
    parser.add_argument("--cold", action="store_true", help="also time compiling the kernels from an empty cache")
    parser.add_argument("--mesa", action="store_true",
                        help="then the same model written in Mesa at 100,000 agents (mesa_peer.py), with the ratio")
    args = parser.parse_args()
    engine = "numpy reference" if args.numpy else f"numba kernels, threads={args.threads or os.cpu_count()}"
    print(f"engine: {engine}; baseline scenario 2022-01..2030-12; cores: {os.cpu_count()}")
    if args.cold and not args.numpy:
        with tempfile.TemporaryDirectory() as cache:
            cold = _in_child(_compile_cold, env={"NUMBA_CACHE_DIR": cache})
        print(f"cold start, empty kernel cache, 20,000 persons: import {cold['imported']:.1f} s, first run "
              f"{cold['first']:.1f} s (compiling), second run {cold['second']:.1f} s")
    print(f"{'persons':>12} {'synthesis s':>12} {'first s':>8} {'warm s':>8} {'relokant pm/s':>14} "
          f"{'toy numpy pm/s':>15} {'ratio':>6} {'peak RSS GiB':>13}")
    cases = [*args.sizes, *([None] if args.full_scale else [])]
    for n in cases:
        big = n is None or n >= BIG
        r = _in_child(_case, n, 1 if big else args.repeats, args.threads, not args.numpy, n is not None)
        pm = r["persons"] * r["months"]
        toy = f"{pm / r['toy']:>15,.0f} {r['toy'] / r['warm']:>6.2f}" if r["toy"] else f"{'':>15} {'':>6}"
        print(f"{r['persons']:>12,} {r['synthesis']:>12.1f} {r['first']:>8.1f} {r['warm']:>8.1f} "
              f"{pm / r['warm']:>14,.0f} {toy} {r['rss_gib']:>13.2f}", flush=True)
    if args.mesa:  # in its own process, as every case here
        print("\nthe same model in Mesa (benchmarks/mesa_peer.py):", flush=True)
        subprocess.run([sys.executable, str(Path(__file__).with_name("mesa_peer.py"))], check=True)


if __name__ == "__main__":
    main()
