"""Elastic mode: the least shortfall, by priority, reported exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from puzzle_reference import highs_lp, random_instance

from novex.puzzle import Problem, SolveStatus


def test_shortfall_of_known_case(tiny_infeasible):
    sol = Problem.from_arrays(**tiny_infeasible).solve(elastic=True)
    assert sol.status == SolveStatus.ELASTIC
    assert sol.shortfall.sum() == pytest.approx(1.0, abs=1e-6)
    assert sol.allocated[0, :2].sum() == pytest.approx(8.0)


def test_priority_decides_who_falls_short(tiny_infeasible):
    kw = dict(tiny_infeasible)
    kw["priority"] = [1, 2, 0]  # natuur first, then wonen
    sol = Problem.from_arrays(**kw).solve(elastic=True)
    assert sol.shortfall[0, 1] == pytest.approx(0.0, abs=1e-6)
    assert sol.shortfall[0, 0] == pytest.approx(1.0, abs=1e-6)
    kw["priority"] = [2, 1, 0]  # wonen first
    sol = Problem.from_arrays(**kw).solve(elastic=True)
    assert sol.shortfall[0, 0] == pytest.approx(0.0, abs=1e-6)
    assert sol.shortfall[0, 1] == pytest.approx(1.0, abs=1e-6)


def test_no_shortfall_when_claims_fit():
    rng = np.random.default_rng(2)
    kw = random_instance(rng, 150, 4, 3, 2)
    a = Problem.from_arrays(**kw).solve(elastic=True)
    b = Problem.from_arrays(**kw).solve()
    assert a.shortfall.max() == 0.0
    assert a.objective == pytest.approx(b.objective, rel=1e-9)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(20, 150))
def test_shortfall_equals_lp_minimum(seed, n):
    rng = np.random.default_rng(seed)
    kw = random_instance(rng, n, 4, 3, 2, load=3.0)
    least = highs_lp(kw, minimise_shortfall=True)
    sol = Problem.from_arrays(**kw).solve(elastic=True)
    # whole cells: the integral shortfall can exceed the LP minimum by < one cell per claim
    assert sol.shortfall.sum() >= least - 1e-6
    assert sol.shortfall.sum() <= least + 1e-5 * max(1.0, least) + (
        sol.shortfall > 0
    ).sum() * float(np.max(kw["cell_area"]))
    # the certificate refers to the relaxed claims; whole cells may cost a little
    assert sol.dual_bound - sol.objective <= 2 * 3 * float(np.max(kw["cell_area"])) + 1e-9
