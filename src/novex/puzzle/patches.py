"""Patches of one type on the cell graph: labels, and whether a cell can leave its patch
without splitting it (used by the consolidation pass, :mod:`novex.puzzle.consolidate`)."""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["patch_labels", "simple_point"]

# ring of the 8 neighbours, in cyclic order: N, NE, E, SE, S, SW, W, NW
# (grid_neighbours columns: 0 north, 1 south, 2 west, 3 east)
_N, _S, _W, _E = 0, 1, 2, 3


@numba.njit(cache=True, nogil=True)
def _labels(mask: NDArray[np.bool_], nb: NDArray[np.int32]) -> NDArray[np.int64]:
    """Connected parts of ``mask`` on the graph ``nb``, numbered by their first cells."""
    n = mask.shape[0]
    labels = np.full(n, -1, dtype=np.int64)
    stack = np.empty(n, dtype=np.int64)
    count = 0
    for start in range(n):
        if not mask[start] or labels[start] >= 0:
            continue
        labels[start] = count
        top = 0
        stack[0] = start
        while top >= 0:
            i = stack[top]
            top -= 1
            for d in range(nb.shape[1]):
                j = nb[i, d]
                if j >= 0 and mask[j] and labels[j] < 0:
                    labels[j] = count
                    top += 1
                    stack[top] = j
        count += 1
    return labels


def patch_labels(mask: NDArray[np.bool_], neighbours: NDArray[np.int32]) -> NDArray[np.int64]:
    """4-connected patches of the cells in ``mask`` on the neighbour graph.

    Returns a label per cell (-1 outside ``mask``), numbered in the order of the
    patches' first cells.

    >>> from novex.puzzle.coherence import grid_neighbours
    >>> nb = grid_neighbours(np.arange(5), (1, 5))
    >>> patch_labels(np.array([True, True, False, True, False]), nb).tolist()
    [0, 0, -1, 1, -1]
    """
    return _labels(
        np.ascontiguousarray(mask, dtype=np.bool_), np.ascontiguousarray(neighbours, dtype=np.int32)
    )


def _ring(i: int, nb: NDArray[np.int32]) -> list[int]:
    """The 8 neighbours of cell ``i`` in cyclic order (N, NE, E, SE, S, SW, W, NW)."""

    def step(j: int, d: int) -> int:
        return -1 if j < 0 else int(nb[j, d])

    n, s, w, e = (int(nb[i, k]) for k in (_N, _S, _W, _E))

    def diag(a: int, da: int, b: int, db: int) -> int:
        x = step(a, da)
        return x if x >= 0 else step(b, db)

    return [
        n,
        diag(n, _E, e, _N),
        e,
        diag(s, _E, e, _S),
        s,
        diag(s, _W, w, _S),
        w,
        diag(n, _W, w, _N),
    ]


def simple_point(i: int, a: NDArray[np.integer], nb: NDArray[np.int32], u: int) -> bool:
    """True when taking cell ``i`` out of its patch of type ``u`` cannot split the patch.

    The 4-neighbours of ``i`` of type ``u`` must lie in one run of type-``u`` cells
    around ``i`` (consecutive cells of the 8-ring are 4-adjacent).
    """
    ring = [j >= 0 and int(a[j]) == u for j in _ring(i, nb)]
    if all(ring):
        return True
    k0 = ring.index(False)
    runs, in_run, holds = 0, False, False
    for m in range(1, 9):  # ends on position k0 (not u), which closes the last run
        k = (k0 + m) % 8
        if ring[k]:
            if not in_run:
                in_run, holds = True, False
            holds = holds or k % 2 == 0
        elif in_run:
            runs += int(holds)
            in_run = False
    return runs <= 1
