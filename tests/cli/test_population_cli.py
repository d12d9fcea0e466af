"""End-to-end tests of ``relokant population describe`` as a user runs it: real subprocesses.

Input: command lines (a 50,000-record sample, bad sizes and seeds). Output: pass/fail. Checked: exactly one JSON
object on stdout with every marginal, its evidence ids and its tolerance verdict; the table output; one-line
errors with exit code 2.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from relokant.population import MARGINALS

SCRIPT = Path(sys.executable).with_name("relokant")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "relokant.cli"]


def _run_all(argvs: list[list[str]], cwd: Path) -> list[subprocess.CompletedProcess]:
    """Independent commands side by side (each spends about a second importing its libraries)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "COLUMNS", "LINES")}
    procs = [subprocess.Popen([*COMMAND, *argv], cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for argv in argvs]
    results = []
    for argv, proc in zip(argvs, procs):
        stdout, stderr = proc.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr))
    return results


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, subprocess.CompletedProcess]:
    cwd = tmp_path_factory.mktemp("population_cli")
    argvs = {
        "json": ["population", "describe", "--json", "--sample-size", "50000", "--seed", "3"],
        "table": ["population", "describe", "--sample-size", "50000", "--seed", "3"],
        "zero": ["population", "describe", "--sample-size", "0"],
        "below_cells": ["population", "describe", "--sample-size", "500", "--json"],
        "negative_seed": ["population", "describe", "--sample-size", "5000", "--seed", "-1"],
        "both_modes": ["population", "describe", "--full-scale", "--sample-size", "5000"],
        "not_a_number": ["population", "describe", "--sample-size", "many"],
    }
    return dict(zip(argvs, _run_all(list(argvs.values()), cwd)))


def test_describe_json_is_one_object_with_every_marginal(runs):
    result = runs["json"]
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    payload = json.loads(lines[0])
    assert payload["synthetic"] is True and payload["mode"] == "sample"
    assert payload["records"] == 50_000 and payload["seed"] == 3
    rows = payload["rows"]
    assert [row["name"] for row in rows] == [marginal.name for marginal in MARGINALS]
    for row in rows:
        assert row["refs"] and all(ref.split(":")[0] in ("ev", "as", "wpp") for ref in row["refs"]), row["name"]
        assert {"target", "synthetic", "difference", "difference_unit", "tolerance", "within", "unit"} <= set(row)
        expected = (abs(row["synthetic"] - row["target"]) * 100 if row["kind"] == "share"
                    else abs(row["synthetic"] / row["target"] - 1) * 100)
        assert abs(row["difference"]) == pytest.approx(expected, abs=1e-9)
        assert row["within"] == (abs(row["difference"]) <= row["tolerance"])
    by_name = {row["name"]: row for row in rows}
    assert by_name["english_share_b1_plus"]["refs"] == ["ev:BAS_LANG_02"]
    assert payload["all_within"] == all(row["within"] for row in rows)
    assert payload["all_within"]  # 50,000 records are enough for every row


def test_describe_table(runs):
    result = runs["table"]
    assert result.returncode == 0, result.stderr
    for text in ("usd_millionaire_share", "ev:ubs_ru_millionaires_2022", "children_share_male_35_44", " pp", " %"):
        assert text in result.stdout, text


@pytest.mark.parametrize("case, message", [
    ("zero", "--sample-size must be a positive number"),
    ("below_cells", "below the 832 cells"),
    ("negative_seed", "seed must be a non-negative integer"),
    ("both_modes", "exclude each other"),
    ("not_a_number", "--sample-size"),
])
def test_bad_input_is_one_line_and_exit_2(runs, case, message):
    result = runs[case]
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("relokant: ") and message in lines[0], result.stderr
