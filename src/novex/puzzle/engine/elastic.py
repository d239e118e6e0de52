"""Elastic claims: the least shortfall, lexicographically by priority.

Feasibility depends only on the area of each (region, allowed-type pattern), so the
shortfall is found on that aggregated LP: for each priority level, highest first,
minimise the total hectares by which the level's claims are missed (below a minimum
or above a maximum), keeping every higher level at its minimum total. The claims are
then relaxed by exactly that shortfall and the map is solved for suitability as usual.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import highspy
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from novex.errors import PuzzleError
from novex.puzzle.engine.feasibility import type_patterns
from novex.puzzle.engine.restricted import new_highs

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem

__all__ = ["least_shortfall"]

logger = logging.getLogger(__name__)


def _region_shortfall(
    alw: NDArray[np.bool_],
    area: NDArray[np.float64],
    c: NDArray[np.float64],
    lo: NDArray[np.float64],
    hi: NDArray[np.float64],
    prio: NDArray[np.int64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(short, excess) per function of one region."""
    n_func = c.shape[1]
    loc, typ = np.nonzero(alw)
    n_pat = alw.shape[0]
    n_y = loc.shape[0]
    # columns: y (area of pattern on type), short_f, excess_f
    n_col = n_y + 2 * n_func
    rows_cell = sp.csr_matrix((np.ones(n_y), (loc, np.arange(n_y))), shape=(n_pat, n_col))
    cy = c[typ]  # (n_y, F)
    yy, ff = np.nonzero(cy)
    claim = sp.csr_matrix((cy[yy, ff], (ff, yy)), shape=(n_func, n_col)).tolil()
    for f in range(n_func):
        claim[f, n_y + f] = 1.0
        claim[f, n_y + n_func + f] = -1.0
    rows = [rows_cell, claim.tocsr()]
    row_lo = [area, lo]
    row_hi = [area, hi]
    col_lo = np.zeros(n_col)
    col_hi = np.concatenate([np.full(n_y, np.inf), np.full(2 * n_func, np.inf)])
    # a claim with no minimum cannot fall short; one with no maximum cannot overflow
    col_hi[n_y : n_y + n_func][lo <= 0] = 0.0
    col_hi[n_y + n_func :][np.isinf(hi)] = 0.0
    short = np.zeros(n_func)
    excess = np.zeros(n_func)
    levels = sorted(set(prio.tolist()), reverse=True)
    fixed_rows: list[sp.csr_matrix] = []
    fixed_hi: list[float] = []
    scale = max(1.0, float(area.sum()))
    for level in levels:
        in_level = prio == level
        cost = np.zeros(n_col)
        cost[n_y : n_y + n_func][in_level] = 1.0
        cost[n_y + n_func :][in_level] = 1.0
        a = sp.vstack([*rows, *fixed_rows]).tocsc()
        lp = highspy.HighsLp()
        lp.num_col_ = n_col
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = cost
        lp.col_lower_ = col_lo
        lp.col_upper_ = col_hi
        lp.row_lower_ = np.concatenate([*row_lo, np.full(len(fixed_hi), -np.inf)])
        lp.row_upper_ = np.concatenate([*row_hi, np.asarray(fixed_hi, dtype=np.float64)])
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data.astype(np.float64)
        h = new_highs()
        h.passModel(lp)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            raise PuzzleError(
                f"elastic shortfall LP ended with status {h.modelStatusToString(h.getModelStatus())!r}"
            )
        col = np.asarray(h.getSolution().col_value)
        short = np.maximum(col[n_y : n_y + n_func], 0.0)
        excess = np.maximum(col[n_y + n_func :], 0.0)
        total = float(cost @ col)
        fixed_rows.append(sp.csr_matrix(cost.reshape(1, -1)))
        fixed_hi.append(total + 1e-9 * scale)
    return short, excess


def least_shortfall(problem: Problem) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Least shortfall below the minimum and excess above the maximum per claim.

    Returns
    -------
    short, excess : (R, F) float
        Hectares; zero for every claim when all claims fit.
    """
    pats = type_patterns(problem)
    n_reg, n_func = problem.n_regions, problem.n_functions
    short = np.zeros((n_reg, n_func))
    excess = np.zeros((n_reg, n_func))
    for r in range(n_reg):
        alw, area = pats.of_region(r)
        if alw.shape[0] == 0:
            short[r] = problem.demand_min[r]
            continue
        short[r], excess[r] = _region_shortfall(
            alw,
            area,
            problem.contributions,
            problem.demand_min[r],
            problem.demand_max[r],
            problem.priority[r],
        )
    return short, excess
