"""Every worked case of policy/cases.csv, translated (tests/policy/cases/*.py), evaluated through the public API."""

import csv
import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import pytest

import tests.policy.cases as case_package
from relokant.policy.eligibility import eligibility

CASES_CSV = Path(case_package.__file__).parent / "cases.csv"


def _all_cases():
    cases = []
    for module in pkgutil.iter_modules(case_package.__path__):
        cases.extend(importlib.import_module(f"{case_package.__name__}.{module.name}").CASES)
    return cases


ALL = _all_cases()


@pytest.mark.parametrize("case", ALL, ids=[c.id for c in ALL])
def test_case(case):
    [result] = eligibility(case.person, dt.date.fromisoformat(case.date), route=case.route)
    expect = case.expect
    assert result.status == expect["status"], [(c.id, c.detail) for c in result.checks]
    if "points" in expect:
        assert result.points == expect["points"], result.breakdown
    if "breakdown" in expect:
        assert result.breakdown == expect["breakdown"]
    if "failed" in expect:
        assert sorted(c.id for c in result.failed) == sorted(expect["failed"])
    if "open" in expect:
        assert sorted(c.id for c in result.checks if c.open) == sorted(expect["open"])
    for key in ("thresholds", "outputs"):
        for name, value in expect.get(key, {}).items():
            assert getattr(result, key)[name] == pytest.approx(value), name
    if expect.get("uncertain"):
        assert result.uncertain


def test_every_case_of_the_research_is_translated():
    with CASES_CSV.open(encoding="utf-8") as fh:
        ids = {row["case_id"] for row in csv.DictReader(fh)}
    translated = {c.id for c in ALL}
    assert len(translated) == len(ALL), "a case id is translated twice"
    assert ids <= translated, sorted(ids - translated)
