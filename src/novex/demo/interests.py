"""Synthetic claim and protection layers of the national interests for the demo workspace.

No real claim data ships with novex, so the demo workspace gets generated layers: one
for each of 20 national interests, derived deterministically from the demo base layers (provinces,
soil, elevation, urban area, water, ...) and from named places in RD New coordinates
(Veluwe training areas, ports, datacenter zones, the Groene Hart, ...). Every layer is
marked ``synthetic=True`` and its ``source`` says how it was made. Replace them by real
data with ``novex layers add``.

Values are ``uint8``: 1 where the interest claims or protects the cell, 0 elsewhere and
255 (nodata) outside the provinces where the layer makes no statement.

Interest 1 ("Bevorderen van een duurzame ontwikkeling van Nederland als geheel ...") gets
no layer: it is the umbrella of all the others, so the stapelkaart as a whole is its map.
:data:`NOT_MAPPED` says so, and the build records it in the workspace ``info``
(``interests_not_mapped``), where the stapelkaart picks it up.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import rasterio
from rasterio.windows import Window

from novex.demo.fields import bilinear, distance_to_mask
from novex.demo.places import (
    ACCESS_BAND_M,
    BORDER_ZONE_M,
    BUSINESS_CLIMATE,
    CITIES,
    DATACENTER_ZONES,
    DEFENCE_AREAS,
    GROENE_HART,
    INDUSTRY_ZONE_M,
    INFRA_CORRIDORS,
    PIPELINE_ROUTES,
    PORTS,
    ROAD_ZONE_M,
    SCHIPHOL_NOISE_M,
    STADSRAND_M,
    STATION_AREA_M,
    STELLING_VAN_AMSTERDAM,
    WATERLINIE,
    Point,
)
from novex.errors import GridError, LayerError
from novex.grid import GridSpec, read_raster
from novex.layers import LayerKind, LayerSpec, Workspace

__all__ = ["INTEREST_LAYERS", "NOT_MAPPED", "add_interest_layers"]

log = logging.getLogger(__name__)

NODATA = 255
_SEED = 20220513  # fixed: the demo layers are the same on every build


@dataclass(frozen=True)
class _Base:
    """The demo base layers, read once, with cell-centre coordinates."""

    ws: Workspace
    grid: GridSpec  # the working grid: the workspace grid, or a coarser one at 25 m
    x: np.ndarray  # (1, W) cell-centre x
    y: np.ndarray  # (H, 1) cell-centre y
    # layers read and distance maps made, kept for the other generators (read-only arrays)
    cache: dict[object, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    @property
    def res(self) -> float:
        return float(self.grid.resolution)

    def read(self, name: str) -> np.ndarray:
        """Base layer ``name`` on the working grid, read once (the array is read-only)."""
        key = ("layer", name)
        if key not in self.cache:
            data = self._read(name)
            data.setflags(write=False)
            self.cache[key] = data
        return self.cache[key]

    def _read(self, name: str) -> np.ndarray:
        try:
            if self.grid == self.ws.grid:
                return self.ws.read(name)
            data, _ = read_raster(self.ws.layer_path(name), self.grid, resample="nearest")
            return data
        except LayerError as err:
            raise LayerError(
                f"The demo interest layers need base layer {name!r} in the workspace: {err}"
            ) from err

    def bool(self, name: str) -> np.ndarray:
        arr = self.read(name)
        nodata = self.ws.layer(name).nodata
        out = arr > 0
        if nodata is not None and not np.isnan(nodata):
            out &= arr != nodata
        return out

    def disc(self, x: float, y: float, radius: float) -> np.ndarray:
        """Cells whose centre lies within ``radius`` of (x, y).

        Only the rows and columns within the radius (plus one cell) are evaluated; the
        test on them is the same expression as on the whole grid.
        """
        out = np.zeros(self.grid.shape, dtype=bool)
        xs, ys = self.x[0], self.y[:, 0]
        pad = radius + self.res
        cols = np.nonzero(np.abs(xs - x) <= pad)[0]
        rows = np.nonzero(np.abs(ys - y) <= pad)[0]
        if cols.size == 0 or rows.size == 0:
            return out
        r, c = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
        out[r, c] = (self.x[:, c] - x) ** 2 + (self.y[r, :] - y) ** 2 <= radius * radius
        return out

    def near_polyline(self, points: Sequence[Point], half_width: float) -> np.ndarray:
        out = np.zeros(self.grid.shape, dtype=bool)
        for (x0, y0), (x1, y1) in pairwise(points):
            # restrict to the segment's bounding box for speed
            rows = np.nonzero(
                (self.y[:, 0] >= min(y0, y1) - half_width)
                & (self.y[:, 0] <= max(y0, y1) + half_width)
            )[0]
            cols = np.nonzero(
                (self.x[0] >= min(x0, x1) - half_width) & (self.x[0] <= max(x0, x1) + half_width)
            )[0]
            if rows.size == 0 or cols.size == 0:
                continue
            r, c = slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1)
            px, py = self.x[:, c], self.y[r, :]
            dx, dy = x1 - x0, y1 - y0
            t = np.clip(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
            d2 = (px - x0 - t * dx) ** 2 + (py - y0 - t * dy) ** 2
            out[r, c] |= d2 <= half_width * half_width
        return out

    def distance_to(self, mask: np.ndarray) -> np.ndarray:
        """Distance in metres from every cell to the nearest True cell (float32)."""
        key = ("distance", mask.shape, hashlib.sha256(np.packbits(mask).tobytes()).digest())
        if key not in self.cache:
            # scipy's distance_transform_edt(~mask) in float32, to the bit
            dist = distance_to_mask(mask, self.res)
            dist.setflags(write=False)
            self.cache[key] = dist
        return self.cache[key]

    def noise(self, key: int, scale_m: float = 6_000.0) -> np.ndarray:
        """Smooth deterministic noise in [0, 1], the same pattern at every resolution."""
        grid = self.grid
        rng = np.random.default_rng(_SEED + key)
        ny = int(np.ceil((grid.bounds[3] - grid.bounds[1]) / scale_m)) + 2
        nx = int(np.ceil((grid.bounds[2] - grid.bounds[0]) / scale_m)) + 2
        coarse = rng.random((ny, nx))
        rows = (grid.bounds[3] - self.y[:, 0]) / scale_m
        cols = (self.x[0] - grid.bounds[0]) / scale_m
        # all coordinates lie inside ``coarse``, so mode "constant" (scipy's default, as
        # before) and "nearest" (bilinear's) give the same numbers
        return bilinear(coarse, rows.astype(np.float32), cols.astype(np.float32)).astype(np.float32)


@dataclass(frozen=True)
class InterestLayer:
    """How one synthetic interest layer is made."""

    name: str
    interest: int
    kind: LayerKind
    title_nl: str
    title_en: str
    source: str
    make: Callable[[_Base], np.ndarray]


# -- the generators ---------------------------------------------------------------------
def _wonen(b: _Base) -> np.ndarray:
    areas = b.bool("woningbouwgebieden") | b.bool("zoekgebieden_2020")
    return areas & ~b.bool("water")


def _leefomgeving(b: _Base) -> np.ndarray:
    urban = b.bool("urban")
    land = ~b.bool("water") & (b.read("province") > 0) & (b.read("province") <= 12)
    return (b.distance_to(urban) <= STADSRAND_M) & ~urban & land


def _grens(b: _Base) -> np.ndarray:
    province = b.read("province")
    land = (province > 0) & (province <= 12)
    abroad = (province == 0) & ~b.bool("water")
    return land & (b.distance_to(abroad) <= BORDER_ZONE_M)


def _gezond_veilig(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for x, y, r in (*PORTS.values(), BUSINESS_CLIMATE["chemelot"]):
        out |= b.disc(x, y, r + INDUSTRY_ZONE_M)
    sx, sy, _ = BUSINESS_CLIMATE["mainport_schiphol"]
    out |= b.disc(sx, sy, SCHIPHOL_NOISE_M)
    for a, c in INFRA_CORRIDORS:
        out |= b.near_polyline([CITIES[a], CITIES[c]], ROAD_ZONE_M)
    return out & ~b.bool("water")


def _mobiliteit(b: _Base) -> np.ndarray:
    return (b.read("ov_distance") <= STATION_AREA_M) & ~b.bool("water")


def _toegankelijkheid(b: _Base) -> np.ndarray:
    ov = b.read("ov_distance")
    return (ov > STATION_AREA_M) & (ov <= ACCESS_BAND_M) & b.bool("urban")


def _infra(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for a, c in INFRA_CORRIDORS:
        out |= b.near_polyline([CITIES[a], CITIES[c]], 400)
    return out & ~b.bool("water")


def _defensie(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for x, y, r in DEFENCE_AREAS.values():
        out |= b.disc(x, y, r)
    return out


def _veen(b: _Base) -> np.ndarray:
    soil = b.read("soil")
    return (soil == 1) & b.bool("agriculture") & (b.read("elevation") < 0.5)


def _energie(b: _Base) -> np.ndarray:
    soil = b.read("soil")
    agri = b.bool("agriculture")
    wind = agri & (soil == 2) & (b.noise(11) > 0.62)  # open clay polders
    solar = agri & (soil == 3) & (b.noise(111, 3_000) > 0.8)  # solar fields on sand
    return wind | solar


def _buisleidingen(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for route in PIPELINE_ROUTES.values():
        out |= b.near_polyline(route, max(150.0, b.res))
    return out


def _havens(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for x, y, r in PORTS.values():
        out |= b.disc(x, y, r)
    return out & ~b.bool("water")


def _waterveiligheid(b: _Base) -> np.ndarray:
    water = b.bool("water")
    uiterwaarden = b.bool("uiterwaarden")
    dike_zone = (b.distance_to(water) <= 300) & ~water & (b.read("flood_depth") > 0.5)
    return uiterwaarden | dike_zone


def _drinkwater(b: _Base) -> np.ndarray:
    soil = b.read("soil")
    rng = np.random.default_rng(_SEED + 15)
    sand = np.argwhere(soil == 3)
    out = np.zeros(b.grid.shape, dtype=bool)
    if sand.size == 0:
        return out
    picks = sand[rng.choice(len(sand), size=min(80, len(sand)), replace=False)]
    x0 = b.grid.bounds[0]
    y1 = b.grid.bounds[3]
    for r, c in picks:
        out |= b.disc(x0 + (c + 0.5) * b.res, y1 - (r + 0.5) * b.res, 1_800)
    return out & (soil == 3) & ~b.bool("urban")


def _vestiging(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for x, y, r in BUSINESS_CLIMATE.values():
        out |= b.disc(x, y, r)
    return out & ~b.bool("water")


def _digitaal(b: _Base) -> np.ndarray:
    out = np.zeros(b.grid.shape, dtype=bool)
    for x, y, r in DATACENTER_ZONES.values():
        out |= b.disc(x, y, r)
    return out & ~b.bool("water")


def _landbouw(b: _Base) -> np.ndarray:
    soil = b.read("soil")
    return b.bool("agriculture") & (soil == 2) & ~b.bool("nature_network")


def _erfgoed(b: _Base) -> np.ndarray:
    cx, cy, ax, ay = GROENE_HART
    groene_hart = ((b.x - cx) / ax) ** 2 + ((b.y - cy) / ay) ** 2 <= 1.0
    groene_hart &= ~b.bool("urban")
    linie = b.near_polyline(WATERLINIE, 1_500)
    sx, sy, sr = STELLING_VAN_AMSTERDAM
    ring = np.sqrt((b.x - sx) ** 2 + (b.y - sy) ** 2)
    stelling = np.abs(ring - sr) <= 750
    water = b.bool("water")
    wadden = (b.y > 578_000) & (b.x > 100_000) & (b.x < 270_000) & (b.y < 612_000)
    wadden &= (water & (b.distance_to(~water) <= 5_000)) | b.bool("nature_network")
    return groene_hart | linie | stelling | wadden


def _natuur(b: _Base) -> np.ndarray:
    return b.bool("nature_network")


def _visserij(b: _Base) -> np.ndarray:
    water = b.bool("water")
    near_land = b.distance_to(~water) <= 5_000  # Waddenzee and Oosterschelde, not open sea
    oosterschelde = (b.x > 30_000) & (b.x < 70_000) & (b.y > 390_000) & (b.y < 415_000)
    wadden = (b.x > 110_000) & (b.x < 250_000) & (b.y > 585_000) & (b.y < 605_000)
    return water & near_land & (oosterschelde | wadden) & (b.noise(21, 4_000) > 0.45)


_GEN = "novex.demo.interests (synthetic, deterministic)"

INTEREST_LAYERS: tuple[InterestLayer, ...] = (
    InterestLayer(
        "protection_leefomgevingskwaliteit", 2, LayerKind.PROTECTION,
        "Stadsranden: leefomgevingskwaliteit", "Urban fringes: quality of the living environment",
        f"{_GEN}: proxy: open land (not urban, not water) within {STADSRAND_M:,.0f} m of the urban area, "
        "where the quality of the city edge and green near town is at stake",
        _leefomgeving,
    ),
    InterestLayer(
        "claim_grenszones", 3, LayerKind.CLAIM,
        "Grenszones (grensoverschrijdende relaties)", "Border zones (cross-border relations)",
        f"{_GEN}: proxy: land within {BORDER_ZONE_M:,.0f} m of Belgium or Germany (cells outside the "
        "provinces that are not water)",
        _grens,
    ),
    InterestLayer(
        "protection_gezond_veilig", 4, LayerKind.PROTECTION,
        "Milieuzones: geluid, geur en externe veiligheid", "Environmental zones: noise, odour, external safety",
        f"{_GEN}: proxy: land within {INDUSTRY_ZONE_M:,.0f} m of the port and chemical sites ({', '.join(PORTS)}, "
        f"chemelot), within {SCHIPHOL_NOISE_M:,.0f} m of Schiphol, and within {ROAD_ZONE_M:,.0f} m of the "
        "main corridors",
        _gezond_veilig,
    ),
    InterestLayer(
        "claim_wonen_woningbouwgebieden", 5, LayerKind.CLAIM,
        "NOVEX-woningbouwgebieden en zoekgebieden", "NOVEX housing areas and search regions",
        f"{_GEN}: the schematic outlines of the 17 NOVEX-woningbouwgebieden and the 6 NOVI 2020 "
        "zoekgebied regions (layers woningbouwgebieden, zoekgebieden_2020; novex.demo.areas), not water",
        _wonen,
    ),
    InterestLayer(
        "claim_mobiliteit_knooppunten", 6, LayerKind.CLAIM,
        "OV-knooppunten en stationsgebieden", "Public-transport hubs and station areas",
        f"{_GEN}: proxy: land within {STATION_AREA_M:,.0f} m of an OV-knooppunt (places of at least "
        "50,000 inhabitants, layer ov_distance)",
        _mobiliteit,
    ),
    InterestLayer(
        "claim_hoofdinfrastructuur", 7, LayerKind.CLAIM,
        "Hoofdinfrastructuur (corridors)", "Main infrastructure corridors",
        f"{_GEN}: 800 m wide straight corridors between {len(INFRA_CORRIDORS)} pairs of big cities",
        _infra,
    ),
    InterestLayer(
        "protection_bereikbaarheid", 8, LayerKind.PROTECTION,
        "Bereikbaarheidsband rond OV-knooppunten", "Accessibility band around public-transport hubs",
        f"{_GEN}: proxy: urban area {STATION_AREA_M:,.0f}-{ACCESS_BAND_M:,.0f} m from an OV-knooppunt "
        "(layer ov_distance), whose access to the hub is to be kept",
        _toegankelijkheid,
    ),
    InterestLayer(
        "claim_defensie_oefenterreinen", 9, LayerKind.CLAIM,
        "Defensie oefenterreinen", "Military training areas",
        f"{_GEN}: discs at {', '.join(DEFENCE_AREAS)}",
        _defensie,
    ),
    InterestLayer(
        "claim_veenweide_klimaat", 10, LayerKind.CLAIM,
        "Veenweide: vernatting (klimaat)", "Peat meadows: rewetting (climate)",
        f"{_GEN}: agricultural peat below 0.5 m NAP",
        _veen,
    ),
    InterestLayer(
        "claim_energie_zoekgebieden", 11, LayerKind.CLAIM,
        "Zoekgebieden wind en zon", "Wind and solar search areas",
        f"{_GEN}: wind on open agricultural clay, solar fields on agricultural sand, by smooth noise",
        _energie,
    ),
    InterestLayer(
        "protection_buisleidingen", 12, LayerKind.PROTECTION,
        "Buisleidingenstroken", "Pipeline corridors",
        f"{_GEN}: schematic strips {', '.join(PIPELINE_ROUTES)}",
        _buisleidingen,
    ),
    InterestLayer(
        "claim_havens_circulair", 13, LayerKind.CLAIM,
        "Havens en circulaire clusters", "Ports and circular clusters",
        f"{_GEN}: land within discs at {', '.join(PORTS)}",
        _havens,
    ),
    InterestLayer(
        "claim_waterveiligheid", 14, LayerKind.CLAIM,
        "Reservering waterveiligheid", "Flood-safety reservations",
        f"{_GEN}: uiterwaarden plus land within 300 m of water where flood depth > 0.5 m",
        _waterveiligheid,
    ),
    InterestLayer(
        "protection_drinkwater", 15, LayerKind.PROTECTION,
        "Grondwaterbescherming drinkwater", "Drinking-water groundwater protection",
        f"{_GEN}: 1.8 km zones around 80 random wells on sand, outside urban area",
        _drinkwater,
    ),
    InterestLayer(
        "claim_vestigingsklimaat", 16, LayerKind.CLAIM,
        "Mainports en brainport", "Mainports and brainport",
        f"{_GEN}: land within discs at {', '.join(BUSINESS_CLIMATE)}",
        _vestiging,
    ),
    InterestLayer(
        "claim_datacenters", 17, LayerKind.CLAIM,
        "Zones voor datacenters", "Datacentre zones",
        f"{_GEN}: land within discs at {', '.join(DATACENTER_ZONES)}",
        _digitaal,
    ),
    InterestLayer(
        "protection_landbouw", 18, LayerKind.PROTECTION,
        "Landbouwkerngebieden", "Core agricultural areas",
        f"{_GEN}: agriculture on clay outside the nature network",
        _landbouw,
    ),
    InterestLayer(
        "protection_erfgoed_landschap", 19, LayerKind.PROTECTION,
        "Cultureel erfgoed en landschap", "Cultural heritage and landscape",
        f"{_GEN}: Groene Hart (ellipse), Hollandse Waterlinies (schematic), Wadden (water within 5 km of land, nature)",
        _erfgoed,
    ),
    InterestLayer(
        "protection_natuur", 20, LayerKind.PROTECTION,
        "Natuurnetwerk Nederland", "Nature network",
        f"{_GEN}: the demo base layer nature_network",
        _natuur,
    ),
    InterestLayer(
        "claim_visserij", 21, LayerKind.CLAIM,
        "Schelpdier- en visserijgebieden", "Shellfish and fishing areas",
        f"{_GEN}: parts of Oosterschelde and Waddenzee water within 5 km of land, by smooth noise",
        _visserij,
    ),
)  # fmt: skip


NOT_MAPPED: dict[int, tuple[str, str]] = {
    1: (
        "Overkoepelend belang: de stapelkaart van alle andere belangen samen is de kaart van "
        "dit belang; het heeft geen eigen laag.",
        "Umbrella interest: the stapelkaart of all other interests together is its map; it has "
        "no layer of its own.",
    ),
}
"""Interests without a demo layer, with the reason (Dutch, English)."""


def add_interest_layers(ws: Workspace, work_resolution: int = 100) -> list[LayerSpec]:
    """Write the synthetic claim/protection layers of 20 national interests into ``ws``.

    Interest 1 gets no layer (:data:`NOT_MAPPED`); the reason is written into the
    workspace ``info`` as ``interests_not_mapped``.

    Reads the demo base layers ``province``, ``water``, ``elevation``, ``soil``,
    ``uiterwaarden``, ``flood_depth``, ``urban``, ``ov_distance``, ``nature_network``,
    ``agriculture``, ``woningbouwgebieden`` and ``zoekgebieden_2020`` by name and writes one ``uint8`` layer per interest (1 = claimed or
    protected, 0 = not, 255 = nodata outside the provinces where the layer says nothing).
    Deterministic. The caller saves the manifest (:meth:`Workspace.save`).

    On a grid finer than ``work_resolution`` (the 25 m grid) the layers are generated
    on the ``work_resolution`` grid of the same extent and written back cell by cell in
    row strips, which keeps memory at a few hundred MB.

    Parameters
    ----------
    ws : Workspace
        A workspace holding the demo base layers.
    work_resolution : int
        The coarsest grid the layers are generated on (metres).

    Returns
    -------
    list of LayerSpec
        The registered specs, one per interest, each ``synthetic=True``.

    Raises
    ------
    LayerError
        When a base layer is missing.
    """
    grid = ws.grid
    work = _working_grid(grid, work_resolution)
    xs, ys = work.coords()
    base = _Base(ws, work, xs[np.newaxis, :], ys[:, np.newaxis])
    province = base.read("province")
    outside = (province == 0) | (province > 12)
    specs: list[LayerSpec] = []
    for item in INTEREST_LAYERS:
        mask = np.asarray(item.make(base), dtype=bool)
        spec = LayerSpec.create(
            name=item.name,
            kind=item.kind,
            title_nl=item.title_nl,
            title_en=item.title_en,
            units="0/1",
            interests=(item.interest,),
            source=item.source
            + ("" if work == grid else f" Generated on the {work.resolution} m grid."),
            synthetic=True,
            nodata=NODATA,
            categories={0: "nee", 1: "ja"},
        )
        if work == grid:
            out = mask.astype(np.uint8)
            out[outside & ~mask] = NODATA
            specs.append(ws.write_layer(spec, out))
        else:
            specs.append(_write_refined(ws, spec, mask, work))
        log.info("interest layer %s: %.0f ha", item.name, mask.sum() * work.cell_area_ha)
    ws.info["interests_not_mapped"] = {
        str(n): {"reason_nl": nl, "reason_en": en} for n, (nl, en) in NOT_MAPPED.items()
    }
    return specs


def _working_grid(grid: GridSpec, work_resolution: int) -> GridSpec:
    """``grid`` itself, or the same extent at ``work_resolution`` when that is coarser and aligned."""
    if grid.resolution >= work_resolution:
        return grid
    try:
        return GridSpec(work_resolution, grid.bounds)
    except GridError:  # a window whose edges are not on the coarser lattice
        return grid


def _write_refined(ws: Workspace, spec: LayerSpec, mask: np.ndarray, work: GridSpec) -> LayerSpec:
    """Write a working-grid mask onto the finer workspace grid in row strips.

    Each working cell becomes ``f x f`` workspace cells; nodata follows the workspace's
    own ``province`` layer, so the outline stays at full resolution.
    """
    grid = ws.grid
    f = work.resolution // grid.resolution
    strip = max(1, 4096 // f)
    with rasterio.open(ws.layer_path("province")) as prov, ws.layer_writer(spec, np.uint8) as dst:
        for r0 in range(0, work.height, strip):
            r1 = min(work.height, r0 + strip)
            fine = np.repeat(np.repeat(mask[r0:r1], f, axis=0), f, axis=1)
            window = Window(0, r0 * f, grid.width, (r1 - r0) * f)
            province = prov.read(1, window=window)
            out = fine.astype(np.uint8)
            out[((province == 0) | (province > 12)) & ~fine] = NODATA
            dst.write(out, 1, window=window)
    return ws.layer(spec.name)
