"""The national raster grid in EPSG:28992 and raster/vector I/O on it.

>>> from novex.grid import GridSpec
>>> GridSpec.national(100).shape
(3250, 3000)
"""

from novex.grid.atomic import atomic_dir, atomic_file
from novex.grid.geotiff import (
    TAG_PREFIX,
    RasterInfo,
    raster_writer,
    read_raster,
    read_tags,
    write_raster,
)
from novex.grid.spec import CRS, NATIONAL_BOUNDS, RESOLUTIONS, GridSpec, parse_resolution
from novex.grid.vector import rasterize, rasterize_ids, read_vector, write_vector

__all__ = [
    "CRS",
    "NATIONAL_BOUNDS",
    "RESOLUTIONS",
    "TAG_PREFIX",
    "GridSpec",
    "RasterInfo",
    "atomic_dir",
    "atomic_file",
    "parse_resolution",
    "raster_writer",
    "rasterize",
    "rasterize_ids",
    "read_raster",
    "read_tags",
    "read_vector",
    "write_raster",
    "write_vector",
]
