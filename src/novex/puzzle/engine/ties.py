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
either are grouped by (region, area, suitability for a, suitability for b): the keys of
the side with fewer cells go into a hash table, the other side's cells are looked up in
it (compiled; no sort of every holder of a common type). In a group
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

import numba
import numpy as np
from numpy.typing import NDArray

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


_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


@numba.njit(cache=True, nogil=True)
def _mix(z: np.uint64) -> np.uint64:
    """The splitmix64 finaliser (:func:`novex.puzzle.engine.hashing.mix64`) of one value."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True, nogil=True)
def _pair_members(
    first: NDArray[np.int64],
    second: NDArray[np.int64],
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_],
    a: int,
    b: int,
    area: NDArray[np.float64],
    region: NDArray[np.int32],
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Members and starts of the groups that hold both the cells ``first`` and ``second``.

    The key of a cell is (suitability for a, for b, area, region), compared exactly; the
    keys of the smaller side go into a hash table, the other side is looked up in it (no
    sort of the larger side). Groups are in the order of their 64-bit key hash
    (splitmix64 over the key's words), members by cell index. ``allowed`` has zero rows
    when every type is allowed.
    """
    buf = np.empty(1, dtype=np.float64)
    bits = buf.view(np.uint64)
    one_area = area.shape[0] == 1
    check = allowed.shape[0] > 0
    none = np.zeros(0, dtype=np.int64)
    # the keys of the smaller side (of the cells before the allowed test; the result
    # does not depend on which side it is) go into the table, in one pass over each side
    small, large = first, second
    if large.shape[0] < small.shape[0]:
        small, large = large, small
    keep = np.empty(small.shape[0], dtype=np.int64)
    n = 0
    for i in small:
        if not check or (allowed[i, a] and allowed[i, b]):
            keep[n] = i
            n += 1
    small = keep[:n]
    if n == 0 or large.shape[0] == 0:
        return none, none
    cap = 1
    while cap < 2 * small.shape[0]:
        cap *= 2
    mask = np.uint64(cap - 1)
    table = np.full(cap, -1, dtype=np.int64)
    keys = np.empty((small.shape[0], 4), dtype=np.uint64)
    hashes = np.empty(small.shape[0], dtype=np.uint64)
    words = np.empty(4, dtype=np.uint64)
    n_keys = 0
    group = np.empty(small.shape[0], dtype=np.int64)
    hit_cell = np.empty(large.shape[0], dtype=np.int64)  # the large side's cells found
    hit_group = np.empty(large.shape[0], dtype=np.int64)
    n_hits = 0
    for side in range(2):
        cells = small if side == 0 else large
        for k in range(cells.shape[0]):
            i = cells[k]
            if side == 1 and check and not (allowed[i, a] and allowed[i, b]):
                continue
            buf[0] = np.float64(s[i, a]) + 0.0  # no negative zeros
            words[0] = bits[0]
            buf[0] = np.float64(s[i, b]) + 0.0
            words[1] = bits[0]
            buf[0] = (area[0] if one_area else area[i]) + 0.0
            words[2] = bits[0]
            words[3] = np.uint64(region[i])
            # one finaliser over the words combined for the table (the products keep every
            # bit, the finaliser spreads the high ones to the slot bits); the groups' order
            # uses the key's splitmix64
            q = (words[0] * _M1) ^ (words[1] * _M2) ^ (words[2] * _GAMMA) ^ words[3]
            slot = _mix(q) & mask
            g = -1
            while True:
                g = table[slot]
                if g < 0:
                    break
                same = True
                for w in range(4):
                    if keys[g, w] != words[w]:
                        same = False
                        break
                if same:
                    break
                slot = (slot + np.uint64(1)) & mask
            if side == 0:
                if g < 0:
                    g = n_keys
                    n_keys += 1
                    keys[g] = words
                    h = _GAMMA
                    for w in range(4):
                        h = _mix(h ^ words[w])
                    hashes[g] = h
                    table[slot] = g
                group[k] = g
            elif g >= 0:
                hit_cell[n_hits] = i
                hit_group[n_hits] = g
                n_hits += 1
    hit = np.zeros(n_keys, dtype=np.int64)
    for k in range(n_hits):
        hit[hit_group[k]] = 1
    mixed = np.flatnonzero(hit)
    if mixed.shape[0] == 0:
        return none, none
    order = mixed[np.argsort(hashes[mixed], kind="mergesort")]
    rank = np.full(n_keys, -1, dtype=np.int64)
    for r in range(order.shape[0]):
        rank[order[r]] = r
    n_cells = s.shape[0]
    key = np.empty(small.shape[0] + n_hits, dtype=np.int64)
    size = np.zeros(order.shape[0], dtype=np.int64)
    m = 0
    for k in range(small.shape[0]):
        r = rank[group[k]]
        if r >= 0:
            key[m] = r * n_cells + small[k]
            size[r] += 1
            m += 1
    for k in range(n_hits):
        r = rank[hit_group[k]]
        key[m] = r * n_cells + hit_cell[k]
        size[r] += 1
        m += 1
    key = np.sort(key[:m])
    starts = np.zeros(order.shape[0] + 1, dtype=np.int64)
    starts[1:] = np.cumsum(size)
    return key % n_cells, starts


def _pair_groups(
    s: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    region: NDArray[np.int32],
    area: NDArray[np.float64],
    holders: list[NDArray[np.int64]],
    a: int,
    b: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]] | None:
    """Groups of cells holding type a or b that may swap them at no cost.

    Two cells can swap types a and b when both are allowed on both, and they have the
    same region, area, and suitability for a and for b. Returns the members (sorted by
    group, then cell) and the group starts, or None when no group holds both types.
    """
    members, starts = _pair_members(
        holders[a],
        holders[b],
        s,
        np.zeros((0, 0), dtype=np.bool_) if allowed is None else allowed,
        a,
        b,
        area,
        region,
    )
    if members.shape[0] == 0:
        return None
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
            groups = _pair_groups(s, allowed, region, area, holders, a, b)
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
