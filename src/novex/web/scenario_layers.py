"""Scenario layers in the atlas, when the server was given a scenario batch folder.

A batch folder (``novex scenarios run --out DIR``) holds a puzzle run per scenario
(``DIR/ID/puzzel``) and, after ``novex scenarios compare DIR --diff A B``, difference
rasters ``DIR/verschil_A_B.tif``. Each scenario's allocation and each difference map
becomes a tile layer the atlas can switch on:

- ``GET /api/scenarios``: the scenarios (variants, status, synthetic) and their layers
  with legend and tile URL; an empty list when the server runs without a batch;
- ``GET /tiles/scenario/{key}/{z}/{x}/{y}.png``: the tiles (the same renderer as the
  atlas's own layers, a cache of its own).

The runs are read through :func:`novex.results.open_run`; nothing is solved again.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from novex.errors import ResultsError
from novex.web.tiles import TileLayer, TileSource

__all__ = ["DIFFERENCE_COLOURS", "ScenarioLayers", "install", "router"]

log = logging.getLogger(__name__)

router = APIRouter(tags=["scenarios"])

DIFFERENCE_COLOURS: dict[int, tuple[int, int, int, int]] = {
    1: (220, 220, 220, 200),
    2: (215, 48, 39, 220),
    3: (69, 117, 180, 220),
    4: (254, 224, 144, 220),
}
"""Colours of the difference codes (as ``novex scenarios compare --diff`` draws them)."""

_DIFF_LABELS = {1: "same type", 2: "new use only in {x}", 3: "new use only in {x}",
                4: "a different new use"}  # fmt: skip
_DIFF_NAME = re.compile(r"^verschil_(.+)_(.+)\.tif$")


class ScenarioLayers:
    """The scenarios of a batch folder as tile layers (empty without a folder).

    Parameters
    ----------
    folder : path, optional
        The batch folder.
    cache_size : int
        Rendered tiles kept in memory.
    """

    def __init__(self, folder: Path | None, cache_size: int = 1024) -> None:
        self.folder = folder
        self.scenarios: list[dict[str, Any]] = []
        self.differences: list[dict[str, Any]] = []
        self._runs: dict[str, Any] = {}
        layers: list[TileLayer] = []
        if folder is not None and Path(folder).is_dir():
            layers = self._read(Path(folder))
        self.tiles = TileSource(layers, cache_size=cache_size)

    def _read(self, folder: Path) -> list[TileLayer]:
        from novex.results import open_run
        from novex.scenarios.compare import scenario_folders

        try:
            found = scenario_folders(folder)
        except ResultsError as err:
            log.warning("no scenarios shown: %s", err)
            return []
        layers: list[TileLayer] = []
        for n, (sid, path) in enumerate(found.items(), start=1):
            try:
                run = open_run(path / "puzzel")
                record = json.loads((path / "scenario.json").read_text(encoding="utf-8"))
            except (ResultsError, OSError, ValueError) as err:
                log.warning("scenario %s not shown: %s", sid, err)
                continue
            key = f"s{n}"
            colours = {c.value: (*c.colour[:3], 210) for c in run.categories if c.value != 0}
            layers.append(TileLayer(key, run.path / "allocation.tif", colours))
            self._runs[key] = run
            self.scenarios.append(
                {"id": sid, "key": key, "status": record.get("status", "ok"),
                 "synthetic": bool(run.manifest.synthetic),
                 "variants": {k: record.get(k) for k in
                              ("horizon", "climate", "demand", "concepts", "principles")}}
            )  # fmt: skip
        ids = {s["id"] for s in self.scenarios}
        for n, tif in enumerate(sorted(folder.glob("verschil_*.tif")), start=1):
            m = _DIFF_NAME.match(tif.name)
            pair = _split_pair(m.group(1) + "_" + m.group(2), ids) if m else None
            if pair is None:
                continue
            key = f"d{n}"
            layers.append(TileLayer(key, tif, DIFFERENCE_COLOURS))
            self.differences.append({"key": key, "a": pair[0], "b": pair[1]})
        return layers

    @property
    def synthetic(self) -> bool:
        """True when any scenario rests on synthetic data."""
        return any(s["synthetic"] for s in self.scenarios)

    def describe(self, lang: str) -> dict[str, Any]:
        """The answer of ``/api/scenarios``."""
        from novex.text import gettext

        out_s = []
        for s in self.scenarios:
            run = self._runs[s["key"]]
            legend = [
                {"value": c.value, "label": _type_name(run, c.value, lang),
                 "colour": "#{:02x}{:02x}{:02x}".format(*c.colour[:3])}
                for c in run.categories if c.value != 0
            ]  # fmt: skip
            out_s.append(
                {**s, "title": gettext("Scenario {id}: allocation", lang, id=s["id"]),
                 "tiles": f"/tiles/scenario/{s['key']}/{{z}}/{{x}}/{{y}}.png", "legend": legend}
            )  # fmt: skip
        out_d = []
        for d in self.differences:
            legend = [
                {"value": k, "label": gettext(_DIFF_LABELS[k], lang, x=d["b"] if k == 2 else d["a"]),
                 "colour": "#{:02x}{:02x}{:02x}".format(*DIFFERENCE_COLOURS[k][:3])}
                for k in (1, 2, 3, 4)
            ]  # fmt: skip
            out_d.append(
                {**d, "title": gettext("{b} against {a}", lang, a=d["a"], b=d["b"]),
                 "tiles": f"/tiles/scenario/{d['key']}/{{z}}/{{x}}/{{y}}.png", "legend": legend}
            )  # fmt: skip
        return {"synthetic": self.synthetic, "scenarios": out_s, "differences": out_d}


def _split_pair(text: str, ids: set[str]) -> tuple[str, str] | None:
    """``A_B`` -> ``(A, B)`` for two known scenario ids (ids may hold ``_`` themselves)."""
    for i, ch in enumerate(text):
        if ch == "_" and text[:i] in ids and text[i + 1 :] in ids:
            return text[:i], text[i + 1 :]
    return None


def _type_name(run: Any, value: int, lang: str) -> str:
    for t in run.manifest.types:
        if t.value == value:
            return str(t.name(lang))
    return str(value)


def install(app: FastAPI) -> None:
    """Read the app's scenario folder (if any) and add the endpoints."""
    config = app.state.novex.config
    app.state.novex_scenarios = ScenarioLayers(config.scenarios)
    app.include_router(router)


def scenario_layers(request: Request) -> ScenarioLayers:
    """The app's :class:`ScenarioLayers` (a FastAPI dependency)."""
    return request.app.state.novex_scenarios


@router.get("/api/scenarios")
def scenarios(
    lang: Annotated[Literal["nl", "en"], Query()] = "nl",
    sl: ScenarioLayers = Depends(scenario_layers),
) -> dict[str, Any]:
    """The scenarios of the served batch with their allocation and difference layers
    (empty lists when the server runs without one)."""
    return sl.describe(lang)


@router.get(
    "/tiles/scenario/{key}/{z}/{x}/{y}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def scenario_tile(
    key: Annotated[str, PathParam(pattern=r"^[sd][0-9]{1,3}$")],
    z: Annotated[int, PathParam(ge=0, le=30)],
    x: Annotated[int, PathParam(ge=0)],
    y: Annotated[int, PathParam(ge=0)],
    sl: ScenarioLayers = Depends(scenario_layers),
) -> Response:
    """A 256 x 256 PNG tile of a scenario's allocation or a difference map."""
    png = await run_in_threadpool(sl.tiles.tile, key, z, x, y)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})
