"""Schema of the synthetic population: the attributes, their dtypes and categories, and the ``Population`` container.

Inputs: none (structural declarations only). Outputs: ``REGIONS``, ``OCCUPATIONS``, ``ENTREPRENEUR``,
``LANGUAGE_LEVELS``, the age bounds, ``SCHEMA`` (one ``Attribute`` per column: name, dtype, categories, unit) and
``Population``, a structure of arrays with one row per synthetic person and a weight (persons represented). Every
module that reads or writes a population column goes through these declarations, so a column is named, typed and
decoded in one place.

Dtypes are as narrow as the values allow, because full scale holds one record per adult (about 100 million): 41
bytes per record, about 4.1 GB in all. Money is float32 (seven significant digits; sums and means are taken in
float64 by their readers).
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
ENTREPRENEUR = ("no", "self_employed", "business_owner")
# CEFR levels as ordinals, the coding of relokant.policy.person.CEFR (0 = none ... 6 = C2).
LANGUAGE_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
CHILDREN_MAX = 3  # the children column counts 0, 1, 2 and "3 or more" (coded 3)
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
    Attribute("weight", "float64", "persons", "persons this record represents; sums to adults 18-69 (1 at full scale)"),
    Attribute("age", "int8", "years", "completed years in January 2022"),
    Attribute("male", "bool", "flag", "sex is male"),
    Attribute("region", "int8", "code", "region of residence", REGIONS),
    Attribute("higher_edu", "bool", "flag", "holds a higher-education degree"),
    Attribute("occupation", "int8", "code", "occupation group", OCCUPATIONS),
    Attribute("income_rub_month", "float32", "RUB/month", "personal money income, 2022 (wage for the employed)"),
    Attribute("income_decile", "int8", "decile", "weighted income decile, 1..10"),
    Attribute("wealth_usd", "float32", "USD", "net wealth"),
    Attribute("liquid_wealth_usd", "float32", "USD", "financial assets part of net wealth"),
    Attribute("passport", "bool", "flag", "holds a foreign-travel passport"),
    Attribute("english_level", "int8", "CEFR ordinal", "English level, 0 = none, 1 = A1 ... 6 = C2",
              LANGUAGE_LEVELS),
    Attribute("german_level", "int8", "CEFR ordinal", "German level, 0 = none, 1 = A1 ... 6 = C2", LANGUAGE_LEVELS),
    Attribute("entrepreneur", "int8", "code", "works on own account or owns a business (among the employed)",
              ENTREPRENEUR),
    Attribute("partner", "bool", "flag", "married or cohabiting"),
    Attribute("children", "int8", "children", "minor children in the household, 0..3 (3 = three or more)"),
    Attribute("draft_exposed", "bool", "flag", "man of an age exposed to the September 2022 mobilization"),
)
ATTRIBUTES = {attribute.name: attribute for attribute in SCHEMA}


@dataclass
class Population:
    """Synthetic Russian adults aged 18-69 in January 2022: one array per attribute in ``SCHEMA``.

    A weighted sample (``synthesize``) or one record per person with weight 1 (``synthesize_full_scale``).
    ``SYNTHETIC`` marks it as synthetic data wherever it travels; ``provenance`` records sources, seed, size and
    method.
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
    english_level: np.ndarray
    german_level: np.ndarray
    entrepreneur: np.ndarray
    partner: np.ndarray
    children: np.ndarray
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

    def nbytes(self) -> int:
        """Memory held by the columns, bytes."""
        return sum(getattr(self, attribute.name).nbytes for attribute in SCHEMA)

    def to_frame(self) -> pd.DataFrame:
        """One row per record, categorical codes decoded to their names (language levels stay ordinals)."""
        columns = {}
        for attribute in SCHEMA:
            column = getattr(self, attribute.name)
            if attribute.categories is not None and attribute.unit == "code":
                column = pd.Categorical.from_codes(column, categories=list(attribute.categories))
            columns[attribute.name] = column
        frame = pd.DataFrame(columns)
        frame.attrs["synthetic"] = True
        frame.attrs["provenance"] = self.provenance
        return frame
