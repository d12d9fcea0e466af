"""Wealth distribution: a lognormal body spliced to a Pareto tail, solved to five evidence targets.

Inputs: the median, the mean, the shares of all wealth held by the top 10% and the top 1%, and the share of adults
above one million (USD). Output: ``SplicedWealth`` (quantile, survival, partial integral, mean, top shares),
``solve`` (its five parameters from the five targets) and ``interval_means`` (values for records by weighted rank).

The family. The bottom 1 - p of adults follow a lognormal(mu, sigma) truncated at ``threshold``; the top p follow a
Pareto tail of index ``alpha`` from ``threshold`` up:

    F(x) = (1 - p) Phi((ln x - mu) / sigma) / c              for x <= threshold, c = Phi((ln threshold - mu) / sigma)
    F(x) = 1 - p (x / threshold)^-alpha                       for x >= threshold

The CDF is continuous; the density jumps at the threshold (the tail holds more people than the lognormal would put
there). For a given p, (mu, sigma, threshold, alpha) are solved so that the median, the mean, the top-10% share and
the millionaire share all equal their targets (``solve_with_tail``); p itself is then solved so that the top 1% hold
their share of wealth (the top-1% share falls as p grows), so no number of the family is assumed.

Why this family. For Russia's targets (median 3,700, mean 27,162, top 10% holding 83%, 0.37% millionaires) a
lognormal that gets the median and mean right has too few millionaires and too small a top share; a lognormal whose
upper quantiles continue into a Pareto tail (continuous density) caps the millionaire share near 0.23% whatever its
other parameters; only a tail that starts with a jump in density reaches all four. Solutions exist for tail shares
p from about 0.4% to 2.3%, with top-1% shares from about 67% down to 45%.

Records get the mean of the distribution over their weighted-rank interval (``interval_means``), not the quantile
at their mid-rank: the weighted mean of the records is then exactly the distribution's mean, which a heavy tail
would otherwise miss by the mass above the top record's mid-rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq, least_squares
from scipy.special import logit, ndtr, ndtri

from relokant.errors import InputError

_CHUNK = 1 << 22  # records per chunk in interval_means


@dataclass(frozen=True)
class SplicedWealth:
    """Lognormal(mu, sigma) body truncated at ``threshold`` (share 1 - tail_share), Pareto(alpha) tail above it."""

    mu: float
    sigma: float
    threshold: float
    alpha: float
    tail_share: float

    @property
    def _c(self) -> float:  # lognormal CDF at the threshold: the body is the lognormal renormalized below it
        return float(ndtr((np.log(self.threshold) - self.mu) / self.sigma))

    def quantile(self, u):
        """Value at cumulative share ``u`` (array or scalar)."""
        u = np.asarray(u, dtype=np.float64)
        p = self.tail_share
        body = np.exp(self.mu + self.sigma * ndtri(np.minimum(u, 1 - p) * self._c / (1 - p)))
        with np.errstate(divide="ignore"):
            tail = self.threshold * (np.maximum(1 - u, 0.0) / p) ** (-1 / self.alpha)
        return np.where(u < 1 - p, body, tail)

    def survival(self, x: float) -> float:
        """Share of adults with wealth above ``x``."""
        p = self.tail_share
        if x >= self.threshold:
            return p * (x / self.threshold) ** -self.alpha
        return p + (1 - p) * (1 - ndtr((np.log(x) - self.mu) / self.sigma) / self._c)

    def partial(self, u: np.ndarray, v: np.ndarray | None = None) -> np.ndarray:
        """Integral of the quantile function from 0 to ``u`` (persons' wealth below rank u, per adult).

        ``v`` = 1 - u, passed separately where it is known more precisely than 1 - u (the top of the tail).
        """
        u = np.asarray(u, dtype=np.float64)
        v = 1.0 - u if v is None else np.asarray(v, dtype=np.float64)
        p, s, a = self.tail_share, self.sigma, self.alpha
        c = self._c
        scale = (1 - p) / c * np.exp(self.mu + 0.5 * s * s)
        # Body: E[X; X <= Q] of the lognormal, rescaled to the body's share.
        body = scale * ndtr(ndtri(np.minimum(u, 1 - p) * c / (1 - p)) - s)
        k = 1 - 1 / a
        tail = self.threshold * p ** (1 / a) * (p ** k - np.minimum(v, p) ** k) / k
        return body + np.where(v < p, tail, 0.0)

    def mean(self) -> float:
        return float(self.partial(np.array(1.0), np.array(0.0)))

    def top_share(self, top: float) -> float:
        """Share of all wealth held by the richest ``top`` share of adults."""
        return float(1.0 - self.partial(np.array(1.0 - top), np.array(top)) / self.mean())

    def median(self) -> float:
        return float(self.quantile(0.5))


def interval_means(dist: SplicedWealth, weight: np.ndarray | float, n: int) -> np.ndarray:
    """Mean wealth over each record's rank interval, for ``n`` records in rank order (float32).

    ``weight`` holds the records' weights in rank order (or one weight shared by all): record k covers the ranks
    from the weight of the records before it to that plus its own, over the total. Each interval's mean is the
    difference of the partial integral at its ends over its width, so the records' weighted mean equals the
    distribution's mean exactly. Worked in chunks: the special functions need several temporaries per record.
    """
    shared = not isinstance(weight, np.ndarray)
    if shared:
        persons = float(weight) * n
    else:
        cum = np.concatenate(([0.0], np.cumsum(weight)))
        persons = float(cum[-1])
        # Weight above each edge, summed from the top so that the tail's small remainders keep their precision.
        above = np.concatenate((np.cumsum(weight[::-1])[::-1], [0.0]))
    out = np.empty(n, dtype=np.float32)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        if shared:
            k = np.arange(start, stop + 1, dtype=np.float64)
            u, v = k / n, (n - k) / n
        else:
            u, v = cum[start:stop + 1] / persons, above[start:stop + 1] / persons
        g = dist.partial(u, v)
        out[start:stop] = np.diff(g) / np.diff(u)
    return out


def solve_with_tail(median: float, mean: float, top10_share: float, millionaire_share: float, tail_share: float,
                    millionaire: float, start: SplicedWealth | None = None) -> SplicedWealth | None:
    """The member with ``tail_share`` in the tail that matches the four targets, or None where none does.

    ``start``: a nearby solution to start from (the next tail share of a scan), tried before the default starts.
    """

    def unpack(q):
        return SplicedWealth(mu=float(q[0]), sigma=float(np.exp(q[1])), threshold=float(np.exp(q[2])),
                             alpha=1.0 + float(np.exp(q[3])), tail_share=tail_share)

    def residuals(q):
        dist = unpack(q)
        return [np.log(dist.median() / median), np.log(dist.mean() / mean),
                logit(dist.top_share(0.1)) - logit(top10_share),
                np.log(dist.survival(millionaire) / millionaire_share)]

    # Starting points: the lognormal through the median, the tail starting near the top of the body or near the
    # millionaire line; the first that converges is the solution (the residuals are smooth and the solution unique
    # in this family, as far as a scan of starting points shows).
    starts = [[np.log(median), np.log(sigma0), np.log(threshold0), np.log(0.5)]
              for sigma0 in (1.4, 1.0, 2.0)
              for threshold0 in (np.exp(np.log(median) + sigma0 * ndtri(1 - tail_share)), 0.5 * millionaire,
                                 millionaire)]
    if start is not None:
        starts.insert(0, [start.mu, np.log(start.sigma), np.log(start.threshold), np.log(start.alpha - 1.0)])
    for q0 in starts:
        with np.errstate(all="ignore"):
            fit = least_squares(residuals, q0, xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=2000)
        if np.all(np.isfinite(fit.fun)) and np.abs(fit.fun).max() < 1e-10:
            return unpack(fit.x)
    return None


def solve(median: float, mean: float, top10_share: float, top1_share: float, millionaire_share: float,
          millionaire: float) -> tuple[SplicedWealth, dict]:
    """The spliced distribution matching five targets, and what was solved.

    The tail share p is the one whose four-target solution (``solve_with_tail``) gives the top 1% ``top1_share``
    (that share falls as p grows). Raises InputError when the targets admit no member of the family.
    """
    if not (0 < median < mean and 0 < top1_share < top10_share < 1 and 0 < millionaire_share < 0.1):
        raise InputError(f"wealth targets median {median:,.0f}, mean {mean:,.0f}, top-10% share {top10_share}, "
                         f"top-1% share {top1_share}, millionaire share {millionaire_share} do not describe a "
                         "heavy-tailed wealth distribution")

    last: list[SplicedWealth] = []

    def members(p):
        dist = solve_with_tail(median, mean, top10_share, millionaire_share, p, millionaire,
                               start=last[-1] if last else None)
        if dist is not None:
            last.append(dist)
        return dist

    # Tail shares where the four targets can be met form an interval; scan it on a log grid, then bisect for the
    # top-1% share between the two neighbours that bracket it.
    grid = np.geomspace(millionaire_share * 1.01, 0.1, 24)
    found = []
    for p in grid:
        dist = members(p)
        if dist is not None:
            found.append((p, dist.top_share(0.01) - top1_share))
            if len(found) > 1 and found[-2][1] * found[-1][1] <= 0:
                break
    bracket = next(((a, b) for a, b in zip(found, found[1:]) if a[1] * b[1] <= 0), None)
    if bracket is None:
        span = (f"{min(f[1] for f in found) + top1_share:.3f} to {max(f[1] for f in found) + top1_share:.3f}"
                if found else "none")
        raise InputError(f"no lognormal body with a Pareto tail matches the wealth targets (median {median:,.0f}, "
                         f"mean {mean:,.0f}, top-10% share {top10_share:.3f}, millionaire share "
                         f"{millionaire_share:.5f}) with a top-1% share of {top1_share:.3f}; reachable: {span}")
    (low, _), (high, _) = bracket
    tail_share = brentq(lambda p: members(p).top_share(0.01) - top1_share, low, high, xtol=1e-14, rtol=1e-12)
    dist = members(tail_share)
    residual = max(abs(np.log(dist.median() / median)), abs(np.log(dist.mean() / mean)),
                   abs(dist.top_share(0.1) - top10_share), abs(dist.top_share(0.01) - top1_share),
                   abs(np.log(dist.survival(millionaire) / millionaire_share)))
    return dist, {"mu": dist.mu, "sigma": dist.sigma, "threshold_usd": dist.threshold, "alpha": dist.alpha,
                  "tail_share": dist.tail_share, "max_residual": float(residual),
                  "density_jump_at_threshold": _density_jump(dist)}


def _density_jump(dist: SplicedWealth) -> float:
    """Tail density over body density at the threshold (1 for a smooth splice)."""
    z = (np.log(dist.threshold) - dist.mu) / dist.sigma
    body = (1 - dist.tail_share) / dist._c * np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * dist.sigma * dist.threshold)
    tail = dist.alpha * dist.tail_share / dist.threshold
    return float(tail / body)


