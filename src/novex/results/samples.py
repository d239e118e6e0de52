"""A tiny synthetic workspace, puzzle run and stapelkaart, for examples and tests.

Two provinces on a 20 x 20 window of the national 250 m grid (6.25 ha cells):
Utrecht (``NL-UT``, raster id 7) is the left half (columns 0-9), Gelderland (``NL-GE``,
id 6) the right half. Everything is **synthetic** (each layer says so) and solves in a
second; the doctests of :mod:`novex.results`, the tests of the parts that read results
and the puzzle tests use it. This is the one home of that workspace.

Utrecht: rows 0-1 urban (20 cells), rows 2-17 farmland (160 cells), rows 18-19 nature
(20 cells); exactly :data:`SAMPLE_UITERWAARDEN` = 7 farmland cells (row 5, columns 0-6)
are uiterwaarden. Gelderland is all farmland. NOVEX-gebied NX07 covers Utrecht's rows
0-9, NX08 rows 10-19 and columns 5-14 (both provinces).

``varied=True`` adds what the puzzle tests check answers against by construction:
exactly :data:`SAMPLE_DEEP_FARM` = 4 farmland cells (row 8, columns 0-3) and
:data:`SAMPLE_DEEP_URBAN` = 3 urban cells (row 0, columns 0-2) lie at -6 m NAP, Utrecht's
row 10 is peat, Gelderland is sand at 10 m NAP, and one woningbouwgebied (id 9) covers
rows 2-3, columns 2-5. Without it the ground is flat (1 m NAP) clay everywhere.

>>> import tempfile, pathlib, shutil
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> ws = sample_workspace(tmp / "ws")
>>> ws.grid.shape, ws.synthetic
((20, 20), True)
>>> shutil.rmtree(tmp)
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from novex.grid import GridSpec
from novex.layers import LayerKind, LayerSpec, Workspace

__all__ = [
    "SAMPLE_CELL_HA",
    "SAMPLE_CLAIMS",
    "SAMPLE_DEEP_FARM",
    "SAMPLE_DEEP_URBAN",
    "SAMPLE_GRID",
    "SAMPLE_PROVINCES",
    "SAMPLE_SPEC",
    "SAMPLE_UITERWAARDEN",
    "sample_claims",
    "sample_layer_spec",
    "sample_layers",
    "sample_workspace",
    "synthetic_workspace",
    "write_sample_run",
    "write_sample_stack",
]

SAMPLE_GRID = GridSpec(250, (135_000.0, 455_000.0, 140_000.0, 460_000.0))
"""The sample grid: 20 x 20 cells of 250 m near Utrecht."""

SAMPLE_CELL_HA = 6.25
"""The area of one sample cell (250 m x 250 m) in hectares."""

SAMPLE_UITERWAARDEN = 7
"""Farmland cells of Utrecht that are uiterwaarden (row 5, columns 0-6)."""

SAMPLE_DEEP_FARM = 4
"""With ``varied=True``: farmland cells of Utrecht below -5 m NAP (row 8, columns 0-3)."""

SAMPLE_DEEP_URBAN = 3
"""With ``varied=True``: urban cells of Utrecht below -5 m NAP (row 0, columns 0-2)."""

SAMPLE_PROVINCES: tuple[dict[str, Any], ...] = (
    {"id": 7, "code": "NL-UT", "name_nl": "Utrecht", "name_en": "Utrecht"},
    {"id": 6, "code": "NL-GE", "name_nl": "Gelderland", "name_en": "Gelderland"},
)
"""The sample's provinces table (ids are the reference's raster ids)."""

_SOURCE = "novex.results.samples: synthetic sample data, not a real map"

SAMPLE_CLAIMS: tuple[dict[str, Any], ...] = (
    {
        "province": "NL-UT", "function": "wonen", "min_ha": 25.0, "max_ha": 50.0,
        "priority": 1, "source": "synthetic sample", "status": "verified",
    },
    {
        "province": "NL-UT", "function": "natuur", "min_ha": 12.5, "max_ha": 25.0,
        "priority": 2, "source": "synthetic sample", "status": "assumption",
    },
    {
        "province": "NL-GE", "function": "energie", "min_ha": 50.0, "max_ha": 100.0,
        "priority": 2, "source": "synthetic sample", "status": "assumption",
    },
)  # fmt: skip
"""The sample startpakket: small claims that fit."""


def sample_claims(**overrides: dict[str, Any]) -> list[dict[str, Any]]:
    """Copies of :data:`SAMPLE_CLAIMS`, changed by ``overrides``.

    Each override is keyed ``<province>_<function>`` and updates that row:

    >>> [r["min_ha"] for r in sample_claims(**{"NL-UT_wonen": {"min_ha": 2000.0}})]
    [2000.0, 12.5, 50.0]
    """
    rows = [dict(r) for r in SAMPLE_CLAIMS]
    keys = {f"{r['province']}_{r['function']}" for r in rows}
    unknown = sorted(set(overrides) - keys)
    if unknown:
        raise KeyError(f"No sample claim {unknown[0]!r}; the sample claims are {sorted(keys)}.")
    for row in rows:
        row.update(overrides.get(f"{row['province']}_{row['function']}", {}))
    return rows


SAMPLE_SPEC = textwrap.dedent(
    """
    [puzzle]
    name = "voorbeeld"

    [types]
    functions = ["wonen", "werken", "energie", "natuur", "landbouw", "water"]
    concepts = ["A1", "C2"]

    [current]
    layer = "land_use"
    classes = { 1 = "bebouwd", 2 = "landbouw", 3 = "natuur" }
    same_as = { landbouw = "landbouw", natuur = "natuur" }
    conversion_cost = { bebouwd = 0.2, landbouw = 0.1, natuur = 0.6 }

    [[suitability.terms]]
    layer = "ov_distance"
    transform = "decay"
    scale = 20000
    weight = 0.2
    functions = ["wonen", "werken"]

    [[rules]]
    id = "geen-bouwen-uiterwaarden"
    layer = "uiterwaarden"
    op = "eq"
    value = 1
    functions = ["wonen", "werken"]
    status = "verified"

    [tiers]
    adjoin_distance = 500
    ov_distance = 100000
    """
)
"""The sample puzzle spec (TOML)."""


def sample_layers(
    *, varied: bool = False
) -> dict[str, tuple[np.ndarray, LayerKind, tuple[int, ...]]]:
    """The sample's layers: name -> (array, kind, national interests).

    ``varied=True`` gives the varied ground and the woningbouwgebied of the module's
    description; the other layers are the same either way.
    """
    h, w = SAMPLE_GRID.shape
    province = np.zeros((h, w), np.uint8)
    # the reference's raster ids: Utrecht 7, Gelderland 6
    province[:, :10] = 7
    province[:, 10:] = 6
    land_use = np.full((h, w), 2, np.uint8)
    land_use[0:2, :10] = 1
    land_use[18:20, :10] = 3
    urban = (land_use == 1).astype(np.uint8)
    uiterwaarden = np.zeros((h, w), np.uint8)
    uiterwaarden[5, 0:SAMPLE_UITERWAARDEN] = 1
    elevation = np.full((h, w), 1.0, np.float32)
    soil = np.full((h, w), 2, np.uint8)  # klei
    # demo classes: 0 not urban, 1 urban that keeps its use, 2 transformation location
    transformation = urban * np.uint8(2)
    transformation[1, :10] = 1
    wonen = np.zeros((h, w), np.uint8)
    wonen[0:6, 0:12] = 1
    natuur = (land_use == 3).astype(np.uint8)
    natuur[14:20, 6:14] = 1
    water = np.zeros((h, w), np.uint8)
    water[4:7, :] = 1
    # NOVEX-gebieden bitmask (bit k-1 for NXkk): NX07 in Utrecht's top half, NX08 across
    # both provinces in the bottom half
    areas = np.zeros((h, w), np.uint16)
    areas[0:10, 0:10] |= 1 << 6
    areas[10:20, 5:15] |= 1 << 7
    out: dict[str, tuple[np.ndarray, LayerKind, tuple[int, ...]]] = {
        "province": (province, LayerKind.BOUNDARY, ()),
        "land_use": (land_use, LayerKind.CURRENT_LAND_USE, ()),
        "urban": (urban, LayerKind.CURRENT_LAND_USE, ()),
        "uiterwaarden": (uiterwaarden, LayerKind.CONSTRAINT, ()),
        "elevation": (elevation, LayerKind.PHYSICAL, ()),
        "soil": (soil, LayerKind.PHYSICAL, ()),
        "flood_depth": (np.zeros((h, w), np.float32), LayerKind.CONSTRAINT, ()),
        "ov_distance": (
            np.tile(np.arange(w, dtype=np.float32) * 1000.0, (h, 1)),
            LayerKind.PHYSICAL,
            (),
        ),
        "transformation": (transformation, LayerKind.SUITABILITY, ()),
        "novex_gebieden": (areas, LayerKind.BOUNDARY, ()),
        "claim_wonen": (wonen, LayerKind.CLAIM, (5,)),
        "claim_water": (water, LayerKind.CLAIM, (14,)),
        "protection_natuur": (natuur, LayerKind.PROTECTION, (20,)),
    }
    if varied:
        elevation[:, 10:] = 10.0
        elevation[8, 0:SAMPLE_DEEP_FARM] = -6.0
        elevation[0, 0:SAMPLE_DEEP_URBAN] = -6.0
        soil[:, 10:] = 3  # zand
        soil[10, :10] = 1  # veen
        housing = np.zeros((h, w), np.uint8)
        housing[2:4, 2:6] = 9  # one NOVEX-woningbouwgebied, id 9
        out["woningbouwgebieden"] = (housing, LayerKind.BOUNDARY, ())
    return out


def sample_layer_spec(
    name: str,
    kind: LayerKind | str,
    units: str = "class",
    interests: tuple[int, ...] = (),
    *,
    source: str = _SOURCE,
) -> LayerSpec:
    """The registry entry of a synthetic layer ``name`` (titles are the name).

    The province layer gets the sample provinces' names as its categories.
    """
    extra: dict[str, Any] = {}
    if name == "province":
        extra["categories"] = {p["id"]: p["name_nl"] for p in SAMPLE_PROVINCES}
    return LayerSpec.create(
        name=name, kind=kind, title_nl=name, title_en=name, units=units,
        interests=interests, source=source, synthetic=True, **extra,
    )  # fmt: skip


def synthetic_workspace(
    path: str | os.PathLike[str],
    grid: GridSpec,
    layers: Mapping[str, tuple[np.ndarray, LayerKind | str, tuple[int, ...]]],
    claims: Sequence[Mapping[str, Any]],
    *,
    name: str,
    source: str = _SOURCE,
) -> Workspace:
    """Write a synthetic workspace of the two sample provinces on any ``grid``.

    The writer behind :func:`sample_workspace`, for demo-like test workspaces of another
    size or layout (the province raster must use the raster ids 7 and 6).

    Parameters
    ----------
    path : path-like
        Folder to create.
    grid : GridSpec
    layers : mapping
        Layer name -> (array on ``grid``, kind, national interests); every layer is
        written as synthetic with ``source`` (:func:`sample_layer_spec`).
    claims : sequence of mapping
        The startpakket rows.
    name : str
        The workspace's name.
    """
    ws = Workspace.create(path, grid, name=name)
    for layer, (arr, kind, interests) in layers.items():
        ws.write_layer(sample_layer_spec(layer, kind, interests=interests, source=source), arr)
    ws.write_json_table("provinces", [dict(p) for p in SAMPLE_PROVINCES])
    ws.write_json_table("startpakket", {"claims": [dict(r) for r in claims]})
    ws.save()
    return ws


def sample_workspace(
    path: str | os.PathLike[str],
    claims: Sequence[Mapping[str, Any]] | None = None,
    *,
    varied: bool = False,
) -> Workspace:
    """Write the sample workspace into ``path`` (a new folder) and return it.

    Parameters
    ----------
    path : path-like
        Folder to create.
    claims : sequence of dict, optional
        Startpakket rows (``province``, ``function``, ``min_ha``, ``max_ha``,
        ``priority``, ``source``, ``status``); default :data:`SAMPLE_CLAIMS`
        (:func:`sample_claims` changes some).
    varied : bool
        The varied ground and the woningbouwgebied (see the module), for the puzzle tests.
    """
    rows = SAMPLE_CLAIMS if claims is None else claims
    return synthetic_workspace(
        path, SAMPLE_GRID, sample_layers(varied=varied), rows, name="novex-sample"
    )


def write_sample_run(
    workspace: Workspace,
    out: str | os.PathLike[str],
    *,
    elastic: bool = True,
    compare_principles: bool = False,
    lang: str = "nl",
) -> Path:
    """Solve :data:`SAMPLE_SPEC` on the sample workspace and write the run folder ``out``.

    ``elastic=False`` solves in strict mode (a province whose claims cannot fit is
    reported with its conflicting claims).
    """
    from novex.puzzle import PuzzleSpec, solve_spec

    run = solve_spec(
        workspace,
        PuzzleSpec.from_toml(SAMPLE_SPEC),
        elastic=elastic,
        compare_principles=compare_principles,
    )
    return run.write(out, lang=lang)


def write_sample_stack(
    workspace: Workspace, out: str | os.PathLike[str], *, lang: str = "nl"
) -> Path:
    """Compute the stapelkaart of the sample workspace into folder ``out`` (no maps)."""
    from novex.stack import compute_stack

    compute_stack(workspace, out, maps=False, lang=lang)
    return Path(out)
