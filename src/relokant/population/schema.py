"""Schema of the synthetic population: the attributes, their dtypes and categories, and the ``Population`` container.

Inputs: none (structural declarations only). Outputs: ``REGIONS``, ``OCCUPATIONS``, the age bounds, ``SCHEMA`` (one
``Attribute`` per column: name, dtype, categories, unit) and ``Population``, a structure of arrays with one row per
synthetic person and a weight (persons represented). Every module that reads or writes a population column goes
through these declarations, so a column is named, typed and decoded in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

AGE_MIN = 18  # adults ...
AGE_MAX = 69  # ... up to the oldest age the emigration processes cover
REGIONS = ("moscow", "st_petersburg", "large_city", "rest")
OCCUPATIONS = ("it", "professional", "other_employed", "not_employed")
BIG_CITY_CODES = (REGIONS.index("moscow"), REGIONS.index("st_petersburg"))


@dataclass(frozen=True)
class Attribute:
    """One population column: numpy dtype, categories (for codes into a tuple), unit and meaning."""

    name: str
    dtype: str
    unit: str
    doc: str
    categories: tuple[str, ...] | None = None


SCHEMA: tuple[Attribute, ...] = (
    Attribute("person_id", "int64", "id", "0..n-1, stable: the engine's random draws are keyed on it"),
    Attribute("weight", "float64", "persons", "persons this record represents; sums to adults 18-69"),
    Attribute("age", "int8", "years", "completed years in January 2022"),
    Attribute("male", "bool", "flag", "sex is male"),
    Attribute("region", "int8", "code", "region of residence", REGIONS),
    Attribute("higher_edu", "bool", "flag", "holds a higher-education degree"),
    Attribute("occupation", "int8", "code", "occupation group", OCCUPATIONS),
    Attribute("income_rub_month", "float32", "RUB/month", "personal money income, 2022"),
    Attribute("income_decile", "int8", "decile", "weighted income decile, 1..10"),
    Attribute("wealth_usd", "float64", "USD", "net wealth"),
    Attribute("liquid_wealth_usd", "float64", "USD", "financial assets part of net wealth"),
    Attribute("passport", "bool", "flag", "holds a foreign-travel passport"),
    Attribute("english_b1", "bool", "flag", "can express themselves more or less freely in English (about B1+)"),
    Attribute("german_b1", "bool", "flag", "can express themselves more or less freely in German (about B1+)"),
    Attribute("draft_exposed", "bool", "flag", "man of an age exposed to the September 2022 mobilization"),
)
ATTRIBUTES = {attribute.name: attribute for attribute in SCHEMA}


@dataclass
class Population:
    """Weighted synthetic sample of Russian adults aged 18-69 in January 2022: one array per attribute in ``SCHEMA``.

    ``SYNTHETIC`` marks it as synthetic data wherever it travels; ``provenance`` records sources, seed, sample size
    and method (see ``relokant.population.synthesize``).
    """

    SYNTHETIC: ClassVar[bool] = True

    person_id: np.ndarray
    weight: np.ndarray
    age: np.ndarray
    male: np.ndarray
    region: np.ndarray
    higher_edu: np.ndarray
    occupation: np.ndarray
    income_rub_month: np.ndarray
    income_decile: np.ndarray
    wealth_usd: np.ndarray
    liquid_wealth_usd: np.ndarray
    passport: np.ndarray
    english_b1: np.ndarray
    german_b1: np.ndarray
    draft_exposed: np.ndarray
    provenance: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A wrong dtype or length here is a bug in the code that built the population, not a user error.
        n = len(self.person_id)
        for attribute in SCHEMA:
            column = getattr(self, attribute.name)
            if not isinstance(column, np.ndarray) or column.dtype != np.dtype(attribute.dtype) or len(column) != n:
                raise TypeError(f"population column {attribute.name!r} must be a {attribute.dtype} array of length {n}")

    def __len__(self) -> int:
        return len(self.person_id)

    def total(self) -> float:
        """Persons represented (the sum of the weights)."""
        return float(self.weight.sum())

    def to_frame(self) -> pd.DataFrame:
        """One row per record, categorical codes decoded to their names."""
        columns = {}
        for attribute in SCHEMA:
            column = getattr(self, attribute.name)
            if attribute.categories is not None:
                column = pd.Categorical.from_codes(column, categories=list(attribute.categories))
            columns[attribute.name] = column
        frame = pd.DataFrame(columns)
        frame.attrs["synthetic"] = True
        frame.attrs["provenance"] = self.provenance
        return frame
