"""Assembly: workspace + spec -> the arrays of Problem.from_arrays."""

from __future__ import annotations

import numpy as np
import pytest
from workspace_fixtures import CELL_HA, SPEC, claims, make_workspace

from novex.errors import SpecError
from novex.puzzle.assemble import assemble
from novex.puzzle.claims import find_province, read_provinces
from novex.puzzle.spec import PuzzleSpec


@pytest.fixture
def ws(tmp_path):
    return make_workspace(tmp_path / "ws")


def test_types_contributions_and_keep_types(ws) -> None:
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    ids = asm.type_ids
    assert ids == [
        "wonen", "werken", "energie", "natuur", "landbouw", "water", "A1", "C2",
        "bestaand_bebouwd", "bestaand_landbouw", "bestaand_natuur",
    ]  # fmt: skip
    f = asm.functions
    assert asm.contributions[ids.index("A1"), f.index("natuur")] == 0.5
    assert asm.contributions[ids.index("A1"), f.index("landbouw")] == 0.6
    assert asm.contributions[ids.index("bestaand_landbouw")].sum() == 0.0


def test_count_existing_makes_kept_land_count(ws) -> None:
    text = SPEC.replace("[current]\n", '[current]\ncount_existing = ["landbouw"]\n')
    asm = assemble(ws, PuzzleSpec.from_toml(text))
    t = asm.type_ids.index("bestaand_landbouw")
    assert asm.contributions[t, asm.functions.index("landbouw")] == 1.0


def test_cells_and_transitions(ws) -> None:
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    part = asm.parts["NL-UT"]
    assert part.n_cells == 200 and asm.parts["NL-GE"].n_cells == 200
    ids = asm.type_ids
    nature = part.current == 2  # class index of "natuur"
    assert nature.sum() == 20
    allowed_nature = part.allowed[nature]
    assert allowed_nature[:, ids.index("water")].all()
    assert allowed_nature[:, ids.index("bestaand_natuur")].all()
    assert allowed_nature.sum(axis=1).tolist() == [2] * 20
    farm = part.current == 1
    assert not part.allowed[farm, ids.index("landbouw")].any()  # same_as: no relabelling
    assert not part.allowed[farm, ids.index("bestaand_bebouwd")].any()


def test_suitability_terms(ws) -> None:
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    s = asm.suitability("NL-UT", frozenset())
    ids = asm.type_ids
    part = asm.parts["NL-UT"]
    keep = ids.index("bestaand_landbouw")
    assert np.all(s[:, keep] == 1.0)
    # a farm cell in column 0 (ov 0 m, tier 3): base 0.5 + 0.2 ov term - 0.1 cost - 0.2 tier 3
    cell = int(np.flatnonzero(part.cells == 12 * 20 + 0)[0])
    assert s[cell, ids.index("wonen")] == pytest.approx(0.5 + 0.2 - 0.1 - 0.2, abs=1e-6)
    assert s[cell, ids.index("energie")] == pytest.approx(0.5 - 0.1, abs=1e-6)
    # combinaties bonus: C2 carries 0.25 ha of second functions per ha, times 0.1
    on = asm.suitability("NL-UT", frozenset({"combinaties"}))
    c2 = ids.index("C2")
    assert on[cell, c2] - s[cell, c2] == pytest.approx(0.1 * 0.25, abs=1e-6)
    assert on[cell, ids.index("wonen")] == s[cell, ids.index("wonen")]


def test_a_solve_takes_the_base_and_reads_it_again_the_same(ws) -> None:
    """The problem of a solve holds the one (N, T) copy; the next is composed again."""
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    kept = asm.suitability("NL-UT")
    first = asm.problem("NL-UT", take=True)
    assert asm.parts["NL-UT"].base is None  # taken: not held beside the problem's copy
    assert first.suitability.tobytes() == kept.tobytes()
    again = asm.problem("NL-UT", take=True)  # base read again from the window
    assert again.suitability.tobytes() == kept.tobytes()
    assert again.suitability is not first.suitability
    plain = asm.suitability("NL-UT", frozenset())
    assert plain.shape == kept.shape
    assert asm.problem("NL-UT").suitability.tobytes() == kept.tobytes()


def test_tiers(ws) -> None:
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    part = asm.parts["NL-UT"]
    rows = part.cells // 20
    assert set(part.tier[rows <= 1].tolist()) == {1}
    assert set(part.tier[rows == 2].tolist()) == {2}  # 250 m from urban, within 500 m
    assert set(part.tier[rows == 3].tolist()) == {2}  # 500 m
    assert set(part.tier[rows == 4].tolist()) == {3}


def test_claims_from_startpakket_and_priority(ws) -> None:
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    lo, hi, _prio = asm.demand("NL-UT")
    f = asm.functions
    assert lo[0, f.index("wonen")] == 25.0 and hi[0, f.index("wonen")] == 50.0
    assert hi[0, f.index("energie")] == np.inf
    problem = asm.problem("NL-UT")
    # startpakket priority 1 (highest) is served first by the engine (higher number)
    assert problem.priority[0, f.index("wonen")] > problem.priority[0, f.index("natuur")]
    assert problem.cell_area[0] == CELL_HA


def test_national_claim_split_by_allowed_area(ws) -> None:
    text = (
        SPEC
        + '\n[[claims.national]]\nid = "energie-nl"\nfunction = "energie"\nmin = 100.0\nsplit = "land_area"\n'
    )
    asm = assemble(ws, PuzzleSpec.from_toml(text))
    nat = asm.national[0]
    assert nat["shares"] == {"NL-UT": 0.5, "NL-GE": 0.5}
    f = asm.functions.index("energie")
    assert asm.demand("NL-UT")[0][0, f] == 50.0
    assert asm.demand("NL-GE")[0][0, f] == 50.0 + 50.0  # startpakket 50 + national 50


def test_national_claim_with_one_province_uses_all_for_the_split(ws) -> None:
    text = (
        SPEC
        + '\n[[claims.national]]\nfunction = "water"\nmin = 80.0\nsplit = "shares"\nshares = { NL-UT = 3, NL-GE = 1 }\n'
    )
    asm = assemble(ws, PuzzleSpec.from_toml(text), "NL-GE")
    assert list(asm.parts) == ["NL-GE"]
    assert asm.demand("NL-GE")[0][0, asm.functions.index("water")] == pytest.approx(20.0)


def test_province_lookup(ws) -> None:
    provs = read_provinces(ws)
    assert [p.code for p in provs] == ["NL-GE", "NL-UT"]  # raster-id order: 6, 7
    assert find_province(provs, "utrecht").code == "NL-UT"
    assert find_province(provs, "GE").code == "NL-GE"
    assert find_province(provs, "7").name_en == "Utrecht"
    with pytest.raises(SpecError, match=r"Unknown province 'Holland'.*NL-UT"):
        find_province(provs, "Holland")
    with pytest.raises(SpecError, match=r"Province 'Zeeland' \(NL-ZE\) is not in this workspace"):
        find_province(provs, "Zeeland")


def test_province_table_must_use_the_reference_raster_ids(tmp_path) -> None:
    ws = make_workspace(tmp_path / "ws")
    ws.write_json_table("provinces", [{"id": 1, "code": "NL-UT"}])
    with pytest.raises(SpecError, match=r"'NL-UT' has id 1; the province raster uses 7"):
        read_provinces(ws)
    ws.write_json_table("provinces", [{"id": 7, "code": "NL-XX"}])
    with pytest.raises(SpecError, match=r"row 0: Unknown province 'NL-XX'"):
        read_provinces(ws)


@pytest.mark.parametrize(
    ("override", "match"),
    [
        ({"min_ha": -1.0}, r"minimum -1\.0 ha is invalid"),
        ({"min_ha": 60.0, "max_ha": 50.0}, r"minimum 60\.0 ha exceeds maximum 50\.0 ha"),
    ],
)
def test_bad_startpakket_claims(tmp_path, override, match) -> None:
    ws = make_workspace(tmp_path / "ws", claims(**{"NL-UT_wonen": override}))
    with pytest.raises(SpecError, match=match):
        assemble(ws, PuzzleSpec.from_toml(SPEC))


def test_penalty_shape_is_checked(ws) -> None:
    with pytest.raises(SpecError, match="Penalty raster has shape"):
        assemble(ws, PuzzleSpec.from_toml(SPEC), penalty=np.zeros((3, 3)))
