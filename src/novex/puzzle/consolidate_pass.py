"""The state and moves of one consolidation pass (:func:`novex.puzzle.consolidate.consolidate`):
moving, gathering, growing and giving up the tiny patches of one new type."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.patches import patch_labels, simple_point

if TYPE_CHECKING:
    from novex.puzzle.consolidate import Consolidation

__all__ = ["PassState"]

_Pick = tuple[int, int, int, float]  # cell r of the tiny patch, the type r takes, partner d, cost


class PassState:
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

    def breaks_claims(self, totals: NDArray[np.float64]) -> bool:
        """Whether function totals ``totals`` leave a claim's bounds (beyond the tolerance)."""
        return bool(np.any(totals < self.lo - self.tol) or np.any(totals > self.hi + self.tol))

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
        return bool(left >= 4) and simple_point(j, self.a, self.nb, u)

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
                    if self.breaks_claims(after):
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
                if lab_u[d] < 0 or size_u[lab_u[d]] - same < 4 or not simple_point(d, a, nb, u_d):
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
            if self.breaks_claims(after):
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
        free = ~self.touched & ~mine
        for v in range(n_types):
            if v == t:
                continue
            of_v: NDArray[np.int64] | None = None  # the cells of v that may change
            for w in range(n_types):
                if w in (v, t):
                    continue
                if uniform:
                    moved = after + (self.contrib[w] - self.contrib[v]) * area[0]
                    if self.breaks_claims(moved):
                        continue
                if of_v is None:  # the same for every w: found once per v
                    of_v = np.flatnonzero((a == v) & free)
                cand = of_v
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
                    if not self.new[v] or simple_point(r, a, nb, v):
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
                    if lab_u[d] < 0 or left_u < 4 or not simple_point(d, work, nb, u_d):
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
                        if self.breaks_claims(after):
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
                        if size_t[label] - taken.get(label, 0) >= 4 and simple_point(
                            r, work, nb, t
                        ):
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
                    if self.breaks_claims(after):
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
