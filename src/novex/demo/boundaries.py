"""Province boundaries and large water bodies of the demo workspace.

Schematic, km-level outlines: Natural Earth 10 m admin-1 provinces (public domain)
with the large water bodies of nlmod's ``opp_water`` (MIT) clipped out, plus a
hand-drawn "sea side" polygon that tells the North Sea and the Zeeland estuaries
(water) apart from Belgium and Germany (outside the Netherlands). Both files ship in
``novex/demo/data`` (see the README there for provenance and licences).
"""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from novex.grid import GridSpec, rasterize, rasterize_ids, read_vector
from novex.reference import provinces

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "INLAND_WATER",
    "SEA_SIDE",
    "SHELTERED_WATER",
    "load_provinces",
    "load_water",
    "open_sea_mask",
    "province_ids",
    "water_mask",
]

log = logging.getLogger(__name__)


INLAND_WATER: tuple[str, ...] = (
    "IJsselmeer",
    "Ketelmeer, Vossemeer",
    "Markermeer",
    "Randmeren-oost",
    "Randmeren-zuid",
    "Amsterdam-Rijnkanaal Noordpand",
    "Noordzeekanaal",
    "IJssel",
    "Twenthekanalen",
)
"""nlmod water bodies that are lakes or canals (not sea); used to tell the open sea apart."""

SHELTERED_WATER: tuple[str, ...] = ("Waddenzee", "Waddenzee vastelandskust")
"""Sea behind the Wadden islands: diked mainland coast, no dunes."""

SEA_SIDE: tuple[tuple[float, float], ...] = (
    (0.0, 625_000.0),
    (236_000.0, 625_000.0),
    (236_000.0, 612_000.0),
    (262_000.0, 603_000.0),
    (271_000.0, 594_000.0),
    (275_000.0, 586_000.0),
    (255_000.0, 578_000.0),
    (170_000.0, 470_000.0),
    (120_000.0, 440_000.0),
    (88_000.0, 400_000.0),
    (60_000.0, 371_000.0),
    (16_000.0, 378_000.0),
    (0.0, 377_000.0),
)
"""Hand-drawn polygon (RD New metres) whose cells outside every province are water:
it runs offshore past the German Wadden islands to the Dollard, then through Dutch land
(where the province raster decides) to Zeeuws-Vlaanderen and along the Belgian coast.
Cells outside the provinces and outside this polygon are Belgium or Germany."""


def _data_path(name: str) -> str:
    return str(resources.files("novex.demo").joinpath("data", name))


@cache
def load_provinces() -> gpd.GeoDataFrame:
    """The 12 Natural Earth province outlines in RD New, in raster-id order.

    The order is that of :func:`novex.reference.provinces`, so row ``k`` is the
    province with raster id ``k + 1``.
    """
    gdf = read_vector(_data_path("nl_provinces_ne10m.geojson"))
    order = {p.code: p.raster_id for p in provinces()}
    gdf = gdf.assign(_order=gdf["iso_3166_2"].map(order)).sort_values("_order")
    missing = sorted(set(order) - set(gdf["iso_3166_2"]))
    if missing:  # pragma: no cover - packaging bug
        raise RuntimeError(f"Province file lacks {missing!r}")
    return gdf.drop(columns="_order").reset_index(drop=True)


@cache
def load_water() -> gpd.GeoDataFrame:
    """The 14 nlmod large water bodies (column ``OWMNAAM``) in RD New."""
    gdf = read_vector(_data_path("nl_large_water.geojson"))
    return gdf[~gdf.geometry.is_empty].reset_index(drop=True)


def _sea_side() -> gpd.GeoDataFrame:
    import geopandas as gpd
    from shapely.geometry import Polygon

    return gpd.GeoDataFrame(geometry=[Polygon(SEA_SIDE)], crs="EPSG:28992")


def province_ids(grid: GridSpec) -> NDArray[np.uint8]:
    """Province raster id (1..12, :attr:`Region.raster_id`) per cell, 0 outside the
    provinces or on large water.

    The large water bodies (IJsselmeer, Markermeer, Waddenzee, coastal water, ...)
    are clipped out, so a province's cell count is its land area.
    """
    ids = rasterize_ids(load_provinces(), grid)
    ids[rasterize(load_water(), grid, value=1).astype(bool)] = 0
    return ids


def water_mask(grid: GridSpec, ids: NDArray[np.uint8] | None = None) -> NDArray[np.uint8]:
    """1 on large water bodies and sea inside the grid, 0 elsewhere (land, Belgium, Germany)."""
    if ids is None:
        ids = province_ids(grid)
    water = rasterize(load_water(), grid, value=1).astype(bool)
    sea = rasterize(_sea_side(), grid, value=1).astype(bool) & (ids == 0)
    return (water | sea).astype(np.uint8)


def open_sea_mask(
    grid: GridSpec, water: NDArray[np.uint8], min_width: float = 8_000.0
) -> NDArray[np.bool_]:
    """Open sea: the coast where dunes form.

    Water minus lakes, canals and the Waddenzee (:data:`INLAND_WATER`,
    :data:`SHELTERED_WATER`), then a morphological opening that drops water narrower
    than ``min_width`` (the Zeeland estuaries), keeping the North Sea.
    """
    from scipy import ndimage

    lakes = load_water()
    lakes = lakes[lakes["OWMNAAM"].isin(INLAND_WATER + SHELTERED_WATER)]
    inland = rasterize(lakes, grid, value=1).astype(bool)
    sea = water.astype(bool) & ~inland
    radius = min_width / 2 / grid.resolution
    core = ndimage.distance_transform_edt(sea) > radius
    grown = ndimage.distance_transform_edt(~core) <= radius
    return np.asarray(sea & grown)
