"""Held cells that can cover the slack of a region's restricted LP (the price search's
widening step, :func:`novex.puzzle.engine.search.column_generation`)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.kernels import best_included, cheapest_helping
from novex.puzzle.engine.restricted import RestrictedResult

if TYPE_CHECKING:
    from novex.puzzle.engine.search import CellView, RegionPairs

__all__ = ["SLACK_TOL", "priced_serving", "serving_cells", "widen_serving"]

logger = logging.getLogger(__name__)

SLACK_TOL = 1e-7
"""Slack (hectares) below which a restricted LP counts as meeting its claims."""

BLOCK = 1 << 14
"""Rows per block when walking held or contested cells (a (BLOCK, T) float64 block of
reduced values at a time, never one per cell)."""


def serving_cells(
    view: CellView,
    r: int,
    cells_r: NDArray[np.int64],
    contested: NDArray[np.bool_],
    q: NDArray[np.float64],
    out: RestrictedResult,
) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Held cells that can most cheaply cover the slack of the restricted LP.

    For a claim short of its minimum: cells whose best type gives nothing to it, by
    the loss of switching to their best type that does. For a claim over its maximum:
    cells whose type gives to it, by the loss of switching away. Enough cells to cover
    three times the slack (at least 32) are returned, sorted, each with its candidate
    types: its best ones and the best one that covers the slack. Only those: on
    tie-heavy data the cells then fall into a few classes of identical candidates.

    The held cells are nearly all of the region: they are walked in blocks of
    :data:`BLOCK` rows, so no (held cells, types) array exists; per block only the
    cells that can be in a claim's cover are kept (:class:`_Cover`), and the
    candidate rows are built for the chosen cells only.
    """
    c = view.contributions
    none = (np.zeros(0, dtype=np.int64), np.zeros((0, c.shape[0]), dtype=bool))
    held = cells_r[~contested[cells_r]]
    if held.shape[0] == 0:
        return none
    claims = _slack_claims(c, out)
    if not claims:
        return none
    a = view.area_of(held)
    covers = [_Cover(need) for _, need, _ in claims]
    for sl, v in _value_blocks(view, held, q[r]):
        best_t = np.argmax(v, axis=1)
        best = v[np.arange(v.shape[0]), best_t]
        for (f, _, serving), cover in zip(claims, covers, strict=True):
            alt_t, alt = _best_of(v, serving)
            # cells whose best type does not serve yet; ties (loss 0) come first
            ok = np.flatnonzero(np.isfinite(alt) & ~serving[best_t])
            cover.add(sl.start, ok, best - alt, a[sl] * c[:, f].max(), alt_t)
    picked = np.zeros(held.shape[0], dtype=bool)
    added: list[tuple[NDArray[np.intp], NDArray[np.intp]]] = []
    for cover in covers:
        take, alt_t = cover.result()
        picked[take] = True
        added.append((take, alt_t))
    if not picked.any():
        return none
    rows = np.flatnonzero(picked)
    v = _values(view, held[rows], q[r])
    include = v >= v[np.arange(rows.shape[0]), np.argmax(v, axis=1)][:, None]
    del v
    for take, alt_t in added:
        include[np.searchsorted(rows, take), alt_t] = True
    return held[rows], include


def priced_serving(
    view: CellView,
    r: int,
    cells_r: NDArray[np.int64],
    rp: RegionPairs,
    contested: NDArray[np.bool_],
    assign: NDArray[np.int16],
    q: NDArray[np.float64],
    out: RestrictedResult,
    penalty: float,
) -> tuple[bool, NDArray[np.int64], NDArray[np.bool_]]:
    """Columns that lower the slack of a restricted LP, chosen with its own duals.

    The restricted LP with slack is a big-M LP: its row duals ``y`` (``out.prices``;
    plus or minus the penalty on a row that uses slack) price every (cell, type) pair.
    For each claim row with slack, the cells that have a type moving that row the
    right way *and* beating their current type under ``y`` by a sizeable part of the
    penalty (so the switch lowers the total slack, not just moves it to another
    claim) are candidates, each with the cheapest such type under the prices ``q``;
    the cheapest of them, enough to cover three times the row's slack (at least 32),
    are taken. A contested cell (current type: its best candidate under ``y``) gets
    that type as a new candidate; a held cell (current type: its held type) joins the
    contested set with its held type, its best types under ``q`` and that type.
    Narrow candidate sets keep tie-heavy data in a few classes.

    Returns whether contested cells got new types, and the held cells that join with
    their candidate types.
    """
    c = view.contributions
    n_types = c.shape[0]
    qy = c @ out.prices  # (T,)
    widened = False
    cells = rp.cells
    if cells.shape[0]:
        ref, ref_q = best_included(view.s, view.allowed, cells, rp.include, q[r], qy)
        take, alt = _cover_slack(view, cells, ref, ref_q, q[r], qy, out, penalty)
        if take.shape[0]:
            rp.include[take, alt] = True
            widened = True
    none = (np.zeros(0, dtype=np.int64), np.zeros((0, n_types), dtype=bool))
    held = cells_r[~contested[cells_r]]
    if held.shape[0] == 0:
        return widened, *none
    h_t = assign[held].astype(np.intp)
    ref_q = view.s[held, h_t].astype(np.float64) + q[r][h_t]
    take, alt = _cover_slack(view, held, h_t, ref_q, q[r], qy, out, penalty)
    if take.shape[0] == 0:
        return widened, *none
    cells_new = np.unique(take)
    include = np.zeros((cells_new.shape[0], n_types), dtype=bool)
    include[np.searchsorted(cells_new, take), alt] = True
    v = _values(view, held[cells_new], q[r])
    include |= v >= v.max(axis=1, keepdims=True)
    include[np.arange(cells_new.shape[0]), h_t[cells_new]] = True
    logger.debug("region %d: %d held cells join to lower the slack", r, cells_new.shape[0])
    return widened, held[cells_new], include


def _values(view: CellView, cells: NDArray[np.int64], qr: NDArray[np.float64]):
    """Reduced values s + q of ``cells`` (float64), -inf where a type is not allowed."""
    v = view.s[cells].astype(np.float64)
    v += qr
    if view.allowed is not None:
        v[~view.allowed[cells]] = -np.inf
    return v


def _cover_slack(
    view: CellView,
    cells: NDArray[np.int64],
    ref: NDArray[np.intp],
    ref_q: NDArray[np.float64],
    qr: NDArray[np.float64],
    qy: NDArray[np.float64],
    out: RestrictedResult,
    penalty: float,
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Per claim row with slack, the cheapest (under q) of ``cells`` whose switch from
    type ``ref`` (value ``ref_q`` under q) to another type lowers that row's slack and
    the big-M objective (under y); returns the chosen positions in ``cells`` (one may
    repeat, once per claim) and their types."""
    c = view.contributions
    area = view.area_of(cells)
    picks: list[NDArray[np.intp]] = []
    types: list[NDArray[np.intp]] = []
    for f in range(c.shape[1]):
        for need, sign in ((out.short[f], 1.0), (out.excess[f], -1.0)):
            if need <= SLACK_TOL:
                continue
            delta = sign * (c[None, :, f] - c[:, f][:, None])  # [from type, to type]
            alt_t, alt = cheapest_helping(
                view.s, view.allowed, cells, ref, qr, qy, delta > 0, 1e-3 * penalty
            )
            ok = np.flatnonzero(np.isfinite(alt))
            if ok.shape[0] == 0:
                continue
            take = _cheapest_cover(ok, ref_q - alt, area * delta[ref, alt_t], need)
            picks.append(take)
            types.append(alt_t[take])
    if not picks:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    return np.concatenate(picks), np.concatenate(types)


def widen_serving(
    view: CellView, r: int, rp: RegionPairs, q: NDArray[np.float64], out: RestrictedResult
) -> bool:
    """Give contested cells the cheapest candidate type that covers the LP's slack.

    For each claim the restricted LP could not meet, the contested cells none of whose
    candidate types helps it get their best type that does, cheapest first, enough to
    cover three times the slack (at least 32). Returns whether any type was added.
    The cells are walked in blocks of :data:`BLOCK` rows, once per claim (a claim's
    new types change which cells the next one may take).
    """
    c = view.contributions
    cells = rp.cells
    if cells.shape[0] == 0:
        return False
    claims = _slack_claims(c, out)
    if not claims:
        return False
    # one block: keep its values; more: compute them again per claim
    cached = list(_value_blocks(view, cells, q[r])) if cells.shape[0] <= BLOCK else None

    def blocks() -> Iterator[tuple[slice, NDArray[np.float64]]]:
        return iter(cached) if cached is not None else _value_blocks(view, cells, q[r])

    best = np.empty(cells.shape[0], dtype=np.float64)
    for sl, v in blocks():
        best[sl] = np.where(rp.include[sl], v, -np.inf).max(axis=1)
    a = view.area_of(cells)
    added = False
    for f, need, serving in claims:
        cover = _Cover(need)
        for sl, v in blocks():
            alt_t, alt = _best_of(v, serving)
            ok = np.flatnonzero(np.isfinite(alt) & ~(rp.include[sl] & serving[None, :]).any(axis=1))
            cover.add(sl.start, ok, best[sl] - alt, a[sl] * c[:, f].max(), alt_t)
        take, alt_t = cover.result()
        if take.shape[0] == 0:
            continue
        rp.include[take, alt_t] = True
        added = True
    return added


def _slack_claims(
    c: NDArray[np.float64], out: RestrictedResult
) -> list[tuple[int, float, NDArray[np.bool_]]]:
    """The claims the restricted LP could not meet: per claim its column ``f`` of the
    contributions, its slack and the types that lower that slack (in claim order,
    short before over)."""
    claims = []
    for f in range(c.shape[1]):
        for need, serving in ((out.short[f], c[:, f] > 0), (out.excess[f], c[:, f] <= 0)):
            if need > SLACK_TOL and serving.any():
                claims.append((f, float(need), serving))
    return claims


def _value_blocks(
    view: CellView, cells: NDArray[np.int64], qr: NDArray[np.float64]
) -> Iterator[tuple[slice, NDArray[np.float64]]]:
    """Per block of :data:`BLOCK` rows of ``cells``: its slice and its :func:`_values`."""
    for start in range(0, cells.shape[0], BLOCK):
        sl = slice(start, min(cells.shape[0], start + BLOCK))
        yield sl, _values(view, cells[sl], qr)


class _Cover:
    """One claim's :func:`_cheapest_cover` over all rows, fed one block at a time.

    Of each block only its own cheapest cover is kept: with gains >= 0 every row of the
    cover of all rows is in the cover of its block (the rows before it in its block are
    a subset of those before it in all, at most 31 of them past the point where the
    gains reach three times the need), and the rows kept are in the same stable order,
    so :meth:`result` picks the same rows with the same sums. With a negative gain a
    block keeps all its candidates.
    """

    def __init__(self, need: float) -> None:
        self.need = need
        self.parts: list[tuple[NDArray[np.intp], NDArray[np.float64], NDArray[np.float64],
                               NDArray[np.intp]]] = []  # fmt: skip

    def add(
        self,
        offset: int,
        ok: NDArray[np.intp],
        cost: NDArray[np.float64],
        gain: NDArray[np.float64],
        alt_t: NDArray[np.intp],
    ) -> None:
        """Candidates ``ok`` (rows of the block starting at row ``offset``) with the
        block's cost, gain and type per row."""
        if ok.shape[0] == 0:
            return
        if bool(np.all(gain[ok] >= 0)):
            ok = np.sort(_cheapest_cover(ok, cost, gain, self.need))
        self.parts.append((ok + offset, cost[ok], gain[ok], alt_t[ok]))

    def result(self) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """The rows of the cover (cheapest first) and their types."""
        if not self.parts:
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
        rows, cost, gain, alt_t = (np.concatenate(x) for x in zip(*self.parts, strict=True))
        take = _cheapest_cover(np.arange(rows.shape[0]), cost, gain, self.need)
        return rows[take], alt_t[take]


def _best_of(
    v: NDArray[np.float64], types: NDArray[np.bool_]
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """Per row of ``v``, the best of the given types and its value (-inf if none)."""
    v_types = np.where(types[None, :], v, -np.inf)
    best_t = np.argmax(v_types, axis=1)
    return best_t, v_types[np.arange(v.shape[0]), best_t]


def _cheapest_cover(
    ok: NDArray[np.intp], cost: NDArray[np.float64], gain: NDArray[np.float64], need: float
) -> NDArray[np.intp]:
    """Of the candidates ``ok``, the cheapest (stable order) whose gains add up to three
    times ``need``, plus 32 more."""
    order = ok[np.argsort(cost[ok], kind="stable")]
    cum = np.cumsum(gain[order])
    return order[: int(np.searchsorted(cum, 3.0 * need)) + 32]
