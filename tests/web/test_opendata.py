"""Open data, outlines, reports and scenario layers: the endpoints a user downloads from."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest


def test_downloads_list_every_file_with_size_hash_licence_and_provenance(client) -> None:
    body = client.get("/api/downloads").json()
    assert body["licence"] == "CC-BY-4.0" and body["synthetic"] is True
    assert "synthetisch" in body["note"]
    names = {f["name"] for f in body["files"]}
    assert {"puzzel/allocation.tif", "puzzel/claims.csv", "puzzel/claims.json",
            "puzzel/rules.csv", "puzzel/tiers.csv", "puzzel/coherence.csv", "puzzel/areas.csv",
            "stapelkaart/overlap_count.tif", "stapelkaart/interest_mask.tif",
            "gebieden/provincies.gpkg", "gebieden/novex_gebieden.gpkg",
            "gebieden/woningbouwgebieden.gpkg", "rapporten/nationaal.pdf",
            "licentie/LICENTIE.txt"} <= names  # fmt: skip
    assert not any(n.endswith(".aux.xml") for n in names)
    for f in body["files"]:
        assert f["licence"] == "CC-BY-4.0"
        assert f["provenance"]["status"] == "synthetisch" and f["provenance"]["synthetic"]
        assert f["provenance"]["source"] and len(f["provenance"]["date"]) == 10
        r = client.get(f["url"])
        assert r.status_code == 200, f["url"]
        assert len(r.content) == f["size"], f["name"]
        assert hashlib.sha256(r.content).hexdigest() == f["sha256"], f["name"]
        digest = base64.b64encode(bytes.fromhex(f["sha256"])).decode()
        assert r.headers["repr-digest"] == f"sha-256=:{digest}:"
        assert r.headers["content-type"].startswith(f["media_type"].split(";")[0])


def test_the_english_list_has_english_titles(client) -> None:
    en = client.get("/api/downloads", params={"lang": "en"}).json()
    titles = {f["group"]: f["title"] for f in en["files"]}
    assert titles["gebieden"] == "Outlines" and titles["licentie"] == "Licence and sources"
    nl = client.get("/api/downloads").json()
    assert {f["group"]: f["title"] for f in nl["files"]}["gebieden"] == "Gebiedsgrenzen"


def test_files_come_with_their_media_type_and_disposition(client) -> None:
    tif = client.get("/download/puzzel/allocation.tif")
    assert tif.headers["content-type"].startswith("image/tiff")
    assert tif.headers["content-disposition"] == 'attachment; filename="allocation.tif"'
    assert tif.content[:4] in (b"II*\x00", b"MM\x00*")
    csv = client.get("/download/puzzel/claims.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "wonen" in csv.text
    pdf = client.get("/download/rapporten/arrangement_NL-UT.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert pdf.content.startswith(b"%PDF")


def test_the_outline_geopackages_hold_the_areas_in_rd_new(client, tmp_path) -> None:
    import pyogrio

    expected = {"provincies": {"NL-UT", "NL-GE"}, "novex_gebieden": {"NX07", "NX08"},
                "woningbouwgebieden": {"WB10"}}  # fmt: skip
    for stem, codes in expected.items():
        r = client.get(f"/download/gebieden/{stem}.gpkg")
        assert r.headers["content-type"] == "application/geopackage+sqlite3"
        path = tmp_path / f"{stem}.gpkg"
        path.write_bytes(r.content)
        gdf = pyogrio.read_dataframe(path, layer=stem)
        assert gdf.crs.to_epsg() == 28992
        assert set(gdf["code"]) == codes
        west, south, east, north = gdf.total_bounds
        assert 135_000 <= west < east <= 140_000 and 455_000 <= south < north <= 460_000


def test_the_licence_file_names_the_licence_the_sources_and_says_synthetic(client) -> None:
    text = client.get("/download/licentie/LICENTIE.txt").text
    assert "CC BY 4.0" in text and "SYNTHETISCHE GEGEVENS" in text
    assert "- puzzel/allocation.tif: novex puzzle run 'voorbeeld'" in text


@pytest.mark.parametrize(
    "url",
    [
        "/download/puzzel/manifest.json/../../stack/manifest.json",
        "/download/puzzel/..%2F..%2Fws%2Fworkspace.json",
        "/download/puzzel/%2e%2e%2fstack%2fmanifest.json",
        "/download/puzzel/..",
        "/download/..%2Fws/workspace.json",
        "/download/puzzel/allocation.tif.aux.xml",
        "/download/puzzel/spec.toml",
        "/download/stapelkaart/..%5C..%5Cws%5Cworkspace.json",
        "/download/gebieden/%2Fetc%2Fpasswd",
        "/download/licentie/..%2F..%2F..%2Fetc%2Fpasswd",
    ],
)
def test_no_path_outside_the_catalogue_is_served(client, url) -> None:
    r = client.get(url)
    assert r.status_code in (404, 422), (url, r.status_code)
    assert "root:" not in r.text and "novex-workspace" not in r.text
    assert "format_version" not in r.text


def test_a_symbolic_link_out_of_the_run_is_not_offered(sample, tmp_path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from novex.web.app import create_app
    from novex.web.config import WebConfig

    run = tmp_path / "run"
    shutil.copytree(sample.run, run)
    (run / "geheim.csv").symlink_to(sample.workspace / "workspace.json")
    app = create_app(WebConfig.from_paths(run=run, workspace=sample.workspace))
    with TestClient(app) as c:
        names = [f["name"] for f in c.get("/api/downloads").json()["files"]]
        assert "puzzel/claims.csv" in names and "puzzel/geheim.csv" not in names
        r = c.get("/download/puzzel/geheim.csv")
        assert r.status_code == 404 and "/api/downloads" in r.json()["detail"]


def test_reports_are_listed_per_province(client) -> None:
    reports = client.get("/api/reports").json()
    by_name = {r["name"]: r for r in reports}
    assert by_name["rapporten/arrangement_NL-UT.pdf"]["province"] == "NL-UT"
    assert by_name["rapporten/arrangement_NL-UT.pdf"]["title"] == "Ruimtelijk arrangement Utrecht"
    assert by_name["rapporten/nationaal.pdf"]["title"] == "Nationaal rapport"


def test_the_downloads_page_lists_the_files_and_says_synthetic(client) -> None:
    page = client.get("/downloads").text
    assert "synthetisch" in page and 'href="/download/puzzel/allocation.tif"' in page
    assert 'href="/download/licentie/LICENTIE.txt"' in page
    assert 'href="/downloads"' in client.get("/").text  # linked from the menu and the atlas


def test_outline_kinds_and_geojson_in_wgs84(client) -> None:
    from pyproj import Transformer

    kinds = client.get("/api/map/outlines").json()
    assert [k["kind"] for k in kinds] == ["provinces", "novex-gebieden", "woningbouwgebieden"]
    assert kinds[1]["title"] == "NOVEX-gebieden"
    nx = client.get("/api/map/outlines/novex-gebieden").json()
    assert [f["properties"]["code"] for f in nx["features"]] == ["NX07", "NX08"]
    assert nx["features"][0]["properties"]["name_nl"] == "Verstedelijkingsgebied Utrecht-Amersfoort"
    wb = client.get("/api/map/outlines/woningbouwgebieden").json()
    (feature,) = wb["features"]
    assert feature["properties"]["code"] == "WB10" and feature["properties"]["synthetic"]
    # the box's RD corners, reprojected by pyproj, are the GeoJSON's bounds
    t = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    west, south, east, north = t.transform_bounds(135_500, 457_000, 137_500, 459_500)
    bbox = feature["properties"]["bbox"]
    assert bbox == pytest.approx([west, south, east, north], abs=2e-5)
    lon, lat = feature["properties"]["label"]
    assert bbox[0] < lon < bbox[2] and bbox[1] < lat < bbox[3]


def test_an_unknown_outline_kind_is_404(client) -> None:
    r = client.get("/api/map/outlines/gemeenten")
    assert r.status_code == 404 and "novex-gebieden" in r.json()["detail"]


def test_scenarios_are_listed_with_their_layers(client) -> None:
    body = client.get("/api/scenarios").json()
    assert [s["id"] for s in body["scenarios"]] == ["2030", "2050"]
    s = body["scenarios"][0]
    assert s["variants"]["horizon"] == 2030 and s["synthetic"] is True
    assert s["title"] == "Scenario 2030: toewijzing" and len(s["legend"]) >= 3
    (d,) = body["differences"]
    assert (d["a"], d["b"]) == ("2030", "2050") and d["title"] == "2050 ten opzichte van 2030"
    from PIL import Image

    for layer in (s, d):
        url = layer["tiles"].format(z=12, x=2106, y=1350)
        r = client.get(url)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        img = Image.open(io.BytesIO(r.content)).convert("RGBA")  # palette PNGs too
        assert img.size == (256, 256) and img.getextrema()[3][1] > 0  # something drawn
    assert client.get("/tiles/scenario/s9/0/0/0.png").status_code == 404


def test_without_a_scenario_batch_the_list_is_empty(sample) -> None:
    from fastapi.testclient import TestClient

    from novex.web.app import create_app
    from novex.web.config import WebConfig

    app = create_app(WebConfig.from_paths(run=sample.run, workspace=sample.workspace))
    with TestClient(app) as c:
        assert c.get("/api/scenarios").json() == {
            "synthetic": False, "scenarios": [], "differences": [],
        }  # fmt: skip
        assert c.get("/api/reports").json() == []
        assert c.get("/download/rapporten/nationaal.pdf").status_code == 404
