"""Map tiles: cut from the rasters in memory, the same cells as rio-tiler, ETag and 304."""

from __future__ import annotations

import io

import numpy as np
import pytest


def _rgba(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("layer", ["allocation", "overlap"])
@pytest.mark.parametrize("zoom", [10, 12, 14])
def test_a_tile_from_memory_shows_the_cells_rio_tiler_shows(sample, layer, zoom) -> None:
    import morecantile

    from novex.web import tiles
    from novex.web.atlas import Atlas
    from novex.web.config import WebConfig

    cfg = WebConfig.from_paths(run=sample.run, stack=sample.stack, workspace=sample.workspace)
    fast, slow = Atlas(cfg).tiles, Atlas(cfg).tiles
    slow._arrays = dict.fromkeys({lay.path for lay in slow.layers.values()})  # rio-tiler
    west, south, east, north = Atlas(cfg).bounds_wgs84()
    t = morecantile.tms.get("WebMercatorQuad").tile((west + east) / 2, (south + north) / 2, zoom)
    a, b = _rgba(fast.tile(layer, t.z, t.x, t.y)), _rgba(slow.tile(layer, t.z, t.x, t.y))
    assert fast._arrays and all(v is not None for v in fast._arrays.values())
    assert (b[..., 3] > 0).sum() > 1000  # the tile shows the map
    # the same colours, but for pixels on a cell edge (the lattice is interpolated)
    assert (a != b).any(axis=2).mean() < 0.01
    assert tiles.ARRAY_CELLS >= 9_750_000  # the national map at 100 m is cut in memory


def test_a_tile_carries_an_etag_and_a_second_ask_is_304(client) -> None:
    r = client.get("/tiles/overlap/14/8426/5405.png")
    assert r.status_code == 200 and r.headers["etag"].startswith('"overlap-14-8426-5405-')
    assert "max-age" in r.headers["cache-control"]
    again = client.get(
        "/tiles/overlap/14/8426/5405.png", headers={"If-None-Match": r.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    other = client.get("/tiles/overlap/14/8426/5405.png", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200 and other.content == r.content


def test_a_tile_outside_the_raster_is_transparent(client) -> None:
    png = client.get("/tiles/allocation/10/0/0.png").content
    assert (_rgba(png)[..., 3] == 0).all()


def test_the_tile_cache_drops_the_least_recently_used(sample) -> None:
    from novex.web.atlas import Atlas
    from novex.web.config import WebConfig
    from novex.web.tiles import TileSource

    layers = list(Atlas(WebConfig.from_paths(run=sample.run)).tiles.layers.values())
    src = TileSource(layers, cache_size=2)
    for x in (8426, 8427, 8428):
        src.tile("allocation", 14, x, 5405)
    assert src.cached("allocation", 14, 8426, 5405) is None
    assert src.cached("allocation", 14, 8428, 5405) is not None
    assert src.misses == 3
