"""Load on the web app: p50/p99 latency of eligibility and of reading a finished run's results, 50 clients.

Starts ``relokant serve`` (the same ``relokant.web.server.serve``) on a free loopback port with a fresh run store in a
temporary folder, runs one small simulation to read back, then drives each endpoint with locust (50 concurrent users)
for a fixed time, and prints requests/s, p50 and p99 in ms. Loopback only, bounded in clients and time
(``--seconds``, at most 30 per endpoint); it stops the server itself.

The requests vary, so that no cache of whole answers can stand in for the work: eligibility cycles through
``--persons`` different synthetic persons (seeded: age, education, languages, occupation and experience, job offers
in different countries and salaries, funds, stays, investments, mobilisation; a quarter at a random date 2023-2026,
the rest today; a fifth with the proposals), every one checked against every route; results cycle through 40
filters (metric x place) of the run, each read once before the load (the server keeps a finished run's answers).

    .venv/bin/python benchmarks/web_load.py [--seconds 20] [--users 50] [--think 1 0] [--detail compact|full]

Each ``--think`` value is one load: 0 is a closed loop (every client sends its next request as soon as its last is
answered: a throughput test, where by Little's law p50 is about users / throughput), > 0 the mean pause of each
client between requests, as people at pages do (their first requests spread over the first 1.5 x think s, not all
at once). Target on 2 cores: p99 < 100 ms. The load generator shares the
machine with the server: on this 2-core machine it takes a good part of one core itself.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()  # locust's clients are greenlets; patch before anything opens a socket

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import FastHttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

from persons import person  # noqa: E402  (benchmarks/persons.py)

MAX_SECONDS = 30
RESULT_METRICS = ("stock_abroad", "capital_abroad_eur", "employed_abroad", "first_permits", "departures_cum")
RESULT_GEOS = ("EU27", "WORLD", "DE", "GE", "RS", "AM", "TR", "KZ")
def eligibility_bodies(count: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        body: dict = {"person": person(rng)}
        if rng.random() < 0.25:
            body["date"] = (dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(4 * 365))).isoformat()
        if rng.random() < 0.2:
            body["include_proposals"] = True
        bodies.append(json.dumps(body).encode())
    return bodies


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _post(url: str, body: dict | bytes) -> dict:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    code = f"from relokant.web.server import serve; serve(host='127.0.0.1', port={port}, db={str(db)!r})"
    server = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(f"{base}/api/health")
            return server, base
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer within 60 s")


def finished_run(base: str) -> str:
    job = _post(f"{base}/api/runs", {"scenario": "baseline", "sample_size": 5000, "draws": 3})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = _get(f"{base}/api/runs/{job['job_id']}")
        if state["status"] == "done":
            return state["run"]["run_id"]
        if state["status"] not in ("queued", "running"):
            raise SystemExit(f"the run to read back {state['status']}: {state}")
        time.sleep(0.5)
    raise SystemExit("the run to read back did not finish in 300 s")


def load(base: str, name: str, send, users: int, seconds: float, think: float) -> dict:
    class Client(FastHttpUser):
        host = base
        # think = 0: closed loop, each user sends its next request as soon as the last is answered (a throughput
        # test); think > 0: each user pauses 0.5-1.5 x think seconds between requests, as people at pages do.
        wait_time = constant(0) if think <= 0 else between(0.5 * think, 1.5 * think)

        def on_start(self):
            # With pauses, clients arrive at different moments, as people do, rather than all 50 in the same
            # millisecond (a burst no pause-based load has afterwards, and which would alone decide its p99).
            if think > 0:
                gevent.sleep(random.uniform(0, 1.5 * think))

        @task
        def one(self):
            send(self.client)

    env = Environment(user_classes=[Client])
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    total = env.stats.total
    return {"endpoint": name, "think": think, "users": users, "seconds": seconds, "requests": total.num_requests,
            "failures": total.num_failures, "rps": round(total.num_requests / seconds, 1),
            "p50_ms": total.get_response_time_percentile(0.50), "p99_ms": total.get_response_time_percentile(0.99),
            "max_ms": round(total.max_response_time, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20, help=f"per endpoint, at most {MAX_SECONDS}")
    parser.add_argument("--users", type=int, default=50, help="concurrent clients (at most 200)")
    parser.add_argument("--think", type=float, nargs="+", default=[1.0, 0.0],
                        help="mean pause of each client between requests, s (0: closed loop); one load per value")
    parser.add_argument("--persons", type=int, default=2000, help="different persons asked about (at most 20000)")
    parser.add_argument("--detail", choices=("compact", "full"), default=None,
                        help="eligibility's ?detail= (default: none given, the server's default)")
    args = parser.parse_args()
    seconds, users = min(args.seconds, MAX_SECONDS), min(args.users, 200)
    bodies = eligibility_bodies(min(max(args.persons, 1), 20_000))
    eligibility_path = "/api/eligibility" + (f"?detail={args.detail}" if args.detail else "")
    headers = {"Content-Type": "application/json"}
    with tempfile.TemporaryDirectory(prefix="relokant-web-load-") as folder:
        server, base = start_server(Path(folder) / "runs.duckdb")
        try:
            run_id = finished_run(base)
            queries = [f"/api/runs/{run_id}/results?metric={m}&geo={g}" for m in RESULT_METRICS for g in RESULT_GEOS]
            for query in queries:  # every answer exists, and the first read of the run is not what is measured
                _get(base + query)
            sizes = [len(json.dumps(_post(base + eligibility_path, body)).encode()) for body in bodies[:20]]
            next_body, next_query = itertools.cycle(bodies).__next__, itertools.cycle(queries).__next__
            rows = []
            for think in args.think:
                rows.append(load(base, "POST /api/eligibility",
                                 lambda c: c.post(eligibility_path, data=next_body(), headers=headers,
                                                  name="eligibility"), users, seconds, think))
                rows.append(load(base, "GET /api/runs/{id}/results", lambda c: c.get(next_query(), name="results"),
                                 users, seconds, think))
        finally:
            server.terminate()
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"web load: {users} concurrent clients, {seconds:g} s per endpoint, loopback, {os.cpu_count()} cores "
          "(the load generator runs on the same machine)")
    print(f"eligibility: {len(bodies)} different persons, answers of about {sum(sizes) / len(sizes) / 1000:.0f} kB"
          f" (detail: {args.detail or 'server default'}); results: {len(queries)} different filters")
    print(f"{'endpoint':32} {'think s':>7} {'requests':>9} {'failures':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'max ms':>7}")
    for r in rows:
        print(f"{r['endpoint']:32} {r['think']:>7g} {r['requests']:>9} {r['failures']:>8} {r['rps']:>7} {r['p50_ms']:>7} "
              f"{r['p99_ms']:>7} {r['max_ms']:>7}")
    print("target: p99 < 100 ms on 2 cores")


if __name__ == "__main__":
    main()
