"""Common random numbers: one uniform per (seed, process, person id, month), independent of everything else.

A counter-based hash (splitmix64, applied twice) instead of one global stream: a person's draw for a process in a
month does not depend on how many other people drew before them, on the scenario, or on the order of processes, so
baseline and reform runs differ by policy alone. Only the persons at risk are hashed, so the cost follows the size of
the risk set, not of the population.
"""

from __future__ import annotations

import zlib

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 2.0 ** -53


def _splitmix(z: np.ndarray) -> np.ndarray:
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def stream_key(seed: int, process: str, month: int) -> np.uint64:
    """A 64-bit key for one process in one month of one seed (process names are hashed, so adding one is safe)."""
    code = zlib.crc32(process.encode("utf-8"))
    mixed = np.array([(seed & 0xFFFFFFFF) << 32 | code], dtype=np.uint64)
    mixed = _splitmix(_splitmix(mixed) ^ np.uint64(month & 0xFFFF))
    return mixed[0]


def uniforms(seed: int, process: str, month: int, person_id: np.ndarray) -> np.ndarray:
    """Uniforms in [0, 1), one per person id given, the same whichever other ids are asked for."""
    with np.errstate(over="ignore"):
        key = stream_key(seed, process, month)
        z = _splitmix(_splitmix(person_id.astype(np.uint64) * _GOLDEN ^ key))
    return (z >> np.uint64(11)).astype(np.float64) * _TO_UNIT
