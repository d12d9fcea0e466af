"""Numbers as people read them: 1.23 M, 45.6 k, 412 bn, 12.3 % — with the 5–95 % range where draws differ.

Inputs are quantiles (p05, p50, p95) of one indicator; the output is one short string. The range is printed in the
median's scale ("1.23 M (1.10–1.40)") so a reader compares three numbers of one unit. With a single draw the three
quantiles coincide and only the point value is shown.
"""

from __future__ import annotations

import math

MISSING = "n/a"
_SCALES: tuple[tuple[float, str], ...] = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))
SIGNIFICANT_DIGITS = 3


def _round_significant(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


def _scale(value: float) -> tuple[float, str, int]:
    """Divisor, suffix and decimals that show ``value`` with three significant digits."""
    rounded = abs(_round_significant(value))  # 999 600 must read 1.00 M, not 1000 k
    for divisor, suffix in _SCALES:
        if rounded >= divisor:
            scaled = rounded / divisor
            decimals = 0 if scaled >= 100 else 1 if scaled >= 10 else 2
            return divisor, suffix, decimals
    return 1.0, "", 0  # below a thousand: whole persons / permits / euros


def _has_range(p05: float, p95: float) -> bool:
    return math.isfinite(p05) and math.isfinite(p95) and p05 != p95


def _is_missing(*values: float | None) -> bool:
    return any(v is None or not math.isfinite(v) for v in values)


def human_number(value: float) -> str:
    """One count or amount with a k / M / bn suffix: 850, 1.23 k, 45.6 M, 412 bn."""
    if _is_missing(value):
        return MISSING
    divisor, suffix, decimals = _scale(value)
    text = f"{value / divisor:.{decimals}f}"
    return f"{text} {suffix}" if suffix else text


def human_quantity(p05: float, p50: float, p95: float) -> str:
    """Median with its 5–95 % range in the median's scale, e.g. "1.23 M (1.10–1.40)"; the median alone if p05 == p95."""
    if _is_missing(p50):
        return MISSING
    head = human_number(p50)
    if not _has_range(p05, p95):
        return head
    divisor, _, decimals = _scale(p50)
    return f"{head} ({p05 / divisor:.{decimals}f}–{p95 / divisor:.{decimals}f})"


def human_share(p05: float, p50: float, p95: float) -> str:
    """A share as a percentage with one decimal, e.g. "12.3%" or "12.3% (10.1–14.0)"."""
    if _is_missing(p50):
        return MISSING
    head = f"{100 * p50:.1f}%"
    if not _has_range(p05, p95):
        return head
    return f"{head} ({100 * p05:.1f}–{100 * p95:.1f})"
