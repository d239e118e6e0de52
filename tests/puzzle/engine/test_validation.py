"""Bad input is refused where it enters, with the bad value in the message."""

from __future__ import annotations

import numpy as np
import pytest

from novex.errors import PuzzleError
from novex.puzzle import Problem


def _args(**over):
    kw = {
        "suitability": np.full((4, 2), 0.5),
        "region": np.array([0, 0, 1, 1]),
        "contributions": np.eye(2),
        "demand_min": np.ones((2, 2)),
        "region_names": ["Utrecht", "Zeeland"],
        "function_names": ["wonen", "natuur"],
    }
    kw.update(over)
    return kw


def test_nan_names_the_cell():
    s = np.full((4, 2), 0.5)
    s[2, 1] = np.nan
    with pytest.raises(PuzzleError, match=r"suitability\[2, 1\] = nan \(cell 2"):
        Problem.from_arrays(**_args(suitability=s))


def test_inf_names_the_cell():
    s = np.full((4, 2), 0.5)
    s[3, 0] = np.inf
    with pytest.raises(PuzzleError, match=r"cell 3, type 'type 0'\) is not finite"):
        Problem.from_arrays(**_args(suitability=s))


def test_negative_demand():
    lo = np.ones((2, 2))
    lo[1, 0] = -5.0
    with pytest.raises(PuzzleError, match=r"-5\.0 for region 'Zeeland', function 'wonen'"):
        Problem.from_arrays(**_args(demand_min=lo))


def test_min_above_max():
    hi = np.full((2, 2), np.inf)
    hi[0, 1] = 0.5
    with pytest.raises(PuzzleError, match=r"1\.0 exceeds demand_max 0\.5 for region 'Utrecht', "):
        Problem.from_arrays(**_args(demand_max=hi))


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"region": np.array([0, 0, 1])}, r"region must have shape \(4,\).*got \(3,\)"),
        ({"contributions": np.eye(3)}, r"contributions must have shape \(T, F\) = \(2, F\)"),
        ({"demand_min": np.ones((2, 3))}, r"demand_min must have shape \(R, F\) with F = 2"),
        ({"demand_max": np.ones((1, 2))}, r"demand_max has shape \(1, 2\); expected \(2, 2\)"),
        ({"allowed": np.ones((4, 3), bool)}, r"allowed has shape \(4, 3\); expected \(4, 2\)"),
        ({"suitability": np.ones(4)}, r"suitability must be 2-D"),
        ({"region": np.array([0, 0, 1, 2])}, r"region\[3\] = 2 is outside 0..1"),
    ],
)
def test_shape_mismatch(over, match):
    with pytest.raises(PuzzleError, match=match):
        Problem.from_arrays(**_args(**over))


def test_cell_without_allowed_type():
    allowed = np.ones((4, 2), bool)
    allowed[1] = False
    with pytest.raises(PuzzleError, match=r"cell 1 \(region 'Utrecht'\) has no allowed type"):
        Problem.from_arrays(**_args(allowed=allowed))


def test_puzzle_error_is_a_value_error():
    with pytest.raises(ValueError, match="not finite"):
        Problem.from_arrays(**_args(suitability=np.full((4, 2), np.nan)))


def test_unknown_backend():
    pb = Problem.from_arrays(**_args(demand_min=np.zeros((2, 2))))
    with pytest.raises(PuzzleError, match=r"Invalid backend 'gpu'"):
        pb.solve(backend="gpu")
