"""Whole-cell rounding: bounded work, honest answers, the LP window."""

from __future__ import annotations

import numpy as np
import pytest
from puzzle_reference import random_instance

import novex.puzzle.engine.primal as primal
from novex.errors import InfeasibleClaimsError
from novex.puzzle import Problem, SolveStatus, dual_bound


def _half_cells() -> Problem:
    """Whole cells give function 0 only in steps of 0.5 ha; its claim asks 0.75 ha."""
    return Problem.from_arrays(
        suitability=np.array([[1.0, 0.2], [0.9, 0.3], [0.8, 0.1], [0.7, 0.4]]),
        region=np.zeros(4, dtype=np.int32),
        contributions=np.array([[0.0], [0.5]]),
        demand_min=[[0.75]],
        demand_max=[[0.75]],
        region_names=["Friesland"],
        function_names=["wonen"],
    )


def test_rounding_without_the_open_mip_is_bounded_and_honest(monkeypatch, caplog):
    # the last resort (a MIP over every allowed type) is skipped above a pair limit:
    # elastic mode keeps the least short whole-cell answer and reports the shortfall
    monkeypatch.setattr(primal, "_MAX_MIP_PAIRS", 0)
    problem = _half_cells()
    with caplog.at_level("INFO", logger="novex.puzzle.engine.primal"):
        sol = problem.solve(elastic=True)
    assert "is not attempted" in caplog.text
    assert sol.status == SolveStatus.ELASTIC
    assert sol.allocated[0, 0] in (0.5, 1.0)
    assert sol.shortfall[0, 0] + sol.excess[0, 0] == pytest.approx(0.25)
    assert dual_bound(problem, sol.prices) == pytest.approx(sol.dual_bound)
    with pytest.raises(InfeasibleClaimsError, match="Friesland: the claims fit only if"):
        problem.solve()


def test_rounding_with_the_open_mip_says_the_same():
    problem = _half_cells()
    sol = problem.solve(elastic=True)
    assert sol.shortfall[0, 0] + sol.excess[0, 0] == pytest.approx(0.25)
    with pytest.raises(InfeasibleClaimsError, match="Friesland"):
        problem.solve()


@pytest.mark.parametrize("seed", range(6))
def test_the_lp_window_changes_no_claim_and_keeps_the_certificate(monkeypatch, seed):
    """The rounding MIP restricted to two cells around the LP counts against the open one:
    both meet every claim and stay within the integrality allowance."""
    rng = np.random.default_rng(seed)
    kw = random_instance(rng, 400, 6, 3, 1, with_max=True)
    kw["suitability"] = np.round(kw["suitability"] * 3) / 3  # tie-heavy: large classes
    kw["cell_area"] = 1.0
    problem = Problem.from_arrays(**kw)
    try:
        windowed = problem.solve(elastic=True)
    except InfeasibleClaimsError:
        return
    monkeypatch.setattr(primal, "_WINDOW", 0)
    open_mip = problem.solve(elastic=True)
    for sol in (windowed, open_mip):
        assert sol.status != SolveStatus.ABOVE_GAP
        assert dual_bound(problem, sol.prices) == pytest.approx(sol.dual_bound)
        assert sol.dual_bound - sol.objective <= sol.info["integrality_allowance"] + 1e-9
    assert windowed.dual_bound == pytest.approx(open_mip.dual_bound)
