"""The outlines: one vectorising of the workspace for the atlas's lines and the open data."""

from __future__ import annotations

import numpy as np
import pytest

from novex.grid import GridSpec
from novex.layers import LayerSpec, Workspace
from novex.web.outlines import OutlineError, Outlines

STAIRS = GridSpec(250, (135_000.0, 455_000.0, 137_500.0, 457_500.0))
"""10 x 10 cells of 250 m: Utrecht below the diagonal, Gelderland above it."""


@pytest.fixture
def stairs(tmp_path) -> Workspace:
    """A workspace whose province border is a staircase of single cells."""
    ws = Workspace.create(tmp_path / "ws", STAIRS, name="stairs")
    rows, cols = np.indices(STAIRS.shape)
    province = np.where(cols <= rows, 7, 6).astype(np.uint8)
    spec = LayerSpec.create(
        name="province", kind="boundary", title_nl="province", title_en="province",
        units="class", source="test fixture", synthetic=True,
    )  # fmt: skip
    ws.write_layer(spec, province)
    ws.save()
    return ws


def _vertices(feature: dict) -> int:
    geom = feature["geometry"]
    polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
    return sum(len(ring) for polygon in polygons for ring in polygon)


def test_the_atlas_draws_the_provinces_without_the_cells_stair_steps(stairs) -> None:
    lines = Outlines(stairs.path)
    drawn = lines.map_geojson("provinces")
    exact = lines.geojson("provinces")
    assert [f["properties"]["code"] for f in drawn["features"]] == ["NL-GE", "NL-UT"]
    assert [f["properties"]["code"] for f in exact["features"]] == ["NL-GE", "NL-UT"]
    for d, e in zip(drawn["features"], exact["features"], strict=True):
        # the open data keeps every cell's corner; the atlas's line cuts the staircase
        assert _vertices(d) < _vertices(e) / 3
        assert set(d["properties"]) == {"code", "name_nl", "name_en", "label", "bbox"}
        assert d["properties"]["bbox"] == pytest.approx(e["properties"]["bbox"], abs=1e-3)
        west, south, east, north = d["properties"]["bbox"]
        lon, lat = d["properties"]["label"]
        assert west < lon < east and south < lat < north
    assert drawn["features"][1]["properties"]["name_nl"] == "Utrecht"


def test_a_workspace_without_provinces_draws_no_lines(tmp_path) -> None:
    assert Outlines(None).map_geojson("provinces") == {"type": "FeatureCollection", "features": []}
    assert Outlines(None).kinds() == []
    with pytest.raises(OutlineError, match="holds no provinces outlines"):
        Outlines(None).frame("provinces")


def test_the_atlas_and_the_open_data_share_one_set_of_outlines(app, client) -> None:
    assert app.state.novex_outlines is app.state.novex.atlas.outlines
    drawn = client.get("/api/map/outlines/provinces").json()
    exact = app.state.novex_outlines.geojson("provinces")
    assert [f["properties"]["code"] for f in drawn["features"]] == ["NL-GE", "NL-UT"]
    for d, e in zip(drawn["features"], exact["features"], strict=True):
        assert d["properties"]["code"] == e["properties"]["code"]
        assert d["properties"]["bbox"] == pytest.approx(e["properties"]["bbox"], abs=1e-3)
