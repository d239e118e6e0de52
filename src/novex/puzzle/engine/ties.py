"""Coherent ties: among interchangeable cells, neighbours take the same type.

Two cells of one region with the same area may swap types a and b at no cost when both
types are allowed on both and each cell has the same suitability for a, and for b:
every claim total, the objective and the certificate g(p) stay exactly the same (g(p)
takes a maximum per cell, whatever the assignment). On tie-heavy data (suitability from
classed layers) such groups are large, and which of their cells get a new use is a free
choice. The solver's own choice (ascending cell index inside a class) knows nothing of
space, so new uses come out scattered.

:func:`regroup_ties` hands out the types again inside every such group that holds both,
so that cells take the type their neighbours hold. The engine stays free of geometry:
the caller passes a neighbourhood graph (``neighbours[i]`` lists the cells adjacent to
cell i, ``-1`` for none), e.g. the 4-neighbours on a raster.

For each pair of types held in the problem (rarest type first), the cells holding
either are grouped by (region, area, suitability for a, suitability for b). In a group
that holds both, the rarer type *grows* from the cells that hold it for good: the member
with the most neighbours holding it (outside the group, or given it already in this
pass) takes it first, then members that hold it now, then the lowest cell index; the
other type takes the rest. A pair's new layout is kept only if it raises the number of
neighbour links joining equal types among its cells. A sweep over the pairs is repeated
(only for pairs that had such groups) while it raises that number over all cells; a
sweep that does not is undone.
"""

from __future__ import annotations

import heapq
import logging
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.hashing import mix64

__all__ = ["regroup_ties"]

logger = logging.getLogger(__name__)

_SWEEPS = 8


@numba.njit(cache=True, nogil=True)
def _agreement(members: NDArray[np.int64], assign: NDArray[np.int16], nb: NDArray[np.int32]) -> int:
    """Neighbour links of ``members`` that join cells of the same type."""
    total = 0
    for i in members:
        t = assign[i]
        for d in range(nb.shape[1]):
            j = nb[i, d]
            if j >= 0 and assign[j] == t:
                total += 1
    return total


@numba.njit(cache=True, nogil=True)
def _sweep(
    members: NDArray[np.int64],
    starts: NDArray[np.int64],
    assign: NDArray[np.int16],
    nb: NDArray[np.int32],
    n_types: int,
    pos: NDArray[np.int64],
) -> int:
    """One sweep over the groups (members sorted by group, then cell); returns cells moved.

    ``pos`` is scratch of length N filled with -1 (left so on return).
    """
    moved = 0
    count = np.zeros(n_types, dtype=np.int64)
    n_nb = nb.shape[1]
    top = 2 * n_nb + 1
    for g in range(starts.shape[0] - 1):
        m = members[starts[g] : starts[g + 1]]
        k = m.shape[0]
        count[:] = 0
        for i in m:
            count[assign[i]] += 1
        types = np.flatnonzero(count)
        nt = types.shape[0]
        if nt < 2:
            continue
        for a in range(k):
            pos[m[a]] = a
        # rarest type first (ties: lower type index); the most common one takes the rest
        need = np.empty(nt, dtype=np.int64)
        for j in range(nt):
            need[j] = count[types[j]]
        by_need = np.argsort(need * n_types + types, kind="mergesort")
        new = np.full(k, -1, dtype=np.int64)
        prio = np.zeros(k, dtype=np.int64)
        for q in range(nt - 1):
            j = by_need[q]
            t = types[j]
            # grow type t from the cells that hold it for good: priority is twice the
            # neighbours holding t (outside the group, or given t in this pass) plus one
            # if the cell holds t now; ties to the lowest cell index
            heap = [np.int64(0) for _ in range(0)]
            for a in range(k):
                if new[a] >= 0:
                    continue
                i = m[a]
                p = 1 if assign[i] == t else 0
                for d in range(n_nb):
                    c = nb[i, d]
                    if c < 0:
                        continue
                    b = pos[c]
                    if (b < 0 and assign[c] == t) or (b >= 0 and new[b] == j):
                        p += 2
                prio[a] = p
                heap.append((top - p) * (k + 1) + a)
            heapq.heapify(heap)
            left = need[j]
            while left > 0:
                key = heapq.heappop(heap)
                a = key % (k + 1)
                if new[a] >= 0 or top - key // (k + 1) != prio[a]:
                    continue  # taken, or a stale entry
                new[a] = j
                left -= 1
                i = m[a]
                for d in range(n_nb):
                    c = nb[i, d]
                    if c < 0:
                        continue
                    b = pos[c]
                    if b >= 0 and new[b] < 0:
                        prio[b] += 2
                        heapq.heappush(heap, (top - prio[b]) * (k + 1) + b)
        last = by_need[nt - 1]
        for a in range(k):
            if new[a] < 0:
                new[a] = last
            t = types[new[a]]
            if assign[m[a]] != t:
                moved += 1
                assign[m[a]] = t
            pos[m[a]] = -1
    return moved


def _group_of(columns: list[NDArray[Any]]) -> NDArray[np.int64]:
    """Group number per row of equal values in every column (a column of one value is
    broadcast). Groups by a 64-bit hash of the values (a fast integer sort), checked
    against each group's first row; on a collision, by the values themselves."""
    k = max(c.shape[0] for c in columns)
    words = []
    for c in columns:
        c = np.ascontiguousarray(c)
        if c.dtype.kind == "f":
            c = c + 0.0  # no negative zeros
        w = c.astype(np.float64).view(np.uint64) if c.dtype.kind == "f" else c.astype(np.uint64)
        words.append(np.broadcast_to(w, (k,)))
    h = np.full(k, np.uint64(0x9E3779B97F4A7C15))
    for w in words:
        h = mix64(h ^ w)
    _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1).astype(np.int64)
    if all(np.array_equal(w, w[first][inverse]) for w in words):
        return inverse
    stacked = np.stack([np.asarray(w) for w in words], axis=1)
    _, inverse = np.unique(stacked, axis=0, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64)


def _pair_groups(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    region: NDArray[np.int32],
    area: NDArray[np.float64],
    assign: NDArray[np.int16],
    holders: list[NDArray[np.int64]],
    a: int,
    b: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """Groups of cells holding type a or b that may swap them at no cost.

    Two cells can swap types a and b when both are allowed on both, and they have the
    same region, area, and suitability for a and for b. Returns the members (sorted by
    group, then cell) and the group starts, or None when no group holds both types.
    """
    cells = np.concatenate([holders[a], holders[b]])
    if allowed is not None:
        cells = cells[allowed[cells, a] & allowed[cells, b]]
    if cells.shape[0] < 2:
        return None
    inverse = _group_of(
        [
            s[cells, a],
            s[cells, b],
            area[:1] if area.shape[0] == 1 else area[cells],
            region[cells],
        ]
    )
    n_groups = int(inverse.max()) + 1
    is_a = assign[cells] == a
    n_a = np.bincount(inverse, weights=is_a, minlength=n_groups)
    size = np.bincount(inverse, minlength=n_groups)
    mixed = (n_a > 0) & (n_a < size)
    if not mixed.any():
        return None
    sel = np.flatnonzero(mixed[inverse])
    order = np.lexsort((cells[sel], inverse[sel]))
    members = cells[sel[order]].astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(size[mixed])]).astype(np.int64)
    return members, starts


def regroup_ties(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    region: NDArray[np.int32],
    area: NDArray[np.float64],
    assign: NDArray[np.int16],
    neighbours: NDArray[np.int32],
    *,
    sweeps: int = _SWEEPS,
) -> tuple[NDArray[np.int16], dict[str, int]]:
    """Rearrange types between interchangeable cells so that neighbours agree.

    Parameters
    ----------
    s : (N, T) suitability
    allowed : (N, T) bool or None
    region : (N,) int32
    area : (N,) float64, or (1,) for equal cells
    assign : (N,) int16
        The solver's assignment; not modified.
    neighbours : (N, K) int32
        Cell indices adjacent to each cell, ``-1`` for none.
    sweeps : int
        The most sweeps over the type pairs.

    Returns
    -------
    assignment : (N,) int16
        Every change is a swap of two types between two cells of the same region and
        area with equal suitability for both types, so the claim totals, the objective
        and the certificate are the same.
    info : dict
        ``tie_moved`` (cells whose type changed), ``tie_sweeps`` and ``tie_links``
        (neighbour links joining equal types, before and after, as ``tie_links_before``).
    """
    n = s.shape[0]
    out = assign.copy()
    nb = np.ascontiguousarray(neighbours, dtype=np.int32)
    every = np.arange(n, dtype=np.int64)
    agree = int(_agreement(every, out, nb)) if n else 0
    info = {"tie_moved": 0, "tie_sweeps": 0, "tie_links_before": agree, "tie_links": agree}
    if n == 0:
        return out, info
    n_types = s.shape[1]
    pos = np.full(n, -1, dtype=np.int64)
    active: set[tuple[int, int]] | None = None  # the pairs with swappable cells
    for _ in range(sweeps):
        before = out.copy()
        moved = 0
        order = np.argsort(out, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(out, minlength=n_types))])
        holders = [order[bounds[t] : bounds[t + 1]] for t in range(n_types)]
        present = [t for t in range(n_types) if holders[t].shape[0]]
        # rarer types first: they are the new uses whose speckle shows
        present.sort(key=lambda t: (holders[t].shape[0], t))
        pairs = [(a, b) for i, a in enumerate(present) for b in present[i + 1 :]]
        if active is not None:
            pairs = [ab for ab in pairs if ab in active]
        found = set()
        for a, b in pairs:
            groups = _pair_groups(s, allowed, region, area, out, holders, a, b)
            if groups is None:
                continue
            found.add((a, b))
            members, starts = groups
            held = out[members]
            links = _agreement(members, out, nb)
            step = _sweep(members, starts, out, nb, n_types, pos)
            if step and _agreement(members, out, nb) <= links:
                out[members] = held  # no better for this pair: keep what it was
                step = 0
            if step:
                moved += step
                holders[a] = np.flatnonzero(out == a)
                holders[b] = np.flatnonzero(out == b)
        active = found
        now = int(_agreement(every, out, nb))
        logger.debug(
            "ties sweep: %d pairs, %d moved, links %d -> %d", len(pairs), moved, agree, now
        )
        if moved == 0 or now <= agree:
            out = before
            break
        agree = now
        info["tie_sweeps"] += 1
    info["tie_links"] = agree
    info["tie_moved"] = int(np.count_nonzero(out != assign))
    logger.debug(
        "ties: %d cells moved in %d sweeps; equal-type links %d -> %d",
        info["tie_moved"],
        info["tie_sweeps"],
        info["tie_links_before"],
        info["tie_links"],
    )
    return out, info
