"""Fixtures for the stapelkaart tests: tiny workspaces whose overlaps are known by construction."""

from __future__ import annotations

from collections.abc import Callable
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


@pytest.fixture(scope="session")
def write_layer() -> Callable[..., LayerSpec]:
    """The :func:`add_layer` helper, for tests that build their own workspace."""
    return add_layer


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
    abroad = (cols >= 1100) & (cols < 1150) & (rows > 100) & (rows < 1250)  # land outside NL
    water = (~inland & ~abroad) | ((cols > 560) & (cols < 566))
    uiterwaarden = (cols >= 552) & (cols <= 574) & ~water
    soil = np.where(rows < 500, 2, np.where(rows < 800, 1, 3)).astype(np.uint8) * np.ones(
        (1, w), np.uint8
    )
    urban = np.zeros(grid.shape, bool)
    for r, c in ((550, 300), (700, 800), (300, 600), (1000, 450)):
        urban |= (rows - r) ** 2 + (cols - c) ** 2 <= 30**2
    ov = np.where(urban, 2_000.0, 1_000.0).astype(np.float32) * np.ones((1, w), np.float32)
    housing = np.where((rows - 550) ** 2 + (cols - 340) ** 2 <= 12**2, 3, 0).astype(np.uint8)
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
        "woningbouwgebieden": (housing, LayerKind.BOUNDARY),
        "zoekgebieden_2020": (np.zeros(grid.shape, np.uint8), LayerKind.BOUNDARY),
    }
    for name, (arr, kind) in base.items():
        add_layer(ws, name, arr, kind=kind, units="x")
    ws.save()
    return ws


@pytest.fixture
def known_workspace(tmp_path: Path, small_grid: GridSpec) -> Workspace:
    """Overlaps known by construction on the 10 x 8 one-hectare grid.

    Provinces (reference raster ids): rows 0-4 Utrecht (7), rows 5-9 Zeeland (10);
    Limburg (12) has no cells (the empty province). Layers:

    - ``wonen`` (interest 5): columns 0-3 -> 40 ha (20 in each province);
    - ``water`` (interest 14): columns 2-5, row 0 nodata (255) -> 36 ha
      (16 Utrecht, 20 Zeeland); overlap with wonen 18 ha (8 + 10);
    - ``natuur`` (interest 20, protection): column 3 and 5, rows 5-9 -> 10 ha, all in
      Zeeland; overlaps: wonen 5, water 10; cells claimed by all three: 5;
    - ``leeg`` (interest 11): covers nothing;
    - ``natuur2`` (interest 20 again): column 3 rows 5-9 only, a subset of natuur,
      so interest 20 still counts once per cell.
    """
    ws = Workspace.create(tmp_path / "known", small_grid, name="known")
    prov = np.zeros(small_grid.shape, np.uint8)
    prov[:5] = 7
    prov[5:] = 10
    add_layer(
        ws,
        "province",
        prov,
        kind=LayerKind.BOUNDARY,
        categories={7: "Utrecht", 10: "Zeeland", 12: "Limburg"},
    )
    wonen = np.zeros(small_grid.shape, np.uint8)
    wonen[:, 0:4] = 1
    water = np.zeros(small_grid.shape, np.uint8)
    water[:, 2:6] = 1
    water[0, :] = 255
    natuur = np.zeros(small_grid.shape, np.uint8)
    natuur[5:, [3, 5]] = 1
    natuur2 = np.zeros(small_grid.shape, np.uint8)
    natuur2[5:, 3] = 1
    add_layer(ws, "wonen", wonen, interests=(5,))
    add_layer(ws, "water", water, interests=(14,), nodata=255)
    add_layer(ws, "natuur", natuur, kind=LayerKind.PROTECTION, interests=(20,))
    add_layer(ws, "natuur2", natuur2, kind=LayerKind.PROTECTION, interests=(20,))
    add_layer(ws, "leeg", np.zeros(small_grid.shape, np.uint8), interests=(11,))
    add_layer(ws, "hoogte", np.ones(small_grid.shape, np.float32), kind=LayerKind.PHYSICAL)
    ws.save()
    return ws
