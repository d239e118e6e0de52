"""Named fixtures for the puzzle tests."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

# the reference solvers live beside the tests (tests/ is not a package)
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "engine"))


@pytest.fixture
def tiny_infeasible():
    """Region 'Zuid-Holland': wonen 6 + natuur 3 need 9 cells where only 8 allow either."""
    s = np.linspace(0.1, 0.9, 10 * 3).reshape(10, 3)
    allowed = np.ones((10, 3), bool)
    allowed[:2, :2] = False  # two cells allow landbouw only
    return {
        "suitability": s,
        "region": np.zeros(10, int),
        "contributions": np.eye(3),
        "demand_min": [[6.0, 3.0, 0.0]],
        "allowed": allowed,
        "region_names": ["Zuid-Holland"],
        "function_names": ["wonen", "natuur", "landbouw"],
    }
