"""Tests of relokant.evidence and of the rule that every model number has a source.

Input: the shipped ``figures.csv`` and ``assumptions.csv``, the project's researched ``shared/evidence/figures.csv``
(when present beside the repository), the parameter declarations and the package's own source code.
Output: pass/fail.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import importlib
import io
import math
import pkgutil
import re
import tokenize
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

import relokant
from relokant import evidence, parameters
from relokant.errors import InputError

REPO = Path(__file__).resolve().parents[2]
SHARED_FIGURES = REPO.parent / "shared" / "evidence" / "figures.csv"
DATA = resources.files("relokant.evidence") / "data"
PACKAGE_DIR = Path(relokant.__file__).resolve().parent
REF = re.compile(r"^(ev|as):([A-Za-z0-9_]+)$")


def read_csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def shipped_rows(name: str) -> list[list[str]]:
    return read_csv_rows((DATA / name).read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------------------------- the files


def test_shipped_figures_keep_every_column_of_the_researched_evidence():
    if not SHARED_FIGURES.is_file():
        pytest.skip(f"{SHARED_FIGURES} not present")
    shared = read_csv_rows(SHARED_FIGURES.read_text(encoding="utf-8"))
    shipped = shipped_rows("figures.csv")
    assert shipped[0] == shared[0], "figures.csv header differs from shared/evidence/figures.csv"
    assert len(shipped) == len(shared), "figures.csv row count differs from shared/evidence/figures.csv"
    assert sorted(r[0] for r in shipped[1:]) == sorted(r[0] for r in shared[1:])


def test_shipped_headers_are_the_declared_columns():
    assert shipped_rows("figures.csv")[0] == evidence.FIGURE_COLUMNS
    assert shipped_rows("assumptions.csv")[0] == evidence.ASSUMPTION_COLUMNS
    for name in ("figures.csv", "assumptions.csv"):
        rows = shipped_rows(name)
        assert all(len(r) == len(rows[0]) for r in rows), f"{name}: a row has the wrong number of fields"


@pytest.mark.parametrize("name", ["figures.csv", "assumptions.csv"])
def test_ids_are_unique_and_well_formed(name):
    ids = [r[0] for r in shipped_rows(name)[1:]]
    assert ids and all(ids)
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{name}: duplicate ids {duplicates}"
    bad = [i for i in ids if not re.fullmatch(r"[A-Za-z0-9_]+", i)]
    assert not bad, f"{name}: ids that cannot be written as ev:/as: references: {bad}"


# ----------------------------------------------------------------------------------------------- load and filters


def test_load_returns_every_figure_with_numeric_value_low_high():
    frame = evidence.load()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == evidence.FIGURE_COLUMNS
    assert len(frame) == len(shipped_rows("figures.csv")) - 1
    for column in ("value", "low", "high"):
        assert pd.api.types.is_float_dtype(frame[column]), column
    assert frame["value"].notna().sum() > 1000
    row = frame.set_index("id").loc["rerussia2023_left"]
    assert (row["value"], row["low"], row["high"]) == (870000.0, 820000.0, 920000.0)
    both = frame.dropna(subset=["low", "high"])
    assert (both["low"] <= both["high"]).all()


def test_load_returns_a_copy():
    frame = evidence.load()
    frame.loc[:, "value"] = -1.0
    assert (evidence.load()["value"] != -1.0).any()
    table = evidence.assumptions()
    table.loc[:, "value"] = -1.0
    assert (evidence.assumptions()["value"] != -1.0).any()


def test_topic_filter():
    returns = evidence.load(topic="return")
    assert len(returns) > 0
    assert set(returns["topic"]) == {"return"}
    assert "ranepa_returned" in set(returns["id"])
    assert len(returns) == int((evidence.load()["topic"] == "return").sum())
    assert evidence.load(topic="RETURN")["id"].tolist() == returns["id"].tolist()  # case-insensitive
    assert evidence.load(topic="no-such-topic").empty


def test_geo_filter():
    germany = evidence.load(geo="germany")
    assert len(germany) > 0
    assert germany["geo"].str.lower().str.contains("germany").all()
    everything = evidence.load()
    assert len(germany) == int(everything["geo"].str.lower().str.contains("germany", regex=False).sum())
    both = evidence.load(topic="return", geo="world")
    assert len(both) > 0
    assert set(both["topic"]) == {"return"} and both["geo"].str.lower().str.contains("world").all()
    assert evidence.load(geo="atlantis").empty


def test_every_assumption_has_a_range_a_unit_and_a_rationale():
    table = evidence.assumptions()
    assert list(table.columns) == evidence.ASSUMPTION_COLUMNS
    assert len(table) > 0
    problems = []
    for row in table.itertuples(index=False):
        if any(pd.isna(v) for v in (row.value, row.low, row.high)):
            problems.append(f"{row.id}: value/low/high missing")
        elif not row.low <= row.value <= row.high:
            problems.append(f"{row.id}: not low <= value <= high ({row.low}, {row.value}, {row.high})")
        if not str(row.unit).strip():
            problems.append(f"{row.id}: no unit")
        if len(str(row.rationale).strip()) < 10:
            problems.append(f"{row.id}: no rationale")
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------------------- sourced()


def test_sourced_figure_with_a_range():
    s = evidence.sourced("ev:rerussia2023_left")
    assert (s.ref, s.value, s.low, s.high, s.unit) == ("ev:rerussia2023_left", 870000.0, 820000.0, 920000.0,
                                                         "persons")
    assert evidence.value("ev:rerussia2023_left") == 870000.0
    assert evidence.figure("rerussia2023_left")["source_url"] == "https://re-russia.net/en/review/347/"


def test_sourced_figure_with_only_a_range_takes_the_midpoint():
    row = evidence.figure("rerussia_expert_framework")
    assert math.isnan(row["value"])
    s = evidence.sourced("ev:rerussia_expert_framework")
    assert (s.low, s.high) == (500000.0, 1000000.0)
    assert s.value == 750000.0


def test_sourced_figure_without_a_range_has_low_equal_high_equal_value():
    frame = evidence.load()
    point = frame[frame["value"].notna() & frame["low"].isna() & frame["high"].isna()].iloc[0]
    s = evidence.sourced(f"ev:{point['id']}")
    assert s.low == s.value == s.high == point["value"]


def test_sourced_assumption():
    row = evidence.assumption("ordinary_eu_share")
    s = evidence.sourced("as:ordinary_eu_share")
    assert (s.value, s.low, s.high, s.unit) == (row["value"], row["low"], row["high"], row["unit"])
    assert s.low < s.high


@pytest.mark.parametrize("ref, message", [
    ("xx:rerussia2023_left",
     "bad source reference 'xx:rerussia2023_left' (expected 'ev:<figure id>' or 'as:<assumption id>')"),
    ("rerussia2023_left",
     "bad source reference 'rerussia2023_left' (expected 'ev:<figure id>' or 'as:<assumption id>')"),
    ("ev:nope", "unknown evidence id 'nope' (see `relokant evidence list`)"),
    ("as:nope", "unknown assumption id 'nope' (see relokant/evidence/data/assumptions.csv)"),
    ("as:rerussia2023_left", "unknown assumption id 'rerussia2023_left' (see relokant/evidence/data/assumptions.csv)"),
    ("ev:ordinary_eu_share", "unknown evidence id 'ordinary_eu_share' (see `relokant evidence list`)"),
])
def test_sourced_bad_reference(ref, message):
    with pytest.raises(InputError) as info:
        evidence.sourced(ref)
    assert str(info.value) == message


def test_data_version_is_a_hash_of_both_files():
    assert re.fullmatch(r"[0-9a-f]{12}", evidence.DATA_VERSION)
    digest = hashlib.sha256()
    for name in ("figures.csv", "assumptions.csv"):
        digest.update((DATA / name).read_bytes())
    assert evidence.DATA_VERSION == digest.hexdigest()[:12]


# ----------------------------------------------------------------------------------------------- every number sourced


def test_every_parameter_has_a_resolving_source():
    assert parameters.PARAMETERS
    names = [p.name for p in parameters.PARAMETERS]
    assert len(names) == len(set(names)), "a parameter is declared twice"
    for p in parameters.PARAMETERS:
        assert REF.match(p.source), f"{p.name}: source {p.source!r} is not ev:<id> or as:<id>"
        s = evidence.sourced(p.source)  # raises InputError if it does not resolve
        assert math.isfinite(s.value), f"{p.name}: source {p.source} has no number"
        assert s.low <= s.value <= s.high, f"{p.name}: {p.source} value outside its range"
        assert str(p.unit).strip() and str(p.description).strip(), p.name


def test_fitted_parameters_have_an_assumption_with_a_range_as_prior():
    fitted = [p for p in parameters.PARAMETERS if p.fitted]
    assert fitted
    defaults = parameters.defaults()
    for p in fitted:
        assert p.source.startswith("as:"), f"{p.name}: a fitted parameter's prior must be an assumption"
        prior = p.prior
        assert prior.low < prior.high, f"{p.name}: prior {p.source} has no range"
        assert prior.low <= defaults[p.name] <= prior.high, f"{p.name}: fitted value outside the prior's range"


def test_the_stored_fit_only_names_fitted_parameters():
    fitted_names = {p.name for p in parameters.PARAMETERS if p.fitted}
    stored = parameters.fitted()["parameters"]
    assert set(stored) <= fitted_names, f"fitted.json has values for undeclared/non-fitted {set(stored) - fitted_names}"
    for name, value in stored.items():
        assert parameters.defaults()[name] == float(value)


def test_non_fitted_defaults_equal_their_source():
    defaults = parameters.defaults()
    assert set(defaults) == set(parameters.names())
    for p in parameters.PARAMETERS:
        if not p.fitted:
            assert defaults[p.name] == evidence.sourced(p.source).value, p.name


def test_every_default_respects_the_hard_bounds():
    defaults = parameters.defaults()
    for p in parameters.PARAMETERS:
        assert p.minimum <= defaults[p.name] <= p.maximum, p.name
        assert parameters.check_value(p.name, defaults[p.name]) is None


def _string_literals(path: Path):
    """(line, value) of every plain string literal in a Python file (f-strings are not literals)."""
    with path.open("rb") as fh:
        for tok in tokenize.tokenize(fh.readline):
            if tok.type != tokenize.STRING:
                continue
            prefix = re.match(r"[A-Za-z]*", tok.string).group(0).lower()
            if "f" in prefix:
                continue
            yield tok.start[0], ast.literal_eval(tok.string)


def test_every_reference_literal_in_the_source_resolves():
    """The guard that no model number lacks a source: every 'ev:ID' / 'as:ID' string in the code must resolve."""
    files = sorted(PACKAGE_DIR.rglob("*.py"))
    assert len(files) > 20
    found, broken = 0, []
    for path in files:
        for line, value in _string_literals(path):
            if not isinstance(value, str) or not REF.match(value):
                continue
            found += 1
            try:
                s = evidence.sourced(value)
            except InputError as exc:
                broken.append(f"{path.relative_to(PACKAGE_DIR)}:{line}: {value}: {exc}")
                continue
            if not math.isfinite(s.value):
                broken.append(f"{path.relative_to(PACKAGE_DIR)}:{line}: {value}: no number")
    assert found > 50, f"only {found} references found: is the scan broken?"
    assert not broken, "unresolved source references:\n" + "\n".join(broken)


def test_references_built_at_import_time_resolve():
    """References assembled in code (e.g. f"as:prior_first_share_{code}") as module-level constants."""
    def refs(obj, depth=0):
        if isinstance(obj, str):
            if REF.match(obj):
                yield obj
        elif depth < 3 and isinstance(obj, dict):
            for key, value in obj.items():
                yield from refs(key, depth + 1)
                yield from refs(value, depth + 1)
        elif depth < 3 and isinstance(obj, (list, tuple, set, frozenset)):
            for item in obj:
                yield from refs(item, depth + 1)

    found, broken = set(), []
    for info in pkgutil.walk_packages(relokant.__path__, "relokant."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for attr, obj in vars(module).items():
            if attr.startswith("__"):
                continue
            for ref in refs(obj):
                found.add(ref)
                try:
                    evidence.sourced(ref)
                except InputError as exc:
                    broken.append(f"{info.name}.{attr}: {ref}: {exc}")
    assert any(r.startswith("as:prior_first_share_") for r in found), "the computed first-share refs were not seen"
    assert not broken, "\n".join(broken)


def test_references_in_shipped_scenarios_resolve():
    files = sorted(Path(str(resources.files("relokant.scenarios"))).glob("*.yaml"))
    assert files
    seen = 0
    for path in files:
        for m in re.finditer(r"(?<![A-Za-z0-9_])(ev|as):[A-Za-z0-9_]+", path.read_text(encoding="utf-8")):
            seen += 1
            evidence.sourced(m.group(0))
    assert seen >= 1
