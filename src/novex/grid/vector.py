"""Vectors onto the national grid: read GeoPackage/GeoJSON in any CRS, rasterise.

Vectors are reprojected to RD New (EPSG:28992) on read. Rasterising burns either a
constant, a numeric column, or feature ids; a cell takes a value when its centre lies
inside the geometry (``all_touched=False``), so areas agree with the cell count.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.errors import GridError
from novex.grid.atomic import atomic_file
from novex.grid.spec import CRS, GridSpec

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["rasterize", "rasterize_ids", "read_vector", "write_vector"]

log = logging.getLogger(__name__)


def read_vector(path: str | os.PathLike[str], layer: str | None = None) -> gpd.GeoDataFrame:
    """Read a GeoPackage, GeoJSON or Shapefile and reproject it to EPSG:28992.

    Raises
    ------
    GridError
        When the file does not exist, cannot be read, or has no CRS.
    """
    import geopandas as gpd
    import pyogrio

    path = Path(path)
    if not path.exists():
        raise GridError(f"Vector file {str(path)!r} does not exist.")
    try:
        gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as err:
        raise GridError(f"Cannot read vector file {str(path)!r}: {err}") from err
    if gdf.crs is None:
        raise GridError(
            f"Vector file {str(path)!r} has no CRS. Set one (ogr2ogr -a_srs EPSG:28992) and retry."
        )
    if gdf.crs.to_epsg() != 28992:
        gdf = gdf.to_crs(CRS)
    return gdf


def write_vector(gdf: gpd.GeoDataFrame, path: str | os.PathLike[str], layer: str) -> Path:
    """Write ``gdf`` to a GeoPackage atomically (the file appears whole or not at all)."""
    path = Path(path)
    with atomic_file(path) as tmp:
        gdf.to_file(tmp, layer=layer, driver="GPKG", engine="pyogrio")
    return path


def _shapes(gdf: gpd.GeoDataFrame, values: Any) -> list[tuple[Any, Any]]:
    geoms = (
        gdf.geometry.to_crs(CRS)
        if gdf.crs is not None and gdf.crs.to_epsg() != 28992
        else gdf.geometry
    )
    return [(g, v) for g, v in zip(geoms, values, strict=True) if g is not None and not g.is_empty]


def rasterize(
    gdf: gpd.GeoDataFrame,
    grid: GridSpec,
    *,
    column: str | None = None,
    value: float = 1,
    fill: float = 0,
    dtype: Any = "uint8",
    all_touched: bool = False,
) -> np.ndarray:
    """Burn geometries onto ``grid``.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Any CRS (reprojected to RD New).
    grid : GridSpec
        Target grid.
    column : str, optional
        Numeric column to burn; otherwise ``value`` for every feature. Later features
        overwrite earlier ones where they overlap.
    fill : number
        Value of cells no geometry covers.
    dtype : numpy dtype
        Output dtype.
    all_touched : bool
        Burn every cell a geometry touches, not only cells whose centre it contains.
    """
    from rasterio import features

    if column is not None and column not in gdf.columns:
        raise GridError(f"Column {column!r} not found; available: {sorted(map(str, gdf.columns))}.")
    values = gdf[column].to_numpy() if column is not None else np.full(len(gdf), value)
    shapes = _shapes(gdf, values)
    out = np.full(grid.shape, fill, dtype=dtype)
    if not shapes:
        return out
    features.rasterize(shapes, out=out, transform=grid.transform, all_touched=all_touched)
    return out


def rasterize_ids(gdf: gpd.GeoDataFrame, grid: GridSpec, *, dtype: Any = "uint8") -> np.ndarray:
    """Burn feature ``k`` (0-based row order) as ``k + 1``; 0 where no feature lies.

    Used for province and area id rasters: id ``k + 1`` is row ``k`` of ``gdf``.
    """
    if len(gdf) >= np.iinfo(dtype).max:
        raise GridError(f"{len(gdf)} features do not fit in {np.dtype(dtype).name} ids.")
    return rasterize(gdf.assign(_id=np.arange(1, len(gdf) + 1)), grid, column="_id", dtype=dtype)
