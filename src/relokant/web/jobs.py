"""Jobs: simulations asked for over the web, queued, run in worker processes, their status kept in the run store.

Input: a job kind ('run' or 'claim', see ``work.JOBS``) and its request (a JSON-able dict already validated by
``models``). Output: ``JobStore``, the ``web_jobs`` and ``web_scenarios`` tables in the run store's DuckDB file, and
``JobRunner``, a bounded queue and a small pool of worker processes with a time limit per job.

A job is 'queued', then 'running' (with its stage, done/total and an estimate of the time left), then 'done' (with
the run id it stored) or 'failed' (with the reason). Status survives a restart of the server: jobs still queued are
queued again, jobs that were running are marked failed, since their worker died with the old server.

Only the server process writes these tables; workers report over a pipe. Like ``RunStore``, every operation opens
the file and closes it again, so the workers (which store their runs through ``relokant.api``) can open it between.
Progress is kept in memory and written to the file at most once a second.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import queue
import secrets
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from relokant.store import RunStore
from relokant.web import limits

ACTIVE = ("queued", "running")
RESTART_REASON = "the server stopped while the job was running; start it again"
_COLUMNS = ("job_id", "kind", "status", "stage", "done", "total", "created_at", "started_at", "ended_at", "reason",
            "scenario", "request", "run_id", "result")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS web_jobs (
    job_id VARCHAR PRIMARY KEY, kind VARCHAR, status VARCHAR, stage VARCHAR, done BIGINT, total BIGINT,
    created_at TIMESTAMP, started_at TIMESTAMP, ended_at TIMESTAMP, reason VARCHAR, scenario VARCHAR,
    request VARCHAR, run_id VARCHAR, result VARCHAR);
CREATE TABLE IF NOT EXISTS web_scenarios (name VARCHAR PRIMARY KEY, yaml VARCHAR, saved_at TIMESTAMP);
"""
PROGRESS_WRITE_S = 1.0


class QueueFull(Exception):
    """More jobs are waiting than ``limits.QUEUE_LIMIT``."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _iso(value) -> str | None:
    return None if value is None else value.isoformat(sep=" ") + " UTC"


class JobStore:
    """Jobs and saved scenarios in the run store's file; active jobs are mirrored in memory for fast polling."""

    def __init__(self, db: str | Path | None):
        self.runs = RunStore(db)
        self.path = self.runs.path
        self._lock = threading.Lock()
        self._live: dict[str, dict] = {}  # job id -> row, for jobs queued or running in this server
        self._written: dict[str, float] = {}  # job id -> when its progress was last written to the file
        with self._connect() as con:
            con.execute(_SCHEMA)

    @contextmanager
    def _connect(self):
        # The run store's own connection: the same lock waiting and schema check as every other command.
        with self.runs._connect() as con:  # noqa: SLF001 (one store file, one way to open it)
            con.execute(_SCHEMA)
            yield con

    # ------------------------------------------------------------------ jobs

    def create(self, kind: str, request: dict, scenario: str) -> dict:
        row = {c: None for c in _COLUMNS}
        row.update(job_id=f"j{_now():%Y%m%d%H%M%S}{secrets.token_hex(3)}", kind=kind, status="queued",
                   stage="waiting for a worker", done=0, total=0, created_at=_now(), scenario=scenario,
                   request=json.dumps(request))
        with self._lock:
            self._live[row["job_id"]] = row
        with self._connect() as con:
            con.execute(f"INSERT INTO web_jobs VALUES ({', '.join('?' * len(_COLUMNS))})", [row[c] for c in _COLUMNS])
        return dict(row)

    def update(self, job_id: str, *, progress_only: bool = False, **fields) -> None:
        """Change a job's fields; progress-only updates reach the file at most once a second."""
        with self._lock:
            row = self._live.get(job_id)
            if row is not None:
                row.update(fields)
            if progress_only:
                now = time.monotonic()
                if now - self._written.get(job_id, 0.0) < PROGRESS_WRITE_S:
                    return
                self._written[job_id] = now
            if row is not None and row["status"] not in ACTIVE:
                self._live.pop(job_id, None)
                self._written.pop(job_id, None)
        names = list(fields)
        with self._connect() as con:
            con.execute(f"UPDATE web_jobs SET {', '.join(f'{n} = ?' for n in names)} WHERE job_id = ?",
                        [fields[n] for n in names] + [job_id])

    def get(self, job_id: str) -> dict | None:
        with self._lock:
            live = self._live.get(job_id)
            if live is not None:
                return dict(live)
        with self._connect() as con:
            found = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM web_jobs WHERE job_id = ?", [job_id]).fetchone()
        return dict(zip(_COLUMNS, found)) if found else None

    def by_run_id(self, run_id: str) -> dict | None:
        with self._connect() as con:
            found = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM web_jobs WHERE run_id = ? ORDER BY created_at "
                                "DESC LIMIT 1", [run_id]).fetchone()
        return dict(zip(_COLUMNS, found)) if found else None

    def recent(self, limit: int = 100, kind: str | None = None) -> list[dict]:
        where, args = ("WHERE kind = ?", [kind]) if kind else ("", [])
        with self._connect() as con:
            rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM web_jobs {where} ORDER BY created_at DESC, "
                               f"job_id DESC LIMIT ?", [*args, limit]).fetchall()
        with self._lock:  # the file lags behind the memory for progress
            return [dict(self._live.get(r[0]) or dict(zip(_COLUMNS, r))) for r in rows]

    def queued_count(self) -> int:
        with self._lock:
            return sum(1 for r in self._live.values() if r["status"] == "queued")

    def recover(self) -> list[str]:
        """After a restart: running jobs failed (their worker is gone), queued ones returned in order."""
        with self._connect() as con:
            con.execute("UPDATE web_jobs SET status = 'failed', reason = ?, ended_at = ? WHERE status = 'running'",
                        [RESTART_REASON, _now()])
            rows = con.execute(f"SELECT {', '.join(_COLUMNS)} FROM web_jobs WHERE status = 'queued' "
                               "ORDER BY created_at, job_id").fetchall()
        with self._lock:
            for r in rows:
                self._live[r[0]] = dict(zip(_COLUMNS, r))
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ saved scenarios

    def save_scenario(self, name: str, text: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM web_scenarios WHERE name = ?", [name])
            con.execute("INSERT INTO web_scenarios VALUES (?, ?, ?)", [name, text, _now()])

    def scenario(self, name: str) -> str | None:
        with self._connect() as con:
            found = con.execute("SELECT yaml FROM web_scenarios WHERE name = ?", [name]).fetchone()
        return found[0] if found else None

    def scenarios(self) -> list[dict]:
        with self._connect() as con:
            rows = con.execute("SELECT name, saved_at FROM web_scenarios ORDER BY name").fetchall()
        return [{"name": n, "saved_at": _iso(t)} for n, t in rows]


def describe(row: dict) -> dict:
    """A job row as the API shows it: status, stage, progress share, time left, the run id and reason."""
    done, total = row.get("done") or 0, row.get("total") or 0
    share = min(1.0, done / total) if total else (1.0 if row["status"] == "done" else 0.0)
    eta = None
    if row["status"] == "running" and row.get("started_at") and 0 < share < 1:
        elapsed = (_now() - row["started_at"]).total_seconds()
        eta = round(max(0.0, elapsed * (1 - share) / share), 1)
    return {"job_id": row["job_id"], "kind": row["kind"], "status": row["status"], "stage": row.get("stage") or "",
            "progress": round(share, 4), "eta_s": eta, "scenario": row.get("scenario"), "run_id": row.get("run_id"),
            "reason": row.get("reason"), "created_at": _iso(row.get("created_at")),
            "started_at": _iso(row.get("started_at")), "ended_at": _iso(row.get("ended_at"))}


class _Slot:
    """One worker process and the thread that feeds it jobs, one at a time, under the time limit."""

    def __init__(self, runner: "JobRunner", number: int):
        self.runner, self.number = runner, number
        self.process = None
        self.conn = None
        self.thread = threading.Thread(target=self._loop, name=f"relokant-job-slot-{number}", daemon=True)

    def _start_process(self) -> None:
        from relokant.web.work import worker_main

        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        parent, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, str(self.runner.store.path)),
                                       name=f"relokant-web-worker-{self.number}", daemon=True)
        self.process.start()
        child.close()
        self.conn = parent

    def _stop_process(self) -> None:
        if self.process is not None and self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.process, self.conn = None, None

    def _loop(self) -> None:
        self._start_process()  # started before the first job: imports take a couple of seconds
        while True:
            job_id = self.runner.queue.get()
            if job_id is None or self.runner.stopping:  # queued jobs stay queued in the file for the next start
                self._stop_process()
                return
            try:
                self._run(job_id)
            except Exception as exc:  # never leave a job 'running' because the slot itself failed
                self.runner.store.update(job_id, status="failed", reason=f"the job runner failed: {exc}",
                                         ended_at=_now())
                self._stop_process()

    def _run(self, job_id: str) -> None:
        store = self.runner.store
        row = store.get(job_id)
        if row is None or row["status"] != "queued":
            return
        if self.process is None or not self.process.is_alive():
            self._start_process()
        store.update(job_id, status="running", stage="starting", started_at=_now())
        self.conn.send((job_id, row["kind"], json.loads(row["request"])))
        deadline = time.monotonic() + self.runner.time_limit_s
        while True:
            if self.conn.poll(0.2):
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    message = ("failed", self._died())
                kind = message[0]
                if kind == "progress":
                    _, stage, done, total = message
                    store.update(job_id, progress_only=True, stage=stage, done=int(done), total=int(total))
                    continue
                if kind == "done":
                    result = message[1]
                    store.update(job_id, status="done", stage="done", done=1, total=1, ended_at=_now(),
                                 run_id=result.get("run_id"), result=json.dumps(result.get("extra") or {}))
                else:
                    store.update(job_id, status="failed", reason=message[1], ended_at=_now())
                    if message[1] == self._died():
                        self._stop_process()
                return
            if self.runner.stopping:
                self._stop_process()
                store.update(job_id, status="failed", reason=RESTART_REASON, ended_at=_now())
                return
            if time.monotonic() > deadline:
                self._stop_process()
                store.update(job_id, status="failed", ended_at=_now(),
                             reason=f"stopped after the time limit of {self.runner.time_limit_s:g} s per job; "
                                    "use a smaller sample size, fewer draws or a nearer horizon")
                return
            if not self.process.is_alive():
                store.update(job_id, status="failed", reason=self._died(), ended_at=_now())
                self._stop_process()
                return

    def _died(self) -> str:
        code = self.process.exitcode if self.process is not None else None
        return f"the worker process ended unexpectedly (exit code {code}), e.g. out of memory"


class JobRunner:
    """The bounded queue and the worker slots. ``workers=0`` accepts and queues jobs but runs none (API tests)."""

    def __init__(self, store: JobStore, *, workers: int = limits.WORKERS, queue_limit: int = limits.QUEUE_LIMIT,
                 time_limit_s: float = limits.JOB_TIME_LIMIT_S):
        self.store = store
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.queue_limit = queue_limit
        self.time_limit_s = time_limit_s
        self.slots = [_Slot(self, i) for i in range(workers)]
        self._submit_lock = threading.Lock()
        self.started = False
        self.stopping = False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        for job_id in self.store.recover():
            self.queue.put(job_id)
        for slot in self.slots:
            slot.thread.start()

    def submit(self, kind: str, request: dict, scenario: str) -> dict:
        with self._submit_lock:  # the count and the insert together, or two requests could both take the last place
            waiting = self.store.queued_count()
            if waiting >= self.queue_limit:
                raise QueueFull(f"{waiting} jobs are already waiting (the limit is {self.queue_limit}); try again "
                                "when one has finished")
            row = self.store.create(kind, request, scenario)
        self.queue.put(row["job_id"])
        return row

    def stop(self) -> None:
        if not self.started:
            return
        self.stopping = True
        for _ in self.slots:
            self.queue.put(None)
        for slot in self.slots:
            slot.thread.join(10)
            slot._stop_process()
        self.started = self.stopping = False
