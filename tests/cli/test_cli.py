"""End-to-end tests of the ``relokant`` command as a user runs it: real subprocesses, a run store in tmp_path.

Input: a small scenario (the shipped baseline to 2024-12 with 5,000 records), bad command lines, and long runs that
get SIGINT, SIGTERM or SIGKILL. Output: pass/fail. Checked: the JSON output contract of ``relokant run --json``, the
stored manifest, reproducibility, ``compare``, the evidence commands, one-line errors with exit code 2, and that an
interrupted run is recorded as 'interrupted' without metrics while earlier runs keep theirs.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

from relokant import __version__ as RELOKANT_VERSION
from relokant import evidence, geo, parameters
from relokant.scenario import builtin, load
from relokant.store import RunStore

SCRIPT = Path(sys.executable).with_name("relokant")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "relokant.cli"]
MONTHS = [f"{y}-{m:02d}" for y in (2022, 2023, 2024) for m in range(1, 13)]
YEARS = ["2022", "2023", "2024"]
HORIZON = "2024-12"
CONTRACT_KEYS = {"run_id", "scenario", "seed", "draws", "sample_size", "metrics"}
ROW_KEYS = {"metric", "geo", "period", "p05", "p50", "p95", "unit"}
UNITS = {"stock_abroad": "persons", "departures_cum": "persons", "returned_cum": "persons",
         "first_permits": "permits", "capital_abroad_eur": "EUR"}


def _env(db: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS", "LINES")}
    env["RELOKANT_DB"] = str(db)
    return env


def relokant(*args, cwd: Path, db: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *map(str, args)], cwd=cwd, env=_env(db), capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def relokant_many(calls: list[tuple[list, Path, Path]], timeout: float = 120) -> list[subprocess.CompletedProcess]:
    """Several independent ``relokant`` commands at once, (argv, cwd, db) each; results in the same order.

    Each command takes about a second just to import its libraries, so independent ones run side by side.
    """
    procs = [subprocess.Popen([*COMMAND, *map(str, argv)], cwd=cwd, env=_env(db), stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for argv, cwd, db in calls]
    results = []
    try:
        for (argv, _, _), proc in zip(calls, procs):
            stdout, stderr = proc.communicate(timeout=timeout)
            results.append(subprocess.CompletedProcess([*COMMAND, *map(str, argv)], proc.returncode, stdout, stderr))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    return results


def one_json(proc: subprocess.CompletedProcess) -> dict:
    """stdout must be exactly one JSON object (one line) and nothing else."""
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    text = proc.stdout
    assert text.endswith("\n") and text.count("\n") == 1, f"stdout is not one line: {text[:300]!r}"
    obj, end = json.JSONDecoder().raw_decode(text)
    assert text[end:] == "\n", f"stdout has more than one JSON value: {text[end:end + 200]!r}"
    assert isinstance(obj, dict)
    return obj


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    assert proc.stdout == "", f"stdout is not empty: {proc.stdout[:300]!r}"
    assert "Traceback" not in proc.stderr
    assert proc.stderr.endswith("\n") and proc.stderr.count("\n") == 1, f"stderr is not one line: {proc.stderr!r}"
    return proc.stderr.rstrip("\n")


def by_key(contract: dict) -> dict[tuple[str, str, str], dict]:
    rows = {(r["metric"], r["geo"], r["period"]): r for r in contract["metrics"]}
    assert len(rows) == len(contract["metrics"]), "duplicate (metric, geo, period) rows"
    return rows


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


# ----------------------------------------------------------------------------------------------- shared runs


class Session:
    """One run store for the module. The small scenario is run three times at the start, side by side (each run
    imports for a second and simulates for a second): twice plainly (same seed) and once with ``--draws 3``."""

    RUNS = {"first": (), "again": (), "draws3": ("--draws", "3")}

    def __init__(self, root: Path):
        self.root = root
        self.db = root / "runs.duckdb"
        self.scenario = root / "small.yaml"
        self.scenario.write_text(
            f"extends: {builtin('baseline').resolve()}\nname: e2e-small\nsample_size: 5000\nhorizon: {HORIZON}\n",
            encoding="utf-8")
        calls = [(["run", self.scenario.name, "--json", *options], root, self.db) for options in self.RUNS.values()]
        self.procs = dict(zip(self.RUNS, relokant_many(calls)))

    def run(self, label: str) -> dict:
        """The JSON output of one of the module's runs (checked to be exactly one JSON object)."""
        return one_json(self.procs[label])

    def cli(self, *args, timeout: float = 120) -> subprocess.CompletedProcess:
        return relokant(*args, cwd=self.root, db=self.db, timeout=timeout)

    def many(self, *argvs: list) -> list[subprocess.CompletedProcess]:
        return relokant_many([(argv, self.root, self.db) for argv in argvs])


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> Session:
    return Session(tmp_path_factory.mktemp("cli"))


@pytest.fixture(scope="module")
def contract(session) -> dict:
    return session.run("first")


# ----------------------------------------------------------------------------------------------- output contract


def test_run_json_header(contract, session):
    assert CONTRACT_KEYS <= set(contract)
    assert isinstance(contract["run_id"], str) and contract["run_id"]
    assert contract["scenario"] == "e2e-small"
    assert (contract["seed"], contract["draws"], contract["sample_size"]) == (1, 1, 5000)
    assert contract["data_version"] == evidence.DATA_VERSION
    assert contract["synthetic_population"] is True


def test_run_json_rows(contract):
    rows = contract["metrics"]
    assert rows
    for r in rows:
        assert set(r) == ROW_KEYS, r
        for q in ("p05", "p50", "p95"):
            assert isinstance(r[q], (int, float)) and math.isfinite(r[q]), r
        assert r["p05"] <= r["p50"] <= r["p95"], r
        assert r["p05"] >= 0 or r["metric"] == "fiscal_balance_eur", r  # a balance may be negative
        assert r["unit"] == UNITS.get(r["metric"], r["unit"]), r
    assert set(UNITS) <= {r["metric"] for r in rows}


def test_run_json_metrics_cover_places_and_periods(contract):
    rows = by_key(contract)
    places = [*geo.DESTINATIONS, "EU27", "WORLD"]
    for metric in ("stock_abroad", "capital_abroad_eur"):
        have = {(g, p) for (m, g, p) in rows if m == metric}
        assert have == {(g, p) for g in places for p in MONTHS}, metric
    for metric in ("departures_cum", "returned_cum", "onward_moves_cum"):
        have = {(g, p) for (m, g, p) in rows if m == metric}
        assert have == {("WORLD", p) for p in MONTHS}, metric
    have = {(g, p) for (m, g, p) in rows if m == "first_permits"}
    assert have == {(g, y) for g in [*geo.EU27, "EU27"] for y in YEARS}
    # Russia is never a destination; it appears only for what it loses: workers, output, capital.
    assert {m for (m, g, _) in rows if g == "RU"} == {"capital_outflow_ru_eur", "labour_force_loss_ru",
                                                      "output_loss_ru_eur"}
    assert {(g, p) for (m, g, p) in rows if m == "capital_outflow_ru_eur"} == {("RU", p) for p in MONTHS}


def test_run_json_aggregates_are_sums(contract):
    rows = by_key(contract)
    for metric, periods in (("stock_abroad", MONTHS), ("capital_abroad_eur", MONTHS), ("first_permits", YEARS)):
        for period in periods:
            eu = sum(rows[(metric, c, period)]["p50"] for c in geo.EU27)
            assert close(rows[(metric, "EU27", period)]["p50"], eu), (metric, period)
            if metric != "first_permits":
                world = sum(rows[(metric, c, period)]["p50"] for c in geo.DESTINATIONS)
                assert close(rows[(metric, "WORLD", period)]["p50"], world), (metric, period)


def test_run_json_values_are_real_population_counts(contract):
    rows = by_key(contract)
    world = rows[("stock_abroad", "WORLD", HORIZON)]["p50"]
    assert 100_000 <= world <= 10_000_000
    assert rows[("stock_abroad", "WORLD", "2022-01")]["p50"] == 0  # nobody has left "since 24 Feb 2022" yet
    departures = [rows[("departures_cum", "WORLD", p)]["p50"] for p in MONTHS]
    returned = [rows[("returned_cum", "WORLD", p)]["p50"] for p in MONTHS]
    assert all(a <= b + 1e-6 for a, b in zip(departures, departures[1:])), "departures_cum decreases"
    assert all(a <= b + 1e-6 for a, b in zip(returned, returned[1:])), "returned_cum decreases"
    for p in MONTHS:
        assert rows[("stock_abroad", "WORLD", p)]["p50"] <= rows[("departures_cum", "WORLD", p)]["p50"] + 1e-6, p
    assert returned[-1] <= departures[-1]
    assert rows[("first_permits", "EU27", "2022")]["p50"] > 10_000
    assert rows[("capital_abroad_eur", "WORLD", HORIZON)]["p50"] > 0


# ----------------------------------------------------------------------------------------------- stored runs


def test_runs_list_shows_the_run(contract, session):
    proc = session.cli("runs", "list")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if contract["run_id"] in line]
    assert len(lines) == 1, proc.stdout
    assert "done" in lines[0] and "e2e-small" in lines[0]


def test_runs_show_json_is_the_manifest(contract, session):
    run_id = contract["run_id"]
    full, by_prefix, plain = session.many(["runs", "show", run_id, "--json"], ["runs", "show", run_id[:-1], "--json"],
                                          ["runs", "show", run_id])
    record = one_json(full)
    assert record["run_id"] == contract["run_id"]
    assert record["status"] == "done"
    assert record["scenario_name"] == "e2e-small"
    assert record["scenario_hash"] == load(session.scenario).content_hash()
    assert (record["seed"], record["sample_size"], record["draws"]) == (1, 5000, 1)
    assert record["code_version"].startswith(RELOKANT_VERSION)
    assert record["data_version"] == evidence.DATA_VERSION
    assert set(record["parameters"]) - {"posterior"} == set(parameters.names())
    drawn = record["parameters"]["posterior"]  # the shipped posterior: one parameter set per draw
    assert drawn["id"] == "shipped" and len(drawn["draws"]) == record["draws"]
    assert {k: v for k, v in record["parameters"].items() if k != "posterior"} == pytest.approx(parameters.defaults())
    # a unique prefix finds the same run; the plain view works too
    assert one_json(by_prefix) == record
    assert plain.returncode == 0, plain.stderr
    assert f"scenario_hash: {record['scenario_hash']}" in plain.stdout
    assert f"data_version: {record['data_version']}" in plain.stdout


def test_same_seed_gives_identical_metrics(contract, session):
    again = session.run("again")
    assert again["run_id"] != contract["run_id"]
    assert again["seed"] == contract["seed"]
    assert again["metrics"] == contract["metrics"]
    stored_a = RunStore(session.db).metrics(contract["run_id"])
    stored_b = RunStore(session.db).metrics(again["run_id"])
    assert len(stored_a) == len(contract["metrics"])
    assert stored_a.equals(stored_b)


def test_compare_json(contract, session):
    a, b = contract["run_id"], session.run("again")["run_id"]
    full, only, table = session.many(
        ["compare", a, b, "--json"],
        ["compare", a, b, "--json", "--metric", "stock_abroad", "--geo", "WORLD", "--period", HORIZON],
        ["compare", a, b])
    payload = one_json(full)
    assert (payload["run_a"], payload["run_b"]) == (a, b)
    assert payload["scenario_a"] == payload["scenario_b"] == "e2e-small"
    assert len(payload["rows"]) == len(contract["metrics"])
    for row in payload["rows"]:
        assert {"metric", "geo", "period", "unit", "p50_a", "p50_b", "difference"} <= set(row)
        assert row["difference"] == 0
    only = one_json(only)
    assert len(only["rows"]) == 1
    assert only["rows"][0]["p50_a"] == by_key(contract)[("stock_abroad", "WORLD", HORIZON)]["p50"]
    assert table.returncode == 0 and "WORLD" in table.stdout, table.stderr


def test_draws_give_an_interval_and_compare_shows_differences(contract, session):
    three = session.run("draws3")
    assert three["draws"] == 3
    rows = by_key(three)
    assert len(rows) == len(contract["metrics"])
    assert all(r["p05"] <= r["p50"] <= r["p95"] for r in three["metrics"])
    world = rows[("stock_abroad", "WORLD", HORIZON)]
    assert world["p05"] < world["p95"]
    assert world["p05"] <= world["p50"] <= world["p95"]
    payload = one_json(session.cli("compare", contract["run_id"], three["run_id"], "--json", "--geo", "WORLD"))
    assert payload["rows"]
    for row in payload["rows"]:
        assert close(row["difference"], row["p50_b"] - row["p50_a"])
    assert any(row["difference"] != 0 for row in payload["rows"])


# ----------------------------------------------------------------------------------------------- evidence commands


def test_evidence_list_by_topic(tmp_path):
    db = tmp_path / "x.duckdb"
    proc, as_json = relokant_many([(["evidence", "list", "--topic", "return"], tmp_path, db),
                                   (["evidence", "list", "--topic", "return", "--json"], tmp_path, db)])
    assert proc.returncode == 0, proc.stderr
    assert "ranepa_returned" in proc.stdout
    rows = one_json_list(as_json)
    assert "ranepa_returned" in {r["id"] for r in rows}
    assert {r["topic"] for r in rows} == {"return"}
    assert not (tmp_path / "x.duckdb").exists()  # the evidence commands do not touch the run store


def one_json_list(proc: subprocess.CompletedProcess) -> list:
    assert proc.returncode == 0, proc.stderr
    value = json.loads(proc.stdout)
    assert isinstance(value, list)
    return value


def test_evidence_show(tmp_path):
    db = tmp_path / "x.duckdb"
    proc, as_json = relokant_many([(["evidence", "show", "rerussia2023_left"], tmp_path, db),
                                   (["evidence", "show", "rerussia2023_left", "--json"], tmp_path, db)])
    assert proc.returncode == 0, proc.stderr
    assert "source_url: https://re-russia.net/en/review/347/" in proc.stdout
    row = one_json(as_json)
    assert row["source_url"] == "https://re-russia.net/en/review/347/"
    assert row["value"] == 870000


# ----------------------------------------------------------------------------------------------- bad input


def bad_cases(tmp: Path) -> list[tuple[list[str], str | None, str | None]]:
    """(argv, exact stderr line or None, prefix of the stderr line or None)."""
    nowhere = tmp / "no-such-dir" / "x.duckdb"
    return [
        (["run", "small.yaml", "--bogus"], "relokant: run: No such option: --bogus", None),
        (["run", "small.yaml", "--sample-size", "abc"], None, "relokant: run: Invalid value for '--sample-size'"),
        (["run", "small.yaml", "--sample-size", "10"], "relokant: --sample-size: must be >= 1000, got 10", None),
        (["run", "small.yaml", "--draws", "0"], "relokant: --draws: must be >= 1, got 0", None),
        (["run", "missing.yaml"], "relokant: missing.yaml: file not found", None),
        (["run", "bad.yaml"], "relokant: bad.yaml: colour: unknown key", None),
        (["run", "bad-horizon.yaml"], "relokant: bad-horizon.yaml: horizon: expected a month as YYYY-MM, got "
                                      "'2030-13'", None),
        (["runs", "show", "rnope"], "relokant: unknown run id 'rnope' (see `relokant runs list`)", None),
        (["compare", "rnope", "rnope2"], "relokant: unknown run id 'rnope' (see `relokant runs list`)", None),
        (["evidence", "show", "nope"], "relokant: unknown evidence id 'nope' (see `relokant evidence list`)", None),
        (["evidence", "list", "--topic", "nope"],
         "relokant: no evidence figures match topic='nope' geo=None (see `relokant evidence list`)", None),
        (["run", "small.yaml", "--db", str(nowhere)],
         f"relokant: run store {nowhere}: directory {nowhere.parent} does not exist", None),
        (["runs", "list", "--db", str(nowhere)],
         f"relokant: run store {nowhere}: directory {nowhere.parent} does not exist", None),
        (["runs", "show"], "relokant: runs show: Missing argument 'run_id'.", None),
        (["frobnicate"], None, "relokant: No such command"),
        (["calibrate", "--budget", "10"], "relokant: --budget: 10 simulations cannot complete a generation of 250 "
                                          "particles after the prior's (at least 500)", None),
        (["calibrate", "--only", "nope"], "relokant: --only: not targets of the 'surveys' reading: nope", None),
        (["calibrate", "--priors", "missing.yaml"], "relokant: --priors: missing.yaml is not a file", None),
        (["calibrate", "--priors", "bad-priors.yaml"], "relokant: prior return_hazard: the range 0.01-0.001 must "
                                                       "satisfy 0 < low < high (log-uniform)", None),
        (["run", "small.yaml", "--posterior", "c0000"],
         "relokant: unknown calibration id 'c0000' (see `relokant runs calibrations`)", None),
    ]


def test_bad_cli_input_is_one_line_and_exit_2(tmp_path, session):
    """Every bad command line: exit 2, empty stdout, one stderr line, no traceback, no run stored."""
    work = tmp_path
    (work / "small.yaml").write_text(session.scenario.read_text(encoding="utf-8"), encoding="utf-8")
    (work / "bad.yaml").write_text("name: bad\ncolour: red\n", encoding="utf-8")
    (work / "bad-horizon.yaml").write_text("name: bad\nhorizon: 2030-13\n", encoding="utf-8")
    (work / "bad-priors.yaml").write_text("return_hazard: [0.01, 0.001]\n", encoding="utf-8")
    db = work / "store.duckdb"
    failures = []
    cases = bad_cases(work)
    for (argv, exact, prefix), proc in zip(cases, relokant_many([(argv, work, db) for argv, _, _ in cases])):
        try:
            line = one_line_error(proc)
            if exact is not None:
                assert line == exact
            if prefix is not None:
                assert line.startswith(prefix)
        except AssertionError as exc:
            failures.append(f"relokant {' '.join(argv)}: {exc}")
    assert not failures, "\n\n".join(failures)
    assert not db.exists() or RunStore(db).runs().empty, "a rejected command stored a run"


def test_unknown_run_id_in_a_store_with_runs(contract, session):
    for proc in session.many(["compare", contract["run_id"], "rnope"], ["runs", "show", "rnope", "--json"]):
        assert one_line_error(proc) == "relokant: unknown run id 'rnope' (see `relokant runs list`)"


def test_impossible_date_in_scenario_is_one_line(tmp_path):
    (tmp_path / "bad-date.yaml").write_text(
        "name: x\npolicy:\n  - geo: DE\n    from: 2023-13-01\n    openness: 1\n", encoding="utf-8")
    line = one_line_error(relokant("run", "bad-date.yaml", cwd=tmp_path, db=tmp_path / "db.duckdb"))
    assert line == "relokant: bad-date.yaml: policy.0.from: expected a date YYYY-MM-DD, got '2023-13-01'"


# ----------------------------------------------------------------------------------------------- interrupted runs


def _default_sigint():
    # A user's Ctrl-C reaches a process whose SIGINT is not ignored; make that so even if pytest inherited SIG_IGN.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_running(db: Path, before: set[str], proc: subprocess.Popen, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the long run ended early with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        if db.exists():
            try:
                runs = RunStore(db).runs()
            except Exception:  # the file is briefly locked by the run itself
                runs = None
            if runs is not None:
                new = runs[~runs["run_id"].isin(before) & (runs["status"] == "running")]
                if len(new):
                    return str(new["run_id"].iloc[0])
        time.sleep(0.1)
    proc.kill()
    pytest.fail("the long run never showed up as 'running'")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_interrupted_run_is_recorded_without_metrics(contract, session, sig):
    store = RunStore(session.db)
    finished_before = store.metrics(contract["run_id"])
    assert len(finished_before) == len(contract["metrics"])
    before = set(store.runs()["run_id"])
    proc = subprocess.Popen([*COMMAND, "run", "baseline", "--sample-size", "2000000"], cwd=session.root,
                            env=_env(session.db), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint)
    resent = 0
    try:
        run_id = _wait_running(session.db, before, proc)
        proc.send_signal(sig)
        while True:
            try:
                stdout, stderr = proc.communicate(timeout=8)
                break
            except subprocess.TimeoutExpired:
                # Known bug (see the report): a signal that lands inside starsim_data/sciris code during population
                # synthesis can be swallowed by a bare `except:` there. Press "Ctrl-C" again, as a user would.
                if sig == signal.SIGKILL or resent >= 3:
                    raise
                resent += 1
                proc.send_signal(sig)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    if resent:
        warnings.warn(f"relokant ignored {resent} {sig.name}(s) before stopping; stderr: {stderr[-500:]!r}")
    else:
        assert "Traceback" not in stderr
    assert stdout == ""
    if sig == signal.SIGKILL:
        assert proc.returncode == -signal.SIGKILL
        # nothing in the process could record it: the dead-pid check of `relokant runs list` does
        listing = session.cli("runs", "list")
        assert listing.returncode == 0, listing.stderr
        line = [row for row in listing.stdout.splitlines() if run_id in row]
        assert len(line) == 1 and "interrupted" in line[0], listing.stdout
    else:
        assert proc.returncode == 130, stderr
    record = RunStore(session.db).run(run_id)
    assert record["status"] == "interrupted"
    if sig == signal.SIGKILL:
        assert record["reason"] == "process ended without finishing"
    else:  # recorded by the process itself on its way out
        assert record["reason"] == "interrupted by the user or a signal"
        assert record["ended_at"] is not None
    assert record["sample_size"] == 2_000_000 and record["scenario_name"] == "baseline"
    assert RunStore(session.db).metrics(run_id).empty
    after = RunStore(session.db)
    assert after.run(contract["run_id"])["status"] == "done"
    assert after.metrics(contract["run_id"]).equals(finished_before)
