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
    r = client.post("/api/whatif", json={"province": "NL-UT", "function": "wonen", "add_ha": -1},
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
