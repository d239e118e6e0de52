"""Coherent ties: equal cells regrouped by a neighbourhood, at no cost in objective or gap."""

from __future__ import annotations

import numpy as np
import pytest

from novex.errors import PuzzleError
from novex.puzzle import Problem
from novex.puzzle.coherence import grid_neighbours, patch_figures

SIDE = 40


def _tie_heavy() -> tuple[Problem, np.ndarray, np.ndarray]:
    """A 40 x 40 raster whose cells are numbered in a scrambled order.

    Types: keep (1.0 everywhere), natuur (0.5, or 0.6 in the left half), water (0.55 in
    the bottom rows, else not allowed). Claims: 200 ha natuur, 60 ha water. Natuur
    and water are exact ties inside their classes, and the solver's own choice (lowest
    cell index) lands on cells scattered over the raster.
    """
    rng = np.random.default_rng(7)
    perm = rng.permutation(SIDE * SIDE)  # perm[k]: raster position of cell k
    rows, cols = np.divmod(perm, SIDE)
    s = np.zeros((SIDE * SIDE, 3))
    s[:, 0] = 1.0
    s[:, 1] = np.where(cols < SIDE // 2, 0.6, 0.5)
    s[:, 2] = 0.55
    allowed = np.ones_like(s, dtype=bool)
    allowed[:, 2] = rows >= SIDE - 8
    problem = Problem.from_arrays(
        s,
        np.zeros(SIDE * SIDE, int),
        np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]),
        [[200.0, 60.0]],
        allowed=allowed,
        function_names=["natuur", "water"],
        type_names=["keep", "natuur", "water"],
    )
    # 4-neighbours of the scrambled cells: the engine sees only this graph
    neighbours = grid_neighbours(perm.astype(np.int64), (SIDE, SIDE))
    return problem, neighbours, perm


def _raster(assignment: np.ndarray, perm: np.ndarray) -> np.ndarray:
    out = np.empty(SIDE * SIDE, dtype=np.int64)
    out[perm] = assignment
    return out.reshape(SIDE, SIDE)


def _figures(assignment: np.ndarray, perm: np.ndarray) -> dict[str, dict]:
    rows = patch_figures(_raster(assignment, perm), ["keep", "natuur", "water"], [0, 1, 1], 1.0)
    return {r["type"]: r for r in rows}


def test_regrouped_ties_keep_objective_and_gap() -> None:
    problem, neighbours, _ = _tie_heavy()
    plain = problem.solve()
    coherent = problem.solve(neighbours=neighbours)
    assert coherent.objective == plain.objective
    assert coherent.dual_bound == plain.dual_bound
    assert coherent.gap == plain.gap
    assert str(coherent.status) == str(plain.status)
    np.testing.assert_array_equal(coherent.allocated, plain.allocated)
    assert coherent.info["tie_moved"] > 0
    assert coherent.info["tie_links"] > coherent.info["tie_links_before"]


def test_regrouped_ties_drop_the_speckle() -> None:
    problem, neighbours, perm = _tie_heavy()
    before = _figures(np.asarray(problem.solve().assignment), perm)
    after = _figures(np.asarray(problem.solve(neighbours=neighbours).assignment), perm)
    for t in ("natuur", "water"):
        assert after[t]["cells"] == before[t]["cells"]
        assert before[t]["tiny_share"] > 0.3  # scattered: the scrambled order
        assert after[t]["tiny_patches"] < before[t]["tiny_patches"] / 4
        assert after[t]["isolated_share"] < before[t]["isolated_share"] / 4
    # natuur goes to the better (left) half before and after: only ties move
    left = _raster(np.asarray(problem.solve(neighbours=neighbours).assignment), perm)[:, :20]
    assert (left == 1).sum() == 200


def test_regrouped_ties_are_deterministic() -> None:
    problem, neighbours, _ = _tie_heavy()
    a = np.asarray(problem.solve(neighbours=neighbours).assignment)
    b = np.asarray(problem.solve(neighbours=neighbours).assignment)
    assert a.tobytes() == b.tobytes()


def test_numpy_backend_gives_the_same_map() -> None:
    problem, neighbours, _ = _tie_heavy()
    a = problem.solve(neighbours=neighbours, backend="numba")
    b = problem.solve(neighbours=neighbours, backend="numpy")
    assert np.asarray(a.assignment).tobytes() == np.asarray(b.assignment).tobytes()


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        (np.zeros((3, 4), dtype=np.int32), r"shape \(1600, K\)"),
        (np.full((1600, 4), 1600, dtype=np.int32), r"1600"),
        (np.zeros((1600, 4)), r"integer array"),
    ],
)
def test_bad_neighbours_are_refused(bad, match) -> None:
    problem, _, _ = _tie_heavy()
    with pytest.raises(PuzzleError, match=match):
        problem.solve(neighbours=bad)


def test_start_prices_give_a_certified_solution() -> None:
    problem, neighbours, _ = _tie_heavy()
    cold = problem.solve(neighbours=neighbours)
    warm = problem.solve(neighbours=neighbours, start_prices=cold.prices)
    assert warm.objective == pytest.approx(cold.objective, rel=1e-9)
    assert warm.gap <= 1e-6
    with pytest.raises(PuzzleError, match=r"start_prices must be finite with shape \(1, 2\)"):
        problem.solve(start_prices=[[1.0]])
