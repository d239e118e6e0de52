"""The consolidation pass of ``samenhang``: tiny patches moved to the edge of larger ones.

After the solve, a new use that the optimum left in a patch of one or two cells is moved,
cell by cell, to a cell on the edge of a larger patch of the same use. Each move is a
**swap** of two cells of equal area: cell ``r`` of the tiny patch takes a type ``u`` and
cell ``d`` next to the larger patch gives up its type ``u'`` for the new use ``t``, where
``u`` and ``u'`` count the same for every function (the same type, or for example two
keep types that count for nothing). So every function's hectares, and with them every
claim's (claims are linear in the area per type), stay exactly what they were: the map
meets the same claims, and the dual bound of the solve stays a valid upper bound for it.
Only the objective goes down, by what the swap gives up:
``(s[r, t] - s[r, u]) - (s[d, t] - s[d, u'])`` suitability per hectare.

The pass is greedy and deterministic:

- the new types are taken in type order; a tiny patch (one or two cells, 4-connected) is
  moved whole or not at all, patches in the order of their first cell;
- the *hosts* of a type are its patches of three or more cells;
- each cell of a tiny patch goes to the cell next to a host (or next to a cell moved
  there before) that gives up least, among the types ``u`` the cell may take: a keep
  type (the cell keeps its current use), or a new type of one of its neighbours, so the
  cell joins a patch of ``u``; a cell of a new type ``u'`` is taken from its patch only
  where that patch stays connected around it (the simple-point test on its 8 neighbours)
  and keeps three or more cells, so the pass never makes a patch of another use tiny;
- with the claims given (``demand_min``, ``demand_max``), the tiny patches that no such
  exact swap can move are then tried, cheapest first, with swaps where ``u`` and ``u'``
  count differently, as long as every function stays within its claim (the room of a
  claim: the map still meets every claim the solve met, so the bound still holds);
- the tiny patches still left then **gather**: the largest of them (then the first) is
  a host for the others, which move next to it as above, and so on with the next;
- a tiny patch still left **grows** to three cells: a cell next to it takes the new use
  and a cell on the edge of a patch of four or more cells of the same use gives it up
  (taking a type that counts as the first cell's did, or within the room of the claims),
  where that patch stays in one piece; the others may then move next to the grown one.
  (On the demo, defensie's patches lie inside B2: no cell next to them may take a swap
  that keeps the claims, so its lone cells elsewhere could not be moved);
- with the claims given, a tiny patch still left (or the only cells of a type, fewer
  than three) grows to three cells **balanced** elsewhere: the cheapest cells next to
  it take its use and one cell on the edge of a patch of four or more of its type (or
  of a keep type) changes type so that every function stays within its claim (on the
  demo: a lone A1 cell in Gelderland, where the nature claim binds); failing that it is
  **given up**: each of its cells takes the cheapest other type it may take (a keep
  type, or the new type of a neighbour), every function staying within its claim;
- a patch is moved only while the suitability given up stays within ``budget``.

>>> import numpy as np
>>> from novex.puzzle.coherence import grid_neighbours
>>> # a 1 x 6 strip: type 0 (new) in cells 0-2 and a lone cell 5; type 1 keeps the rest
>>> a = np.array([0, 0, 0, 1, 1, 0])
>>> s = np.array([[1.0, 0.9]] * 6)
>>> s[5, 0] = 1.05  # the lone cell is slightly better for type 0
>>> out = consolidate(s, None, a, grid_neighbours(np.arange(6), (1, 6)), 1.0,
...                   np.array([True, False]), budget=1.0)
>>> out.assignment.tolist(), out.swaps, round(out.given_up, 6)
([0, 0, 0, 0, 1, 1], 1, 0.05)
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numba
import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem
    from novex.puzzle.engine.solution import Solution

__all__ = ["Consolidation", "consolidate", "consolidate_solution", "patch_labels"]

# ring of the 8 neighbours, in cyclic order: N, NE, E, SE, S, SW, W, NW
# (grid_neighbours columns: 0 north, 1 south, 2 west, 3 east)
_N, _S, _W, _E = 0, 1, 2, 3


@dataclass
class Consolidation:
    """What the consolidation pass did to one map.

    Attributes
    ----------
    assignment : (N,) int
        The map after the pass.
    swaps : int
        Swaps made; each moves one cell of a new use (``moved_ha``).
    moved_ha : float
        Hectares of new use moved (the area of the cells it left).
    given_up : float
        Suitability given up by the swaps, in suitability-hectares (the objective before
        minus after, under the suitability the pass was given).
    budget : float
        The most it was allowed to give up.
    left : int
        Tiny patches left at the end (no partner cell or donor, or over budget).
    dissolved : int
        Cells of tiny patches that could neither move nor grow and took another type
        within the room of the claims (their new use given up; see :func:`consolidate`).
    grown : int
        Cells that took a new use to grow a tiny patch no patch of its type could give
        cells to, balanced by one cell elsewhere within the room of the claims.
    exact_swaps : int
        Swaps that left every function's hectares as they were (the others use the
        room a claim leaves, see :func:`consolidate`).
    delta_ha : (F,) float
        Per function, the hectares after minus before (zero without such swaps).
    by_type : dict
        Per type index: ``swaps``, ``moved_ha`` and ``given_up``.
    """

    assignment: NDArray[np.integer]
    swaps: int = 0
    moved_ha: float = 0.0
    given_up: float = 0.0
    budget: float = 0.0
    left: int = 0
    dissolved: int = 0
    grown: int = 0
    exact_swaps: int = 0
    delta_ha: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    by_type: dict[int, dict[str, float]] = field(default_factory=dict)


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


def _simple(i: int, a: NDArray[np.integer], nb: NDArray[np.int32], u: int) -> bool:
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


def consolidate(
    suitability: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    assignment: NDArray[np.integer],
    neighbours: NDArray[np.int32],
    cell_area: NDArray[np.floating] | float,
    new: NDArray[np.bool_],
    *,
    budget: float,
    contributions: NDArray[np.floating] | None = None,
    demand_min: NDArray[np.floating] | None = None,
    demand_max: NDArray[np.floating] | None = None,
) -> Consolidation:
    """Move the tiny patches of the new types next to larger patches of the same type.

    Parameters
    ----------
    suitability : (N, T) float
        The suitability of the problem that was solved (the objective it certifies).
    allowed : (N, T) bool or None
        Which types each cell may take (None: all).
    assignment : (N,) int
        The solved map; not changed.
    neighbours : (N, 4) int
        4-neighbours per cell (:func:`novex.puzzle.coherence.grid_neighbours`).
    cell_area : float or (N,) float
        Hectares per cell; two cells swap only when their areas are equal.
    new : (T,) bool
        The new (non-keep) types, whose patches are consolidated.
    budget : float
        The most suitability-hectares the pass may give up.
    contributions : (T, F) float, optional
        Hectares per hectare of each type for each function. With it, the type the
        moved cell takes and the type the partner cell gives up need only count the
        same for every function (all keep types that count for nothing are alike), so
        every function's hectares stay exactly equal; without it they must be one type.
    demand_min, demand_max : (F,) float, optional
        The claims of the province, per function. With them (and ``contributions``),
        a tiny patch that no such exact swap can move may also be moved by a swap that
        changes a function's hectares, as long as every function stays within its
        claim (a function already outside stays where it is or comes closer); the map
        then still meets the claims the solve met.

    Returns
    -------
    Consolidation
    """
    a = np.array(assignment, dtype=np.int64, copy=True)
    n, n_types = suitability.shape
    area = np.asarray(cell_area, dtype=np.float64).ravel()
    if area.size == 1:
        area = np.full(n, float(area[0]))
    contrib = (
        np.eye(n_types) if contributions is None else np.asarray(contributions, dtype=np.float64)
    )
    bounds = None
    if demand_min is not None and demand_max is not None and contributions is not None:
        bounds = (
            np.asarray(demand_min, dtype=np.float64),
            np.asarray(demand_max, dtype=np.float64),
        )
    out = Consolidation(assignment=a, budget=float(budget), delta_ha=np.zeros(contrib.shape[1]))
    state = _Pass(suitability, allowed, a, neighbours, area, np.asarray(new, dtype=bool), contrib,
                  bounds, out)  # fmt: skip
    for t in np.flatnonzero(state.new):
        state.run_type(int(t))
    return out


_Pick = tuple[int, int, int, float]  # cell r of the tiny patch, the type r takes, partner d, cost


class _Pass:
    """The state of one consolidation pass (:func:`consolidate`): the map, the partner
    heaps of the type being consolidated and the patches of the other new types."""

    def __init__(
        self,
        s: NDArray[np.floating],
        allowed: NDArray[np.bool_] | None,
        a: NDArray[np.int64],
        nb: NDArray[np.int32],
        area: NDArray[np.float64],
        new: NDArray[np.bool_],
        contrib: NDArray[np.float64],
        bounds: tuple[NDArray[np.float64], NDArray[np.float64]] | None,
        out: Consolidation,
    ) -> None:
        self.s, self.allowed, self.a, self.nb, self.area = s, allowed, a, nb, area
        self.new, self.keep = new, ~new
        self.keep_types = [int(x) for x in np.flatnonzero(~new)]
        self.contrib, self.out = contrib, out
        n_types = s.shape[1]
        self.alike = [
            [v for v in range(n_types) if np.array_equal(contrib[u], contrib[v])]
            for u in range(n_types)
        ]
        self.bounds = bounds
        self.totals = (contrib[a] * area[:, None]).sum(axis=0)
        if bounds is not None:  # a function outside its claim may not get further out
            self.lo = np.minimum(bounds[0], self.totals)
            self.hi = np.maximum(bounds[1], self.totals)
            self.tol = 1e-9 * np.maximum(1.0, np.abs(self.totals))
        self.t = -1
        self.heaps: dict[int, list[tuple[float, int]]] = {}
        self.touched = np.zeros(a.shape[0], dtype=bool)
        self.other_lab: dict[int, NDArray[np.int64]] = {}
        self.other_size: dict[int, NDArray[np.int64]] = {}

    def may(self, i: int, t: int) -> bool:
        return self.allowed is None or bool(self.allowed[i, t])

    def patch_of(self, u: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Patch labels and sizes of new type ``u`` (kept up to date by :meth:`apply`)."""
        if u not in self.other_lab:
            lab_u = patch_labels(self.a == u, self.nb)
            self.other_lab[u] = lab_u
            self.other_size[u] = np.bincount(lab_u[lab_u >= 0])
        return self.other_lab[u], self.other_size[u]

    def push(self, i: int) -> None:
        """Offer the neighbours of cell ``i`` as partners, cheapest first per type."""
        t, a, s = self.t, self.a, self.s
        for j in (int(x) for x in self.nb[i]):
            if j < 0 or self.touched[j] or a[j] == t or not self.may(j, t):
                continue
            u = int(a[j])
            key = -(float(s[j, t]) - float(s[j, u]))
            heapq.heappush(self.heaps.setdefault(u, []), (key, j))

    def push_many(self, cells: NDArray[np.int64]) -> None:
        """:meth:`push` for many cells at once (the same entries, so the same heaps' order)."""
        t, a, s = self.t, self.a, self.s
        j = self.nb[cells].ravel()
        j = j[j >= 0]
        j = j[~self.touched[j] & (a[j] != t)]
        if self.allowed is not None:
            j = j[self.allowed[j, t]]
        u = a[j]
        key = -(s[j, t].astype(np.float64) - s[j, u].astype(np.float64))
        for v in np.unique(u).tolist():
            sel = u == v
            heap = self.heaps.setdefault(v, [])
            heap.extend(zip(key[sel].tolist(), j[sel].tolist(), strict=True))
            heapq.heapify(heap)

    def usable(self, j: int, u: int, pending: dict[tuple[int, int], int], chosen: set[int]) -> bool:
        """Cell ``j`` of type ``u`` may still take type ``t`` (see :func:`consolidate`)."""
        if self.touched[j] or j in chosen or self.a[j] != u or not self.may(j, self.t):
            return False
        if self.keep[u]:
            return True
        lab_u, size_u = self.patch_of(u)
        left = size_u[lab_u[j]] - pending.get((u, int(lab_u[j])), 0)
        return bool(left >= 4) and _simple(j, self.a, self.nb, u)

    def run_type(self, t: int) -> None:
        """Consolidate the tiny patches of new type ``t``: move them to its hosts, then
        gather the ones left at the largest of them, then grow what is still tiny."""
        mask = self.a == t
        if int(mask.sum()) < 3:  # no patch of t can ever hold three cells
            self.t = t
            self.out.left += len(self.dissolve_all(self.tiny_patches()))
            return
        lab = patch_labels(mask, self.nb)
        sizes = np.bincount(lab[mask])
        tiny = [int(x) for x in np.flatnonzero(sizes <= 2)]
        if not tiny:
            return
        self.t, self.heaps = t, {}
        self.touched[:] = False
        self.other_lab, self.other_size = {}, {}
        host = np.zeros(mask.shape[0], dtype=bool)
        host[mask] = sizes[lab[mask]] >= 3
        self.push_many(np.flatnonzero(host))
        rest = self.move_all([[int(x) for x in np.flatnonzero(lab == k)] for k in tiny])
        while len(rest) >= 2:  # the patches left gather at the largest of them
            seed = min(rest, key=lambda c: (-len(c), c[0]))
            rest.remove(seed)
            self.push_many(np.array(seed, dtype=np.int64))
            rest = self.move_all(rest)
        self.out.left += len(self.dissolve_all(self.grow_all()))

    def dissolve_all(self, patches: list[list[int]]) -> list[list[int]]:
        """With the claims given, give each tiny patch that could not move nor grow up:
        each of its cells takes another type it may take (a keep type, or the new type
        of a neighbour, so it joins that patch), the cheapest within the room of the
        claims; a patch goes whole or not at all, and only within the budget. Returns the
        patches left."""
        if self.bounds is None:
            return patches
        t, s, a = self.t, self.s, self.a
        left = []
        for cells in patches:
            if self.grow_balanced(cells):
                continue
            change = np.zeros(self.contrib.shape[1])
            picks: list[tuple[int, int, float]] = []
            for r in cells:
                options = [u for u in self.keep_types if self.may(r, u)]
                options += sorted(
                    {int(a[j]) for j in self.nb[r] if j >= 0 and a[j] != t and self.new[a[j]]}
                    - set(options)
                )
                best: tuple[float, int] | None = None
                for u in options:
                    if u == t or not self.may(r, u):
                        continue
                    after = (
                        self.totals + change + (self.contrib[u] - self.contrib[t]) * self.area[r]
                    )
                    if np.any(after < self.lo - self.tol) or np.any(after > self.hi + self.tol):
                        continue
                    cost = float(s[r, t]) - float(s[r, u])
                    if best is None or cost < best[0]:
                        best = (cost, u)
                if best is None:
                    break
                change += (self.contrib[best[1]] - self.contrib[t]) * self.area[r]
                picks.append((r, best[1], best[0] * float(self.area[r])))
            spent = sum(p[2] for p in picks)
            if len(picks) < len(cells) or self.out.given_up + spent > self.out.budget:
                left.append(cells)
                continue
            out = self.out
            row = out.by_type.setdefault(t, {"swaps": 0, "moved_ha": 0.0, "given_up": 0.0})
            for r, u, cost in picks:
                step = (self.contrib[u] - self.contrib[t]) * self.area[r]
                out.delta_ha += step
                self.totals += step
                a[r] = u
                self.touched[r] = True
                if self.new[u] and u in self.other_lab:
                    lab_u, size_u = self.other_lab[u], self.other_size[u]
                    joined = [lab_u[j] for j in self.nb[r] if j >= 0 and lab_u[j] >= 0]
                    lab_u[r] = joined[0] if joined else -1
                    if joined:
                        size_u[joined[0]] += 1
                out.dissolved += 1
                out.given_up += cost
                row["dissolved"] = row.get("dissolved", 0) + 1
                row["given_up"] += cost
        return left

    def move_all(self, patches: list[list[int]]) -> list[list[int]]:
        """Move tiny patches (lists of cells, in order) to the partners on offer: by exact
        swaps, then (with claims) the rest cheapest first by the room of the claims.
        Returns the patches not moved, in their order."""
        rest = []
        for cells in patches:
            picks = self.plan(cells, exact=True)
            if picks is None:
                rest.append(cells)
            else:
                self.apply(picks)
        if self.bounds is None or not rest:
            return rest
        costs = []  # the room of the claims: the cheapest patches first
        for cells in rest:
            picks = self.plan(cells, exact=False, dry=True)
            costs.append(np.inf if picks is None else sum(p[3] for p in picks))
        left = []
        for k in sorted(range(len(rest)), key=lambda k: (costs[k], rest[k][0])):
            picks = None if np.isinf(costs[k]) else self.plan(rest[k], exact=False)
            if picks is None:
                left.append(rest[k])
            else:
                self.apply(picks)
        return sorted(left, key=lambda c: c[0])

    def tiny_patches(self) -> list[list[int]]:
        """The tiny patches of type ``t`` now: largest first, then by first cell."""
        mask = self.a == self.t
        lab = patch_labels(mask, self.nb)
        sizes = np.bincount(lab[mask])
        patches = [[int(x) for x in np.flatnonzero(lab == k)] for k in np.flatnonzero(sizes <= 2)]
        return sorted(patches, key=lambda c: (-len(c), c[0]))

    def grow_all(self) -> list[list[int]]:
        """Grow each tiny patch still left to three cells with cells from the edge of a
        larger patch of its type (:meth:`plan_grow`); after each, the others may move to
        it. Returns the tiny patches left."""
        todo = self.tiny_patches()
        if not todo or int(np.count_nonzero(self.a == self.t)) < 4:
            return todo
        left: list[list[int]] = []
        lab_t = patch_labels(self.a == self.t, self.nb)
        while todo:
            cells = todo.pop(0)
            picks = self.plan_grow(cells, lab_t, exact=True)
            if picks is None and self.bounds is not None:
                picks = self.plan_grow(cells, lab_t, exact=False)
            if picks is None:
                left.append(cells)
                continue
            self.apply(picks)
            self.push_many(np.array(cells, dtype=np.int64))
            todo = sorted(self.move_all(left + todo), key=lambda c: (-len(c), c[0]))
            left = []
            lab_t = patch_labels(self.a == self.t, self.nb)
        return left

    def grow_balanced(self, cells: list[int]) -> bool:
        """Grow the tiny patch ``cells`` of type ``t`` to three cells where no patch of
        ``t`` can give cells up: cells next to it take ``t``, and one cell elsewhere (on
        the edge of a patch of four or more of its type, or of a keep type) changes type
        so that every function stays within its claim; the cheapest such set of the
        first few growths tried. On the demo: a lone A1 cell (nature and farming
        interwoven) where the nature claim binds. True when it was done."""
        t, s, nb, a, area = self.t, self.s, self.nb, self.a, self.area
        need = 3 - len(cells)

        def grows(d: int, taken: list[int]) -> float | None:
            u_d = int(a[d])
            if u_d == t or self.touched[d] or not self.may(d, t) or d in taken:
                return None
            if self.new[u_d]:
                lab_u, size_u = self.patch_of(u_d)
                same = sum(1 for e in taken if a[e] == u_d and lab_u[e] == lab_u[d])
                if lab_u[d] < 0 or size_u[lab_u[d]] - same < 4 or not _simple(d, a, nb, u_d):
                    return None
            return (float(s[d, u_d]) - float(s[d, t])) * float(area[d])

        sets: list[tuple[float, list[int]]] = [(0.0, [])]
        for _ in range(need):
            longer = []
            for c0, ds in sets:
                near = {int(j) for i in cells + ds for j in nb[i] if j >= 0} - set(cells)
                for d in sorted(near):
                    c = grows(d, ds)
                    if c is not None and (not ds or d > ds[-1]):
                        longer.append((c0 + c, [*ds, d]))
            sets = sorted(longer)[:24]
        if not sets:
            return False
        uniform = bool(np.all(area == area[0]))
        mine = np.zeros(a.shape[0], dtype=bool)
        for cost, ds in sets:
            change = sum(((self.contrib[t] - self.contrib[int(a[d])]) * area[d] for d in ds),
                         np.zeros(self.contrib.shape[1]))  # fmt: skip
            after = self.totals + change
            fix: tuple[float, int, int] | None = None  # (cost, cell r, type it takes)
            if np.any(after < self.lo - self.tol) or np.any(after > self.hi + self.tol):
                mine[:] = False
                mine[cells + ds] = True
                fix = self._balance(after, mine, uniform)
                if fix is None:
                    continue
                cost += fix[0]
            if self.out.given_up + cost > self.out.budget:
                continue
            self._make_grow(ds, fix, cost)
            return True
        return False

    def _balance(
        self, after: NDArray[np.float64], mine: NDArray[np.bool_], uniform: bool
    ) -> tuple[float, int, int] | None:
        """The cheapest one-cell change (cost, cell, type) that brings the function
        totals ``after`` back within the claims, or None."""
        t, s, nb, a, area = self.t, self.s, self.nb, self.a, self.area
        n_types = s.shape[1]
        fix: tuple[float, int, int] | None = None
        for v in range(n_types):
            if v == t:
                continue
            for w in range(n_types):
                if w in (v, t):
                    continue
                if uniform:
                    moved = after + (self.contrib[w] - self.contrib[v]) * area[0]
                    if np.any(moved < self.lo - self.tol) or np.any(moved > self.hi + self.tol):
                        continue
                cand = np.flatnonzero((a == v) & ~self.touched & ~mine)
                if self.allowed is not None:
                    cand = cand[self.allowed[cand, w]]
                if self.new[v] and cand.size:
                    lab_v, size_v = self.patch_of(v)
                    cand = cand[(lab_v[cand] >= 0) & (size_v[np.maximum(lab_v[cand], 0)] >= 4)]
                if self.new[w] and cand.size:  # r joins a patch of w
                    nbc = nb[cand]
                    cand = cand[np.any((nbc >= 0) & (a[np.where(nbc < 0, 0, nbc)] == w), axis=1)]
                if not uniform and cand.size:
                    moved = after + (self.contrib[w] - self.contrib[v]) * area[cand, None]
                    ok = np.all(moved >= self.lo - self.tol, axis=1)
                    cand = cand[ok & np.all(moved <= self.hi + self.tol, axis=1)]
                if cand.size == 0:
                    continue
                c_r = (s[cand, v] - s[cand, w]).astype(np.float64) * area[cand]
                for k in np.argsort(c_r, kind="stable"):
                    if fix is not None and c_r[k] >= fix[0]:
                        break
                    r = int(cand[k])
                    if not self.new[v] or _simple(r, a, nb, v):
                        fix = (float(c_r[k]), r, w)
                        break
        return fix

    def _make_grow(self, ds: list[int], fix: tuple[float, int, int] | None, cost: float) -> None:
        """Apply a balanced growth of :meth:`grow_balanced`."""
        t, a, out = self.t, self.a, self.out
        row = out.by_type.setdefault(t, {"swaps": 0, "moved_ha": 0.0, "given_up": 0.0})
        changes = [(d, t) for d in ds] + ([] if fix is None else [(fix[1], fix[2])])
        for i, u in changes:
            u_old = int(a[i])
            step = (self.contrib[u] - self.contrib[u_old]) * self.area[i]
            out.delta_ha += step
            self.totals += step
            a[i] = u
            self.touched[i] = True
            for v in (u_old, u):
                if self.new[v] and v != t:
                    self.other_lab.pop(v, None)  # labelled again when next needed
                    self.other_size.pop(v, None)
        out.grown += len(ds)
        out.given_up += cost
        row["grown"] = row.get("grown", 0) + len(ds)
        row["given_up"] += cost

    def plan_grow(
        self, cells: list[int], lab_t: NDArray[np.int64], exact: bool
    ) -> list[_Pick] | None:
        """Swaps that grow the tiny patch ``cells`` of type ``t`` to three cells, or None.

        Each swap gives ``t`` to a cell ``d`` next to the patch and takes it from a donor
        ``r`` on the edge of a patch of ``t`` of four cells or more, which keeps three or
        more and stays in one piece (the simple-point test); ``r`` takes a type ``u``
        that counts as ``d``'s did (or, not ``exact``, any type within the room of the
        claims): a keep type, or a new type of one of its neighbours. The cheapest swap
        first; ties to the lowest cells.
        """
        t, s, nb, a = self.t, self.s, self.nb, self.a
        work = a.copy()
        size_t = np.bincount(lab_t[lab_t >= 0])
        donors = np.flatnonzero((lab_t >= 0) & ~self.touched)
        donors = donors[size_t[lab_t[donors]] >= 4]
        nbd = nb[donors]
        edge = np.any((nbd < 0) | (a[np.where(nbd < 0, 0, nbd)] != t), axis=1)
        donors, nbd = donors[edge], nbd[edge]
        if donors.size == 0:
            return None
        picks: list[_Pick] = []
        grown = list(cells)
        chosen: set[int] = set()
        taken: dict[int, int] = {}  # donor patch label -> cells taken
        pending: dict[tuple[int, int], int] = {}
        change = np.zeros(self.contrib.shape[1])
        n_types = s.shape[1]
        for _ in range(3 - len(cells)):
            partners = sorted(
                {int(j) for i in grown for j in nb[i] if j >= 0 and work[j] != t} - chosen
            )
            best: tuple[float, int, int, int, int] | None = None
            for d in partners:
                u_d = int(work[d])
                if self.touched[d] or not self.may(d, t):
                    continue
                if self.new[u_d]:
                    lab_u, size_u = self.patch_of(u_d)
                    left_u = size_u[lab_u[d]] - pending.get((u_d, int(lab_u[d])), 0)
                    if lab_u[d] < 0 or left_u < 4 or not _simple(d, work, nb, u_d):
                        continue
                gain_d = float(s[d, t]) - float(s[d, u_d])
                ok_r = (work[donors] == t) & (self.area[donors] == self.area[d])
                ok_r &= ~np.isin(donors, list(chosen)) if chosen else True
                for u in self.alike[u_d] if exact else range(n_types):
                    if u == t or (not exact and u in self.alike[u_d]):
                        continue
                    if not exact:
                        after = (
                            self.totals
                            + change
                            + (self.contrib[u] - self.contrib[u_d]) * self.area[d]
                        )
                        if np.any(after < self.lo - self.tol) or np.any(after > self.hi + self.tol):
                            continue
                    ok = ok_r.copy()
                    if self.allowed is not None:
                        ok &= self.allowed[donors, u]
                    if self.new[u]:  # r joins a patch of u
                        ok &= np.any((nbd >= 0) & (work[np.where(nbd < 0, 0, nbd)] == u), axis=1)
                    idx = np.flatnonzero(ok)
                    if idx.size == 0:
                        continue
                    cost = (s[donors[idx], t] - s[donors[idx], u]).astype(np.float64) - gain_d
                    for k in idx[np.argsort(cost, kind="stable")]:
                        r = int(donors[k])
                        c = float(s[r, t]) - float(s[r, u]) - gain_d
                        if best is not None and c >= best[0]:
                            break
                        label = int(lab_t[r])
                        if size_t[label] - taken.get(label, 0) >= 4 and _simple(r, work, nb, t):
                            best = (c, u, u_d, d, r)
                            break
            if best is None:
                return None
            cost, u, u_d, d, r = best
            work[r], work[d] = u, t
            chosen.update((r, d))
            taken[int(lab_t[r])] = taken.get(int(lab_t[r]), 0) + 1
            if self.new[u_d]:
                key = (u_d, int(self.patch_of(u_d)[0][d]))
                pending[key] = pending.get(key, 0) + 1
            change += (self.contrib[u] - self.contrib[u_d]) * self.area[d]
            picks.append((r, u, d, float(cost * self.area[d])))
            grown.append(d)
        if self.out.given_up + sum(p[3] for p in picks) > self.out.budget:
            return None
        return picks

    def best(
        self, r: int, exact: bool, change: NDArray[np.float64], pending: dict[tuple[int, int], int],
        chosen: set[int],
    ) -> tuple[float, int, int, int] | None:  # fmt: skip
        """The cheapest (cost, type r takes, type d gives up, partner d) for cell ``r``."""
        a, t, s = self.a, self.t, self.s
        options = [u for u in self.keep_types if self.may(r, u)]
        options += sorted(
            {int(a[j]) for j in self.nb[r] if j >= 0 and a[j] != t and self.new[a[j]]}
            - set(options)
        )
        best: tuple[float, int, int, int] | None = None
        for u_r in options:
            if not self.may(r, u_r):
                continue
            for u_d in self.alike[u_r] if exact else range(s.shape[1]):
                heap = self.heaps.get(u_d)
                if not heap or (not exact and u_d in self.alike[u_r]):
                    continue
                if not exact:  # the function totals must stay within the claims
                    after = (
                        self.totals
                        + change
                        + (self.contrib[u_r] - self.contrib[u_d]) * self.area[r]
                    )
                    if np.any(after < self.lo - self.tol) or np.any(after > self.hi + self.tol):
                        continue
                while heap and not (
                    self.usable(heap[0][1], u_d, pending, chosen)
                    and self.area[heap[0][1]] == self.area[r]
                ):
                    heapq.heappop(heap)
                if not heap:
                    continue
                key, d = heap[0]
                cost = (float(s[r, t]) - float(s[r, u_r])) + key
                if best is None or cost < best[0]:
                    best = (cost, u_r, u_d, d)
        return best

    def plan(self, cells: list[int], exact: bool, dry: bool = False) -> list[_Pick] | None:
        """The cheapest partner for every cell of a tiny patch, or None (nothing taken).

        ``dry``: only price the patch; every partner stays on offer."""
        picks: list[_Pick] = []
        taken: list[tuple[int, tuple[float, int]]] = []
        pending: dict[tuple[int, int], int] = {}
        chosen: set[int] = set()
        change = np.zeros(self.contrib.shape[1])
        for r in cells:
            best = self.best(r, exact, change, pending, chosen)
            if best is None:
                break
            cost, u_r, u_d, d = best
            taken.append((u_d, heapq.heappop(self.heaps[u_d])))
            chosen.add(d)
            if self.new[u_d]:
                key = (u_d, int(self.patch_of(u_d)[0][d]))
                pending[key] = pending.get(key, 0) + 1
            change += (self.contrib[u_r] - self.contrib[u_d]) * self.area[r]
            picks.append((r, u_r, d, float(cost * self.area[r])))
        spent = sum(p[3] for p in picks)
        failed = len(picks) < len(cells) or self.out.given_up + spent > self.out.budget
        if failed or dry:
            for u_d, entry in taken:  # put the partners back
                heapq.heappush(self.heaps[u_d], entry)
        return None if failed else picks

    def apply(self, picks: list[_Pick]) -> None:
        """Make the swaps of one tiny patch and offer the new edge cells as partners."""
        a, t, out = self.a, self.t, self.out
        for r, u_r, d, cost in picks:
            u_d = int(a[d])
            step = (self.contrib[u_r] - self.contrib[u_d]) * self.area[r]
            out.delta_ha += step
            self.totals += step
            a[r], a[d] = u_r, t
            self.touched[r] = self.touched[d] = True
            for u, gone, came in ((u_d, d, -1), (u_r, -1, r)):
                if not self.new[u] or u not in self.other_lab:
                    continue
                lab_u, size_u = self.other_lab[u], self.other_size[u]
                if gone >= 0:
                    size_u[lab_u[gone]] -= 1
                    lab_u[gone] = -1
                if came >= 0:
                    joined = [lab_u[j] for j in self.nb[came] if j >= 0 and lab_u[j] >= 0]
                    lab_u[came] = joined[0] if joined else -1
                    if joined:
                        size_u[joined[0]] += 1
            out.swaps += 1
            out.exact_swaps += int(u_d in self.alike[u_r])
            out.moved_ha += float(self.area[r])
            out.given_up += cost
            row = out.by_type.setdefault(t, {"swaps": 0, "moved_ha": 0.0, "given_up": 0.0})
            row["swaps"] += 1
            row["moved_ha"] += float(self.area[r])
            row["given_up"] += cost
        for pick in picks:
            self.push(pick[2])


def consolidate_solution(
    problem: Problem,
    solution: Solution,
    neighbours: NDArray[np.int32],
    new: NDArray[np.bool_],
    *,
    budget: float,
    keep_status: bool = True,
    claim_room: bool = True,
    gap_tolerance: float = 1e-6,
) -> Solution:
    """Run :func:`consolidate` on a solved problem; the solution of the map it leaves.

    ``budget`` is relative to the objective (1e-4: at most 0.01 % of it). With
    ``keep_status`` the pass also stays within what the certificate's integrality
    allowance leaves (``solution.info["integrality_allowance"]`` minus the gap in
    suitability-hectares), so the status the solve earned stays. With ``claim_room`` it
    may use the room a claim leaves (see :func:`consolidate`).

    The dual bound and the prices are the solve's: the map still meets every claim the
    solve met (the types' areas are unchanged, or every function stays within its
    claim), so the bound is still an upper bound for it. The objective, gap and status
    are computed again for the new map (the status by the rules of
    :class:`~novex.puzzle.engine.solution.SolveStatus`; a solve that fell short stays
    ``elastic``). ``info["consolidation"]`` holds what the pass did: ``swaps``,
    ``exact_swaps``, ``moved_ha``, ``given_up``, ``budget``, ``left``, ``delta_ha`` (per
    function) and ``by_type`` (per type id), and ``seconds``.
    """
    import time
    from dataclasses import replace

    from novex.puzzle.engine.solution import SolveStatus

    t0 = time.perf_counter()
    s = problem.suitability
    area = problem.cell_area
    limit = float(budget) * abs(float(solution.objective))
    allowance = float(solution.info.get("integrality_allowance", np.inf))
    if keep_status and np.isfinite(allowance):
        room = allowance - (float(solution.dual_bound) - float(solution.objective))
        limit = min(limit, max(room, 0.0))
    lo = hi = None
    if claim_room and problem.n_regions == 1:
        lo = np.maximum(problem.demand_min[0] - solution.shortfall[0], 0.0)
        hi = problem.demand_max[0] + solution.excess[0]
    result = consolidate(
        s,
        problem.allowed,
        np.asarray(solution.assignment),
        neighbours,
        area,
        new,
        budget=limit,
        contributions=problem.contributions,
        demand_min=lo,
        demand_max=hi,
    )
    assign = result.assignment.astype(np.asarray(solution.assignment).dtype)
    rows = np.arange(assign.shape[0])
    cell_area = area if area.shape[0] == assign.shape[0] else np.full(assign.shape[0], area[0])
    objective = float((s[rows, assign].astype(np.float64) * cell_area).sum())
    bound = float(solution.dual_bound)
    gap = (bound - objective) / abs(bound) if bound != 0 else 0.0
    gap = max(gap, 0.0) if gap > -1e-12 else gap
    status: SolveStatus
    if solution.status in (SolveStatus.ELASTIC, SolveStatus.INFEASIBLE):
        status = solution.status
    elif gap <= 1e-9:
        status = SolveStatus.OPTIMAL
    elif gap <= gap_tolerance:
        status = SolveStatus.WITHIN_GAP
    elif bound - objective <= allowance:
        status = SolveStatus.WITHIN_INTEGRALITY
    else:
        status = SolveStatus.ABOVE_GAP
    allocated = solution.allocated
    if result.swaps > result.exact_swaps or result.dissolved or result.grown:
        type_area = np.zeros((problem.n_regions, problem.n_types))
        np.add.at(type_area, (problem.region, assign), cell_area)
        allocated = type_area @ problem.contributions
        shortfall = np.maximum(problem.demand_min - allocated, 0.0)
        excess = np.maximum(allocated - problem.demand_max, 0.0)
        scale = max(1.0, float(np.max(problem.demand_min, initial=0.0)))
        shortfall[shortfall < 1e-9 * scale] = 0.0
        excess[excess < 1e-9 * scale] = 0.0
    else:
        shortfall, excess = solution.shortfall, solution.excess
    names = problem.type_names
    info = {
        **solution.info,
        "consolidation": {
            "swaps": result.swaps,
            "exact_swaps": result.exact_swaps,
            "moved_ha": result.moved_ha,
            "given_up": result.given_up,
            "budget": result.budget,
            "left": result.left,
            "dissolved": result.dissolved,
            "grown": result.grown,
            "delta_ha": dict(zip(problem.function_names, result.delta_ha.tolist(), strict=True)),
            "by_type": {names[t]: row for t, row in result.by_type.items()},
            "objective_before": float(solution.objective),
            "status_before": str(solution.status),
            "seconds": time.perf_counter() - t0,
        },
    }
    return replace(
        solution,
        assignment=assign,
        objective=objective,
        gap=float(gap),
        status=status,
        allocated=allocated,
        shortfall=shortfall,
        excess=excess,
        info=info,
    )
