"""Eligibility speed: every route for a whole population at one date, vectorized, against the same checks done one
person at a time through the single-person API (the peer), in the same run.

Persons are random over the attributes the routes read (a benchmark population, not the model's). Figures: person-
route checks per second, median of repeats; the single-person rate is measured on a sample and compared as a ratio.

Then one person's whole answer, as the web app's ``POST /api/eligibility`` computes it (every route, compact
explanations, orjson), against the CLI's ``relokant eligibility --json`` way (every check explained, stdlib json),
over ``--answers`` varied persons (``benchmarks/web_load.py``'s), median ms per answer over the repeats, with the
garbage collector's startup objects frozen as the server freezes them.

Run: .venv/bin/python benchmarks/eligibility_speed.py [--persons 10000000] [--single 2000] [--repeats 3] [--answers 300]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from relokant.policy.eligibility import evaluate, evaluate_population, route_attributes
from relokant.policy.person import default_for
from relokant.policy.routes import all_routes
from relokant.policy.rules import Categorical

ON = dt.date(2025, 3, 1)
STRING_CHOICES = ("none", "partial", "full", "other", "rent", "own", "tourism", "schengen_c", "land", "air",
                  "real_estate", "DE", "RU")


def population(n: int, names: list[str], seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    columns = {}
    for name in names:
        default = default_for(name)
        if isinstance(default, bool):
            columns[name] = rng.random(n) < 0.5
        elif isinstance(default, int):  # compact dtypes, as the engine's population stores them
            columns[name] = rng.integers(0, 100, n, dtype=np.int16)
        elif isinstance(default, float):
            columns[name] = (rng.random(n, dtype=np.float32) * 200_000).astype(np.float32)
        elif isinstance(default, str):  # stored as category codes, as the population stores categories
            columns[name] = Categorical(rng.integers(0, len(STRING_CHOICES), n, dtype=np.int32), STRING_CHOICES)
        elif isinstance(default, dt.date):
            columns[name] = np.full(n, ON, dtype=object)
        elif isinstance(default, tuple):  # every synthetic adult is a Russian citizen
            columns[name] = ("RU",)
    return columns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=10_000_000)
    parser.add_argument("--chunk", type=int, default=1_000_000, help="persons evaluated per vectorized call")
    parser.add_argument("--single", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--answers", type=int, default=300, help="persons for the one-answer figure (0: skip)")
    args = parser.parse_args()
    routes = all_routes()
    names = sorted(set().union(*(route_attributes(r) for r in routes)))
    chunks = [population(min(args.chunk, args.persons - start), names, seed=start)
              for start in range(0, args.persons, args.chunk)]
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        for columns in chunks:
            evaluate_population(columns, ON, routes)
        times.append(time.perf_counter() - start)
    vector_rate = args.persons * len(routes) / statistics.median(times)

    first = chunks[0]
    def one(column, i):
        if isinstance(column, Categorical):
            return column.categories[column.codes[i]]
        if isinstance(column, np.ndarray):
            return column[i].item() if hasattr(column[i], "item") else column[i]
        return column

    sample = [{name: one(first[name], i) for name in names} for i in range(args.single)]
    start = time.perf_counter()
    for person in sample:
        for route in routes:
            evaluate(route, person, ON)
    single_rate = args.single * len(routes) / (time.perf_counter() - start)
    print(f"routes: {len(routes)}; persons: {args.persons:,} in chunks of {args.chunk:,}; date: {ON}")
    print(f"vectorized: {vector_rate:,.0f} person-route checks/s (median of {args.repeats}: "
          f"{statistics.median(times):.2f} s)")
    print(f"one person at a time (single-person API, {args.single:,} persons): {single_rate:,.0f} checks/s")
    print(f"ratio vectorized / single: {vector_rate / single_rate:,.0f}x")
    if args.answers:
        answers(args.answers, args.repeats)


def answers(count: int, repeats: int) -> None:
    """Milliseconds per whole answer (every route for one person): the web's, and the CLI's --json."""
    from relokant.policy.eligibility import eligibility
    from relokant.policy.person import Person
    from relokant.web.eligibility import answer

    sys.path.insert(0, str(Path(__file__).parent))
    from persons import person as random_person  # the load benchmark's varied persons

    rng = random.Random(7)
    persons = [Person.model_validate(random_person(rng)) for _ in range(count)]
    on = dt.date(2026, 6, 1)

    def web(p):
        return answer(p, on)

    def cli(p):
        return json.dumps({"date": on.isoformat(), "routes": [r.to_dict() for r in eligibility(p, on)]},
                          ensure_ascii=False, default=str).encode()

    web(persons[0]), cli(persons[0])  # prepared once, as the server does before it listens
    gc.freeze()
    figures = {}
    for name, ask in (("web answer (compact, orjson)", web), ("CLI --json (full, json)", cli)):
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for p in persons:
                size = len(ask(p))
            times.append((time.perf_counter() - start) / count * 1e3)
        figures[name] = statistics.median(times)
        print(f"one person, every route, {name}: {figures[name]:.2f} ms per answer (median of {repeats}; "
              f"last answer {size / 1000:.0f} kB)")
    web_ms, cli_ms = figures.values()
    print(f"ratio CLI / web: {cli_ms / web_ms:.1f}x")


if __name__ == "__main__":
    main()
