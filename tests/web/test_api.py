"""The JSON API: every endpoint, the roles (401/403), the stale edit (409), bad input (4xx)."""

from __future__ import annotations

import pytest


def test_health_says_what_is_served(client) -> None:
    body = client.get("/api/health").json()
    assert body == {"status": "ok", "run": True, "stack": True, "dossier": True, "synthetic": True}


def test_reference_lists_the_21_interests_provinces_and_areas(client) -> None:
    interests = client.get("/api/reference/interests").json()
    assert [i["number"] for i in interests] == list(range(1, 22))
    assert {p["code"] for p in client.get("/api/reference/provinces").json()} >= {"NL-UT", "NL-GE"}
    areas = client.get("/api/reference/areas").json()
    assert len(areas) == 16 and areas[6]["code"] == "NX07"


def test_map_lists_layers_with_legends_and_tile_urls(client) -> None:
    body = client.get("/api/map", params={"lang": "en"}).json()
    keys = [layer["key"] for layer in body["layers"]]
    assert keys[:2] == ["allocation", "overlap"]
    assert "interest-5" in keys  # wonen in the sample stapelkaart
    alloc = body["layers"][0]
    assert alloc["title"] == "Allocation"
    assert len(alloc["legend"]) >= 3
    assert alloc["tiles"] == "/tiles/allocation/{z}/{x}/{y}.png"
    west, south, east, north = body["bounds"]
    assert 5.0 < west < east < 5.3 and 52.0 < south < north < 52.2
    assert body["synthetic"] is True
    nl = client.get("/api/map").json()
    assert nl["layers"][0]["title"] == "Toewijzing"


def test_a_cell_tells_province_interests_allocation_and_price(client) -> None:
    west, _south, _east, north = client.get("/api/map").json()["bounds"]
    # the upper-left corner cell: Utrecht, claimed for wonen, allocated to wonen
    cell = client.get("/api/map/cell", params={"lon": west + 0.002, "lat": north - 0.002}).json()
    assert cell["province"] == {"code": "NL-UT", "name": "Utrecht"}
    assert [i["number"] for i in cell["interests"]] == [5]
    assert cell["overlap"] == 1
    assert cell["allocation"]["type"] == "wonen"
    claim = cell["allocation"]["claims"][0]
    run_claims = client.get("/api/run/claims", params={"province": "NL-UT"}).json()
    wonen = next(c for c in run_claims if c["function"] == "wonen")
    assert claim["function"] == "wonen" and claim["price"] == pytest.approx(wonen["price"])


def test_a_point_outside_the_grid_is_404_with_the_reason(client) -> None:
    r = client.get("/api/map/cell", params={"lon": 4.0, "lat": 51.0})
    assert r.status_code == 404
    assert "outside the map's grid" in r.json()["detail"]


def test_province_outlines_are_geojson_with_labels(client) -> None:
    gj = client.get("/api/map/outlines/provinces").json()
    assert gj["type"] == "FeatureCollection"
    codes = {f["properties"]["code"] for f in gj["features"]}
    assert codes == {"NL-UT", "NL-GE"}
    assert all(len(f["properties"]["label"]) == 2 for f in gj["features"])


def test_stack_figures_per_province_and_unknown_region(client) -> None:
    ut = client.get("/api/stack", params={"region": "NL-UT"}).json()
    assert ut["name"] == "Utrecht" and ut["area_ha"] == pytest.approx(1250.0)
    assert client.get("/api/stack").json()["area_ha"] == pytest.approx(2500.0)
    r = client.get("/api/stack", params={"region": "Atlantis"})
    assert r.status_code == 404 and "Atlantis" in r.json()["detail"]


def test_run_summary_and_claims_table(client) -> None:
    run = client.get("/api/run").json()
    assert run["synthetic"] is True
    assert {p["code"] for p in run["provinces"]} == {"NL-UT", "NL-GE"}
    claims = client.get("/api/run/claims").json()
    assert {(c["province"], c["function"]) for c in claims} >= {("NL-UT", "wonen")}
    for c in claims:
        assert c["allocated"] + c["shortfall"] == pytest.approx(c["demand_min"])


def test_unknown_province_in_claims_is_404(client) -> None:
    r = client.get("/api/run/claims", params={"province": "NL-XX"})
    assert r.status_code == 404
    assert "NL-XX" in r.json()["detail"]


def test_tiles_are_png_and_cached(client, app) -> None:
    r = client.get("/tiles/overlap/14/8426/5405.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    client.get("/tiles/overlap/14/8426/5405.png")
    assert app.state.novex.atlas.tiles.hits >= 1


def test_tile_shows_the_allocation_colours(client, sample) -> None:
    import io

    import morecantile
    import numpy as np
    from PIL import Image

    from novex.results import open_run

    west, _south, _east, north = client.get("/api/map").json()["bounds"]
    t = morecantile.tms.get("WebMercatorQuad").tile(west + 0.002, north - 0.002, 14)
    png = client.get(f"/tiles/allocation/{t.z}/{t.x}/{t.y}.png").content
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).reshape(-1, 4)
    colours = {tuple(p) for p in pixels if p[3] > 0}
    wonen = next(c for c in open_run(sample.run).categories if c.id == "wonen")
    assert (*wonen.colour[:3], 210) in colours
    assert any(p[3] == 0 for p in pixels)  # outside the grid: transparent


def test_unknown_tile_layer_and_bad_index_are_404(client) -> None:
    assert client.get("/tiles/nothing/3/1/1.png").status_code == 404
    r = client.get("/tiles/overlap/3/9/1.png")
    assert r.status_code == 404 and "outside the WebMercatorQuad" in r.json()["detail"]


# -- sessions and roles ------------------------------------------------------------------


def test_login_sets_a_safe_cookie_and_wrong_password_is_403(client) -> None:
    r = client.post("/api/session", json={"name": "ute", "password": "utrecht-wachtwoord"})
    assert r.status_code == 200 and r.json()["role"] == "provincie:NL-UT"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    assert client.get("/api/session").json()["name"] == "ute"
    bad = client.post("/api/session", json={"name": "ute", "password": "fout-wachtwoord"})
    assert bad.status_code == 403


def test_logout_needs_the_csrf_token(login, client) -> None:
    token = login(client, "ute")
    assert client.delete("/api/session").status_code == 403
    assert client.delete("/api/session", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/session").json()["role"] == "publiek"


def test_write_without_login_is_401(client, seeded) -> None:
    r = client.patch(f"/api/dossier/action/{seeded.action_id}",
                     json={"version": 1, "changes": {"status": "lopend"}})  # fmt: skip
    assert r.status_code == 401
    assert "logged-in user" in r.json()["detail"]


def test_write_without_csrf_token_is_403_and_writes_nothing(login, client, seeded) -> None:
    login(client, "ute")
    r = client.patch(f"/api/dossier/action/{seeded.action_id}",
                     json={"version": 1, "changes": {"status": "lopend"}})  # fmt: skip
    assert r.status_code == 403 and "security token" in r.json()["detail"]
    assert client.get(f"/api/dossier/action/{seeded.action_id}").json()["version"] == 1


@pytest.mark.parametrize(
    ("user", "status"),
    [("ute", 200), ("tom", 200), ("rita", 200), ("gert", 403)],
)
def test_edit_an_action_per_role(login, client, seeded, user, status) -> None:
    token = login(client, user)
    url = f"/api/dossier/action/{seeded.action_id}"
    r = client.patch(url, json={"version": 1, "changes": {"status": "lopend"}},
                     headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == status, r.text
    if status == 403:
        assert "may not" in r.json()["detail"]
        login(client, "rita")
        assert client.get(url).json()["status"] == "gepland"  # nothing written
    else:
        assert r.json()["status"] == "lopend" and r.json()["version"] == 2


def test_a_stale_edit_is_409_naming_who_changed_what(login, client, seeded) -> None:
    from fastapi.testclient import TestClient

    url = f"/api/dossier/action/{seeded.action_id}"
    token_ute = login(client, "ute")
    with TestClient(client.app) as other:
        token_uwe = login(other, "uwe")
        first = other.patch(url, json={"version": 1, "changes": {"owner": "gemeente Amersfoort"}},
                            headers={"X-CSRF-Token": token_uwe})  # fmt: skip
        assert first.status_code == 200
    r = client.patch(url, json={"version": 1, "changes": {"status": "gereed"}},
                     headers={"X-CSRF-Token": token_ute})  # fmt: skip
    assert r.status_code == 409
    detail = r.json()["detail"]
    assert "'uwe'" in detail and "owner" in detail
    assert client.get(url).json()["status"] == "gepland"


def test_malformed_edit_bodies_are_422_and_write_nothing(login, client, seeded) -> None:
    token = login(client, "ute")
    url = f"/api/dossier/action/{seeded.action_id}"
    h = {"X-CSRF-Token": token}
    assert (
        client.patch(
            url, content=b"{not json", headers={**h, "content-type": "application/json"}
        ).status_code
        == 422
    )
    assert client.patch(url, json={"changes": {"status": "x"}}, headers=h).status_code == 422
    r = client.patch(url, json={"version": 1, "changes": {"status": "klaar"}}, headers=h)
    assert r.status_code == 422 and "klaar" in r.json()["detail"]
    r = client.patch(url, json={"version": 1, "changes": {"id": 9}}, headers=h)
    assert r.status_code == 422
    assert client.get(url).json()["version"] == 1


def test_reading_records_per_role(login, client, seeded) -> None:
    assert client.get("/api/dossier/action").json() == []  # publiek: unpublished action hidden
    assert client.get(f"/api/dossier/action/{seeded.action_id}").status_code == 403
    login(client, "gert")
    assert client.get("/api/dossier/action").json() == []
    login(client, "ute")
    rows = client.get("/api/dossier/action").json()
    assert [a["title"] for a in rows] == ["Verkenning knooppunt Amersfoort"]
    login(client, "rita")
    users = client.get("/api/dossier/user").json()
    assert users and all("password_hash" not in u for u in users)
    assert client.get("/api/dossier/nothing").status_code == 422
    assert client.get("/api/dossier/action/999").status_code == 404


def test_arrangement_show_status_diff_and_conflict(login, client, seeded) -> None:
    token = login(client, "ute")
    h = {"X-CSRF-Token": token}
    aid = seeded.arrangement_id
    arr = client.get(f"/api/dossier/arrangement/{aid}/show").json()
    assert arr["status"] == "concept" and arr["province"] == "NL-UT"
    r = client.post(f"/api/dossier/arrangement/{aid}/status",
                    json={"version": arr["version"], "status": "in_overleg"}, headers=h)  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "in_overleg"
    stale = client.post(f"/api/dossier/arrangement/{aid}/status",
                        json={"version": arr["version"], "status": "vastgesteld"}, headers=h)  # fmt: skip
    assert stale.status_code == 409
    diff = client.get(f"/api/dossier/arrangement/{aid}/diff", params={"a": 1, "b": 2}).json()
    assert diff["status"] == ["concept", "in_overleg"]
    login(client, "gert")
    h = {"X-CSRF-Token": login(client, "gert")}
    r = client.post(f"/api/dossier/arrangement/{aid}/status",
                    json={"version": 2, "status": "vastgesteld"}, headers=h)  # fmt: skip
    assert r.status_code == 403


def test_audit_history_per_role(login, client, seeded) -> None:
    assert client.get("/api/dossier/audit").status_code == 401
    login(client, "ute")
    assert client.get("/api/dossier/audit").status_code == 403  # the whole log: rijk only
    rows = client.get("/api/dossier/audit",
                      params={"kind": "action", "record_id": seeded.action_id}).json()  # fmt: skip
    assert [e["action"] for e in rows] == ["create"]
    login(client, "rita")
    assert len(client.get("/api/dossier/audit").json()) > 5


# -- zienswijzen ---------------------------------------------------------------------------


def test_a_zienswijze_is_stored_as_text(login, client) -> None:
    text = "<script>alert('x')</script> Meer groen in het Groene Hart."
    r = client.post("/api/zienswijzen", json={"text": text, "submitter_category": "inwoner"})
    assert r.status_code == 201 and r.json()["text"] == text
    assert client.get("/api/zienswijzen").json() == []  # not published: publiek sees none
    login(client, "rita")
    assert [z["text"] for z in client.get("/api/zienswijzen").json()] == [text]


def test_oversized_or_invalid_zienswijze_is_422_and_nothing_is_stored(login, client) -> None:
    r = client.post(
        "/api/zienswijzen", json={"text": "x" * 10_001, "submitter_category": "inwoner"}
    )
    assert r.status_code == 422
    r = client.post("/api/zienswijzen", json={"text": "iets", "submitter_category": "koning"})
    assert r.status_code == 422 and "koning" in r.json()["detail"]
    r = client.post("/api/zienswijzen", json={"text": "   ", "submitter_category": "inwoner"})
    assert r.status_code == 422
    login(client, "rita")
    assert client.get("/api/zienswijzen").json() == []


def test_zienswijzen_are_rate_limited_per_client(client) -> None:
    body = {"text": "Een zienswijze.", "submitter_category": "inwoner"}
    codes = [client.post("/api/zienswijzen", json=body).status_code for _ in range(6)]
    assert codes == [201] * 5 + [429]


def test_no_zienswijze_when_the_consultation_is_closed(sample, seeded) -> None:
    from fastapi.testclient import TestClient

    from novex.web.app import create_app
    from novex.web.config import WebConfig

    app = create_app(WebConfig.from_paths(run=sample.run, db=seeded.url, consultation="closed"))
    with TestClient(app) as c:
        r = c.post("/api/zienswijzen", json={"text": "Te laat.", "submitter_category": "inwoner"})
    assert r.status_code == 403 and "No consultation" in r.json()["detail"]


# -- security ------------------------------------------------------------------------------


def test_security_headers_on_every_response(client) -> None:
    for url in ("/", "/api/health", "/static/novex.css", "/api/nothing"):
        h = client.get(url).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "unsafe" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_an_unexpected_error_gives_no_trace(app, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(app.state.novex.atlas, "bounds_wgs84", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/api/map")
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text


def test_openapi_document_lists_the_api(client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for p in ("/api/map", "/api/map/cell", "/api/run/claims", "/api/zienswijzen",
              "/api/dossier/{kind}/{record_id}", "/tiles/{layer}/{z}/{x}/{y}.png"):  # fmt: skip
        assert p in paths


def test_anonymous_sessions_are_bounded() -> None:
    from starlette.requests import Request
    from starlette.responses import Response

    from novex.web.auth import SessionStore

    store = SessionStore(max_sessions=50)
    for _ in range(200):
        store.ensure(Request({"type": "http", "headers": []}), Response())
    assert len(store._sessions) <= 50
