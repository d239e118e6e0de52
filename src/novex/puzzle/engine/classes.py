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
    s: NDArray[np.floating],
    include: NDArray[np.bool_],
    area: NDArray[np.float64],
    cells: NDArray[np.int64] | None = None,
) -> CellClasses:
    """Group the rows (suitability ``s`` of K cells, their candidate types, area).

    Suitability outside ``include`` does not count. Classes are numbered in the
    (deterministic) order of a 64-bit hash of their key. With ``cells``, the rows are
    ``s[cells]`` (read in place, not copied).
    """
    k = include.shape[0]
    if k == 0:
        z = np.zeros(0, dtype=np.int64)
        return CellClasses(z, z, z)
    rows = np.arange(k, dtype=np.int64) if cells is None else np.asarray(cells, dtype=np.int64)
    bits = s.view(np.uint32 if s.dtype.itemsize == 4 else np.uint64)
    abits = np.ascontiguousarray(area, dtype=np.float64).view(np.uint64)
    include = np.ascontiguousarray(include)
    # group equal keys exactly (one compiled pass with a hash table), then number the
    # groups in the order of the 64-bit hash of their key (hashed once per group: the
    # numbering np.unique of every row's hash gives); if two keys share a hash, fall
    # back to the bytes
    group, first = _group_rows(bits, rows, include, abits)
    h = _class_hash(bits, rows[first], include[first], abits[first])
    order = np.argsort(h, kind="stable")
    if not np.any(h[order][1:] == h[order][:-1]):
        rank = np.empty_like(order)
        rank[order] = np.arange(order.shape[0])
        inverse = rank[group]
        count = np.bincount(inverse, minlength=order.shape[0])
        return CellClasses(inverse.astype(np.int64), first[order], count.astype(np.int64))
    key = _key(s[rows], include, area)
    void = key.view(np.dtype((np.void, key.shape[1]))).reshape(k)
    _, first, inverse, count = np.unique(
        void, return_index=True, return_inverse=True, return_counts=True
    )
    return CellClasses(
        inverse.reshape(k).astype(np.int64), first.astype(np.int64), count.astype(np.int64)
    )


def _key(
    s: NDArray[np.floating], include: NDArray[np.bool_], area: NDArray[np.float64]
) -> NDArray[np.uint8]:
    """The key bytes of each row: suitability on the candidate types (0 elsewhere, no
    negative zeros), the candidate types as bits, the area."""
    k = s.shape[0]
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
    return np.ascontiguousarray(key)


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


@numba.njit(cache=True, nogil=True)
def _class_hash_numba(bits, width, rows, include, abits):  # pragma: no cover - compiled
    """splitmix64 over the 8-byte words of each row's key (:func:`_key`, zero-padded),
    the key's bytes made on the fly: the same values as ``hashing.row_hash(_key(...))``."""
    k = rows.shape[0]
    n_t = include.shape[1]
    n_bytes = n_t * width + (n_t + 7) // 8 + 8
    n_words = (n_bytes + 7) // 8
    buf = np.zeros(n_words * 8, dtype=np.uint8)
    out = np.empty(k, dtype=np.uint64)
    sign = np.uint64(1) << np.uint64(8 * width - 1)
    for r in range(k):
        i = rows[r]
        buf[:] = 0
        pos = 0
        for t in range(n_t):
            v = np.uint64(bits[i, t]) if include[r, t] else np.uint64(0)
            if v == sign:
                v = np.uint64(0)  # -0.0 + 0.0 is +0.0
            for b in range(width):
                buf[pos] = np.uint8((v >> np.uint64(8 * b)) & np.uint64(0xFF))
                pos += 1
        for j in range((n_t + 7) // 8):
            byte = 0
            for bit in range(8):
                t = j * 8 + bit
                if t < n_t and include[r, t]:
                    byte |= 1 << (7 - bit)
            buf[pos] = np.uint8(byte)
            pos += 1
        a = abits[r]
        for b in range(8):
            buf[pos] = np.uint8((a >> np.uint64(8 * b)) & np.uint64(0xFF))
            pos += 1
        h = _GAMMA
        for w in range(n_words):
            word = np.uint64(0)
            for b in range(8):
                word |= np.uint64(buf[w * 8 + b]) << np.uint64(8 * b)
            z = h ^ word
            z = (z ^ (z >> np.uint64(30))) * _M1
            z = (z ^ (z >> np.uint64(27))) * _M2
            h = z ^ (z >> np.uint64(31))
        out[r] = h
    return out


def _class_hash(bits, rows, include, abits):
    """The 64-bit hash of each row's key (one compiled pass, no key in memory)."""
    return _class_hash_numba(bits, bits.dtype.itemsize, rows, include, abits)


@numba.njit(cache=True, nogil=True)
def _group_rows_numba(bits, width, rows, include, abits):  # pragma: no cover - compiled
    """Group the rows with equal keys (as :func:`_same_rows_numba` compares them): the
    group of each row, groups numbered by their first (lowest) row, and those rows."""
    k = rows.shape[0]
    n_t = include.shape[1]
    sign = np.uint64(1) << np.uint64(8 * width - 1)
    cap = 16
    while cap < 2 * k:
        cap *= 2
    mask = np.uint64(cap - 1)
    table = np.full(cap, -1, dtype=np.int64)
    group = np.empty(k, dtype=np.int64)
    first = np.empty(k, dtype=np.int64)
    n_groups = 0
    for r in range(k):
        i = rows[r]
        # a quick hash for the table only (the classes' order uses _class_hash_numba)
        h = abits[r] * _M1
        for t in range(n_t):
            if include[r, t]:
                v = np.uint64(bits[i, t])
                if v == sign:
                    v = np.uint64(0)  # -0.0 equals 0.0
                h = (h ^ (v + np.uint64(t + 1))) * _M2
        h ^= h >> np.uint64(31)  # the high bits down to the slot bits
        h *= _M1
        h ^= h >> np.uint64(29)
        slot = h & mask
        while True:
            g = table[slot]
            if g < 0:
                table[slot] = n_groups
                group[r] = n_groups
                first[n_groups] = r
                n_groups += 1
                break
            f = first[g]
            same = abits[r] == abits[f]
            if same:
                j = rows[f]
                for t in range(n_t):
                    if include[r, t] != include[f, t]:
                        same = False
                        break
                    if include[r, t]:
                        a = np.uint64(bits[i, t])
                        b = np.uint64(bits[j, t])
                        if a != b and not ((a == sign and b == 0) or (a == 0 and b == sign)):
                            same = False
                            break
            if same:
                group[r] = g
                break
            slot = (slot + np.uint64(1)) & mask
    return group, first[:n_groups].copy()


def _group_rows(bits, rows, include, abits):
    """Rows with equal keys: the group of each row, and the first row of each group."""
    return _group_rows_numba(bits, bits.dtype.itemsize, rows, include, abits)
