"""Small LPs and MIPs over a subset of (cell, type) pairs of one region, via HiGHS.

Cells outside the subset are held at a fixed type; their contributions are taken off
the claims (the residual demands). The LP is written as a minimisation of
``-sum a s x`` so that HiGHS' row duals of the claim rows are the prices ``p``
(>= 0 where a minimum binds, <= 0 where a maximum binds).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field

import highspy
import numpy as np
from numpy.typing import NDArray

__all__ = ["RestrictedResult", "new_highs", "solve_pairs"]

logger = logging.getLogger(__name__)


@dataclass
class RestrictedResult:
    """Solution of one restricted program.

    ``x`` holds the value per pair, ``prices`` the claim-row duals (LP only),
    ``slack`` the total slack used (0 when the restricted claims were met),
    ``objective`` the suitability-hectares of the pairs (without slack penalty).
    """

    status: str
    x: NDArray[np.float64]
    prices: NDArray[np.float64]
    slack: float
    objective: float
    short: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    excess: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


_BANNER_SEEN = False
_BANNER_LOCK = threading.Lock()
_IPM_PAIRS = 40_000


def new_highs(time_limit: float | None = None) -> highspy.Highs:
    """A silent, single-threaded, deterministic HiGHS instance."""
    global _BANNER_SEEN
    if not _BANNER_SEEN:
        with _BANNER_LOCK:  # regions solve in threads: silence the banner exactly once
            if not _BANNER_SEEN:
                # the first instance prints a licence banner on the process's stdout
                sys.stdout.flush()
                saved = os.dup(1)
                try:
                    with open(os.devnull, "w") as null:
                        os.dup2(null.fileno(), 1)
                        highspy.Highs()
                finally:
                    os.dup2(saved, 1)
                    os.close(saved)
                _BANNER_SEEN = True
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    return h


def solve_pairs(
    pair_cell: NDArray[np.int64],
    pair_type: NDArray[np.int64],
    cell_area: NDArray[np.float64],
    value: NDArray[np.float64],
    contributions: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    *,
    penalty: float | None = None,
    integer: bool = False,
    time_limit: float | None = None,
    node_limit: int | None = None,
    multiplicity: NDArray[np.int64] | None = None,
    abs_gap: float | None = None,
    pair_bounds: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None,
) -> RestrictedResult:
    """Solve max ``sum a s x`` over pairs with one type per cell and claim bounds.

    Parameters
    ----------
    pair_cell : (P,) int
        Local cell index 0..K-1 of each pair; every cell must have a pair.
    pair_type : (P,) int
        Type of each pair.
    cell_area : (K,) float
    value : (P,) float
        Suitability of each pair.
    contributions : (T, F) float
    lower, upper : (F,) float
        Residual claim bounds in hectares (may be -inf / inf).
    penalty : float, optional
        If given, each claim may be violated at this cost per hectare (the result's
        ``slack`` says by how much).
    integer : bool
        Solve the MIP (one whole type per cell) instead of the LP.
    time_limit : float, optional
        Seconds; a MIP stopped by it returns its best whole-cell incumbent.
    node_limit : int, optional
        Branch-and-bound nodes of the MIP; stopped by it, the MIP returns its best
        incumbent. Unlike a time limit this gives the same answer on any machine.
    multiplicity : (K,) int, optional
        Number of identical cells each local cell stands for (a class of cells with the
        same area and the same values on its pairs). Its row then sums to the count and
        ``x`` holds counts per pair (whole counts in the MIP).
    abs_gap : float, optional
        Absolute optimality tolerance of the MIP (suitability-hectares); default 1e-9.
    pair_bounds : ((P,) float, (P,) float), optional
        Lower and upper bounds per pair (within 0 and the multiplicity), e.g. a window
        around an LP solution for a rounding MIP.
    """
    n_pairs = pair_cell.shape[0]
    n_cells = cell_area.shape[0]
    n_func = contributions.shape[1]
    a = cell_area[pair_cell]
    # column entries: the cell row, then the claim rows where C[t, f] != 0
    nz_t, nz_f = np.nonzero(contributions)
    per_type = np.bincount(nz_t, minlength=contributions.shape[0])
    type_start = np.concatenate([[0], np.cumsum(per_type)])
    counts = 1 + per_type[pair_type]
    start = np.zeros(n_pairs + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    nnz = int(start[-1])
    index = np.empty(nnz, dtype=np.int32)
    data = np.empty(nnz, dtype=np.float64)
    index[start[:-1]] = pair_cell
    data[start[:-1]] = 1.0
    max_k = int(per_type.max()) if per_type.size else 0
    for k in range(max_k):
        has = per_type[pair_type] > k
        pos = start[:-1][has] + 1 + k
        j = type_start[pair_type[has]] + k
        index[pos] = n_cells + nz_f[j]
        data[pos] = a[has] * contributions[pair_type[has], nz_f[j]]
    cost = -(a * value)
    col_lower = np.zeros(n_pairs)
    mult = np.ones(n_cells) if multiplicity is None else multiplicity.astype(np.float64)
    col_upper = mult[pair_cell]
    if pair_bounds is not None:
        col_lower = np.maximum(col_lower, pair_bounds[0])
        col_upper = np.minimum(col_upper, pair_bounds[1])
    row_lower = np.concatenate([mult, lower])
    row_upper = np.concatenate([mult, upper])
    n_slack = 0
    if penalty is not None:
        # one slack column per claim row and direction: +s helps a minimum, -s a maximum
        rows = np.arange(n_func)
        s_start = nnz + np.arange(2 * n_func + 1)
        index = np.concatenate([index, n_cells + rows, n_cells + rows]).astype(np.int32)
        data = np.concatenate([data, np.ones(n_func), -np.ones(n_func)])
        start = np.concatenate([start, s_start[1:]])
        cost = np.concatenate([cost, np.full(2 * n_func, penalty)])
        col_lower = np.concatenate([col_lower, np.zeros(2 * n_func)])
        col_upper = np.concatenate([col_upper, np.full(2 * n_func, np.inf)])
        n_slack = 2 * n_func

    lp = highspy.HighsLp()
    lp.num_col_ = n_pairs + n_slack
    lp.num_row_ = n_cells + n_func
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = start.astype(np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = data
    if integer:
        kinds = [highspy.HighsVarType.kInteger] * n_pairs + [
            highspy.HighsVarType.kContinuous
        ] * n_slack
        lp.integrality_ = kinds
    h = new_highs(time_limit)
    if not integer:
        # the cell rows are one-type-per-cell equalities; presolve only slows these down
        h.setOptionValue("presolve", "off")
        if n_pairs > _IPM_PAIRS:
            # large restricted LPs on tie-heavy data are highly degenerate: the dual
            # simplex stalls, interior point + crossover (a basic optimum) does not
            h.setOptionValue("solver", "ipm")
            h.setOptionValue("run_crossover", "on")
    if integer:
        # MIP presolve (probing, clique extraction) ignores the time limit on the
        # large tie-heavy rounding problems and can run for many minutes
        h.setOptionValue("presolve", "off")
        h.setOptionValue("mip_rel_gap", 0.0 if abs_gap is not None else 1e-9)
        h.setOptionValue("mip_abs_gap", 1e-9 if abs_gap is None else max(float(abs_gap), 1e-9))
        if node_limit is not None:
            h.setOptionValue("mip_max_nodes", int(node_limit))
    h.passModel(lp)
    t_run = time.perf_counter()
    h.run()
    status = h.getModelStatus()
    logger.debug(
        "%s: %d classes, %d pairs, %s in %.3f s",
        "MIP" if integer else "LP",
        n_cells,
        n_pairs,
        h.modelStatusToString(status),
        time.perf_counter() - t_run,
    )
    if not integer and n_pairs > _IPM_PAIRS and status != highspy.HighsModelStatus.kOptimal:
        # interior point can misjudge a badly scaled LP (the elastic slack costs are
        # large) as infeasible; the dual simplex decides it exactly
        logger.debug("restricted LP with %d pairs: IPM says %s, retrying with simplex",
                     n_pairs, h.modelStatusToString(status))  # fmt: skip
        h.clearSolver()
        h.setOptionValue("solver", "simplex")
        h.run()
        status = h.getModelStatus()
    name = h.modelStatusToString(status)
    sol = h.getSolution()
    has_sol = status == highspy.HighsModelStatus.kOptimal or (
        integer and h.getInfo().primal_solution_status == 2
    )
    if not has_sol:
        logger.debug("restricted %s with %d pairs: %s", "MIP" if integer else "LP", n_pairs, name)
        return RestrictedResult(name, np.zeros(n_pairs), np.zeros(n_func), np.inf, -np.inf)
    col = np.asarray(sol.col_value, dtype=np.float64)
    x = col[:n_pairs]
    slack = float(col[n_pairs:].sum()) if n_slack else 0.0
    prices = np.zeros(n_func) if integer else np.asarray(sol.row_dual, dtype=np.float64)[n_cells:]
    short = col[n_pairs : n_pairs + n_func] if n_slack else np.zeros(n_func)
    excess = col[n_pairs + n_func :] if n_slack else np.zeros(n_func)
    return RestrictedResult(
        "optimal" if status == highspy.HighsModelStatus.kOptimal else name,
        x,
        prices,
        slack,
        float(np.dot(a * value, x)),
        short,
        excess,
    )
