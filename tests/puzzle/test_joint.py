"""National claims solved jointly over the provinces (``split = "joint"``)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from workspace_fixtures import SPEC, claims, make_workspace

from novex.puzzle.assemble import assemble
from novex.puzzle.runner import solve_spec
from novex.puzzle.spec import PuzzleSpec


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("joint") / "ws")


def _spec(split: str, minimum: float = 300.0, extra: str = "") -> PuzzleSpec:
    return PuzzleSpec.from_toml(
        SPEC + f'\n[[claims.national]]\nid = "energie-nl"\nfunction = "energie"\n'
        f'min = {minimum}\nsplit = "{split}"\n{extra}'
    )


def test_joint_is_the_default_and_adds_no_province_claims(ws) -> None:
    spec = PuzzleSpec.from_toml(
        SPEC + '\n[[claims.national]]\nid = "energie-nl"\nfunction = "energie"\nmin = 300.0\n'
    )
    asm = assemble(ws, spec)
    assert asm.national[0]["split"] == "joint"
    f = asm.functions.index("energie")
    assert asm.demand("NL-UT")[0][0, f] == 0.0  # no part added before solving
    problem = asm.joint_problem(["NL-UT", "NL-GE"])
    assert problem.national is not None
    # the national total comes on top of the provinces' own claims (NL-GE: 50 ha)
    assert problem.national.lower.tolist() == [350.0]
    assert problem.national.member.tolist() == [[True, True]]


def test_joint_beats_the_area_split_and_reports_shares_and_prices(ws, tmp_path) -> None:
    joint = solve_spec(ws, _spec("joint"), elastic=False)
    split = solve_spec(ws, _spec("allowed_area"), elastic=False)
    assert all(pr.solved for pr in joint.provinces + split.provinces)
    nat = joint.national[0]
    split_objective = sum(pr.objective for pr in split.provinces)
    assert nat["objective"] >= split_objective - 1e-9
    assert nat["objective"] > split_objective + 1.0  # here the split costs suitability
    rows = {p["province"]: p for p in nat["provinces"]}
    assert set(rows) == {"NL-UT", "NL-GE"}
    assert sum(p["share"] for p in rows.values()) == pytest.approx(1.0)
    assert sum(p["capacity_share"] for p in rows.values()) == pytest.approx(1.0)
    assert sum(p["total_ha"] for p in rows.values()) >= 350.0 - 1e-6
    assert nat["price"] > 0
    # both provinces see the same national price on top of their own claim's price
    assert {p["national_price"] for p in rows.values()} == {nat["price"]}
    # the certificate of the coupled problem is carried by every province
    assert {pr.dual_bound for pr in joint.provinces} == {nat["dual_bound"]}
    out = joint.write(tmp_path / "run", lang="en")
    with (out / "national.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [r["province"] for r in table] == ["NL-GE", "NL-UT"]  # in reference order
    assert float(table[0]["share"]) + float(table[1]["share"]) == pytest.approx(1.0)
    data = json.loads((out / "national.json").read_text(encoding="utf-8"))
    assert data[0]["id"] == "energie-nl" and data[0]["split"] == "joint"
    assert not (tmp_path / "split").exists()


def test_fairness_rule_bounds_the_shares_and_reports_its_cost(tmp_path) -> None:
    # NL-GE may take more energie here (its own maximum 400 ha), so shares can move
    ws = make_workspace(tmp_path / "ws", claims(**{"NL-GE_energie": {"max_ha": 400.0}}))
    free = solve_spec(ws, _spec("joint", 200.0), elastic=False).national[0]
    ratio = max(r["part_ha"] / (r["capacity_share"] * 200.0) for r in free["provinces"])
    assert ratio > 1.1  # one province takes well above its capacity share
    k = round(0.5 * (1.0 + ratio), 3)
    fair = solve_spec(
        ws, _spec("joint", 200.0, f"max_share_factor = {k}\n"), elastic=False
    ).national[0]
    assert fair["status"] != "infeasible"
    for row in fair["provinces"]:
        assert row["share_max_ha"] == pytest.approx(k * row["capacity_share"] * 200.0)
        assert row["part_ha"] <= row["share_max_ha"] + 1e-6
    assert fair["objective_without_fairness"] == pytest.approx(free["objective"], rel=1e-9)
    assert fair["fairness_cost"] == pytest.approx(free["objective"] - fair["objective"])
    assert fair["fairness_cost"] >= -1e-9  # ties on this tiny map: the rule may cost nothing
    assert free["fairness_cost"] is None


def test_a_national_claim_that_does_not_fit_is_named(ws) -> None:
    run = solve_spec(ws, _spec("joint", 5000.0), elastic=False)
    nat = run.national[0]
    assert nat["status"] == "infeasible"
    assert "national claim 'energie-nl' (energie min 5,050 ha" in nat["message"]
    assert "ha short" in nat["message"]
    assert all(not pr.solved for pr in run.provinces)
    # elastic: the claim falls short by what does not fit, the provinces are solved
    run = solve_spec(ws, _spec("joint", 5000.0), elastic=True)
    nat = run.national[0]
    assert nat["status"] == "elastic"
    assert nat["shortfall_ha"] > 0
    assert nat["allocated_ha"] + nat["shortfall_ha"] == pytest.approx(5050.0, rel=1e-6)


def test_one_province_falls_back_to_the_allowed_area_split(ws) -> None:
    asm = assemble(ws, _spec("joint"), "NL-GE")
    assert asm.national[0]["split"] == "allowed_area"
    f = asm.functions.index("energie")
    share = asm.national[0]["shares"]["NL-GE"]
    assert asm.demand("NL-GE")[0][0, f] == pytest.approx(50.0 + 300.0 * share)
    assert np.isclose(sum(asm.national[0]["shares"].values()), 1.0)
