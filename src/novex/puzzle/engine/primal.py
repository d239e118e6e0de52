"""From the LP relaxation to one whole type per cell.

The restricted LPs run on classes of interchangeable cells (:mod:`novex.puzzle.engine.classes`);
a basic LP optimum has at most about F classes per region whose counts per type are not
whole. Those classes, together with the contested classes of smallest margin, go into a
small MIP (HiGHS, whole counts per class and type) with the claims left after every
other cell is fixed; so every claim still holds exactly. The MIP stops as soon as its
incumbent is within an absolute tolerance tied to the certificate tolerance (a tenth of
the allowed gap), or at a node limit with its best incumbent; each (class, type) count
first stays within two cells of the LP's count. If the neighbourhood is too small to
be feasible, it grows, up to every contested cell with all its allowed types (that last
MIP only up to 20,000 pairs: bounded work). In elastic mode a MIP whose whole-cell answer
falls short (by a fraction of a cell, on tie-heavy data) is first repaired by a few cell
moves (:mod:`novex.puzzle.engine.repair`); if that does not meet every claim, the least
short answer of this first neighbourhood is kept and its shortfall reported, with no
larger MIP (those cost minutes on the 2050 demo scenarios and found no less short
answer). No clock decides anything here: a time limit would give another map on a
busier machine.
"""

from __future__ import annotations

import logging

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.engine.classes import CellClasses, cell_classes, spread_counts
from novex.puzzle.engine.repair import repair_claims
from novex.puzzle.engine.restricted import solve_pairs
from novex.puzzle.engine.search import CellView, RegionPairs, SearchResult

__all__ = ["round_assignment"]

logger = logging.getLogger(__name__)

_FRAC_TOL = 1e-7
_MIP_NODES = 200
"""Branch-and-bound nodes per rounding MIP: on tie-heavy data whole cells cannot reach the
LP bound, so the MIP could branch for minutes proving it; its incumbent after this many
nodes is kept (a node limit, unlike a time limit, gives the same map on any machine)."""
_MIN_FREE = 64
"""The fewest contested classes a rounding MIP gets, fractional or not (smallest margin
first). On the demo a MIP over 64 or 256 such classes finds the same objective in every
province; the larger one spends seconds more at HiGHS' root."""
_FREE_PER_FRAC = 20
"""Contested classes per fractional class that a rounding MIP gets at least."""
_WINDOW = 2
"""A rounding MIP first keeps every (class, type) count within this many cells of the
LP's count: whole cells need only a few cells moved off the LP optimum, and on tie-heavy
data (classes of thousands of cells) the unbounded counts make HiGHS spend seconds at the
root (cuts, sub-MIPs) for the same answer. Without a whole-cell answer in the window the
MIP runs again without it."""
_WINDOW_NODES = 1
"""Branch-and-bound nodes of the windowed rounding MIP: its root only (its incumbent comes
from the root on the demo data, where 50 nodes gave the same objective in every province
at up to twice the time; more nodes only try to prove what whole cells cannot reach).
Without a whole-cell answer at the root, the MIP runs again without the window."""
_MAX_MIP_PAIRS = 20_000
"""The rounding MIP over every allowed type of the contested cells (the last resort when
whole cells cannot meet the claims with the types the LP uses) is not attempted above
this many (class, type) pairs: HiGHS can run for many minutes on it.
Elastic mode then keeps the least short whole-cell answer found (its shortfall is
reported); strict mode raises."""
_REPAIR_MOVES = 64
"""Single-cell moves :func:`~novex.puzzle.engine.repair.repair_claims` may make to close
the claims a rounding MIP left short (elastic mode) before a larger neighbourhood is tried;
it gives up at most this many cells' area times the suitability range, and the
certificate's gap states what it gave up."""
_MAX_MIP_CLASSES = 2_000
"""Elastic mode rounds more fractional classes than this by largest remainder, not a MIP."""


def _lp_cell_types(rp: RegionPairs, n_types: int) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Whole types of the cells in classes with whole LP counts; the fractional classes."""
    k = rp.cells.shape[0]
    cls = rp.classes
    counts = rp.class_counts
    if cls is None or counts is None:  # no LP was solved here
        loc, typ = rp.pairs()
        cls = CellClasses(np.arange(k), np.arange(k), np.ones(k, dtype=np.int64))
        counts = np.zeros((k, n_types))
        counts[loc, typ] = rp.x
    whole = np.rint(counts)
    tol = _FRAC_TOL * np.maximum(1.0, cls.count)[:, None]
    frac = np.any(np.abs(counts - whole) > tol, axis=1) | (whole.sum(axis=1) != cls.count)
    whole[frac] = 0.0
    whole[frac, 0] = cls.count[frac]
    cell_type = spread_counts(cls, whole.astype(np.int64), n_types)
    cell_type[frac[cls.inverse]] = -1
    rp.classes = cls
    return cell_type, frac


def _window_bounds(
    rp: RegionPairs,
    cls: CellClasses,
    local: NDArray[np.int64],
    sizes: NDArray[np.int64],
    pl: NDArray[np.intp],
    pt: NDArray[np.intp],
    window: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
    """Bounds per (class, type) pair of a rounding MIP: the LP count rounded down minus
    ``window``, rounded up plus ``window`` (within 0 and the class size).

    ``local`` is a member (local cell index) of each MIP class; None when a MIP class is
    not one of the LP's classes (then the MIP runs without the window).
    """
    counts = rp.class_counts
    if counts is None:
        return None
    lp_class = cls.inverse[local]
    if not np.array_equal(cls.count[lp_class], sizes):
        return None
    x = counts[lp_class[pl], pt]
    size = sizes[pl].astype(np.float64)
    lower = np.clip(np.floor(x + _FRAC_TOL) - window, 0.0, size)
    upper = np.clip(np.ceil(x - _FRAC_TOL) + window, 0.0, size)
    return lower, upper


def _largest_remainder(counts: NDArray[np.float64], sizes: NDArray[np.int64]) -> NDArray[np.int64]:
    """Whole counts per (class, type) that keep each class's size: floor, then the largest
    fractional parts (ties to the lowest type index) take the remaining cells."""
    counts = np.clip(counts, 0.0, None)
    base = np.floor(counts).astype(np.int64)
    rest = sizes - base.sum(axis=1)
    frac = counts - base
    order = np.argsort(-frac, axis=1, kind="stable")
    n_types = counts.shape[1]
    take = np.arange(n_types)[None, :] < rest[:, None]
    add = np.zeros_like(base)
    np.put_along_axis(add, order, take.astype(np.int64), axis=1)
    return base + add


def round_assignment(
    view: CellView,
    result: SearchResult,
    region_names: tuple[str, ...],
    *,
    penalty: float | None = None,
    abs_gap: float | None = None,
) -> tuple[NDArray[np.int16], int]:
    """Integral assignment meeting every claim; returns it and the number of fractional classes.

    With ``penalty`` (elastic mode), a claim that whole cells cannot meet may fall
    short at that cost per hectare instead of raising. ``abs_gap`` is the suitability
    (summed over regions) the MIPs may leave on the table.
    """
    assign = result.assign
    c = view.contributions
    n_types = c.shape[0]
    n_frac_total = 0
    busy = max(1, sum(1 for rp in result.regions if rp.cells.shape[0]))
    gap_r = None if abs_gap is None else abs_gap / busy
    for r, rp in enumerate(result.regions):
        k = rp.cells.shape[0]
        if k == 0:
            continue
        cell_type, frac_c = _lp_cell_types(rp, n_types)
        cls = rp.classes
        assert cls is not None
        n_frac = int(frac_c.sum())
        n_frac_total += n_frac
        if n_frac == 0:
            assign[rp.cells] = cell_type.astype(np.int16)
            continue
        if penalty is not None and n_frac > _MAX_MIP_CLASSES and rp.class_counts is not None:
            # elastic mode on tie-heavy data: a rounding MIP this large can spend minutes in
            # HiGHS presolve; round the LP counts per class instead (any claim this leaves
            # short by a few cells is reported as shortfall, and the gap says what it costs)
            whole = _largest_remainder(rp.class_counts, cls.count.astype(np.int64))
            assign[rp.cells] = spread_counts(cls, whole, n_types).astype(np.int16)
            logger.info("region %d: %d fractional classes rounded by largest remainder", r, n_frac)
            continue
        margin = result.last.margin[rp.cells[cls.first]]
        by_margin = np.argsort(np.where(frac_c, -np.inf, margin), kind="stable")
        size = n_frac + max(_MIN_FREE, _FREE_PER_FRAC * n_frac)
        all_types = False
        window = _WINDOW if rp.class_counts is not None else 0
        best: tuple[float, NDArray[np.int64], NDArray[np.int64]] | None = None
        while True:
            free_c = np.zeros(cls.n, dtype=bool)
            free_c[by_margin[: min(cls.n, size)]] = True
            free = free_c[cls.inverse]
            held = ~free
            held_alloc = result.held_alloc[r] + np.bincount(
                cell_type[held], weights=view.area_of(rp.cells[held]), minlength=n_types
            )
            fixed = held_alloc @ c
            free_idx = np.flatnonzero(free)
            free_cells = rp.cells[free_idx]
            if all_types:
                inc = (
                    np.ones((free_idx.shape[0], n_types), dtype=bool)
                    if view.allowed is None
                    else view.allowed[free_cells].astype(bool)
                )
            else:
                inc = rp.include[free_idx]
            sub = cell_classes(view.s, inc, view.area_of(free_cells), free_cells)
            rep = free_cells[sub.first]
            pl, pt = np.nonzero(inc[sub.first])
            if all_types and pl.shape[0] > _MAX_MIP_PAIRS:
                # bounded work: HiGHS can run for many minutes on
                # the open MIP over every allowed type of every contested cell
                logger.info(
                    "region %d: no whole-cell answer without slack in the LP's types; the "
                    "MIP over every type (%d pairs) is not attempted",
                    r,
                    pl.shape[0],
                )
                if best is not None and penalty is not None:
                    cell_type[best[1]] = best[2]
                    break
                raise InfeasibleClaimsError(
                    f"{region_names[r]}: the claims fit only if some cells are split between "
                    "types; no whole-cell allocation meeting them was found among the "
                    "contested cells and the types the LP uses. Loosen a claim slightly or "
                    "solve with elastic=True.",
                    conflicts=[{"region": region_names[r], "functions": [], "kind": "integer"}],
                )
            last = size >= cls.n and all_types
            bounds = None
            if window and not all_types:
                bounds = _window_bounds(rp, cls, free_idx[sub.first], sub.count, pl, pt, window)
            out = solve_pairs(
                pl.astype(np.int64),
                pt.astype(np.int64),
                view.area_of(rep),
                view.s[rep[pl], pt].astype(np.float64),
                c,
                view.lower[r] - fixed,
                view.upper[r] - fixed,
                integer=True,
                node_limit=_MIP_NODES if bounds is None else _WINDOW_NODES,
                # elastic mode: every MIP may fall short at the penalty, so one always has
                # a whole-cell answer; a short one is grown, and the least short one kept
                penalty=penalty,
                multiplicity=sub.count,
                abs_gap=gap_r,
                pair_bounds=bounds,
            )
            found = bool(np.isfinite(out.objective))
            logger.debug(
                "region %d: rounding MIP over %d classes (%d pairs%s): slack %.4g, objective %.6g",
                r, sub.n, pl.shape[0], ", windowed" if bounds is not None else "",
                out.slack, out.objective,
            )  # fmt: skip
            if penalty is not None and found and out.slack > 1e-6:
                # elastic mode, a whole-cell answer short by a fraction of a cell: a few
                # cell moves often close it, where larger neighbourhoods cost minutes
                counts = np.zeros((sub.n, n_types), dtype=np.int64)
                counts[pl, pt] = np.rint(out.x).astype(np.int64)
                trial = cell_type.copy()
                trial[free_idx] = spread_counts(sub, counts, n_types)
                repaired, left, lost = repair_claims(
                    view, r, rp.cells, trial, result.held_alloc[r], max_moves=_REPAIR_MOVES
                )
                if left == 0.0:
                    logger.info(
                        "region %d: the %d-class MIP's answer (short %.4g ha) repaired by "
                        "cell moves (suitability given up %.4g)",
                        r, sub.n, out.slack, lost,
                    )  # fmt: skip
                    cell_type = repaired
                    break
                if bounds is None and left < out.slack - 1e-9 and (best is None or left < best[0]):
                    best = (left, np.arange(k), repaired)
            if bounds is not None and not (found and out.slack <= 1e-6):
                window = 0  # no whole-cell answer near the LP: the same MIP without the window
                continue
            if found and (best is None or out.slack < best[0] - 1e-9):
                counts = np.zeros((sub.n, n_types), dtype=np.int64)
                counts[pl, pt] = np.rint(out.x).astype(np.int64)
                best = (out.slack, free_idx, spread_counts(sub, counts, n_types))
            if (found and out.slack <= 1e-6) or (last and best is not None and penalty is not None):
                assert best is not None
                cell_type[best[1]] = best[2]
                break
            if penalty is not None and best is not None:
                # elastic mode: neither this MIP nor the repair met every claim with whole
                # cells. Larger neighbourhoods cost minutes on tie-heavy data (the 2050 demo
                # scenarios) for at best a fraction of a cell; keep the least short answer
                # (its shortfall is reported, the gap states the suitability)
                logger.info(
                    "region %d: whole cells stay short by %.4g ha after the %d-class MIP and "
                    "the repair; kept",
                    r, best[0], sub.n,
                )  # fmt: skip
                cell_type[best[1]] = best[2]
                break
            if last:
                raise InfeasibleClaimsError(
                    f"{region_names[r]}: the claims fit only if some cells are split between "
                    "types; no whole-cell allocation meets them. Loosen a claim slightly or "
                    "solve with elastic=True.",
                    conflicts=[{"region": region_names[r], "functions": [], "kind": "integer"}],
                )
            if size >= cls.n:
                all_types = True
            size = min(cls.n, 4 * size)
        logger.debug("region %d: %d fractional classes rounded in a %d-class MIP", r, n_frac, sub.n)
        assign[rp.cells] = cell_type.astype(np.int16)
    return assign, n_frac_total
