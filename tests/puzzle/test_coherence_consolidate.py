"""The consolidation pass of samenhang on hand-made maps (novex.puzzle.consolidate)."""

from __future__ import annotations

import numpy as np
import pytest

from novex.puzzle import Problem
from novex.puzzle.coherence import grid_neighbours, patch_figures
from novex.puzzle.consolidate import consolidate, consolidate_solution, patch_labels
from novex.puzzle.engine.solution import SolveStatus

# types: 0 = natuur (new), 1 = C (new, a second new use), 2 = keep farmland, 3 = keep urban
NEW = np.array([True, True, False, False])


def _grid(rows: list[str]) -> tuple[np.ndarray, np.ndarray, tuple[int, int]]:
    """A map from text: N natuur, C the second new use, . farmland kept, # urban kept."""
    code = {"N": 0, "C": 1, ".": 2, "#": 3}
    grid = np.array([[code[ch] for ch in row] for row in rows])
    shape = grid.shape
    return grid.ravel(), grid_neighbours(np.arange(grid.size), shape), shape


def _allowed(assign: np.ndarray) -> np.ndarray:
    """Farmland may become natuur or C; urban only C; a cell may keep its class."""
    farm = (assign == 0) | (assign == 2)
    allowed = np.zeros((assign.size, 4), dtype=bool)
    allowed[:, 1] = True
    allowed[farm, 0] = allowed[farm, 2] = True
    allowed[~farm & (assign != 1), 3] = True
    allowed[assign == 1, 2] = True  # the C cells of the test maps lie on farmland
    return allowed


def _figures(assign: np.ndarray, shape: tuple[int, int]) -> dict[str, dict]:
    rows = patch_figures(assign.reshape(shape), ["natuur", "C", "farm", "urban"], NEW, 1.0)
    return {r["type"]: r for r in rows}


MAP = [
    "NNN....",
    "NNN....",
    ".......",
    ".....N.",
    ".N.....",
]


def test_a_lone_cell_moves_next_to_the_patch_and_areas_stay() -> None:
    assign, nb, shape = _grid(MAP)
    s = np.tile([1.0, 0.0, 0.8, 0.0], (assign.size, 1))
    s[assign == 0, 0] = 1.1  # the optimum liked the lone cells a little more
    out = consolidate(s, _allowed(assign), assign, nb, 1.0, NEW, budget=10.0)
    after = _figures(out.assignment, shape)["natuur"]
    assert _figures(assign, shape)["natuur"]["tiny_patches"] == 2
    assert (after["patches"], after["tiny_patches"], after["isolated_cells"]) == (1, 0, 0)
    # every type keeps its area, so every claim its hectares
    assert np.array_equal(
        np.bincount(out.assignment, minlength=4), np.bincount(assign, minlength=4)
    )
    assert (out.swaps, out.exact_swaps, out.moved_ha, out.left) == (2, 2, 2.0, 0)
    # given up: each lone cell's 1.1 - 0.8 less the partner's 1.0 - 0.8, and exactly
    # what the map lost
    rows = np.arange(assign.size)
    lost = s[rows, assign].sum() - s[rows, out.assignment].sum()
    assert out.given_up == pytest.approx(2 * 0.1) == pytest.approx(lost)
    assert out.by_type[0]["swaps"] == 2


def test_the_budget_holds_back_a_patch() -> None:
    assign, nb, _shape = _grid(MAP)
    s = np.tile([1.0, 0.0, 0.8, 0.0], (assign.size, 1))
    s[assign == 0, 0] = 1.1
    out = consolidate(s, _allowed(assign), assign, nb, 1.0, NEW, budget=0.15)
    assert (out.swaps, out.left) == (1, 1)  # one lone cell fits the budget, the other not
    assert out.given_up == pytest.approx(0.1) and out.given_up <= out.budget
    none = consolidate(s, _allowed(assign), assign, nb, 1.0, NEW, budget=0.0)
    assert none.swaps == 0 and np.array_equal(none.assignment, assign)


def test_a_cell_that_may_not_take_the_use_is_no_partner() -> None:
    # the lone natuur cell sits in urban land: it may not keep farmland and no urban cell
    # may become natuur, so nothing can move it
    rows = ["NNN##", "NNN##", "####N"]
    assign, nb, _shape = _grid(rows)
    allowed = np.zeros((assign.size, 4), dtype=bool)
    allowed[:, 3] = True
    allowed[assign == 0, 0] = True
    allowed[14, 3] = True
    s = np.ones((assign.size, 4))
    out = consolidate(s, allowed, assign, nb, 1.0, NEW, budget=10.0)
    assert out.swaps == 0 and out.left == 1


def test_the_pass_never_cuts_another_use() -> None:
    # the lone natuur cell (row 2) may not go back to farmland; it can only take C, its
    # neighbour's use, while a C cell next to the natuur patch takes natuur. The cheaper
    # such cell (row 1) would cut the C strip in two; the pass takes the strip's end
    rows = [
        "NNNC.",
        "NNNC.",
        "...CN",
        "...C.",
    ]
    assign, nb, shape = _grid(rows)
    lone, end, middle = 14, 3, 8
    allowed = np.zeros((assign.size, 4), dtype=bool)
    allowed[:, :3] = True
    allowed[lone, 2] = False
    s = np.tile([1.0, 1.0, 0.0, 0.0], (assign.size, 1))
    s[middle, 1] = 0.5  # natuur would gain most on the middle C cell
    out = consolidate(s, allowed, assign, nb, 1.0, NEW, budget=100.0)
    after = _figures(out.assignment, shape)
    assert (out.swaps, out.exact_swaps) == (1, 1)
    assert out.assignment[lone] == 1 and out.assignment[end] == 0 and out.assignment[middle] == 1
    assert (after["natuur"]["patches"], after["C"]["patches"]) == (1, 1)
    assert after["natuur"]["tiny_patches"] == after["C"]["tiny_patches"] == 0


def test_claim_room_moves_only_within_the_claims() -> None:
    # the lone C cell sits on urban land with no urban partner; it can move onto
    # farmland only if the farmland claim leaves room (C counts for function 1,
    # kept farmland for function 0, kept urban for nothing)
    rows = ["CCC..", "CCC..", ".....", "....#", "...#C"]
    assign, nb, shape = _grid(rows)
    assign = assign.copy()
    lone = 24
    urban = assign == 3
    allowed = np.zeros((assign.size, 4), dtype=bool)
    allowed[~urban, 1] = True
    allowed[~urban, 2] = True
    allowed[urban, 3] = True
    allowed[lone, 3] = True
    allowed[lone, 2] = False
    contrib = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    s = np.tile([0.0, 1.0, 0.9, 0.5], (assign.size, 1))
    farm_ha = float((assign == 2).sum())
    exact = consolidate(s, allowed, assign, nb, 1.0, NEW, budget=10.0, contributions=contrib)
    assert exact.swaps == 0 and exact.left == 1
    tight = consolidate(s, allowed, assign, nb, 1.0, NEW, budget=10.0, contributions=contrib,
                        demand_min=[farm_ha, 0.0], demand_max=[np.inf, np.inf])  # fmt: skip
    assert tight.swaps == 0  # the farmland claim binds: no room
    room = consolidate(s, allowed, assign, nb, 1.0, NEW, budget=10.0, contributions=contrib,
                       demand_min=[farm_ha - 1, 0.0], demand_max=[np.inf, np.inf])  # fmt: skip
    assert (room.swaps, room.exact_swaps) == (1, 0)
    assert room.delta_ha.tolist() == [-1.0, 0.0]  # C keeps its hectares, farmland -1
    assert room.assignment[lone] == 3 and _figures(room.assignment, shape)["C"]["tiny_patches"] == 0


def test_patch_labels_follow_the_first_cells() -> None:
    assign, nb, _ = _grid(["N.N", "N.N", "..N"])
    assert patch_labels(assign == 0, nb).reshape(3, 3).tolist() == [
        [0, -1, 1],
        [0, -1, 1],
        [-1, -1, 1],
    ]


def test_the_solution_keeps_its_bound_and_says_what_it_gave_up() -> None:
    # a real solve: natuur's claim is 10 cells; three scattered cells are a little
    # better, the rest are tied; the pass joins them and the certificate stays true
    h, w = 6, 8
    n = h * w
    s = np.zeros((n, 2))
    s[:, 0] = 0.5
    s[:, 1] = 0.6  # keeping farmland
    for i in (5, 21, 40):
        s[i, 0] = 0.52
    problem = Problem.from_arrays(s, np.zeros(n, int), np.array([[1.0], [0.0]]), [[10.0]],
                                  demand_max=[[10.0]], region_names=["X"],
                                  function_names=["natuur"], type_names=["natuur", "keep"])  # fmt: skip
    nb = grid_neighbours(np.arange(n), (h, w))
    sol = problem.solve(neighbours=nb)
    new = np.array([True, False])
    out = consolidate_solution(problem, sol, nb, new, budget=1.0, keep_status=False)
    info = out.info["consolidation"]
    assert out.dual_bound == sol.dual_bound
    assert np.array_equal(out.allocated, sol.allocated)
    assert out.objective == pytest.approx(sol.objective - info["given_up"])
    assert out.objective <= out.dual_bound + 1e-9
    assert out.gap == pytest.approx((out.dual_bound - out.objective) / abs(out.dual_bound))
    assert out.status in (SolveStatus.WITHIN_GAP, SolveStatus.WITHIN_INTEGRALITY,
                          SolveStatus.ABOVE_GAP)  # fmt: skip
    grid = out.assignment.reshape(h, w)
    fig = patch_figures(np.asarray(grid), ["natuur", "keep"], new, 1.0)[0]
    assert fig["tiny_patches"] == 0 and fig["cells"] == 10
    # with keep_status, the pass gives up no more than the integrality allowance leaves
    kept = consolidate_solution(problem, sol, nb, new, budget=1.0, keep_status=True)
    room = sol.info["integrality_allowance"] - (sol.dual_bound - sol.objective)
    assert kept.info["consolidation"]["given_up"] <= max(room, 0.0) + 1e-12
    if kept.status != sol.status:
        assert kept.status in (SolveStatus.WITHIN_GAP, SolveStatus.WITHIN_INTEGRALITY)


def test_tiny_patches_no_host_can_take_gather_at_the_largest() -> None:
    # the natuur patch is walled in by C: a lone natuur cell could only move there by
    # taking C, which is not next to it. The tiny patches gather at the two-cell one
    rows = [
        "CCCCC......",
        "CNNNC......",
        "CNNNC..NN..",
        "CCCCC......",
        ".........N.",
        "..N........",
    ]
    assign, nb, shape = _grid(rows)
    s = np.ones((assign.size, 4))
    out = consolidate(s, _allowed(assign), assign, nb, 1.0, NEW, budget=1.0)
    after = _figures(out.assignment, shape)
    assert _figures(assign, shape)["natuur"]["tiny_patches"] == 3
    assert (after["natuur"]["patches"], after["natuur"]["tiny_patches"]) == (2, 0)
    assert after["C"]["tiny_patches"] == 0 and after["C"]["cells"] == 14
    assert (out.swaps, out.exact_swaps, out.left) == (2, 2, 0)
    assert np.array_equal(
        np.bincount(out.assignment, minlength=4), np.bincount(assign, minlength=4)
    )


@pytest.mark.parametrize(("host", "grown"), [(["NNN", "NNN"], True), (["NN", "NN"], False)])
def test_a_lone_cell_grows_from_the_edge_of_a_larger_patch(host, grown) -> None:
    # nothing can move the lone cell, so it grows to three cells with cells from the
    # natuur patch, which keeps three cells or more (a patch of four can give only one)
    width = len(host[0]) + 2
    rows = ["C" * width + "...."]
    rows += ["C" + line + "C" + ".." + ("N." if k == 1 else "..") for k, line in enumerate(host)]
    rows += ["C" * width + "...."]
    assign, nb, shape = _grid(rows)
    s = np.ones((assign.size, 4))
    out = consolidate(s, _allowed(assign), assign, nb, 1.0, NEW, budget=1.0)
    after = _figures(out.assignment, shape)["natuur"]
    assert np.array_equal(
        np.bincount(out.assignment, minlength=4), np.bincount(assign, minlength=4)
    )
    if grown:
        assert (after["patches"], after["tiny_patches"], out.swaps, out.left) == (2, 0, 2, 0)
    else:
        assert out.swaps == 0 and out.left == 1
        assert np.array_equal(out.assignment, assign)


def test_a_lone_cell_of_a_use_found_nowhere_else_grows_balanced_by_the_claims() -> None:
    # types: 0 natuur (new), 1 A1 (new: half natuur, 0.6 farmland), 2 farmland kept;
    # the natuur claim binds exactly and farmland has 0.1 ha of room, so the lone A1
    # cell can neither move (no other A1), nor be given up (natuur would fall short):
    # two farmland cells next to it take A1 and one natuur cell on the edge of its
    # patch becomes farmland (natuur +1 - 1, farmland -0.8 + 1)
    grid = np.array(
        [
            [0, 0, 0, 2, 2, 2, 2],
            [0, 0, 2, 2, 2, 2, 2],
            [2, 2, 2, 2, 1, 2, 2],
            [2, 2, 2, 2, 2, 2, 2],
        ]
    )
    assign, shape = grid.ravel(), grid.shape
    nb = grid_neighbours(np.arange(assign.size), shape)
    new = np.array([True, True, False])
    contrib = np.array([[1.0, 0.0], [0.5, 0.6], [0.0, 1.0]])
    s = np.tile([0.9, 0.7, 1.0], (assign.size, 1))
    totals = (contrib[assign]).sum(axis=0)
    lo, hi = np.array([totals[0], totals[1] - 0.1]), np.array([100.0, 100.0])
    out = consolidate(s, None, assign, nb, 1.0, new, budget=10.0, contributions=contrib,
                      demand_min=lo, demand_max=hi)  # fmt: skip
    after = out.assignment.reshape(shape)
    a1 = patch_figures(after, ["natuur", "A1", "farm"], new, 1.0)[1]
    assert (a1["cells"], a1["patches"], a1["tiny_patches"]) == (3, 1, 0)
    assert int((after == 0).sum()) == 4  # one natuur cell gave way, the patch stays whole
    new_totals = contrib[out.assignment].sum(axis=0)
    assert np.all(new_totals >= lo - 1e-9) and np.all(new_totals <= hi + 1e-9)
    assert out.grown == 2 and out.left == 0
    assert out.given_up == pytest.approx(2 * (1.0 - 0.7) + (0.9 - 1.0))


def test_without_claims_a_lone_cell_of_a_use_found_nowhere_else_stays() -> None:
    grid = np.array([[2, 2, 2], [2, 1, 2], [2, 2, 2]])
    nb = grid_neighbours(np.arange(9), grid.shape)
    s = np.tile([0.9, 0.7, 1.0], (9, 1))
    out = consolidate(s, None, grid.ravel(), nb, 1.0, np.array([True, True, False]),
                      budget=10.0)  # fmt: skip
    assert np.array_equal(out.assignment, grid.ravel()) and out.left == 1


def test_a_lone_cell_that_cannot_grow_is_given_up_within_the_claims() -> None:
    grid = np.array([[2, 2, 2], [2, 1, 2], [2, 2, 2]])
    assign = grid.ravel()
    nb = grid_neighbours(np.arange(9), grid.shape)
    s = np.tile([0.9, 0.7, 1.0], (9, 1))
    allowed = np.ones((9, 3), dtype=bool)
    allowed[assign == 2, 1] = False  # no neighbour may take A1
    contrib = np.array([[1.0, 0.0], [0.5, 0.6], [0.0, 1.0]])
    new = np.array([True, True, False])
    loose = consolidate(s, allowed, assign, nb, 1.0, new, budget=10.0, contributions=contrib,
                        demand_min=np.zeros(2), demand_max=np.full(2, 100.0))  # fmt: skip
    assert loose.assignment.tolist() == [2] * 9 and loose.dissolved == 1 and loose.left == 0
    assert loose.given_up == pytest.approx(0.7 - 1.0)
    tight = consolidate(s, allowed, assign, nb, 1.0, new, budget=10.0, contributions=contrib,
                        demand_min=np.array([0.5, 0.0]), demand_max=np.full(2, 100.0))  # fmt: skip
    assert np.array_equal(tight.assignment, assign) and tight.left == 1  # natuur would fall short
