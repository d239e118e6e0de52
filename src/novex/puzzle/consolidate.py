"""The consolidation pass of ``samenhang``: tiny patches moved to the edge of larger ones.

After the solve, a new use that the optimum left in a patch of one or two cells is moved,
cell by cell, to a cell on the edge of a larger patch of the same use. Each move is a
**swap** of two cells of equal area: cell ``r`` of the tiny patch takes a type ``u`` and
cell ``d`` next to the larger patch gives up its type ``u'`` for the new use ``t``, where
``u`` and ``u'`` count the same for every function (the same type, or for example two
keep types that count for nothing). So every function's hectares, and with them every
claim's (claims are linear in the area per type), stay exactly what they were: the map
meets the same claims, and the dual bound of the solve stays a valid upper bound for it.
Only the objective goes down, by what the swap gives up:
``(s[r, t] - s[r, u]) - (s[d, t] - s[d, u'])`` suitability per hectare.

The pass is greedy and deterministic:

- the new types are taken in type order; a tiny patch (one or two cells, 4-connected) is
  moved whole or not at all, patches in the order of their first cell;
- the *hosts* of a type are its patches of three or more cells;
- each cell of a tiny patch goes to the cell next to a host (or next to a cell moved
  there before) that gives up least, among the types ``u`` the cell may take: a keep
  type (the cell keeps its current use), or a new type of one of its neighbours, so the
  cell joins a patch of ``u``; a cell of a new type ``u'`` is taken from its patch only
  where that patch stays connected around it (the simple-point test on its 8 neighbours)
  and keeps three or more cells, so the pass never makes a patch of another use tiny;
- with the claims given (``demand_min``, ``demand_max``), the tiny patches that no such
  exact swap can move are then tried, cheapest first, with swaps where ``u`` and ``u'``
  count differently, as long as every function stays within its claim (the room of a
  claim: the map still meets every claim the solve met, so the bound still holds);
- the tiny patches still left then **gather**: the largest of them (then the first) is
  a host for the others, which move next to it as above, and so on with the next;
- a tiny patch still left **grows** to three cells: a cell next to it takes the new use
  and a cell on the edge of a patch of four or more cells of the same use gives it up
  (taking a type that counts as the first cell's did, or within the room of the claims),
  where that patch stays in one piece; the others may then move next to the grown one.
  (On the demo, defensie's patches lie inside B2: no cell next to them may take a swap
  that keeps the claims, so its lone cells elsewhere could not be moved);
- with the claims given, a tiny patch still left (or the only cells of a type, fewer
  than three) grows to three cells **balanced** elsewhere: the cheapest cells next to
  it take its use and one cell on the edge of a patch of four or more of its type (or
  of a keep type) changes type so that every function stays within its claim (on the
  demo: a lone A1 cell in Gelderland, where the nature claim binds); failing that it is
  **given up**: each of its cells takes the cheapest other type it may take (a keep
  type, or the new type of a neighbour), every function staying within its claim;
- a patch is moved only while the suitability given up stays within ``budget``.

>>> import numpy as np
>>> from novex.puzzle.coherence import grid_neighbours
>>> # a 1 x 6 strip: type 0 (new) in cells 0-2 and a lone cell 5; type 1 keeps the rest
>>> a = np.array([0, 0, 0, 1, 1, 0])
>>> s = np.array([[1.0, 0.9]] * 6)
>>> s[5, 0] = 1.05  # the lone cell is slightly better for type 0
>>> out = consolidate(s, None, a, grid_neighbours(np.arange(6), (1, 6)), 1.0,
...                   np.array([True, False]), budget=1.0)
>>> out.assignment.tolist(), out.swaps, round(out.given_up, 6)
([0, 0, 0, 0, 1, 1], 1, 0.05)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.consolidate_pass import PassState
from novex.puzzle.patches import patch_labels

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem
    from novex.puzzle.engine.solution import Solution

__all__ = ["Consolidation", "consolidate", "consolidate_solution", "patch_labels"]


@dataclass
class Consolidation:
    """What the consolidation pass did to one map.

    Attributes
    ----------
    assignment : (N,) int
        The map after the pass.
    swaps : int
        Swaps made; each moves one cell of a new use (``moved_ha``).
    moved_ha : float
        Hectares of new use moved (the area of the cells it left).
    given_up : float
        Suitability given up by the swaps, in suitability-hectares (the objective before
        minus after, under the suitability the pass was given).
    budget : float
        The most it was allowed to give up.
    left : int
        Tiny patches left at the end (no partner cell or donor, or over budget).
    dissolved : int
        Cells of tiny patches that could neither move nor grow and took another type
        within the room of the claims (their new use given up; see :func:`consolidate`).
    grown : int
        Cells that took a new use to grow a tiny patch no patch of its type could give
        cells to, balanced by one cell elsewhere within the room of the claims.
    exact_swaps : int
        Swaps that left every function's hectares as they were (the others use the
        room a claim leaves, see :func:`consolidate`).
    delta_ha : (F,) float
        Per function, the hectares after minus before (zero without such swaps).
    by_type : dict
        Per type index: ``swaps``, ``moved_ha`` and ``given_up``.
    """

    assignment: NDArray[np.integer]
    swaps: int = 0
    moved_ha: float = 0.0
    given_up: float = 0.0
    budget: float = 0.0
    left: int = 0
    dissolved: int = 0
    grown: int = 0
    exact_swaps: int = 0
    delta_ha: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    by_type: dict[int, dict[str, float]] = field(default_factory=dict)


def consolidate(
    suitability: NDArray[np.floating],
    allowed: NDArray[np.bool_] | None,
    assignment: NDArray[np.integer],
    neighbours: NDArray[np.int32],
    cell_area: NDArray[np.floating] | float,
    new: NDArray[np.bool_],
    *,
    budget: float,
    contributions: NDArray[np.floating] | None = None,
    demand_min: NDArray[np.floating] | None = None,
    demand_max: NDArray[np.floating] | None = None,
) -> Consolidation:
    """Move the tiny patches of the new types next to larger patches of the same type.

    Parameters
    ----------
    suitability : (N, T) float
        The suitability of the problem that was solved (the objective it certifies).
    allowed : (N, T) bool or None
        Which types each cell may take (None: all).
    assignment : (N,) int
        The solved map; not changed.
    neighbours : (N, 4) int
        4-neighbours per cell (:func:`novex.puzzle.coherence.grid_neighbours`).
    cell_area : float or (N,) float
        Hectares per cell; two cells swap only when their areas are equal.
    new : (T,) bool
        The new (non-keep) types, whose patches are consolidated.
    budget : float
        The most suitability-hectares the pass may give up.
    contributions : (T, F) float, optional
        Hectares per hectare of each type for each function. With it, the type the
        moved cell takes and the type the partner cell gives up need only count the
        same for every function (all keep types that count for nothing are alike), so
        every function's hectares stay exactly equal; without it they must be one type.
    demand_min, demand_max : (F,) float, optional
        The claims of the province, per function. With them (and ``contributions``),
        a tiny patch that no such exact swap can move may also be moved by a swap that
        changes a function's hectares, as long as every function stays within its
        claim (a function already outside stays where it is or comes closer); the map
        then still meets the claims the solve met.

    Returns
    -------
    Consolidation
    """
    a = np.array(assignment, dtype=np.int64, copy=True)
    n, n_types = suitability.shape
    area = np.asarray(cell_area, dtype=np.float64).ravel()
    if area.size == 1:
        area = np.full(n, float(area[0]))
    contrib = (
        np.eye(n_types) if contributions is None else np.asarray(contributions, dtype=np.float64)
    )
    bounds = None
    if demand_min is not None and demand_max is not None and contributions is not None:
        bounds = (
            np.asarray(demand_min, dtype=np.float64),
            np.asarray(demand_max, dtype=np.float64),
        )
    out = Consolidation(assignment=a, budget=float(budget), delta_ha=np.zeros(contrib.shape[1]))
    state = PassState(suitability, allowed, a, neighbours, area, np.asarray(new, dtype=bool), contrib,
                  bounds, out)  # fmt: skip
    for t in np.flatnonzero(state.new):
        state.run_type(int(t))
    return out


def consolidate_solution(
    problem: Problem,
    solution: Solution,
    neighbours: NDArray[np.int32],
    new: NDArray[np.bool_],
    *,
    budget: float,
    keep_status: bool = True,
    claim_room: bool = True,
    gap_tolerance: float = 1e-6,
) -> Solution:
    """Run :func:`consolidate` on a solved problem; the solution of the map it leaves.

    ``budget`` is relative to the objective (1e-4: at most 0.01 % of it). With
    ``keep_status`` the pass also stays within what the certificate's integrality
    allowance leaves (``solution.info["integrality_allowance"]`` minus the gap in
    suitability-hectares), so the status the solve earned stays. With ``claim_room`` it
    may use the room a claim leaves (see :func:`consolidate`).

    The dual bound and the prices are the solve's: the map still meets every claim the
    solve met (the types' areas are unchanged, or every function stays within its
    claim), so the bound is still an upper bound for it. The objective, gap and status
    are computed again for the new map (the status by the rules of
    :class:`~novex.puzzle.engine.solution.SolveStatus`; a solve that fell short stays
    ``elastic``). ``info["consolidation"]`` holds what the pass did: ``swaps``,
    ``exact_swaps``, ``moved_ha``, ``given_up``, ``budget``, ``left``, ``delta_ha`` (per
    function) and ``by_type`` (per type id), and ``seconds``.
    """
    import time
    from dataclasses import replace

    from novex.puzzle.engine.solution import SolveStatus

    t0 = time.perf_counter()
    s = problem.suitability
    area = problem.cell_area
    limit = float(budget) * abs(float(solution.objective))
    allowance = float(solution.info.get("integrality_allowance", np.inf))
    if keep_status and np.isfinite(allowance):
        room = allowance - (float(solution.dual_bound) - float(solution.objective))
        limit = min(limit, max(room, 0.0))
    lo = hi = None
    if claim_room and problem.n_regions == 1:
        lo = np.maximum(problem.demand_min[0] - solution.shortfall[0], 0.0)
        hi = problem.demand_max[0] + solution.excess[0]
    result = consolidate(
        s,
        problem.allowed,
        np.asarray(solution.assignment),
        neighbours,
        area,
        new,
        budget=limit,
        contributions=problem.contributions,
        demand_min=lo,
        demand_max=hi,
    )
    assign = result.assignment.astype(np.asarray(solution.assignment).dtype)
    rows = np.arange(assign.shape[0])
    cell_area = area if area.shape[0] == assign.shape[0] else np.full(assign.shape[0], area[0])
    objective = float((s[rows, assign].astype(np.float64) * cell_area).sum())
    bound = float(solution.dual_bound)
    gap = (bound - objective) / abs(bound) if bound != 0 else 0.0
    gap = max(gap, 0.0) if gap > -1e-12 else gap
    status: SolveStatus
    if solution.status in (SolveStatus.ELASTIC, SolveStatus.INFEASIBLE):
        status = solution.status
    elif gap <= 1e-9:
        status = SolveStatus.OPTIMAL
    elif gap <= gap_tolerance:
        status = SolveStatus.WITHIN_GAP
    elif bound - objective <= allowance:
        status = SolveStatus.WITHIN_INTEGRALITY
    else:
        status = SolveStatus.ABOVE_GAP
    allocated = solution.allocated
    if result.swaps > result.exact_swaps or result.dissolved or result.grown:
        type_area = np.zeros((problem.n_regions, problem.n_types))
        np.add.at(type_area, (problem.region, assign), cell_area)
        allocated = type_area @ problem.contributions
        shortfall = np.maximum(problem.demand_min - allocated, 0.0)
        excess = np.maximum(allocated - problem.demand_max, 0.0)
        scale = max(1.0, float(np.max(problem.demand_min, initial=0.0)))
        shortfall[shortfall < 1e-9 * scale] = 0.0
        excess[excess < 1e-9 * scale] = 0.0
    else:
        shortfall, excess = solution.shortfall, solution.excess
    names = problem.type_names
    info = {
        **solution.info,
        "consolidation": {
            "swaps": result.swaps,
            "exact_swaps": result.exact_swaps,
            "moved_ha": result.moved_ha,
            "given_up": result.given_up,
            "budget": result.budget,
            "left": result.left,
            "dissolved": result.dissolved,
            "grown": result.grown,
            "delta_ha": dict(zip(problem.function_names, result.delta_ha.tolist(), strict=True)),
            "by_type": {names[t]: row for t, row in result.by_type.items()},
            "objective_before": float(solution.objective),
            "status_before": str(solution.status),
            "seconds": time.perf_counter() - t0,
        },
    }
    return replace(
        solution,
        assignment=assign,
        objective=objective,
        gap=float(gap),
        status=status,
        allocated=allocated,
        shortfall=shortfall,
        excess=excess,
        info=info,
    )
