"""Ordering and alignment of records by a score: the weighted ranks and selections the synthesis is built from.

Inputs: a score per record (float32 or float64) and the records' weights, either an array or one number shared by
every record (full scale: weight 1, so nothing is gathered or summed per record). Outputs: ``argsort`` (ascending
order, ties by record index), ``weighted_midrank``, ``select_lowest`` (the records with the lowest scores whose
weights reach a target: alignment to an evidence total), ``select_levels`` (nested selections for an ordinal
attribute) and ``cumulative`` (running weights in sorted order, the quantile boundaries of the records).

Why not ``np.argsort``: at full scale (about 100 million records) it takes about 15 s per call on this kind of
machine, while ``np.sort`` of 64-bit integers takes under 2 s (vectorized sorting). ``argsort`` therefore packs an
order-preserving image of each score and its record index into one 64-bit key, sorts the keys and reads the indices
back. A float32 score keeps all its 32 bits; a float64 score keeps its top 64 - b bits (b = bits of the largest
index, 27 at full scale: about 8 significant digits), and scores equal to that precision are ordered by index.
"""

from __future__ import annotations

import numpy as np

from relokant.errors import InputError

Weights = np.ndarray | float  # per-record weights, or one weight shared by every record
_CHUNK = 1 << 22  # records per chunk when building keys: bounds the temporaries at full scale


def take(weight: Weights, index: np.ndarray) -> Weights:
    """The weights of a subset of records (a shared weight stays shared)."""
    return weight[index] if isinstance(weight, np.ndarray) else weight


def total(weight: Weights, n: int) -> float:
    """Persons represented by ``n`` records."""
    return float(weight.sum()) if isinstance(weight, np.ndarray) else float(weight) * n


def argsort(values: np.ndarray) -> np.ndarray:
    """Indices that sort ``values`` ascending (int64); equal values in index order (see the module docstring)."""
    values = np.ascontiguousarray(values)
    n = len(values)
    bits = max(1, (n - 1).bit_length())
    if bits > 32:
        raise ValueError(f"argsort supports up to 2**32 records, got {n:,}")
    if values.dtype == np.float32:
        raw, width = values.view(np.uint32), 32
    elif values.dtype == np.float64:
        raw, width = values.view(np.uint64), 64
    else:
        raise TypeError(f"argsort takes float32 or float64 scores, got {values.dtype}")
    sign_shift, top = np.uint64(width - 1), np.uint64(1 << (width - 1))
    low_mask = np.uint64((1 << width) - 1)
    drop = np.uint64(max(0, width + bits - 64))  # low bits of the score that do not fit beside the index
    shift = np.uint64(bits)
    keys = np.empty(n, dtype=np.uint64)
    for start in range(0, n, _CHUNK):
        stop = min(start + _CHUNK, n)
        key = raw[start:stop].astype(np.uint64)
        # IEEE floats order as integers once negatives have all bits flipped and non-negatives the sign bit set.
        flip = (np.uint64(0) - (key >> sign_shift)) & low_mask
        key ^= flip | top
        if drop:
            key >>= drop
        key <<= shift
        key |= np.arange(start, stop, dtype=np.uint64)
        keys[start:stop] = key
    keys.sort()
    keys &= np.uint64((1 << bits) - 1)
    return keys.view(np.int64)


def cumulative(order: np.ndarray, weight: Weights) -> np.ndarray:
    """Running weight of the records in ``order`` (float64): entry k is the weight of the first k+1 records."""
    if isinstance(weight, np.ndarray):
        return np.cumsum(weight[order])
    return np.arange(1, len(order) + 1, dtype=np.float64) * float(weight)


def weighted_midrank(values: np.ndarray, weight: Weights) -> np.ndarray:
    """Weighted mid-rank in (0, 1) per record: the share of persons below it plus half of its own weight."""
    order = argsort(values)
    n = len(order)
    ranks = np.empty(n)
    if isinstance(weight, np.ndarray):
        w = weight[order]
        cum = np.cumsum(w)
        ranks[order] = (cum - 0.5 * w) / cum[-1]
        return ranks
    for start in range(0, n, _CHUNK):  # equal weights: rank k has mid-rank (k + 1/2) / n
        stop = min(start + _CHUNK, n)
        ranks[order[start:stop]] = (np.arange(start, stop) + 0.5) / n
    return ranks


def _count_closest(cum: np.ndarray | None, weight: Weights, n: int, target: float) -> int:
    """How many records, taken in order, have weights summing closest to ``target``."""
    if cum is None:
        return int(min(n, max(0, np.floor(target / float(weight) + 0.5))))
    k = int(np.searchsorted(cum, target))  # cum[k] is the first running total at or above the target
    if k >= n:
        return n
    below = cum[k - 1] if k > 0 else 0.0
    return k + 1 if cum[k] - target < target - below else k


def select_lowest(score: np.ndarray, weight: Weights, target: float, what: str) -> tuple[np.ndarray, float]:
    """Select the records with the lowest scores until their weights sum closest to ``target``.

    Returns the selection and the score threshold between the last selected and the first unselected record: the
    solved scale or intercept of the model that produced the scores. A target outside (0, total) is an InputError.
    """
    levels, thresholds = select_levels(score, weight, [target], what)
    return levels.astype(bool), thresholds[0]


def select_levels(score: np.ndarray, weight: Weights, targets, what: str) -> tuple[np.ndarray, list[float]]:
    """Nested selections on one score: level >= j for the lowest-scored records whose weights reach ``targets[j-1]``.

    ``targets`` are persons at or above each level, non-increasing (an ordinal model with one latent score per
    person and one threshold per level). Returns the level per record (int8) and the threshold per level.
    """
    n = len(score)
    persons = total(weight, n)
    targets = [float(t) for t in targets]
    for j, target in enumerate(targets):
        if not 0.0 < target < persons:
            raise InputError(f"population target for {what} ({target:,.0f}) must lie between 0 and the "
                             f"{persons:,.0f} persons it is drawn from")
        if j and target > targets[j - 1]:
            raise InputError(f"population targets for {what} must not increase from one level to the next")
    order = argsort(score)
    cum = np.cumsum(weight[order]) if isinstance(weight, np.ndarray) else None
    level_sorted = np.zeros(n, dtype=np.int8)
    thresholds = []
    for target in targets:
        count = _count_closest(cum, weight, n, target)
        level_sorted[:count] += 1
        last = score[order[count - 1]] if count > 0 else -np.inf
        first_out = score[order[count]] if count < n else np.inf
        thresholds.append(float(0.5 * (last + first_out)) if np.isfinite(last) and np.isfinite(first_out)
                          else float(last if np.isfinite(last) else first_out))
    levels = np.empty(n, dtype=np.int8)
    levels[order] = level_sorted
    return levels, thresholds


def select_lowest_by_group(score: np.ndarray, weight: Weights, group: np.ndarray, targets: dict[int, float],
                           what: str) -> tuple[np.ndarray, dict[int, float]]:
    """``select_lowest`` inside each group: one sort of all records, then each group's records in score order.

    ``group`` is a small non-negative integer code per record; ``targets`` maps a group code to the persons to
    select in it (groups without a target select nobody). Returns the selection and the threshold per group.
    """
    order = argsort(score)
    group_sorted = group[order]
    selected = np.zeros(len(score), dtype=bool)
    thresholds = {}
    for code, target in targets.items():
        members = order[group_sorted == code]  # the group's records, lowest score first
        w = take(weight, members)
        persons = total(w, len(members))
        if not 0.0 < target < persons:
            raise InputError(f"population target for {what} in group {code} ({target:,.0f}) must lie between 0 "
                             f"and the {persons:,.0f} persons of the group")
        cum = np.cumsum(w) if isinstance(w, np.ndarray) else None
        count = _count_closest(cum, w, len(members), target)
        selected[members[:count]] = True
        last, first_out = score[members[max(count - 1, 0)]], score[members[min(count, len(members) - 1)]]
        thresholds[code] = float(0.5 * (last + first_out))
    return selected, thresholds


def mass(weight: Weights, mask: np.ndarray) -> float:
    """Persons represented by the records flagged in ``mask``."""
    if isinstance(weight, np.ndarray):
        return float(np.sum(weight, where=mask))
    return float(weight) * int(np.count_nonzero(mask))


def mean(values: np.ndarray, weight: Weights, mask: np.ndarray) -> float:
    """Weighted mean of ``values`` over the records flagged in ``mask`` (float64 accumulation)."""
    selected = values[mask].astype(np.float64)
    if isinstance(weight, np.ndarray):
        w = weight[mask]
        return float(np.dot(selected, w) / w.sum())
    return float(selected.mean())
