"""The sample workspace: its plain form (results, reports, web) and its varied form (puzzle)."""

from __future__ import annotations

import numpy as np
import pytest

from novex.results.samples import (
    SAMPLE_CLAIMS,
    SAMPLE_DEEP_FARM,
    SAMPLE_DEEP_URBAN,
    SAMPLE_UITERWAARDEN,
    sample_claims,
    sample_layers,
    sample_workspace,
)


def test_the_varied_sample_differs_only_in_ground_and_a_woningbouwgebied() -> None:
    plain, varied = sample_layers(), sample_layers(varied=True)
    assert set(varied) - set(plain) == {"woningbouwgebieden"}
    changed = {n for n in plain if not np.array_equal(plain[n][0], varied[n][0])}
    assert changed == {"elevation", "soil"}
    assert (plain["elevation"][0] == 1.0).all() and (plain["soil"][0] == 2).all()


def test_the_varied_sample_has_its_answers_by_construction() -> None:
    layers = {name: arr for name, (arr, _, _) in sample_layers(varied=True).items()}
    utrecht = layers["province"] == 7
    farm, urban = layers["land_use"] == 2, layers["land_use"] == 1
    deep = layers["elevation"] < -5
    assert int((deep & farm & utrecht).sum()) == SAMPLE_DEEP_FARM == 4
    assert int((deep & urban & utrecht).sum()) == SAMPLE_DEEP_URBAN == 3
    assert int((layers["uiterwaarden"] == 1).sum()) == SAMPLE_UITERWAARDEN == 7
    assert (layers["soil"][10, :10] == 1).all()  # Utrecht's peat row
    assert (layers["elevation"][~utrecht] == 10.0).all() and (layers["soil"][~utrecht] == 3).all()
    assert int((layers["woningbouwgebieden"] == 9).sum()) == 8


def test_sample_claims_change_the_named_rows_only() -> None:
    rows = sample_claims(**{"NL-GE_energie": {"max_ha": 400.0}})
    assert rows[2]["max_ha"] == 400.0 and rows[:2] == [dict(r) for r in SAMPLE_CLAIMS[:2]]
    assert SAMPLE_CLAIMS[2]["max_ha"] == 100.0  # the defaults are left alone
    with pytest.raises(KeyError, match="NL-UT_wonen"):
        sample_claims(**{"NL-XX_wonen": {"min_ha": 1.0}})


def test_the_varied_workspace_holds_every_layer_synthetic(tmp_path) -> None:
    ws = sample_workspace(tmp_path / "ws", varied=True)
    assert "woningbouwgebieden" in ws.layers and ws.synthetic
    assert ws.layer("province").categories == {7: "Utrecht", 6: "Gelderland"}


def test_a_synthetic_workspace_of_another_size(tmp_path) -> None:
    from novex.grid import GridSpec
    from novex.results.samples import synthetic_workspace

    grid = GridSpec(250, (135_000.0, 454_000.0, 145_000.0, 460_000.0))  # 40 x 24 cells
    province = np.where(np.indices(grid.shape)[1] < 20, 7, 6).astype(np.uint8)
    ws = synthetic_workspace(
        tmp_path / "ws", grid, {"province": (province, "boundary", ())},
        [{"province": "NL-UT", "function": "wonen", "min_ha": 75.0, "priority": 1}],
        name="groter", source="test fixture",
    )  # fmt: skip
    assert ws.grid.shape == (24, 40) and ws.name == "groter" and ws.synthetic
    assert ws.layer("province").source == "test fixture"
    assert [p["code"] for p in ws.read_json_table("provinces")] == ["NL-UT", "NL-GE"]
