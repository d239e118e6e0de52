"""The solve pipeline: check, (relax), search prices, round, certify."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.engine.coupled import round_national
from novex.puzzle.engine.dual import claim_term
from novex.puzzle.engine.elastic import least_shortfall
from novex.puzzle.engine.feasibility import check_feasibility, national_shortfall
from novex.puzzle.engine.kernels import assignment_pass, contribution_groups, resolve_backend
from novex.puzzle.engine.national import NationalArrays, effective_prices
from novex.puzzle.engine.primal import round_assignment
from novex.puzzle.engine.samples import search_prices
from novex.puzzle.engine.search import CellView
from novex.puzzle.engine.solution import Solution, SolveStatus
from novex.puzzle.engine.ties import regroup_ties

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem

__all__ = ["integrality_allowance", "solve_problem"]

logger = logging.getLogger(__name__)

_OPTIMAL_GAP = 1e-9


def integrality_allowance(
    problem: Problem, prices: NDArray[np.float64], fractional: int = 0
) -> float:
    """What whole cells may cost against the LP bound, in suitability-hectares.

    A basic LP optimum splits at most one cell per binding claim (a claim row with a
    non-zero price; with national claims ``prices`` are the effective prices, since the
    rounding meets each region's part of a national claim); rounding such a cell moves the
    objective by at most its area times the range of the suitability. So an integral map
    within ``n x max cell area x (max s - min s)`` of g(p) is as close as whole cells can
    be guaranteed to get (``benchmarks/README.md``, verification: "within R*F*max(s)"),
    with ``n`` the binding claims, or the ``fractional`` classes of cells that the LP
    answer the rounding started from splits, when there are more: a claim can be tight at
    a price of zero (degenerate duals), and it then splits a cell as well.
    """
    s = problem.suitability
    s_range = problem.derived(
        "s_range", lambda: float(np.max(s)) - float(np.min(s)) if s.size else 0.0
    )
    n_binding = max(int(np.count_nonzero(np.abs(prices) > 1e-12)), fractional)
    return n_binding * float(np.max(problem.cell_area)) * s_range


def solve_problem(
    problem: Problem,
    *,
    elastic: bool,
    gap_tolerance: float,
    backend: str | None,
    neighbours: NDArray[np.int32] | None = None,
    start_prices: NDArray[np.float64] | None = None,
) -> Solution:
    """Run the whole solve; see :meth:`Problem.solve`."""
    be = resolve_backend(backend)
    timings: dict[str, float] = {}
    t_start = time.perf_counter()
    lo = problem.demand_min
    hi = problem.demand_max
    short = np.zeros_like(lo)
    excess = np.zeros_like(lo)
    nat = problem.national
    if elastic:
        short, excess = least_shortfall(problem)
        slack_lo = 1e-7 * np.maximum(1.0, lo)
        lo = np.where(short > 0, np.maximum(0.0, lo - short - slack_lo), lo)
        hi = np.where(excess > 0, hi + excess + 1e-7 * np.maximum(1.0, hi), hi)
        if nat is not None:
            nat = _relax_national(problem, nat, lo, hi)
    else:
        check_feasibility(problem)
    timings["feasibility"] = time.perf_counter() - t_start

    s = problem.suitability
    s_range = float(np.max(np.abs(s[:: max(1, s.shape[0] // 100_000)]))) + 1.0
    c_pos = problem.contributions[problem.contributions > 0]
    penalty = 1e4 * s_range / (float(c_pos.min()) if c_pos.size else 1.0)
    view = CellView(
        s,
        problem.allowed,
        problem.region,
        problem.cell_area,
        lo,
        hi,
        problem.contributions,
        contribution_groups(problem.contributions),
        nat,
    )
    t0 = time.perf_counter()
    result, sample_passes = search_prices(view, penalty=penalty, backend=be, start=start_prices)
    timings["prices"] = time.perf_counter() - t0
    timings["lp"] = result.lp_seconds

    t0 = time.perf_counter()
    big_p = result.national_prices
    nat_term = 0.0 if nat is None else claim_term(big_p, nat.lower, nat.upper)
    lp_bound = float(result.last.region_max.sum()) - claim_term(result.prices, lo, hi) - nat_term
    abs_gap = 0.1 * gap_tolerance * abs(lp_bound) if np.isfinite(lp_bound) else None
    if nat is None:
        assign, n_frac = round_assignment(
            view,
            result,
            problem.region_names,
            penalty=penalty if elastic else None,
            abs_gap=abs_gap,
        )
    else:
        one_cell = integrality_allowance(problem, np.ones((1, 1)))  # largest cell x s range
        assign, n_frac = round_national(
            view, result, nat, problem.region_names, penalty if elastic else None, abs_gap, one_cell
        )
    timings["rounding"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    type_area, value = assignment_pass(
        s, assign, problem.region, problem.cell_area, problem.n_regions, backend=be
    )
    objective = float(value.sum())
    allocated = type_area @ problem.contributions
    prices = result.prices
    bound = float(result.last.region_max.sum()) - claim_term(prices, lo, hi) - nat_term
    timings["certificate"] = time.perf_counter() - t0
    ties: dict[str, int] = {}
    if neighbours is not None:
        # coherent ties: only swaps between cells with equal area and equal suitability
        # for both types, so the objective, the claims and g(p) are those just computed
        # (summed again in the new cell order, the float sum could differ in its last bit)
        t0 = time.perf_counter()
        assign, ties = regroup_ties(
            s, problem.allowed, problem.region, problem.cell_area, assign, neighbours
        )
        timings["ties"] = time.perf_counter() - t0
    timings["total"] = time.perf_counter() - t_start

    gap = (bound - objective) / abs(bound) if bound != 0 else (0.0 if objective == 0 else np.inf)
    gap = max(gap, 0.0) if gap > -1e-12 else gap
    allowance = integrality_allowance(problem, effective_prices(prices, nat, big_p), n_frac)
    shortfall = np.maximum(problem.demand_min - allocated, 0.0)
    over = np.maximum(allocated - problem.demand_max, 0.0)
    scale = max(1.0, float(np.max(problem.demand_min, initial=0.0)))
    shortfall[shortfall < 1e-9 * scale] = 0.0
    over[over < 1e-9 * scale] = 0.0
    if elastic and (shortfall.max(initial=0.0) > 0 or over.max(initial=0.0) > 0):
        status = SolveStatus.ELASTIC
    elif gap <= _OPTIMAL_GAP:
        status = SolveStatus.OPTIMAL
    elif gap <= gap_tolerance:
        status = SolveStatus.WITHIN_GAP
    elif bound - objective <= allowance:
        status = SolveStatus.WITHIN_INTEGRALITY
    else:
        status = SolveStatus.ABOVE_GAP
        logger.warning("certified gap %.3g is above the tolerance %.3g", gap, gap_tolerance)
    national: dict[str, object] = {}
    if nat is not None:
        alloc_k = np.array([allocated[nat.member[k], nat.function[k]].sum() for k in range(nat.n)])
        nat_short = np.maximum(problem.national.lower - alloc_k, 0.0)  # type: ignore[union-attr]
        nat_over = np.maximum(alloc_k - problem.national.upper, 0.0)  # type: ignore[union-attr]
        nat_scale = np.maximum(1.0, problem.national.lower)  # type: ignore[union-attr]
        nat_short[nat_short < 1e-9 * nat_scale] = 0.0
        nat_over[nat_over < 1e-9 * nat_scale] = 0.0
        if elastic and (nat_short.max() > 0 or nat_over.max() > 0):
            status = SolveStatus.ELASTIC
        national = {
            "national_prices": big_p.copy(),
            "national_allocated": alloc_k,
            "national_shortfall": nat_short,
            "national_excess": nat_over,
            "national": problem.national,
        }
    passes = sample_passes + result.passes + 1.0
    logger.info(
        "solved %d cells: objective %.9g, bound %.9g, gap %.3g, %d fractional, %.1f passes",
        problem.n_cells,
        objective,
        bound,
        gap,
        n_frac,
        passes,
    )
    return Solution(
        assignment=assign,
        objective=objective,
        dual_bound=bound,
        gap=float(gap),
        prices=prices,
        allocated=allocated,
        shortfall=shortfall,
        excess=over,
        demand_min=problem.demand_min,
        demand_max=problem.demand_max,
        status=status,
        passes=round(passes, 3),
        timings=timings,
        region_names=problem.region_names,
        function_names=problem.function_names,
        info={
            "fractional_cells": n_frac,
            "iterations": result.iterations,
            "contested_cells": int(sum(rp.cells.shape[0] for rp in result.regions)),
            "integrality_allowance": allowance,
            "backend": be,
            **ties,
        },
        **national,  # type: ignore[arg-type]
    )


def _relax_national(
    problem: Problem, nat: NationalArrays, lo: NDArray[np.float64], hi: NDArray[np.float64]
) -> NationalArrays:
    """Elastic mode: national claims relaxed by their least shortfall given the (relaxed)
    regional claims; the rest of the map is then optimal for the relaxed claims."""
    import dataclasses

    short, over = national_shortfall(problem, lo, hi)
    if short is None:
        return nat
    tol = 1e-7 * np.maximum(1.0, nat.lower)
    lower = np.where(short > tol, np.maximum(0.0, nat.lower - short - tol), nat.lower)
    upper = np.where(over > tol, nat.upper + over + tol, nat.upper)
    return dataclasses.replace(nat, lower=lower, upper=upper)
