from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

from novex.errors import GridError
from novex.grid import rasterize, rasterize_ids, read_vector, write_vector


def test_rasterize_counts_cells_whose_centre_is_inside(tiny_grid):
    # 2 x 2 cells of 250 m exactly
    gdf = gpd.GeoDataFrame(geometry=[box(135_000, 455_500, 135_500, 456_000)], crs="EPSG:28992")
    out = rasterize(gdf, tiny_grid)
    assert out.sum() == 4
    assert out[:2, :2].all()
    assert out.sum() * tiny_grid.cell_area_ha == 25.0


def test_rasterize_reprojects_from_wgs84(tiny_grid):
    rd = gpd.GeoDataFrame(geometry=[box(135_000, 455_000, 136_250, 456_000)], crs="EPSG:28992")
    out = rasterize(rd.to_crs("EPSG:4326"), tiny_grid)
    assert out.sum() >= tiny_grid.size - 2  # edges may shift by rounding


def test_ids_and_empty_inputs(tiny_grid):
    gdf = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[box(135_000, 455_000, 135_500, 456_000), box(135_500, 455_000, 136_250, 456_000)],
        crs="EPSG:28992",
    )
    ids = rasterize_ids(gdf, tiny_grid)
    assert set(np.unique(ids)) == {1, 2}
    assert (ids == 1).sum() == 8
    empty = rasterize(gdf.iloc[:0], tiny_grid)
    assert empty.sum() == 0
    with pytest.raises(GridError, match="'missing'"):
        rasterize(gdf, tiny_grid, column="missing")


def test_vector_round_trip_and_errors(tmp_path):
    gdf = gpd.GeoDataFrame({"v": [1]}, geometry=[box(0, 0, 1, 1)], crs="EPSG:4326")
    path = write_vector(gdf, tmp_path / "a.gpkg", layer="a")
    back = read_vector(path)
    assert back.crs.to_epsg() == 28992
    with pytest.raises(GridError, match="does not exist"):
        read_vector(tmp_path / "nope.gpkg")
    (tmp_path / "bad.gpkg").write_text("garbage")
    with pytest.raises(GridError, match="Cannot read vector file"):
        read_vector(tmp_path / "bad.gpkg")
    nocrs = gpd.GeoDataFrame({"v": [1]}, geometry=[box(0, 0, 1, 1)])
    with pytest.warns(UserWarning, match="crs"):
        write_vector(nocrs, tmp_path / "nocrs.gpkg", layer="a")
    with pytest.raises(GridError, match="has no CRS"):
        read_vector(tmp_path / "nocrs.gpkg")
