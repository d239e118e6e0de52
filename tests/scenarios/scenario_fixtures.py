"""A small demo-like workspace for the scenario tests, and its scenario spec.

Imported explicitly by the scenario tests (the fixture is in conftest.py).

40 x 24 cells of 250 m (6.25 ha): Utrecht (``NL-UT``, columns 0-19) and Gelderland
(``NL-GE``, columns 20-39). Utrecht's urban core is rows 0-3; south of it, the western
half (columns 0-9) is flood-prone with 1.6 m of water today (allowed: the rule forbids
building above 2 m), the eastern half is dry. Row 12 is peat. The western half lies a
little closer to public transport, so without afwenteling the wonen claim lands there;
at 2130 in the fast climate variant those cells flood deeper than 2 m.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np

from novex.grid import GridSpec
from novex.layers import Workspace
from novex.results.samples import synthetic_workspace

GRID = GridSpec(250, (135_000.0, 454_000.0, 145_000.0, 460_000.0))

CLAIMS = [
    {"province": "NL-UT", "function": "wonen", "min_ha": 75.0, "max_ha": 100.0, "priority": 1},
    {"province": "NL-UT", "function": "natuur", "min_ha": 12.5, "max_ha": 25.0, "priority": 2},
    {"province": "NL-GE", "function": "energie", "min_ha": 50.0, "max_ha": 100.0, "priority": 2},
]

KINDS = {
    "province": "boundary",
    "land_use": "current_land_use",
    "urban": "current_land_use",
    "uiterwaarden": "constraint",
    "elevation": "physical",
    "soil": "physical",
    "flood_depth": "constraint",
    "ov_distance": "physical",
    "transformation": "suitability",
}


def layers() -> dict[str, np.ndarray]:
    h, w = GRID.shape
    province = np.zeros((h, w), np.uint8)
    province[:, :20] = 7
    province[:, 20:] = 6
    land_use = np.full((h, w), 2, np.uint8)
    land_use[0:4, :20] = 1
    land_use[20:, :20] = 3
    urban = (land_use == 1).astype(np.uint8)
    transformation = urban * np.uint8(1)
    uiterwaarden = np.zeros((h, w), np.uint8)
    uiterwaarden[16, :20] = 1
    elevation = np.full((h, w), 1.0, np.float32)
    elevation[:, :10] = -1.0
    elevation[:, 20:] = 8.0
    soil = np.full((h, w), 2, np.uint8)
    soil[12, :20] = 1
    soil[:, 20:] = 3
    flood = np.zeros((h, w), np.float32)
    flood[4:, :10] = 1.6
    rows, cols = np.indices((h, w), dtype=np.float32)
    ov = 1000.0 * rows + 50.0 * cols
    return {
        "province": province,
        "land_use": land_use,
        "urban": urban,
        "uiterwaarden": uiterwaarden,
        "elevation": elevation,
        "soil": soil,
        "flood_depth": flood,
        "ov_distance": ov.astype(np.float32),
        "transformation": transformation,
    }


def make_workspace(path: Path) -> Workspace:
    arrays = {name: (arr, KINDS[name], ()) for name, arr in layers().items()}
    return synthetic_workspace(path, GRID, arrays, CLAIMS, name="scenario-test",
                               source="test fixture")  # fmt: skip


PUZZLE = textwrap.dedent(
    """
    [puzzle]
    name = "scenariotest"

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
    bebouwd = []

    [[suitability.terms]]
    layer = "ov_distance"
    transform = "decay"
    scale = 40000
    weight = 0.2
    functions = ["wonen", "werken"]

    [[rules]]
    id = "geen-bouwen-uiterwaarden"
    layer = "uiterwaarden"
    op = "eq"
    value = 1
    functions = ["wonen", "werken"]

    [[rules]]
    id = "geen-bouwen-diepe-overstroming"
    layer = "flood_depth"
    op = "gt"
    value = 2.0
    functions = ["wonen", "werken"]
    exempt_classes = ["bebouwd"]

    [[rules]]
    id = "veen-blijft-nat"
    layer = "soil"
    op = "eq"
    value = 1
    functions = ["wonen", "werken"]
    exempt_classes = ["bebouwd"]

    [tiers]
    adjoin_distance = 500
    ov_distance = 100000

    [principles.identiteit]
    enabled = false

    [principles.afwenteling]
    enabled = true
    weight = 0.5
    functions = ["wonen", "werken"]
    """
)

SCENARIOS = textwrap.dedent(
    """
    [scenarios]
    name = "test"
    puzzle = "puzzel.toml"
    compare_principles = true

    [grid]
    horizon = [2030, 2100]
    climate = ["snel"]

    [climate.snel]
    sea_level_m = { 2030 = 0.07, 2050 = 0.25, 2100 = 1.0, 2130 = 1.7 }
    subsidence_m = { 2030 = 0.08, 2100 = 0.8, 2130 = 1.0 }
    peat_buffer_m = { 2100 = 500, 2130 = 750 }

    [afwenteling]
    horizon = 2130
    """
)


def write_spec(folder: Path, text: str = SCENARIOS, puzzle: str = PUZZLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "puzzel.toml").write_text(puzzle, encoding="utf-8")
    path = folder / "scenarios.toml"
    path.write_text(text, encoding="utf-8")
    return path
