"""Fused loops that compose a province's (N, T) suitability (:mod:`novex.puzzle.province`).

The terms of :meth:`Recipe.base_of <novex.puzzle.province.Recipe.base_of>` are added
cell by cell in one pass over the (N, T) array instead of one numpy pass (and one
block-sized temporary) per term. Each value is computed with the same float32
operations in the same order as the numpy expressions, so the arrays are the same bytes.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["compose_base"]


@numba.njit(cache=True, nogil=True)
def compose_base(
    base_t: NDArray[np.float32],
    vals: NDArray[np.float32],
    shares: NDArray[np.float32],
    cost: NDArray[np.float32],
    cur: NDArray[np.int16],
    keep: NDArray[np.bool_],
    keep_value: np.float32,
    out: NDArray[np.float32],
) -> None:
    """``out[i, t] = base_t[t] + sum_k vals[k, i] * shares[k, t] - cost[cur[i], t]``.

    The terms are added in the order k = 0, 1, ... as float32, like ``block += vals[k,
    :, None] * shares[k]`` term by term; keep types (``keep[t]``) get ``keep_value``.

    Parameters
    ----------
    base_t : (T,) float32
        The base per type.
    vals : (K, N) float32
        Each term's weighted value per cell.
    shares : (K, T) float32
        Each term's share per type.
    cost : (C, T) float32
        Conversion cost per current class and type.
    cur : (N,) int16
        Current class index per cell.
    keep : (T,) bool
        Keep types.
    keep_value : float32
        What a keep type scores.
    out : (N, T) float32
        Written in place.
    """
    n, nt = out.shape
    nk = vals.shape[0]
    for i in range(n):
        row = out[i]
        for t in range(nt):
            row[t] = base_t[t]
        for k in range(nk):
            v = vals[k, i]
            for t in range(nt):
                row[t] += v * shares[k, t]
        c = cur[i]
        for t in range(nt):
            row[t] = keep_value if keep[t] else row[t] - cost[c, t]
