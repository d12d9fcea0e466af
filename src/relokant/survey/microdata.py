"""Survey microdata: the CSV shape of an emigrant survey, read and checked into typed columns.

Input: a CSV file with a header row, one row per respondent (the shape is documented in ``relokant.survey`` and
``COLUMNS``). Leading lines starting with ``#`` are comments (the shipped demo uses them for its SYNTHETIC label).
Output: ``read_survey(path) -> Survey``, typed arrays per known column (missing values explicit), the raw text of
every column (unknown columns kept, untouched, for writing the weighted file back) and what was ignored.

Every problem with the file is an ``InputError`` of one line naming the file, the line and the column: a file that
cannot be read as a survey never gets further than this module.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from relokant.errors import InputError
from relokant.population.schema import ENTREPRENEUR, REGIONS

SEXES = ("female", "male")
# ENTREPRENEUR and REGIONS are the population schema's categories, so survey and baseline use the same words.
MISSING = ""  # a blank cell is a missing answer (item non-response); nothing else is

# ISO 3166-1 alpha-2, every officially assigned code, plus XX (relokant's rest-of-world bucket, a user-assigned code).
ISO_3166_ALPHA2 = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC
CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD
GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH
KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW
MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC
SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY
UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XX
""".split())

_TRUE = frozenset({"1", "yes", "true"})
_FALSE = frozenset({"0", "no", "false"})
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")


@dataclass(frozen=True)
class Column:
    """One known survey column: how its text is read (``kind``), whether the file must have it, and its meaning.

    kinds: ``id`` (text, unique, never blank), ``integer`` (whole number within ``bounds``), ``flag`` (0/1, also
    yes/no or true/false), ``category`` (one of ``categories``), ``country`` (ISO 3166-1 alpha-2), ``month``
    (YYYY-MM), ``weight`` (a positive number, never blank). ``bounds`` are plausibility limits that catch typos and
    swapped columns, not model numbers.
    """

    name: str
    kind: str
    required: bool
    doc: str
    categories: tuple[str, ...] | None = None
    bounds: tuple[int, int] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("respondent_id", "id", True, "identifier of the respondent, unique in the file (any text)"),
    Column("age", "integer", True, "age in completed years when surveyed", bounds=(14, 110)),
    Column("sex", "category", True, "female or male", SEXES),
    Column("higher_edu", "flag", False, "holds a higher-education (university) degree: 1 or 0"),
    Column("it", "flag", False, "works in IT (information technology): 1 or 0"),
    Column("entrepreneur", "category", False, "no, self_employed (sole trader, freelancer on own account) or "
           "business_owner (owns or co-owns a firm with staff or a registered company)", ENTREPRENEUR),
    Column("region_origin", "category", False, "where in Russia they lived before leaving: moscow, st_petersburg, "
           "large_city (another city over a million people) or rest", REGIONS),
    Column("partner", "flag", False, "married or living with a partner: 1 or 0"),
    Column("children", "integer", False, "number of children (0 for none)", bounds=(0, 20)),
    Column("country", "country", False, "country of residence when surveyed, ISO 3166-1 alpha-2 (DE, GE, RS; "
           "XX = elsewhere)"),
    Column("left", "month", False, "month of departure from Russia, YYYY-MM"),
    Column("design_weight", "weight", False, "design (base) weight, a positive number; 1 for everyone if absent"),
    Column("synthetic", "flag", False, "1 marks a made-up respondent (the shipped demo survey)"),
)
COLUMN = {column.name: column for column in COLUMNS}
REQUIRED = tuple(column.name for column in COLUMNS if column.required)


@dataclass
class Survey:
    """A survey read from a CSV file: typed arrays per known column, the raw text of every column, and provenance.

    ``values`` per kind: integers as float64 with NaN for missing; flags and categories as int8 codes with -1 for
    missing (flags: 0/1, categories: index into the column's ``categories``); countries, months and ids as str
    arrays with "" for missing; ``design_weight`` as float64 (ones if the file has none).
    """

    path: str
    raw: pd.DataFrame
    values: dict[str, np.ndarray]
    comments: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    lines: np.ndarray | None = None  # the line in the file where each data row starts
    synthetic: bool = False
    notes: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.raw)

    def has(self, name: str) -> bool:
        return name in self.values

    def missing(self, name: str) -> np.ndarray:
        """Boolean mask of respondents with no answer in a known column."""
        column = self.values[name]
        if column.dtype.kind == "f":
            return np.isnan(column)
        if column.dtype.kind == "i":
            return column < 0
        return column == MISSING

    @property
    def design_weight(self) -> np.ndarray:
        if "design_weight" in self.values:
            return self.values["design_weight"]
        return np.ones(len(self))

    def line(self, row: int) -> int:
        """The line in the file where data row ``row`` (0-based) starts, for messages."""
        return int(self.lines[row]) if self.lines is not None else row + 2

    def where(self, row: int) -> str:
        """``FILE: line N (respondent ID)``: where a row's problem is."""
        return f"{self.path}: line {self.line(row)} (respondent {self.raw['respondent_id'].iat[row]})"


def read_survey(path: str | Path) -> Survey:
    """Read and check a survey CSV; any problem is an ``InputError`` naming the file, line and column."""
    path = Path(path)
    text = _read_text(path)
    comments, header_line, body = _split_comments(text, path)
    raw, lines = _table(body, header_line, path)
    raw.columns = [str(name).strip().lower() for name in raw.columns]
    duplicated = sorted({name for name in raw.columns if list(raw.columns).count(name) > 1})
    if duplicated:
        raise InputError(f"{path}: column {duplicated[0]!r} appears more than once in the header")
    absent = [name for name in REQUIRED if name not in raw.columns]
    if absent:
        found = ", ".join(list(raw.columns)[:8]) + (", ..." if len(raw.columns) > 8 else "")
        raise InputError(f"{path}: missing required column {absent[0]!r} (required: {', '.join(REQUIRED)}; "
                         f"found: {found}); is it a survey CSV with a header row?")
    if raw.empty:
        raise InputError(f"{path}: no respondents (the file has a header but no data rows)")
    raw = raw.apply(lambda column: column.astype(str).str.strip())
    survey = Survey(str(path), raw, {}, comments=comments, lines=lines,
                    ignored_columns=tuple(name for name in raw.columns if name not in COLUMN))
    for column in COLUMNS:
        if column.name in raw.columns:
            survey.values[column.name] = _parse(column, raw[column.name], survey)
    survey.synthetic = bool(any("SYNTHETIC" in comment.upper() for comment in comments)
                            or ("synthetic" in survey.values and (survey.values["synthetic"] == 1).any()))
    return survey


def _read_text(path: Path) -> str:
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: empty file (expected a CSV with a header row and one row per respondent)")
    if b"\x00" in data[:4096]:
        raise InputError(f"{path}: binary file, not a CSV text file (a spreadsheet? export it as CSV, UTF-8)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"{path}: line {line}: not UTF-8 text (save the CSV as UTF-8)") from None


def _split_comments(text: str, path: Path) -> tuple[tuple[str, ...], int, str]:
    """Leading ``#`` lines and blank lines, the header's line number (1-based), and the rest of the text."""
    lines = text.splitlines(keepends=True)
    comments = []
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            comments.append(stripped.lstrip("#").strip())
        elif stripped:
            return tuple(comments), number + 1, "".join(lines[number:])
    raise InputError(f"{path}: no header row, only comments")


def _delimiter(header: str) -> str:
    # Spreadsheets in much of Europe export CSV with semicolons; a tab-separated export is also common.
    counts = {sep: header.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _table(body: str, header_line: int, path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Every cell as text, and the file line of every row; a row with the wrong number of fields is an error.

    The csv module rather than pandas: pandas silently turns extra fields into an index, and we want line numbers
    that survive quoted fields spanning lines.
    """
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=_delimiter(body.partition("\n")[0]))
    try:
        header = next(reader)
        rows, lines = [], []
        start = reader.line_num + 1
        for row in reader:
            line = header_line + start - 1
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != len(header):
                raise InputError(f"{path}: line {line}: {len(row)} fields but the header has {len(header)} "
                                 "(not a valid CSV table: check the separators and quotes)")
            rows.append(row)
            lines.append(line)
    except csv.Error as exc:
        raise InputError(f"{path}: line {header_line + reader.line_num - 1}: not a valid CSV table ({exc})") \
            from None
    return pd.DataFrame(rows, columns=header, dtype=object), np.asarray(lines, dtype="int64")


def _first_bad(bad: np.ndarray, texts: pd.Series, column: Column, survey: Survey, what: str) -> InputError:
    rows = np.flatnonzero(bad)
    more = f" (and {len(rows) - 1} more rows)" if len(rows) > 1 else ""
    return InputError(f"{survey.where(rows[0])}: column {column.name}: {what}, got {texts.iat[rows[0]]!r}{more}")


def _parse(column: Column, texts: pd.Series, survey: Survey) -> np.ndarray:
    blank = (texts == MISSING).to_numpy()
    lowered = texts.str.lower()
    if column.kind in ("id", "weight") and blank.any():
        raise _first_bad(blank, texts, column, survey, "blank (every respondent needs one)")
    if column.kind == "id":
        duplicated = texts.duplicated(keep="first").to_numpy()
        if duplicated.any():
            raise _first_bad(duplicated, texts, column, survey, "duplicate respondent id")
        return texts.to_numpy(dtype=object)
    if column.kind == "integer":
        whole = texts.str.match(_INTEGER).to_numpy() | blank
        if not whole.all():
            raise _first_bad(~whole, texts, column, survey, "expected a whole number")
        values = pd.to_numeric(texts.where(~blank, None), errors="coerce").to_numpy(dtype="float64")
        low, high = column.bounds
        outside = ~blank & ((values < low) | (values > high))
        if outside.any():
            raise _first_bad(outside, texts, column, survey, f"expected a value from {low} to {high}")
        return values
    if column.kind == "flag":
        true, false = lowered.isin(_TRUE).to_numpy(), lowered.isin(_FALSE).to_numpy()
        bad = ~(true | false | blank)
        if bad.any():
            raise _first_bad(bad, texts, column, survey, "expected 1 or 0 (or yes/no, true/false; blank if missing)")
        return np.where(true, 1, np.where(false, 0, -1)).astype("int8")
    if column.kind == "category":
        codes = np.full(len(texts), -1, dtype="int8")
        for code, category in enumerate(column.categories):
            codes[(lowered == category).to_numpy()] = code
        bad = (codes < 0) & ~blank
        if bad.any():
            raise _first_bad(bad, texts, column, survey,
                             f"unknown category (expected one of: {', '.join(column.categories)}; blank if missing)")
        return codes
    if column.kind == "country":
        upper = texts.str.upper()
        bad = ~upper.isin(ISO_3166_ALPHA2).to_numpy() & ~blank
        if bad.any():
            raise _first_bad(bad, texts, column, survey,
                             "unknown country (expected an ISO 3166-1 alpha-2 code such as DE, GE, RS; XX for "
                             "elsewhere)")
        return upper.to_numpy(dtype=object)
    if column.kind == "month":
        parts = texts.str.extract(_MONTH)
        year = pd.to_numeric(parts[0], errors="coerce").to_numpy()
        month = pd.to_numeric(parts[1], errors="coerce").to_numpy()
        valid = (month >= 1) & (month <= 12) & (year >= 1900)
        bad = ~valid & ~blank
        if bad.any():
            raise _first_bad(bad, texts, column, survey, "expected a month YYYY-MM, e.g. 2022-09")
        return texts.to_numpy(dtype=object)
    if column.kind == "weight":
        values = pd.to_numeric(texts, errors="coerce").to_numpy(dtype="float64")
        bad = ~np.isfinite(values) | (values <= 0)
        if bad.any():
            raise _first_bad(bad, texts, column, survey, "expected a positive number")
        return values
    raise AssertionError(f"unknown column kind {column.kind!r}")
