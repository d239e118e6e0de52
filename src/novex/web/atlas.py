"""The data behind the atlas: the layers, their legends, a cell's story, the outlines.

Everything is read from finished folders through :mod:`novex.results` (the run's
allocation and claims, the stapelkaart's rasters) and from the workspace's province
raster; nothing is computed again but the outlines (vectorised once by
:class:`novex.web.outlines.Outlines`, which the open data shares, and kept).
"""

from __future__ import annotations

import functools
import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np

from novex.errors import NovexError
from novex.reference import load_reference, regions
from novex.web.config import WebConfig
from novex.web.outlines import Outlines
from novex.web.tiles import (
    INTEREST_COLOURS,
    OVERLAP_COLOURS,
    TileLayer,
    TileSource,
    clip_overlap,
    interest_bit,
)

__all__ = ["Atlas", "AtlasError"]

log = logging.getLogger(__name__)


class AtlasError(NovexError, LookupError):
    """A point outside the map or a part the atlas was started without (HTTP 404)."""


@functools.cache
def _interest_names() -> dict[int, tuple[str, str]]:
    return {i.number: (i.name_nl, i.name_en) for i in load_reference().interests}


class Atlas:
    """The finished run and stapelkaart an app serves, opened once.

    Parameters
    ----------
    config : WebConfig
    """

    def __init__(self, config: WebConfig) -> None:
        from novex.results import open_run, open_stack

        self.config = config
        self.run = open_run(config.run) if config.run else None
        self.stack = open_stack(config.stack) if config.stack else None
        ws = config.workspace
        if ws is None and self.run is not None:
            candidate = Path(self.run.manifest.workspace_path)
            ws = candidate if (candidate / "workspace.json").exists() else None
        self.workspace = ws
        self.outlines = Outlines(ws)
        """The workspace's outlines (provinces, NOVEX-gebieden, woningbouwgebieden)."""
        self._local = threading.local()
        self._layers: dict[str, list[dict[str, Any]]] = {}
        self.tiles = TileSource(self._tile_layers(), cache_size=config.tile_cache)
        # read the rasters into memory in the background: a cell's story is then a few
        # array look-ups, answered in the event loop (novex.web.tile_warp)
        threading.Thread(target=self._preload, name="atlas-preload", daemon=True).start()

    def _preload(self) -> None:
        paths = {layer.path for layer in self.tiles.layers.values()} | {self._province_path()}
        for path in sorted(p for p in paths if p is not None):
            try:
                self.tiles.raster(path)
            except Exception:  # the first request reads it again and reports
                log.exception("could not read %s into memory", path)

    # -- what is shown -------------------------------------------------------------------
    @property
    def synthetic(self) -> bool:
        """True when any part shown rests on synthetic (generated) data."""
        parts = [p.manifest.synthetic for p in (self.run, self.stack) if p is not None]
        return any(parts) or not parts

    @property
    def grid(self) -> Any:
        """The grid of the run (else of the stapelkaart)."""
        src = self.run or self.stack
        if src is None:
            raise AtlasError("The atlas was started without a run or a stapelkaart folder.")
        return src.manifest.grid

    def _tile_layers(self) -> list[TileLayer]:
        layers: list[TileLayer] = []
        if self.run is not None:
            colours = {c.value: (*c.colour[:3], 210) for c in self.run.categories if c.value != 0}
            layers.append(TileLayer("allocation", self.run.path / "allocation.tif", colours))
        if self.stack is not None:
            layers.append(
                TileLayer(
                    "overlap", self.stack.path / "overlap_count.tif", OVERLAP_COLOURS, clip_overlap
                )
            )
            for bit, number in enumerate(self.stack.manifest.interests):
                rgb = INTEREST_COLOURS[(number - 1) % len(INTEREST_COLOURS)]
                layers.append(
                    TileLayer(
                        f"interest-{number}",
                        self.stack.path / "interest_mask.tif",
                        {1: (*rgb, 150)},
                        interest_bit(bit),
                    )
                )
        return layers

    def bounds_wgs84(self) -> list[float]:
        """The grid's extent as ``[west, south, east, north]`` in degrees."""
        west, south, east, north = _to_wgs84().transform_bounds(*self.grid.bounds)
        return [round(v, 6) for v in (west, south, east, north)]

    def layers(self, lang: str) -> list[dict[str, Any]]:
        """Every tile layer with its title and legend (``lang``: ``nl`` or ``en``)."""
        if lang not in self._layers:
            self._layers[lang] = self._layer_list(lang)
        return self._layers[lang]

    def _layer_list(self, lang: str) -> list[dict[str, Any]]:
        from novex.text import gettext

        out: list[dict[str, Any]] = []
        if self.run is not None:
            legend = [
                {"value": c.value, "label": _type_name(self.run, c.value, lang),
                 "colour": _hex(c.colour)}
                for c in self.run.categories if c.value != 0
            ]  # fmt: skip
            out.append(
                {"key": "allocation", "group": "run", "title": gettext("Allocation", lang),
                 "legend": legend}
            )  # fmt: skip
        if self.stack is not None:
            legend = [
                {"value": n, "label": gettext("{n} interests", lang, n="5+" if n == 5 else n)
                 if n != 1 else gettext("1 interest", lang), "colour": _hex(OVERLAP_COLOURS[n])}
                for n in range(1, 6)
            ]  # fmt: skip
            out.append(
                {"key": "overlap", "group": "stack",
                 "title": gettext("Overlap: number of interests", lang), "legend": legend}
            )  # fmt: skip
            names = _interest_names()
            for number in self.stack.manifest.interests:
                nl, en = names.get(number, (str(number), str(number)))
                rgb = INTEREST_COLOURS[(number - 1) % len(INTEREST_COLOURS)]
                out.append(
                    {"key": f"interest-{number}", "group": "interest", "interest": number,
                     "title": f"{number}. {en if lang == 'en' else nl}",
                     "legend": [{"value": 1, "label": gettext("claimed", lang),
                                 "colour": _hex((*rgb, 255))}]}
                )  # fmt: skip
        for layer in out:
            layer["tiles"] = f"/tiles/{layer['key']}/{{z}}/{{x}}/{{y}}.png"
        return out

    # -- a cell --------------------------------------------------------------------------
    def cell(self, lon: float, lat: float, lang: str) -> dict[str, Any]:
        """What lies in the cell at ``lon``, ``lat``: province, interests, allocation, price."""
        x, y = _to_rd().transform(lon, lat)
        g = self.grid
        col, row = ~g.transform * (x, y)
        row, col = int(np.floor(row)), int(np.floor(col))
        if not (0 <= row < g.height and 0 <= col < g.width):
            raise AtlasError(
                f"The point lon={lon!r}, lat={lat!r} (RD x={x:.0f}, y={y:.0f}) lies outside "
                f"the map's grid {tuple(g.bounds)!r}; click inside the map."
            )
        out: dict[str, Any] = {"x": round(x, 1), "y": round(y, 1), "row": row, "col": col,
                               "cell_ha": g.cell_area_ha, "province": None,
                               "interests": [], "overlap": None, "allocation": None}  # fmt: skip
        pid = self._read_cell(self._province_path(), x, y)
        if pid:
            try:
                r = regions.region(int(pid))
                out["province"] = {"code": r.code, "name": r.name_en if lang == "en" else r.name_nl}
            except NovexError:
                pass
        if self.stack is not None:
            mask = int(self._read_cell(self.stack.path / "interest_mask.tif", x, y) or 0)
            names = _interest_names()
            for bit, number in enumerate(self.stack.manifest.interests):
                if mask >> bit & 1:
                    nl, en = names.get(number, (str(number), str(number)))
                    out["interests"].append({"number": number, "name": en if lang == "en" else nl})
            out["overlap"] = int(self._read_cell(self.stack.path / "overlap_count.tif", x, y) or 0)
        if self.run is not None:
            value = int(self._read_cell(self.run.path / "allocation.tif", x, y) or 0)
            if value:
                types = {t.value: t for t in self.run.manifest.types}
                tp = types.get(value)
                alloc: dict[str, Any] = {
                    "value": value,
                    "type": tp.id if tp else None,
                    "name": _type_name(self.run, value, lang),
                    "claims": [],
                }
                if tp is not None and out["province"] is not None:
                    for c in self.run.claims(province=out["province"]["code"]):
                        if tp.contributions.get(c.function, 0) > 0:
                            alloc["claims"].append(
                                {"function": c.function, "price": c.price,
                                 "allocated": c.allocated, "demand_min": c.demand_min,
                                 "shortfall": c.shortfall}
                            )  # fmt: skip
                out["allocation"] = alloc
        return out

    def _province_path(self) -> Path | None:
        if self.workspace is None:
            return None
        path = Path(self.workspace) / "layers" / "province.tif"
        return path if path.exists() else None

    def _read_cell(self, path: Path | None, x: float, y: float) -> Any:
        """The value of the raster at ``path`` in the cell holding RD point ``x``, ``y``.

        Each worker thread keeps its own open handle per file (GDAL handles are not
        shared between threads).
        """
        if path is None:
            return None
        arr = self.tiles.raster(path)  # in memory when small enough (the tiles share it)
        if arr is not None:
            return arr.value_at(x, y)
        import rasterio
        from rasterio.windows import Window

        handles = getattr(self._local, "handles", None)
        if handles is None:
            handles = self._local.handles = {}
        src = handles.get(path)
        if src is None:
            src = handles[path] = rasterio.open(path)
        r, c = src.index(x, y)
        if not (0 <= r < src.height and 0 <= c < src.width):
            return None
        return src.read(1, window=Window(c, r, 1, 1))[0, 0]

    # -- outlines ------------------------------------------------------------------------
    def province_outlines(self) -> dict[str, Any]:
        """The provinces as the atlas draws them: GeoJSON in WGS84 (from the province raster).

        See :meth:`novex.web.outlines.Outlines.map_geojson`.
        """
        return self.outlines.map_geojson("provinces")


def _to_rd() -> Any:
    return _transformer("EPSG:4326", "EPSG:28992", threading.get_ident())


def _to_wgs84() -> Any:
    return _transformer("EPSG:28992", "EPSG:4326", threading.get_ident())


@functools.lru_cache(maxsize=256)
def _transformer(src: str, dst: str, thread: int) -> Any:
    """A transformer per thread (a pyproj Transformer is not shared across threads)."""
    from pyproj import Transformer

    return Transformer.from_crs(src, dst, always_xy=True)


def _type_name(run: Any, value: int, lang: str) -> str:
    for t in run.manifest.types:
        if t.value == value:
            return str(t.name(lang))
    return str(value)


def _hex(rgba: tuple[int, ...]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])
