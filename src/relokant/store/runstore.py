"""RunStore: record simulation runs and their metric draws in a DuckDB file, and read them back.

Input: the database path, run metadata at ``start_run``, and a long metrics frame (draw, metric, geo, period, value,
unit) at ``finish_run``. Output: run rows (``runs``, ``run``), metric draws (``metrics``) and p05/p50/p95 per metric
(``summary``). A run's metrics become visible only when the run is marked done, in the same transaction.

Every operation opens the file, does its work and closes it: a simulation takes minutes between ``start_run`` and
``finish_run``, and meanwhile other commands (``relokant runs list``) must be able to open the file, which DuckDB lets
only one process do at a time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from relokant.errors import InputError
from relokant.store.schema import (CALIBRATION_COLUMNS, METRIC_COLUMNS, RUN_COLUMNS, SCHEMA_VERSION,
                                   ensure_schema)

ENV_VAR = "RELOKANT_DB"
DEFAULT_FILE = "relokant.duckdb"
# Other commands hold the file only for milliseconds, so a few seconds of retrying rides out any normal overlap.
LOCK_WAIT_S = 5.0
VANISHED_REASON = "process ended without finishing"

_KEY_COLUMNS = ("draw", "metric", "geo", "period")
_TEXT_COLUMNS = ("metric", "geo", "period", "unit")
_SUMMARY_COLUMNS = ("metric", "geo", "period", "p05", "p50", "p95", "unit")


def default_db_path() -> Path:
    """``$RELOKANT_DB`` if set and non-empty, else ``relokant.duckdb`` in the current directory."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    return Path.cwd() / DEFAULT_FILE


class RunStore:
    """Runs and their metric draws in one DuckDB file; see the module docstring for the concurrency model."""

    def __init__(self, path: str | Path | None = None):
        # Absolute so that messages name the file unambiguously and a later chdir does not move the store.
        self.path = Path(default_db_path() if path is None else path).expanduser().absolute()
        self._lock_wait_s = LOCK_WAIT_S

    def __repr__(self) -> str:
        return f"RunStore({str(self.path)!r})"

    # ------------------------------------------------------------------ writing

    def start_run(
        self,
        *,
        scenario_name: str,
        scenario_hash: str,
        scenario_yaml: str,
        code_version: str,
        data_version: str,
        seed: int,
        sample_size: int,
        draws: int,
        parameters: dict,
        kind: str = "run",
    ) -> str:
        """Record a run as 'running' and return its new id."""
        params_json = json.dumps(parameters, sort_keys=True, default=_json_default)
        started = _utcnow()
        with self._connect() as con:
            # The id has 16 random bits per second; on the rare clash draw again rather than fail the run.
            for _ in range(20):
                run_id = _new_run_id(started)
                if con.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchone() is None:
                    break
            else:  # pragma: no cover - 20 clashes in a row means the random source is broken
                raise RuntimeError("could not draw an unused run id")
            con.execute(
                f"INSERT INTO runs ({', '.join(RUN_COLUMNS)}) VALUES ({', '.join('?' * len(RUN_COLUMNS))})",
                [
                    run_id,
                    kind,
                    scenario_name,
                    scenario_hash,
                    scenario_yaml,
                    code_version,
                    data_version,
                    int(seed),
                    int(sample_size),
                    int(draws),
                    params_json,
                    started,
                    None,
                    "running",
                    None,
                    os.getpid(),
                    socket.gethostname(),
                ],
            )
        return run_id

    def finish_run(self, run_id: str, metrics: pd.DataFrame) -> None:
        """Store all metric rows and mark the run done, in one transaction.

        A malformed frame raises ``ValueError`` before anything is written. Whatever goes wrong, no metric row of
        this run becomes visible; the run is then marked 'failed' (or 'interrupted' on Ctrl-C) on a best-effort basis
        so that it does not linger as 'running'.
        """
        try:
            self._finish(run_id, metrics)
        except KeyboardInterrupt:
            self._mark_failed_quietly(run_id, "interrupted", "interrupted while saving results")
            raise
        except (InputError, _NotRunning):
            # Unknown id, store unusable, or the run already ended: nothing to mark, or no way to mark it.
            raise
        except Exception as exc:
            self._mark_failed_quietly(run_id, "failed", f"saving results failed: {exc}")
            raise

    def _finish(self, run_id: str, metrics: pd.DataFrame) -> None:
        frame = _clean_metrics(metrics)
        with self._connect() as con:
            run_id, status = self._resolve(con, run_id, with_status=True)
            if status != "running":
                raise _NotRunning(f"run {run_id} is {status}; only a running run can be finished")
            con.execute("BEGIN TRANSACTION")
            try:
                con.register("_metrics_in", frame)
                con.execute(
                    "INSERT INTO metrics SELECT ?, draw, metric, geo, period, value, unit FROM _metrics_in"
                    " ORDER BY metric, geo, period, draw",
                    [run_id],
                )
                self._mark_done(con, run_id)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.unregister("_metrics_in")

    def _mark_done(self, con: duckdb.DuckDBPyConnection, run_id: str) -> None:
        # A separate method so tests can fail or kill the process between the metrics insert and the status update.
        updated = con.execute(
            "UPDATE runs SET status = 'done', ended_at = ?, reason = NULL WHERE run_id = ? AND status = 'running'",
            [_utcnow(), run_id],
        ).fetchone()
        if not updated or updated[0] != 1:
            raise RuntimeError(f"run {run_id} stopped being 'running' while its results were saved")

    def fail_run(self, run_id: str, status: str, reason: str) -> None:
        """Mark a run 'interrupted' or 'failed' with a reason. A run already 'done' keeps its status and metrics."""
        if status not in ("interrupted", "failed"):
            raise ValueError(f"fail_run status must be 'interrupted' or 'failed', not {status!r}")
        with self._connect() as con:
            run_id = self._resolve(con, run_id)
            con.execute(
                "UPDATE runs SET status = ?, reason = ?, ended_at = ? WHERE run_id = ? AND status <> 'done'",
                [status, " ".join(str(reason).split()), _utcnow(), run_id],
            )

    def delete_run(self, run_id: str) -> None:
        """Remove a run and its metrics."""
        with self._connect() as con:
            run_id = self._resolve(con, run_id)
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute("DELETE FROM metrics WHERE run_id = ?", [run_id])
                con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    # ------------------------------------------------------------------ reading

    def runs(self) -> pd.DataFrame:
        """All runs, newest first. Runs whose process has vanished are reported and stored as 'interrupted'."""
        if not self._exists():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in RUN_COLUMNS})
        with self._connect() as con:
            self._mark_vanished(con)
            return con.execute(
                f"SELECT {', '.join(RUN_COLUMNS)} FROM runs ORDER BY started_at DESC, run_id DESC"
            ).df()

    def run(self, run_id: str) -> dict[str, Any]:
        """One run's row as a dict, ``parameters`` decoded. ``run_id`` may be any unique prefix of the id."""
        if not self._exists():
            raise _unknown(run_id)
        with self._connect() as con:
            run_id = self._resolve(con, run_id)
            self._mark_vanished(con)
            cur = con.execute(f"SELECT {', '.join(RUN_COLUMNS)} FROM runs WHERE run_id = ?", [run_id])
            row = dict(zip(RUN_COLUMNS, cur.fetchone()))
        row["parameters"] = json.loads(row["parameters"])
        return row

    def metrics(self, run_id: str) -> pd.DataFrame:
        """The run's metric draws, sorted by metric, geo, period, draw."""
        if not self._exists():
            raise _unknown(run_id)
        with self._connect() as con:
            run_id = self._resolve(con, run_id)
            return con.execute(
                f"SELECT {', '.join(METRIC_COLUMNS)} FROM metrics WHERE run_id = ?"
                " ORDER BY metric, geo, period, draw",
                [run_id],
            ).df()

    def summary(self, run_id: str) -> pd.DataFrame:
        """p05, p50 and p95 over draws for each (metric, geo, period, unit), in the output contract's column order."""
        if not self._exists():
            raise _unknown(run_id)
        with self._connect() as con:
            run_id = self._resolve(con, run_id)
            return con.execute(
                """
                SELECT metric, geo, period,
                       quantile_cont(value, 0.05) AS p05,
                       quantile_cont(value, 0.50) AS p50,
                       quantile_cont(value, 0.95) AS p95,
                       unit
                FROM metrics WHERE run_id = ?
                GROUP BY metric, geo, period, unit
                ORDER BY metric, geo, period, unit
                """,
                [run_id],
            ).df()

    # ------------------------------------------------------------------ calibrations

    def save_calibration(self, *, manifest: dict, draws: pd.DataFrame, generations: pd.DataFrame,
                         table: pd.DataFrame) -> str:
        """Store a calibration (``relokant calibrate``): its manifest, its posterior draws (one row per particle:
        'particle', 'weight' and a column per parameter), its generations and target table; return its new id.
        All or nothing, in one transaction."""
        names = [c for c in draws.columns if c not in ("particle", "weight")]
        values = draws[names].to_numpy(dtype=float)
        if not len(draws) or not names or not np.isfinite(values).all():
            raise ValueError("posterior draws must be a non-empty frame of finite parameter values")
        long = pd.DataFrame({
            "particle": np.repeat(draws["particle"].to_numpy(dtype=np.int64), len(names)),
            "weight": np.repeat(draws["weight"].to_numpy(dtype=float), len(names)),
            "parameter": np.tile(np.array(names, dtype=object), len(draws)),
            "value": values.reshape(-1),
        })
        created = _utcnow()
        with self._connect() as con:
            for _ in range(20):
                calibration_id = "c" + _new_run_id(created)[1:]
                if con.execute("SELECT 1 FROM calibrations WHERE calibration_id = ?",
                               [calibration_id]).fetchone() is None:
                    break
            else:  # pragma: no cover
                raise RuntimeError("could not draw an unused calibration id")
            con.execute("BEGIN TRANSACTION")
            try:
                con.execute(
                    f"INSERT INTO calibrations ({', '.join(CALIBRATION_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(CALIBRATION_COLUMNS))})",
                    [calibration_id, created, manifest["reading"], manifest["code_version"],
                     manifest["data_version"], int(manifest["seed"]), int(manifest["sample_size"]),
                     int(manifest["budget"]), int(manifest["simulations"]),
                     json.dumps(manifest, sort_keys=True, default=_json_default),
                     generations.to_json(orient="records"), table.to_json(orient="records")])
                con.register("posterior_rows", long)
                con.execute("INSERT INTO posterior_draws SELECT ?, particle, weight, parameter, value "
                            "FROM posterior_rows", [calibration_id])
                con.unregister("posterior_rows")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return calibration_id

    def calibrations(self) -> pd.DataFrame:
        """All calibrations, newest first (without their JSON columns)."""
        columns = CALIBRATION_COLUMNS[:-3]
        if not self._exists():
            return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        with self._connect() as con:
            return con.execute(f"SELECT {', '.join(columns)} FROM calibrations "
                               "ORDER BY created_at DESC, calibration_id DESC").df()

    def latest_calibration(self, reading: str = "surveys") -> str | None:
        """The newest calibration of a reading, or None."""
        if not self._exists():
            return None
        with self._connect() as con:
            row = con.execute("SELECT calibration_id FROM calibrations WHERE reading = ? "
                              "ORDER BY created_at DESC, calibration_id DESC LIMIT 1", [reading]).fetchone()
        return None if row is None else row[0]

    def calibration(self, calibration_id: str) -> dict[str, Any]:
        """One calibration: its row with ``manifest``, ``generations`` and ``target_table`` decoded, and ``draws``
        (one row per particle, a column per parameter). ``calibration_id`` may be any unique prefix."""
        unknown = InputError(f"unknown calibration id '{calibration_id}' (see `relokant runs calibrations`)")
        if not self._exists():
            raise unknown
        prefix = str(calibration_id).strip()
        with self._connect() as con:
            rows = con.execute("SELECT calibration_id FROM calibrations WHERE calibration_id = ? OR "
                               "starts_with(calibration_id, ?) ORDER BY calibration_id", [prefix, prefix]).fetchall()
            exact = [r for r in rows if r[0] == prefix]
            rows = exact or rows
            if not prefix or not rows:
                raise unknown
            if len(rows) > 1:
                raise InputError(f"ambiguous calibration id '{calibration_id}' matches {len(rows)} calibrations")
            found = rows[0][0]
            cur = con.execute(f"SELECT {', '.join(CALIBRATION_COLUMNS)} FROM calibrations WHERE calibration_id = ?",
                              [found])
            row = dict(zip(CALIBRATION_COLUMNS, cur.fetchone()))
            long = con.execute("SELECT particle, weight, parameter, value FROM posterior_draws "
                               "WHERE calibration_id = ? ORDER BY particle, parameter", [found]).df()
        row["manifest"] = json.loads(row["manifest"])
        row["generations"] = pd.DataFrame(json.loads(row["generations"]))
        row["target_table"] = pd.DataFrame(json.loads(row["target_table"]))
        wide = long.pivot(index=["particle", "weight"], columns="parameter", values="value").reset_index()
        wide.columns.name = None
        order = [p["name"] for p in row["manifest"]["priors"]]
        row["draws"] = wide[["particle", "weight", *[n for n in order if n in wide.columns]]]
        return row

    # ------------------------------------------------------------------ helpers

    def _exists(self) -> bool:
        # Reading must not create a database as a side effect (e.g. `relokant runs list` in a stray directory).
        self._check_path()
        return self.path.exists()

    def _check_path(self) -> None:
        parent = self.path.parent
        if not parent.is_dir():
            raise InputError(f"run store {self.path}: directory {parent} does not exist")
        if self.path.is_dir():
            raise InputError(f"run store {self.path} is a directory, not a DuckDB database file")

    @contextmanager
    def _connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self._check_path()
        con = self._open()
        try:
            version = ensure_schema(con)
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"run store {self.path} has schema version {version}, newer than this relokant understands "
                    f"({SCHEMA_VERSION}); upgrade relokant or use another file"
                )
            yield con
        finally:
            con.close()

    def _open(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self._lock_wait_s
        pause = 0.02
        while True:
            try:
                return duckdb.connect(str(self.path))
            except duckdb.IOException as exc:
                msg = str(exc)
                if "lock" not in msg.lower():
                    raise self._open_error(msg) from None
                if time.monotonic() >= deadline:
                    holder = re.search(r"PID (\d+)", msg)
                    by = f" (pid {holder.group(1)})" if holder else ""
                    raise InputError(
                        f"run store {self.path} is in use by another process{by}; try again when it finishes"
                    ) from None
                time.sleep(pause)
                pause = min(pause * 2, 0.25)
            except duckdb.Error as exc:
                raise self._open_error(str(exc)) from None

    def _open_error(self, msg: str) -> InputError:
        if "not a valid DuckDB database" in msg:
            return InputError(f"run store {self.path} is not a DuckDB database (point {ENV_VAR} or --db elsewhere)")
        first = msg.splitlines()[0] if msg else "unknown error"
        first = first.removeprefix("IO Error: ")
        return InputError(f"run store {self.path} cannot be opened: {first}")

    def _resolve(self, con: duckdb.DuckDBPyConnection, run_id: str, with_status: bool = False):
        prefix = str(run_id).strip()
        rows = []
        if prefix:
            rows = con.execute(
                "SELECT run_id, status FROM runs WHERE run_id = ? OR starts_with(run_id, ?) ORDER BY run_id",
                [prefix, prefix],
            ).fetchall()
            exact = [r for r in rows if r[0] == prefix]
            rows = exact or rows
        if not rows:
            raise _unknown(run_id)
        if len(rows) > 1:
            raise InputError(f"ambiguous run id '{run_id}' matches {len(rows)} runs")
        return tuple(rows[0]) if with_status else rows[0][0]

    def _mark_vanished(self, con: duckdb.DuckDBPyConnection) -> None:
        # Only processes on this host can be checked; runs started elsewhere (shared disk) keep their status.
        running = con.execute(
            "SELECT run_id, pid FROM runs WHERE status = 'running' AND host = ?", [socket.gethostname()]
        ).fetchall()
        for run_id, pid in running:
            if not _pid_alive(int(pid)):
                con.execute(
                    "UPDATE runs SET status = 'interrupted', reason = ? WHERE run_id = ? AND status = 'running'",
                    [VANISHED_REASON, run_id],
                )

    def _mark_failed_quietly(self, run_id: str, status: str, reason: str) -> None:
        # Called while another error is propagating: that error is the one the user must see, so swallow ours.
        try:
            self.fail_run(run_id, status, reason)
        except BaseException:
            pass


class _NotRunning(ValueError):
    """finish_run on a run that already ended: its recorded outcome must stand."""


def _clean_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """Check the metrics frame and return it with exactly the stored columns and types; ValueError if malformed."""
    if not isinstance(metrics, pd.DataFrame):
        raise ValueError(f"metrics must be a pandas DataFrame, not {type(metrics).__name__}")
    missing = [c for c in METRIC_COLUMNS if c not in metrics.columns]
    if missing:
        raise ValueError(f"metrics frame lacks column(s) {', '.join(missing)}; expected {', '.join(METRIC_COLUMNS)}")
    for col in METRIC_COLUMNS:
        n_null = int(metrics[col].isna().sum())
        if n_null:
            raise ValueError(f"metrics column {col!r} has {n_null} missing value(s)")
    try:
        value = pd.to_numeric(metrics["value"], errors="raise").astype("float64")
        draw_num = pd.to_numeric(metrics["draw"], errors="raise")
    except (TypeError, ValueError) as exc:
        raise ValueError(f"metrics draw/value columns must be numeric: {exc}") from None
    if not np.isfinite(value.to_numpy()).all():
        raise ValueError("metrics column 'value' has non-finite values (inf or NaN)")
    draw = draw_num.astype("int64")
    if (draw != draw_num).any() or (draw < 0).any():
        raise ValueError("metrics column 'draw' must hold non-negative whole numbers")
    frame = pd.DataFrame({"draw": draw.to_numpy(), "value": value.to_numpy()})
    for col in _TEXT_COLUMNS:
        frame[col] = metrics[col].astype(str).to_numpy()
    dupes = frame.duplicated(list(_KEY_COLUMNS))
    if dupes.any():
        first = frame.loc[dupes.idxmax(), list(_KEY_COLUMNS)].to_dict()
        raise ValueError(f"metrics frame has {int(dupes.sum())} duplicate row(s), first {first}")
    return frame[list(METRIC_COLUMNS)]


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by another user
        return True
    except OSError:
        return False
    # A killed child that its parent has not yet reaped still answers signal 0; on Linux /proc shows it as a zombie.
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _utcnow() -> dt.datetime:
    # Stored naive in a TIMESTAMP column; the schema documents it as UTC.
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _new_run_id(now: dt.datetime) -> str:
    return f"r{now:%Y%m%d%H%M%S}{secrets.token_hex(2)}"


def _unknown(run_id: str) -> InputError:
    return InputError(f"unknown run id '{run_id}' (see `relokant runs list`)")


def _json_default(obj: Any) -> Any:
    # numpy scalars and arrays, paths and dates turn up in parameters; anything else is a bug worth surfacing.
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if isinstance(obj, (Path, dt.date)):
        return str(obj)
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    raise TypeError(f"run parameter of type {type(obj).__name__} cannot be stored as JSON")
