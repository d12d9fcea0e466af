"""``relokant serve`` as a user starts it: a process that listens, answers pages and the API, and stops on Ctrl-C.

The other web tests build the app in-process; this one runs the command itself, so what only ``serve`` does (warming
the shared tables, freezing them out of the collector, the signal handling, the one-line refusal of a bad or taken
port) is exercised too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

RELOKANT = [sys.executable, "-c", "from relokant.cli import run; run()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            if server.poll() is not None:
                raise AssertionError(f"serve exited {server.returncode}: {server.stderr.read()[-2000:]}") from None
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer {url} within {seconds} s")


def test_serve_answers_pages_and_the_api_then_stops_on_ctrl_c(tmp_path: Path):
    port = _free_port()
    db = tmp_path / "runs.duckdb"
    server = subprocess.Popen([*RELOKANT, "serve", "--port", str(port), "--db", str(db)], text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/api/health", server)
        with urllib.request.urlopen(f"{base}/eligibility", timeout=10) as page:
            assert page.status == 200 and "text/html" in page.headers["content-type"]
        request = urllib.request.Request(f"{base}/api/eligibility", method="POST",
                                         data=json.dumps({"person": {"age": 30}, "country": "DE"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            answer = json.loads(response.read())
        assert answer["routes"] and {r["country"] for r in answer["routes"]} == {"DE"}
        assert sum(answer["counts"].values()) == len(answer["routes"])
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            raise
    assert server.returncode == 0, err[-2000:]
    assert f"serving on {base}/" in out
    assert "Traceback" not in err
    assert db.exists()  # the run store it was given, nothing elsewhere


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_port_that_is_not_one_is_refused_in_one_line(tmp_path: Path, port: str):
    done = subprocess.run([*RELOKANT, "serve", "--port", port, "--db", str(tmp_path / "runs.duckdb")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a TCP port" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_taken_port_is_refused_in_one_line(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*RELOKANT, "serve", "--port", str(port), "--db", str(tmp_path / "runs.duckdb")],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr and "Traceback" not in done.stderr


def test_an_address_not_of_this_machine_is_refused_in_one_line(tmp_path: Path):
    done = subprocess.run([*RELOKANT, "serve", "--host", "203.0.113.7", "--port", str(_free_port()),
                           "--db", str(tmp_path / "runs.duckdb")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "cannot listen on 203.0.113.7" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "runs.duckdb").exists()  # refused before the run store was opened
