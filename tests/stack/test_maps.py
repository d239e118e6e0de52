"""The stapelkaart maps: the province outline is drawn on the province's cells.

The outline is a matplotlib contour of the province mask; drawn with the wrong origin it
comes out upside down while the map underneath is right. These tests read the contour
the map draws (its vertices in RD New metres) and check them against the province raster
read independently, cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pytest
import rasterio

from novex.grid import GridSpec
from novex.layers import LayerKind, LayerSpec, Workspace
from novex.reference import region
from novex.stack import compute_stack
from novex.stack.maps import render_map

matplotlib.use("Agg")

# 16 columns x 20 rows of 1 ha on the national 100 m lattice
BOUNDS = (100_000.0, 449_000.0, 101_600.0, 451_000.0)


@pytest.fixture
def l_shaped(tmp_path: Path, write_layer: Callable[..., LayerSpec]) -> Workspace:
    """Province 1 an L in the upper left (not symmetric), province 2 a block lower right."""
    grid = GridSpec(100, BOUNDS)
    ws = Workspace.create(tmp_path / "ws", grid, name="maps")
    prov = np.zeros(grid.shape, np.uint8)
    prov[2:6, 2:12] = 1  # the top bar of the L
    prov[6:15, 2:5] = 1  # its leg, going down
    prov[12:18, 8:14] = 2
    write_layer(
        ws,
        "province",
        prov,
        kind=LayerKind.BOUNDARY,
        categories={1: region("1").name_nl, 2: region("2").name_nl},
    )
    wonen = np.zeros(grid.shape, np.uint8)
    wonen[:, :6] = 1
    write_layer(ws, "wonen", wonen, interests=(5,))
    ws.save()
    return ws


@pytest.fixture
def contours(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every contour set the maps draw, in drawing order."""
    from matplotlib.axes import Axes

    drawn: list[Any] = []
    original = Axes.contour

    def spy(self: Axes, *args: Any, **kwargs: Any) -> Any:
        cs = original(self, *args, **kwargs)
        drawn.append(cs)
        return cs

    monkeypatch.setattr(Axes, "contour", spy)
    return drawn


def _province_cells(ws: Workspace, pid: int) -> tuple[np.ndarray, float, float, float]:
    """The province mask with one cell of outside around it, and its top-left corner."""
    with rasterio.open(ws.layer_path("province")) as src:
        mask = src.read(1) == pid
        res = src.transform.a
        left, top = src.transform.c - res, src.transform.f + res
    return np.pad(mask, 1), res, left, top


def _vertices(cs: Any) -> np.ndarray:
    segs = [seg for seg in cs.allsegs[0] if len(seg)]
    assert segs, "the contour has no line"
    return np.concatenate(segs)


def _assert_outline_on_cells(vertices: np.ndarray, ws: Workspace, pid: int) -> None:
    mask, res, left, top = _province_cells(ws, pid)
    col = (vertices[:, 0] - left) / res - 0.5  # in cell-centre units
    row = (top - vertices[:, 1]) / res - 0.5
    # a contour of the 0/1 mask at 0.5 runs between the centres of an inside and an
    # outside cell: each vertex has both among the (up to four) cells around it
    for r, c in zip(row, col, strict=True):
        rs = np.arange(int(np.floor(r + 1e-9)), int(np.ceil(r - 1e-9)) + 1)
        cs = np.arange(int(np.floor(c + 1e-9)), int(np.ceil(c - 1e-9)) + 1)
        around = mask[np.ix_(rs, cs)]
        assert around.any() and not around.all(), (
            f"outline vertex at RD ({left + (c + 0.5) * res:.0f}, {top - (r + 0.5) * res:.0f}) "
            f"is not on the edge of province {pid}"
        )
    # and it goes all the way round: from the westmost to the eastmost cell edge, and
    # from the northmost to the southmost
    rows, cols = np.nonzero(mask)
    assert vertices[:, 0].min() == pytest.approx(left + cols.min() * res)
    assert vertices[:, 0].max() == pytest.approx(left + (cols.max() + 1) * res)
    assert vertices[:, 1].max() == pytest.approx(top - rows.min() * res)
    assert vertices[:, 1].min() == pytest.approx(top - (rows.max() + 1) * res)


def test_province_map_outline_lies_on_the_province(
    l_shaped: Workspace, tmp_path: Path, contours: list[Any]
) -> None:
    result = compute_stack(l_shaped, tmp_path / "out", maps=False)
    png = render_map(result, tmp_path / "province1.png", 1)
    assert png.stat().st_size > 0
    assert len(contours) == 1
    _assert_outline_on_cells(_vertices(contours[0]), l_shaped, 1)


def test_national_map_outlines_lie_on_their_provinces(
    l_shaped: Workspace, tmp_path: Path, contours: list[Any]
) -> None:
    result = compute_stack(l_shaped, tmp_path / "out", maps=False)
    render_map(result, tmp_path / "nl.png", None, lang="en")
    assert len(contours) == 2  # one per province with cells, in id order
    for pid, cs in zip((1, 2), contours, strict=True):
        _assert_outline_on_cells(_vertices(cs), l_shaped, pid)


@pytest.mark.parametrize("origin", ["upper", "lower"])
def test_the_check_catches_an_upside_down_outline(l_shaped: Workspace, origin: str) -> None:
    # the outline drawn as the maps do (origin="upper") passes; the bug (origin="lower")
    # draws the L upside down on the same extent and fails
    import matplotlib.pyplot as plt

    mask, res, left, top = _province_cells(l_shaped, 1)
    h, w = mask.shape
    fig, ax = plt.subplots()
    cs = ax.contour(
        mask.astype(float),
        levels=[0.5],
        extent=(left, left + w * res, top - h * res, top),
        origin=origin,
    )
    plt.close(fig)
    if origin == "upper":
        _assert_outline_on_cells(_vertices(cs), l_shaped, 1)
    else:
        with pytest.raises(AssertionError, match="not on the edge of province 1"):
            _assert_outline_on_cells(_vertices(cs), l_shaped, 1)
