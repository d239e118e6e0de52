"""Coherent ties: among interchangeable cells, neighbours take the same type.

Cells of one region with the same area, the same allowed types and the same suitability
on each of them are interchangeable: any permutation of the types they hold keeps every
claim total, the objective and the certificate g(p) exactly (g(p) takes a maximum per
cell, whatever the assignment). On tie-heavy data (suitability from classed layers)
such groups are large, and which of their cells get a new use is a free choice. The
solver's own choice (ascending cell index inside a class) knows nothing of space, so
new uses come out scattered.

:func:`regroup_ties` rearranges the types inside every group that holds more than one
type so that cells take the type their neighbours hold. The engine stays free of
geometry: the caller passes a neighbourhood graph (``neighbours[i]`` lists the cells
adjacent to cell i, ``-1`` for none), e.g. the 4-neighbours on a raster.

The rearrangement is a few deterministic sweeps over the groups, in group order. In a
group with counts ``n_t`` of each type it holds, every member gets a score per type:
twice the number of its neighbours holding the type, plus one for the type it holds
now (so that a sweep does not swap cells back and forth). The rarest type first, each
type takes the ``n_t`` members whose score for it most exceeds their best other score
(ties: lowest cell index); the most common type takes the rest. A sweep that does not
raise the number of equal-type neighbour pairs among the group members is undone, and
the sweeps stop.
"""

from __future__ import annotations

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
) -> int:
    """One sweep over the groups (members sorted by group, then cell); returns cells moved."""
    moved = 0
    count = np.zeros(n_types, dtype=np.int64)
    slot = np.full(n_types, -1, dtype=np.int64)
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
        for j in range(nt):
            slot[types[j]] = j
        score = np.zeros((k, nt), dtype=np.int64)
        for a in range(k):
            i = m[a]
            score[a, slot[assign[i]]] += 1
            for d in range(nb.shape[1]):
                c = nb[i, d]
                if c >= 0 and slot[assign[c]] >= 0:
                    score[a, slot[assign[c]]] += 2
        # rarest type first (ties: lower type index); the most common one takes the rest
        need = np.array([count[types[j]] for j in range(nt)], dtype=np.int64)
        by_need = np.argsort(need * n_types + types, kind="mergesort")
        new = np.full(k, -1, dtype=np.int64)
        for q in range(nt - 1):
            j = by_need[q]
            key = np.empty(k, dtype=np.int64)
            for a in range(k):
                if new[a] >= 0:
                    key[a] = np.iinfo(np.int64).max
                    continue
                other = np.iinfo(np.int64).min
                for u in range(nt):
                    if u != j and score[a, u] > other:
                        other = score[a, u]
                # larger advantage first, then lower cell index (members ascend)
                key[a] = (other - score[a, j]) * (k + 1) + a
            pick = np.argsort(key, kind="mergesort")[: need[j]]
            for a in pick:
                new[a] = j
        last = by_need[nt - 1]
        for a in range(k):
            if new[a] < 0:
                new[a] = last
            t = types[new[a]]
            if assign[m[a]] != t:
                moved += 1
                assign[m[a]] = t
        for j in range(nt):
            slot[types[j]] = -1
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
            step = _sweep(members, starts, out, nb, n_types)
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
