"""Map tiles from the GeoTIFFs of a run and a stapelkaart, in WebMercatorQuad.

The rasters are on the national grid in EPSG:28992; rio-tiler cuts and reprojects the
tiles (nearest neighbour, so every pixel is a cell's own value), and the colours come
from the raster's categories: the allocation's colour table, a ramp for the overlap
count, one colour per national interest. Rendered PNGs are kept in an LRU cache; a
cached tile is answered without leaving the event loop (:meth:`TileSource.cached`).

A raster of at most :data:`ARRAY_CELLS` cells (the national map at 100 m has 9.75
million) is read into memory once and cut by :mod:`novex.web.tile_warp`: each pixel
centre of the tile is taken to EPSG:28992 and shows the value of the cell it falls in,
so a tile costs a few milliseconds at any zoom. A larger raster is cut by rio-tiler.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rio_tiler.errors import TileOutsideBounds
from rio_tiler.io import Reader

from novex.errors import NovexError
from novex.web.tile_warp import RasterArray

__all__ = [
    "INTEREST_COLOURS",
    "OVERLAP_COLOURS",
    "TileError",
    "TileLayer",
    "TileSource",
    "empty_tile",
]

log = logging.getLogger(__name__)

MAX_ZOOM = 16
"""Deepest zoom level served (a 25 m cell is ~10 pixels there)."""

ARRAY_CELLS = 40_000_000
"""Rasters of at most this many cells are held in memory to cut tiles from."""

OVERLAP_COLOURS: dict[int, tuple[int, int, int, int]] = {
    0: (0, 0, 0, 0),
    1: (255, 255, 178, 170),
    2: (254, 204, 92, 190),
    3: (253, 141, 60, 205),
    4: (240, 59, 32, 220),
    5: (189, 0, 38, 230),
}
"""Overlap count -> RGBA (5 stands for five or more interests)."""

INTEREST_COLOURS: tuple[tuple[int, int, int], ...] = (
    (31, 119, 180), (214, 39, 40), (44, 160, 44), (148, 103, 189), (140, 86, 75),
    (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207), (255, 127, 14),
    (57, 59, 121), (99, 121, 57), (140, 109, 49), (132, 60, 57), (123, 65, 115),
    (82, 84, 163), (107, 110, 207), (156, 158, 222), (181, 207, 107), (231, 186, 82),
    (214, 97, 107),
)  # fmt: skip
"""A colour per national interest (number 1-21 -> index 0-20)."""


class TileError(NovexError, LookupError):
    """An unknown tile layer or a tile index outside the tile matrix (HTTP 404)."""


@dataclass(frozen=True)
class TileLayer:
    """A raster layer served as tiles.

    ``path`` is the GeoTIFF; ``transform`` maps its values (a 2-D array) to the codes of
    ``colours`` (code -> RGBA; codes without a colour are transparent). ``array``, when
    given, is the raster already in memory (a what-if draft's map), and ``path`` only
    names it.
    """

    key: str
    path: Path
    colours: dict[int, tuple[int, int, int, int]]
    transform: Callable[[np.ndarray], np.ndarray] | None = None
    array: RasterArray | None = None


def interest_bit(bit: int) -> Callable[[np.ndarray], np.ndarray]:
    """A transform keeping bit ``bit`` of an interest mask (1 where the interest claims)."""

    def keep(values: np.ndarray) -> np.ndarray:
        return ((values.astype(np.uint32) >> np.uint32(bit)) & 1).astype(np.uint8)

    return keep


def clip_overlap(values: np.ndarray) -> np.ndarray:
    """Overlap counts with five or more shown as five."""
    return np.minimum(values, 5).astype(np.uint8)


def _png(rgba: np.ndarray) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(buf, format="PNG", optimize=False, compress_level=1)
    return buf.getvalue()


def _palette_png(codes: np.ndarray, colours: dict[int, tuple[int, int, int, int]], n: int) -> bytes:
    """A palette PNG of ``codes`` (code -> RGBA in ``colours``; others transparent)."""
    from PIL import Image

    palette = np.zeros((n, 4), np.uint8)
    for code, colour in colours.items():
        palette[code] = colour
    img = Image.fromarray(codes, "P")
    img.putpalette(palette[:, :3].tobytes())
    img.info["transparency"] = palette[:, 3].tobytes()
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False, compress_level=1,
             transparency=palette[:, 3].tobytes())  # fmt: skip
    return buf.getvalue()


@functools.cache
def empty_tile(size: int = 256) -> bytes:
    """A fully transparent PNG tile."""
    return _png(np.zeros((size, size, 4), np.uint8))


class TileSource:
    """The tile layers of one app with an LRU cache of rendered tiles.

    Parameters
    ----------
    layers : iterable of TileLayer
    cache_size : int
        Rendered tiles kept in memory.
    """

    def __init__(
        self, layers: list[TileLayer], cache_size: int = 4096, *, keep_readers: bool = True
    ) -> None:
        self.layers = {layer.key: layer for layer in layers}
        self.cache_size = cache_size
        self.keep_readers = keep_readers
        self._cache: OrderedDict[tuple[str, int, int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._arrays: dict[Path, Any] = {}
        self.hits = 0
        self.misses = 0
        self.version: str | None = None
        """A fingerprint of the data behind the tiles (the ETag's suffix), set by its user."""

    def _check(self, key: str, z: int, x: int, y: int) -> TileLayer:
        layer = self.layers.get(key)
        if layer is None:
            raise TileError(f"Unknown tile layer {key!r}; expected one of {sorted(self.layers)}.")
        if not (0 <= z <= MAX_ZOOM and 0 <= x < 2**z and 0 <= y < 2**z):
            raise TileError(
                f"Tile {z}/{x}/{y} is outside the WebMercatorQuad matrix; expected zoom 0-"
                f"{MAX_ZOOM} and x, y from 0 to 2**zoom - 1."
            )
        return layer

    def cached(self, key: str, z: int, x: int, y: int) -> bytes | None:
        """The PNG of a tile already rendered, else None (cheap: no file is read).

        Raises :class:`TileError` for an unknown layer or a tile outside the matrix.
        """
        self._check(key, z, x, y)
        ck = (key, z, x, y)
        with self._lock:
            png = self._cache.get(ck)
            if png is not None:
                self._cache.move_to_end(ck)
                self.hits += 1
            return png

    def tile(self, key: str, z: int, x: int, y: int) -> bytes:
        """The PNG of tile ``z/x/y`` of layer ``key`` (transparent where there is no data)."""
        png = self.cached(key, z, x, y)
        if png is not None:
            return png
        png = self._render(self.layers[key], z, x, y)
        ck = (key, z, x, y)
        with self._lock:
            self.misses += 1
            self._cache[ck] = png
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
        return png

    def _reader(self, path: Path) -> Reader:
        if not self.keep_readers:
            return Reader(str(path))
        readers = getattr(self._local, "readers", None)
        if readers is None:  # one open Reader per file and worker thread
            readers = self._local.readers = {}
        src = readers.get(path)
        if src is None:
            src = readers[path] = Reader(str(path))
        return src

    def raster(self, path: Path) -> RasterArray | None:
        """The raster at ``path`` (any single-band GeoTIFF) in memory, read once; None when
        it is larger than :data:`ARRAY_CELLS` cells."""
        return self._array(path)

    def _array(self, path: Path) -> RasterArray | None:
        """The raster at ``path`` in memory, or None when it is larger than ARRAY_CELLS."""
        if path not in self._arrays:
            with self._lock:
                if path not in self._arrays:
                    import rasterio

                    with rasterio.open(path) as src:
                        small = src.width * src.height <= ARRAY_CELLS and src.crs is not None
                    self._arrays[path] = RasterArray.read(path) if small else None
        return self._arrays[path]

    def _values(self, layer: TileLayer, z: int, x: int, y: int) -> tuple[Any, Any] | None:
        arr = layer.array if layer.array is not None else self._array(layer.path)
        if arr is not None:
            return arr.tile(z, x, y)
        src = self._reader(layer.path)
        try:
            img = src.tile(x, y, z, resampling_method="nearest", reproject_method="nearest")
        except TileOutsideBounds:
            return None
        finally:
            if not self.keep_readers:
                src.close()
        return np.asarray(img.array.data[0]), ~np.ma.getmaskarray(img.array)[0]

    def _render(self, layer: TileLayer, z: int, x: int, y: int) -> bytes:
        got = self._values(layer, z, x, y)
        if got is None or not got[1].any():
            return empty_tile()
        values, valid = got
        if layer.transform is not None:
            values = layer.transform(values)
        n = int(max(layer.colours, default=0)) + 2
        codes = np.clip(values.astype(np.int64), 0, n - 1)
        codes[codes == n - 1] = 0  # values above the last colour: transparent
        codes[~valid] = 0
        return _palette_png(codes.astype(np.uint8), layer.colours, n)
