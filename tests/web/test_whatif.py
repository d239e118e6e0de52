"""What-if: one province re-solved with a changed claim, as a draft; a full pool says 503."""

from __future__ import annotations

import pytest


def test_provincie_re_solves_its_province_with_a_bigger_claim(client, login) -> None:
    token = login(client, "ute")
    r = client.post("/api/whatif", json={"province": "NL-UT", "function": "wonen", "add_ha": 12.5},
                    headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["draft"] is True and body["saved"] is False and body["province"] == "NL-UT"
    wonen = next(c for c in body["claims"] if c["function"] == "wonen")
    assert wonen["demand_min"] == pytest.approx(25.0 + 12.5)
    assert wonen["allocated"] + wonen["shortfall"] == pytest.approx(37.5)
    assert body["dual_bound"] >= body["objective"] - 1e-6
    assert wonen["published_demand_min"] == pytest.approx(25.0)
    assert body["changed_ha"] is not None and body["changed_ha"] >= 0
    # nothing saved: the served run is unchanged
    run_claims = client.get("/api/run/claims", params={"province": "NL-UT"}).json()
    assert next(c for c in run_claims if c["function"] == "wonen")["demand_min"] == 25.0


@pytest.mark.parametrize(("user", "status"), [(None, 401), ("gert", 403), ("tom", 403)])
def test_what_if_needs_the_province_role(client, login, user, status) -> None:
    headers = {"X-CSRF-Token": login(client, user)} if user else {}
    r = client.post("/api/whatif", json={"province": "NL-UT", "function": "wonen", "add_ha": 1},
                    headers=headers)  # fmt: skip
    assert r.status_code == status


def test_what_if_bad_input_is_4xx(client, login) -> None:
    h = {"X-CSRF-Token": login(client, "rita")}
    r = client.post("/api/whatif", json={"province": "Atlantis", "function": "wonen", "add_ha": 1},
                    headers=h)  # fmt: skip
    assert r.status_code == 404 and "Atlantis" in r.json()["detail"]
    r = client.post("/api/whatif", json={"province": "NL-UT", "function": "wonen", "add_ha": -2e6},
                    headers=h)  # fmt: skip
    assert r.status_code == 422
    r = client.post("/api/whatif", json={"province": "NL-UT", "function": "vliegen", "add_ha": 5},
                    headers=h)  # fmt: skip
    assert r.status_code == 422 and "vliegen" in r.json()["detail"]
    r = client.post("/api/whatif", json={"province": "NL-UT", "add_ha": 5}, headers=h)
    assert r.status_code == 422 and "function" in r.json()["detail"]
    r = client.post("/api/whatif", json={"province": "NL-UT", "principles": {"geluk": False}},
                    headers=h)  # fmt: skip
    assert r.status_code == 422


def test_a_full_pool_answers_503_with_retry_after(client, app, login) -> None:
    pool = app.state.novex.whatif
    taken = 0
    while pool._slots.acquire(blocking=False):  # every worker and queue place taken
        taken += 1
    try:
        r = client.post("/api/whatif",
                        json={"province": "NL-UT", "function": "wonen", "add_ha": 1},
                        headers={"X-CSRF-Token": login(client, "ute")})  # fmt: skip
    finally:
        for _ in range(taken):
            pool._slots.release()
    assert taken == 2
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    assert "busy" in r.json()["detail"]


def _solve(client, token: str, **body) -> dict:
    r = client.post("/api/whatif", json={"province": "NL-UT", **body},
                    headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == 200, r.text
    return r.json()


def test_a_smaller_claim_and_an_unchanged_draft(client, login) -> None:
    token = login(client, "ute")
    less = _solve(client, token, function="wonen", add_ha=-10.0)
    wonen = next(c for c in less["claims"] if c["function"] == "wonen")
    assert wonen["demand_min"] == pytest.approx(15.0)
    # more taken away than claimed: the claim goes to zero, not below
    none = _solve(client, token, function="wonen", add_ha=-500.0)
    assert next(c for c in none["claims"] if c["function"] == "wonen")["demand_min"] == 0.0
    same = _solve(client, token)
    assert not any("rincipe" in n for n in same["notes"])  # nothing switched
    for c in same["claims"]:
        assert c["demand_min"] == pytest.approx(c["published_demand_min"])


def test_switching_a_principle_off_is_said_in_the_notes(client, login) -> None:
    token = login(client, "ute")
    base = _solve(client, token)
    on = [k for k, v in base["principles"].items() if v]
    assert on, "the sample spec switches some principle on"
    off = _solve(client, token, principles={on[0]: False}, lang="en")
    assert off["principles"][on[0]] is False
    assert any(f"Principle {on[0]} switched off." == n for n in off["notes"])
    nl = _solve(client, token, principles={on[0]: False})
    assert any("uitgezet" in n for n in nl["notes"])


def test_the_draft_map_is_served_as_tiles_to_its_maker_only(client, app, login) -> None:
    import io

    import morecantile
    import numpy as np
    from PIL import Image

    body = _solve(client, login(client, "ute"), function="wonen", add_ha=30.0)
    assert set(body["tiles"]) == {"allocation", "changes"}
    west, south, east, north = body["bounds"]
    t = morecantile.tms.get("WebMercatorQuad").tile((west + east) / 2, (south + north) / 2, 13)
    url = body["tiles"]["allocation"].format(z=t.z, x=t.x, y=t.y)
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    pixels = np.asarray(Image.open(io.BytesIO(r.content)).convert("RGBA"))
    assert (pixels[..., 3] > 0).any()  # the draft's types are drawn
    assert client.get(body["tiles"]["changes"].format(z=t.z, x=t.x, y=t.y)).status_code == 200
    login(client, "uwe")  # another planner of the same province: not their draft
    assert client.get(url).status_code == 404
    client.cookies.clear()  # nobody logged in
    assert client.get(url).status_code == 401


def test_prepare_assembles_a_province_ahead(client, app, login) -> None:
    token = login(client, "ute")
    r = client.post("/api/whatif/prepare", json={"province": "Utrecht"},
                    headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == 202 and r.json()["province"] == "NL-UT"
    r = client.post("/api/whatif/prepare", json={"province": "NL-GE"},
                    headers={"X-CSRF-Token": token})  # fmt: skip
    assert r.status_code == 403


def test_provinces_named_in_the_config_are_assembled_at_start(sample, seeded) -> None:
    from novex.web.app import create_app
    from novex.web.config import WebConfig

    app = create_app(WebConfig.from_paths(run=sample.run, stack=sample.stack,
                                          workspace=sample.workspace, db=seeded.url,
                                          spec=str(sample.spec),
                                          whatif_prepare=("NL-UT", "NL-GE", "NL-UT")))  # fmt: skip
    pool = app.state.novex.whatif
    pool._executor.submit(lambda: None).result(timeout=120)  # after the prepare
    assert sorted(key[0] for key in pool.solver._prepared) == ["NL-GE", "NL-UT"]
    pool.close()
