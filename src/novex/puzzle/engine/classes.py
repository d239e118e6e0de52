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

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.hashing import row_hash as _row_hash

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
