"""Whole-cell rounding: bounded work, honest answers, the LP window."""

from __future__ import annotations

import numpy as np
import pytest
from puzzle_reference import random_instance

import novex.puzzle.engine.primal as primal
from novex.errors import InfeasibleClaimsError
from novex.puzzle import Problem, SolveStatus, dual_bound
from novex.puzzle.engine.repair import repair_claims
from novex.puzzle.engine.search import CellView


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
    assert "stay short by 0.25 ha" in caplog.text
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


def test_elastic_rounding_stops_after_one_neighbourhood(monkeypatch):
    """Whole cells cannot meet the claim: elastic mode runs the windowed MIP and the same
    MIP without the window (node-limited), tries the repair, and keeps the least short
    answer; it grows no larger neighbourhood (bounded work on any data)."""
    calls: list[tuple[int, int | None]] = []
    solve_pairs = primal.solve_pairs

    def counting(*args, **kwargs):
        calls.append((args[0].shape[0], kwargs.get("node_limit")))
        return solve_pairs(*args, **kwargs)

    monkeypatch.setattr(primal, "solve_pairs", counting)
    sol = _half_cells().solve(elastic=True)
    assert sol.status == SolveStatus.ELASTIC
    assert sol.shortfall[0, 0] + sol.excess[0, 0] == pytest.approx(0.25)
    assert 1 <= len(calls) <= 2
    assert sum(nodes or 0 for _, nodes in calls) <= primal._MIP_NODES + primal._WINDOW_NODES


def _chain_view() -> tuple[CellView, np.ndarray]:
    """Six cells of 1 ha; functions wonen, landbouw; types wonen, landbouw, none.

    Now: 1 wonen, 3 landbouw, 2 none; claims wonen >= 1.5 (short 0.5), landbouw in [3, 4].
    No single move lowers the violation without breaking landbouw's minimum, except none ->
    wonen (cells 4, 5: wonen allowed only in cell 5) and landbouw -> wonen then none -> landbouw.
    """
    s = np.array(
        [[0.9, 0.5, 0.1], [0.2, 0.9, 0.1], [0.8, 0.9, 0.1], [0.3, 0.9, 0.1], [0.1, 0.5, 0.9],
         [0.1, 0.5, 0.9]]
    )  # fmt: skip
    allowed = np.ones((6, 3), dtype=bool)
    allowed[4, 0] = False
    allowed[5, 0] = False
    view = CellView(
        s=s,
        allowed=allowed,
        region=np.zeros(6, dtype=np.int32),
        area=np.ones(6),
        lower=np.array([[1.5, 3.0]]),
        upper=np.array([[3.0, 4.0]]),
        contributions=np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]),
    )
    return view, np.array([0, 1, 1, 1, 2, 2])


def test_repair_passes_a_claims_room_on_in_two_moves():
    view, types = _chain_view()
    cells = np.arange(6)
    new, left, lost = repair_claims(view, 0, cells, types, np.zeros(3), max_moves=8)
    assert left == 0.0
    assert view.allowed is not None and view.allowed[cells, new].all()
    got = np.bincount(new, minlength=3) @ view.contributions
    assert np.all(got >= view.lower[0]) and np.all(got <= view.upper[0])
    # the cheapest chain: landbouw cell 2 (wonen 0.8) -> wonen, a none cell -> landbouw
    assert new.tolist() in ([0, 1, 0, 1, 1, 2], [0, 1, 0, 1, 2, 1])
    assert lost == pytest.approx((0.9 - 0.8) + (0.9 - 0.5))
    assert types.tolist() == [0, 1, 1, 1, 2, 2]  # the input is not changed
    # deterministic
    again = repair_claims(view, 0, cells, types, np.zeros(3), max_moves=8)
    assert again[0].tolist() == new.tolist()


def test_repair_never_makes_the_violation_larger():
    view, types = _chain_view()
    view.allowed[:, 0] = False  # no cell may take wonen: nothing can help
    view.allowed[0, 0] = True
    new, left, lost = repair_claims(view, 0, np.arange(6), types, np.zeros(3), max_moves=8)
    assert new.tolist() == types.tolist() and lost == 0.0
    assert left == pytest.approx(0.5)
    # a move budget of one cannot do the two-move chain
    view, types = _chain_view()
    new, left, _ = repair_claims(view, 0, np.arange(6), types, np.zeros(3), max_moves=1)
    assert left <= 0.5
