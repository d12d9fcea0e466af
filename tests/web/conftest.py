"""Fixtures of the web tests: an app on a fresh run store with one worker, a finished pair of tiny paired runs, and
(for the browser tests) the same kind of app served by uvicorn on a free loopback port.

Runs are tiny (2,000 persons, 2 draws) so that the whole folder stays well under a minute and a half on two cores.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

TINY = {"sample_size": 2000, "draws": 2}
ARTIFACTS = Path(__file__).resolve().parents[2] / "out" / "test-artifacts" / "web"


def wait_for(client, ref: str, timeout: float = 90.0, path: str = "/api/runs/") -> dict:
    """Poll a run or job until it is no longer queued or running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"{path}{ref}").json()
        if state["status"] not in ("queued", "running"):
            return state
        time.sleep(0.25)
    raise AssertionError(f"{ref} still {state['status']} after {timeout} s")


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web") / "runs.duckdb"


@pytest.fixture(scope="session")
def client(web_db):
    from fastapi.testclient import TestClient

    from relokant.web.app import create_app

    with TestClient(create_app(web_db, workers=1), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def pair(client) -> dict:
    """Baseline and case-proposal run to 2030-01 (the claim's 5-year horizon), paired: same size, draws, seed."""
    jobs = {name: client.post("/api/runs", json={"scenario": name, "horizon": "2030-01", **TINY}).json()["job_id"]
            for name in ("baseline", "case-proposal")}
    out = {}
    for name, job_id in jobs.items():
        state = wait_for(client, job_id)
        assert state["status"] == "done", state
        out[name] = state["run"]["run_id"]
        out[f"{name}-job"] = job_id
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app served by uvicorn on loopback, in a thread of this process, on its own run store."""
    import uvicorn

    from relokant.web.app import create_app

    app = create_app(tmp_path_factory.mktemp("live") / "runs.duckdb", workers=1)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)
