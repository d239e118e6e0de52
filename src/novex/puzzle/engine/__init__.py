"""The array-level puzzle engine: claims + rules + suitability arrays -> a certified allocation.

The engine knows nothing of geography, workspaces or specs: it takes numpy arrays
(suitability per cell and type, region per cell, contributions of types to functions,
claims per region and function) and imports only numpy, numba, scipy, highspy and
:mod:`novex.errors`. Build a :class:`Problem`, :meth:`~Problem.solve` it, and read the
:class:`Solution`: one type per cell, the claims' fulfilment and shortfall, and the
prices that certify the dual bound (recompute it with :func:`dual_bound`). The maths is
in ``docs/puzzle-engine.md``.
"""

from __future__ import annotations

from novex.puzzle.engine.dual import dual_bound
from novex.puzzle.engine.elastic import least_shortfall
from novex.puzzle.engine.feasibility import check_feasibility
from novex.puzzle.engine.national import NationalClaim, share_bounds
from novex.puzzle.engine.problem import Problem
from novex.puzzle.engine.search import set_lp_threads
from novex.puzzle.engine.solution import Solution, SolveStatus

__all__ = [
    "NationalClaim",
    "Problem",
    "Solution",
    "SolveStatus",
    "check_feasibility",
    "dual_bound",
    "least_shortfall",
    "set_lp_threads",
    "share_bounds",
]
