"""Weighting: rake a survey's design weights to known margins, report how it went, write the weighted file.

Inputs: a ``Survey`` (``relokant.survey.microdata``) and a ``MarginsFile`` (``relokant.survey.margins``), optional
bounds on the adjustment factor weight / design weight. Outputs: ``weight_survey(...) -> Weighting`` (weights that sum
to the margins' total, convergence diagnostics, design effect, effective sample size, and a table of every margin
category: target, design-weighted and raked share) and ``write_weighted(survey, weighting, out)``, which writes the
survey's rows unchanged plus a ``weight`` column, atomically (a temporary file renamed into place: a crash or Ctrl-C
never leaves a half-written file).

The raking itself is ``relokant.population.raking.rake`` (the same core the synthetic population uses).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from relokant.errors import InputError
from relokant.files import atomic_write
from relokant.population.raking import Margin, RakeResult, kish_design_effect, rake
from relokant.survey.margins import CompiledMargins, MarginsFile, compile_margins
from relokant.survey.microdata import Survey

WEIGHT_COLUMN = "weight"


@dataclass
class Weighting:
    """The result of raking a survey (or of taking its design weights as they are, when there are no margins)."""

    survey: Survey
    weight: np.ndarray
    compiled: CompiledMargins | None
    converged: bool
    iterations: int
    max_rel_error: float
    adjustment_range: tuple[float, float]
    design_effect: float
    bounds: tuple[float, float] | None
    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    @property
    def effective_sample_size(self) -> float:
        return len(self.weight) / self.design_effect

    def diagnostics(self) -> dict:
        """Plain numbers for printing or JSON."""
        return {
            "survey": self.survey.path, "respondents": len(self.weight), "synthetic": self.survey.synthetic,
            "margins": self.compiled.path if self.compiled else None,
            "raked": self.compiled is not None, "converged": self.converged, "iterations": self.iterations,
            "max_rel_error": self.max_rel_error, "total": float(self.weight.sum()),
            "total_source": self.compiled.total_source if self.compiled else "the design weights",
            "weight_min": float(self.weight.min()), "weight_max": float(self.weight.max()),
            "adjustment_min": self.adjustment_range[0], "adjustment_max": self.adjustment_range[1],
            "bounds": list(self.bounds) if self.bounds else None,
            "design_effect": self.design_effect, "effective_sample_size": self.effective_sample_size,
            "notes": list(self.notes),
        }


def rake_margins(compiled: CompiledMargins, design_weight: np.ndarray, rows: np.ndarray | None = None,
                 bounds: tuple[float, float] | None = None) -> RakeResult:
    """Rake the respondents ``rows`` (all if None; repeated rows for a bootstrap replicate) to the margins."""
    margins = []
    for margin in compiled.margins:
        codes = margin.codes if rows is None else margin.codes[rows]
        margins.append(Margin(margin.name, codes, margin.targets(codes, design_weight, compiled.total),
                              margin.labels))
    return rake(design_weight, margins, bounds=bounds)


def weight_survey(survey: Survey, margins: MarginsFile | None, *,
                  bounds: tuple[float, float] | None = None) -> Weighting:
    """Rake the survey's design weights to the margins (or keep the design weights when ``margins`` is None)."""
    design = survey.design_weight
    if margins is None:
        note = ("no margins: the design weights as they are" if survey.has("design_weight")
                else "no margins and no design weights: every respondent counts the same (unweighted)")
        empty = pd.DataFrame(columns=["margin", "category", "target_share", "design_share", "raked_share",
                                      "respondents", "source"])
        return Weighting(survey, design.copy(), None, True, 0, 0.0, (1.0, 1.0), kish_design_effect(design), None,
                         empty, [note])
    compiled = compile_margins(margins, survey)
    try:
        result = rake_margins(compiled, design, bounds=bounds)
    except InputError as exc:
        raise InputError(f"{survey.path} raked to {compiled.path}: {exc}") from None
    notes = [f"weights sum to {compiled.total:,.6g}, {compiled.total_source}"]
    rows = []
    for margin in compiled.margins:
        targets = margin.targets(margin.codes, design, compiled.total)
        design_counts = np.bincount(margin.codes, weights=design, minlength=len(margin.labels))
        raked = np.bincount(margin.codes, weights=result.weight, minlength=len(margin.labels))
        respondents = np.bincount(margin.codes, minlength=len(margin.labels))
        sources = margin.sources + (("kept at its design-weighted share",) if margin.has_missing else ())
        for k, label in enumerate(margin.labels):
            rows.append({"margin": margin.name, "category": label, "target_share": targets[k] / targets.sum(),
                         "design_share": design_counts[k] / design.sum(), "raked_share": raked[k] / raked.sum(),
                         "respondents": int(respondents[k]), "source": sources[k]})
        if margin.has_missing:
            notes.append(f"{margin.name}: {margin.n_missing} respondents without an answer kept at their "
                         "design-weighted share; the targets apply to those who answered")
    return Weighting(survey, result.weight, compiled, result.converged, result.iterations, result.max_rel_error,
                     result.adjustment_range, result.design_effect, bounds, pd.DataFrame(rows), notes)


def parse_bounds(text: str | None) -> tuple[float, float] | None:
    """``--bounds LOW,HIGH``: limits on weight / design weight, 0 <= LOW <= 1 <= HIGH."""
    if text is None:
        return None
    parts = text.split(",")
    try:
        low, high = (float(part) for part in parts)
    except ValueError:
        raise InputError(f"--bounds: expected LOW,HIGH such as 0.2,5, got {text!r}") from None
    if not (np.isfinite(low) and np.isfinite(high) and 0 <= low <= 1 <= high):
        raise InputError(f"--bounds: need 0 <= LOW <= 1 <= HIGH (weight / design weight), got {text!r}")
    return low, high


def write_weighted(weighting: Weighting, out: str | Path) -> Path:
    """Write the survey's rows as read, plus the ``weight`` column, to ``out`` atomically; returns the path.

    The file's leading comments are kept (so a SYNTHETIC label travels with the data); an existing ``weight``
    column is replaced (and a note says so).
    """
    survey = weighting.survey
    out = Path(out)
    if out.exists() and out.is_dir():
        raise InputError(f"{out}: is a folder; give a file name for the weighted CSV")
    if not out.parent.exists():
        raise InputError(f"{out}: the folder {out.parent} does not exist")
    if out.exists() and Path(survey.path).exists() and out.resolve() == Path(survey.path).resolve():
        raise InputError(f"{out}: is the input file; write the weighted survey to another file")
    frame = survey.raw.copy()
    if WEIGHT_COLUMN in frame.columns:
        weighting.notes.append(f"the file's own {WEIGHT_COLUMN!r} column was replaced by the raked weights")
        frame = frame.drop(columns=[WEIGHT_COLUMN])
    frame[WEIGHT_COLUMN] = [f"{w:.10g}" for w in weighting.weight]
    with atomic_write(out, newline="") as handle:
        for comment in survey.comments:
            handle.write(f"# {comment}\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False, name=None))
    return out
