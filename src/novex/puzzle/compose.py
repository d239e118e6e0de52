"""Fused loops that compose a province's (N, T) suitability (:mod:`novex.puzzle.province`).

The terms of :meth:`Recipe.base_of <novex.puzzle.province.Recipe.base_of>` are added
cell by cell in one pass over the (N, T) array instead of one numpy pass (and one
block-sized temporary) per term. Each value is computed with the same float32
operations in the same order as the numpy expressions, so the arrays are the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numba
import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from novex.puzzle.principles import PrincipleTerms

__all__ = ["add_terms", "compose_base"]


@numba.njit(cache=True, nogil=True)
def compose_base(
    base_t: NDArray[np.float32],
    vals: NDArray[np.float32],
    shares: NDArray[np.float32],
    cost: NDArray[np.float32],
    cur: NDArray[np.int16],
    keep: NDArray[np.bool_],
    keep_value: np.float32,
    out: NDArray[np.float32],
) -> None:
    """``out[i, t] = base_t[t] + sum_k vals[k, i] * shares[k, t] - cost[cur[i], t]``.

    The terms are added in the order k = 0, 1, ... as float32, like ``block += vals[k,
    :, None] * shares[k]`` term by term; keep types (``keep[t]``) get ``keep_value``.

    Parameters
    ----------
    base_t : (T,) float32
        The base per type.
    vals : (K, N) float32
        Each term's weighted value per cell.
    shares : (K, T) float32
        Each term's share per type.
    cost : (C, T) float32
        Conversion cost per current class and type.
    cur : (N,) int16
        Current class index per cell.
    keep : (T,) bool
        Keep types.
    keep_value : float32
        What a keep type scores.
    out : (N, T) float32
        Written in place.
    """
    n, nt = out.shape
    nk = vals.shape[0]
    for i in range(n):
        row = out[i]
        for t in range(nt):
            row[t] = base_t[t]
        for k in range(nk):
            v = vals[k, i]
            for t in range(nt):
                row[t] += v * shares[k, t]
        c = cur[i]
        for t in range(nt):
            row[t] = keep_value if keep[t] else row[t] - cost[c, t]


@numba.njit(cache=True, nogil=True)
def _add_terms(
    s: NDArray[np.float32],
    tier: NDArray[np.int8],
    tier_bonus: NDArray[np.float32],
    tier_share: NDArray[np.float32],
    tier_on: NDArray[np.bool_],
    combination: NDArray[np.float32],
    soil_index: NDArray[np.int16],
    soil_fit: NDArray[np.float32],
    elevation_fit: NDArray[np.float32],
    half: NDArray[np.float32],
    one_minus_half: NDArray[np.float32],
    identity_weight: np.float32,
    penalty: NDArray[np.float32],
    shift_share: NDArray[np.float32],
    shift_weight: np.float32,
    flags: NDArray[np.bool_],
) -> None:
    """The terms of :func:`add_terms`, per value in the order numpy adds them."""
    n, nt = s.shape
    p5 = np.float32(0.5)
    use_tier, use_comb, use_ident = flags[0], flags[1], flags[2]
    use_elev, use_shift = flags[3], flags[4]
    for i in range(n):
        row = s[i]
        if use_tier:
            bonus = tier_bonus[tier[i]]
            for t in range(nt):
                if tier_on[t]:
                    row[t] += bonus * tier_share[t]
        if use_comb:
            for t in range(nt):
                row[t] += combination[t]
        if use_ident:
            fits = soil_fit[soil_index[i]]
            if use_elev:
                z = elevation_fit[i]
                for t in range(nt):
                    fit = fits[t] * one_minus_half[t] + z * half[t]
                    row[t] += identity_weight * (fit - p5)
            else:
                for t in range(nt):
                    row[t] += identity_weight * (fits[t] - p5)
        if use_shift:
            w = shift_weight * penalty[i]
            for t in range(nt):
                row[t] -= w * shift_share[t]


def add_terms(
    s: NDArray[np.float32],
    terms: PrincipleTerms,
    on: frozenset[str],
    tier: NDArray[np.int8] | None,
    tier_bonus: NDArray[np.float32],
    tier_share: NDArray[np.float32],
) -> None:
    """Add the tier bonus (``tier``: None for none) and the principle terms in ``on`` to
    ``s`` in place, in one pass over it.

    Per cell i and type t, in this order and in float32: ``tier_bonus[tier[i]] *
    tier_share[t]`` where the share is non-zero; ``combination[t]`` (combinaties);
    ``identity_weight * (fit - 0.5)`` with ``fit = soil_fit[soil_index[i], t]``, mixed
    with ``elevation_fit[i]`` by half of ``elevation_share[t]`` when there is one
    (identiteit); minus ``shift_weight * penalty[i] * shift_share[t]`` (afwenteling).
    """
    f32 = np.float32
    empty = np.zeros(0, dtype=f32)
    soil_index, soil_fit = np.zeros(0, dtype=np.int16), np.zeros((0, 0), dtype=f32)
    use_ident = "identiteit" in on and terms.soil_index is not None and terms.soil_fit is not None
    if use_ident and terms.soil_index is not None and terms.soil_fit is not None:
        soil_index, soil_fit = terms.soil_index, terms.soil_fit
    elevation_fit = terms.elevation_fit if use_ident else None
    penalty = terms.penalty if "afwenteling" in on else None
    half = 0.5 * terms.elevation_share  # float32: the mix of soil and elevation fit
    flags = np.array(
        [tier is not None, "combinaties" in on, use_ident, elevation_fit is not None,
         penalty is not None]
    )  # fmt: skip
    _add_terms(
        s,
        tier if tier is not None else np.zeros(0, dtype=np.int8),
        np.asarray(tier_bonus, dtype=f32),
        np.asarray(tier_share, dtype=f32),
        np.asarray(tier_share) != 0,
        terms.combination,
        soil_index,
        soil_fit,
        empty if elevation_fit is None else elevation_fit,
        half.astype(f32, copy=False),
        (1.0 - half).astype(f32, copy=False),
        f32(terms.identity_weight),
        empty if penalty is None else penalty.reshape(-1),
        terms.shift_share,
        f32(terms.shift_weight),
        flags,
    )
