"""Read and write GeoTIFF rasters on the national grid, with novex metadata tags.

Rasters are tiled and deflate-compressed, optionally Cloud Optimised (COG). Every
novex raster carries ``NOVEX_*`` tags (layer name, kind, units, national interests,
source, synthetic flag) that ``gdalinfo`` shows under *Metadata*.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.windows import Window

from novex.errors import GridError
from novex.grid.atomic import atomic_file
from novex.grid.spec import CRS, GridSpec

__all__ = [
    "TAG_PREFIX",
    "RasterInfo",
    "raster_writer",
    "read_raster",
    "read_tags",
    "tags_to_gdal",
    "write_raster",
]

log = logging.getLogger(__name__)

TAG_PREFIX = "NOVEX_"
"""Prefix of the metadata tags novex writes (``NOVEX_LAYER``, ``NOVEX_SYNTHETIC``, ...)."""

_RESAMPLING = {m.name: m for m in Resampling}


def tags_to_gdal(tags: Mapping[str, Any]) -> dict[str, str]:
    """``NOVEX_*`` GDAL metadata from a mapping (non-string values as JSON)."""
    out: dict[str, str] = {}
    for key, value in tags.items():
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, str):
            text = value
        else:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[f"{TAG_PREFIX}{key.upper()}"] = text
    return out


def _profile(
    grid: GridSpec,
    dtype: Any,
    nodata: float | int | None,
    count: int = 1,
    compress: str = "deflate",
    level: int | None = None,
    blocksize: int = 256,
) -> dict[str, Any]:
    block = blocksize if min(grid.shape) >= blocksize else None
    profile: dict[str, Any] = {
        "driver": "GTiff",
        "width": grid.width,
        "height": grid.height,
        "count": count,
        "dtype": np.dtype(dtype).name,
        "crs": CRS,
        "transform": grid.transform,
        "compress": compress,
        "nodata": nodata,
    }
    if level is not None:
        profile[f"{compress.lower()}_level"] = level
    if block:
        profile.update(tiled=True, blockxsize=block, blockysize=block)
    return profile


@contextmanager
def raster_writer(
    path: str | os.PathLike[str],
    grid: GridSpec,
    dtype: Any,
    *,
    tags: Mapping[str, Any] | None = None,
    nodata: float | int | None = None,
    colormap: Mapping[int, tuple[int, int, int, int]] | None = None,
    cog: bool = False,
    compress: str = "deflate",
    level: int | None = None,
    blocksize: int = 256,
) -> Iterator[rasterio.io.DatasetWriter]:
    """Open a one-band GeoTIFF for block-wise writing; it appears at ``path`` only on success.

    Use this for rasters too large to hold in memory (the 25 m grid): write row strips
    with ``dst.write(block, 1, window=Window(0, row, grid.width, n))``. ``compress``
    (``"deflate"``, ``"zstd"``, ``"lzw"``), ``level`` and ``blocksize`` tune the file:
    intermediate outputs of the 25 m grid write much faster as ``zstd`` level 1.
    """
    path = Path(path)
    with atomic_file(path) as tmp:
        stage = tmp.with_suffix(".stage.tif") if cog else tmp
        try:
            profile = _profile(
                grid, dtype, nodata, compress=compress, level=level, blocksize=blocksize
            )
            with rasterio.open(stage, "w", **profile) as dst:
                if tags:
                    dst.update_tags(**tags_to_gdal(tags))
                yield dst
                if colormap:
                    dst.write_colormap(1, dict(colormap))
            if cog:
                from rasterio.shutil import copy as rio_copy

                rio_copy(stage, tmp, driver="COG", compress="DEFLATE")
        finally:
            if cog:
                Path(stage).unlink(missing_ok=True)
    log.debug("wrote %s", path)


def write_raster(
    path: str | os.PathLike[str],
    array: np.ndarray,
    grid: GridSpec,
    *,
    tags: Mapping[str, Any] | None = None,
    nodata: float | int | None = None,
    colormap: Mapping[int, tuple[int, int, int, int]] | None = None,
    cog: bool = False,
) -> Path:
    """Write a 2-D array on ``grid`` as a tiled, deflate-compressed GeoTIFF, atomically.

    Parameters
    ----------
    path : path-like
        Output file (``.tif``). Written to a temporary file first and moved into place.
    array : numpy.ndarray
        Shape ``grid.shape``.
    grid : GridSpec
        The grid the array lies on.
    tags : mapping, optional
        Metadata; each key ``k`` is stored as ``NOVEX_K``. Non-string values are JSON.
    nodata : number, optional
        The nodata value.
    colormap : mapping, optional
        Palette for integer rasters: value -> (r, g, b, a).
    cog : bool
        Write a Cloud Optimised GeoTIFF.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if array.shape != grid.shape:
        raise GridError(
            f"Array shape {array.shape!r} does not match the grid shape {grid.shape!r}."
        )
    with raster_writer(
        path, grid, array.dtype, tags=tags, nodata=nodata, colormap=colormap, cog=cog
    ) as dst:
        dst.write(array, 1)
    return Path(path)


class RasterInfo:
    """What :func:`read_raster` learned about a file: its grid, nodata and novex tags."""

    def __init__(self, path: Path, grid: GridSpec, nodata: float | None, tags: dict[str, Any]):
        self.path = path
        self.grid = grid
        self.nodata = nodata
        self.tags = tags

    def __repr__(self) -> str:
        return (
            f"RasterInfo({str(self.path)!r}, resolution={self.grid.resolution}, tags={self.tags!r})"
        )


def _parse_tags(raw: Mapping[str, str]) -> dict[str, Any]:
    tags: dict[str, Any] = {}
    for key, text in raw.items():
        if not key.startswith(TAG_PREFIX):
            continue
        name = key[len(TAG_PREFIX) :].lower()
        if text in ("true", "false"):
            tags[name] = text == "true"
            continue
        try:
            tags[name] = json.loads(text)
        except ValueError:
            tags[name] = text
    return tags


def read_tags(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The ``NOVEX_*`` tags of a raster, keys lower-case without the prefix."""
    try:
        with rasterio.open(path) as src:
            return _parse_tags(src.tags())
    except RasterioError as err:
        raise GridError(f"Cannot read raster {str(path)!r}: {err}") from err


def _check_on_lattice(path: Path, src: Any, resolution: int) -> GridSpec:
    """The GridSpec a file's own extent spans, or GridError saying what is off and how to fix it."""
    epsg = src.crs.to_epsg() if src.crs else None
    if epsg != 28992:
        raise GridError(
            f"Raster {str(path)!r} is in {src.crs.to_string() if src.crs else 'no CRS'!s}, not {CRS}. "
            f"Reproject it (gdalwarp -t_srs {CRS}) or pass resample='nearest' (or another method) "
            "to let novex reproject it onto the grid."
        )
    t = src.transform
    if t.b != 0 or t.d != 0:
        raise GridError(f"Raster {str(path)!r} is rotated; only north-up rasters are supported.")
    if abs(t.a - resolution) > 1e-6 or abs(-t.e - resolution) > 1e-6:
        raise GridError(
            f"Raster {str(path)!r} has {t.a:g} x {-t.e:g} m cells, not the grid's {resolution} m. "
            "Resample it (gdalwarp -tr) or pass resample='average' (or another method)."
        )
    bounds = (t.c, t.f - resolution * src.height, t.c + resolution * src.width, t.f)
    try:
        return GridSpec(resolution, bounds)
    except GridError as err:
        raise GridError(
            f"Raster {str(path)!r} is not aligned to the national {resolution} m lattice "
            f"(upper-left corner x={t.c!r}, y={t.f!r}; both must be multiples of {resolution} m from "
            "x=0, y=625000). Use gdalwarp -tap, or pass resample='nearest' to realign it."
        ) from err


def read_raster(
    path: str | os.PathLike[str],
    grid: GridSpec,
    *,
    resample: str | None = None,
    fill: float | None = None,
) -> tuple[np.ndarray, RasterInfo]:
    """Read band 1 of a GeoTIFF onto ``grid``.

    A raster in another CRS, at another resolution, or off the national lattice is
    refused with a :class:`~novex.errors.GridError` that says which and how to fix it,
    unless ``resample`` names a rasterio resampling method (``"nearest"``, ``"average"``,
    ``"bilinear"``, ...), in which case it is warped onto the grid.

    Parts of ``grid`` outside the file are filled with ``fill`` (default: the file's
    nodata, else 0).
    """
    path = Path(path)
    if not path.exists():
        raise GridError(f"Raster {str(path)!r} does not exist.")
    try:
        src = rasterio.open(path)
    except RasterioError as err:
        raise GridError(f"Cannot read raster {str(path)!r}: {err}") from err
    with src:
        tags = _parse_tags(src.tags())
        nodata = src.nodata
        fill_value = fill if fill is not None else (nodata if nodata is not None else 0)
        if resample is not None:
            if resample not in _RESAMPLING:
                raise GridError(
                    f"Invalid resampling method {resample!r}. Choose one of {sorted(_RESAMPLING)}."
                )
            from rasterio.vrt import WarpedVRT

            with WarpedVRT(
                src,
                crs=CRS,
                transform=grid.transform,
                width=grid.width,
                height=grid.height,
                resampling=_RESAMPLING[resample],
                nodata=fill_value,
            ) as vrt:
                data = vrt.read(1)
            return data, RasterInfo(path, grid, nodata, tags)
        own = _check_on_lattice(path, src, grid.resolution)
        t = src.transform
        col_off = round((grid.bounds[0] - t.c) / grid.resolution)
        row_off = round((t.f - grid.bounds[3]) / grid.resolution)
        window = Window(col_off, row_off, grid.width, grid.height)
        inside = (
            col_off >= 0
            and row_off >= 0
            and col_off + grid.width <= src.width
            and row_off + grid.height <= src.height
        )
        # a boundless read goes through a VRT (about twice as slow): only when it must fill
        data = src.read(1, window=window, boundless=not inside, fill_value=fill_value)
        return data, RasterInfo(path, own, nodata, tags)
