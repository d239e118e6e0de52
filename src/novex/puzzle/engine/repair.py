"""Whole-cell repair of the claims a rounding MIP left short: single cell moves, no MIP.

On tie-heavy data a small rounding MIP can stop at its node limit with a whole-cell map
that misses a claim by a fraction of a cell, and the larger neighbourhoods after it cost
minutes (the 2050 demo scenarios, docs/performance.md "Scenarios"). Usually one or two
cells moved to another allowed type close the gap: a claim has room on its other side or
another claim has room. :func:`repair_claims` makes such moves greedily, each the one that
lowers the claims' total violation most and, among those, loses the least suitability;
it stops when every claim holds or after ``max_moves`` moves. It is deterministic (ties
go to the lowest cell, then the lowest type) and never makes the violation larger.

What the moves give up is not hidden: the certificate compares the final map's
suitability with the LP bound (the gap), and a claim still short is reported as such.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.search import CellView

__all__ = ["repair_claims"]

logger = logging.getLogger(__name__)

_TOL = 1e-6
"""Violation (hectares, summed over the claims) counted as none, as the rounding MIP's slack."""


def _violation(
    got: NDArray[np.float64], lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Hectares below the lower and above the upper bounds, summed over the last axis."""
    below = np.maximum(lower - got, 0.0)
    above = np.maximum(got - upper, 0.0)
    return np.asarray((below + above).sum(axis=-1), dtype=np.float64)


def repair_claims(
    view: CellView,
    region: int,
    cells: NDArray[np.int64],
    cell_type: NDArray[np.int64],
    held_alloc: NDArray[np.float64],
    *,
    max_moves: int,
) -> tuple[NDArray[np.int64], float, float]:
    """Move single cells of ``cells`` to other allowed types until the claims hold.

    Parameters
    ----------
    view : CellView
        The problem's cells; its ``lower``/``upper`` rows are the claims.
    region : int
        The region whose claims are repaired.
    cells : (K,) int
        The region's cells that may move (global indices into ``view``).
    cell_type : (K,) int
        Their whole types now; not changed (a copy is returned).
    held_alloc : (T,) float
        Hectares per type of the region's other cells (fixed).
    max_moves : int
        At most this many cells are moved.

    Returns
    -------
    (cell_type, violation, loss)
        The repaired types, the claims' violation left (hectares, 0 when every claim
        holds) and the suitability-hectares the moves gave up.
    """
    c = view.contributions
    n_types = c.shape[0]
    lower = view.lower[region]
    upper = view.upper[region]
    types = cell_type.astype(np.int64).copy()
    area = view.area_of(cells)
    s = np.asarray(view.s[cells], dtype=np.float64)
    allowed = (
        np.ones((cells.shape[0], n_types), dtype=bool)
        if view.allowed is None
        else view.allowed[cells].astype(bool)
    )
    got = (held_alloc + np.bincount(types, weights=area, minlength=n_types)) @ c
    viol = float(_violation(got, lower, upper))
    areas, area_idx = np.unique(area, return_inverse=True)
    # hectares per claim a move from type t to type u adds, per distinct cell area
    delta = areas[:, None, None, None] * (c[None, None, :, :] - c[None, :, None, :])
    loss_total = 0.0
    moves = 0
    rows = np.arange(cells.shape[0])
    while viol > _TOL and moves < max_moves:
        loss = area[:, None] * (s[rows, types][:, None] - s)  # (K, T)
        loss[~allowed] = np.inf
        loss[rows, types] = np.inf
        # the cheapest cell per (area, current type) group and new type
        group = area_idx * n_types + types
        order = np.lexsort((rows, group))
        g_sorted = group[order]
        starts = np.flatnonzero(np.r_[True, g_sorted[1:] != g_sorted[:-1]])
        ends = np.r_[starts[1:], order.shape[0]]
        best = np.minimum.reduceat(loss[order], starts, axis=0)  # (G, T)
        g_ids = g_sorted[starts]
        # the move kinds: (group, new type) with a cell that may move
        kg, ku = np.nonzero(np.isfinite(best))
        if kg.shape[0] == 0:
            break
        kd = delta[g_ids[kg] // n_types, g_ids[kg] % n_types, ku]  # (M, F)
        kl = best[kg, ku]
        # one move, or two moves of two cells (a chain: one claim's room passed on)
        one = _violation(got + kd, lower, upper)
        two = _violation(got + kd[:, None, :] + kd[None, :, :], lower, upper)  # (M, M)
        two_loss = kl[:, None] + kl[None, :]
        big = (ends - starts)[kg] >= 2
        same = kg[:, None] == kg[None, :]
        two[np.triu(np.ones_like(same), 0) | (same & ~big[:, None])] = np.inf
        if moves + 2 > max_moves:
            two[:] = np.inf
        v1, v2 = float(one.min()), float(two.min())
        lowest = min(v1, v2)
        if not lowest < viol - 1e-9:
            break
        # among the options that lower the violation most, the one that loses least
        l1 = np.where(one <= lowest + 1e-9, kl, np.inf)
        l2 = np.where(two <= lowest + 1e-9, two_loss, np.inf)
        if float(l1.min()) <= float(l2.min()):
            picks = [int(np.argmin(l1))]
        else:
            i, j = np.unravel_index(int(np.argmin(l2)), l2.shape)
            picks = [int(i), int(j)]
        taken: list[int] = []
        for m in picks:
            members = order[starts[kg[m]] : ends[kg[m]]]
            col = loss[members, ku[m]].copy()
            col[np.isin(members, taken)] = np.inf
            k = int(members[int(np.argmin(col))])
            taken.append(k)
            u, t = int(ku[m]), int(types[k])
            loss_total += float(loss[k, u])
            got = got + area[k] * (c[u] - c[t])
            types[k] = u
            moves += 1
        viol = float(_violation(got, lower, upper))
    logger.debug(
        "region %d: repair moved %d cells, violation left %.4g ha, suitability given up %.4g",
        region,
        moves,
        viol,
        loss_total,
    )
    return types, (0.0 if viol <= _TOL else viol), loss_total
