"""Price search: column generation over contested cells, on growing samples.

Given prices, a cell whose best reduced value beats its second best by a wide margin
takes its best type in the optimum too. Only the *contested* cells (small margin)
and their near-best types go into an exact LP per region (HiGHS); the others are held
at their best type and taken off the claims. The LP duals are new prices; one pass
over all cells checks that every held cell still takes its held type under them
(otherwise it joins the contested set) and yields g(p). When nothing moves, the
restricted LP optimum equals g(p): the prices certify the LP optimum.

Good starting prices come from the same procedure on nested deterministic samples
(a hash of the cell index), with claims scaled to the sample's share of the area.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.engine.classes import CellClasses, cell_classes
from novex.puzzle.engine.hashing import cell_rank
from novex.puzzle.engine.kernels import (
    PassResult,
    reduced_pass,
)
from novex.puzzle.engine.national import NationalArrays, coupled_groups, effective_prices
from novex.puzzle.engine.restricted import RestrictedResult, solve_pairs
from novex.puzzle.engine.serving import (
    BLOCK,
    SLACK_TOL,
    priced_serving,
    serving_cells,
    widen_serving,
)

__all__ = [
    "BASE_SAMPLE",
    "GROWTH",
    "MARGIN_FACTOR",
    "SLACK_TOL",
    "CellView",
    "SearchResult",
    "cell_rank",
    "clip_prices",
    "column_generation",
    "map_regions",
    "margin_threshold",
    "merge_pairs",
    "near_best",
    "priced_serving",
    "release_cells",
    "select_cells",
    "serving_cells",
    "set_lp_threads",
    "widen_serving",
]

logger = logging.getLogger(__name__)

_LAG_TOL = 1e-9
TIE_MARGIN = 1e-7
"""Margins up to this count as ties (margins are float32)."""
BASE_SAMPLE = 400
GROWTH = 4
_MAX_ITER = 60
MARGIN_FACTOR = 6.0
_MOVE_CAP = 10_000
_LP_THREADS = max(1, min(4, os.cpu_count() or 1))
"""Threads for the regions' restricted LPs (at most 4, at most the machine's cores)."""
_DEFAULT_LP_THREADS = _LP_THREADS


def set_lp_threads(n: int | None) -> int:
    """Set the threads for the regions' restricted LPs in this process; return the old value.

    ``None`` restores the default (at most 4, at most the machine's cores). One thread
    suits a process that is itself one of several workers (``novex.scenarios`` on Dask).
    The answer does not depend on it (see :func:`map_regions`).

    >>> old = set_lp_threads(1)
    >>> set_lp_threads(old)
    1
    """
    global _LP_THREADS
    old = _LP_THREADS
    _LP_THREADS = _DEFAULT_LP_THREADS if n is None else max(1, int(n))
    return old


@dataclass
class CellView:
    """The cells one search level works on (the whole problem or a sample)."""

    s: NDArray[np.floating]
    allowed: NDArray[np.bool_] | None
    region: NDArray[np.int32]
    area: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    contributions: NDArray[np.float64]
    group: NDArray[np.int64] | None = None
    national: NationalArrays | None = None

    @property
    def n(self) -> int:
        return int(self.s.shape[0])

    def area_of(self, cells: NDArray[np.int64]) -> NDArray[np.float64]:
        if self.area.shape[0] == 1 and self.n != 1:
            return np.full(cells.shape[0], self.area[0])
        return self.area[cells]


@dataclass
class RegionPairs:
    """Contested cells of one region, the types they may take, and the LP values."""

    cells: NDArray[np.int64]
    include: NDArray[np.bool_]
    x: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    classes: CellClasses | None = None
    class_counts: NDArray[np.float64] | None = None  # (n_classes, T) LP counts

    def pairs(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        local, types = np.nonzero(self.include)
        return local.astype(np.int64), types.astype(np.int64)


@dataclass
class SearchResult:
    """Outcome of the price search on one view."""

    prices: NDArray[np.float64]
    assign: NDArray[np.int16]
    regions: list[RegionPairs]
    last: PassResult
    passes: float
    iterations: int
    lp_seconds: float
    held_alloc: NDArray[np.float64]
    national_prices: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def clip_prices(p: NDArray[np.float64], lower: NDArray[np.float64], upper: NDArray[np.float64]):
    """Give prices a sign g(p) accepts: >= 0 without a maximum, <= 0 without a minimum."""
    p = np.where(np.isinf(upper) & (p < 0), 0.0, p)
    p = np.where((lower <= 0) & (p > 0), 0.0, p)
    return p + 0.0  # no negative zeros


def select_cells(
    view: CellView,
    r: int,
    cells_r: NDArray[np.int64],
    res: PassResult,
    q: NDArray[np.float64],
    target: int,
) -> RegionPairs:
    """Contested set of region r: its ``target`` cells of smallest margin and near-best types."""
    margin_r = res.margin[cells_r]
    if target >= cells_r.shape[0]:
        chosen = cells_r
        thr = np.inf
    else:
        # exactly ``target`` cells, ties by cell index (tie-heavy data has many equal
        # margins): all below the target-th smallest margin, then its equals in cell order
        # (the first ``target`` of a stable sort, without sorting every cell)
        kth = margin_r[np.argpartition(margin_r, target)[target]]
        thr = float(kth)
        tied = margin_r <= TIE_MARGIN
        if kth <= TIE_MARGIN:
            # every cell tied between types of different contributions comes in: on
            # tie-heavy data they are many cells in a few classes (cheap in the LP), and
            # held at their lowest tied type they would overshoot a claim by many hectares
            chosen = cells_r[tied]
            thr = TIE_MARGIN
        else:
            below = np.flatnonzero(margin_r < kth)
            equal = np.flatnonzero(margin_r == kth)[: target - below.shape[0]]
            chosen = np.sort(cells_r[np.concatenate([below, equal])])
    return RegionPairs(chosen, near_best(view, r, chosen, q, thr))


def near_best(
    view: CellView, r: int, cells: NDArray[np.int64], q: NDArray[np.float64], thr: float
) -> NDArray[np.bool_]:
    """Per cell of ``cells``, its allowed types whose reduced value is within ``thr`` of
    its best; in blocks of ``BLOCK`` rows (``cells`` can be a whole region)."""
    out = np.empty((cells.shape[0], view.s.shape[1]), dtype=bool)
    for start in range(0, cells.shape[0], BLOCK):
        sub = cells[start : start + BLOCK]
        v = view.s[sub].astype(np.float64) + q[r]
        alw = (
            np.ones(v.shape, dtype=bool) if view.allowed is None else view.allowed[sub].astype(bool)
        )
        v[~alw] = -np.inf
        out[start : start + BLOCK] = alw & (v >= v.max(axis=1, keepdims=True) - thr)
    return out


def column_generation(
    view: CellView,
    p0: NDArray[np.float64],
    targets: NDArray[np.int64],
    *,
    exact: bool,
    penalty: float,
    backend: str,
    max_iter: int = _MAX_ITER,
    national_p0: NDArray[np.float64] | None = None,
) -> SearchResult:
    """Solve the LP relaxation on ``view`` starting from prices ``p0``.

    With ``exact=True`` the loop runs until no held cell would move and the
    restricted LPs need no slack, so the returned prices certify the LP optimum of
    the view. Otherwise it stops after a few rounds (a price estimate).
    """
    import time

    n_reg = view.lower.shape[0]
    c = view.contributions
    n_types = c.shape[0]
    p = p0.copy()
    nat = view.national
    big_p = np.zeros(0 if nat is None else nat.n) if national_p0 is None else national_p0.copy()
    q = effective_prices(p, nat, big_p) @ c.T
    res = reduced_pass(
        view.s, view.allowed, view.region, view.area, q, n_reg, backend=backend, group=view.group
    )
    passes = 1
    assign = res.best_type.copy()
    keys = view.region.astype(np.int16) if n_reg < 32000 else view.region
    order = np.argsort(keys, kind="stable")  # radix sort; cells stay ascending per region
    bounds = np.concatenate([[0], np.cumsum(np.bincount(view.region, minlength=n_reg))])
    region_cells = [order[bounds[r] : bounds[r + 1]] for r in range(n_reg)]
    targets = np.minimum(targets, [rc.shape[0] for rc in region_cells])
    regions = [
        select_cells(view, r, region_cells[r], res, q, int(targets[r])) for r in range(n_reg)
    ]
    code = view.region.astype(np.int64) * n_types + assign
    scalar_area = view.area.shape[0] == 1 and view.n != 1
    held_alloc = (
        np.bincount(code, weights=None if scalar_area else view.area, minlength=n_reg * n_types)
        .astype(np.float64)
        .reshape(n_reg, n_types)
    )
    if scalar_area:
        held_alloc *= view.area[0]
    del code
    contested = np.zeros(view.n, dtype=bool)
    for rp in regions:
        contested[rp.cells] = True
    for r, rp in enumerate(regions):
        held_alloc[r] -= np.bincount(
            assign[rp.cells], weights=view.area_of(rp.cells), minlength=n_types
        )
    lp_seconds = 0.0
    it = 0
    dirty = [True] * n_reg

    def solve_one(r: int) -> tuple[RegionPairs, RestrictedResult, float]:
        """Restricted LP of region r, growing its contested set until the claims hold.

        Touches only region r's rows of the shared arrays, so regions run in threads.
        """
        rp = regions[r]
        seconds = 0.0
        tries = 0
        while True:
            fixed = held_alloc[r] @ c
            lo = view.lower[r] - fixed
            hi = view.upper[r] - fixed
            t0 = time.perf_counter()
            out = solve_region_lp(view, rp, lo, hi, penalty)
            seconds += time.perf_counter() - t0
            need_more = out.status != "optimal" or out.slack > SLACK_TOL
            logger.debug(
                "region %d: LP on %d cells: %s, slack %.3g",
                r,
                rp.cells.shape[0],
                out.status,
                out.slack,
            )
            if not need_more:
                break
            if rp.cells.shape[0] >= region_cells[r].shape[0]:
                every_type = near_best(view, r, rp.cells, q, np.inf)
                if np.array_equal(every_type, rp.include):
                    break
                rp.include = every_type
                continue
            tries += 1
            extra_inc = None
            widened = False
            if tries <= 8 and out.status == "optimal":
                widened, extra, extra_inc = priced_serving(
                    view, r, region_cells[r], rp, contested, assign, q, out, penalty
                )
                if not exact and not widened and extra.shape[0] == 0:
                    # no column lowers the slack: the sample cannot meet its scaled
                    # claims (sampling noise); its prices are an estimate, keep them
                    break
            else:
                extra = np.zeros(0, dtype=np.int64)
            thr = np.inf
            if extra.shape[0] == 0 and widened:
                continue
            if extra.shape[0] == 0:
                extra_inc = None
                targets[r] = min(region_cells[r].shape[0], 4 * max(int(targets[r]), 16))
                extra = select_cells(view, r, region_cells[r], res, q, int(targets[r])).cells
                every = np.union1d(rp.cells, extra).shape[0] >= region_cells[r].shape[0]
                thr = np.inf if every else margin_threshold(res, rp.cells)
            rp = merge_pairs(view, r, rp, extra, q, thr, extra_inc)
            release_cells(view, r, rp.cells, contested, assign, held_alloc)
        return rp, out, seconds

    for it in range(1, max_iter + 1):
        todo = [r for r in range(n_reg) if dirty[r]]
        for r in todo:
            dirty[r] = False
        if nat is not None:  # regions alone and regions coupled by national claims
            from novex.puzzle.engine.coupled import GroupState, coupled_round

            st = GroupState(
                view, regions, region_cells, targets, contested, assign, held_alloc, res, q, penalty
            )
            lp_seconds += coupled_round(
                st, coupled_groups(n_reg, nat), todo, solve_one, p, big_p, exact=exact
            )
            big_p = clip_prices(big_p, nat.lower, nat.upper)
            todo = []
        for r, (rp, out, seconds) in zip(todo, map_regions(solve_one, todo), strict=True):
            regions[r] = rp
            lp_seconds += seconds
            if exact and (out.status != "optimal" or out.slack > SLACK_TOL):
                raise InfeasibleClaimsError(
                    f"the claims of region {r} cannot all be met (LP {out.status}, "
                    f"slack {out.slack:.6g} ha)"
                )
            rp.x = out.x
            if exact:
                p[r] = out.prices
            else:
                # on a sample, a claim it could not meet has the slack penalty as its
                # dual: keep the estimate it had
                p[r] = np.where(np.abs(out.prices) < 1e-3 * penalty, out.prices, p[r])
        p = clip_prices(p, view.lower, view.upper)
        q = effective_prices(p, nat, big_p) @ c.T
        res = reduced_pass(
            view.s,
            view.allowed,
            view.region,
            view.area,
            q,
            n_reg,
            ref=assign,
            backend=backend,
            group=view.group,
        )
        passes += 1
        assert res.lag is not None
        moved = np.flatnonzero((res.lag > _LAG_TOL) & ~contested)
        changed = moved.shape[0] > 0
        reg_moved = view.region[moved]
        for r in range(n_reg):
            rp = regions[r]
            thr = margin_threshold(res, rp.cells) if rp.cells.shape[0] else 0.0
            new_cells = moved[reg_moved == r]
            cap = max(_MOVE_CAP, rp.cells.shape[0])
            if new_cells.shape[0] > cap:
                # stabilise: the duals of a small restricted LP can swing far, and
                # taking every held cell they move at once blows the LP up; the most
                # violated ones go in first, the next pass re-prices the others
                worst = np.argsort(-res.lag[new_cells], kind="stable")[:cap]
                new_cells = np.sort(new_cells[worst])
            # contested cells whose best type (the pass's arg-max) is not yet included:
            # with it included, the LP's value of each contested cell is its maximum
            bt = res.best_type[rp.cells]
            missing = np.flatnonzero(~rp.include[np.arange(rp.cells.shape[0]), bt])
            if missing.shape[0]:
                rp.include[missing, bt[missing]] = True
                changed = True
                dirty[r] = True
            if new_cells.shape[0]:
                inc = near_best(view, r, new_cells, q, thr)
                inc[np.arange(new_cells.shape[0]), assign[new_cells]] = True
                rp = merge_pairs(view, r, rp, new_cells, q, thr, inc)
                release_cells(view, r, new_cells, contested, assign, held_alloc)
                regions[r] = rp
                dirty[r] = True
        logger.debug(
            "column generation it %d: %d moved, contested %d",
            it,
            moved.shape[0],
            int(contested.sum()),
        )
        if not changed or (not exact and it >= 3):
            break
    return SearchResult(p, assign, regions, res, float(passes), it, lp_seconds, held_alloc, big_p)


def map_regions(fn: Callable[[Any], Any], todo: list[Any]) -> list[Any]:
    """``fn`` over the regions in ``todo``, in threads when there are several.

    HiGHS releases the GIL, so two regions' LPs run on two cores. Each region's LP is
    single-threaded and deterministic, and results come back in region order: the
    answer does not depend on the number of threads.
    """
    workers = min(len(todo), _LP_THREADS)
    if workers <= 1:
        return [fn(r) for r in todo]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, todo))


def solve_region_lp(
    view: CellView,
    rp: RegionPairs,
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    penalty: float | None,
) -> RestrictedResult:
    """The restricted LP of one region, on classes of interchangeable contested cells.

    The returned ``x`` is per pair of ``rp`` (cell fractions): every cell of a class
    takes the class's fractions.
    """
    n_types = view.contributions.shape[0]
    cells = rp.cells
    cls = cell_classes(view.s, rp.include, view.area_of(cells), cells)
    rep = cells[cls.first]
    inc = rp.include[cls.first]
    cl_loc, cl_typ = np.nonzero(inc)
    logger.debug(
        "restricted LP: %d cells in %d classes, %d pairs", cells.shape[0], cls.n, cl_loc.shape[0]
    )
    out = solve_pairs(
        cl_loc.astype(np.int64),
        cl_typ.astype(np.int64),
        view.area_of(rep),
        view.s[rep[cl_loc], cl_typ].astype(np.float64),
        view.contributions,
        lo,
        hi,
        penalty=penalty,
        multiplicity=cls.count,
    )
    loc, typ = rp.pairs()
    table = np.full((cls.n, n_types), -1, dtype=np.int64)
    table[cl_loc, cl_typ] = np.arange(cl_loc.shape[0])
    ci = cls.inverse[loc]
    counts = np.zeros((cls.n, n_types))
    if out.x.shape[0]:
        counts[cl_loc, cl_typ] = out.x
    rp.classes = cls
    rp.class_counts = counts
    out.x = out.x[table[ci, typ]] / cls.count[ci] if out.x.shape[0] else np.zeros(loc.shape[0])
    return out


def margin_threshold(res: PassResult, cells: NDArray[np.int64]) -> float:
    if cells.shape[0] == 0:
        return 0.0
    m = res.margin[cells]
    m = m[np.isfinite(m)]
    return float(np.median(m)) if m.shape[0] else 0.0


def merge_pairs(
    view: CellView,
    r: int,
    rp: RegionPairs,
    new_cells: NDArray[np.int64],
    q: NDArray[np.float64],
    thr: float,
    new_include: NDArray[np.bool_] | None = None,
) -> RegionPairs:
    """Add cells to the contested set of region r: with candidate types ``new_include``
    (one row per cell of ``new_cells``) or else those within ``thr`` of their best."""
    if new_include is None:
        extra = np.setdiff1d(new_cells, rp.cells, assume_unique=False)
        extra_inc = near_best(view, r, extra, q, thr)
    else:
        keep = ~np.isin(new_cells, rp.cells)
        extra, extra_inc = new_cells[keep], new_include[keep]
    cells = np.concatenate([rp.cells, extra])
    include = np.concatenate([rp.include, extra_inc])
    order = np.argsort(cells, kind="stable")
    return RegionPairs(cells[order], include[order])


def release_cells(
    view: CellView,
    r: int,
    cells: NDArray[np.int64],
    contested: NDArray[np.bool_],
    assign: NDArray[np.int16],
    held_alloc: NDArray[np.float64],
) -> None:
    """Move held cells into the contested set: take their areas off the held totals."""
    cells = cells[~contested[cells]]
    if cells.shape[0] == 0:
        return
    held_alloc[r] -= np.bincount(
        assign[cells], weights=view.area_of(cells), minlength=held_alloc.shape[1]
    )
    contested[cells] = True
