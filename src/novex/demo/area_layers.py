"""Write the NOVEX-gebieden and housing-area outlines into a workspace.

The outlines (schematic ones from :mod:`novex.demo.areas`, or official ones a user passes)
become GeoPackage tables (``tables/novex_gebieden.gpkg``, ``tables/woningbouwgebieden.gpkg``)
and rasters on the workspace grid: the ``novex_gebieden`` bitmask (bit ``k - 1`` for NXkk) and
the ``woningbouwgebieden`` and ``zoekgebieden_2020`` id layers. Each area is kept inside the
provinces its ``provinces`` column lists, cell by cell on the workspace's province raster.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.demo.areas import (
    HOUSING_LAYER,
    SCHEMATIC_SOURCE,
    ZOEKGEBIED_LAYER,
    housing_area_outlines,
    novex_area_outlines,
)
from novex.errors import LayerError
from novex.layers.areas import AREA_LAYER, area_bit

if TYPE_CHECKING:
    import geopandas as gpd

    from novex.grid import GridSpec
    from novex.layers import LayerSpec, Workspace

__all__ = ["write_area_layers"]

log = logging.getLogger(__name__)

_GPKG_DATE = "2022-10-31T00:00:00.000Z"
"""Fixed GeoPackage timestamp (the NOVEX-gebieden launch) so builds stay byte-identical."""


def _write_gpkg(path: Any, layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Write GeoPackage layers with a fixed timestamp (byte-identical rebuilds)."""
    import pyogrio

    from novex.grid.atomic import atomic_file

    old = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": _GPKG_DATE})
    try:
        with atomic_file(path) as tmp:
            for k, (name, gdf) in enumerate(layers.items()):
                gdf.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio", append=k > 0)
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": old})


def _area_codes(gdf: gpd.GeoDataFrame, prefix: str, n: int) -> list[int]:
    if "code" not in gdf.columns:
        raise LayerError(
            f"Outline table has no 'code' column; expected codes {prefix}01..{prefix}{n:02d} "
            f"(columns: {sorted(map(str, gdf.columns))})."
        )
    numbers = []
    for code in gdf["code"]:
        text = str(code)
        if not (text.startswith(prefix) and text[len(prefix) :].isdigit()):
            raise LayerError(
                f"Area code {code!r} does not exist; expected {prefix}01..{prefix}{n:02d}."
            )
        k = int(text[len(prefix) :])
        if not 1 <= k <= n:
            raise LayerError(
                f"Area code {code!r} does not exist; expected {prefix}01..{prefix}{n:02d}."
            )
        numbers.append(k)
    return numbers


def _strip_grids(grid: GridSpec, rows: int) -> list[tuple[int, GridSpec]]:
    from novex.grid import GridSpec

    out = []
    xmin, _, xmax, ymax = grid.bounds
    res = grid.resolution
    for r0 in range(0, grid.height, rows):
        r1 = min(grid.height, r0 + rows)
        out.append((r0, GridSpec(res, (xmin, ymax - r1 * res, xmax, ymax - r0 * res))))
    return out


def _province_strip(ws: Workspace, sgrid: GridSpec) -> np.ndarray:
    """Province ids of a strip: the workspace's ``province`` layer, else the demo outlines."""
    if "province" in ws.layers:
        return ws.read("province", sgrid)
    from novex.demo.boundaries import province_ids

    return province_ids(sgrid)


def _burn(gdf: gpd.GeoDataFrame, k: int, sgrid: GridSpec) -> np.ndarray | None:
    """Cells of ``sgrid`` inside outline ``k``; None when its bounds miss the strip."""
    from novex.grid import rasterize

    xmin, ymin, xmax, ymax = gdf.geometry.iloc[k].bounds
    bx0, by0, bx1, by1 = sgrid.bounds
    if ymax < by0 or ymin > by1 or xmax < bx0 or xmin > bx1:
        return None
    return rasterize(gdf.iloc[[k]], sgrid, value=1).astype(bool)


def _rasterise_bits(
    ws: Workspace, spec: LayerSpec, gdf: gpd.GeoDataFrame, numbers: list[int], allowed: list[Any]
) -> LayerSpec:
    """Write the uint16 bitmask layer strip by strip, each area kept inside its provinces."""
    from rasterio.windows import Window

    grid = ws.grid
    with ws.layer_writer(spec, np.uint16) as dst:
        for r0, sgrid in _strip_grids(grid, 512):
            ids = _province_strip(ws, sgrid)
            out = np.zeros(sgrid.shape, dtype=np.uint16)
            for k, (num, ok) in enumerate(zip(numbers, allowed, strict=True)):
                inside = _burn(gdf, k, sgrid)
                if inside is not None:
                    out[inside & np.isin(ids, ok)] |= np.uint16(area_bit(num))
            dst.write(out, 1, window=Window(0, r0, grid.width, sgrid.shape[0]))
    return ws.layer(spec.name)


def _rasterise_ids(
    ws: Workspace, spec: LayerSpec, gdf: gpd.GeoDataFrame, numbers: list[int], allowed: list[Any]
) -> LayerSpec:
    """Write a uint8 id layer; where outlines overlap, the smaller one wins."""
    from rasterio.windows import Window

    order = np.argsort(-gdf.geometry.area.to_numpy(), kind="stable")  # large first
    grid = ws.grid
    with ws.layer_writer(spec, np.uint8) as dst:
        for r0, sgrid in _strip_grids(grid, 512):
            ids = _province_strip(ws, sgrid)
            out = np.zeros(sgrid.shape, dtype=np.uint8)
            for k in order:
                inside = _burn(gdf, int(k), sgrid)
                if inside is not None:
                    out[inside & np.isin(ids, allowed[int(k)])] = numbers[int(k)]
            dst.write(out, 1, window=Window(0, r0, grid.width, sgrid.shape[0]))
    return ws.layer(spec.name)


def _province_raster_ids(codes: str) -> list[int]:
    from novex.reference import provinces

    by_code = {p.code: p.raster_id for p in provinces()}
    out = []
    for c in str(codes).split(","):
        c = c.strip()
        if c not in by_code:
            raise LayerError(
                f"Province {c!r} of an area outline does not exist; use ISO codes "
                f"{', '.join(by_code)} (comma-separated) in the 'provinces' column."
            )
        out.append(by_code[c])
    return out


def write_area_layers(
    ws: Workspace,
    novex_areas: gpd.GeoDataFrame | None = None,
    woningbouwgebieden: gpd.GeoDataFrame | None = None,
    zoekgebieden: gpd.GeoDataFrame | None = None,
) -> list[LayerSpec]:
    """Write the area outlines (GeoPackage tables) and their rasters into ``ws``.

    Parameters
    ----------
    ws : Workspace
        The workspace (its ``province`` rasterisation rules are reused).
    novex_areas, woningbouwgebieden, zoekgebieden : GeoDataFrame, optional
        Outlines with a ``code`` column (``NX01``..``NX16``, ``WB01``..``WB17``,
        ``ZG1``..``ZG6``) and a ``provinces`` column (ISO codes, comma-separated). Default:
        the schematic demo outlines. Pass the official PDOK outlines (with those two
        columns added) to replace them; a code that does not exist raises
        :class:`~novex.errors.LayerError` naming it.

    Returns
    -------
    list of LayerSpec
        ``novex_gebieden``, ``woningbouwgebieden``, ``zoekgebieden_2020``.
    """
    from novex.layers import LayerKind, LayerSpec

    nx = novex_areas if novex_areas is not None else novex_area_outlines()
    wb = (
        woningbouwgebieden
        if woningbouwgebieden is not None
        else housing_area_outlines("novex_woningbouwgebied")
    )
    zg = zoekgebieden if zoekgebieden is not None else housing_area_outlines("zoekgebied_2020")
    nx_num = _area_codes(nx, "NX", 16)
    wb_num = _area_codes(wb, "WB", 17)
    for c in zg["code"]:
        if not (str(c).startswith("ZG") and str(c)[2:].isdigit() and 1 <= int(str(c)[2:]) <= 6):
            raise LayerError(f"Area code {c!r} does not exist; expected ZG1..ZG6.")
    zg_num = [int(str(c)[2:]) for c in zg["code"]]
    for name, gdf in (("novex_areas", nx), ("woningbouwgebieden", wb), ("zoekgebieden", zg)):
        if "provinces" not in gdf.columns:
            raise LayerError(
                f"Outline table {name!r} has no 'provinces' column (ISO codes such as "
                "'NL-UT,NL-GE'); add it so each area can be kept inside its provinces."
            )
    allowed = {
        key: [_province_raster_ids(p) for p in gdf["provinces"]]
        for key, gdf in (("nx", nx), ("wb", wb), ("zg", zg))
    }
    synthetic = bool(nx["synthetic"].all()) if "synthetic" in nx.columns else False
    ws.path.joinpath("tables").mkdir(exist_ok=True)
    _write_gpkg(ws.path / "tables" / f"{AREA_LAYER}.gpkg", {AREA_LAYER: nx})
    _write_gpkg(
        ws.path / "tables" / f"{HOUSING_LAYER}.gpkg", {HOUSING_LAYER: wb, ZOEKGEBIED_LAYER: zg}
    )
    ws.register_table(
        AREA_LAYER,
        f"tables/{AREA_LAYER}.gpkg",
        description="Outlines of the 16 NOVEX-gebieden (GeoPackage layer novex_gebieden): "
        "code, names, provinces, anchors, source, date, status. Schematic in the demo.",
    )
    ws.register_table(
        HOUSING_LAYER,
        f"tables/{HOUSING_LAYER}.gpkg",
        description="Outlines of the 17 NOVEX-woningbouwgebieden (layer woningbouwgebieden, "
        "with homes) and the 6 NOVI 2020 zoekgebied regions (layer zoekgebieden_2020). "
        "Schematic in the demo.",
    )
    src = SCHEMATIC_SOURCE if synthetic else "outlines of tables/novex_gebieden.gpkg"
    specs = [
        _rasterise_bits(
            ws,
            LayerSpec.create(
                name=AREA_LAYER, kind=LayerKind.BOUNDARY, title_nl="NOVEX-gebieden",
                title_en="NOVEX areas", units="bitmask", synthetic=synthetic, nodata=None,
                categories={area_bit(n): str(c) for n, c in zip(nx_num, nx["code"], strict=True)},
                source=f"{src} Bitmask: bit k-1 (value 2^(k-1)) is set where NOVEX-gebied k lies; "
                "0 outside every area.",
                extra={"encoding": "bitmask", "outlines": f"tables/{AREA_LAYER}.gpkg"},
            ),
            nx, nx_num, allowed["nx"],
        ),
        _rasterise_ids(
            ws,
            LayerSpec.create(
                name=HOUSING_LAYER, kind=LayerKind.BOUNDARY,
                title_nl="NOVEX-woningbouwgebieden", title_en="NOVEX large-scale housing areas",
                units="id", interests=(5,), synthetic=synthetic, nodata=None,
                categories={0: "geen", **{n: str(c) for n, c in zip(wb_num, wb["code"], strict=True)}},
                source=f"{SCHEMATIC_SOURCE if synthetic else 'user outlines'} Id k = WBkk; where outlines "
                "overlap the smaller one wins.",
                extra={"encoding": "id", "outlines": f"tables/{HOUSING_LAYER}.gpkg"},
            ),
            wb, wb_num, allowed["wb"],
        ),
        _rasterise_ids(
            ws,
            LayerSpec.create(
                name=ZOEKGEBIED_LAYER, kind=LayerKind.BOUNDARY,
                title_nl="Zoekgebieden verstedelijking (NOVI 2020)",
                title_en="Urbanisation search regions (NOVI 2020)", units="id", interests=(5,),
                synthetic=synthetic, nodata=None,
                categories={0: "geen", **{n: str(c) for n, c in zip(zg_num, zg["code"], strict=True)}},
                source=f"{SCHEMATIC_SOURCE if synthetic else 'user outlines'} Id k = ZGk (the six regions "
                "that hold the NOVI's 14 zoekgebieden).",
                extra={"encoding": "id", "outlines": f"tables/{HOUSING_LAYER}.gpkg"},
            ),
            zg, zg_num, allowed["zg"],
        ),
    ]  # fmt: skip
    log.info("area layers written: %s", ", ".join(s.name for s in specs))
    return specs
