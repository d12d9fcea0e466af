"""relokant against the same model written in Mesa: person-months per second, their ratio, and agreement.

Both run in this process on the same synthetic population (``--agents`` records, draw 0 of the baseline scenario's
seed, as ``relokant.api.run`` builds it), the baseline scenario cut to ``--months`` months from 2022-01, the
parameters a run resolves (fitted values included) and the same seed. relokant is ``engine.simulate`` on its
default path (the fused numba kernels), run once first so that its kernels are compiled or loaded from the disk cache,
then ``--repeats`` times: the median counts. The Mesa peer (``mesa_model.EmigrationModel``: one agent per record, one
method per engine process, scalar Python) runs once; its time includes building the agents. Both times include
building the engine's ``Context``, which both read. Target (issue 5, item 9): relokant >= 100x Mesa. Most of
Mesa's time is its agents asking the rules as code for their route access one person at a time (on a change of the
law, everyone abroad; on a move, the mover), which the engine does for everyone concerned at once; the rest is the
per-agent, per-process Python. The default 24 months take Mesa about a minute at 100,000 records.

Agreement: the peer draws the engine's common random numbers, so the same persons should move and the aggregates
should agree to rounding. The table shows, at the midpoint and the last month, the EU27 and world stock of counted
leavers abroad, cumulative departures and returns, and capital abroad, with their relative difference and a
sampling-error test: two independent runs of a weighted sample would differ by about sqrt(2) standard errors of a
weighted total, the standard error taken as sqrt(sum of squared weights of the records counted) (Poisson
approximation of a sum of weighted Bernoulli counts; for capital the weights are weight x capital). The check passes
where |relokant - Mesa| <= 3 x sqrt(2) x SE. It also counts records whose departure month or war flag differ (0 when
the two models are the same model).

Run: .venv/bin/python benchmarks/mesa_peer.py [--months 24] [--agents 100000] [--repeats 3]
Needs the bench extra (pip install -e '.[bench]'); without Mesa it says so and exits.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # mesa_model beside this file, however this is run


def horizon(months: int) -> str:
    """The scenario horizon (last month, YYYY-MM) of a run of ``months`` months from 2022-01."""
    year, month = divmod(months - 1, 12)
    return f"{2022 + year}-{month + 1:02d}"


def inputs(agents: int, months: int):
    """Population, scenario, parameters and seed as ``relokant.api.run`` resolves them for draw 0 of baseline."""
    from relokant import api, parameters

    scenario = api.as_scenario("baseline").model_copy(update={"horizon": horizon(months)})
    seed = api.draw_seed(scenario.seed, 0)
    return api.population(agents, seed), scenario, parameters.resolve(scenario.parameters), seed


def aggregates(month: int, stock, capital, departures_cum, returned_cum) -> dict[str, float]:
    """The compared figures at one month from (months, places) and (months,) tables."""
    from relokant import geo

    return {"stock abroad, EU27": stock[month, geo.IS_EU].sum(), "stock abroad, world": stock[month, 1:].sum(),
            "departures_cum": departures_cum[month], "returned_cum": returned_cum[month],
            "capital abroad, world EUR": capital[month, 1:].sum()}


def standard_errors(model, month: int) -> dict[str, float]:
    """Standard error of each figure of ``aggregates`` from the records behind it (see the module docstring)."""
    from relokant import geo

    return {"stock abroad, EU27": math.sqrt(model.stock_abroad_w2[month, geo.IS_EU].sum()),
            "stock abroad, world": math.sqrt(model.stock_abroad_w2[month, 1:].sum()),
            "departures_cum": math.sqrt(model.departures_w2[month]),
            "returned_cum": math.sqrt(model.returned_w2[month]),
            "capital abroad, world EUR": math.sqrt(model.capital_abroad_w2[month, 1:].sum())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=24, help="months from 2022-01 (default 24: to 2023-12)")
    parser.add_argument("--agents", type=int, default=100_000, help="records of the synthetic population")
    parser.add_argument("--repeats", type=int, default=3, help="warm relokant runs (the median counts)")
    args = parser.parse_args()
    try:
        import mesa
    except ImportError:
        print("Mesa is not installed (pip install -e '.[bench]'): no Mesa peer to run.")
        return
    from mesa_model import EmigrationModel

    from relokant.engine import simulate

    pop, scenario, params, seed = inputs(args.agents, args.months)
    pm = len(pop) * scenario.months
    print(f"baseline 2022-01..{scenario.horizon} ({scenario.months} months), {len(pop):,} records, seed {seed}; "
          f"Mesa {mesa.__version__}; cores: {os.cpu_count()}")

    start = time.perf_counter()
    result = simulate(pop, scenario, params, seed)  # compiles the kernels or loads them from the disk cache
    first = time.perf_counter() - start
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        result = simulate(pop, scenario, params, seed)
        times.append(time.perf_counter() - start)
    warm = statistics.median(times)

    start = time.perf_counter()
    model = EmigrationModel(pop, scenario, params, seed)
    built = time.perf_counter() - start
    model.run()
    mesa_s = time.perf_counter() - start

    print(f"\n{'':<28} {'seconds':>9} {'person-months/s':>16}")
    print(f"{'relokant (numba, warm)':<28} {warm:>9.3f} {pm / warm:>16,.0f}   (first run {first:.2f} s)")
    print(f"{'Mesa (agents, scalar)':<28} {mesa_s:>9.2f} {pm / mesa_s:>16,.0f}   (building the agents {built:.1f} s)")
    ratio = mesa_s / warm
    print(f"ratio relokant / Mesa: {ratio:,.0f}x (target >= 100x: {'met' if ratio >= 100 else 'NOT met'})")

    left = np.array([p.left_month for p in model.agents])
    war = np.array([p.war for p in model.agents])
    rows = np.array([p.row for p in model.agents])
    differ = int(((result.left_month[rows] != left) | (result.war[rows] != war)).sum())
    print(f"\nrecords whose departure month or war flag differ: {differ} of {len(pop):,}")
    print(f"{'month':<8} {'figure':<26} {'relokant':>15} {'Mesa':>15} {'rel. diff':>10} {'3*sqrt2*SE':>13} "
          f"{'within':>7}")
    all_within = True
    for month in sorted({scenario.months // 2 - 1, scenario.months - 1}):
        ours = aggregates(month, result.stock_abroad, result.capital_abroad_eur, result.departures_cum,
                          result.returned_cum)
        theirs = aggregates(month, model.stock_abroad, model.capital_abroad_eur, model.departures_cum,
                            model.returned_cum)
        errors = standard_errors(model, month)
        label = horizon(month + 1)
        for name, value in ours.items():
            diff = value - theirs[name]
            tolerance = 3 * math.sqrt(2) * errors[name]
            within = abs(diff) <= tolerance
            all_within &= within
            relative = abs(diff) / abs(value) if value else 0.0
            print(f"{label:<8} {name:<26} {value:>15,.0f} {theirs[name]:>15,.0f} {relative:>10.1e} "
                  f"{tolerance:>13,.0f} {'yes' if within else 'NO':>7}")
    print(f"aggregates within sampling error: {'yes' if all_within else 'NO'}")


if __name__ == "__main__":
    main()
