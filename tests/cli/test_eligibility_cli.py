"""`relokant eligibility` and `relokant routes` as a user runs them."""

import json

import pytest

from tests.cli.test_cli import relokant, relokant_many

PERSON = {
    "age": 31, "nationalities": ["RU"],
    "education": {"level": "master", "graduation_year": 2018},
    "languages": {"en": "C1", "de": "A1"},
    "work": {"isco": "2512", "years_last5": 4, "years_last7": 6, "shortage_occupation": True},
    "job_offer": {"country": "DE", "salary": {"amount": 4200, "period": "month"}, "contract_months": 24},
    "funds": {"amount": 15000, "period": "total"},
}


@pytest.fixture()
def person_file(tmp_path):
    path = tmp_path / "person.json"
    path.write_text(json.dumps(PERSON))
    return path


def test_eligibility_explains_each_route(tmp_path, person_file):
    proc = relokant("eligibility", person_file, "--date", "2025-03-01", "--country", "DE", cwd=tmp_path,
                    db=tmp_path / "db.duckdb")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "DE_CHANCENKARTE_POINTS" in out and "EU_BLUE_CARD_DE" in out
    assert "German A1 or English B2 at least" in out  # a check with its text
    assert "lang.en = C1 >= B2" in out  # ... and the values it compared
    assert "§20a" in out and "https://" in out  # law and sources
    assert "CASE_RELOCANT_CARD" not in out  # proposals only on request


def test_eligibility_json_is_one_object(tmp_path, person_file):
    proc = relokant("eligibility", person_file, "--date", "2025-03-01", "--json", "--proposals", cwd=tmp_path,
                    db=tmp_path / "db.duckdb")
    assert proc.returncode == 0, proc.stderr
    payload = json.loads(proc.stdout)
    by_id = {r["route_id"]: r for r in payload["routes"]}
    blue = by_id["EU_BLUE_CARD_DE"]
    assert blue["status"] == "eligible" and blue["outputs"]["threshold_eur"] == pytest.approx(48300)
    points = by_id["DE_CHANCENKARTE_POINTS"]
    assert points["status"] == "eligible" and points["points"] == 7
    assert by_id["CASE_RELOCANT_CARD_DE"]["proposal"] is True
    assert by_id["VISA_FREE_GE"]["status"] == "eligible"


def test_routes_list_and_show(tmp_path):
    db = tmp_path / "db.duckdb"
    listed, shown = relokant_many([(["routes", "list", "--country", "DE"], tmp_path, db),
                                   (["routes", "show", "DE_CHANCENKARTE_POINTS"], tmp_path, db)])
    assert listed.returncode == 0 and "EU_BLUE_CARD_DE" in listed.stdout
    assert shown.returncode == 0
    assert "funds_eur_month [EUR/month]: 2024-06-01: 1027, 2025-01-01: 1091" in shown.stdout
    assert "if age < 35 then 2 else if age < 40 then 1 else 0" in shown.stdout


def test_bad_person_files_get_one_line_and_exit_2(tmp_path):
    db = tmp_path / "db.duckdb"
    files = {
        "unknown-field": json.dumps({**PERSON, "height": 180}),
        "wrong-type": json.dumps({**PERSON, "age": "old"}),
        "bad-level": json.dumps({**PERSON, "languages": {"en": "fluent"}}),
        "not-json": "{age: 31",
        "not-an-object": "[1, 2]",
    }
    calls = []
    for name, text in files.items():
        (tmp_path / f"{name}.json").write_text(text)
        calls.append((["eligibility", f"{name}.json"], tmp_path, db))
    calls.append((["eligibility", "missing.json"], tmp_path, db))
    calls.append((["eligibility", "unknown-field.json", "--route", "NOPE"], tmp_path, db))
    calls.append((["eligibility", "wrong-type.json", "--date", "2025-13-01"], tmp_path, db))
    calls.append((["routes", "show", "NOPE"], tmp_path, db))
    expected = [
        "relokant: unknown-field.json: height: unknown field",
        "relokant: wrong-type.json: age: Input should be a valid integer, unable to parse string as an integer "
        "(got 'old')",
        "relokant: bad-level.json: languages.en: Input should be 'none', 'A1', 'A2', 'B1', 'B2', 'C1' or 'C2' "
        "(got 'fluent')",
        "relokant: not-json.json: line 1: invalid JSON: Expecting property name enclosed in double quotes",
        "relokant: not-an-object.json: expected a JSON object with the person's fields, got list",
        "relokant: missing.json: file not found",
        "relokant: unknown-field.json: height: unknown field",
        "relokant: --date: expected a date YYYY-MM-DD, got '2025-13-01'",
        "relokant: unknown route 'NOPE' (see `relokant routes list`)",
    ]
    for (argv, _, _), proc, message in zip(calls, relokant_many(calls), expected, strict=True):
        assert proc.returncode == 2, (argv, proc.stderr)
        assert proc.stdout == "", argv
        assert proc.stderr.strip() == message, argv
