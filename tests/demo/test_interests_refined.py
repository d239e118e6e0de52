"""Interest layers of a fine (25 m) workspace are generated on 100 m and written back."""

from __future__ import annotations

import numpy as np

from novex.demo.interests import INTEREST_LAYERS, NODATA, add_interest_layers
from novex.grid import GridSpec
from novex.layers import LayerKind, LayerSpec, Workspace


def _base_25m(tmp_path) -> Workspace:
    # 12 x 12 km around Utrecht, on the 100 m lattice
    grid = GridSpec(25, (130_000.0, 450_000.0, 142_000.0, 462_000.0))
    ws = Workspace.create(tmp_path / "ws25", grid)
    h, w = grid.shape
    rows, cols = np.mgrid[0:h, 0:w]
    province = np.full(grid.shape, 7, np.uint8)  # Utrecht
    province[:, :37] = 0  # a ragged outline not on the 100 m lattice
    urban = ((rows - 240) ** 2 + (cols - 240) ** 2) <= 60**2
    layers = {
        "province": (province, LayerKind.BOUNDARY),
        "water": (np.zeros(grid.shape, np.uint8), LayerKind.CONSTRAINT),
        "elevation": (np.where(cols < 240, -1.0, 3.0).astype(np.float32), LayerKind.PHYSICAL),
        "soil": (np.where(rows < 240, 1, 3).astype(np.uint8), LayerKind.PHYSICAL),
        "uiterwaarden": (((cols >= 300) & (cols < 320)).astype(np.uint8), LayerKind.CONSTRAINT),
        "flood_depth": (np.ones(grid.shape, np.float32), LayerKind.CONSTRAINT),
        "urban": (urban.astype(np.uint8), LayerKind.CURRENT_LAND_USE),
        "ov_distance": (np.where(urban, 0.0, 2_000.0).astype(np.float32), LayerKind.PHYSICAL),
        "nature_network": (((rows > 400) & (cols > 400)).astype(np.uint8), LayerKind.PROTECTION),
        "agriculture": ((~urban).astype(np.uint8), LayerKind.CURRENT_LAND_USE),
        "land_use": (urban.astype(np.uint8), LayerKind.CURRENT_LAND_USE),
        "woningbouwgebieden": (
            np.where((rows < 100) & (cols > 300), 9, 0).astype(np.uint8),
            LayerKind.BOUNDARY,
        ),
        "zoekgebieden_2020": (np.zeros(grid.shape, np.uint8), LayerKind.BOUNDARY),
    }
    for name, (arr, kind) in layers.items():
        spec = LayerSpec.create(
            name=name,
            kind=kind,
            title_nl=name,
            title_en=name,
            units="x",
            source="test",
            synthetic=True,
        )
        ws.write_layer(spec, arr)
    return ws


def test_fine_grid_layers_are_whole_100m_cells_with_a_fine_outline(tmp_path):
    ws = _base_25m(tmp_path)
    specs = add_interest_layers(ws, work_resolution=100)
    assert len(specs) == len(INTEREST_LAYERS)
    province = ws.read("province")
    claimed_any = False
    for spec in specs:
        arr = ws.read(spec.name)
        assert arr.shape == ws.grid.shape
        claimed = arr == 1
        claimed_any |= bool(claimed.any())
        # every claim is a whole 100 m cell (4 x 4 cells of 25 m)
        blocks = claimed.reshape(arr.shape[0] // 4, 4, arr.shape[1] // 4, 4)
        assert (blocks.all(axis=(1, 3)) == blocks.any(axis=(1, 3))).all(), spec.name
        # nodata follows the 25 m outline, not the 100 m one
        assert ((arr == NODATA) == ((province == 0) & ~claimed)).all(), spec.name
        assert "100 m grid" in spec.source
    assert claimed_any
