"""The exact squared Euclidean distance transform of a boolean raster, in numba.

Felzenszwalb and Huttenlocher (2012), "Distance transforms of sampled functions": a pass
down every column gives the distance in rows to the nearest True cell of that column; a
pass along every row takes the lower envelope of the parabolas ``(x - k)² + g(k)²``. Both
passes are exact in integers (held in float64, below 2**53), so the result is the one
every exact transform gives, scipy's included. Used by :func:`novex.demo.fields.
distance_to_mask`.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["squared_cells"]


@numba.njit(cache=True, nogil=True, parallel=True)
def _columns(mask: NDArray[np.bool_], out: NDArray[np.float64]) -> None:  # pragma: no cover
    h, w = mask.shape
    for j in numba.prange(w):
        last = -1
        for i in range(h):
            if mask[i, j]:
                last = i
            out[i, j] = np.inf if last < 0 else float(i - last)
        last = -1
        for i in range(h - 1, -1, -1):
            if mask[i, j]:
                last = i
            if last >= 0:
                d = float(last - i)
                if d < out[i, j]:
                    out[i, j] = d
        for i in range(h):
            out[i, j] = out[i, j] * out[i, j]


@numba.njit(cache=True, nogil=True, parallel=True)
def _rows(f2: NDArray[np.float64], out: NDArray[np.float64]) -> None:  # pragma: no cover
    h, w = f2.shape
    for i in numba.prange(h):
        f = f2[i]
        v = np.empty(w, dtype=np.int64)
        z = np.empty(w + 1, dtype=np.float64)
        k = -1
        for q in range(w):
            fq = f[q]
            if fq == np.inf:
                continue
            while k >= 0:
                p = v[k]
                s = ((fq + q * q) - (f[p] + p * p)) / (2.0 * q - 2.0 * p)
                if s <= z[k]:
                    k -= 1
                else:
                    break
            if k < 0:
                k = 0
                v[0] = q
                z[0] = -np.inf
            else:
                k += 1
                v[k] = q
                z[k] = s
            z[k + 1] = np.inf
        if k < 0:
            for q in range(w):
                out[i, q] = np.inf
            continue
        kk = 0
        for q in range(w):
            while z[kk + 1] < q:
                kk += 1
            d = float(q - v[kk])
            out[i, q] = d * d + f[v[kk]]


def squared_cells(mask: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Squared distance, in cells, from every cell to the nearest True cell of ``mask``
    (``inf`` everywhere when it has none).

    Examples
    --------
    >>> m = np.zeros((2, 3), dtype=bool); m[1, 2] = True
    >>> squared_cells(m)
    array([[5., 2., 1.],
           [4., 1., 0.]])
    """
    mask = np.ascontiguousarray(mask, dtype=np.bool_)
    cols = np.empty(mask.shape, dtype=np.float64)
    _columns(mask, cols)
    out = np.empty(mask.shape, dtype=np.float64)
    _rows(cols, out)
    return out
