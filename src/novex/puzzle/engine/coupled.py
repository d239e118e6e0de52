"""The restricted LP of regions coupled by national claims, and how its cells grow.

Given the prices, every region's cells are priced separately (the national prices only
shift the effective prices ``p_eff``). The restricted LPs of regions that share a
national claim are one LP: the regions' class LPs side by side plus one row per national
claim on the sum of their contributions (:func:`~novex.puzzle.engine.national.solve_coupled`).
Regions without a national claim keep their own LP. When the coupled LP needs slack, the
national shortfall counts as shortfall of each of its regions, and every such region
grows its contested set exactly as a single region would (columns priced with the coupled
LP's big-M duals). Whole cells: the regions of a group are rounded one at a time
(:func:`round_national`); in strict mode a group where that fails is rounded in one MIP.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.engine.classes import cell_classes, spread_counts
from novex.puzzle.engine.national import (
    CoupledBlock,
    CoupledResult,
    NationalArrays,
    coupled_groups,
    solve_coupled,
)
from novex.puzzle.engine.restricted import RestrictedResult
from novex.puzzle.engine.search import (
    SLACK_TOL,
    CellView,
    RegionPairs,
    SearchResult,
    map_regions,
    margin_threshold,
    merge_pairs,
    near_best,
    priced_serving,
    release_cells,
    select_cells,
)

__all__ = ["GroupState", "coupled_round", "national_conflict", "round_national", "solve_group"]

logger = logging.getLogger(__name__)


@dataclass
class GroupState:
    """The column-generation state a coupled group reads and updates."""

    view: CellView
    regions: list[RegionPairs]
    region_cells: list[NDArray[np.int64]]
    targets: NDArray[np.int64]
    contested: NDArray[np.bool_]
    assign: NDArray[np.int16]
    held_alloc: NDArray[np.float64]
    res: object
    q: NDArray[np.float64]
    penalty: float


def _block(view: CellView, rp: RegionPairs) -> CoupledBlock:
    cells = rp.cells
    cls = cell_classes(view.s, rp.include, view.area_of(cells), cells)
    rp.classes = cls
    rep = cells[cls.first]
    cl_loc, cl_typ = np.nonzero(rp.include[cls.first])
    return CoupledBlock(
        cl_loc.astype(np.int64),
        cl_typ.astype(np.int64),
        view.area_of(rep),
        view.s[rep[cl_loc], cl_typ].astype(np.float64),
        cls.count.astype(np.float64),
    )


def _store(rp: RegionPairs, blk: CoupledBlock, x: NDArray[np.float64], n_types: int) -> None:
    """Class counts and per-pair cell fractions of one block, as ``solve_region_lp`` does."""
    cls = rp.classes
    assert cls is not None
    counts = np.zeros((cls.n, n_types))
    counts[blk.pair_cell, blk.pair_type] = x
    rp.class_counts = counts
    loc, typ = rp.pairs()
    ci = cls.inverse[loc]
    rp.x = counts[ci, typ] / cls.count[ci]


def _group_lp(
    st: GroupState, group: tuple[int, ...], nat: NationalArrays
) -> tuple[CoupledResult, list[CoupledBlock], NDArray[np.intp]]:
    view = st.view
    c = view.contributions
    fixed = st.held_alloc[list(group)] @ c  # (G, F)
    lo = view.lower[list(group)] - fixed
    hi = view.upper[list(group)] - fixed
    ks = np.flatnonzero(nat.member[:, list(group)].any(axis=1))
    member = nat.member[ks][:, list(group)]
    nat_fixed = np.array([fixed[member[j], nat.function[k]].sum() for j, k in enumerate(ks)])
    blocks = [_block(view, st.regions[r]) for r in group]
    out = solve_coupled(
        blocks,
        c,
        lo,
        hi,
        nat.function[ks],
        member,
        nat.lower[ks] - nat_fixed,
        nat.upper[ks] - nat_fixed,
        penalty=st.penalty,
    )
    return out, blocks, ks


def _grow(st: GroupState, r: int, out_r: RestrictedResult, tries: int) -> bool:
    """One growth step of region r's contested set; False when nothing can be added.

    ``out_r`` is the region's share of the coupled LP with its *effective* row duals
    (its own plus the national claims' on their functions): the columns that lower the
    slack are priced with the coupled big-M LP's duals, as a single region's are
    (:func:`~novex.puzzle.engine.serving.priced_serving`).
    """
    view, q = st.view, st.q
    rp = st.regions[r]
    cells_r = st.region_cells[r]
    if rp.cells.shape[0] >= cells_r.shape[0]:
        every_type = near_best(view, r, rp.cells, q, np.inf)
        if np.array_equal(every_type, rp.include):
            return False
        rp.include = every_type
        return True
    extra_inc = None
    widened = False
    if tries <= 8 and out_r.status == "optimal":
        widened, extra, extra_inc = priced_serving(
            view, r, cells_r, rp, st.contested, st.assign, q, out_r, st.penalty
        )
    else:
        extra = np.zeros(0, dtype=np.int64)
    thr = np.inf
    if extra.shape[0] == 0 and widened:
        return True
    if extra.shape[0] == 0:
        extra_inc = None
        st.targets[r] = min(cells_r.shape[0], 4 * max(int(st.targets[r]), 16))
        extra = select_cells(view, r, cells_r, st.res, q, int(st.targets[r])).cells  # type: ignore[arg-type]
        every = np.union1d(rp.cells, extra).shape[0] >= cells_r.shape[0]
        thr = np.inf if every else margin_threshold(st.res, rp.cells)  # type: ignore[arg-type]
    rp = merge_pairs(view, r, rp, extra, q, thr, extra_inc)
    release_cells(view, r, rp.cells, st.contested, st.assign, st.held_alloc)
    st.regions[r] = rp
    return True


def solve_group(
    st: GroupState, group: tuple[int, ...]
) -> tuple[list[RestrictedResult], CoupledResult, NDArray[np.intp], float]:
    """The coupled restricted LP of ``group``, growing contested sets until it needs no slack.

    Returns per region (in group order) its share of the result, the coupled result,
    the national claims of the group and the seconds spent in HiGHS.
    """
    nat = st.view.national
    assert nat is not None
    n_types = st.view.contributions.shape[0]
    seconds = 0.0
    tries = dict.fromkeys(group, 0)
    while True:
        t0 = time.perf_counter()
        out, blocks, ks = _group_lp(st, group, nat)
        seconds += time.perf_counter() - t0
        per_region = []
        for b, r in enumerate(group):
            rp = st.regions[r]
            if out.status == "optimal":
                _store(rp, blocks[b], out.x[b], n_types)
            short = out.short[b].copy()
            excess = out.excess[b].copy()
            for j, k in enumerate(ks):
                if nat.member[k, r]:
                    short[nat.function[k]] += out.national_short[j]
                    excess[nat.function[k]] += out.national_excess[j]
            per_region.append(
                RestrictedResult(
                    out.status,
                    rp.x,
                    out.prices[b],
                    float(short.sum() + excess.sum()),
                    0.0,
                    short,
                    excess,
                )
            )
        logger.debug("group %s: coupled LP %s, slack %.3g", group, out.status, out.slack)
        if out.status == "optimal" and out.slack <= SLACK_TOL:
            return per_region, out, ks, seconds
        grown = False
        for b, r in enumerate(group):
            rr = per_region[b]
            if rr.status == "optimal" and rr.slack <= SLACK_TOL:
                continue
            tries[r] += 1
            y = out.prices[b].copy()  # effective duals: the region's own plus national
            for j, k in enumerate(ks):
                if nat.member[k, r]:
                    y[nat.function[k]] += out.national_prices[j]
            grown |= _grow(st, r, dataclasses.replace(rr, prices=y), tries[r])
        if not grown:
            return per_region, out, ks, seconds


def national_conflict(nat: NationalArrays, ks: NDArray[np.intp], out: CoupledResult) -> None:
    """Raise :class:`InfeasibleClaimsError` naming the national claims the LP cannot meet."""
    bad = []
    conflicts = []
    for j, k in enumerate(ks):
        short, over = float(out.national_short[j]), float(out.national_excess[j])
        if short <= SLACK_TOL and over <= SLACK_TOL:
            continue
        fname = nat.function_names[nat.function[k]] if nat.function_names else str(nat.function[k])
        if short > SLACK_TOL:
            bad.append(
                f"national claim {nat.names[k]!r} ({fname} min {nat.lower[k]:,.1f} ha) is "
                f"{short:,.1f} ha short"
            )
        else:
            bad.append(
                f"national claim {nat.names[k]!r} ({fname} max {nat.upper[k]:,.1f} ha) is "
                f"{over:,.1f} ha over"
            )
        conflicts.append(
            {
                "national": nat.names[k],
                "function": fname,
                "short_ha": short,
                "excess_ha": over,
                "kind": "national",
            }
        )
    if bad:
        raise InfeasibleClaimsError(
            "The claims do not fit. " + "; ".join(bad) + " with every regional claim met. "
            "Lower the national claim, allow more types where it is needed, or solve with "
            "elastic=True.",
            conflicts=conflicts,
        )


def coupled_round(
    st: GroupState,
    groups: list[tuple[int, ...]],
    todo: list[int],
    solve_one: Callable[[int], tuple[RegionPairs, RestrictedResult, float]],
    p: NDArray[np.float64],
    big_p: NDArray[np.float64],
    *,
    exact: bool,
) -> float:
    """One round of restricted LPs: regions alone, coupled groups together (in threads).

    Updates the contested sets, ``p`` (regional) and ``big_p`` (national) in place and
    returns the seconds spent in HiGHS. With ``exact``, a restricted LP that still needs
    slack raises :class:`InfeasibleClaimsError`.
    """
    nat = st.view.national
    assert nat is not None

    def task(group: tuple[int, ...]) -> tuple[list[RestrictedResult], Any, float]:
        if not nat.member[:, list(group)].any():
            (r,) = group
            rp, out, seconds = solve_one(r)
            st.regions[r] = rp
            return [out], None, seconds
        outs, coupled, ks, seconds = solve_group(st, group)
        return outs, (coupled, ks), seconds

    todo_set = set(todo)
    todo_g = [g for g in groups if todo_set.intersection(g)]
    lp_seconds = 0.0
    for group, (outs, coupled, seconds) in zip(todo_g, map_regions(task, todo_g), strict=True):
        lp_seconds += seconds
        if exact and coupled is not None:
            national_conflict(nat, coupled[1], coupled[0])
        for r, out in zip(group, outs, strict=True):
            if exact and (out.status != "optimal" or out.slack > SLACK_TOL):
                raise InfeasibleClaimsError(
                    f"the claims of region {r} cannot all be met (LP {out.status}, "
                    f"slack {out.slack:.6g} ha)"
                )
            st.regions[r].x = out.x
            p[r] = out.prices
        if coupled is not None:
            big_p[coupled[1]] = coupled[0].national_prices
    return lp_seconds


def round_national(
    view: CellView,
    result: SearchResult,
    nat: NationalArrays,
    region_names: tuple[str, ...],
    penalty: float | None,
    abs_gap: float | None,
    one_cell: float,
) -> tuple[NDArray[np.int16], int]:
    """Whole cells per region, with the national claims met by carrying what is rounded.

    Regions outside every national claim are rounded as usual. The others go one by one,
    those with the most room under their own maximum first; each must give a national
    claim what is still missing after the regions already rounded, minus the LP parts of
    the regions still to come (``L_k - done - sum later y_s``; likewise for a maximum).
    Whole cells usually overshoot a part a little, which eases the regions that follow,
    so the national claims hold and the rounding stays a small MIP per region. Each MIP
    may leave a quarter cell (at the suitability range) per binding national claim of
    its region, well inside the integrality allowance.

    In strict mode a region may have no whole-cell map for its LP part (at the edge of
    its capacity, say) while the group as a whole has one, the parts split otherwise.
    Then the group is rounded in one MIP over every contested cell of its regions with
    all their allowed types and the national rows (:func:`_round_jointly`; as a single
    region's last rounding MIP, only up to 20,000 (class, type) pairs); only when that
    has no whole-cell answer either does :class:`InfeasibleClaimsError` stand.
    """
    from novex.puzzle.engine.primal import round_assignment

    c = view.contributions
    n_reg = view.lower.shape[0]
    alloc = result.held_alloc.copy()
    for r, rp in enumerate(result.regions):
        if rp.classes is not None and rp.class_counts is not None and rp.cells.shape[0]:
            area = view.area_of(rp.cells[rp.classes.first])
            alloc[r] += (rp.class_counts * area[:, None]).sum(axis=0)
    part = alloc @ c  # LP hectares per (region, function)
    coupled = np.asarray(nat.member.any(axis=0), dtype=bool)
    busy = np.array([rp.cells.shape[0] > 0 for rp in result.regions])
    gap_r = None if abs_gap is None else abs_gap / max(1, int(busy.sum()))

    def gaps(binding: int) -> float | None:
        return None if gap_r is None else gap_r + 0.25 * one_cell * binding

    alone = [r for r in range(n_reg) if not coupled[r]]
    n_frac = 0
    if alone:
        gap = None if gap_r is None else gap_r * max(1, int(busy[alone].sum()))
        _, n = round_assignment(
            view, _only(result, alone, c.shape[0]), region_names, penalty=penalty, abs_gap=gap
        )
        n_frac += n
    room = np.full(n_reg, np.inf)
    for k in range(nat.n):
        f = nat.function[k]
        room = np.where(nat.member[k], np.minimum(room, view.upper[:, f] - part[:, f]), room)
    order = sorted(np.flatnonzero(coupled).tolist(), key=lambda r: (-room[r], r))
    for group in coupled_groups(n_reg, nat):
        regs = [r for r in order if r in group]
        if not regs:
            continue
        try:
            n_frac += _round_in_turn(view, result, nat, regs, part, region_names, penalty, gaps)
        except InfeasibleClaimsError as err:
            if penalty is not None:
                raise
            gap = None if gap_r is None else gap_r * max(1, int(busy[regs].sum()))
            if not _round_jointly(view, result, nat, group, gap):
                names = [region_names[r] for r in group]
                claims = [nat.names[k] for k in np.flatnonzero(nat.member[:, list(group)].any(1))]
                raise InfeasibleClaimsError(
                    f"{', '.join(names)} with the national claims {claims!r}: the claims fit "
                    "only if some cells are split between types; no whole-cell allocation "
                    "meeting them was found among the contested cells of these regions with "
                    "all their allowed types. Loosen a claim slightly or solve with "
                    "elastic=True.",
                    conflicts=[
                        {"region": n, "functions": [], "kind": "integer", "national_claims": claims}
                        for n in names
                    ],
                ) from err
            logger.info("regions %s: rounded jointly (not one at a time)", list(group))
    return result.assign, n_frac


def _only(result: SearchResult, regs: list[int], n_types: int) -> SearchResult:
    """``result`` with the contested cells of ``regs`` only (the others empty)."""
    keep = set(regs)
    empty = RegionPairs(np.zeros(0, dtype=np.int64), np.zeros((0, n_types), dtype=bool))
    rps = [rp if r in keep else empty for r, rp in enumerate(result.regions)]
    return dataclasses.replace(result, regions=rps)


def _round_jointly(
    view: CellView,
    result: SearchResult,
    nat: NationalArrays,
    group: tuple[int, ...],
    gap: float | None,
) -> bool:
    """One rounding MIP over the contested cells of a coupled group, with all their
    allowed types, the regional rows and the national rows; writes ``result.assign``.

    Returns False (and writes nothing) when the MIP has more than the rounding MIPs'
    limit of (class, type) pairs or no whole-cell answer within its node limit.
    """
    from novex.puzzle.engine import primal

    c = view.contributions
    n_types = c.shape[0]
    regs = list(group)
    blocks, subs = [], []
    for r in regs:
        cells = result.regions[r].cells
        inc = (
            np.ones((cells.shape[0], n_types), dtype=bool)
            if view.allowed is None
            else view.allowed[cells].astype(bool)
        )
        sub = cell_classes(view.s[cells], inc, view.area_of(cells))
        rep = cells[sub.first]
        pl, pt = np.nonzero(inc[sub.first])
        blocks.append(
            CoupledBlock(
                pl.astype(np.int64),
                pt.astype(np.int64),
                view.area_of(rep),
                view.s[rep[pl], pt].astype(np.float64),
                sub.count.astype(np.float64),
            )
        )
        subs.append(sub)
    n_pairs = sum(b.pair_cell.shape[0] for b in blocks)
    if n_pairs > primal._MAX_MIP_PAIRS:
        logger.info("regions %s: the joint rounding MIP (%d pairs) is not attempted", regs, n_pairs)
        return False
    fixed = result.held_alloc[regs] @ c  # (G, F)
    ks = np.flatnonzero(nat.member[:, regs].any(axis=1))
    member = nat.member[ks][:, regs]
    nat_fixed = np.array([fixed[member[j], nat.function[k]].sum() for j, k in enumerate(ks)])
    out = solve_coupled(
        blocks,
        c,
        view.lower[regs] - fixed,
        view.upper[regs] - fixed,
        nat.function[ks],
        member,
        nat.lower[ks] - nat_fixed,
        nat.upper[ks] - nat_fixed,
        penalty=None,
        integer=True,
        node_limit=primal._MIP_NODES,
        abs_gap=gap,
    )
    logger.debug("regions %s: joint rounding MIP, %d pairs, %s", regs, n_pairs, out.status)
    if not np.isfinite(out.objective):
        return False
    for b, r in enumerate(regs):
        counts = np.zeros((subs[b].n, n_types), dtype=np.int64)
        counts[blocks[b].pair_cell, blocks[b].pair_type] = np.rint(out.x[b]).astype(np.int64)
        rp = result.regions[r]
        result.assign[rp.cells] = spread_counts(subs[b], counts, n_types).astype(np.int16)
    return True


def _round_in_turn(
    view: CellView,
    result: SearchResult,
    nat: NationalArrays,
    order: list[int],
    part: NDArray[np.float64],
    region_names: tuple[str, ...],
    penalty: float | None,
    gaps: Callable[[int], float | None],
) -> int:
    """Round the regions of one coupled group one at a time, in ``order``, each meeting
    what the national claims still miss minus the LP parts of the regions still to come;
    returns the number of fractional classes. Raises :class:`InfeasibleClaimsError` (strict
    mode) when a region cannot meet its part with whole cells."""
    from novex.puzzle.engine.primal import round_assignment

    c = view.contributions
    n_types = c.shape[0]
    done = np.zeros(nat.n)
    later = nat.member.copy()
    n_frac = 0
    for r in order:
        later[:, r] = False
        lower = view.lower.copy()
        upper = view.upper.copy()
        binding = 0
        for j in np.flatnonzero(nat.member[:, r]).tolist():
            f = nat.function[j]
            rest = float(part[later[j], f].sum())
            need = nat.lower[j] - done[j] - rest
            cap = nat.upper[j] - done[j] - rest
            if penalty is not None:
                # elastic: a region that fell short of its part must not push the deficit
                # onto the next ones (they would give up their own claims for it); the
                # national claim reports it as shortfall instead
                need = min(need, float(part[r, f]))
                cap = max(cap, float(part[r, f]))
            lower[r, f] = max(lower[r, f], need)
            if np.isfinite(nat.upper[j]):
                upper[r, f] = min(upper[r, f], cap)
            upper[r, f] = max(upper[r, f], lower[r, f])
            binding += 1
        sub = dataclasses.replace(view, lower=lower, upper=upper)
        _, n = round_assignment(
            sub, _only(result, [r], n_types), region_names, penalty=penalty, abs_gap=gaps(binding)
        )
        n_frac += n
        rp = result.regions[r]
        got = result.held_alloc[r] + np.bincount(
            result.assign[rp.cells], weights=view.area_of(rp.cells), minlength=n_types
        )
        for j in np.flatnonzero(nat.member[:, r]).tolist():
            done[j] += float(got @ c[:, nat.function[j]])
    return n_frac
