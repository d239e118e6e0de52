"""Good starting prices from nested deterministic samples, then the exact search.

A fixed hash of the cell index orders the cells; samples of 400, 1,600, 6,400, ...
cells per region use claims scaled to their share of the area (national claims by the
area-weighted share of their regions). Each level starts from the previous level's
prices; the last runs column generation on every cell until the prices certify the LP
optimum (:func:`~novex.puzzle.engine.search.column_generation`).
"""

from __future__ import annotations

import logging
import math

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.hashing import cell_rank
from novex.puzzle.engine.search import (
    BASE_SAMPLE,
    GROWTH,
    MARGIN_FACTOR,
    CellView,
    SearchResult,
    clip_prices,
    column_generation,
)

__all__ = ["search_prices"]

logger = logging.getLogger(__name__)


def search_prices(
    view: CellView,
    *,
    penalty: float,
    backend: str,
    start: NDArray[np.float64] | None = None,
) -> tuple[SearchResult, float]:
    """Estimate prices on nested samples, then solve the whole view exactly.

    With ``start`` (prices of a closely related problem, e.g. the same claims with a
    slightly changed suitability) the samples are skipped and the exact search starts
    from those prices, with the contested set of the largest sample level.

    Returns the exact search result and the (fractional) number of passes spent on
    the samples, counted in whole-data equivalents.
    """
    n_reg, n_func = view.lower.shape
    counts = np.bincount(view.region, minlength=n_reg)
    n_max = int(counts.max())
    if start is not None:
        p0 = clip_prices(np.asarray(start, dtype=np.float64).copy(), view.lower, view.upper)
        targets = (
            np.ceil(MARGIN_FACTOR * counts / math.sqrt(max(n_max, 1))).astype(np.int64) + 4 * n_func
        )
        result = column_generation(view, p0, targets, exact=True, penalty=penalty, backend=backend)
        return result, 0.0
    levels: list[int] = []
    m = BASE_SAMPLE
    while m * 3 < n_max:
        levels.append(m)
        m *= GROWTH
    p = np.zeros((n_reg, n_func))
    big_p = None
    sample_passes = 0.0
    prev = 0
    rank = cell_rank(view.n) if levels else None
    region_area = np.bincount(
        view.region,
        weights=None if view.area.shape[0] == 1 and view.n != 1 else view.area,
        minlength=n_reg,
    ).astype(np.float64)
    if view.area.shape[0] == 1 and view.n != 1:
        region_area *= view.area[0]
    for m in levels:
        assert rank is not None
        frac = np.minimum(1.0, m / np.maximum(counts, 1))
        cut = (frac * 4294967296.0).clip(0, 4294967295).astype(np.uint32)
        idx = np.flatnonzero(rank < cut[view.region])
        sub_area = view.area if view.area.shape[0] == 1 and view.n != 1 else view.area[idx]
        reg = view.region[idx]
        s_area = np.bincount(
            reg, weights=None if sub_area.shape[0] == 1 else sub_area, minlength=n_reg
        ).astype(np.float64)
        if sub_area.shape[0] == 1:
            s_area *= sub_area[0]
        share = np.divide(s_area, region_area, out=np.zeros(n_reg), where=region_area > 0)
        sub = CellView(
            view.s[idx],
            None if view.allowed is None else view.allowed[idx],
            reg,
            sub_area,
            view.lower * share[:, None],
            view.upper * share[:, None],
            view.contributions,
            view.group,
            None if view.national is None else view.national.sampled(share, region_area),
        )
        sizes = np.bincount(reg, minlength=n_reg)
        targets = (
            sizes.copy()
            if prev == 0
            else np.ceil(MARGIN_FACTOR * sizes / math.sqrt(prev)).astype(np.int64) + 4 * n_func
        )
        out = column_generation(
            sub, p, targets, exact=False, penalty=penalty, backend=backend, national_p0=big_p
        )
        p, big_p = out.prices, out.national_prices
        sample_passes += out.passes * idx.shape[0] / max(view.n, 1)
        prev = m
        logger.debug("sample level %d cells/region: prices %s", m, np.round(p, 4).tolist())
        # the sample holds a copy of its rows of s: free it before the next level
        del sub, out, idx, reg
    del rank
    targets = (
        counts.copy()
        if prev == 0
        else np.ceil(MARGIN_FACTOR * counts / math.sqrt(prev)).astype(np.int64) + 4 * n_func
    )
    result = column_generation(
        view, p, targets, exact=True, penalty=penalty, backend=backend, national_p0=big_p
    )
    return result, sample_passes
