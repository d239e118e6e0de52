"""Classes of interchangeable cells.

Cells of one region with the same area, the same candidate types and the same
suitability on each of them are interchangeable in the restricted LPs and MIPs: only
how many of them take each type matters. Tie-heavy data (cells with identical
features) has many such cells, and merging them shrinks the small programs, and
removes most of their degeneracy, without changing their optimum. The certificate is
unaffected: g(p) is always computed per cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["CellClasses", "cell_classes", "spread_counts"]


@dataclass
class CellClasses:
    """``inverse[k]`` is the class of local cell k; ``first`` a member of each class
    (the lowest local index) and ``count`` its number of cells."""

    inverse: NDArray[np.int64]
    first: NDArray[np.int64]
    count: NDArray[np.int64]

    @property
    def n(self) -> int:
        return int(self.first.shape[0])


def cell_classes(
    s: NDArray[np.floating], include: NDArray[np.bool_], area: NDArray[np.float64]
) -> CellClasses:
    """Group the rows (suitability ``s`` of K cells, their candidate types, area).

    Suitability outside ``include`` does not count. Classes are numbered in the
    (deterministic) order of a 64-bit hash of their key.
    """
    k = s.shape[0]
    if k == 0:
        z = np.zeros(0, dtype=np.int64)
        return CellClasses(z, z, z)
    vals = np.where(include, s, np.zeros((), dtype=s.dtype))
    vals += 0.0  # no negative zeros in the key
    key = np.concatenate(
        [
            np.ascontiguousarray(vals).view(np.uint8).reshape(k, -1),
            np.packbits(include, axis=1),
            np.ascontiguousarray(area, dtype=np.float64).view(np.uint8).reshape(k, -1),
        ],
        axis=1,
    )
    key = np.ascontiguousarray(key)
    # group by a 64-bit hash of the key (a fast integer sort), then check that every
    # member equals its group's first row; on a hash collision fall back to the bytes
    h = _row_hash(key)
    _, first, inverse, count = np.unique(
        h, return_index=True, return_inverse=True, return_counts=True
    )
    inverse = inverse.reshape(k)
    if first.shape[0] < k and not np.array_equal(key, key[first[inverse]]):
        void = key.view(np.dtype((np.void, key.shape[1]))).reshape(k)
        _, first, inverse, count = np.unique(
            void, return_index=True, return_inverse=True, return_counts=True
        )
    return CellClasses(
        inverse.reshape(k).astype(np.int64), first.astype(np.int64), count.astype(np.int64)
    )


def spread_counts(
    classes: CellClasses, counts: NDArray[np.int64], n_types: int
) -> NDArray[np.int64]:
    """Whole types per cell from whole counts per (class, type).

    ``counts`` is (n_classes, n_types) and sums to each class's size; inside a class
    the cells in ascending local order take the types in ascending type order.
    """
    k = classes.inverse.shape[0]
    out = np.empty(k, dtype=np.int64)
    order = np.argsort(classes.inverse, kind="stable")
    out[order] = np.repeat(np.tile(np.arange(n_types), classes.n), counts.ravel())
    return out


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)


@numba.njit(cache=True, nogil=True)
def _hash_rows(words):  # pragma: no cover - compiled
    k, w = words.shape
    out = np.empty(k, dtype=np.uint64)
    for i in range(k):
        h = _GAMMA
        for j in range(w):
            z = h ^ words[i, j]
            z = (z ^ (z >> _S30)) * _M1
            z = (z ^ (z >> _S27)) * _M2
            h = z ^ (z >> _S31)
        out[i] = h
    return out


def _row_hash(key: NDArray[np.uint8]) -> NDArray[np.uint64]:
    """:func:`~novex.puzzle.engine.hashing.row_hash` of each row, in one compiled pass
    (the same splitmix64 over 8-byte words, so the same values)."""
    k, b = key.shape
    pad = -b % 8
    if pad:
        key = np.concatenate([key, np.zeros((k, pad), dtype=np.uint8)], axis=1)
    words = np.ascontiguousarray(key).view(np.uint64)
    return _hash_rows(words)
