"""National claims solved jointly: the provinces of a claim as one coupled problem.

A ``[[claims.national]]`` claim with ``split = "joint"`` asks its hectares of the sum
over the provinces, on top of their own claims on the function. The provinces then form
one engine problem (:meth:`~novex.puzzle.assemble.Assembly.joint_problem`) with one
national claim row and its own price in the certificate; the division over the
provinces follows from the optimum. The run reports, per national claim and province,
the hectares, the share of the total next to the province's capacity share (its share
of the room where the function is allowed) and the prices. Fairness rules (bounds on a
province's part relative to its capacity share) are reported with what they cost: the
objective with and without them.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.engine.solution import SolveStatus
from novex.puzzle.runner import finish_run
from novex.puzzle.runs import ProvinceRun
from novex.puzzle.tables import claim_rows, rule_rows

if TYPE_CHECKING:
    from novex.puzzle.assemble import Assembly
    from novex.puzzle.engine.solution import Solution

__all__ = ["NATIONAL_COLUMNS", "national_csv_rows", "solve_joint"]

log = logging.getLogger(__name__)

NATIONAL_COLUMNS = (
    "national",
    "function",
    "province",
    "province_name",
    "total_ha",
    "own_min_ha",
    "part_ha",
    "share",
    "capacity_share",
    "share_min_ha",
    "share_max_ha",
    "price",
    "national_price",
    "regional_price",
)
"""Columns of ``national.csv``: one row per (national claim, province)."""


def solve_joint(
    asm: Assembly, *, elastic: bool, compare_principles: bool
) -> tuple[dict[str, tuple[ProvinceRun, NDArray[np.integer] | None]], list[dict[str, Any]]]:
    """Solve the provinces of the joint national claims as one problem.

    Returns each province's run and assignment, and one report per national claim.
    Every province of the group carries the group's status, objective, dual bound and
    gap (the certificate is one for the coupled problem).
    """
    codes = list(asm.parts)
    t0 = time.perf_counter()
    problem = asm.joint_problem(codes)
    runs: dict[str, tuple[ProvinceRun, NDArray[np.integer] | None]] = {}
    rules = {c: rule_rows(asm, c) for c in codes}
    try:
        sol = problem.solve(elastic=elastic)
    except InfeasibleClaimsError as err:
        conflicts = list(err.conflicts) if isinstance(err.conflicts, list) else []
        for c in codes:
            run = ProvinceRun(
                asm.parts[c].province, SolveStatus.INFEASIBLE, elastic, rules=rules[c]
            )
            run.conflicts = conflicts
            run.claims = claim_rows(asm, c, np.zeros(len(asm.functions)), None, rules[c], False)
            run.timings["solve"] = time.perf_counter() - t0
            runs[c] = (run, None)
        log.info("joint national claims do not fit (strict): %s", err)
        reports = [
            {**_base(nat), "status": "infeasible", "message": str(err)}
            for nat in asm.joint_claims()
        ]
        return runs, reports
    dt = time.perf_counter() - t0
    n_total = max(1, problem.n_cells)
    offsets = np.concatenate([[0], np.cumsum([asm.parts[c].n_cells for c in codes])])
    cache: dict[frozenset[str], NDArray[np.integer]] = {}

    def without(on: frozenset[str]) -> NDArray[np.integer]:
        if on not in cache:  # one joint solve per switched-off principle, shared
            cache[on] = np.asarray(asm.joint_problem(codes, on).solve(elastic=elastic).assignment)
        return cache[on]

    for k, c in enumerate(codes):
        sl = slice(int(offsets[k]), int(offsets[k + 1]))
        run = ProvinceRun(asm.parts[c].province, sol.status, elastic, rules=rules[c])
        run.objective, run.dual_bound, run.gap = sol.objective, sol.dual_bound, sol.gap
        run.passes = float(sol.passes)
        run.timings["solve"] = dt * (sl.stop - sl.start) / n_total
        run.timings["joint_solve"] = dt
        assign = np.asarray(sol.assignment[sl])

        def solve_without(on: frozenset[str], sl: slice = sl) -> NDArray[np.integer]:
            return without(on)[sl]

        finish_run(asm, c, run, assign, np.asarray(sol.prices[k : k + 1]), solve_without,
                   compare_principles)  # fmt: skip
        runs[c] = (run, assign)
    reports = _reports(asm, codes, sol, elastic)
    log.info("joint national claims: %s, gap %.3g, %.2f s", sol.status, sol.gap, dt)
    return runs, reports


def _base(nat: dict[str, Any]) -> dict[str, Any]:
    top = nat["demand_max"]
    return {
        "id": nat["id"],
        "function": nat["function"],
        "demand_min": nat["demand_min"],
        "demand_max": top if np.isfinite(top) else None,
        "split": "joint",
        "max_share_factor": nat.get("max_share_factor"),
        "min_share_factor": nat.get("min_share_factor"),
        "source": nat["source"],
        "status_claim": nat["status"],
    }


def _reports(asm: Assembly, codes: list[str], sol: Solution, elastic: bool) -> list[dict[str, Any]]:
    fair = any(
        n.get("max_share_factor") is not None or n.get("min_share_factor") is not None
        for n in asm.joint_claims()
    )
    unfair: float | None = None
    if fair:  # what the fairness rules cost: the same problem without them
        try:
            free = asm.joint_problem(codes, share_bounds=False).solve(elastic=elastic)
            unfair = float(free.objective)
        except InfeasibleClaimsError:
            unfair = None
    reports = []
    nat_arrays = sol.national
    assert nat_arrays is not None
    for k, nat in enumerate(asm.joint_claims()):
        f = asm.functions.index(nat["function"])
        totals = sol.allocated[:, f]
        own = np.array([asm.demand(c, share_bounds=False)[0][0, f] for c in codes])
        part = np.maximum(totals - own, 0.0)
        bounds = {c: (0.0, np.inf) for c in codes}
        for c in codes:
            for func, lo, hi in asm.parts[c].share_bounds:
                if func == nat["function"]:
                    bounds[c] = (lo, hi)
        provinces = []
        for r, c in enumerate(codes):
            lo_b, hi_b = bounds[c]
            provinces.append(
                {
                    "national": nat["id"],
                    "function": nat["function"],
                    "province": c,
                    "province_name": asm.parts[c].province.name_nl,
                    "total_ha": float(totals[r]),
                    "own_min_ha": float(own[r]),
                    "part_ha": float(part[r]),
                    "share": float(part[r] / part.sum()) if part.sum() > 0 else 0.0,
                    "capacity_share": float(nat["capacity_share"].get(c, 0.0)),
                    "share_min_ha": lo_b if lo_b > 0 else None,
                    "share_max_ha": hi_b if np.isfinite(hi_b) else None,
                    "price": float(sol.prices[r, f] + sol.national_prices[k]),
                    "national_price": float(sol.national_prices[k]),
                    "regional_price": float(sol.prices[r, f]),
                }
            )
        reports.append(
            {
                **_base(nat),
                "status": str(sol.status),
                "price": float(sol.national_prices[k]),
                "total_min_ha": float(nat_arrays.lower[k]),
                "allocated_ha": float(sol.national_allocated[k]),
                "part_ha": float(part.sum()),
                "shortfall_ha": float(sol.national_shortfall[k]),
                "objective": sol.objective,
                "dual_bound": sol.dual_bound,
                "gap": sol.gap,
                "objective_without_fairness": unfair,
                "fairness_cost": None if unfair is None else unfair - sol.objective,
                "shares": {p["province"]: p["share"] for p in provinces},
                "capacity_share": dict(nat["capacity_share"]),
                "province_totals_ha": {p["province"]: p["total_ha"] for p in provinces},
                "provinces": provinces,
            }
        )
    return reports


def national_csv_rows(national: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of ``national.csv``: every province of every jointly solved national claim."""
    return [row for nat in national for row in nat.get("provinces", [])]
