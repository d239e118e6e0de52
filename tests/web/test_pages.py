"""The HTML pages without a browser: forms, CSRF, roles, conflicts, escaping, languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[2] / "src" / "novex" / "web" / "templates"


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF token in the form"
    return m.group(1)


def _form_login(client, name: str, password: str):
    token = _csrf(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "csrf_token": token},
                       follow_redirects=False)  # fmt: skip


def test_every_template_message_has_dutch() -> None:
    from novex.text.catalog import NL_MESSAGES

    missing = set()
    for path in TEMPLATES.glob("*.html"):
        for m in re.findall(r"""_\(\s*(["'])(.*?)\1\s*\)""", path.read_text()):
            if m[1] not in NL_MESSAGES:
                missing.add((path.name, m[1]))
    assert not missing


def test_atlas_page_in_dutch_and_english_says_synthetic(client) -> None:
    nl = client.get("/")
    assert nl.status_code == 200 and '<html lang="nl">' in nl.text
    assert "Synthetische gegevens." in nl.text and "Claims per provincie" in nl.text
    en = client.get("/?lang=en")
    assert '<html lang="en">' in en.text and "Synthetic data." in en.text
    assert "novex_lang=en" in en.headers["set-cookie"]
    assert "<script>" not in nl.text.replace('<script src="', "")  # no inline script


def test_login_form_needs_the_csrf_token(client) -> None:
    client.get("/login")
    r = client.post("/login", data={"name": "ute", "password": "utrecht-wachtwoord"})
    assert r.status_code == 403 and "security token" in r.text


def test_form_login_and_portal(client) -> None:
    assert client.get("/portal", follow_redirects=False).headers["location"] == "/login"
    r = _form_login(client, "ute", "fout-wachtwoord")
    assert r.status_code == 403 and "U mag dit niet doen" in r.text
    r = _form_login(client, "ute", "utrecht-wachtwoord")
    assert r.status_code == 303 and r.headers["location"] == "/portal"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/portal").text
    assert "Verkenning knooppunt Amersfoort" in page and "Arrangement NL-UT" in page


def test_gelderland_sees_no_utrecht_action(client) -> None:
    _form_login(client, "gert", "gelderland-wachtwoord")
    assert "Verkenning knooppunt Amersfoort" not in client.get("/portal").text


def test_edit_an_action_and_a_stale_save_is_409(client, app, seeded) -> None:
    from fastapi.testclient import TestClient

    _form_login(client, "ute", "utrecht-wachtwoord")
    url = f"/portal/action/{seeded.action_id}"
    form = client.get(url).text
    data = {"version": "1", "title": "Verkenning knooppunt Amersfoort", "owner": "gemeente",
            "status": "lopend", "deadline": "2026-06-30", "csrf_token": _csrf(form)}  # fmt: skip
    with TestClient(app) as other:
        _form_login(other, "uwe", "utrecht-wachtwoord")
        token = _csrf(other.get(url).text)
        r = other.post(url, data={**data, "owner": "Rijkswaterstaat", "csrf_token": token},
                       follow_redirects=False)  # fmt: skip
        assert r.status_code == 303
    r = client.post(url, data=data)
    assert r.status_code == 409
    assert (
        "Iemand anders heeft dit gegeven eerder opgeslagen" in r.text and "&#39;uwe&#39;" in r.text
    )
    assert 'value="Rijkswaterstaat"' in r.text  # the form shows the current version
    history = client.get(f"/portal/history/action/{seeded.action_id}").text
    assert "uwe" in history and "Rijkswaterstaat" in history


def test_edit_without_csrf_or_role_writes_nothing(client, seeded) -> None:
    url = f"/portal/action/{seeded.action_id}"
    data = {"version": "1", "title": "x", "owner": "y", "status": "lopend",
            "deadline": "2026-06-30"}  # fmt: skip
    _form_login(client, "ute", "utrecht-wachtwoord")
    assert client.post(url, data=data).status_code == 403
    client.post("/logout", data={"csrf_token": _csrf(client.get("/portal").text)})
    _form_login(client, "gert", "gelderland-wachtwoord")
    r = client.post(url, data={**data, "csrf_token": _csrf(client.get("/portal").text)})
    assert r.status_code == 403


def test_arrangement_status_compare_and_history(client, seeded) -> None:
    _form_login(client, "ute", "utrecht-wachtwoord")
    url = f"/portal/arrangement/{seeded.arrangement_id}"
    page = client.get(url).text
    r = client.post(url + "/status",
                    data={"version": "1", "status": "in_overleg", "csrf_token": _csrf(page)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    page = client.get(url, params={"a": 1, "b": 2}).text
    assert "Wat is er veranderd" in page and "in_overleg" in page
    stale = client.post(url + "/status",
                        data={"version": "1", "status": "vastgesteld", "csrf_token": _csrf(page)})  # fmt: skip
    assert stale.status_code == 409


def test_zienswijze_form_stores_and_escapes(client, login) -> None:
    form = client.get("/zienswijze").text
    text = "<script>alert(1)</script> & meer groen"
    r = client.post("/zienswijze", data={"text": text, "submitter_category": "inwoner",
                                         "csrf_token": _csrf(form)})  # fmt: skip
    assert r.status_code == 201
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer groen" in r.text
    assert "<script>alert" not in r.text
    login(client, "rita")
    listing = client.get("/portal/zienswijzen").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing and "<script>alert" not in listing


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": "x" * 10_001, "submitter_category": "inwoner"}, 422, "10001"),
        ({"text": "iets", "submitter_category": "koning"}, 422, "koning"),
    ],
)
def test_zienswijze_form_refuses_bad_input(client, login, data, status, message) -> None:
    form = client.get("/zienswijze").text
    r = client.post("/zienswijze", data={**data, "csrf_token": _csrf(form)})
    assert r.status_code == status and message in r.text
    login(client, "rita")
    assert client.get("/api/zienswijzen").json() == []


def test_zienswijze_form_without_csrf_is_refused(client) -> None:
    client.get("/zienswijze")
    r = client.post("/zienswijze", data={"text": "iets", "submitter_category": "inwoner"})
    assert r.status_code == 403
