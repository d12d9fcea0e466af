"""Evidence: the sourced figures and the labelled assumptions every model number comes from.

Inputs: ``data/figures.csv`` (copied verbatim from the project's researched evidence, every column kept) and
``data/assumptions.csv`` (numbers the evidence lacks: id, value, low, high, unit, rationale).
Outputs: ``load()`` and ``assumptions()`` as DataFrames, ``figure(id)`` / ``assumption(id)`` for one row, ``value(ref)``
for a reference such as ``"ev:rerussia2023_left"`` or ``"as:ordinary_eu_share"``, and ``DATA_VERSION``, a hash of both
files recorded with every run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from relokant.errors import InputError

_DATA = resources.files("relokant.evidence") / "data"
FIGURE_COLUMNS = ["id", "topic", "quantity", "population", "category", "geo", "period", "value", "low", "high",
                  "unit", "source_title", "source_url", "published", "notes"]
ASSUMPTION_COLUMNS = ["id", "value", "low", "high", "unit", "rationale"]


def _read(name: str) -> pd.DataFrame:
    with (_DATA / name).open("r", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype=str, keep_default_na=False)
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column].replace("", None), errors="raise")
    return frame


@lru_cache(maxsize=1)
def _figures() -> pd.DataFrame:
    frame = _read("figures.csv")
    if list(frame.columns) != FIGURE_COLUMNS:
        raise RuntimeError(f"figures.csv columns changed: {list(frame.columns)}")
    return frame.set_index("id", drop=False)


@lru_cache(maxsize=1)
def _assumptions() -> pd.DataFrame:
    frame = _read("assumptions.csv")
    if list(frame.columns) != ASSUMPTION_COLUMNS:
        raise RuntimeError(f"assumptions.csv columns changed: {list(frame.columns)}")
    return frame.set_index("id", drop=False)


def load(topic: str | None = None, geo: str | None = None) -> pd.DataFrame:
    """All sourced figures (a copy), optionally filtered by topic and by geo (substring, case-insensitive)."""
    frame = _figures()
    if topic:
        frame = frame[frame["topic"].str.lower() == topic.lower()]
    if geo:
        frame = frame[frame["geo"].str.lower().str.contains(geo.lower(), regex=False)]
    return frame.reset_index(drop=True).copy()


def assumptions() -> pd.DataFrame:
    """The labelled assumptions table (a copy)."""
    return _assumptions().reset_index(drop=True).copy()


def figure(figure_id: str) -> dict:
    """One sourced figure as a dict; an unknown id is an input error."""
    frame = _figures()
    if figure_id not in frame.index:
        raise InputError(f"unknown evidence id {figure_id!r} (see `relokant evidence list`)")
    return frame.loc[figure_id].to_dict()


def assumption(assumption_id: str) -> dict:
    """One labelled assumption as a dict; an unknown id is an input error."""
    frame = _assumptions()
    if assumption_id not in frame.index:
        raise InputError(f"unknown assumption id {assumption_id!r} (see relokant/evidence/data/assumptions.csv)")
    return frame.loc[assumption_id].to_dict()


@dataclass(frozen=True)
class Sourced:
    """A number with where it came from: ``ref`` is ``ev:<figure id>`` or ``as:<assumption id>``."""

    ref: str
    value: float
    low: float
    high: float
    unit: str


def sourced(ref: str) -> Sourced:
    """Resolve ``ev:ID`` or ``as:ID`` to its value and range (a figure without a range has low = high = value)."""
    kind, _, key = ref.partition(":")
    if kind == "ev":
        row = figure(key)
    elif kind == "as":
        row = assumption(key)
    else:
        raise InputError(f"bad source reference {ref!r} (expected 'ev:<figure id>' or 'as:<assumption id>')")
    value = row["value"]
    low = row["low"] if pd.notna(row["low"]) else value
    high = row["high"] if pd.notna(row["high"]) else value
    if pd.isna(value) and pd.notna(low) and pd.notna(high):  # a figure that only gives a range: its midpoint
        value = (low + high) / 2
    if pd.isna(value):
        raise InputError(f"{ref}: the figure has no number (value, low and high are empty)")
    if not low <= value <= high:
        raise InputError(f"{ref}: low/high ({low:g}, {high:g}) are not a range around the value ({value:g}); "
                         "read the figure's notes")
    return Sourced(ref, float(value), float(low), float(high), str(row["unit"]))


def value(ref: str) -> float:
    """The value behind a source reference (see ``sourced``)."""
    return sourced(ref).value


def _data_version() -> str:
    digest = hashlib.sha256()
    for name in ("figures.csv", "assumptions.csv"):
        digest.update((_DATA / name).read_bytes())
    return digest.hexdigest()[:12]


DATA_VERSION = _data_version()
