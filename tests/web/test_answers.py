"""Answering zienswijzen in the portal, and the report links on the portal pages."""

from __future__ import annotations

import re


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the form"
    return m.group(1)


def _version(html: str) -> int:
    m = re.search(r'name="version" value="(\d+)"', html)
    assert m, "no version in the form"
    return int(m.group(1))


def _submit(client) -> int:
    r = client.post("/api/zienswijzen", json={"text": "Meer groen <b>rond</b> Amersfoort.",
                                              "submitter_category": "inwoner"})  # fmt: skip
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_rijk_answers_a_zienswijze_in_the_portal(client, login) -> None:
    zid = _submit(client)
    login(client, "rita")
    listing = client.get("/portal/zienswijzen").text
    assert f'href="/portal/zienswijze/{zid}"' in listing and "Antwoord" in listing
    page = client.get(f"/portal/zienswijze/{zid}").text
    assert "Meer groen &lt;b&gt;rond&lt;/b&gt; Amersfoort." in page  # shown as text
    answer = "Dank voor uw zienswijze; het groen rond Amersfoort staat in het arrangement."
    r = client.post(
        f"/portal/zienswijze/{zid}",
        data={"csrf_token": _csrf(page), "version": _version(page), "status": "beantwoord",
              "answer": answer},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303
    after = client.get(r.headers["location"]).text
    assert "Opgeslagen." in after and answer in after
    (row,) = [z for z in client.get("/api/zienswijzen").json() if z["id"] == zid]
    assert row["status"] == "beantwoord" and row["answer"] == answer
    history = client.get(f"/portal/history/zienswijze/{zid}").text
    assert "rita" in history


def test_a_stale_answer_is_409_and_shows_the_current_one(client, login) -> None:
    zid = _submit(client)
    login(client, "rita")
    page = client.get(f"/portal/zienswijze/{zid}").text
    token, version = _csrf(page), _version(page)
    first = {"csrf_token": token, "version": version, "status": "in_behandeling", "answer": "A"}
    assert (
        client.post(f"/portal/zienswijze/{zid}", data=first, follow_redirects=False).status_code
        == 303
    )
    stale = {"csrf_token": token, "version": version, "status": "beantwoord", "answer": "B"}
    r = client.post(f"/portal/zienswijze/{zid}", data=stale)
    assert r.status_code == 409
    assert "Iemand anders heeft dit gegeven eerder opgeslagen" in r.text
    assert "Uw antwoord is niet opgeslagen" in r.text
    (row,) = [z for z in client.get("/api/zienswijzen").json() if z["id"] == zid]
    assert row["answer"] == "A" and row["status"] == "in_behandeling"


def test_a_province_may_not_answer_and_nothing_is_written(client, login) -> None:
    zid = _submit(client)
    login(client, "rita")
    rijk_page = client.get(f"/portal/zienswijze/{zid}").text
    version = _version(rijk_page)
    client.delete("/api/session", headers={"X-CSRF-Token": _csrf(rijk_page)})
    login(client, "ute")
    page = client.get(f"/portal/zienswijze/{zid}")
    assert page.status_code == 403  # not published: a province cannot read it either
    token = _csrf(client.get("/portal").text)
    r = client.post(f"/portal/zienswijze/{zid}", data={"csrf_token": token, "version": version,
                                                       "status": "beantwoord", "answer": "x"})  # fmt: skip
    assert r.status_code == 403 and "U mag dit niet doen" in r.text


def test_an_answer_without_the_csrf_token_is_403(client, login) -> None:
    zid = _submit(client)
    login(client, "rita")
    page = client.get(f"/portal/zienswijze/{zid}").text
    r = client.post(f"/portal/zienswijze/{zid}",
                    data={"version": _version(page), "status": "beantwoord", "answer": "x"})  # fmt: skip
    assert r.status_code == 403
    (row,) = [z for z in client.get("/api/zienswijzen").json() if z["id"] == zid]
    assert row["status"] == "ontvangen" and row["answer"] == ""


def test_answer_pages_need_a_login_and_an_unknown_one_is_404(client, login) -> None:
    r = client.get("/portal/zienswijze/1", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login"
    login(client, "rita")
    assert client.get("/portal/zienswijze/9999").status_code == 404


def test_the_portal_links_the_reports(client, login, seeded) -> None:
    login(client, "ute")
    portal = client.get("/portal").text
    assert 'href="/download/rapporten/arrangement_NL-UT.pdf"' in portal
    assert 'href="/download/rapporten/nationaal.pdf"' in portal
    arr = client.get(f"/portal/arrangement/{seeded.arrangement_id}").text
    assert 'id="report-link" href="/download/rapporten/arrangement_NL-UT.pdf"' in arr
    assert client.get("/download/rapporten/arrangement_NL-UT.pdf").headers["content-type"] == (
        "application/pdf"
    )
