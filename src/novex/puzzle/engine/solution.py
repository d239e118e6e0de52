"""The result of :meth:`Problem.solve`."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Solution", "SolveStatus"]


class SolveStatus(enum.StrEnum):
    """How good a solution is, in the words of its certificate.

    ``optimal``: the dual bound is within 1e-9 (relative) of the objective.
    ``within-gap``: within the requested gap tolerance.
    ``within-integrality``: the gap exceeds the tolerance but not what whole cells can
    cost: at most one cell per binding claim (a claim with a non-zero price) at the
    largest cell area times the suitability range (``info["integrality_allowance"]``).
    g(p) bounds the LP relaxation, and whole cells cannot meet a binding claim exactly.
    ``above-gap``: a valid allocation, but the certified gap exceeds both.
    ``elastic``: claims fall short (elastic mode); the rest of the map is optimal for
    the relaxed claims within the gap tolerance.
    ``infeasible``: the claims cannot all fit (strict mode). The engine raises
    :class:`~novex.errors.InfeasibleClaimsError` and returns no solution; the planning
    layer records this status for the run, so every run has a status from this enum.

    Examples
    --------
    >>> from novex.puzzle import SolveStatus
    >>> SolveStatus("within-gap") is SolveStatus.WITHIN_GAP
    True
    >>> [str(s) for s in SolveStatus]
    ['optimal', 'within-gap', 'within-integrality', 'above-gap', 'elastic', 'infeasible']
    """

    OPTIMAL = "optimal"
    WITHIN_GAP = "within-gap"
    WITHIN_INTEGRALITY = "within-integrality"
    ABOVE_GAP = "above-gap"
    ELASTIC = "elastic"
    INFEASIBLE = "infeasible"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, eq=False)
class Solution:
    """One type per cell, with the certificate and the fulfilment of every claim.

    Attributes
    ----------
    assignment : (N,) int
        Type index per cell.
    objective : float
        ``sum_i a_i s[i, assignment[i]]``, accumulated in float64.
    dual_bound : float
        g(prices); no allocation meeting the (relaxed) claims scores higher.
    gap : float
        ``(dual_bound - objective) / abs(dual_bound)``.
    prices : (R, F) float
        Suitability per hectare of each claim; they certify ``dual_bound``.
    allocated : (R, F) float
        Hectares per claim.
    shortfall : (R, F) float
        Hectares below the minimum (zero unless elastic).
    excess : (R, F) float
        Hectares above the maximum (zero unless elastic).
    demand_min, demand_max : (R, F) float
        The claims as given; in elastic mode the solve used ``demand_min - shortfall``
        and ``demand_max + excess``, and ``dual_bound`` refers to those.
    status : SolveStatus
    passes : float
        Passes over the suitability data, in whole-array equivalents.
    timings : dict of str to float
        Seconds per phase.
    national_prices : (K,) float
        Price of each national claim; with ``prices`` they certify ``dual_bound``
        (``dual_bound(problem, prices, national_prices=...)``).
    national_allocated, national_shortfall, national_excess : (K,) float
        Hectares per national claim over its regions.
    national : NationalArrays or None
        The national claims as solved (relaxed in elastic mode).

    Examples
    --------
    >>> import numpy as np
    >>> from novex.puzzle import Problem, SolveStatus
    >>> s = np.array([[0.9, 0.1], [0.8, 0.3], [0.2, 0.7]])
    >>> problem = Problem.from_arrays(s, [0, 0, 0], np.eye(2), [[1.0, 2.0]],
    ...                               region_names=["Utrecht"],
    ...                               function_names=["wonen", "natuur"])
    >>> solution = problem.solve()
    >>> solution.status is SolveStatus.OPTIMAL
    True
    >>> solution.assignment.tolist(), round(solution.objective, 9)
    ([0, 1, 1], 1.9)
    >>> solution.gap <= 1e-9
    True
    >>> for row in solution.claims():
    ...     print(row["function"], row["min_ha"], row["allocated_ha"], row["price"])
    wonen 1.0 1.0 0.0
    natuur 2.0 2.0 0.5
    """

    assignment: NDArray[np.int16]
    objective: float
    dual_bound: float
    gap: float
    prices: NDArray[np.float64]
    allocated: NDArray[np.float64]
    shortfall: NDArray[np.float64]
    excess: NDArray[np.float64]
    demand_min: NDArray[np.float64]
    demand_max: NDArray[np.float64]
    status: SolveStatus
    passes: float
    timings: dict[str, float]
    region_names: tuple[str, ...]
    function_names: tuple[str, ...]
    info: dict[str, Any] = field(default_factory=dict)
    national_prices: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    national_allocated: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    national_shortfall: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    national_excess: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    national: Any = None

    @property
    def solve_seconds(self) -> float:
        """Wall time of the whole solve."""
        return self.timings.get("total", float("nan"))

    def claims(self) -> list[dict[str, Any]]:
        """One row per claim: names, bounds, allocated, shortfall and price."""
        rows = []
        for r, rname in enumerate(self.region_names):
            for f, fname in enumerate(self.function_names):
                lo, hi = self.demand_min[r, f], self.demand_max[r, f]
                if lo <= 0 and np.isinf(hi):
                    continue
                rows.append(
                    {
                        "region": rname,
                        "function": fname,
                        "min_ha": float(lo),
                        "max_ha": float(hi),
                        "allocated_ha": float(self.allocated[r, f]),
                        "shortfall_ha": float(self.shortfall[r, f]),
                        "excess_ha": float(self.excess[r, f]),
                        "price": float(self.prices[r, f]),
                    }
                )
        return rows

    def national_parts(self) -> list[dict[str, Any]]:
        """One row per (national claim, region): the region's hectares and share of the
        claim's total, and its effective price (regional plus national)."""
        nat = self.national
        if nat is None:
            return []
        rows = []
        for k, name in enumerate(nat.names):
            f = int(nat.function[k])
            regs = np.flatnonzero(nat.member[k])
            total = float(self.allocated[regs, f].sum())
            for r in regs:
                ha = float(self.allocated[r, f])
                rows.append(
                    {
                        "national": name,
                        "function": self.function_names[f],
                        "region": self.region_names[r],
                        "allocated_ha": ha,
                        "share": ha / total if total > 0 else 0.0,
                        "national_price": float(self.national_prices[k]),
                        "price": float(self.prices[r, f] + self.national_prices[k]),
                    }
                )
        return rows

    def __repr__(self) -> str:
        return (
            f"Solution(status={self.status.value!r}, objective={self.objective:.6g}, "
            f"dual_bound={self.dual_bound:.6g}, gap={self.gap:.3g}, "
            f"max_shortfall_ha={float(self.shortfall.max(initial=0.0)):.6g}, "
            f"cells={self.assignment.shape[0]})"
        )
