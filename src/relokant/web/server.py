"""Start the web app: ``relokant serve [--host 127.0.0.1] [--port 8000] [--db PATH]``.

Input: the address to listen on and the run store path (None: ``RELOKANT_DB`` or ./relokant.duckdb). Output: a
uvicorn server in this process (one event loop; API handlers that touch the store run in its thread pool) and the
worker processes of the job runner; both stop on Ctrl-C, leaving queued jobs queued for the next start.
"""

from __future__ import annotations

import signal
from pathlib import Path

from relokant.errors import InputError


def serve(host: str = "127.0.0.1", port: int = 8000, db: Path | None = None) -> None:
    import uvicorn

    from relokant.web.app import create_app

    if not 0 < port < 65536:
        raise InputError(f"--port: {port} is not a TCP port (1-65535)")
    app = create_app(db)
    # The CLI turns SIGINT/SIGTERM into KeyboardInterrupt for its runs; uvicorn shuts down gracefully on its own.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    print(f"relokant: serving on http://{host}:{port}/ (run store {app.state.store.path}); Ctrl-C stops",
          flush=True)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run()
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
