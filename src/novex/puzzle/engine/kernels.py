"""Fused passes over the suitability array, in numba and in plain numpy.

Both back-ends walk the cells in fixed chunks of :data:`CHUNK` cells and add up
per-region sums inside a chunk in cell order, then add the chunk results in chunk
order. The floating-point operations are the same in both, so they return the same
bytes, whatever the number of threads.

The back-end is chosen with the ``backend`` argument of :meth:`Problem.solve`, or
with the environment variable ``NOVEX_PUZZLE_BACKEND`` (``numba`` or ``numpy``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from novex.errors import PuzzleError

__all__ = [
    "BACKENDS",
    "CHUNK",
    "PassResult",
    "assignment_pass",
    "best_included",
    "cheapest_helping",
    "contribution_groups",
    "pattern_codes",
    "reduced_pass",
    "resolve_backend",
]

CHUNK = 1 << 16
BACKENDS = ("numba", "numpy")


def resolve_backend(backend: str | None) -> str:
    """Return the back-end to use: the argument, else ``NOVEX_PUZZLE_BACKEND``, else numba."""
    name = backend if backend is not None else os.environ.get("NOVEX_PUZZLE_BACKEND", "numba")
    if name not in BACKENDS:
        raise PuzzleError(f"Invalid backend {name!r}. Only {BACKENDS!r} are supported.")
    return name


@dataclass
class PassResult:
    """What one pass over the cells returns.

    ``best_type`` is the arg-max of the reduced value (lowest type index on ties),
    ``margin`` the best reduced value minus the best one of a type with a different
    contribution row (inf if there is none): types with equal contributions are
    interchangeable for the claims, so a tie between them is no contest,
    ``lag`` the best minus the reduced value of the reference type (when one is given)
    and ``region_max`` the per-region sum of area times the best reduced value.
    """

    best_type: NDArray[np.int16]
    margin: NDArray[np.float32]
    lag: NDArray[np.float32] | None
    region_max: NDArray[np.float64]


@numba.njit(parallel=True, cache=True, nogil=True)
def _reduced_numba(s, allowed, has_allowed, region, area, scalar_area, q, group, ref, has_ref,
                   out_t, out_m, out_l, partial):  # fmt: skip
    n, n_types = s.shape
    n_chunks = partial.shape[0]
    for c in numba.prange(n_chunks):
        start = c * CHUNK
        stop = min(n, start + CHUNK)
        for i in range(start, stop):
            r = region[i]
            best = -np.inf
            second = -np.inf
            bt = -1
            for t in range(n_types):
                if has_allowed and not allowed[i, t]:
                    continue
                v = np.float64(s[i, t]) + q[r, t]
                if v > best:
                    best = v
                    bt = t
            gb = group[bt]
            for t in range(n_types):
                if (has_allowed and not allowed[i, t]) or group[t] == gb:
                    continue
                v = np.float64(s[i, t]) + q[r, t]
                if v > second:
                    second = v
            out_t[i] = bt
            out_m[i] = best - second
            if has_ref:
                k = ref[i]
                out_l[i] = best - (np.float64(s[i, k]) + q[r, k])
            a = area[0] if scalar_area else area[i]
            partial[c, r] += a * best


def _reduced_numpy(s, allowed, region, area, q, group, ref, out_t, out_m, out_l, partial):
    n = s.shape[0]
    for c in range(partial.shape[0]):
        sl = slice(c * CHUNK, min(n, (c + 1) * CHUNK))
        reg = region[sl]
        v = s[sl].astype(np.float64) + q[reg]
        if allowed is not None:
            v[~allowed[sl]] = -np.inf
        bt = np.argmax(v, axis=1)
        rows = np.arange(v.shape[0])
        best = v[rows, bt]
        out_t[sl] = bt
        if ref is not None:
            k = ref[sl].astype(np.int64)
            out_l[sl] = best - (s[sl][rows, k].astype(np.float64) + q[reg, k])
        v[group[None, :] == group[bt][:, None]] = -np.inf
        out_m[sl] = best - v.max(axis=1)
        w = area[0] * best if area.shape[0] != n or n == 1 else area[sl] * best
        partial[c] += np.bincount(reg, weights=w, minlength=partial.shape[1])


def reduced_pass(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    region: NDArray[np.int32],
    area: NDArray[np.float64],
    q: NDArray[np.float64],
    n_regions: int,
    ref: NDArray[np.int16] | None = None,
    backend: str = "numba",
    group: NDArray[np.int64] | None = None,
) -> PassResult:
    """One pass: best type, best-minus-second margin and per-region max sums.

    Parameters
    ----------
    s : (N, T) float32 or float64
        Suitability.
    allowed : (N, T) bool or None
        Allowed types; None means all.
    region : (N,) int32
    area : (N,) or (1,) float64
        Cell area; one value means every cell has that area.
    q : (R, T) float64
        Price term per region and type, ``C @ p[r]``.
    n_regions : int
    ref : (N,) int16, optional
        Reference type per cell; the result's ``lag`` is best minus its value.
    backend : {"numba", "numpy"}
    group : (T,) int, optional
        Contribution group per type (:func:`contribution_groups`); default one per type.
    """
    n = s.shape[0]
    if group is None:
        group = np.arange(s.shape[1], dtype=np.int64)
    n_chunks = max(1, -(-n // CHUNK))
    out_t = np.empty(n, dtype=np.int16)
    out_m = np.empty(n, dtype=np.float32)
    out_l = np.empty(n if ref is not None else 0, dtype=np.float32)
    partial = np.zeros((n_chunks, n_regions), dtype=np.float64)
    q = np.ascontiguousarray(q, dtype=np.float64)
    if backend == "numba":
        _reduced_numba(
            s,
            allowed if allowed is not None else np.ones((1, 1), dtype=np.bool_),
            allowed is not None,
            region,
            area,
            area.shape[0] == 1 and n != 1,
            q,
            group,
            ref if ref is not None else np.zeros(1, dtype=np.int16),
            ref is not None,
            out_t,
            out_m,
            out_l if ref is not None else np.zeros(1, dtype=np.float32),
            partial,
        )
    else:
        _reduced_numpy(s, allowed, region, area, q, group, ref, out_t, out_m, out_l, partial)
    region_max = np.zeros(n_regions, dtype=np.float64)
    for c in range(n_chunks):
        region_max += partial[c]
    return PassResult(out_t, out_m, out_l if ref is not None else None, region_max)


def contribution_groups(contributions: NDArray[np.float64]) -> NDArray[np.int64]:
    """Per type, the lowest type index with the same contribution row."""
    _, first, inverse = np.unique(contributions, axis=0, return_index=True, return_inverse=True)
    return first[inverse.reshape(-1)].astype(np.int64)


@numba.njit(parallel=True, cache=True, nogil=True)
def _assignment_numba(s, x, region, area, scalar_area, type_area, value):
    n = s.shape[0]
    for c in numba.prange(type_area.shape[0]):
        start = c * CHUNK
        stop = min(n, start + CHUNK)
        for i in range(start, stop):
            r = region[i]
            t = x[i]
            a = area[0] if scalar_area else area[i]
            type_area[c, r, t] += a
            value[c, r] += a * np.float64(s[i, t])


def assignment_pass(
    s: NDArray[np.floating],
    x: NDArray[np.integer],
    region: NDArray[np.int32],
    area: NDArray[np.float64],
    n_regions: int,
    backend: str = "numba",
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Area per (region, type) and suitability value per region of an assignment."""
    n, n_types = s.shape
    n_chunks = max(1, -(-n // CHUNK))
    type_area = np.zeros((n_chunks, n_regions, n_types), dtype=np.float64)
    value = np.zeros((n_chunks, n_regions), dtype=np.float64)
    scalar = area.shape[0] == 1 and n != 1
    if backend == "numba":
        _assignment_numba(s, x, region, area, scalar, type_area, value)
    else:
        for c in range(n_chunks):
            sl = slice(c * CHUNK, min(n, (c + 1) * CHUNK))
            reg = region[sl]
            xt = x[sl].astype(np.int64)
            a = np.broadcast_to(area[0], reg.shape) if scalar else area[sl]
            rows = np.arange(reg.shape[0])
            code = reg.astype(np.int64) * n_types + xt
            type_area[c] = np.bincount(code, weights=a, minlength=n_regions * n_types).reshape(
                n_regions, n_types
            )
            w = a * s[sl][rows, xt].astype(np.float64)
            value[c] = np.bincount(reg, weights=w, minlength=n_regions)
    total_area = np.zeros((n_regions, n_types), dtype=np.float64)
    total_value = np.zeros(n_regions, dtype=np.float64)
    for c in range(n_chunks):
        total_area += type_area[c]
        total_value += value[c]
    return total_area, total_value


@numba.njit(parallel=True, cache=True, nogil=True)
def _pattern_codes_numba(allowed, region, n_types, out):  # pragma: no cover - compiled
    for i in numba.prange(allowed.shape[0]):
        c = np.int64(region[i]) << n_types
        for t in range(n_types):
            if allowed[i, t]:
                c |= np.int64(1) << t
        out[i] = c


def pattern_codes(
    allowed: NDArray[np.bool_], region: NDArray[np.int32], backend: str = "numba"
) -> NDArray[np.int64]:
    """Per cell, ``region << T | allowed bits`` (bit t set when type t is allowed).

    Needs ``T + bits(region) <= 63``; :func:`novex.puzzle.engine.feasibility.type_patterns`
    checks that. Both back-ends return the same integers.
    """
    n, n_types = allowed.shape
    out = np.empty(n, dtype=np.int64)
    if backend == "numba":
        _pattern_codes_numba(allowed, region, n_types, out)
        return out
    weights = np.left_shift(np.int64(1), np.arange(n_types, dtype=np.int64))
    for start in range(0, n, CHUNK):
        sl = slice(start, min(n, start + CHUNK))
        out[sl] = allowed[sl].astype(np.int64) @ weights
        out[sl] |= region[sl].astype(np.int64) << np.int64(n_types)
    return out


@numba.njit(cache=True, nogil=True)
def _best_included_numba(s, allowed, has_allowed, cells, include, qr, qy, out_t, out_q):
    for k in range(cells.shape[0]):
        i = cells[k]
        best = -np.inf
        bt = -1
        for t in range(s.shape[1]):
            if not include[k, t] or (has_allowed and not allowed[i, t]):
                continue
            v = np.float64(s[i, t]) + qy[t]
            if v > best:
                best = v
                bt = t
        out_t[k] = max(bt, 0)
        out_q[k] = np.float64(s[i, max(bt, 0)]) + qr[max(bt, 0)]


def best_included(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    cells: NDArray[np.int64],
    include: NDArray[np.bool_],
    qr: NDArray[np.float64],
    qy: NDArray[np.float64],
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Per cell (row of ``include``), its candidate type of highest ``s + qy`` (lowest
    index on ties) and that type's value ``s + qr``; one serial compiled pass."""
    out_t = np.empty(cells.shape[0], dtype=np.intp)
    out_q = np.empty(cells.shape[0], dtype=np.float64)
    _best_included_numba(
        s,
        allowed if allowed is not None else np.ones((1, 1), dtype=np.bool_),
        allowed is not None,
        cells,
        include,
        np.ascontiguousarray(qr, dtype=np.float64),
        np.ascontiguousarray(qy, dtype=np.float64),
        out_t,
        out_q,
    )
    return out_t, out_q


@numba.njit(cache=True, nogil=True)
def _cheapest_helping_numba(s, allowed, has_allowed, cells, ref, qr, qy, helps, thr, out_t, out_v):
    for k in range(cells.shape[0]):
        i = cells[k]
        h = ref[k]
        ref_y = np.float64(s[i, h]) + qy[h]
        best = -np.inf
        bt = 0
        for t in range(s.shape[1]):
            if not helps[h, t] or (has_allowed and not allowed[i, t]):
                continue
            sv = np.float64(s[i, t])
            if sv + qy[t] - ref_y <= thr:
                continue
            v = sv + qr[t]
            if v > best:
                best = v
                bt = t
        out_t[k] = bt
        out_v[k] = best


def cheapest_helping(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    cells: NDArray[np.int64],
    ref: NDArray[np.intp],
    qr: NDArray[np.float64],
    qy: NDArray[np.float64],
    helps: NDArray[np.bool_],
    thr: float,
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Per cell, of the allowed types t with ``helps[ref, t]`` whose value ``s + qy``
    beats that of the cell's type ``ref`` by more than ``thr``, the one of highest
    ``s + qr`` (lowest index on ties) and that value (-inf if there is none); one
    serial compiled pass, no (cells, types) temporaries."""
    out_t = np.empty(cells.shape[0], dtype=np.intp)
    out_v = np.empty(cells.shape[0], dtype=np.float64)
    _cheapest_helping_numba(
        s,
        allowed if allowed is not None else np.ones((1, 1), dtype=np.bool_),
        allowed is not None,
        cells,
        np.ascontiguousarray(ref, dtype=np.intp),
        np.ascontiguousarray(qr, dtype=np.float64),
        np.ascontiguousarray(qy, dtype=np.float64),
        np.ascontiguousarray(helps),
        float(thr),
        out_t,
        out_v,
    )
    return out_t, out_v
