"""Fixed 64-bit hashes: the per-cell sample rank and the row keys of cell classes.

Both use the splitmix64 finaliser, so they are deterministic across runs, machines and
numpy versions (no random generator is involved).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["cell_rank", "mix64", "row_hash"]

_GAMMA = np.uint64(0x9E3779B97F4A7C15)


def mix64(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """The splitmix64 finaliser of each value (wrapping uint64 arithmetic)."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def cell_rank(n: int) -> NDArray[np.uint32]:
    """A fixed pseudo-random rank per cell (splitmix64 of the index), for nested samples."""
    out = np.empty(n, dtype=np.uint32)
    step = 1 << 20
    for start in range(0, n, step):
        z = np.arange(start, min(n, start + step), dtype=np.uint64) + _GAMMA
        out[start : start + step] = (mix64(z) >> np.uint64(32)).astype(np.uint32)
    return out


def row_hash(key: NDArray[np.uint8]) -> NDArray[np.uint64]:
    """A 64-bit hash per row of a (K, B) byte array (splitmix64 over 8-byte words)."""
    k, b = key.shape
    pad = -b % 8
    if pad:
        key = np.concatenate([key, np.zeros((k, pad), dtype=np.uint8)], axis=1)
    words = np.ascontiguousarray(key).view(np.uint64)
    h = np.full(k, _GAMMA, dtype=np.uint64)
    for j in range(words.shape[1]):
        h = mix64(h ^ words[:, j])
    return h
