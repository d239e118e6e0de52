"""NOVEX-gebieden and housing areas on the demo grid: outlines, rasters, provenance."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from novex.demo.area_layers import write_area_layers
from novex.demo.areas import housing_area_outlines, novex_area_outlines
from novex.errors import LayerError
from novex.layers import Workspace
from novex.layers.areas import area_bit, area_cells
from novex.reference import load_reference, provinces

_PROVINCE_ID = {p.code: p.raster_id for p in provinces()}


def test_every_novex_gebied_has_an_outline_inside_its_provinces(demo250: Workspace) -> None:
    bits = demo250.read("novex_gebieden")
    province = demo250.read("province")
    for area in load_reference().novex_areas:
        cells = area_cells(bits, area.number)
        assert cells.sum() * demo250.grid.cell_area_ha > 1_000, area.id
        allowed = [_PROVINCE_ID[c] for c in area.provinces]
        assert np.isin(province[cells], allowed).all(), area.id


def test_overlapping_areas_keep_both_memberships(demo250: Workspace) -> None:
    bits = demo250.read("novex_gebieden")
    nzk, mra = area_cells(bits, 1), area_cells(bits, 3)
    # the Noordzeekanaalgebied lies mostly inside the Metropoolregio Amsterdam
    assert (nzk & mra).sum() > 0.5 * nzk.sum()


def test_the_outline_tables_carry_provenance(demo250: Workspace) -> None:
    gdf = gpd.read_file(demo250.table_path("novex_gebieden"), layer="novex_gebieden")
    assert list(gdf["code"]) == [f"NX{k:02d}" for k in range(1, 17)]
    assert (gdf["status"] == "schematic").all() and gdf["synthetic"].all()
    assert gdf["source"].str.contains("Not the official boundary").all()
    assert not gdf.geometry.is_empty.any()
    wb = gpd.read_file(demo250.table_path("woningbouwgebieden"), layer="woningbouwgebieden")
    assert len(wb) == 17
    assert wb.set_index("code").loc["WB03", "homes"] == 75_000
    zg = gpd.read_file(demo250.table_path("woningbouwgebieden"), layer="zoekgebieden_2020")
    assert list(zg["code"]) == [f"ZG{k}" for k in range(1, 7)]
    spec = demo250.layer("novex_gebieden")
    assert spec.synthetic and spec.extra["encoding"] == "bitmask"


def test_every_woningbouwgebied_is_on_the_grid(demo250: Workspace) -> None:
    ids = demo250.read("woningbouwgebieden")
    present = set(np.unique(ids).tolist()) - {0}
    assert present == set(range(1, 18))


def test_wonen_claim_layer_is_the_housing_areas(demo250: Workspace) -> None:
    claim = demo250.read("claim_wonen_woningbouwgebieden")
    areas = (demo250.read("woningbouwgebieden") > 0) | (demo250.read("zoekgebieden_2020") > 0)
    water = demo250.read("water") > 0
    assert ((claim == 1) == (areas & ~water)).all()


def test_area_codes_that_do_not_exist_are_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(LayerError, match="'NX17' does not exist"):
        write_area_layers(
            Workspace.create(tmp_path / "ws", _small_grid()),
            novex_areas=novex_area_outlines().assign(
                code=lambda d: d["code"].replace("NX16", "NX17")
            ),
        )
    with pytest.raises(LayerError, match="number 17 does not exist"):
        area_bit(17)


def test_housing_group_must_exist() -> None:
    with pytest.raises(LayerError, match="'woonwijk'"):
        housing_area_outlines("woonwijk")


def _small_grid():  # type: ignore[no-untyped-def]
    from novex.grid import GridSpec

    return GridSpec(250, (100_000.0, 450_000.0, 110_000.0, 460_000.0))


def test_the_area_map_is_a_png(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from novex.demo.area_map import render_area_map

    out = render_area_map(tmp_path / "areas.png", lang="en")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 20_000


@pytest.mark.parametrize("code", ["NX17", "NX00", "Randstad", 0])
def test_unknown_novex_gebied_is_named(code: object) -> None:
    with pytest.raises(LayerError, match=f"{code!r} does not exist"):
        area_cells(np.zeros(3, np.uint16), code)  # type: ignore[arg-type]


def test_unknown_layer_is_named(demo250: Workspace) -> None:
    with pytest.raises(LayerError, match="'novex_gebied' is not in workspace"):
        demo250.layer("novex_gebied")


def test_reference_land_area_carries_its_status(demo250: Workspace) -> None:
    rows = demo250.read_json_table("provinces")
    assert all(r["reference_land_km2_status"] == "uncertain" for r in rows)
    assert all(r["reference_land_km2_source"] for r in rows)


def test_outline_with_an_unknown_province_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    nx = novex_area_outlines().assign(provinces="NL-XX")
    ws = Workspace.create(tmp_path / "ws", _small_grid())
    with pytest.raises(LayerError, match="'NL-XX' of an area outline does not exist"):
        write_area_layers(ws, novex_areas=nx)
    assert not (tmp_path / "ws" / "tables").exists()
