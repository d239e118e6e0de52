"""The puzzle tests' workspace and spec: the sample workspace, varied, and a puzzle spec.

Imported explicitly by the puzzle tests (not a conftest). The workspace is
:func:`novex.results.samples.sample_workspace` with ``varied=True`` (its one home): a
20 x 20 window of the national 250 m grid (6.25 ha cells), province 7 (``NL-UT``) the
left half, province 6 (``NL-GE``) the right half (the reference raster ids).

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

from novex.layers import Workspace
from novex.results.samples import (
    SAMPLE_CELL_HA,
    SAMPLE_DEEP_FARM,
    SAMPLE_DEEP_URBAN,
    SAMPLE_GRID,
    SAMPLE_UITERWAARDEN,
    sample_claims,
    sample_workspace,
)

GRID = SAMPLE_GRID
CELL_HA = SAMPLE_CELL_HA
UITERWAARDEN = SAMPLE_UITERWAARDEN
DEEP_FARM = SAMPLE_DEEP_FARM
DEEP_URBAN = SAMPLE_DEEP_URBAN


def claims(**overrides: Any) -> list[dict[str, Any]]:
    """Startpakket rows: the sample's small claims that fit, unless overridden."""
    return sample_claims(**overrides)


def make_workspace(path: Path, startpakket: list[dict[str, Any]] | None = None) -> Workspace:
    """Write the tiny workspace into ``path`` and return it."""
    return sample_workspace(path, startpakket, varied=True)


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
