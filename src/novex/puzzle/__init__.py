"""The ruimtelijke puzzel: claims + rules + suitability -> a certified allocation.

Build a :class:`Problem` from arrays, :meth:`~Problem.solve` it, and read the
:class:`Solution`: one type per cell, the claims' fulfilment and shortfall, and the
prices that certify the dual bound (recompute it with :func:`dual_bound`).
"""

from __future__ import annotations

from novex.puzzle.dual import dual_bound
from novex.puzzle.elastic import least_shortfall
from novex.puzzle.feasibility import check_feasibility
from novex.puzzle.problem import Problem
from novex.puzzle.solution import Solution, SolveStatus

__all__ = [
    "Problem",
    "Solution",
    "SolveStatus",
    "check_feasibility",
    "dual_bound",
    "least_shortfall",
]
