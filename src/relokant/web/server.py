"""Start the web app: ``relokant serve [--host 127.0.0.1] [--port 8000] [--db PATH]``.

Input: the address to listen on and the run store path (None: ``RELOKANT_DB`` or ./relokant.duckdb). Output: a
uvicorn server in this process (one event loop; API handlers that touch the store run in its thread pool, eligibility
answers in one thread of their own, cached results on the loop) and the worker processes of the job runner; both
stop on Ctrl-C, leaving queued jobs queued for the next start. Before it listens it builds the tables requests
share (routes, evidence) and freezes everything made so far out of the garbage collector's full collections.

One server process, not uvicorn's ``workers=2``: the job runner (its bounded queue, its in-memory view of queued
and running jobs, its recovery after a restart) lives in the process that serves, so two processes would mean two
queues, two simulation workers on a 2-core machine, and each failing the other's running job at start.
"""

from __future__ import annotations

import datetime as dt
import gc
import signal
import socket
from pathlib import Path

from relokant.errors import InputError


def _warm() -> None:
    """Build the tables that requests would otherwise build on first use (and that then live as long as the server),
    so that they exist before the collector is told to leave the startup objects alone."""
    from relokant.policy import routes
    from relokant.policy.person import Person
    from relokant.web import app, eligibility

    routes.all_routes()
    # every route's rights and today's parameters, prepared once by the explainer
    eligibility.answer(Person(age=30), dt.date.today(), include_proposals=True)
    app._all_evidence()  # noqa: SLF001 (the app's own cache)


def serve(host: str = "127.0.0.1", port: int = 8000, db: Path | None = None) -> None:
    import uvicorn

    from relokant.web.app import create_app

    if not 0 < port < 65536:
        raise InputError(f"--port: {port} is not a TCP port (1-65535)")
    listening = _listen(host, port)  # before anything starts: a taken port is refused with nothing to undo
    app = create_app(db)
    _warm()
    # What exists now (modules, the route registry, the evidence tables: ~170,000 objects) lives as long as the
    # server: out of the collector's sight, a full collection no longer walks it, which took 60-180 ms on this
    # machine, with every request waiting, often enough to decide p99.
    gc.freeze()
    # The CLI turns SIGINT/SIGTERM into KeyboardInterrupt for its runs; uvicorn shuts down gracefully on its own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    print(f"relokant: serving on http://{host}:{port}/ (run store {app.state.store.path}); Ctrl-C stops",
          flush=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[listening])
    except KeyboardInterrupt:
        # uvicorn shuts down gracefully on Ctrl-C, then raises the signal again: for a server that is how it stops,
        # not an interrupted job.
        print("relokant: server stopped", flush=True)


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound here rather than by uvicorn, which reports a taken port as a log line and exit
    status 3 after the app has started."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:  # the port is taken, the address is not this machine's, or the name does not resolve
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return listening
