"""The ruimtelijke puzzel: a planning layer over the array engine.

Two levels:

- :mod:`novex.puzzle.engine`: the pure array engine (:class:`Problem`,
  :class:`Solution`, :func:`dual_bound`), re-exported here so that
  ``from novex.puzzle import Problem`` works;
- the planning layer: a puzzle spec (:func:`load_spec`) with land-use types, rules
  ("water en bodem sturend"), the voorkeursvolgorde tiers and the weighing principles,
  assembled from a workspace and solved per province (:func:`solve_spec`, which
  returns a :class:`PuzzleRun`).
"""

from __future__ import annotations

from novex.puzzle.engine import (
    NationalClaim,
    Problem,
    Solution,
    SolveStatus,
    check_feasibility,
    dual_bound,
    least_shortfall,
    share_bounds,
)
from novex.puzzle.runner import ProvinceRun, PuzzleRun, solve_spec
from novex.puzzle.spec import PuzzleSpec, load_spec

__all__ = [
    "NationalClaim",
    "Problem",
    "ProvinceRun",
    "PuzzleRun",
    "PuzzleSpec",
    "Solution",
    "SolveStatus",
    "check_feasibility",
    "dual_bound",
    "least_shortfall",
    "load_spec",
    "share_bounds",
    "solve_spec",
]
