"""Reading survey CSVs: the documented shape, missing answers, unknown columns, and one-line errors for bad files.

Input: small CSV files written in tmp_path. Output: pass/fail. Checked: typed values and missing masks, tolerance of
real-file habits (extra columns, capitalised headers, semicolons, yes/no flags, lowercase country codes, a BOM), and
that every kind of bad file raises an InputError of one line that names the file, the line and the column.
"""

from __future__ import annotations

import numpy as np
import pytest

from relokant.errors import InputError
from relokant.survey import read_survey
from relokant.survey.microdata import COLUMNS, REQUIRED

from .conftest import write

HEADER = "respondent_id,age,sex,higher_edu,it,entrepreneur,region_origin,partner,children,country,left"


def test_columns_are_declared_once_with_required_core():
    assert REQUIRED == ("respondent_id", "age", "sex")
    assert len({c.name for c in COLUMNS}) == len(COLUMNS)


def test_values_are_typed_and_missing_answers_are_explicit(tmp_path):
    path = write(tmp_path / "s.csv", HEADER + "\n"
                 "a1,31,male,1,1,self_employed,moscow,1,0,GE,2022-03\n"
                 "a2,,female,,0,,rest,,2,de,\n")
    s = read_survey(path)
    assert len(s) == 2 and not s.synthetic
    assert np.isnan(s.values["age"][1]) and s.values["age"][0] == 31
    assert list(s.missing("higher_edu")) == [False, True]
    assert list(s.values["entrepreneur"]) == [1, -1]
    assert list(s.values["country"]) == ["GE", "DE"]
    assert list(s.missing("left")) == [False, True]
    assert list(s.design_weight) == [1.0, 1.0]


def test_real_file_habits_are_accepted(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(("\ufeffRespondent_ID;AGE;Sex;Higher_Edu;Q17 free text;design_weight\n"
                      "x;40;Female;yes;\"hello; world\";2.5\n"
                      "y;29;MALE;No;;0.5\n").encode("utf-8"))
    s = read_survey(path)
    assert list(s.values["higher_edu"]) == [1, 0]
    assert list(s.values["sex"]) == [0, 1]
    assert s.ignored_columns == ("q17 free text",)
    assert list(s.design_weight) == [2.5, 0.5]
    assert s.raw["q17 free text"].iat[0] == "hello; world"


def test_comment_lines_mark_a_synthetic_file(tmp_path):
    path = write(tmp_path / "s.csv", "# SYNTHETIC test file\nrespondent_id,age,sex\n1,30,male\n")
    s = read_survey(path)
    assert s.synthetic and s.comments == ("SYNTHETIC test file",)
    assert s.line(0) == 3


BAD_FILES = [
    ("empty", "", "empty file"),
    ("header only", "respondent_id,age,sex\n", "no respondents"),
    ("comments only", "# nothing\n", "no header row"),
    ("no required column", "id,age,sex\n1,30,male\n", "missing required column 'respondent_id'"),
    ("not a csv", '{"respondent_id": 1, "age": 30}\n', "missing required column"),
    ("wrong type", "respondent_id,age,sex\nr1,30,male\nr2,thirty,male\n",
     "line 3 (respondent r2): column age: expected a whole number, got 'thirty'"),
    ("out of range", "respondent_id,age,sex\nr1,300,male\n", "column age: expected a value from 14 to 110"),
    ("unknown category", "respondent_id,age,sex\nr1,30,mael\n", "column sex: unknown category"),
    ("bad flag", "respondent_id,age,sex,it\nr1,30,male,maybe\n", "column it: expected 1 or 0"),
    ("bad country", "respondent_id,age,sex,country\nr1,30,male,ZZ\n", "column country: unknown country"),
    ("bad month", "respondent_id,age,sex,left\nr1,30,male,2022-13\n", "column left: expected a month YYYY-MM"),
    ("duplicate id", "respondent_id,age,sex\nr1,30,male\nr1,31,male\n", "duplicate respondent id"),
    ("blank id", "respondent_id,age,sex\n,30,male\n", "column respondent_id: blank"),
    ("ragged row", "respondent_id,age,sex\nr1,30,male,extra,more\n", "not a valid CSV table"),
    ("zero weight", "respondent_id,age,sex,design_weight\nr1,30,male,0\n", "expected a positive number"),
    ("blank weight", "respondent_id,age,sex,design_weight\nr1,30,male,\n", "column design_weight: blank"),
    ("duplicate column", "respondent_id,age,sex,AGE\nr1,30,male,30\n", "column 'age' appears more than once"),
]


@pytest.mark.parametrize("case,text,expected", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_bad_files_are_one_line_input_errors(tmp_path, case, text, expected):
    path = write(tmp_path / "bad.csv", text)
    with pytest.raises(InputError) as info:
        read_survey(path)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert expected in message, message
    assert "\n" not in message


def test_missing_binary_and_non_utf8_files(tmp_path):
    for path, raw, expected in ((tmp_path / "nope.csv", None, "file not found"),
                                (tmp_path / "book.xlsx", b"PK\x03\x04\x00\x00binary", "binary file"),
                                (tmp_path / "latin.csv", "respondent_id,age,sex\nr\xe9,30,male\n".encode("latin-1"),
                                 "line 2: not UTF-8")):
        if raw is not None:
            path.write_bytes(raw)
        with pytest.raises(InputError, match=expected):
            read_survey(path)
    with pytest.raises(InputError, match="not a file"):
        read_survey(tmp_path)


def test_many_bad_rows_are_counted_in_one_line(tmp_path):
    path = write(tmp_path / "s.csv", "respondent_id,age,sex\n" + "".join(f"r{i},x,male\n" for i in range(5)))
    with pytest.raises(InputError, match=r"line 2 \(respondent r0\).*\(and 4 more rows\)"):
        read_survey(path)
