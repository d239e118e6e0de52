"""Rules over layers: the allowed mask and the hectares they exclude, known by construction."""

from __future__ import annotations

import numpy as np
import pytest
from workspace_fixtures import CELL_HA, DEEP_FARM, DEEP_URBAN, SPEC, UITERWAARDEN, make_workspace

from novex.puzzle.assemble import assemble
from novex.puzzle.rules import condition
from novex.puzzle.spec import PuzzleSpec, RuleSpec


@pytest.fixture
def asm(tmp_path):
    return assemble(make_workspace(tmp_path / "ws"), PuzzleSpec.from_toml(SPEC))


def _rows(asm, code):
    from novex.puzzle.tables import rule_rows

    return {(r["rule"], r["function"]): r for r in rule_rows(asm, code)}


def test_uiterwaarden_rule_excludes_exactly_its_cells(asm) -> None:
    rows = _rows(asm, "NL-UT")
    assert rows[("geen-bouwen-uiterwaarden", "wonen")]["excluded_ha"] == UITERWAARDEN * CELL_HA
    assert rows[("geen-bouwen-uiterwaarden", "werken")]["excluded_ha"] == UITERWAARDEN * CELL_HA
    # natuur stays possible there: the rule excludes no natuur hectares
    assert ("geen-bouwen-uiterwaarden", "natuur") not in rows


def test_exempt_urban_cells_are_not_excluded(asm) -> None:
    rows = _rows(asm, "NL-UT")
    assert rows[("diepe-polders", "wonen")]["excluded_ha"] == DEEP_FARM * CELL_HA
    assert rows[("diepe-polders", "wonen")]["matched_ha"] == DEEP_FARM * CELL_HA
    assert DEEP_URBAN > 0


def test_all_rules_together(asm) -> None:
    rows = _rows(asm, "NL-UT")
    assert rows[("*", "wonen")]["excluded_ha"] == (UITERWAARDEN + DEEP_FARM) * CELL_HA
    assert not [r for r in _rows(asm, "NL-GE").values() if r["excluded_ha"]]


def test_forbidden_types_and_keep_stays_allowed(asm) -> None:
    part = asm.parts["NL-UT"]
    ids = asm.type_ids
    row5 = np.flatnonzero(np.isin(part.cells, [5 * 20 + c for c in range(UITERWAARDEN)]))
    assert row5.size == UITERWAARDEN
    for t in ("wonen", "werken", "C2"):
        assert not part.allowed[row5, ids.index(t)].any()
    assert part.allowed[row5, ids.index("bestaand_landbouw")].all()
    assert part.allowed[row5, ids.index("natuur")].all()


def test_disabled_rule_does_nothing(tmp_path) -> None:
    text = SPEC.replace('status = "verified"', 'status = "verified"\nenabled = false')
    asm = assemble(make_workspace(tmp_path / "ws"), PuzzleSpec.from_toml(text))
    assert [r.id for r in asm.parts["NL-UT"].rule_masks.rules] == ["diepe-polders"]


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("eq", 1.0, [False, True, False, False]),
        ("ne", 1.0, [True, False, True, False]),
        ("lt", 1.0, [True, False, False, False]),
        ("le", 1.0, [True, True, False, False]),
        ("gt", 1.0, [False, False, True, False]),
        ("ge", 1.0, [False, True, True, False]),
        ("in", (0.0, 2.0), [True, False, True, False]),
    ],
)
def test_condition_operators(op, value, expected) -> None:
    rule = RuleSpec(id="r", layer="x", op=op, value=value, functions=("wonen",))
    assert condition(rule, np.array([0.0, 1.0, 2.0, np.nan])).tolist() == expected


def test_demo_rule_keeps_urban_cells_that_are_no_transformation_location(tmp_path) -> None:
    from novex.puzzle.runner import solve_spec

    ws = make_workspace(tmp_path / "ws")
    run = solve_spec(ws, "demo")
    rows = [r for r in run.rule_table() if r["rule"] == "bebouwd-alleen-transformatielocaties"]
    # one row of 10 urban cells of 6.25 ha is class 1 (keeps its use): 62.5 ha per function
    assert {r["function"] for r in rows} >= {"wonen", "werken"}
    assert all(
        r["excluded_ha"] == 62.5
        for r in rows
        if r["region"] == "NL-UT" and r["function"] in ("wonen", "werken")
    )
    allocation = run.allocation.reshape(ws.grid.shape)
    kept = [t.id for t in run.types if t.id.startswith("bestaand_")]
    assert {run.types[v - 1].id for v in np.unique(allocation[1, :10])} <= set(kept)
