"""Bring a user's GeoTIFF or vector file into a workspace as a registered layer.

This is how real data (PDOK: AHN, BRP, Natura 2000, NNN, NOVEX-gebieden) replaces the
generated demo layers: the file is validated against the workspace grid (a raster must
already be in EPSG:28992 on the national lattice at the workspace resolution, unless the
caller asks to resample), vectors are reprojected and rasterised, and the layer is
registered with its kind, national interests and provenance.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from novex.errors import LayerError
from novex.grid import rasterize, read_raster, read_vector
from novex.layers.registry import LayerSpec, parse_kind
from novex.layers.workspace import Workspace

__all__ = ["RASTER_SUFFIXES", "VECTOR_SUFFIXES", "import_layer"]

VECTOR_SUFFIXES = frozenset({".gpkg", ".geojson", ".json", ".shp", ".fgb"})
"""File endings read as vectors (through pyogrio)."""
RASTER_SUFFIXES = frozenset({".tif", ".tiff", ".vrt"})
"""File endings read as rasters (through rasterio)."""


def import_layer(
    ws: Workspace,
    file: str | os.PathLike[str],
    *,
    name: str,
    kind: str,
    interests: Sequence[int],
    title: str | None = None,
    source: str | None = None,
    synthetic: bool = False,
    resample: str | None = None,
    column: str | None = None,
    replace: bool = False,
) -> LayerSpec:
    """Validate a GeoTIFF or vector file and write it as a registered layer of ``ws``.

    Everything is checked before anything is written: the kind, the interests (1-21),
    the name (unique unless ``replace``), and the file (a raster must be in EPSG:28992 at
    the workspace resolution on the national lattice unless ``resample`` names a
    method; a vector is reprojected and rasterised by cell centre). The layer file and
    the manifest are each written atomically.

    Returns
    -------
    LayerSpec
        The registered spec.

    Raises
    ------
    LayerError, GridError
        Naming the bad value.
    """
    path = Path(file)
    layer_kind = parse_kind(kind)
    if name in ws.layers and not replace:
        raise LayerError(
            f"Layer {name!r} already exists in workspace {str(ws.path)!r}; pick another --name "
            "or pass --replace."
        )
    spec = LayerSpec.create(
        name=name,
        kind=layer_kind,
        title_nl=title or name,
        title_en=title or name,
        units="0/1" if column is None else column,
        interests=tuple(interests),
        source=source or f"user file {path.name}",
        synthetic=synthetic,
    )
    if not path.exists():
        raise LayerError(f"File {str(path)!r} does not exist.")
    suffix = path.suffix.lower()
    if suffix in VECTOR_SUFFIXES:
        gdf = read_vector(path)
        if column is not None:
            array = rasterize(gdf, ws.grid, column=column, dtype="float32")
        else:
            array = rasterize(gdf, ws.grid, value=1, dtype="uint8")
        nodata = None
    elif suffix in RASTER_SUFFIXES:
        if column is not None:
            raise LayerError(
                f"--column {column!r} only applies to vector files, not {path.name!r}."
            )
        array, info = read_raster(path, ws.grid, resample=resample)
        nodata = info.nodata
        if array.dtype == np.float64:
            array = array.astype(np.float32)
    else:
        raise LayerError(
            f"Unsupported file type {suffix!r} of {str(path)!r}. Only GeoTIFF "
            f"{sorted(RASTER_SUFFIXES)} and vectors {sorted(VECTOR_SUFFIXES)} are supported."
        )
    spec = spec.model_copy(update={"nodata": nodata})
    written = ws.write_layer(spec, array)
    ws.save()
    return written
