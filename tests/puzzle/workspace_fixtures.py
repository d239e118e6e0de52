"""A tiny two-province workspace whose answers are known by construction.

Imported explicitly by the puzzle tests (not a conftest). The grid is a 20 x 20 window
of the national 250 m grid (6.25 ha cells): province 7 (``NL-UT``) is the left half,
province 6 (``NL-GE``) the right half (the reference raster ids).

Utrecht (columns 0-9): rows 0-1 urban (20 cells), rows 2-17 farmland (160 cells),
rows 18-19 nature (20 cells). Exactly ``UITERWAARDEN`` = 7 farmland cells (row 5,
columns 0-6) are uiterwaarden; exactly 4 farmland cells (row 8, columns 0-3) lie
below -5 m NAP; exactly 3 urban cells (row 0, columns 0-2) too. Row 10 is peat.
Gelderland is all farmland on sand, 10 m NAP.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import numpy as np

from novex.grid import GridSpec
from novex.layers import LayerSpec, Workspace

GRID = GridSpec(250, (135_000.0, 455_000.0, 140_000.0, 460_000.0))
CELL_HA = 6.25
UITERWAARDEN = 7
DEEP_FARM = 4
DEEP_URBAN = 3

PROVINCES = [  # ids are the reference raster ids (novex.reference.provinces())
    {"id": 7, "code": "NL-UT", "name_nl": "Utrecht", "name_en": "Utrecht"},
    {"id": 6, "code": "NL-GE", "name_nl": "Gelderland", "name_en": "Gelderland"},
]


def _spec(name: str, kind: str, units: str = "class") -> LayerSpec:
    return LayerSpec.create(
        name=name,
        kind=kind,
        title_nl=name,
        title_en=name,
        units=units,
        source="test fixture",
        synthetic=True,
    )


def layers() -> dict[str, np.ndarray]:
    """The layer arrays of the tiny workspace."""
    h, w = GRID.shape
    province = np.zeros((h, w), np.uint8)
    province[:, :10] = 7  # Utrecht
    province[:, 10:] = 6  # Gelderland
    land_use = np.full((h, w), 2, np.uint8)
    land_use[0:2, :10] = 1
    land_use[18:20, :10] = 3
    urban = (land_use == 1).astype(np.uint8)
    uiterwaarden = np.zeros((h, w), np.uint8)
    uiterwaarden[5, 0:UITERWAARDEN] = 1
    elevation = np.full((h, w), 1.0, np.float32)
    elevation[:, 10:] = 10.0
    elevation[8, 0:DEEP_FARM] = -6.0
    elevation[0, 0:DEEP_URBAN] = -6.0
    soil = np.full((h, w), 2, np.uint8)
    soil[:, 10:] = 3
    soil[10, :10] = 1
    flood = np.zeros((h, w), np.float32)
    ov = np.tile(np.arange(w, dtype=np.float32) * 1000.0, (h, 1))
    # demo classes: 0 not urban, 1 urban that keeps its use, 2 transformation location
    transformation = urban * np.uint8(2)
    transformation[1, :10] = 1
    # one NOVEX-woningbouwgebied (id 9) for the demo spec's term
    woningbouwgebieden = np.zeros((h, w), np.uint8)
    woningbouwgebieden[2:4, 2:6] = 9
    # NOVEX-gebieden bitmask: NX07 (bit 6) on Utrecht's rows 0-9, NX08 (bit 7) across both
    # provinces on rows 10-19, columns 5-14
    novex_gebieden = np.zeros((h, w), np.uint16)
    novex_gebieden[0:10, 0:10] |= 1 << 6
    novex_gebieden[10:20, 5:15] |= 1 << 7
    return {
        "province": province,
        "land_use": land_use,
        "urban": urban,
        "uiterwaarden": uiterwaarden,
        "elevation": elevation,
        "soil": soil,
        "flood_depth": flood,
        "ov_distance": ov,
        "transformation": transformation,
        "woningbouwgebieden": woningbouwgebieden,
        "novex_gebieden": novex_gebieden,
    }


KINDS = {
    "province": "boundary",
    "woningbouwgebieden": "boundary",
    "novex_gebieden": "boundary",
    "land_use": "current_land_use",
    "urban": "current_land_use",
    "uiterwaarden": "constraint",
    "elevation": "physical",
    "soil": "physical",
    "flood_depth": "constraint",
    "ov_distance": "physical",
    "transformation": "suitability",
}


def claims(**overrides: Any) -> list[dict[str, Any]]:
    """Startpakket rows: small claims that fit, unless overridden."""
    rows = [
        {"province": "NL-UT", "function": "wonen", "min_ha": 25.0, "max_ha": 50.0, "priority": 1},
        {"province": "NL-UT", "function": "natuur", "min_ha": 12.5, "max_ha": 25.0, "priority": 2},
        {
            "province": "NL-GE",
            "function": "energie",
            "min_ha": 50.0,
            "max_ha": 100.0,
            "priority": 2,
        },
    ]
    for row in rows:
        key = f"{row['province']}_{row['function']}"
        if key in overrides:
            row.update(overrides[key])
    return rows


def make_workspace(path: Path, startpakket: list[dict[str, Any]] | None = None) -> Workspace:
    """Write the tiny workspace into ``path`` and return it."""
    ws = Workspace.create(path, GRID, name="tiny-puzzle")
    for name, arr in layers().items():
        ws.write_layer(_spec(name, KINDS[name]), arr)
    ws.write_json_table("provinces", PROVINCES)
    ws.write_json_table("startpakket", {"claims": claims() if startpakket is None else startpakket})
    ws.save()
    return ws


SPEC = textwrap.dedent(
    """
    [puzzle]
    name = "klein"

    [types]
    functions = ["wonen", "werken", "energie", "natuur", "landbouw", "water"]
    concepts = ["A1", "C2"]

    [current]
    layer = "land_use"
    classes = { 1 = "bebouwd", 2 = "landbouw", 3 = "natuur" }
    same_as = { landbouw = "landbouw", natuur = "natuur" }
    conversion_cost = { bebouwd = 0.2, landbouw = 0.1, natuur = 0.6 }

    [current.transitions]
    natuur = ["water"]

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

    [[rules]]
    id = "diepe-polders"
    layer = "elevation"
    op = "lt"
    value = -4.0
    functions = ["wonen", "werken"]
    exempt_classes = ["bebouwd"]
    status = "uncertain"

    [tiers]
    adjoin_distance = 500
    ov_distance = 100000
    """
)
"""A spec for the tiny workspace (no principles changed from the defaults)."""
