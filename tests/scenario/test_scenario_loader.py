"""Tests of relokant.scenario: the shipped scenarios, ``extends:`` merging, the content hash, and the one-line messages
the loader gives for bad input.

Input: the shipped YAML files and small YAML files written to tmp_path. Output: pass/fail. Error messages are checked
verbatim: each must be one line that names the file, the key path and the problem (``FILE: KEY.PATH: problem``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from relokant import evidence, geo
from relokant.errors import InputError
from relokant.scenario import Scenario, builtin, load, loads, locate, with_options

BASELINE = builtin("baseline")
CASE = builtin("case-proposal")

# A valid policy entry and shock to build bad variants from.
POLICY_DE = "policy:\n  - geo: DE\n    from: 2023-01-01\n    openness: 1.0\n"
SHOCK = "shocks:\n  - id: s1\n    date: 2022-03-01\n    hazard: wave1_peak_hazard\n    half_life_months: 3\n"


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load(path)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message, f"message is not one line: {message!r}"
    assert "\n" not in info.value.message.strip(), f"raw message is not one line: {info.value.message!r}"
    assert "Traceback" not in message
    return message


def policy_dump(entries) -> list[dict]:
    return [e.model_dump(mode="json", by_alias=True) for e in entries]


# ----------------------------------------------------------------------------------------------- shipped scenarios


def test_shipped_baseline_loads_with_its_documented_settings():
    base = load(BASELINE)
    assert isinstance(base, Scenario)
    assert base.name == "baseline"
    assert base.horizon == "2030-12"
    assert (base.sample_size, base.seed, base.draws) == (100_000, 1, 1)
    assert [s.id for s in base.shocks] == ["invasion", "mobilization"]
    assert [s.population for s in base.shocks] == ["all", "draft_exposed"]
    assert base.months == 9 * 12  # 2022-01 .. 2030-12
    assert len(base.policy) >= 2
    for entry in base.policy:
        assert entry.geo == "EU27" or entry.geo in geo.DESTINATIONS
        assert entry.openness is not None or entry.capital_acceptance is not None
    # every reference in the shipped file resolves to a sourced number
    for entry in base.policy:
        for value in (entry.openness, entry.capital_acceptance):
            if isinstance(value, str):
                assert evidence.sourced(value).ref == value


def test_case_proposal_is_baseline_plus_the_card_route_no_deposit_cap_and_any_capital():
    base, case = load(BASELINE), load(CASE)
    assert case.name == "case-proposal"
    assert len(case.policy) == len(base.policy) + 1
    assert policy_dump(case.policy[:-1]) == policy_dump(base.policy)
    capital = case.policy[-1]
    assert capital.geo == "EU27"
    assert str(capital.start) == "2025-01-01"
    assert capital.openness is None
    assert capital.capital_acceptance == 1.0
    assert base.routes == []
    card, cap_lifted = case.routes
    assert card.route == "CASE_RELOCANT_CARD_*" and card.enabled and str(card.start) == "2025-01-01"
    assert card.matches("CASE_RELOCANT_CARD_DE") and not card.matches("EU_BLUE_CARD_DE")
    # "accept any capital": the deposit cap of Reg. 833/2014 Art. 5b is suspended from the same date
    assert cap_lifted.route == "EU_DEPOSITS_ABOVE_CAP_*" and not cap_lifted.enabled
    assert str(cap_lifted.start) == "2025-01-01" and cap_lifted.matches("EU_DEPOSITS_ABOVE_CAP_DE")
    # inherited from the baseline
    assert case.horizon == base.horizon
    assert case.seed == base.seed
    assert case.sample_size == base.sample_size
    assert case.draws == base.draws
    assert [s.model_dump() for s in case.shocks] == [s.model_dump() for s in base.shocks]
    assert case.parameters == base.parameters
    assert case.description != base.description
    assert case.content_hash() != base.content_hash()


def test_locate_finds_shipped_scenarios_by_name_and_files_by_path(tmp_path):
    assert locate("baseline") == BASELINE
    assert locate("case-proposal") == CASE
    own = write(tmp_path, "mine.yaml", "name: mine\n")
    assert locate(own) == own
    assert locate(str(tmp_path / "absent.yaml")) == tmp_path / "absent.yaml"  # left for load() to report


def test_extends_by_shipped_name(tmp_path):
    child = load(write(tmp_path, "child.yaml", "extends: baseline\nname: child\nhorizon: 2024-12\n"))
    base = load(BASELINE)
    assert child.name == "child" and child.horizon == "2024-12"
    assert policy_dump(child.policy) == policy_dump(base.policy)
    assert child.seed == base.seed


# ----------------------------------------------------------------------------------------------- extends: merging

PARENT = """\
name: parent
description: the parent
horizon: 2026-12
sample_size: 2000
seed: 7
draws: 2
parameters:
  ordinary_eu_share: 0.4
  return_or_transit_hub: 1.8
shocks:
  - id: one
    date: 2022-02-24
    hazard: wave1_peak_hazard
    half_life_months: 2
  - id: two
    date: 2022-09-21
    hazard: wave2_peak_hazard
    half_life_months: wave2_half_life_months
    population: draft_exposed
policy:
  - geo: DE
    from: 2022-03-01
    openness: 0.9
"""

CHILD = """\
extends: ../base/parent.yaml
name: child
horizon: 2027-06
parameters:
  ordinary_eu_share: 0.6
  onward_hazard_monthly: 0.02
shocks:
  - id: two
    date: 2022-10-01
    hazard: wave2_peak_hazard
    half_life_months: 4
    scale: 2
  - id: three
    date: 2024-01-01
    hazard: wave1_peak_hazard
    half_life_months: 1
policy:
  - geo: DE
    from: 2024-01-01
    openness: 0.5
"""


def test_extends_merge_rules(tmp_path):
    write(tmp_path, "base/parent.yaml", PARENT)
    child = load(write(tmp_path, "kids/child.yaml", CHILD))  # extends: is relative to the child's folder
    # scalars: replaced where the child sets them, inherited otherwise
    assert child.name == "child"
    assert child.horizon == "2027-06"
    assert (child.sample_size, child.seed, child.draws) == (2000, 7, 2)
    assert child.description == "the parent"
    # parameters: merged key by key
    assert child.parameters == {"ordinary_eu_share": 0.6, "return_or_transit_hub": 1.8, "onward_hazard_monthly": 0.02}
    # shocks: merged by id, the child's version replaces the parent's, new ids appended
    assert [s.id for s in child.shocks] == ["one", "two", "three"]
    one, two, _ = child.shocks
    assert str(one.date) == "2022-02-24" and one.half_life_months == 2
    assert str(two.date) == "2022-10-01" and two.half_life_months == 4 and two.scale == 2
    assert two.population == "all"  # replaced whole, not merged field by field
    # policy: appended after the parent's
    assert [(p.geo, str(p.start), p.openness) for p in child.policy] == [
        ("DE", "2022-03-01", 0.9), ("DE", "2024-01-01", 0.5)]


def test_extends_chain_of_three(tmp_path):
    write(tmp_path, "a.yaml", "name: a\nseed: 3\n" + POLICY_DE)
    write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\ndraws: 4\npolicy:\n  - geo: FR\n    from: 2023-02-01\n"
                              "    openness: 0.7\n")
    c = load(write(tmp_path, "c.yaml", "extends: b.yaml\nname: c\npolicy:\n  - geo: IT\n    from: 2023-03-01\n"
                                       "    capital_acceptance: 0.5\n"))
    assert (c.name, c.seed, c.draws) == ("c", 3, 4)
    assert [p.geo for p in c.policy] == ["DE", "FR", "IT"]


def test_bad_parent_is_reported_against_the_parent_file(tmp_path):
    parent = write(tmp_path, "parent.yaml", "name: parent\nbogus: 1\n")
    child = write(tmp_path, "child.yaml", "extends: parent.yaml\nname: child\n")
    assert load_error(child) == f"{parent}: bogus: unknown key"


def test_loads_reports_the_given_name_and_resolves_extends_from_base_dir(tmp_path):
    write(tmp_path, "parent.yaml", "name: parent\nseed: 11\n")
    scenario = loads("extends: parent.yaml\nname: inline\n", name_for_errors="inline.yaml", base_dir=tmp_path)
    assert (scenario.name, scenario.seed) == ("inline", 11)
    with pytest.raises(InputError) as info:
        loads("name: inline\nwhat: 1\n", name_for_errors="inline.yaml")
    assert str(info.value) == "inline.yaml: what: unknown key"


# ----------------------------------------------------------------------------------------------- content hash


def test_content_hash_is_stable_and_tracks_content(tmp_path):
    text = "name: h\nhorizon: 2025-12\nseed: 5\n" + POLICY_DE
    first = load(write(tmp_path, "h1.yaml", text))
    again = load(write(tmp_path, "h1.yaml", text))
    assert re.fullmatch(r"[0-9a-f]{16}", first.content_hash())
    assert first.content_hash() == again.content_hash()
    # key order and file name do not matter; the content does
    reordered = load(write(tmp_path, "other-name.yaml", POLICY_DE + "seed: 5\nhorizon: 2025-12\nname: h\n"))
    assert reordered.content_hash() == first.content_hash()
    assert loads(text).content_hash() == first.content_hash()
    changed = {
        "seed": text.replace("seed: 5", "seed: 6"),
        "openness": text.replace("openness: 1.0", "openness: 0.99"),
        "horizon": text.replace("2025-12", "2026-01"),
        "name": text.replace("name: h", "name: h2"),
    }
    hashes = {key: load(write(tmp_path, f"{key}.yaml", t)).content_hash() for key, t in changed.items()}
    assert first.content_hash() not in hashes.values()
    assert len(set(hashes.values())) == len(hashes)
    # the shipped scenarios hash the same every time they are loaded
    assert load(BASELINE).content_hash() == load(BASELINE).content_hash()


def test_with_options_replaces_run_options_and_reports_them_as_options():
    base = load(BASELINE)
    small = with_options(base, sample_size=5000, draws=3, seed=9)
    assert (small.sample_size, small.draws, small.seed) == (5000, 3, 9)
    assert small.content_hash() != base.content_hash()
    assert with_options(base) is base
    with pytest.raises(InputError) as info:
        with_options(base, sample_size=10)
    assert str(info.value) == "--sample-size: must be >= 1000, got 10"


# ----------------------------------------------------------------------------------------------- bad input

BAD = [
    ("unknown-top-level-key", "name: x\nfoo: 1\n", "foo: unknown key"),
    ("unknown-nested-key", "name: x\n" + POLICY_DE + "    foo: 2\n", "policy.0.foo: unknown key"),
    ("unknown-shock-key", "name: x\n" + SHOCK + "    colour: red\n", "shocks.0.colour: unknown key"),
    ("sample-size-text", "name: x\nsample_size: abc\n", "sample_size: expected an integer, got 'abc'"),
    ("seed-fraction", "name: x\nseed: 1.5\n", "seed: expected an integer, got 1.5"),
    ("unknown-country", "name: x\n" + POLICY_DE.replace("DE", "ZZ"),
     "policy.0.geo: unknown place code 'ZZ' (expected an ISO 3166-1 alpha-2 code of a modelled place, e.g. DE, GE, "
     "AM; see relokant.geo.PLACES)"),
    ("origin-as-policy-geo", "name: x\n" + POLICY_DE.replace("DE", "RU"),
     "policy.0.geo: policy applies to destinations; RU is the origin"),
    ("policy-after-horizon", "name: x\nhorizon: 2024-12\n" + POLICY_DE.replace("2023-01-01", "2025-02-01"),
     "policy.0.from: 2025-02-01 is after the horizon 2024-12"),
    ("shock-before-2022-01", "name: x\n" + SHOCK.replace("2022-03-01", "2021-12-01"),
     "shocks.0.date: 2021-12-01 is outside the simulated period 2022-01..2030-12"),
    ("shock-after-horizon", "name: x\nhorizon: 2023-12\n" + SHOCK.replace("2022-03-01", "2024-01-01"),
     "shocks.0.date: 2024-01-01 is outside the simulated period 2022-01..2023-12"),
    ("horizon-month-13", "name: x\nhorizon: 2030-13\n", "horizon: expected a month as YYYY-MM, got '2030-13'"),
    ("horizon-words", "name: x\nhorizon: soon\n", "horizon: expected a month as YYYY-MM, got 'soon'"),
    ("horizon-too-early", "name: x\nhorizon: 2022-06\n",
     "horizon: must be between 2022-12 and 2040-12, got '2022-06'"),
    ("horizon-too-late", "name: x\nhorizon: 2041-01\n",
     "horizon: must be between 2022-12 and 2040-12, got '2041-01'"),
    ("sample-size-negative", "name: x\nsample_size: -5\n", "sample_size: must be >= 1000, got -5"),
    ("sample-size-absurd", f"name: x\nsample_size: {10**12}\n", "sample_size: must be <= 20000000, got 1000000000000"),
    ("draws-zero", "name: x\ndraws: 0\n", "draws: must be >= 1, got 0"),
    ("draws-too-many", "name: x\ndraws: 1001\n", "draws: must be <= 1000, got 1001"),
    ("openness-negative", "name: x\n" + POLICY_DE.replace("openness: 1.0", "openness: -0.5"),
     "policy.0.openness: must be between 0 and 20, got -0.5"),
    ("openness-text", "name: x\n" + POLICY_DE.replace("openness: 1.0", "openness: lots"),
     "policy.0.openness: expected a number or a reference like 'as:ID', got 'lots'"),
    ("openness-unknown-assumption", "name: x\n" + POLICY_DE.replace("openness: 1.0", "openness: as:nope"),
     "policy.0.openness: unknown assumption id 'nope' (see relokant/evidence/data/assumptions.csv)"),
    ("openness-unknown-figure", "name: x\n" + POLICY_DE.replace("openness: 1.0", "openness: ev:nope"),
     "policy.0.openness: unknown evidence id 'nope' (see `relokant evidence list`)"),
    ("capital-acceptance-above-1", "name: x\n" + POLICY_DE.replace("openness: 1.0", "capital_acceptance: 2"),
     "policy.0.capital_acceptance: must be between 0 and 1, got 2.0"),
    ("unknown-parameter", "name: x\nparameters:\n  nope: 1\n",
     "parameters.nope: unknown parameter (see `relokant params`)"),
    ("parameter-out-of-bounds", "name: x\nparameters:\n  wave1_peak_hazard: 2\n",
     "parameters.wave1_peak_hazard: 2.0 is outside the allowed range [0, 1] (per month)"),
    ("parameter-text", "name: x\nparameters:\n  wave1_peak_hazard: abc\n",
     "parameters.wave1_peak_hazard: expected a number, got 'abc'"),
    ("unknown-hazard-parameter", "name: x\n" + SHOCK.replace("wave1_peak_hazard", "nope"),
     "shocks.0.hazard: unknown parameter 'nope' (see `relokant params`)"),
    ("duplicate-shock-ids", "name: x\n" + SHOCK + SHOCK.split("\n", 1)[1], "shocks: duplicate ids ['s1']"),
    ("policy-not-a-list", "name: x\npolicy: 3\n", "policy: expected a list, got 3"),
    ("name-missing", "horizon: 2030-12\n", "name: required key missing"),
    ("empty-file", "", "the file is empty"),
    ("only-a-comment", "# nothing here\n", "the file is empty"),
    ("yaml-syntax-error", "name: [unclosed\nseed: 1\n", "line 2: invalid YAML: expected ',' or ']', but got ':'"),
    ("yaml-bad-indent", "name: x\nfoo: : bar\n", "line 2: invalid YAML: mapping values are not allowed here"),
    ("top-level-list", "- name: x\n- seed: 1\n", "expected a mapping of scenario keys at the top level, got list"),
    ("top-level-scalar", "just words\n", "expected a mapping of scenario keys at the top level, got str"),
    ("extends-not-a-path", "extends: 5\nname: x\n", "extends: expected a file path, got 5"),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_scenario_gives_one_exact_line(tmp_path, text, expected):
    path = write(tmp_path, "bad.yaml", text)
    assert load_error(path) == f"{path}: {expected}"


def test_missing_file(tmp_path):
    path = tmp_path / "absent.yaml"
    assert load_error(path) == f"{path}: file not found"


def test_directory_instead_of_file(tmp_path):
    assert load_error(tmp_path) == f"{tmp_path}: not a file"


def test_missing_extends_target_says_where_it_looked(tmp_path):
    path = write(tmp_path, "bad.yaml", "extends: nope.yaml\nname: x\n")
    assert load_error(path) == (f"{path}: extends: file not found: nope.yaml (looked in {tmp_path}, and among the "
                                "shipped scenarios baseline, case-proposal)")


def test_extends_cycle_is_reported_where_it_closes(tmp_path):
    a = write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\n")
    b = write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\n")
    a_full, b_full = a.resolve(), b.resolve()
    assert load_error(a) == f"{b}: extends: a.yaml closes a cycle ({a_full} -> {b_full} -> {a_full})"


def test_extends_itself(tmp_path):
    me = write(tmp_path, "me.yaml", "extends: me.yaml\nname: me\n")
    assert load_error(me) == f"{me}: extends: me.yaml closes a cycle ({me.resolve()} -> {me.resolve()})"


def test_extends_a_shipped_scenario_by_name(tmp_path):
    from relokant.scenario import builtin

    path = write(tmp_path, "mine.yaml", "extends: baseline\nname: mine\nsample_size: 2000\n")
    scenario = load(path)
    assert scenario.sample_size == 2000
    assert scenario.policy == load(builtin("baseline")).policy


@pytest.mark.parametrize("key", ["sample_size", "seed", "draws"])
def test_booleans_are_not_counts(tmp_path, key):
    path = write(tmp_path, "bad.yaml", f"name: x\n{key}: true\n")
    assert load_error(path) == f"{path}: {key}: expected an integer, got True"


def test_horizon_written_as_a_year(tmp_path):
    path = write(tmp_path, "bad.yaml", "name: x\nhorizon: 2030\n")
    assert load_error(path) == f"{path}: horizon: expected a month as YYYY-MM, got 2030"


def test_impossible_date_is_an_input_error(tmp_path):
    path = write(tmp_path, "bad.yaml", "name: x\n" + POLICY_DE.replace("2023-01-01", "2023-13-01"))
    assert load_error(path) == f"{path}: policy.0.from: expected a date YYYY-MM-DD, got '2023-13-01'"


def test_dates_are_still_dates(tmp_path):
    """Dates written plainly or quoted load the same (the YAML loader keeps them as text for pydantic)."""
    plain = load(write(tmp_path, "plain.yaml", "name: x\n" + POLICY_DE))
    quoted = load(write(tmp_path, "quoted.yaml", "name: x\n" + POLICY_DE.replace("2023-01-01", "'2023-01-01'")))
    assert str(plain.policy[0].start) == "2023-01-01"
    assert plain.content_hash() == quoted.content_hash()
