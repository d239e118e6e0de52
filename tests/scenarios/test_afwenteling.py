"""Afwenteling: hectares out of rule at a later horizon, per province and function."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_fixtures import PUZZLE

from novex.layers import Workspace
from novex.puzzle import PuzzleSpec
from novex.scenarios.afwenteling import contributions, later_rule_masks, out_of_rule

SPEC = PuzzleSpec.from_toml(PUZZLE)
TYPES = SPEC.type_defs()
FUNCTIONS = tuple(SPEC.function_ids())
PROVINCES = {7: "NL-UT", 6: "NL-GE"}


def _reference(allocation: np.ndarray, later: Workspace) -> list[dict[str, object]]:
    """Each province and function counted on its own, cell by cell."""
    contrib = contributions(TYPES, FUNCTIONS)
    masks = later_rule_masks(later, SPEC, TYPES, FUNCTIONS)
    region = later.read(SPEC.region.layer).reshape(-1)
    rows = []
    for rid, code in sorted(PROVINCES.items(), key=lambda kv: kv[1]):
        for j, f in enumerate(FUNCTIONS):
            bad = new = 0
            for i, a in enumerate(allocation.reshape(-1).tolist()):
                if a == 0 or region[i] != rid or contrib[a - 1, j] <= 0:
                    continue
                new += TYPES[a - 1].keep is None
                bad += any(mask[i] and forb[a - 1] for mask, forb in masks)
            area = later.grid.cell_area_ha
            rows.append(
                {"province": code, "function": f,
                 "out_of_rule_ha": float(bad * area), "allocated_new_ha": float(new * area)}
            )  # fmt: skip
    return rows


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), share=st.floats(0.0, 1.0))
def test_the_hectares_are_those_counted_cell_by_cell(
    scen_ws: Workspace, seed: int, share: float
) -> None:
    rng = np.random.default_rng(seed)
    alloc = rng.integers(1, len(TYPES) + 1, size=scen_ws.grid.shape).astype(np.uint8)
    alloc[rng.random(scen_ws.grid.shape) > share] = 0  # outside the puzzle
    raster, rows = out_of_rule(alloc, scen_ws, SPEC, TYPES, FUNCTIONS, PROVINCES)
    assert rows == _reference(alloc, scen_ws)
    ut = [r for r in rows if r["province"] == "NL-UT"]
    assert [r["function"] for r in ut] == list(FUNCTIONS)
    assert raster.dtype == np.uint8 and raster.shape == scen_ws.grid.shape


def test_a_province_missing_from_the_table_is_not_counted(scen_ws: Workspace) -> None:
    alloc = np.ones(scen_ws.grid.shape, np.uint8)
    _, rows = out_of_rule(alloc, scen_ws, SPEC, TYPES, FUNCTIONS, {7: "NL-UT"})
    assert {r["province"] for r in rows} == {"NL-UT"}
    _, none = out_of_rule(alloc, scen_ws, SPEC, TYPES, FUNCTIONS, {})
    assert none == []
