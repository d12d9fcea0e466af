"""Known margins to rake a survey to: the MARGINS.yaml format, its validation, and its compilation against a survey.

Input: a YAML file (format below) and a ``Survey``. Output: ``load_margins(path) -> MarginsFile`` (validated with
pydantic; every problem is one line naming the file and the key path) and ``compile_margins(spec, survey) ->
CompiledMargins``: per margin the category code of every respondent and the target shares, ready for
``relokant.population.raking.rake``.

Format::

    title: Russian emigrants 2022-2023 by country of residence, sex and age   # optional
    synthetic: false        # optional; true marks made-up margins (the shipped demo)
    total: 870000           # optional: persons the weights sum to (default: count margins' total, else the sum of
                            # the design weights, i.e. the number of respondents when there are none)
    margins:
      country:              # a survey column
        source: RANEPA first destinations   # optional default source for the categories below
        categories:
          GE: {share: 0.155, source: ev:RAN_DEST_GEORGIA}
          AM: {share: 0.099, source: ev:RAN_DEST_ARMENIA}
          other: {share: 0.746, source: the rest}      # 'other': every value not listed
      age:                  # a numeric column takes bands: "A-B" (inclusive) or "A+" (A and over)
        bands:
          "18-34": {count: 500000, source: ev:OKR_11}
          "35+": {count: 370000, source: ev:OKR_11}

Targets are ``share`` (0-1; a margin's shares must sum to 1 within ``SHARE_SUM_TOLERANCE``, and are then rescaled to
exactly 1) or ``count`` (persons; every count margin must have the same total). Every ``ev:ID`` / ``as:ID`` in a
source must resolve in the evidence. Respondents with no answer in a margin's column are kept at their
design-weighted share (the margin's targets apply to those who answered), and that is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, ValidationError, model_validator

from relokant.errors import InputError
from relokant.evidence import sourced
from relokant.survey.microdata import COLUMN, ISO_3166_ALPHA2, Survey

# Published shares are rounded (to 0.1% each, say); ten of them can miss 1 by half a point. Beyond that the file is
# inconsistent and we say so rather than rescale silently.
SHARE_SUM_TOLERANCE = 0.005
# Count margins (persons) come from different sources; totals that differ by more than this are inconsistent.
COUNT_TOTAL_TOLERANCE = 0.005
OTHER = "other"
MISSING_LABEL = "(no answer)"
RAKEABLE_KINDS = ("integer", "flag", "category", "country")
_REF = re.compile(r"(?<![A-Za-z0-9_])(ev|as):[A-Za-z0-9_]+")
_BAND = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)|\+)\s*$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Target(BaseModel):
    """One category's target: a share or a count, and where it comes from."""

    model_config = ConfigDict(extra="forbid")

    share: float | None = Field(None, ge=0.0, le=1.0)
    count: float | None = Field(None, ge=0.0, allow_inf_nan=False)
    source: Text | None = None

    @model_validator(mode="after")
    def _one_target(self):
        if (self.share is None) == (self.count is None):
            raise ValueError("give exactly one of share (0-1) or count (persons)")
        return self


class MarginSpec(BaseModel):
    """One margin: categories (for a category, flag or country column) or bands (for a numeric column)."""

    model_config = ConfigDict(extra="forbid")

    source: Text | None = None
    categories: dict[str, Target] | None = Field(None, min_length=1)
    bands: dict[str, Target] | None = Field(None, min_length=1)

    @model_validator(mode="after")
    def _categories_or_bands(self):
        if (self.categories is None) == (self.bands is None):
            raise ValueError("give exactly one of categories or bands")
        targets = self.targets
        kinds = {"share" if t.share is not None else "count" for t in targets.values()}
        if len(kinds) > 1:
            raise ValueError("mixes share and count targets; use one kind per margin")
        if "share" in kinds:
            total = sum(t.share for t in targets.values())
            if abs(total - 1.0) > SHARE_SUM_TOLERANCE:
                raise ValueError(f"shares sum to {total:.4g}, not 1 (totals inconsistent)")
        for key, target in targets.items():
            if target.source is None and self.source is None:
                raise ValueError(f"{key}: no source (give source: for the category or the margin)")
        return self

    @property
    def targets(self) -> dict[str, Target]:
        return self.categories if self.categories is not None else self.bands

    @property
    def in_counts(self) -> bool:
        return next(iter(self.targets.values())).count is not None

    def total(self) -> float:
        return float(sum(t.count if self.in_counts else t.share for t in self.targets.values()))


class MarginsFile(BaseModel):
    """A MARGINS.yaml file: the margins by survey column, an optional population total, and labels."""

    model_config = ConfigDict(extra="forbid")

    title: Text | None = None
    synthetic: bool = False
    total: float | None = Field(None, gt=0.0, allow_inf_nan=False)
    margins: dict[str, MarginSpec] = Field(min_length=1)
    _path: str = PrivateAttr("")

    @property
    def path(self) -> str:
        """The file it was read from ("" when built in code)."""
        return self._path

    def sources(self) -> list[str]:
        """Every source text in the file (margin and category level)."""
        found = []
        for margin in self.margins.values():
            found += [margin.source] if margin.source else []
            found += [t.source for t in margin.targets.values() if t.source]
        return found


class _Loader(yaml.SafeLoader):
    """YAML with YAML 1.2 booleans: 'no', 'yes', 'on', 'off' stay text (the category 'no' must not become false)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _keys_to_text(node, path: str, where: str = ""):
    """Mapping keys as text ('0'/'1' for flag categories, 18 for a band written without quotes)."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if isinstance(key, (dict, list)) or key is None:
                raise InputError(f"{path}: {where or 'top level'}: a key must be plain text, got {key!r}")
            text = str(key).strip()
            out[text] = _keys_to_text(value, path, f"{where}.{text}" if where else text)
        return out
    if isinstance(node, list):
        return [_keys_to_text(item, path, f"{where}.{i}") for i, item in enumerate(node)]
    return node


def load_margins(path: str | Path) -> MarginsFile:
    """Read and validate a MARGINS.yaml file; one line naming the file and key path for any problem."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (is it a YAML file?)") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(f"{path}: {where}invalid YAML: {problem}") from None
    if data is None:
        raise InputError(f"{path}: empty file (expected a 'margins:' mapping)")
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping with a 'margins:' key at the top level, got "
                         f"{type(data).__name__}")
    data = _keys_to_text(data, str(path))
    try:
        spec = MarginsFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = ".".join(str(part) for part in error["loc"]) or "top level"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "required key missing"
        raise InputError(f"{path}: {loc}: {message}") from None
    for text_ in spec.sources():
        for match in _REF.finditer(text_):
            try:
                sourced(match.group(0))
            except InputError as exc:
                raise InputError(f"{path}: source {match.group(0)}: {exc}") from None
    spec._path = str(path)
    return spec


# --- compilation against a survey ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CompiledMargin:
    """A margin matched to a survey: every respondent's category code and the targets as shares of the total.

    ``codes`` index ``labels``; respondents with no answer get the last code when ``has_missing`` (label
    ``MISSING_LABEL``), whose target is their design-weighted share, recomputed for every bootstrap replicate.
    ``shares`` are the targets of the answered categories as shares of those who answered (summing to 1).
    """

    name: str
    column: str
    labels: tuple[str, ...]
    codes: np.ndarray
    shares: np.ndarray
    sources: tuple[str, ...]
    has_missing: bool
    n_missing: int

    def targets(self, codes: np.ndarray, design_weight: np.ndarray, total: float) -> np.ndarray:
        """Targets in persons for a (resampled) set of respondents whose design weights sum to anything."""
        if not self.has_missing:
            return self.shares * total
        missing = design_weight[codes == len(self.shares)].sum() / design_weight.sum()
        return np.append(self.shares * (1.0 - missing), missing) * total


@dataclass(frozen=True)
class CompiledMargins:
    """All margins of a file matched to one survey, and the total the weights are raked to."""

    margins: tuple[CompiledMargin, ...]
    total: float
    total_source: str
    path: str
    synthetic: bool


def _band_bounds(key: str, where: str) -> tuple[float, float]:
    match = _BAND.match(key)
    if not match:
        raise InputError(f"{where}: band {key!r}: expected 'A-B' (A to B inclusive) or 'A+' (A and over)")
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) is not None else np.inf
    if high < low:
        raise InputError(f"{where}: band {key!r}: the upper end is below the lower end")
    return low, high


def compile_margins(spec: MarginsFile, survey: Survey) -> CompiledMargins:
    """Match every margin to the survey's column; one-line errors name both files and the category or row."""
    compiled = []
    for name, margin in spec.margins.items():
        where = f"{spec.path}: margins.{name}"
        column = COLUMN.get(name)
        if column is None or column.kind not in RAKEABLE_KINDS:
            known = ", ".join(c.name for c in COLUMN.values() if c.kind in RAKEABLE_KINDS)
            raise InputError(f"{where}: not a survey column that can be raked to (one of: {known})")
        if not survey.has(name):
            raise InputError(f"{where}: column {name!r} is not in {survey.path}")
        if margin.bands is not None and column.kind != "integer":
            raise InputError(f"{where}: bands are for a numeric column; {name} takes categories")
        if margin.categories is not None and column.kind == "integer":
            raise InputError(f"{where}: {name} is numeric; give bands such as '18-34' and '35+'")
        compiled.append(_compile_one(name, margin, survey, where))
    totals = {name: m.total() for name, m in spec.margins.items() if m.in_counts}
    if totals:
        first, reference = next(iter(totals.items()))
        for name, value in totals.items():
            if abs(value / reference - 1.0) > COUNT_TOTAL_TOLERANCE:
                raise InputError(f"{spec.path}: totals inconsistent: margins.{first} counts sum to {reference:,.0f} "
                                 f"but margins.{name} to {value:,.0f}")
        if spec.total is not None and abs(spec.total / reference - 1.0) > COUNT_TOTAL_TOLERANCE:
            raise InputError(f"{spec.path}: totals inconsistent: total is {spec.total:,.0f} but margins.{first} "
                             f"counts sum to {reference:,.0f}")
    if spec.total is not None:
        total, total_source = spec.total, f"total: in {spec.path}"
    elif totals:
        total, total_source = next(iter(totals.values())), f"the count margins of {spec.path}"
    elif survey.has("design_weight"):
        total, total_source = float(survey.design_weight.sum()), "the sum of the design weights"
    else:
        total, total_source = float(len(survey)), "the number of respondents (no design weights or counts given)"
    return CompiledMargins(tuple(compiled), total, total_source, spec.path, spec.synthetic)


def _compile_one(name: str, margin: MarginSpec, survey: Survey, where: str) -> CompiledMargin:
    column = COLUMN[name]
    values = survey.values[name]
    missing = survey.missing(name)
    if missing.all():
        raise InputError(f"{where}: no respondent in {survey.path} answered {name}")
    labels, sources, targets = [], [], []
    codes = np.full(len(survey), -1, dtype="int32")
    other_code = None
    if margin.bands is not None:
        bounds = []
        for key, target in margin.bands.items():
            low, high = _band_bounds(key, where)
            for other_key, (other_low, other_high) in zip(labels, bounds):
                if low <= other_high and other_low <= high:
                    raise InputError(f"{where}: bands {other_key!r} and {key!r} overlap")
            inside = ~missing & (values >= low) & (values <= high)
            codes[inside] = len(labels)
            labels.append(key)
            bounds.append((low, high))
    else:
        for key, target in margin.categories.items():
            if key.lower() == OTHER:
                other_code = len(labels)
                labels.append(OTHER)
                continue
            code = _category_value(column, key, where)
            codes[~missing & (values == code)] = len(labels)
            labels.append(key)
        if other_code is not None:
            codes[~missing & (codes < 0)] = other_code
    for key, target in margin.targets.items():
        targets.append(target.count if target.count is not None else target.share)
        sources.append(target.source or margin.source)
    uncovered = ~missing & (codes < 0)
    if uncovered.any():
        row = int(np.flatnonzero(uncovered)[0])
        what = "band" if margin.bands is not None else "category"
        hint = "widen a band" if margin.bands is not None else "add it, or an 'other' category"
        more = f" ({int(uncovered.sum())} respondents in all)" if uncovered.sum() > 1 else ""
        raise InputError(f"{survey.where(row)}: {name} {survey.raw[name].iat[row]!r} is in no {what} of "
                         f"{where}{more}; {hint}")
    targets = np.asarray(targets, dtype="float64")
    counts = np.bincount(codes[~missing], minlength=len(labels))
    for label, target, count in zip(labels, targets, counts):
        if target > 0 and count == 0:
            raise InputError(f"{where}.{'bands' if margin.bands is not None else 'categories'}.{label}: "
                             f"target {target:g} but no respondent in {survey.path} falls in it")
        if target == 0 and count > 0:
            raise InputError(f"{where}.{'bands' if margin.bands is not None else 'categories'}.{label}: "
                             f"target 0 but {count} respondents fall in it (weights must stay positive: give it a "
                             "positive target or drop those respondents)")
    shares = targets / targets.sum()
    n_missing = int(missing.sum())
    if n_missing:
        codes[missing] = len(labels)
        labels.append(MISSING_LABEL)
    return CompiledMargin(name, name, tuple(labels), codes, shares, tuple(sources), n_missing > 0, n_missing)


def _category_value(column, key: str, where: str):
    """The survey's stored value for a category key of the margins file."""
    lowered = key.lower()
    if column.kind == "flag":
        if lowered in ("1", "yes", "true"):
            return 1
        if lowered in ("0", "no", "false"):
            return 0
        raise InputError(f"{where}.categories.{key}: {column.name} is a flag: categories are 1 and 0")
    if column.kind == "category":
        if lowered not in column.categories:
            raise InputError(f"{where}.categories.{key}: not a category of {column.name} "
                             f"({', '.join(column.categories)}, or other)")
        return column.categories.index(lowered)
    if column.kind == "country":
        if key.upper() not in ISO_3166_ALPHA2:
            raise InputError(f"{where}.categories.{key}: not an ISO 3166-1 alpha-2 country code (or other)")
        return key.upper()
    raise AssertionError(column.kind)
