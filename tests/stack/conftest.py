"""Fixtures for the stapelkaart tests: tiny workspaces whose overlaps are known by construction."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from novex.grid import GridSpec
from novex.layers import LayerKind, LayerSpec, Workspace

# A 10 x 8 cell window of the national 100 m grid (1 ha cells).
SMALL_BOUNDS = (100_000.0, 449_000.0, 100_800.0, 450_000.0)


def _spec(name: str, kind: LayerKind, interests: tuple[int, ...], **kw: object) -> LayerSpec:
    return LayerSpec.create(
        name=name,
        kind=kind,
        title_nl=name,
        title_en=name,
        units=kw.pop("units", "0/1"),
        interests=interests,
        source="test fixture",
        synthetic=kw.pop("synthetic", True),
        **kw,
    )


def add_layer(
    ws: Workspace,
    name: str,
    array: np.ndarray,
    *,
    kind: LayerKind = LayerKind.CLAIM,
    interests: tuple[int, ...] = (),
    **kw: object,
) -> LayerSpec:
    """Write ``array`` as a layer of ``ws``."""
    return ws.write_layer(_spec(name, kind, interests, **kw), array)


@pytest.fixture
def small_grid() -> GridSpec:
    """10 rows x 8 columns of 1 ha."""
    return GridSpec(100, SMALL_BOUNDS)


@pytest.fixture
def base_workspace(tmp_path: Path) -> Workspace:
    """A fake demo base workspace on the whole national grid at 250 m.

    Three provinces as horizontal bands, sand/clay/peat bands, a river with
    uiterwaarden, two towns; enough for the demo interest generators to run.
    """
    grid = GridSpec.national(250)
    ws = Workspace.create(tmp_path / "base", grid, name="base")
    h, w = grid.shape
    rows = np.arange(h)[:, None]
    cols = np.arange(w)[None, :]
    province = np.zeros(grid.shape, np.uint8)
    inland = (cols > 100) & (cols < 1100) & (rows > 100) & (rows < 1250)
    province[inland] = 1 + np.minimum(rows // 100, 11).astype(np.uint8)[:, :].repeat(w, 1)[inland]
    water = ~inland | ((cols > 560) & (cols < 566))
    uiterwaarden = (cols >= 552) & (cols <= 574) & ~water
    soil = np.where(rows < 500, 2, np.where(rows < 800, 1, 3)).astype(np.uint8) * np.ones(
        (1, w), np.uint8
    )
    urban = np.zeros(grid.shape, bool)
    for r, c in ((550, 300), (700, 800), (300, 600), (1000, 450)):
        urban |= (rows - r) ** 2 + (cols - c) ** 2 <= 30**2
    ov = np.where(urban, 0.0, 1_000.0).astype(np.float32) * np.ones((1, w), np.float32)
    nature = ((rows // 40 + cols // 40) % 7 == 0) & inland & ~urban
    agriculture = inland & ~urban & ~nature & ~water
    elevation = np.where(soil == 1, -1.0, 2.0).astype(np.float32)
    flood = np.where(rows < 800, 1.5, 0.0).astype(np.float32) * np.ones((1, w), np.float32)
    base = {
        "province": (province, LayerKind.BOUNDARY),
        "water": (water.astype(np.uint8), LayerKind.PHYSICAL),
        "elevation": (elevation, LayerKind.PHYSICAL),
        "soil": (soil, LayerKind.PHYSICAL),
        "uiterwaarden": (uiterwaarden.astype(np.uint8), LayerKind.CONSTRAINT),
        "flood_depth": (flood, LayerKind.CONSTRAINT),
        "urban": (urban.astype(np.uint8), LayerKind.CURRENT_LAND_USE),
        "ov_distance": (ov, LayerKind.PHYSICAL),
        "nature_network": (nature.astype(np.uint8), LayerKind.PROTECTION),
        "agriculture": (agriculture.astype(np.uint8), LayerKind.CURRENT_LAND_USE),
        "land_use": (urban.astype(np.uint8), LayerKind.CURRENT_LAND_USE),
    }
    for name, (arr, kind) in base.items():
        add_layer(ws, name, arr, kind=kind, units="x")
    ws.save()
    return ws
