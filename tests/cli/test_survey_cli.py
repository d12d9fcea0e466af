"""The ``relokant survey`` commands as a user runs them: weight, profile, claims, demo.

Input: the shipped SYNTHETIC demo, a hand-written "real" survey in the documented shape (extra columns, missing
answers, capitalised headers), and bad files of every kind. Output: pass/fail. Checked: the weighted file and its
diagnostics, one JSON object on stdout with --json, readable tables, the claims with verdicts and resolvable
evidence ids, and one line on stderr with exit code 2 for every bad input. Most calls run in-process through
``relokant.cli.main`` (fast); two go through the installed console script as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from relokant import survey
from relokant.cli import main
from relokant.survey.claims import VERDICTS, check_refs

SCRIPT = Path(sys.executable).with_name("relokant")
COMMAND = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "relokant.cli"]
DEMO = Path(str(survey.DEMO_SURVEY))
DEMO_MARGINS = Path(str(survey.DEMO_MARGINS))

REAL_SURVEY = """\
Respondent_ID,Age,Sex,Higher_Edu,IT,Entrepreneur,Region_Origin,Partner,Children,Country,Left,Q12_trust_host,Notes
r001,34,male,1,1,self_employed,moscow,1,0,DE,2022-03,4,"moved with ""my"" team"
r002,29,female,1,0,no,st_petersburg,0,0,DE,2022-09,5,
r003,41,male,1,0,business_owner,large_city,1,2,CY,2022-04,,
r004,26,female,0,0,no,rest,,0,PL,2022-10,3,no answer on partner
r005,38,female,1,1,self_employed,moscow,1,1,FR,2023-01,2,
r006,55,male,,0,no,moscow,1,2,DE,2022-03,4,
r007,31,male,1,1,,st_petersburg,0,0,CY,2022-09,5,
r008,47,female,1,0,no,large_city,1,1,FR,,3,
r009,23,male,0,0,no,rest,0,0,PL,2022-09,1,
r010,36,female,1,0,business_owner,moscow,1,1,CY,2022-05,4,
r011,44,male,1,1,self_employed,moscow,1,2,DE,2022-03,5,
r012,28,female,1,0,no,large_city,0,0,FR,2022-04,2,
"""
REAL_MARGINS = """\
title: Russians in four EU countries (hand-written test margins)
total: 100000
margins:
  country:
    source: test counts
    categories:
      DE: {count: 40000}
      CY: {count: 20000}
      FR: {count: 25000}
      PL: {count: 15000}
  sex:
    categories:
      male: {share: 0.5, source: test}
      female: {share: 0.5, source: test}
"""


def cli(*args, capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_json(code: int, out: str, err: str) -> dict:
    assert code == 0, err
    assert out.endswith("\n") and out.count("\n") == 1, out[:300]
    obj, end = json.JSONDecoder().raw_decode(out)
    assert out[end:] == "\n" and isinstance(obj, dict)
    return obj


def one_line_error(code: int, out: str, err: str) -> str:
    assert code == 2, (code, out[-300:], err[-1000:])
    assert out == "" and "Traceback" not in err
    assert err.startswith("relokant: ") and err.endswith("\n") and err.count("\n") == 1, repr(err)
    return err.rstrip("\n")


@pytest.fixture
def real_files(tmp_path):
    data, margins = tmp_path / "case_like.csv", tmp_path / "case_margins.yaml"
    data.write_text(REAL_SURVEY, encoding="utf-8")
    margins.write_text(REAL_MARGINS, encoding="utf-8")
    return data, margins


def test_weight_writes_the_weighted_file_and_diagnostics(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("survey", "weight", DEMO, "--margins", DEMO_MARGINS, "--bounds", "0.2,10", capsys=capsys)
    assert code == 0, err
    for text in ("SYNTHETIC DEMO DATA", "converged", "design effect", "effective sample size", "RAN_DEST_GEORGIA"):
        assert text in out
    written = survey.read_survey(tmp_path / "demo_survey.weighted.csv")
    assert "weight" in written.raw.columns and written.synthetic


def test_weight_json(tmp_path, capsys):
    target = tmp_path / "w.csv"
    d = one_json(*cli("survey", "weight", DEMO, "--margins", DEMO_MARGINS, "--out", target, "--json",
                      capsys=capsys))
    assert d["converged"] and d["out"] == str(target) and d["respondents"] == 2000
    assert d["effective_sample_size"] == pytest.approx(2000 / d["design_effect"])
    assert {row["margin"] for row in d["margins_table"]} == {"country", "sex", "age"}


def test_a_real_survey_in_the_same_shape_works_unchanged(real_files, tmp_path, capsys):
    data, margins = real_files
    d = one_json(*cli("survey", "weight", data, "--margins", margins, "--out", tmp_path / "w.csv", "--json",
                      capsys=capsys))
    assert d["total"] == pytest.approx(100000) and d["converged"]
    back = survey.read_survey(tmp_path / "w.csv")
    assert back.raw["notes"].iat[0] == 'moved with "my" team'  # unknown columns travel untouched
    assert back.raw["weight"].astype(float).sum() == pytest.approx(100000)
    p = one_json(*cli("survey", "profile", data, "--margins", margins, "--replicates", 40, "--json",
                      capsys=capsys))
    assert not p["synthetic"] and p["ignored_columns"] == ["q12_trust_host", "notes"]
    rows = {r["name"]: r for r in p["statistics"]}
    assert rows["higher_edu"]["missing"] == 1 and rows["partner"]["missing"] == 1
    assert rows["entrepreneur"]["missing"] == 1 and rows["entrepreneur"]["respondents"] == 11
    # Respondents in the EU: with this file, the claims get an EU figure.
    c = one_json(*cli("survey", "claims", "--survey", data, "--margins", margins, "--replicates", 40, "--json",
                      capsys=capsys))
    assert c["survey"]["in_eu"] and not c["survey"]["synthetic"]
    assert all(any(f["in_eu"] for m in claim["measures"] for f in m["figures"]) for claim in c["claims"])


def test_too_few_answers_give_no_interval_but_valid_json(tmp_path, capsys):
    tiny = tmp_path / "tiny.csv"
    tiny.write_text("respondent_id,age,sex,higher_edu\n1,30,male,1\n2,40,female,\n3,50,male,\n", encoding="utf-8")
    d = one_json(*cli("survey", "profile", tiny, "--replicates", 30, "--json", capsys=capsys))
    rows = {r["name"]: r for r in d["statistics"]}
    assert rows["higher_edu"]["low"] is None and "too few answers" in rows["higher_edu"]["note"]
    assert rows["mean_age"]["low"] is not None and "read with care" in rows["mean_age"]["note"]
    assert set(d["skipped"]) == {"it", "entrepreneur", "partner", "children"}
    c = one_json(*cli("survey", "claims", "--survey", tiny, "--replicates", 30, "--json", capsys=capsys))
    assert all(claim["verdict"] in VERDICTS for claim in c["claims"])


def test_profile_of_the_shipped_demo(capsys):
    d = one_json(*cli("survey", "profile", "--replicates", 40, "--json", capsys=capsys))
    assert d["synthetic"] and d["survey"].endswith("demo_survey.csv")
    assert d["intervals"]["replicates"] == 40 and d["intervals"]["level"] == 0.9
    assert {r["name"] for r in d["statistics"]} == {s.name for s in survey.STATISTICS}
    assert d["baseline"]["synthetic_population"]
    code, out, err = cli("survey", "profile", "--replicates", 40, capsys=capsys)
    assert code == 0, err
    for text in ("SYNTHETIC DEMO DATA", "mean age", "higher education", "90% interval", "Russia"):
        assert text in out


def test_claims_table_is_readable_and_sourced(capsys):
    code, out, err = cli("survey", "claims", capsys=capsys)
    assert code == 0, err
    assert survey.claims.QUOTE in " ".join(out.split())
    for text in ("Summary", "almost a decade younger", "three times more educated", "far more entrepreneurial",
                 "ev:BAS_EDU_06", "ev:BAS_EDU_04", "ev:OKR_10", "How to read"):
        assert text in out, text


def test_claims_json(capsys):
    d = one_json(*cli("survey", "claims", "--json", capsys=capsys))
    assert d["quote"] == survey.claims.QUOTE and len(d["claims"]) == 3
    for claim in d["claims"]:
        assert claim["verdict"] in VERDICTS and claim["reasons"] and claim["comparisons"]
        assert claim["threshold"]["ref"].startswith("as:")
        for comparison in claim["comparisons"]:
            assert comparison["verdict"] in VERDICTS and comparison["refs"]
    check_refs()  # every evidence id the declarations use exists
    educated = next(c for c in d["claims"] if c["id"] == "educated")
    bases = {c["refs"][0]: c for c in educated["comparisons"]}
    assert bases["ev:BAS_EDU_06"]["central_high"] == pytest.approx(80 / 22.7)  # about 3.5x against all 15+
    assert bases["ev:BAS_EDU_04"]["central_high"] == pytest.approx(80 / 30.2)  # about 2.6x against 25-64


def test_demo_command_writes_the_shipped_files(tmp_path, capsys):
    code, out, err = cli("survey", "demo", "--out", tmp_path, capsys=capsys)
    assert code == 0, err
    assert (tmp_path / "demo_survey.csv").read_bytes() == DEMO.read_bytes()
    assert (tmp_path / "demo_margins.yaml").read_bytes() == DEMO_MARGINS.read_bytes()


BAD_CSV = {
    "empty": "",
    "header only": "respondent_id,age,sex\n",
    "missing column": "respondent_id,sex\n1,male\n",
    "wrong type": "respondent_id,age,sex\n1,abc,male\n",
    "unknown category": "respondent_id,age,sex\n1,30,x\n",
    "weight not positive": "respondent_id,age,sex,design_weight\n1,30,male,-1\n",
    "ragged": "respondent_id,age,sex\n1,30\n",
}
BAD_MARGINS = {
    "malformed": "margins: {sex: [\n",
    "unknown key": "margins:\n  sex:\n    source: s\n    categories: {male: {shares: 1}}\n",
    "totals inconsistent": "margins:\n  sex:\n    source: s\n    categories: {male: {share: 0.7}, female: "
                           "{share: 0.7}}\n",
    "category absent from data": "margins:\n  country:\n    source: s\n    categories: {GE: {share: 0.5}, "
                                 "NO: {share: 0.5}}\n",
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_bad_survey_files_give_one_line_and_exit_2(tmp_path, capsys, case):
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV[case], encoding="utf-8")
    for argv in (["survey", "weight", path, "--margins", DEMO_MARGINS, "--out", tmp_path / "o.csv"],
                 ["survey", "profile", path, "--replicates", 20]):
        message = one_line_error(*cli(*argv, capsys=capsys))
        assert str(path) in message
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("case", sorted(BAD_MARGINS))
def test_bad_margins_give_one_line_and_exit_2(tmp_path, capsys, case):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_MARGINS[case], encoding="utf-8")
    message = one_line_error(*cli("survey", "weight", DEMO, "--margins", path, "--out", tmp_path / "o.csv",
                                  capsys=capsys))
    assert str(path) in message
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("argv,expected", [
    (["survey", "weight", "nope.csv", "--margins", DEMO_MARGINS], "nope.csv: file not found"),
    (["survey", "weight", DEMO, "--margins", "nope.yaml"], "nope.yaml: file not found"),
    (["survey", "weight", DEMO], "Missing option '--margins'"),
    (["survey", "weight", DEMO, "--margins", DEMO_MARGINS, "--bounds", "5,2"], "--bounds"),
    (["survey", "weight", DEMO, "--margins", DEMO_MARGINS, "--bounds", "0.95,1.05"], "did not converge"),
    (["survey", "weight", DEMO, "--margins", DEMO_MARGINS, "--out", "/no/such/dir/x.csv"], "does not exist"),
    (["survey", "profile", "--replicates", 3], "--replicates"),
    (["survey", "claims", "--margins", DEMO_MARGINS], "--margins: give the survey"),
    (["survey", "demo", "--out", "/no/such/dir"], "not an existing folder"),
])
def test_bad_command_lines(tmp_path, monkeypatch, capsys, argv, expected):
    monkeypatch.chdir(tmp_path)
    message = one_line_error(*cli(*argv, capsys=capsys))
    assert expected in message, message


def test_console_script_claims_json_and_a_bad_file(tmp_path):
    proc = subprocess.run([*COMMAND, "survey", "claims", "--json"], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    d = one_json(proc.returncode, proc.stdout, proc.stderr)
    assert [c["id"] for c in d["claims"]] == ["younger", "educated", "entrepreneurial"]
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,age,sex\n1,thirty,male\n", encoding="utf-8")
    proc = subprocess.run([*COMMAND, "survey", "profile", str(bad)], capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    message = one_line_error(proc.returncode, proc.stdout, proc.stderr)
    assert message == f"relokant: {bad}: line 2 (respondent 1): column age: expected a whole number, got 'thirty'"
