"""Raking (iterative proportional fitting): one core for record weights and for contingency tables.

Inputs: design weights (or a seed table) and margins, each a category code per record and a target per category.
Outputs: ``rake(design_weight, margins) -> RakeResult`` (calibrated weights with convergence diagnostics, weight
adjustments, Kish design effect) and ``rake_table(seed, margins) -> TableResult`` for N-dimensional tables, where the
seed carries the assumed association (odds ratios from labelled assumptions) and the margins the evidence.

Why hand-written rather than a library. We looked at the maintained ones:
- ``ipfn`` (N-dimensional IPF) loops over cells in Python and over groups in pandas, has no weight bounds and
  does not check that margins agree; it is the test oracle for ``rake_table`` (tests/population/test_raking.py).
- ``samplics`` (``SampleWeight.rake``) checks weight bounds after convergence but does not enforce them, loops in
  Python over categories, and brings polars and statsmodels for one function.
- ``weightipy`` (quantipy's RIM) caps weights from above only and works on pandas frames per group.
None scales to the full-scale population (about 100 million records: here one pass per margin is one ``bincount``
and one gather), enforces lower and upper bounds, or reports an inconsistent margin in one line saying which. The
algorithm is the textbook one (Deming and Stephan 1940; bounded by truncating the adjustment factors after each step,
as in trimmed raking), short enough to read in full below.

Bad input raises ``relokant.errors.InputError`` with one line naming the margin and category: margins whose totals
differ, a category with a positive target and no records (an impossible cell), negative or non-finite targets,
codes outside the categories, non-positive design weights, and raking that does not converge (e.g. bounds too tight).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from relokant.errors import InputError

TOTALS_AGREE_REL = 1e-6  # margins are declared from rounded figures: totals agreeing to a millionth are the same total


@dataclass(frozen=True)
class Margin:
    """A known distribution over one categorical variable: per record its category index, per category a target.

    ``targets`` are persons (or any unit shared by all margins of a raking); ``labels`` name the categories in
    messages. Use ``Margin.from_shares`` when the evidence gives shares.
    """

    name: str
    codes: np.ndarray
    targets: np.ndarray
    labels: tuple[str, ...] | None = None

    @classmethod
    def from_shares(cls, name: str, codes: np.ndarray, shares: Sequence[float], total: float,
                    labels: tuple[str, ...] | None = None) -> Margin:
        """A margin from shares of ``total``; shares must sum to 1 (within 1e-6)."""
        shares = np.asarray(shares, dtype=np.float64)
        if not np.all(np.isfinite(shares)) or (shares < 0).any():
            raise InputError(f"margin {name!r}: shares must be finite and non-negative")
        if abs(shares.sum() - 1.0) > TOTALS_AGREE_REL:
            raise InputError(f"margin {name!r}: shares sum to {shares.sum():.6g}, not 1")
        return cls(name, codes, shares * total, labels)

    def label(self, category: int) -> str:
        return self.labels[category] if self.labels is not None else str(category)


@dataclass
class RakeResult:
    """Calibrated weights and how they were reached.

    ``adjustment_range`` is (min, max) of weight / design weight; ``design_effect`` is Kish's 1 + cv^2 of the final
    weights (the variance inflation of a weighted mean from unequal weights alone); ``history`` is the largest
    relative margin error before each iteration's adjustments.
    """

    weight: np.ndarray
    converged: bool
    iterations: int
    max_rel_error: float
    adjustment_range: tuple[float, float]
    design_effect: float
    history: list[float] = field(default_factory=list)

    @property
    def effective_sample_size(self) -> float:
        """Records divided by the design effect: what the weighted sample is worth in simple-random-sample terms."""
        return len(self.weight) / self.design_effect


@dataclass
class TableResult:
    """A raked contingency table with the same diagnostics as ``RakeResult`` (no bounds on tables)."""

    table: np.ndarray
    converged: bool
    iterations: int
    max_rel_error: float
    history: list[float] = field(default_factory=list)


def kish_design_effect(weight: np.ndarray) -> float:
    """Kish's design effect of unequal weights, n * sum(w^2) / sum(w)^2 (1 for equal weights)."""
    weight = np.asarray(weight, dtype=np.float64)
    total = weight.sum()
    return float(len(weight) * np.dot(weight, weight) / (total * total))


def _validate(design_weight: np.ndarray, margins: Sequence[Margin]) -> list[tuple[Margin, np.ndarray, np.ndarray]]:
    """Checked margins as (margin, codes as intp, targets as float64); raises InputError on the first problem."""
    n = len(design_weight)
    if n == 0:
        raise InputError("raking needs at least one record")
    if not np.all(np.isfinite(design_weight)) or (design_weight <= 0).any():
        raise InputError("design weights must be positive and finite")
    if not margins:
        raise InputError("raking needs at least one margin")
    checked = []
    first_total, first_name = None, None
    for margin in margins:
        codes = np.asarray(margin.codes)
        targets = np.asarray(margin.targets, dtype=np.float64)
        if codes.shape != (n,):
            raise InputError(f"margin {margin.name!r}: {codes.shape[0] if codes.ndim else 0} codes for {n} records")
        if not np.issubdtype(codes.dtype, np.integer):
            raise InputError(f"margin {margin.name!r}: category codes must be integers, got {codes.dtype}")
        if targets.ndim != 1 or len(targets) == 0:
            raise InputError(f"margin {margin.name!r}: targets must be a non-empty list, one per category")
        if margin.labels is not None and len(margin.labels) != len(targets):
            raise InputError(f"margin {margin.name!r}: {len(margin.labels)} labels for {len(targets)} targets")
        bad = ~np.isfinite(targets) | (targets < 0)
        if bad.any():
            raise InputError(f"margin {margin.name!r} category {margin.label(int(np.argmax(bad)))!r}: target "
                             f"{targets[np.argmax(bad)]} must be finite and non-negative")
        if codes.min() < 0 or codes.max() >= len(targets):
            wrong = int(codes.min()) if codes.min() < 0 else int(codes.max())
            raise InputError(f"margin {margin.name!r}: category code {wrong} outside 0..{len(targets) - 1}")
        total = float(targets.sum())
        if total <= 0:
            raise InputError(f"margin {margin.name!r}: targets sum to zero")
        if first_total is None:
            first_total, first_name = total, margin.name
        elif abs(total / first_total - 1.0) > TOTALS_AGREE_REL:
            raise InputError(f"margins {first_name!r} and {margin.name!r} have different totals "
                             f"({first_total:,.6g} and {total:,.6g}); raking needs one total")
        present = np.bincount(codes, weights=design_weight, minlength=len(targets))
        impossible = (targets > 0) & (present == 0)
        if impossible.any():
            category = int(np.argmax(impossible))
            raise InputError(f"margin {margin.name!r} category {margin.label(category)!r}: target "
                             f"{targets[category]:,.6g} but no records in it")
        checked.append((margin, codes.astype(np.intp, copy=False), targets))
    return checked


def rake(design_weight: np.ndarray, margins: Sequence[Margin], *, bounds: tuple[float, float] | None = None,
         tol: float = 1e-10, max_iter: int = 1000, strict: bool = True) -> RakeResult:
    """Rake ``design_weight`` so that the weighted count of every margin's categories equals its targets.

    ``bounds`` = (low, high) limits weight / design weight (e.g. (0.2, 5)); ``tol`` is the largest relative margin
    error accepted. With ``strict`` (the default) a raking that does not converge in ``max_iter`` iterations raises
    InputError naming the worst margin and category; otherwise the result says ``converged=False``.
    """
    design_weight = np.asarray(design_weight, dtype=np.float64)
    checked = _validate(design_weight, margins)
    if bounds is not None:
        low, high = (float(b) for b in bounds)
        if not (np.isfinite(low) and np.isfinite(high) and 0 <= low <= 1 <= high):
            raise InputError(f"weight bounds must satisfy 0 <= low <= 1 <= high, got {bounds}")
        floor, ceiling = low * design_weight, high * design_weight
    weight = design_weight.copy()
    history: list[float] = []
    converged = False
    iterations = 0
    worst = (0.0, checked[0][0], 0)
    for iterations in range(1, max_iter + 1):
        worst = (0.0, checked[0][0], 0)
        for margin, codes, targets in checked:
            current = np.bincount(codes, weights=weight, minlength=len(targets))
            # A category with records but a zero target ends with zero weight; a relative error there is undefined,
            # so its error is its current weight relative to the margin total.
            error = np.where(targets > 0, np.abs(current / np.where(targets > 0, targets, 1.0) - 1.0),
                             current / targets.sum())
            k = int(np.argmax(error))
            if error[k] > worst[0]:
                worst = (float(error[k]), margin, k)
            factor = np.divide(targets, current, out=np.zeros_like(targets), where=current > 0)
            weight *= factor[codes]
            if bounds is not None:
                np.clip(weight, floor, ceiling, out=weight)
        history.append(worst[0])
        if worst[0] <= tol:
            converged = True
            break
    if not converged:
        # The last iteration's adjustments may have closed the gap; measure once more before giving up.
        final_error = max_rel_error(weight, checked)
        converged = final_error <= tol
        history.append(final_error)
    if not converged and strict:
        error, margin, k = worst
        detail = f" within weight bounds {bounds}" if bounds is not None else ""
        raise InputError(f"raking did not converge{detail} in {max_iter} iterations: margin {margin.name!r} "
                         f"category {margin.label(k)!r} is still off by {error:.2%}")
    ratio = weight / design_weight
    return RakeResult(weight=weight, converged=converged, iterations=iterations, max_rel_error=history[-1],
                      adjustment_range=(float(ratio.min()), float(ratio.max())),
                      design_effect=kish_design_effect(weight), history=history)


def max_rel_error(weight: np.ndarray, checked) -> float:
    """Largest relative difference between weighted category counts and targets over checked margins."""
    worst = 0.0
    for _, codes, targets in checked:
        current = np.bincount(codes, weights=weight, minlength=len(targets))
        error = np.where(targets > 0, np.abs(current / np.where(targets > 0, targets, 1.0) - 1.0),
                         current / targets.sum())
        worst = max(worst, float(error.max()))
    return worst


def rake_table(seed: np.ndarray, margins: Mapping[tuple[int, ...], np.ndarray], *, tol: float = 1e-10,
               max_iter: int = 1000, strict: bool = True) -> TableResult:
    """Fit an N-dimensional table to margins over subsets of its axes, starting from ``seed``.

    ``margins`` maps a tuple of axes (e.g. ``(0, 1)`` for age x sex) to the target table over those axes, shaped as
    the seed's axes in that order. Cells where the seed is zero stay zero (structural zeros). Same algorithm and
    errors as ``rake``: each cell is a record whose codes are its coordinates along each margin's axes.
    """
    seed = np.asarray(seed, dtype=np.float64)
    if seed.ndim == 0 or seed.size == 0:
        raise InputError("the seed table must have at least one axis and one cell")
    if not np.all(np.isfinite(seed)) or (seed < 0).any():
        raise InputError("the seed table must be finite and non-negative")
    coordinates = np.indices(seed.shape).reshape(seed.ndim, -1)
    cells = seed.ravel() > 0
    table_margins = []
    for axes, target in margins.items():
        axes = tuple(int(a) for a in axes)
        target = np.asarray(target, dtype=np.float64)
        if len(set(axes)) != len(axes) or any(not 0 <= a < seed.ndim for a in axes):
            raise InputError(f"margin over axes {axes}: axes must be distinct and within 0..{seed.ndim - 1}")
        shape = tuple(seed.shape[a] for a in axes)
        if target.shape != shape:
            raise InputError(f"margin over axes {axes}: target shape {target.shape}, the seed gives {shape}")
        codes = np.ravel_multi_index(tuple(coordinates[a] for a in axes), shape)[cells]
        labels = tuple(str(tuple(int(i) for i in np.unravel_index(k, shape))) for k in range(target.size))
        table_margins.append(Margin(f"axes {axes}", codes, target.ravel(), labels))
    result = rake(seed.ravel()[cells], table_margins, tol=tol, max_iter=max_iter, strict=strict)
    table = np.zeros(seed.size)
    table[cells] = result.weight
    return TableResult(table=table.reshape(seed.shape), converged=result.converged, iterations=result.iterations,
                       max_rel_error=result.max_rel_error, history=result.history)
