"""Stop requests from Ctrl-C or kill.

The CLI's signal handler records a request and raises ``KeyboardInterrupt``. A ``KeyboardInterrupt`` raised while
Python is inside an import can be swallowed by the import machinery, so long-running loops also call ``check()``,
which raises again if a request was recorded: an interrupted run never ends up stored as done.
"""

_requested = False


def request() -> None:
    global _requested
    _requested = True


def clear() -> None:
    global _requested
    _requested = False


def check() -> None:
    if _requested:
        raise KeyboardInterrupt
