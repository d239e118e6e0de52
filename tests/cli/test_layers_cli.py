"""``novex layers list|add``: bringing a user's file into a workspace."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from affine import Affine
from pyproj import Transformer
from shapely.geometry import box
from typer.testing import CliRunner

from novex.cli.main import app
from novex.grid import write_raster
from novex.layers import Workspace

runner = CliRunner()


def _manifest_bytes(ws: Workspace) -> bytes:
    return (ws.path / "workspace.json").read_bytes()


def test_list_json(tiny_workspace: Workspace) -> None:
    res = runner.invoke(app, ["layers", "list", "-w", str(tiny_workspace.path), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [row["name"] for row in data["layers"]] == ["elevation"]


def test_add_aligned_geotiff(tiny_workspace: Workspace, tmp_path: Path) -> None:
    grid = tiny_workspace.grid
    arr = np.zeros(grid.shape, np.uint8)
    arr[0, :2] = 1
    src = write_raster(tmp_path / "claim.tif", arr, grid)
    res = runner.invoke(
        app,
        ["layers", "add", str(src), "-w", str(tiny_workspace.path), "--name", "mijn_claim",
         "--kind", "claim", "--interest", "5", "--interest", "20", "--source", "gemeente"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    ws = Workspace.open(tiny_workspace.path)
    spec = ws.layer("mijn_claim")
    assert spec.interests == (5, 20)
    assert not spec.synthetic
    assert (ws.read("mijn_claim") == arr).all()
    assert ws.verify() == []


def test_add_vector_is_rasterised(tiny_workspace: Workspace, tmp_path: Path) -> None:
    # two cells (250 m) of the tiny grid, given in WGS84 to check reprojection
    gdf = gpd.GeoDataFrame(geometry=[box(135_000, 455_750, 135_500, 456_000)], crs="EPSG:28992")
    gdf.to_crs("EPSG:4326").to_file(tmp_path / "v.gpkg", driver="GPKG")
    res = runner.invoke(
        app,
        ["layers", "add", str(tmp_path / "v.gpkg"), "-w", str(tiny_workspace.path),
         "--name", "natuur", "--kind", "protection", "--interest", "20", "--synthetic"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    ws = Workspace.open(tiny_workspace.path)
    assert int(ws.read("natuur").sum()) == 2
    assert ws.layer("natuur").synthetic


def _refused(ws: Workspace, args: list[str], match: str) -> None:
    before = _manifest_bytes(ws)
    files = sorted(p.name for p in (ws.path / "layers").iterdir())
    res = runner.invoke(app, ["layers", "add", *args, "-w", str(ws.path)])
    assert res.exit_code == 2, res.output
    assert match in " ".join(res.output.split())
    assert _manifest_bytes(ws) == before
    assert sorted(p.name for p in (ws.path / "layers").iterdir()) == files


def _tif(path: Path, crs: str, transform: Affine, shape: tuple[int, int]) -> Path:
    with rasterio.open(
        path, "w", driver="GTiff", width=shape[1], height=shape[0], count=1, dtype="uint8",
        crs=crs, transform=transform,
    ) as dst:  # fmt: skip
        dst.write(np.ones(shape, np.uint8), 1)
    return path


def test_wrong_crs_refused_then_resampled(tiny_workspace: Workspace, tmp_path: Path) -> None:
    # a WGS84 raster of 0.01 degree pixels, each with its own value (1 + row * 20 + col)
    lon0, lat0, step = 5.0, 52.2, 0.01
    values = (1 + np.arange(400, dtype=np.uint16)).reshape(20, 20)
    src = tmp_path / "wgs.tif"
    with rasterio.open(
        src, "w", driver="GTiff", width=20, height=20, count=1, dtype="uint16",
        crs="EPSG:4326", transform=Affine(step, 0, lon0, 0, -step, lat0),
    ) as dst:  # fmt: skip
        dst.write(values, 1)
    args = [str(src), "--name", "x", "--kind", "claim", "--interest", "5"]
    _refused(tiny_workspace, args, "EPSG:4326")
    res = runner.invoke(
        app, ["layers", "add", *args, "-w", str(tiny_workspace.path), "--resample", "nearest"]
    )
    assert res.exit_code == 0, res.output

    ws = Workspace.open(tiny_workspace.path)
    got = ws.read("x")
    grid = ws.grid
    assert got.shape == grid.shape
    # the value of each 250 m cell is that of the WGS84 pixel under the cell's centre
    # (computed here with pyproj, independently of the warp)
    x0, _, _, y1 = grid.bounds
    rows, cols = np.mgrid[0 : grid.height, 0 : grid.width]
    x = x0 + (cols + 0.5) * grid.resolution
    y = y1 - (rows + 0.5) * grid.resolution
    lon, lat = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True).transform(x, y)
    fcol, frow = (lon - lon0) / step, (lat0 - lat) / step
    expected = values[np.floor(frow).astype(int), np.floor(fcol).astype(int)]
    # leave out centres within 50 m of a pixel edge: the warp transforms approximately
    # (to an eighth of a 250 m cell); a pixel is about 680 m wide and 1,110 m high here
    clear = (np.abs(fcol - np.round(fcol)) * 680 > 50) & (np.abs(frow - np.round(frow)) * 1110 > 50)
    assert clear.sum() >= grid.size // 2
    np.testing.assert_array_equal(got[clear], expected[clear])
    assert len(np.unique(got)) > 1  # the grid spans several source pixels
    assert ws.verify() == []


def test_wrong_resolution_refused(tiny_workspace: Workspace, tmp_path: Path) -> None:
    src = _tif(
        tmp_path / "r100.tif", "EPSG:28992", Affine(100, 0, 135_000, 0, -100, 456_000), (10, 12)
    )
    _refused(
        tiny_workspace,
        [str(src), "--name", "x", "--kind", "claim", "--interest", "5"],
        "100 x 100 m cells",
    )


def test_misaligned_refused(tiny_workspace: Workspace, tmp_path: Path) -> None:
    src = _tif(
        tmp_path / "off.tif", "EPSG:28992", Affine(250, 0, 135_010, 0, -250, 456_000), (4, 5)
    )
    _refused(
        tiny_workspace,
        [str(src), "--name", "x", "--kind", "claim", "--interest", "5"],
        "not aligned",
    )


def test_unknown_interest_refused(tiny_workspace: Workspace, tmp_path: Path) -> None:
    src = write_raster(
        tmp_path / "c.tif", np.ones(tiny_workspace.grid.shape, np.uint8), tiny_workspace.grid
    )
    _refused(
        tiny_workspace,
        [str(src), "--name", "x", "--kind", "claim", "--interest", "22"],
        "National interest 22 does not exist",
    )


def test_unknown_kind_and_existing_name_refused(tiny_workspace: Workspace, tmp_path: Path) -> None:
    src = write_raster(
        tmp_path / "c.tif", np.ones(tiny_workspace.grid.shape, np.uint8), tiny_workspace.grid
    )
    _refused(
        tiny_workspace,
        [str(src), "--name", "x", "--kind", "wens", "--interest", "5"],
        "Invalid layer kind 'wens'",
    )
    _refused(
        tiny_workspace,
        [str(src), "--name", "elevation", "--kind", "claim", "--interest", "5"],
        "'elevation' already exists",
    )
