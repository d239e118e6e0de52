"""Shared fixtures: tiny grids and workspaces that every part's tests can use.

Part-specific fixtures live beside their tests (``tests/<part>/conftest.py``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from hypothesis import settings

from novex.grid import GridSpec
from novex.layers import LayerSpec, Workspace

# Property tests draw the same examples in every run (CI stays reproducible); set
# NOVEX_HYPOTHESIS=random to search with a fresh seed, and add what it finds as @example.
settings.register_profile("ci", derandomize=True)
settings.register_profile("random", derandomize=False)
settings.load_profile(os.environ.get("NOVEX_HYPOTHESIS", "ci"))


@pytest.fixture
def tiny_grid() -> GridSpec:
    """A 4 x 5 window of the national 250 m grid near Utrecht (6.25 ha cells)."""
    return GridSpec(250, (135_000.0, 455_000.0, 136_250.0, 456_000.0))


@pytest.fixture
def tiny_workspace(tmp_path, tiny_grid) -> Workspace:
    """A saved workspace on ``tiny_grid`` with one synthetic elevation layer."""
    ws = Workspace.create(tmp_path / "ws", tiny_grid, name="tiny")
    spec = LayerSpec.create(
        name="elevation",
        kind="physical",
        title_nl="Hoogte",
        title_en="Elevation",
        units="m NAP",
        source="test fixture",
        synthetic=True,
    )
    ws.write_layer(spec, np.arange(tiny_grid.size, dtype="float32").reshape(tiny_grid.shape))
    ws.save()
    return ws


@pytest.fixture(scope="session")
def demo250_home(tmp_path_factory: pytest.TempPathFactory):
    """A ``NOVEX_HOME`` holding the demo workspace at 250 m (``demo-250m``, built once)."""
    from novex.demo import build_demo_workspace

    home = tmp_path_factory.mktemp("novex-home-250")
    build_demo_workspace(home / "demo-250m", 250)
    return home
