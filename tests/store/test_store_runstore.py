"""Tests for relokant.store: round trip, id lookup, atomic finish, crash and kill behaviour, locking and bad paths.

Input: temporary DuckDB files (tmp_path) and helper subprocesses that start runs and get killed. Output: pass/fail.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

import relokant
from relokant.errors import InputError
from relokant.store import RunStore, default_db_path
from relokant.store import runstore as runstore_mod
from relokant.store.schema import SCHEMA_VERSION

SRC = str(Path(relokant.__file__).resolve().parents[1])


def start(store: RunStore, **over) -> str:
    kw = dict(
        scenario_name="baseline",
        scenario_hash="abc123",
        scenario_yaml="name: baseline\n",
        code_version="0.1.0+test",
        data_version="d1",
        seed=7,
        sample_size=1000,
        draws=3,
        parameters={"exit_ban": True, "rate": 0.25, "arr": np.array([1, 2])},
    )
    kw.update(over)
    return store.start_run(**kw)


def frame(values_by_draw: dict[int, list[float]]) -> pd.DataFrame:
    """Two cells (AM, GE) per draw; values_by_draw[d] = [AM value, GE value]."""
    rows = []
    for d, (am, ge) in values_by_draw.items():
        rows.append((d, "stock_abroad", "AM", "2024-07", am, "persons"))
        rows.append((d, "stock_abroad", "GE", "2024-07", ge, "persons"))
    return pd.DataFrame(rows, columns=["draw", "metric", "geo", "period", "value", "unit"])


def raw_count(path: Path, run_id: str) -> int:
    con = duckdb.connect(str(path))
    try:
        return con.execute("SELECT count(*) FROM metrics WHERE run_id = ?", [run_id]).fetchone()[0]
    finally:
        con.close()


def raw_status(path: Path, run_id: str) -> tuple[str, str | None]:
    con = duckdb.connect(str(path))
    try:
        return con.execute("SELECT status, reason FROM runs WHERE run_id = ?", [run_id]).fetchone()
    finally:
        con.close()


def spawn(code: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        **kw,
    )


CHILD_START = textwrap.dedent(
    """
    import time
    from relokant.store import RunStore
    store = RunStore({path!r})
    rid = store.start_run(scenario_name="child", scenario_hash="h", scenario_yaml="y", code_version="c",
                          data_version="d", seed=1, sample_size=10, draws=3, parameters={{}})
    """
)


# ---------------------------------------------------------------------------------------------- round trip


def test_roundtrip_and_summary_quantiles(tmp_path):
    path = tmp_path / "runs.duckdb"
    store = RunStore(path)
    assert not path.exists()  # nothing is created before the first write
    rid = start(store)
    assert re.fullmatch(r"r\d{14}[0-9a-f]{4}", rid)

    row = store.run(rid)
    assert row["status"] == "running"
    assert row["pid"] == os.getpid()
    assert row["parameters"] == {"arr": [1, 2], "exit_ban": True, "rate": 0.25}
    assert row["ended_at"] is None

    am, ge = [10.0, 20.0, 40.0], [5.0, 5.0, 5.0]
    store.finish_run(rid, frame({2: [am[2], ge[2]], 0: [am[0], ge[0]], 1: [am[1], ge[1]]}))

    row = store.run(rid)
    assert row["status"] == "done"
    assert row["ended_at"] >= row["started_at"]

    m = store.metrics(rid)
    assert list(m.columns) == ["draw", "metric", "geo", "period", "value", "unit"]
    assert len(m) == 6
    assert m["geo"].tolist() == ["AM"] * 3 + ["GE"] * 3
    assert m["draw"].tolist() == [0, 1, 2, 0, 1, 2]

    s = store.summary(rid)
    assert list(s.columns) == ["metric", "geo", "period", "p05", "p50", "p95", "unit"]
    assert s["geo"].tolist() == ["AM", "GE"]
    am_row = s.iloc[0]
    # Linear interpolation: p05 sits 0.1 of the way from 10 to 20, p95 0.9 of the way from 20 to 40.
    assert am_row[["p05", "p50", "p95"]].tolist() == pytest.approx([11.0, 20.0, 38.0])
    assert am_row[["p05", "p95"]].tolist() == pytest.approx(np.quantile(am, [0.05, 0.95]).tolist())
    assert s.iloc[1][["p05", "p50", "p95"]].tolist() == [5.0, 5.0, 5.0]
    assert am_row["unit"] == "persons"


def test_single_draw_summary_equals_value(tmp_path):
    store = RunStore(tmp_path / "s.duckdb")
    rid = start(store, draws=1)
    store.finish_run(rid, frame({0: [123.5, 7.0]}))
    s = store.summary(rid)
    assert s.iloc[0][["p05", "p50", "p95"]].tolist() == [123.5, 123.5, 123.5]


def test_runs_newest_first_and_ids_unique(tmp_path):
    store = RunStore(tmp_path / "s.duckdb")
    ids = [start(store, scenario_name=f"s{i}") for i in range(5)]
    assert len(set(ids)) == 5
    listed = store.runs()
    assert set(listed["run_id"]) == set(ids)
    assert listed["started_at"].is_monotonic_decreasing
    assert (listed["status"] == "running").all()  # this process is alive, so none is reaped


def test_reads_of_missing_file_create_nothing(tmp_path):
    path = tmp_path / "none.duckdb"
    store = RunStore(path)
    listed = store.runs()
    assert listed.empty and "run_id" in listed.columns
    with pytest.raises(InputError, match="unknown run id 'r1'"):
        store.run("r1")
    assert not path.exists()


def test_default_db_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELOKANT_DB", raising=False)
    assert default_db_path() == tmp_path / "relokant.duckdb"
    assert RunStore().path == tmp_path / "relokant.duckdb"
    monkeypatch.setenv("RELOKANT_DB", str(tmp_path / "other.duckdb"))
    assert default_db_path() == tmp_path / "other.duckdb"
    assert RunStore(None).path == tmp_path / "other.duckdb"


def test_schema_version_marker(tmp_path):
    path = tmp_path / "s.duckdb"
    start(RunStore(path))
    con = duckdb.connect(str(path))
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con.execute("UPDATE schema_version SET version = ?", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(InputError, match="newer than this relokant"):
        RunStore(path).runs()


# ---------------------------------------------------------------------------------------------- id lookup


def test_prefix_lookup_unknown_and_ambiguous(tmp_path, monkeypatch):
    ids = iter(["r20240101000000aaaa", "r20240101000000aabb", "r20240101000000ccdd"])
    monkeypatch.setattr(runstore_mod, "_new_run_id", lambda now: next(ids))
    store = RunStore(tmp_path / "s.duckdb")
    a, b, c = start(store), start(store), start(store)

    assert store.run("r20240101000000c")["run_id"] == c
    assert store.run(a)["run_id"] == a
    store.finish_run("r20240101000000aab", frame({0: [1.0, 2.0]}))  # prefixes work for writes too
    assert store.run(b)["status"] == "done"

    with pytest.raises(InputError) as exc:
        store.run("r20240101000000aa")
    assert str(exc.value) == "ambiguous run id 'r20240101000000aa' matches 2 runs"
    with pytest.raises(InputError) as exc:
        store.run("r2024")
    assert str(exc.value) == "ambiguous run id 'r2024' matches 3 runs"
    with pytest.raises(InputError) as exc:
        store.run("zzz")
    assert str(exc.value) == "unknown run id 'zzz' (see `relokant runs list`)"
    for method in (store.metrics, store.summary, store.run):
        with pytest.raises(InputError, match=r"^unknown run id ''"):
            method("")
        with pytest.raises(InputError, match=r"^unknown run id 'nope'"):
            method("nope")


# ---------------------------------------------------------------------------------------------- atomic finish


def test_malformed_metrics_leave_nothing(tmp_path):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    rid = start(store)
    bad = frame({0: [1.0, 2.0], 1: [3.0, 4.0]}).drop(columns="unit")
    with pytest.raises(ValueError, match="lacks column.*unit"):
        store.finish_run(rid, bad)
    assert raw_count(path, rid) == 0
    assert store.metrics(rid).empty
    row = store.run(rid)
    assert row["status"] == "failed"
    assert "unit" in row["reason"]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda f: f.assign(value=[1.0, float("nan"), 3.0, 4.0]), "missing value"),
        (lambda f: f.assign(value=[1.0, float("inf"), 3.0, 4.0]), "non-finite"),
        (lambda f: f.assign(draw=[0, 0.5, 1, 1]), "whole numbers"),
        (lambda f: f.assign(draw=[0, 0, 0, 0]), "duplicate"),
        (lambda f: f.assign(value=["1", "x", "3", "4"]), "numeric"),
    ],
)
def test_bad_metric_values_rejected(tmp_path, mutate, message):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    rid = start(store)
    with pytest.raises(ValueError, match=message):
        store.finish_run(rid, mutate(frame({0: [1.0, 2.0], 1: [3.0, 4.0]})))
    assert raw_count(path, rid) == 0
    assert store.run(rid)["status"] != "done"


@pytest.mark.parametrize("exc_type, status", [(RuntimeError, "failed"), (KeyboardInterrupt, "interrupted")])
def test_failure_after_insert_rolls_back(tmp_path, monkeypatch, exc_type, status):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    rid = start(store)

    def boom(self, con, run_id):
        # The metrics are inserted by now, inside the open transaction.
        assert con.execute("SELECT count(*) FROM metrics WHERE run_id = ?", [run_id]).fetchone()[0] == 4
        raise exc_type("boom")

    monkeypatch.setattr(RunStore, "_mark_done", boom)
    with pytest.raises(exc_type):
        store.finish_run(rid, frame({0: [1.0, 2.0], 1: [3.0, 4.0]}))
    assert raw_count(path, rid) == 0
    assert raw_status(path, rid)[0] == status


def test_finish_twice_refused_and_fail_keeps_done(tmp_path):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    rid = start(store)
    store.finish_run(rid, frame({0: [1.0, 2.0]}))
    with pytest.raises(ValueError, match="is done"):
        store.finish_run(rid, frame({0: [1.0, 2.0]}))
    assert raw_count(path, rid) == 2
    store.fail_run(rid, "failed", "late error")  # a finished run keeps its outcome
    assert store.run(rid)["status"] == "done"


def test_fail_run_and_delete(tmp_path):
    store = RunStore(tmp_path / "s.duckdb")
    rid = start(store)
    with pytest.raises(ValueError, match="interrupted"):
        store.fail_run(rid, "done", "x")
    store.fail_run(rid, "interrupted", "Ctrl-C\nby user")
    row = store.run(rid)
    assert (row["status"], row["reason"]) == ("interrupted", "Ctrl-C by user")
    assert row["ended_at"] is not None
    store.delete_run(rid)
    assert store.runs().empty
    with pytest.raises(InputError, match="unknown run id"):
        store.run(rid)


# ---------------------------------------------------------------------------------------------- other processes


def finished_run(store: RunStore) -> tuple[str, pd.DataFrame]:
    rid = start(store)
    store.finish_run(rid, frame({0: [1.0, 2.0], 1: [3.0, 4.0], 2: [5.0, 6.0]}))
    return rid, store.metrics(rid)


def test_kill9_while_running_marks_interrupted(tmp_path):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    earlier, earlier_metrics = finished_run(store)

    child = spawn(CHILD_START.format(path=str(path)) + "print(rid, flush=True)\ntime.sleep(60)\n")
    try:
        rid = child.stdout.readline().strip()
        assert rid, child.stderr.read()
        # The child holds the file closed while it "simulates": this process can read and write meanwhile.
        listed = store.runs().set_index("run_id")
        assert listed.loc[rid, "status"] == "running"
        assert listed.loc[rid, "pid"] == child.pid
        other = start(store)
        store.finish_run(other, frame({0: [1.0, 2.0]}))
        child.send_signal(signal.SIGKILL)
        # Not reaped yet: the dead child is a zombie that still answers kill(pid, 0); it must count as ended.
        deadline = time.monotonic() + 2
        while store.run(rid)["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert store.run(rid)["status"] == "interrupted"
        assert child.returncode is None  # still unreaped when the store saw it as ended
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL

    listed = store.runs().set_index("run_id")
    assert listed.loc[rid, "status"] == "interrupted"
    assert listed.loc[rid, "reason"] == "process ended without finishing"
    assert raw_status(path, rid) == ("interrupted", "process ended without finishing")  # persisted
    assert raw_count(path, rid) == 0
    pd.testing.assert_frame_equal(store.metrics(earlier), earlier_metrics)
    assert store.run(earlier)["status"] == "done"


def test_kill9_inside_finish_transaction_leaves_no_metrics(tmp_path):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    earlier, earlier_metrics = finished_run(store)

    code = CHILD_START.format(path=str(path)) + textwrap.dedent(
        """
        import os, signal
        import pandas as pd
        from relokant.store.runstore import RunStore as RS
        def die(self, con, run_id):
            n = con.execute("SELECT count(*) FROM metrics WHERE run_id = ?", [run_id]).fetchone()[0]
            print(rid, n, flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
        RS._mark_done = die
        m = pd.DataFrame({"draw": range(3000), "metric": "stock_abroad", "geo": "AM", "period": "2024-07",
                          "value": 1.0, "unit": "persons"})
        store.finish_run(rid, m)
        """
    )
    child = spawn(code)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    rid, inserted = out.split()
    assert int(inserted) == 3000  # the kill really landed after the insert, inside the transaction

    assert raw_count(path, rid) == 0
    assert store.run(rid)["status"] == "interrupted"
    pd.testing.assert_frame_equal(store.metrics(earlier), earlier_metrics)


def test_locked_file_gives_one_line_error(tmp_path):
    path = tmp_path / "s.duckdb"
    store = RunStore(path)
    earlier, _ = finished_run(store)
    holder = spawn(
        f"""
        import duckdb, sys, time
        con = duckdb.connect({str(path)!r})
        print("held", flush=True)
        sys.stdin.readline()
        con.close()
        print("released", flush=True)
        time.sleep(30)
        """,
        stdin=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == "held", holder.stderr.read()
        store._lock_wait_s = 0.3
        with pytest.raises(InputError) as exc:
            store.runs()
        msg = str(exc.value)
        assert msg == f"run store {path} is in use by another process (pid {holder.pid}); try again when it finishes"

        # Released while we wait: the retry gets through.
        store._lock_wait_s = 10.0
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert store.run(earlier)["status"] == "done"
    finally:
        holder.kill()
        holder.wait(timeout=10)
        for f in (holder.stdin, holder.stdout, holder.stderr):
            f.close()


# ---------------------------------------------------------------------------------------------- bad paths


def test_missing_directory(tmp_path):
    path = tmp_path / "no" / "such" / "runs.duckdb"
    store = RunStore(path)
    expected = f"run store {path}: directory {path.parent} does not exist"
    with pytest.raises(InputError) as exc:
        start(store)
    assert str(exc.value) == expected
    with pytest.raises(InputError) as exc:
        store.runs()
    assert str(exc.value) == expected


def test_not_a_duckdb_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are not the runs you are looking for\n" * 200)
    store = RunStore(path)
    for call in (store.runs, lambda: start(store), lambda: store.run("r1")):
        with pytest.raises(InputError) as exc:
            call()
        assert str(exc.value).startswith(f"run store {path} is not a DuckDB database")
        assert "\n" not in exc.value.message
    assert path.read_text().startswith("these are not")  # left untouched


def test_directory_as_path(tmp_path):
    store = RunStore(tmp_path)
    with pytest.raises(InputError) as exc:
        start(store)
    assert str(exc.value) == f"run store {tmp_path} is a directory, not a DuckDB database file"


def test_parameters_must_be_json(tmp_path):
    store = RunStore(tmp_path / "s.duckdb")
    with pytest.raises(TypeError, match="object"):
        start(store, parameters={"x": object()})
    assert store.runs().empty
    rid = start(store, parameters={"when": __import__("datetime").date(2024, 7, 1), "tags": {"b", "a"}})
    assert store.run(rid)["parameters"] == json.loads('{"when": "2024-07-01", "tags": ["a", "b"]}')
