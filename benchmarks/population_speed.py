"""Population synthesis speed and memory: a 10-million-record weighted sample and full scale, against a numpy floor.

Each case runs in a fresh Python process (so its peak resident memory is its own, read with getrusage when it ends)
and is timed from the call to the finished ``Population``, cold: evidence, WPP table and solvers included, imports
not. The peer in the same run is the floor of any synthesis: plain numpy drawing the same 18 columns with the same
dtypes from Philox streams, one draw per column, with no cells, alignment, sorting or solving. The ratio says what
the structure costs. Medians over ``--repeats`` runs for the sample; full scale runs once per program (minutes).

Targets from the issue (2 cores): 10 million records in under 30 s; full scale in under 6 minutes and under 8 GiB.

Run: .venv/bin/python benchmarks/population_speed.py [--sample-size 10000000] [--repeats 3] [--no-full-scale]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time

GIB = 2**30
TARGETS = {"sample": (30.0, None), "full_scale": (360.0, 8.0)}  # seconds, GiB (None: no memory target)


def _floor(n: int, seed: int):
    """The numpy floor: the population's columns drawn independently, no structure."""
    import numpy as np

    def stream(name: str) -> np.random.Generator:
        return np.random.Generator(np.random.Philox(np.random.SeedSequence([seed, len(name), ord(name[0])])))

    columns = {"person_id": np.arange(n, dtype=np.int64), "weight": np.ones(n)}
    columns["age"] = stream("age").integers(18, 70, n, dtype=np.int8)
    for name in ("male", "higher_edu", "passport", "partner", "draft_exposed"):
        columns[name] = stream(name).random(n, dtype=np.float32) < 0.5
    for name, k in (("region", 4), ("occupation", 4), ("income_decile", 10), ("english_level", 7),
                    ("german_level", 7), ("entrepreneur", 3), ("children", 4)):
        columns[name] = stream(name).integers(0, k, n, dtype=np.int8)
    for name in ("income_rub_month", "wealth_usd", "liquid_wealth_usd"):
        columns[name] = np.exp(stream(name).standard_normal(n, dtype=np.float32))
    return columns


def _child(case: str, n: int, seed: int) -> None:
    """Run one case in this (fresh) process and print one JSON line: seconds and peak RSS."""
    from relokant.population import synthesize, synthesize_full_scale

    start = time.perf_counter()
    if case == "sample":
        result = synthesize(n, seed)
    elif case == "full_scale":
        result = synthesize_full_scale(seed)
    else:  # floor
        result = _floor(n, seed)
    seconds = time.perf_counter() - start
    records = len(result) if not isinstance(result, dict) else len(result["age"])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    print(json.dumps({"case": case, "records": records, "seconds": seconds, "peak_rss_bytes": peak}))


def _run(case: str, n: int, seed: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", case, str(n), str(seed)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _measure(case: str, n: int, repeats: int) -> dict:
    runs = [_run(case, n, seed) for seed in range(1, repeats + 1)]
    return {"records": runs[0]["records"], "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_gib": max(r["peak_rss_bytes"] for r in runs) / GIB, "repeats": repeats}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-size", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs of the sample and its floor (median)")
    parser.add_argument("--no-full-scale", action="store_true", help="skip full scale (about 2-3 minutes)")
    parser.add_argument("--child", nargs=3, metavar=("CASE", "N", "SEED"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), int(args.child[2]))
        return
    cases = [("sample", args.sample_size, args.repeats)]
    if not args.no_full_scale:
        cases.append(("full_scale", None, 1))
    print("population synthesis, each run in a fresh process: wall time of the call (median of repeats) and the "
          "process's peak RSS (interpreter and libraries included)")
    print(f"{'case':<12} {'records':>12} {'runs':>4} {'relokant s':>11} {'peak GiB':>9} {'floor s':>8} "
          f"{'floor GiB':>9} {'ratio':>6}  target")
    for case, n, repeats in cases:
        result = _measure(case, n or 0, repeats)
        floor = _measure("floor", result["records"], repeats)
        seconds_max, gib_max = TARGETS[case]
        met = result["seconds"] < seconds_max and (gib_max is None or result["peak_gib"] < gib_max)
        target = f"< {seconds_max:.0f} s" + (f", < {gib_max:.0f} GiB" if gib_max else "")
        print(f"{case:<12} {result['records']:>12,} {repeats:>4} {result['seconds']:>11.1f} "
              f"{result['peak_gib']:>9.2f} {floor['seconds']:>8.1f} {floor['peak_gib']:>9.2f} "
              f"{result['seconds'] / floor['seconds']:>6.1f}  {target}: {'met' if met else 'MISSED'}", flush=True)


if __name__ == "__main__":
    main()
