"""MARGINS.yaml validation and raking a survey to it: diagnostics, missing answers, bounds, the weighted file.

Input: the shipped SYNTHETIC demo and small files written in tmp_path. Output: pass/fail. Checked: raking reproduces
every margin; non-response is kept at its design-weighted share; count margins set the total; weight bounds hold;
the weighted CSV keeps the survey's columns and comments and is written atomically; every bad margins file (and
every mismatch between margins and data) is an InputError of one line naming the file and key path.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from relokant.errors import InputError
from relokant.survey import compile_margins, load_margins, parse_bounds, read_survey, weight_survey, write_weighted

from .conftest import write

SURVEY = ("respondent_id,age,sex,country,it\n"
          "1,25,male,GE,1\n2,31,female,GE,0\n3,45,male,DE,\n4,52,female,DE,0\n5,38,male,AM,1\n6,29,female,,0\n")


@pytest.fixture
def small(tmp_path):
    return read_survey(write(tmp_path / "small.csv", SURVEY))


def margins_file(tmp_path, body: str) -> Path:
    return write(tmp_path / "m.yaml", body)


def test_raking_the_demo_reproduces_every_margin(demo_survey, demo_margins):
    w = weight_survey(demo_survey, demo_margins)
    assert w.converged and w.max_rel_error < 1e-9
    assert np.allclose(w.table["raked_share"], w.table["target_share"], atol=1e-9)
    assert w.weight.sum() == pytest.approx(len(demo_survey))
    # The demo's deliberate bias shows: before raking, the shares are off the targets.
    assert (w.table["design_share"] - w.table["target_share"]).abs().max() > 0.05
    assert 1.2 < w.design_effect < 4 and w.effective_sample_size == pytest.approx(len(demo_survey) / w.design_effect)


def test_missing_answers_are_kept_at_their_share_and_reported(tmp_path, small):
    spec = load_margins(margins_file(tmp_path, """
margins:
  country:
    source: test
    categories: {GE: {share: 0.5}, DE: {share: 0.3}, other: {share: 0.2}}
"""))
    w = weight_survey(small, spec)
    rows = w.table.set_index("category")
    assert rows.loc["(no answer)", "raked_share"] == pytest.approx(1 / 6)
    assert rows.loc["GE", "raked_share"] == pytest.approx(0.5 * 5 / 6)
    assert any("1 respondents without an answer" in note for note in w.notes)


def test_count_margins_set_the_total_and_bands_cover_ages(tmp_path, small):
    spec = load_margins(margins_file(tmp_path, """
title: counts
margins:
  sex:
    categories: {male: {count: 600, source: ev:OKR_11}, female: {count: 400, source: x}}
  age:
    source: test
    bands: {"18-34": {count: 500}, "35-49": {count: 300}, "50+": {count: 200}}
"""))
    w = weight_survey(small, spec)
    assert w.weight.sum() == pytest.approx(1000)
    ages = small.values["age"]
    assert w.weight[ages >= 50].sum() == pytest.approx(200)


def test_bounds_limit_the_adjustment(demo_survey, demo_margins):
    w = weight_survey(demo_survey, demo_margins, bounds=(0.3, 8.0))
    assert w.converged
    assert 0.3 - 1e-9 <= w.adjustment_range[0] and w.adjustment_range[1] <= 8.0 + 1e-9
    with pytest.raises(InputError, match="did not converge within weight bounds"):
        weight_survey(demo_survey, demo_margins, bounds=(0.9, 1.1))


@pytest.mark.parametrize("text,expected", [
    ("0.2,5", (0.2, 5.0)), (None, None)])
def test_parse_bounds(text, expected):
    assert parse_bounds(text) == expected


@pytest.mark.parametrize("text", ["abc", "2,5", "0.5", "0.2,0.9", "nan,2"])
def test_bad_bounds(text):
    with pytest.raises(InputError, match="--bounds"):
        parse_bounds(text)


def test_weighted_file_keeps_columns_comments_and_is_atomic(tmp_path, demo_survey, demo_margins, monkeypatch):
    w = weight_survey(demo_survey, demo_margins)
    out = write_weighted(w, tmp_path / "weighted.csv")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC DEMO SURVEY")
    back = read_survey(out)
    assert back.synthetic and list(back.raw.columns) == [*demo_survey.raw.columns, "weight"]
    assert np.allclose(back.raw["weight"].astype(float), w.weight, rtol=1e-9)
    assert (back.raw.drop(columns="weight").to_numpy() == demo_survey.raw.to_numpy()).all()
    # A failure while writing leaves the previous file as it was and no temporary file behind.
    before = out.read_bytes()

    class Boom(Exception):
        pass

    def broken_writer(*args, **kwargs):
        raise Boom()
    monkeypatch.setattr(csv, "writer", broken_writer)
    with pytest.raises(Boom):
        write_weighted(w, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weighted.csv"]


def test_output_problems_are_input_errors(tmp_path, demo_survey, demo_margins):
    w = weight_survey(demo_survey, demo_margins)
    with pytest.raises(InputError, match="does not exist"):
        write_weighted(w, tmp_path / "no" / "such" / "out.csv")
    with pytest.raises(InputError, match="is a folder"):
        write_weighted(w, tmp_path)
    with pytest.raises(InputError, match="is the input file"):
        write_weighted(w, demo_survey.path)


BAD_MARGINS = [
    ("malformed yaml", "margins: [unclosed\n", "invalid YAML"),
    ("empty", "", "empty file"),
    ("not a mapping", "- a\n- b\n", "expected a mapping"),
    ("no margins", "title: x\n", "margins: required key missing"),
    ("unknown key", "margins:\n  country:\n    categoris: {GE: {share: 1, source: s}}\n",
     "margins.country.categoris: unknown key"),
    ("share above 1", "margins:\n  sex:\n    categories: {male: {share: 1.5, source: s}, female: {share: 0, "
     "source: s}}\n", "margins.sex.categories.male.share"),
    ("shares do not sum", "margins:\n  sex:\n    categories: {male: {share: 0.5, source: s}, female: {share: 0.3, "
     "source: s}}\n", "margins.sex: shares sum to 0.8, not 1 (totals inconsistent)"),
    ("share and count", "margins:\n  sex:\n    categories: {male: {share: 0.5, count: 3, source: s}, female: "
     "{share: 0.5, source: s}}\n", "give exactly one of share"),
    ("no source", "margins:\n  sex:\n    categories: {male: {share: 0.5}, female: {share: 0.5}}\n",
     "margins.sex: male: no source"),
    ("unknown ref", "margins:\n  sex:\n    categories: {male: {share: 0.5, source: ev:NOPE}, female: {share: 0.5, "
     "source: s}}\n", "source ev:NOPE: unknown evidence id 'NOPE'"),
    ("both kinds", "margins:\n  sex:\n    source: s\n    categories: {male: {share: 1}}\n    bands: {'1-2': "
     "{share: 1}}\n", "give exactly one of categories or bands"),
]


@pytest.mark.parametrize("case,text,expected", BAD_MARGINS, ids=[c[0] for c in BAD_MARGINS])
def test_bad_margins_files(tmp_path, case, text, expected):
    path = margins_file(tmp_path, text)
    with pytest.raises(InputError) as info:
        load_margins(path)
    message = str(info.value)
    assert message.startswith(str(path)) and expected in message and "\n" not in message, message


MISMATCHES = [
    ("column not in data", "margins:\n  region_origin:\n    source: s\n    categories: {moscow: {share: 1}}\n",
     "margins.region_origin: column 'region_origin' is not in"),
    ("not rakeable", "margins:\n  respondent_id:\n    source: s\n    categories: {a: {share: 1}}\n",
     "not a survey column that can be raked to"),
    ("category absent from data", "margins:\n  country:\n    source: s\n    categories: {GE: {share: 0.4}, DE: "
     "{share: 0.3}, AM: {share: 0.2}, RS: {share: 0.1}}\n",
     "margins.country.categories.RS: target 0.1 but no respondent"),
    ("value in no category", "margins:\n  country:\n    source: s\n    categories: {GE: {share: 0.5}, DE: "
     "{share: 0.5}}\n", "line 6 (respondent 5): country 'AM' is in no category"),
    ("unknown category", "margins:\n  sex:\n    source: s\n    categories: {mael: {share: 0.5}, female: "
     "{share: 0.5}}\n", "margins.sex.categories.mael: not a category of sex"),
    ("bands overlap", "margins:\n  age:\n    source: s\n    bands: {'18-40': {share: 0.5}, '40+': {share: 0.5}}\n",
     "bands '18-40' and '40+' overlap"),
    ("bad band", "margins:\n  age:\n    source: s\n    bands: {'young': {share: 1}}\n", "band 'young': expected"),
    ("age outside bands", "margins:\n  age:\n    source: s\n    bands: {'18-40': {share: 1}}\n",
     "age '45' is in no band"),
    ("bands on a category", "margins:\n  sex:\n    source: s\n    bands: {'1-2': {share: 1}}\n",
     "bands are for a numeric column"),
    ("zero target with data", "margins:\n  sex:\n    source: s\n    categories: {male: {share: 1}, female: "
     "{share: 0}}\n", "target 0 but 3 respondents"),
    ("count totals differ", "margins:\n  sex:\n    source: s\n    categories: {male: {count: 60}, female: "
     "{count: 40}}\n  it:\n    source: s\n    categories: {1: {count: 50}, 0: {count: 60}}\n",
     "totals inconsistent: margins.sex counts sum to 100 but margins.it to 110"),
    ("total disagrees", "total: 500\nmargins:\n  sex:\n    source: s\n    categories: {male: {count: 60}, "
     "female: {count: 40}}\n", "totals inconsistent: total is 500"),
]


@pytest.mark.parametrize("case,text,expected", MISMATCHES, ids=[c[0] for c in MISMATCHES])
def test_margins_that_do_not_fit_the_data(tmp_path, small, case, text, expected):
    spec = load_margins(margins_file(tmp_path, text))
    with pytest.raises(InputError) as info:
        compile_margins(spec, small)
    message = str(info.value)
    assert expected in message and "\n" not in message, message


def test_yaml_no_stays_a_category(tmp_path):
    survey = read_survey(write(tmp_path / "s.csv", "respondent_id,age,sex,entrepreneur\n1,30,male,no\n"
                                                    "2,40,female,self_employed\n"))
    spec = load_margins(margins_file(tmp_path, "margins:\n  entrepreneur:\n    source: s\n    categories:\n"
                                               "      no: {share: 0.6}\n      other: {share: 0.4}\n"))
    w = weight_survey(survey, spec)
    assert w.weight == pytest.approx([1.2, 0.8])
