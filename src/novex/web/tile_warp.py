"""Cut a WebMercatorQuad tile out of a raster held in memory, by nearest neighbour.

rio-tiler spends most of a tile on setting up the reprojection (transforming the tile's
bounds and computing a warp for every tile, some 50 ms here) and reads from a file. For
a categorical raster that fits in memory the same nearest-neighbour answer is cheaper:
the centres of the tile's 256 x 256 pixels go to the raster's CRS, each shows the value
of the cell it falls in. The projection is smooth within a tile, so the centres are
transformed exactly on a 17 x 17 lattice and interpolated bilinearly in between (about
0.1 % of the pixels, on cell edges, then fall in the neighbouring cell); the pixel ->
cell index of a tile is kept (LRU) for the next layer asking the same tile.

>>> import numpy as np
>>> from affine import Affine
>>> r = RasterArray(np.arange(4, dtype=np.uint8).reshape(2, 2),
...                 Affine(100_000.0, 0, 100_000, 0, -100_000.0, 500_000), "EPSG:28992")
>>> values, valid = r.tile(7, 66, 42)
>>> values.shape, bool(valid.any())
((256, 256), True)
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["LATTICE", "RasterArray", "tile_cells"]

TILE = 256
"""Pixels along a tile's side."""

LATTICE = 17
"""Points per side of the lattice transformed exactly (every 16 pixels)."""

_cells_cache: OrderedDict[tuple[Any, ...], NDArray[np.int64]] = OrderedDict()
_cells_lock = threading.Lock()
_CELLS_KEPT = 256


@functools.cache
def _tms() -> Any:
    import morecantile

    return morecantile.tms.get("WebMercatorQuad")


@functools.lru_cache(maxsize=64)
def _transformer(crs: str, thread: int) -> Any:
    """A pyproj transformer from web mercator to ``crs``, per thread."""
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3857", crs, always_xy=True)


@functools.cache
def _weights() -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """For each pixel centre along a side: its lattice interval and the fraction in it."""
    p = np.arange(TILE) / (TILE - 1) * (LATTICE - 1)
    i0 = np.minimum(np.floor(p).astype(np.int64), LATTICE - 2)
    return i0, p - i0


def _spread(coarse: NDArray[np.float64]) -> NDArray[np.float64]:
    """Bilinear interpolation of a (LATTICE, LATTICE) lattice to (TILE, TILE) pixels
    (no BLAS: its threads cost more than these small products on a busy machine)."""
    i0, f = _weights()
    rows = coarse[:, i0] * (1 - f) + coarse[:, i0 + 1] * f  # (LATTICE, TILE)
    out: NDArray[np.float64] = rows[i0, :] * (1 - f)[:, None] + rows[i0 + 1, :] * f[:, None]
    return out


def tile_cells(
    z: int, x: int, y: int, inverse: Any, shape: tuple[int, int], crs: str
) -> NDArray[np.int64]:
    """Flat cell index (row * width + col) of each pixel of tile ``z/x/y``; -1 outside.

    ``inverse`` is the raster's inverse affine transform (CRS coordinates -> col, row),
    ``shape`` its (rows, cols), ``crs`` its CRS (any string pyproj reads).
    """
    import morecantile

    key = (z, x, y, tuple(inverse)[:6], shape, crs)
    with _cells_lock:
        hit = _cells_cache.get(key)
        if hit is not None:
            _cells_cache.move_to_end(key)
            return hit
    b = _tms().xy_bounds(morecantile.Tile(x, y, z))
    u = np.linspace(0.5, TILE - 0.5, LATTICE) / TILE
    gx, gy = np.meshgrid(b.left + u * (b.right - b.left), b.top - u * (b.top - b.bottom))
    tx, ty = _transformer(crs, threading.get_ident()).transform(gx.ravel(), gy.ravel())
    tx = np.asarray(tx).reshape(LATTICE, LATTICE)
    ty = np.asarray(ty).reshape(LATTICE, LATTICE)
    a, bb, c, d, e, f = tuple(inverse)[:6]
    # the affine map is linear: interpolate the cell coordinates themselves
    col = np.floor(_spread(a * tx + bb * ty + c)).astype(np.int64)
    row = np.floor(_spread(d * tx + e * ty + f)).astype(np.int64)
    ok = (row >= 0) & (row < shape[0]) & (col >= 0) & (col < shape[1])
    cells = row * shape[1] + col
    cells[~ok] = -1
    with _cells_lock:
        _cells_cache[key] = cells
        while len(_cells_cache) > _CELLS_KEPT:
            _cells_cache.popitem(last=False)
    return cells


class RasterArray:
    """A single-band raster in memory that tiles are cut from.

    Parameters
    ----------
    values : (rows, cols) array
    transform : affine.Affine
        Cell corner coordinates from (col, row).
    crs : str
        The raster's CRS.
    nodata : number, optional
        Cells with this value are transparent.
    """

    def __init__(
        self, values: NDArray[Any], transform: Any, crs: str, nodata: float | None = None
    ) -> None:
        self.flat = np.ascontiguousarray(values).reshape(-1)
        self.shape = (int(values.shape[0]), int(values.shape[1]))
        self.inverse = ~transform
        self.crs = crs
        self.nodata = nodata

    @classmethod
    def read(cls, path: Any) -> RasterArray:
        """Band 1 of the GeoTIFF at ``path``."""
        import rasterio

        with rasterio.open(path) as src:
            return cls(src.read(1), src.transform, src.crs.to_string(), src.nodata)

    def value_at(self, x: float, y: float) -> Any:
        """The value of the cell holding point ``x``, ``y`` (the raster's CRS); None outside."""
        col, row = self.inverse * (x, y)
        r, c = int(np.floor(row)), int(np.floor(col))
        if not (0 <= r < self.shape[0] and 0 <= c < self.shape[1]):
            return None
        return self.flat[r * self.shape[1] + c]

    def tile(self, z: int, x: int, y: int) -> tuple[NDArray[Any], NDArray[np.bool_]]:
        """The (256, 256) values of tile ``z/x/y`` and where they are valid."""
        cells = tile_cells(z, x, y, self.inverse, self.shape, self.crs).reshape(TILE, TILE)
        valid = cells >= 0
        values = self.flat[np.maximum(cells, 0)]
        if self.nodata is not None:
            valid &= values != self.nodata
        return values, valid
