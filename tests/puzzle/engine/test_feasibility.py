"""Claims that cannot fit are refused with the smallest conflicting set named."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from puzzle_reference import highs_lp, random_instance

from novex.errors import InfeasibleClaimsError
from novex.puzzle import Problem


def test_hall_set_named(tiny_infeasible):
    with pytest.raises(InfeasibleClaimsError) as err:
        Problem.from_arrays(**tiny_infeasible).solve()
    msg = str(err.value)
    assert "Zuid-Holland: wonen 6.0 ha + natuur 3.0 ha need 9.0 ha" in msg
    assert "only 8.0 ha exist" in msg
    (conf,) = err.value.conflicts
    assert conf["region"] == "Zuid-Holland"
    assert conf["functions"] == ["wonen", "natuur"]
    assert conf["needed_ha"] == 9.0
    assert conf["available_ha"] == 8.0


def test_single_claim_is_smallest_set():
    # defensie alone does not fit in region 0; region 1 is fine
    s = np.full((6, 2), 0.5)
    allowed = np.array([[1, 1], [1, 0], [1, 0], [1, 1], [1, 1], [1, 1]], bool)
    kw = {
        "suitability": s,
        "region": [0, 0, 0, 1, 1, 1],
        "contributions": np.eye(2),
        "demand_min": [[1.0, 2.0], [0.0, 1.0]],
        "allowed": allowed,
        "region_names": ["Groningen", "Drenthe"],
        "function_names": ["landbouw", "defensie"],
    }
    with pytest.raises(InfeasibleClaimsError, match=r"Groningen: defensie 2.0 ha needs 2.0 ha"):
        Problem.from_arrays(**kw).solve()


def test_multifunctional_cut_uses_contributions():
    # type 2 gives 0.5 ha wonen and 0.5 ha natuur per ha: 4 cells give at most 2 ha wonen
    s = np.ones((4, 3))
    allowed = np.zeros((4, 3), bool)
    allowed[:, 2] = True
    c = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    with pytest.raises(InfeasibleClaimsError) as err:
        Problem.from_arrays(s, [0] * 4, c, [[2.5, 1.0]], allowed=allowed).solve()
    assert err.value.conflicts[0]["needed_ha"] == pytest.approx(2.5)
    assert err.value.conflicts[0]["available_ha"] == pytest.approx(2.0)


def test_max_claim_conflict_found_by_lp():
    # every cell must take a type; only wonen is allowed but wonen is capped at 2 ha
    s = np.ones((4, 2))
    allowed = np.zeros((4, 2), bool)
    allowed[:, 0] = True
    with pytest.raises(InfeasibleClaimsError, match=r"wonen max 2.0 ha \(2.0 ha over\)"):
        Problem.from_arrays(s, [0] * 4, np.eye(2), [[0.0, 0.0]], [[2.0, np.inf]],
                            allowed=allowed, function_names=["wonen", "natuur"]).solve()  # fmt: skip


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(10, 120))
def test_raises_exactly_when_lp_infeasible(seed, n):
    rng = np.random.default_rng(seed)
    kw = random_instance(rng, n, 4, 3, 2, with_max=True, load=rng.choice([0.5, 2.0, 4.0]))
    fits = highs_lp(kw) is not None
    if fits:
        Problem.from_arrays(**kw).check_feasibility()
    else:
        with pytest.raises(InfeasibleClaimsError):
            Problem.from_arrays(**kw).check_feasibility()
