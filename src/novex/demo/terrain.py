"""Synthetic physical geography: elevation, soil, river floodplains and flood depth.

Every value is a smooth, deterministic function of the RD New coordinates of a cell
centre, built from hand-entered, documented geography (control points of the
regional elevation, reclaimed-lake polders, peat districts, river polylines) plus
seeded noise. The result is *plausible*, not measured: low west and north, polders
below sea level, dunes along the North Sea coast, higher east and south, peat in the
Groene Hart and Friesland, floodplains along Rijn, Waal, Maas and IJssel. Replace the
layers by AHN (elevation), the Bodemkaart (soil) and the Beleidslijn grote rivieren
(floodplains) for real work (``docs/workspace.md``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from novex.demo.fields import (
    Float,
    Lattice,
    Strip,
    cell_window,
    ellipse_blobs,
    ellipse_score,
    polyline_distance,
)

__all__ = [
    "DEEP_POLDERS",
    "ELEVATION_POINTS",
    "FLOODPLAIN_HALF_WIDTH",
    "PEAT_DISTRICTS",
    "RELIEF_BUMPS",
    "RIVERS",
    "SOIL_CLASSES",
    "River",
    "TerrainFields",
    "elevation",
    "flood_depth",
    "regional_elevation",
    "soil",
    "uiterwaarden",
]

log = logging.getLogger(__name__)

SOIL_CLASSES: dict[int, str] = {1: "veen", 2: "klei", 3: "zand", 4: "löss/overig"}
"""Soil classes of the ``soil`` layer (0 = outside the land)."""

# (x, y, z): RD New metres and metres NAP. Hand-entered from general knowledge of the
# Dutch relief (rounded; not measured). Interpolated with a Gaussian kernel (8 km).
ELEVATION_POINTS: tuple[tuple[float, float, float], ...] = (
    # Holland: peat meadows and cities slightly below sea level
    (95_000, 470_000, -1.5), (120_000, 455_000, -2.0), (110_000, 445_000, -2.0),
    (92_000, 437_000, -1.0), (78_000, 447_000, -0.5), (121_000, 487_000, -1.0),
    (112_000, 500_000, -1.0), (128_000, 510_000, -2.0), (114_000, 518_000, -0.5),
    (118_000, 548_000, 0.0), (140_000, 525_000, -1.0), (138_000, 455_000, 1.0),
    (130_000, 472_000, -1.0), (140_000, 470_000, 5.0), (152_000, 468_000, 3.0),
    # Utrechtse Heuvelrug
    (148_000, 445_000, 15.0), (158_000, 452_000, 35.0), (168_000, 448_000, 30.0),
    # rivers area, rising upstream
    (130_000, 430_000, 0.5), (150_000, 435_000, 3.0), (170_000, 435_000, 7.0),
    (190_000, 433_000, 10.0), (185_000, 420_000, 12.0),
    # Veluwe and IJssel valley
    (178_000, 470_000, 50.0), (188_000, 462_000, 75.0), (188_000, 480_000, 50.0),
    (180_000, 455_000, 35.0), (196_000, 470_000, 25.0), (192_000, 450_000, 45.0),
    (210_000, 460_000, 8.0), (205_000, 485_000, 3.0), (175_000, 490_000, 5.0),
    # Salland, Twente, Achterhoek
    (230_000, 485_000, 20.0), (250_000, 478_000, 35.0), (262_000, 468_000, 40.0),
    (245_000, 500_000, 15.0), (230_000, 445_000, 18.0), (245_000, 445_000, 28.0),
    (228_000, 465_000, 12.0),
    # north-west Overijssel, Friesland, Groningen
    (200_000, 525_000, -0.5), (170_000, 570_000, 0.0), (185_000, 588_000, 1.0),
    (168_000, 552_000, -0.5), (195_000, 560_000, 1.5), (210_000, 545_000, 5.0),
    (160_000, 580_000, 0.5), (235_000, 580_000, 1.0), (250_000, 592_000, 0.5),
    (265_000, 575_000, 0.5), (215_000, 580_000, 1.0),
    # Drenthe plateau and Hondsrug
    (230_000, 550_000, 10.0), (235_000, 535_000, 15.0), (248_000, 558_000, 12.0),
    (255_000, 540_000, 18.0), (260_000, 522_000, 15.0), (220_000, 530_000, 10.0),
    (240_000, 515_000, 12.0),
    # Zeeland and the south Holland islands
    (30_000, 390_000, 0.5), (50_000, 395_000, 0.0), (40_000, 410_000, 0.5),
    (60_000, 368_000, 1.5), (20_000, 374_000, 1.5), (75_000, 420_000, 0.0),
    (90_000, 420_000, 0.0), (60_000, 425_000, 0.5),
    # Noord-Brabant
    (95_000, 395_000, 3.0), (80_000, 380_000, 12.0), (112_000, 395_000, 6.0),
    (133_000, 397_000, 12.0), (150_000, 380_000, 20.0), (162_000, 384_000, 20.0),
    (175_000, 375_000, 28.0), (186_000, 385_000, 32.0), (150_000, 412_000, 4.0),
    (170_000, 410_000, 10.0), (140_000, 365_000, 30.0), (120_000, 380_000, 15.0),
    (100_000, 410_000, 1.0),
    # Limburg: Maas valley and the hills of the south
    (205_000, 385_000, 18.0), (200_000, 365_000, 25.0), (193_000, 355_000, 25.0),
    (185_000, 345_000, 35.0), (190_000, 333_000, 60.0), (178_000, 318_000, 55.0),
    (188_000, 318_000, 120.0), (196_000, 322_000, 110.0), (198_000, 312_000, 200.0),
    (200_000, 307_500, 300.0), (204_000, 314_000, 190.0), (185_000, 310_000, 130.0),
)  # fmt: skip

DEEP_POLDERS: tuple[tuple[str, float, float, float, float, float, float], ...] = (
    # name, centre x, centre y, semi-axis a, semi-axis b, angle (deg), floor (m NAP)
    ("Haarlemmermeer", 106_000, 480_000, 7_500, 4_000, -40, -4.5),
    ("Zuidplaspolder", 100_000, 451_000, 4_000, 2_000, 20, -6.5),
    ("Wieringermeer", 127_000, 538_000, 5_500, 4_500, 0, -4.5),
    ("Beemster", 123_000, 507_000, 3_000, 2_700, 0, -3.5),
    ("Schermer", 114_500, 513_000, 3_000, 2_300, 0, -4.0),
    ("Purmer", 127_500, 502_000, 1_800, 1_700, 0, -3.5),
    ("Prins Alexanderpolder", 96_000, 441_000, 2_500, 1_500, 30, -6.0),
)
"""Reclaimed lakes (droogmakerijen), approximated by ellipses with a floor level."""

PEAT_DISTRICTS: tuple[tuple[str, float, float, float, float, float], ...] = (
    # name, centre x, centre y, semi-axis a, semi-axis b, angle (deg)
    ("Groene Hart", 115_000, 455_000, 24_000, 12_000, 20),
    ("Krimpenerwaard/Alblasserwaard", 110_000, 436_000, 11_000, 5_000, 0),
    ("Laag Holland", 126_000, 500_000, 10_000, 7_000, 60),
    ("Vechtplassen/Eemland", 138_000, 470_000, 10_000, 6_000, 30),
    ("Lage Midden Friesland", 178_000, 556_000, 20_000, 10_000, 30),
    ("NW-Overijssel", 200_000, 526_000, 11_000, 7_000, 0),
    ("Veenkoloniën", 255_000, 552_000, 13_000, 6_000, 60),
    ("Fochteloërveen/Drents veen", 222_000, 556_000, 6_000, 5_000, 0),
)
"""Peat (veen) districts, approximated by ellipses."""


@dataclass(frozen=True)
class River:
    """A river as a hand-entered polyline with an approximate design high-water level."""

    name: str
    vertices: tuple[tuple[float, float], ...]
    levels: tuple[float, ...]
    """Design high-water level (m NAP) at each vertex (an assumption, decreasing downstream)."""


# Vertices: RD New metres, read off general maps (rounded to 100 m), upstream to downstream.
RIVERS: tuple[River, ...] = (
    River(
        "Rijn/Nederrijn-Lek",
        ((205_300, 430_600), (200_000, 431_500), (190_200, 443_100), (182_000, 442_500),
         (173_800, 441_300), (167_600, 440_700), (151_800, 443_000), (144_200, 441_900),
         (134_600, 444_700), (124_900, 441_400), (118_100, 440_000), (109_100, 436_500),
         (102_200, 433_800)),
        (16.0, 15.5, 13.5, 12.5, 11.5, 10.5, 8.0, 7.0, 6.0, 5.0, 4.0, 3.5, 3.0),
    ),
    River(
        "Waal",
        ((200_000, 431_500), (193_800, 429_800), (187_600, 429_400), (176_500, 431_300),
         (164_100, 433_500), (157_900, 432_400), (145_500, 424_600), (135_200, 425_700),
         (126_200, 426_900), (114_500, 426_400), (105_500, 424_800)),
        (15.5, 14.5, 13.5, 12.0, 10.0, 9.0, 7.0, 6.0, 5.0, 4.0, 3.0),
    ),
    River(
        "Maas",
        ((177_100, 308_900), (176_300, 317_800), (181_200, 331_200), (186_700, 349_000),
         (196_400, 355_800), (204_700, 368_100), (209_500, 375_900), (204_500, 392_600),
         (195_300, 412_500), (189_000, 415_800), (179_400, 419_100), (173_100, 423_500),
         (158_600, 424_600), (149_000, 420_200), (137_900, 415_700), (118_600, 412_500)),
        (50.0, 47.0, 38.0, 30.0, 24.0, 20.0, 18.0, 15.0, 12.0, 11.0, 10.0, 9.0, 7.0, 5.5,
         4.5, 3.5),
    ),
    River(
        "IJssel",
        ((195_100, 440_900), (206_700, 447_100), (210_000, 461_600), (207_100, 473_800),
         (204_300, 483_800), (205_600, 489_400), (201_400, 499_400), (190_500, 507_600),
         (184_300, 511_500)),
        (14.0, 12.5, 10.0, 8.0, 6.5, 5.5, 4.0, 3.0, 2.5),
    ),
)  # fmt: skip
"""Rijn/Nederrijn-Lek (Lobith to Krimpen), Waal (Pannerdense Kop to the Merwede), Maas
(Eijsden to the Bergsche Maas) and IJssel (IJsselkop to the Ketelmeer)."""

FLOODPLAIN_HALF_WIDTH: tuple[float, float] = (200.0, 750.0)
"""Half-width range (m) of the uiterwaarden either side of the river line; the local
value varies smoothly with noise, giving floodplains ~0.4-1.5 km wide."""

RELIEF_BUMPS: tuple[tuple[str, float, float, float, float], ...] = (
    # name, centre x, centre y, extra height (m), radius (m, Gaussian sigma)
    ("Vaalserberg/Heuvelland", 199_500, 308_000, 110.0, 4_500.0),
    ("Veluwe stuwwallen", 190_000, 458_000, 20.0, 6_000.0),
    ("Utrechtse Heuvelrug", 160_000, 450_000, 12.0, 3_000.0),
    ("Sallandse Heuvelrug", 229_000, 485_000, 40.0, 3_000.0),
    ("Holterberg/Twente", 257_000, 478_000, 20.0, 5_000.0),
)
"""Hills too narrow for the 8 km kernel, added on top of the regional trend."""

_KERNEL_M = 8_000.0


def regional_elevation(spacing: float = 1_000.0) -> Lattice:
    """The regional elevation trend (m NAP) on a lattice: Gaussian-kernel-weighted mean
    of :data:`ELEVATION_POINTS`, with a weak pull to 1 m NAP far from every point."""
    xs, ys = Lattice.nodes(spacing)
    pts = np.asarray(ELEVATION_POINTS, dtype=np.float64)
    num = np.full((ys.size, xs.size), 1e-6 * 1.0)
    den = np.full((ys.size, xs.size), 1e-6)
    for px, py, pz in pts:
        w = np.exp(-((xs[None, :] - px) ** 2 + (ys[:, None] - py) ** 2) / (2 * _KERNEL_M**2))
        num += w * pz
        den += w
    z = num / den
    for _, bx, by, height, sigma in RELIEF_BUMPS:
        z += height * np.exp(-((xs[None, :] - bx) ** 2 + (ys[:, None] - by) ** 2) / (2 * sigma**2))
    return Lattice(z, spacing)


@dataclass(frozen=True)
class TerrainFields:
    """Lattices shared by every strip of one build (computed once)."""

    regional: Lattice
    noise_2km: Lattice
    noise_500m: Lattice
    noise_4km: Lattice
    sea_distance: Lattice
    """Distance (m) to the open sea (not lakes) on a 250 m lattice."""


def _polder_window(strip: Strip, cx: float, cy: float, a: float, b: float) -> tuple[slice, slice]:
    reach = 1.2 * max(a, b)
    return cell_window(strip, cx - reach, cx + reach, cy - reach, cy + reach)


def _blend(weight: Float) -> Float:
    return np.clip(weight, 0.0, 1.0)


def elevation(
    strip: Strip,
    fields: TerrainFields,
    province: NDArray[np.uint8],
) -> tuple[Float, NDArray[np.bool_]]:
    """Elevation (m NAP) of a strip and its dune mask.

    Rounded to 1 cm. Regional trend + relief noise scaled by height, reclaimed-lake polders at their floor
    level, Flevoland at -3.5 to -5 m, dunes up to ~25 m within ~2.5 km of the open sea.
    """
    xx, yy = strip.mesh()
    base = fields.regional.sample(strip)
    n2 = fields.noise_2km.sample(strip)
    n05 = fields.noise_500m.sample(strip)
    amp = 0.25 + 0.07 * np.maximum(base, 0.0)
    z = base + amp * (n2 + 0.4 * n05)
    # Flevoland: reclaimed in the 20th century, -3.5 m (north) to -5 m (south-west)
    flevo = province == 5
    floor = np.clip(-4.5 + (yy - 490_000) / 40_000, -5.0, -3.5) + 0.3 * n05
    z = np.where(flevo, floor, z)
    for _, cx, cy, a, b, angle, level in DEEP_POLDERS:
        rows, cols = _polder_window(strip, cx, cy, a, b)
        s = ellipse_score(xx[rows, cols], yy[rows, cols], cx, cy, a, b, angle)
        w = _blend((1.25 - s) / 0.5)
        z[rows, cols] = z[rows, cols] * (1 - w) + (level + 0.2 * n05[rows, cols]) * w
    # dunes along the open sea
    d = fields.sea_distance.sample(strip)
    width = 2_500.0 + 800.0 * n2
    dune = (d < width) & (province > 0)
    height = np.clip(12.0 + 6.0 * fields.noise_4km.sample(strip) + 4.0 * n05, 4.0, 28.0)
    profile = np.sin(np.pi * np.clip(d / np.maximum(width, 1.0), 0.0, 1.0)) ** 0.7
    z = np.where(dune, np.maximum(z, height * profile), z)
    return np.round(z, 2), dune


def peat_score(strip: Strip, fields: TerrainFields) -> Float:
    """0..~1: how peaty a cell is (1 in the heart of a peat district)."""
    score = ellipse_blobs(strip, [d[1:] for d in PEAT_DISTRICTS])
    return np.asarray(score + 0.18 * fields.noise_2km.sample(strip))


def soil(
    strip: Strip,
    fields: TerrainFields,
    province: NDArray[np.uint8],
    z: Float,
    dune: NDArray[np.bool_],
    river_distance: Float,
) -> NDArray[np.uint8]:
    """Soil class per cell (:data:`SOIL_CLASSES`), 0 outside the land.

    Peat in the peat districts (not in polders or dunes); clay in Flevoland and the
    reclaimed lakes, on low land (< 1 m NAP) and within ~4 km of the big rivers; löss in
    the south Limburg hills; sand elsewhere (the east and south, and the dunes).
    """
    xx, yy = strip.mesh()
    land = province > 0
    n4 = fields.noise_4km.sample(strip)
    polder = province == 5
    for _, cx, cy, a, b, angle, _level in DEEP_POLDERS:
        rows, cols = _polder_window(strip, cx, cy, a, b)
        polder[rows, cols] |= (
            ellipse_score(xx[rows, cols], yy[rows, cols], cx, cy, a, b, angle) < 1.1
        )
    peat = (peat_score(strip, fields) > 0.4) & ~polder & ~dune & (z < 12.0)
    river_clay = (river_distance < 3_500 + 1_500 * n4) & (z < 15.0)
    clay = (polder | (z < 1.0 + 0.5 * n4) | river_clay) & ~dune & ~peat
    loess = (yy < 330_000 + 4_000 * n4) & (xx > 174_000) & (z > 45.0) & ~river_clay
    out = np.full(strip.shape, 3, dtype=np.uint8)
    out[clay] = 2
    out[peat] = 1
    out[loess] = 4
    out[~land] = 0
    return out


def river_fields(strip: Strip, max_distance: float = 20_000.0) -> tuple[Float, Float]:
    """Distance (m) to the nearest river line and that river's design level (m NAP)."""
    return polyline_distance(
        strip,
        [r.vertices for r in RIVERS],
        max_distance,
        values=[r.levels for r in RIVERS],
    )


def uiterwaarden(
    strip: Strip, fields: TerrainFields, province: NDArray[np.uint8], river_distance: Float
) -> NDArray[np.uint8]:
    """1 within the local floodplain half-width of a river line (land only)."""
    lo, hi = FLOODPLAIN_HALF_WIDTH
    half = lo + (hi - lo) * np.clip(0.5 + 0.35 * fields.noise_2km.sample(strip), 0.0, 1.0)
    return ((river_distance <= half) & (province > 0)).astype(np.uint8)


def flood_depth(
    strip: Strip,
    fields: TerrainFields,
    province: NDArray[np.uint8],
    z: Float,
    river_distance: Float,
    river_level: Float,
) -> Float:
    """Potential flood depth (m) if the primary flood defences fail, 0 on high ground.

    The water level is the higher of a coastal storm-surge level (3 m NAP at the coast,
    falling to 0.5 m NAP 60 km inland) and the nearest river's design level minus
    0.15 m per km from the river (within 20 km). Depth = level - elevation, capped at 8 m,
    rounded to 1 cm.
    """
    d_sea = fields.sea_distance.sample(strip)
    coast = 3.0 - 2.5 * np.clip(d_sea / 60_000.0, 0.0, 1.0)
    river = np.where(np.isfinite(river_distance), river_level - 0.15e-3 * river_distance, -np.inf)
    level = np.maximum(coast, river)
    depth = np.clip(level - z, 0.0, 8.0)
    depth[province == 0] = 0.0
    return np.asarray(np.round(depth, 2))
