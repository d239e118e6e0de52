"""NOVEX-gebieden in a puzzle run: every area of the demo has a row, the hectares add up."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pytest

from novex.layers import Workspace
from novex.puzzle.areas import area_lines, area_rows
from novex.puzzle.runner import solve_spec
from novex.reference import novex_gebieden


def test_area_rows_count_each_area_of_the_province() -> None:
    bits = np.array([64, 64 | 32, 32, 0], np.uint16)  # NX07 on cells 0-1, NX06 on cells 1-2
    assign = np.array([0, 1, 1, 0])
    contrib = np.array([[1.0, 0.0], [0.0, 0.5]])
    keep = np.array([False, True])
    rows = area_rows("NL-UT", bits, assign, contrib, ("wonen", "natuur"), keep, 6.25, {})
    by = {(r["area"], r["function"]): r for r in rows}
    assert by[("NX07", "wonen")]["allocated_ha"] == 6.25
    assert by[("NX07", "natuur")]["allocated_ha"] == 0.5 * 6.25
    assert by[("NX06", "natuur")]["allocated_ha"] == 2 * 0.5 * 6.25
    assert by[("NX07", "wonen")]["new_ha"] == 6.25 and by[("NX06", "wonen")]["new_ha"] == 0
    listed = {a.code for a in novex_gebieden() if "NL-UT" in a.provinces}
    assert {r["area"] for r in rows} == listed | {"NX06", "NX07"}
    lines = area_lines(rows, "nl")
    assert any(line.startswith("NX07 ") and "waarvan 6 ha nieuw" in line for line in lines)


@pytest.mark.slow
def test_every_novex_gebied_has_a_row_in_a_run_over_all_provinces(demo250_home) -> None:
    ws = Workspace.open(demo250_home / "demo-250m")
    run = solve_spec(ws, "demo", compare_principles=False)
    rows = run.area_table()
    assert {r["area"] for r in rows} == {a.code for a in novex_gebieden()}
    solved = {pr.province.code for pr in run.provinces}
    for area in novex_gebieden():  # a row in every province the reference lists it for
        for code in set(area.provinces) & solved:
            assert any(r["region"] == code and r["area"] == area.code for r in rows)
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in rows:
        groups[(r["region"], r["area"])].append(r)
    assert any(g[0]["area_ha"] > 0 for g in groups.values())
    # a multifunctional type serves several functions on the same hectare: the sum over
    # functions is bounded by the area times the largest total contribution of a type
    most = max(sum(t.contributions.values()) for t in run.types)
    for g in groups.values():
        area_ha = g[0]["area_ha"]
        assert 0 <= g[0]["new_ha"] <= area_ha
        assert all(r["allocated_ha"] <= area_ha + 1e-6 for r in g)
        assert sum(r["allocated_ha"] for r in g) <= area_ha * most + 1e-6
