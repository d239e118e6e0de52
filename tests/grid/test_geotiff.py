from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import rasterio
from affine import Affine

from novex.errors import GridError
from novex.grid import read_raster, read_tags, write_raster

TAGS = {
    "layer": "elevation",
    "kind": "physical",
    "units": "m NAP",
    "interests": [14, 20],
    "source": "test",
    "synthetic": True,
}


def test_write_read_round_trip_with_tags(tmp_path, tiny_grid):
    data = np.arange(tiny_grid.size, dtype="float32").reshape(tiny_grid.shape)
    path = write_raster(tmp_path / "a.tif", data, tiny_grid, tags=TAGS, nodata=-9999.0)
    back, info = read_raster(path, tiny_grid)
    np.testing.assert_array_equal(back, data)
    assert info.tags == TAGS
    assert read_tags(path)["synthetic"] is True
    with rasterio.open(path) as src:
        assert src.crs.to_epsg() == 28992
        assert src.profile["compress"] == "deflate"


def test_writing_is_deterministic(tmp_path, tiny_grid):
    data = np.ones(tiny_grid.shape, dtype="uint8")
    a = write_raster(tmp_path / "a.tif", data, tiny_grid, tags=TAGS).read_bytes()
    b = write_raster(tmp_path / "b.tif", data, tiny_grid, tags=TAGS).read_bytes()
    assert a == b


def test_cog_output_is_readable(tmp_path, tiny_grid):
    data = np.ones(tiny_grid.shape, dtype="uint8")
    path = write_raster(tmp_path / "c.tif", data, tiny_grid, tags=TAGS, cog=True)
    back, info = read_raster(path, tiny_grid)
    assert back.sum() == tiny_grid.size and info.tags["layer"] == "elevation"
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


@pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="gdal-bin not installed")
def test_gdalinfo_reports_rd_new_and_tags(tmp_path, tiny_grid):
    path = write_raster(
        tmp_path / "a.tif", np.zeros(tiny_grid.shape, "uint8"), tiny_grid, tags=TAGS
    )
    out = subprocess.run(["gdalinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Amersfoort / RD New" in out
    assert "NOVEX_SYNTHETIC=true" in out
    assert "NOVEX_LAYER=elevation" in out


def test_shape_mismatch_writes_nothing(tmp_path, tiny_grid):
    with pytest.raises(GridError, match=r"\(3, 3\)"):
        write_raster(tmp_path / "a.tif", np.zeros((3, 3)), tiny_grid)
    assert list(tmp_path.iterdir()) == []


def _foreign(path, crs="EPSG:28992", transform=None, shape=(4, 5)):
    transform = transform or Affine(250, 0, 135_000, 0, -250, 456_000)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=shape[1],
        height=shape[0],
        count=1,
        dtype="uint8",
        crs=crs,
        transform=transform,
    ) as dst:
        dst.write(np.ones(shape, "uint8"), 1)
    return path


def test_wrong_crs_is_refused_with_the_fix(tmp_path, tiny_grid):
    path = _foreign(
        tmp_path / "wgs.tif", crs="EPSG:4326", transform=Affine(0.01, 0, 5, 0, -0.01, 52.1)
    )
    with pytest.raises(GridError, match=r"EPSG:4326.*not EPSG:28992.*resample="):
        read_raster(path, tiny_grid)


def test_wrong_resolution_is_refused(tmp_path, tiny_grid):
    path = _foreign(tmp_path / "r.tif", transform=Affine(100, 0, 135_000, 0, -100, 456_000))
    with pytest.raises(GridError, match=r"100 x 100 m cells, not the grid's 250 m"):
        read_raster(path, tiny_grid)


def test_misaligned_raster_is_refused_unless_resampled(tmp_path, tiny_grid):
    path = _foreign(tmp_path / "m.tif", transform=Affine(250, 0, 135_010, 0, -250, 456_000))
    with pytest.raises(GridError, match=r"not aligned.*x=135010\.0"):
        read_raster(path, tiny_grid)
    data, _ = read_raster(path, tiny_grid, resample="nearest")
    assert data.shape == tiny_grid.shape


def test_unknown_resampling_and_missing_file(tmp_path, tiny_grid):
    path = _foreign(tmp_path / "ok.tif")
    with pytest.raises(GridError, match="'cubicle'"):
        read_raster(path, tiny_grid, resample="cubicle")
    with pytest.raises(GridError, match="does not exist"):
        read_raster(tmp_path / "missing.tif", tiny_grid)
    (tmp_path / "junk.tif").write_text("not a raster")
    with pytest.raises(GridError, match="Cannot read raster"):
        read_raster(tmp_path / "junk.tif", tiny_grid)


def test_window_outside_the_file_is_filled(tmp_path, tiny_grid):
    path = _foreign(tmp_path / "part.tif", shape=(2, 2))
    data, _ = read_raster(path, tiny_grid, fill=7)
    assert data[0, 0] == 1 and data[-1, -1] == 7
