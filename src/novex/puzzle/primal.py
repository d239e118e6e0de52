"""From the LP relaxation to one whole type per cell.

A basic LP optimum has at most about F fractional cells per region. Those cells,
together with the contested cells of smallest margin around them, go into a small
MIP (HiGHS) with the claims left after every other cell is fixed; so every claim still
holds exactly and the suitability lost to integrality is tiny. If that neighbourhood
is too small to be feasible, it grows, up to every contested cell with all its
allowed types.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.restricted import solve_pairs
from novex.puzzle.search import CellView, SearchResult

__all__ = ["round_assignment"]

logger = logging.getLogger(__name__)

_FRAC_TOL = 1e-7
_MIP_TIME = 60.0


def round_assignment(
    view: CellView,
    result: SearchResult,
    region_names: tuple[str, ...],
    *,
    penalty: float | None = None,
) -> tuple[NDArray[np.int16], int]:
    """Integral assignment meeting every claim; returns it and the number of fractional cells.

    With ``penalty`` (elastic mode), a claim that whole cells cannot meet may fall
    short at that cost per hectare instead of raising.
    """
    assign = result.assign
    c = view.contributions
    n_types = c.shape[0]
    n_frac_total = 0
    for r, rp in enumerate(result.regions):
        k = rp.cells.shape[0]
        if k == 0:
            continue
        loc, typ = rp.pairs()
        x = rp.x
        cell_type = np.full(k, -1, dtype=np.int64)
        take = x > 0.5
        cell_type[loc[take]] = typ[take]
        frac = np.zeros(k, dtype=bool)
        frac[loc[(x > _FRAC_TOL) & (x < 1 - _FRAC_TOL)]] = True
        frac |= cell_type < 0
        n_frac = int(frac.sum())
        n_frac_total += n_frac
        if n_frac == 0:
            assign[rp.cells] = cell_type.astype(np.int16)
            continue
        margin = result.last.margin[rp.cells]
        by_margin = np.argsort(np.where(frac, -np.inf, margin), kind="stable")
        size = n_frac + max(64, 20 * n_frac)
        all_types = False
        while True:
            free = np.zeros(k, dtype=bool)
            free[by_margin[: min(k, size)]] = True
            free |= frac
            held = ~free
            held_alloc = result.held_alloc[r] + np.bincount(
                cell_type[held], weights=view.area_of(rp.cells[held]), minlength=n_types
            )
            fixed = held_alloc @ c
            free_idx = np.flatnonzero(free)
            if all_types:
                inc = (
                    np.ones((free_idx.shape[0], n_types), dtype=bool)
                    if view.allowed is None
                    else view.allowed[rp.cells[free_idx]]
                )
            else:
                inc = rp.include[free_idx]
            pl, pt = np.nonzero(inc)
            out = solve_pairs(
                pl.astype(np.int64),
                pt.astype(np.int64),
                view.area_of(rp.cells[free_idx]),
                view.s[rp.cells[free_idx[pl]], pt].astype(np.float64),
                c,
                view.lower[r] - fixed,
                view.upper[r] - fixed,
                integer=True,
                time_limit=_MIP_TIME,
                penalty=penalty if size >= k and all_types else None,
            )
            if np.isfinite(out.objective):
                chosen = out.x > 0.5
                cell_type[free_idx[pl[chosen]]] = pt[chosen]
                break
            if size >= k and all_types:
                raise InfeasibleClaimsError(
                    f"{region_names[r]}: the claims fit only if some cells are split between "
                    "types; no whole-cell allocation meets them. Loosen a claim slightly or "
                    "solve with elastic=True.",
                    conflicts=[{"region": region_names[r], "functions": [], "kind": "integer"}],
                )
            if size >= k:
                all_types = True
            size = min(k, 4 * size)
        logger.debug("region %d: %d fractional cells rounded in a %d-cell MIP", r, n_frac, size)
        assign[rp.cells] = cell_type.astype(np.int16)
    return assign, n_frac_total
