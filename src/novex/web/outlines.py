"""Area outlines for the atlas and the open data: provinces, NOVEX-gebieden, woningbouwgebieden.

Each kind of outline is read once from the workspace, in RD New (EPSG:28992):

- ``provinces``: vectorised from the workspace's ``province`` raster;
- ``novex-gebieden``: the GeoPackage table ``novex_gebieden`` when the workspace has it,
  else vectorised from the ``novex_gebieden`` bitmask layer (one outline per bit);
- ``woningbouwgebieden``: the GeoPackage table ``woningbouwgebieden`` (absent when the
  workspace has none).

The atlas gets them as GeoJSON in WGS84 (EPSG:4326), reprojected with pyproj, with a label
point and bounding box per feature: :meth:`Outlines.geojson` with every column, and
:meth:`Outlines.map_geojson`, the province lines the atlas draws (the cells' stair steps
simplified away, names and label only). The open data gets them as GeoPackages in RD New
(:meth:`Outlines.write_gpkg`). This is the one place outlines are vectorised: the atlas
(:class:`novex.web.atlas.Atlas`) and the open data share one :class:`Outlines`.

>>> import tempfile, pathlib
>>> from novex.results.samples import sample_workspace
>>> ws = sample_workspace(pathlib.Path(tempfile.mkdtemp()) / "ws")
>>> o = Outlines(ws.path)
>>> o.kinds()
['provinces', 'novex-gebieden']
>>> [f["properties"]["code"] for f in o.geojson("novex-gebieden")["features"]]
['NX07', 'NX08']
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.errors import NovexError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["KINDS", "OutlineError", "Outlines"]

log = logging.getLogger(__name__)

KINDS: dict[str, tuple[str, str]] = {
    "provinces": ("Provinces", "provincies"),
    "novex-gebieden": ("NOVEX areas", "novex_gebieden"),
    "woningbouwgebieden": ("Woningbouwgebieden", "woningbouwgebieden"),
}
"""Outline kind -> (English title, GeoPackage layer and file stem)."""

_COLUMNS = ("code", "name_nl", "name_en", "provinces", "source", "date", "status", "synthetic")


class OutlineError(NovexError, LookupError):
    """An unknown outline kind, or one the workspace does not hold (HTTP 404)."""


class Outlines:
    """The outlines of one workspace, read lazily and kept.

    Parameters
    ----------
    workspace : path, optional
        The workspace folder; without it there are no outlines.
    """

    def __init__(self, workspace: str | Path | None) -> None:
        self.workspace = Path(workspace) if workspace else None
        self._frames: dict[str, gpd.GeoDataFrame | None] = {}
        self._geojson: dict[str, dict[str, Any]] = {}
        self._map_geojson: dict[str, dict[str, Any]] = {}
        self._cell: dict[str, float] = {}  # kind -> cell size (m) of the raster it came from
        self._lock = threading.Lock()

    # -- what there is -------------------------------------------------------------------
    def kinds(self) -> list[str]:
        """The outline kinds this workspace holds (in :data:`KINDS` order)."""
        return [k for k in KINDS if self._source(k) is not None]

    def frame(self, kind: str) -> gpd.GeoDataFrame:
        """The outlines of ``kind`` in EPSG:28992 with the columns of ``_COLUMNS``."""
        if kind not in KINDS:
            raise OutlineError(f"Unknown outline kind {kind!r}; expected one of {list(KINDS)}.")
        with self._lock:
            if kind not in self._frames:
                self._frames[kind] = self._read(kind)
            gdf = self._frames[kind]
        if gdf is None:
            raise OutlineError(
                f"The workspace {str(self.workspace)!r} holds no {kind} outlines; the ones it "
                f"holds: {self.kinds()}."
            )
        return gdf

    def geojson(self, kind: str) -> dict[str, Any]:
        """The outlines of ``kind`` as a GeoJSON FeatureCollection in WGS84 (EPSG:4326)."""
        with self._lock:
            cached = self._geojson.get(kind)
        if cached is not None:
            return cached
        gdf = self.frame(kind)
        wgs = gdf.to_crs("EPSG:4326")  # pyproj, through geopandas
        features = []
        for (_, row), geom in zip(gdf.iterrows(), wgs.geometry, strict=True):
            label = geom.representative_point()
            props = {c: _plain(row[c]) for c in _COLUMNS if c in gdf.columns}
            props["label"] = [round(label.x, 5), round(label.y, 5)]
            props["bbox"] = [round(v, 5) for v in geom.bounds]
            features.append({"type": "Feature", "geometry": _rounded(geom), "properties": props})
        out = {"type": "FeatureCollection", "kind": kind, "features": features}
        with self._lock:
            self._geojson[kind] = out
        return out

    def map_geojson(self, kind: str) -> dict[str, Any]:
        """The outlines of ``kind`` as the atlas draws them: GeoJSON in WGS84 (EPSG:4326).

        Outlines vectorised from a raster are simplified by one cell size (the cells' stair
        steps removed, topology kept); each feature has only ``code``, ``name_nl``,
        ``name_en``, a ``label`` point and a ``bbox``. A kind the workspace does not hold
        gives an empty FeatureCollection (the atlas then draws no lines).
        """
        with self._lock:
            cached = self._map_geojson.get(kind)
        if cached is not None:
            return cached
        features = []
        if kind in self.kinds():
            from pyproj import Transformer
            from shapely import transform
            from shapely.geometry import mapping

            gdf = self.frame(kind)
            tol = self._cell.get(kind)
            t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
            for _, row in gdf.iterrows():
                geom = row.geometry
                if tol is not None:
                    geom = geom.simplify(tol, preserve_topology=True)
                geom = transform(geom, t.transform, interleaved=False)
                label = geom.representative_point()
                features.append(
                    {"type": "Feature", "geometry": mapping(geom),
                     "properties": {"code": row["code"], "name_nl": row["name_nl"],
                                    "name_en": row["name_en"],
                                    "label": [round(label.x, 5), round(label.y, 5)],
                                    "bbox": [round(v, 5) for v in geom.bounds]}}
                )  # fmt: skip
        out = {"type": "FeatureCollection", "features": features}
        with self._lock:
            self._map_geojson[kind] = out
        return out

    def write_gpkg(self, kind: str, path: Path) -> Path:
        """Write the outlines of ``kind`` as a GeoPackage in RD New (atomically)."""
        from novex.grid.vector import write_vector

        return write_vector(self.frame(kind), path, KINDS[kind][1])

    def table_path(self, kind: str) -> Path | None:
        """The workspace's own GeoPackage of ``kind``, when it has one."""
        src = self._source(kind)
        return src[1] if src is not None and src[0] == "table" else None

    # -- reading -------------------------------------------------------------------------
    def _source(self, kind: str) -> tuple[str, Path] | None:
        """Where ``kind`` comes from: ``("table", gpkg)`` or ``("raster", tif)``."""
        if self.workspace is None or kind not in KINDS:
            return None
        stem = KINDS[kind][1]
        table = self.workspace / "tables" / f"{stem}.gpkg"
        if kind != "provinces" and table.is_file():
            return "table", table
        raster = (
            self.workspace / "layers" / ("province.tif" if kind == "provinces" else f"{stem}.tif")
        )
        if kind != "woningbouwgebieden" and raster.is_file():
            return "raster", raster
        return None

    def _read(self, kind: str) -> gpd.GeoDataFrame | None:
        src = self._source(kind)
        if src is None:
            return None
        how, path = src
        if how == "table":
            from novex.grid.vector import read_vector

            gdf = read_vector(path, layer=KINDS[kind][1])
            return _with_columns(gdf, kind)
        import rasterio

        with rasterio.open(path) as src:
            arr = src.read(1)
            tr = src.transform
            self._cell[kind] = float(src.res[0])
        if kind == "provinces":
            return _province_frame(arr, tr, self._layer_source("province"))
        return _area_frame(arr, tr, self._layer_source(KINDS[kind][1]))

    def _layer_source(self, name: str) -> tuple[str, bool]:
        """The ``source`` and ``synthetic`` flag of workspace layer ``name``."""
        try:
            from novex.layers import Workspace

            spec = Workspace.open(self.workspace).layer(name)  # type: ignore[arg-type]
            return spec.source, spec.synthetic
        except NovexError:
            return "workspace layer " + name, True


def _plain(value: Any) -> Any:
    """A JSON-ready value (numpy scalars to Python)."""
    if isinstance(value, np.generic):
        return value.item()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _rounded(geom: Any) -> dict[str, Any]:
    """GeoJSON geometry with coordinates to 6 decimals (~0.1 m)."""
    from shapely import set_precision
    from shapely.geometry import mapping

    return dict(mapping(set_precision(geom, 1e-6)))


def _with_columns(gdf: gpd.GeoDataFrame, kind: str) -> gpd.GeoDataFrame:
    from novex.reference import regions

    gdf = gdf.copy()
    if "name_en" not in gdf.columns:
        gdf["name_en"] = gdf["name_nl"] if "name_nl" in gdf.columns else gdf["code"]
    if "name_nl" not in gdf.columns:
        gdf["name_nl"] = gdf["code"]
    if kind == "novex-gebieden":  # the reference names where the table has a code only
        names = {r.code: r for r in regions.novex_gebieden()}
        gdf["name_nl"] = [names[c].name_nl if c in names else n
                          for c, n in zip(gdf["code"], gdf["name_nl"], strict=True)]  # fmt: skip
    if "synthetic" not in gdf.columns:
        gdf["synthetic"] = False
    gdf["synthetic"] = gdf["synthetic"].astype(bool)
    keep = [c for c in _COLUMNS if c in gdf.columns]
    return gdf[[*keep, "geometry"]]


def _polygons(mask: np.ndarray, transform: Any) -> Any:
    """The cells where ``mask`` is true as one (multi)polygon in the raster's CRS."""
    from rasterio.features import shapes
    from shapely.geometry import shape
    from shapely.ops import unary_union

    parts = [shape(g) for g, v in shapes(mask.astype(np.uint8), mask=mask, transform=transform)]
    return unary_union(parts) if parts else None


def _province_frame(arr: np.ndarray, tr: Any, source: tuple[str, bool]) -> gpd.GeoDataFrame:
    """One outline per province id of the raster ``arr`` (one vectorising pass)."""
    import geopandas as gpd
    from rasterio.features import shapes
    from shapely.geometry import shape
    from shapely.ops import unary_union

    from novex.reference import regions

    parts: dict[int, list[Any]] = {}
    for geom, value in shapes(arr, mask=arr > 0, transform=tr):
        parts.setdefault(int(value), []).append(shape(geom))
    rows = []
    for pid, polys in sorted(parts.items()):
        try:
            r = regions.region(pid)
        except NovexError:
            continue
        rows.append(
            {"code": r.code, "name_nl": r.name_nl, "name_en": r.name_en, "provinces": r.code,
             "source": f"novex: vectorised from the workspace's province raster ({source[0]})",
             "date": None, "status": "synthetisch" if source[1] else "afgeleid",
             "synthetic": source[1], "geometry": unary_union(polys)}
        )  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")


def _area_frame(arr: np.ndarray, tr: Any, source: tuple[str, bool]) -> gpd.GeoDataFrame:
    """One outline per NOVEX-gebied bit set in the bitmask raster ``arr``."""
    import geopandas as gpd

    from novex.layers.areas import area_bit
    from novex.reference import regions

    arr = arr.astype(np.uint32)
    rows = []
    for r in regions.novex_gebieden():
        number = int(r.code[2:])
        mask = (arr & area_bit(number)) > 0
        if not mask.any():
            continue
        rows.append(
            {"code": r.code, "name_nl": r.name_nl, "name_en": r.name_en,
             "provinces": ",".join(r.provinces),
             "source": f"novex: vectorised from the workspace's novex_gebieden layer ({source[0]})",
             "date": None, "status": "synthetisch" if source[1] else "afgeleid",
             "synthetic": source[1], "geometry": _polygons(mask, tr)}
        )  # fmt: skip
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")
