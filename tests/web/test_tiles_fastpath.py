"""The fast path: rendered tiles and fixed JSON answers from memory, with every header."""

from __future__ import annotations


def _fastpath(app):
    from novex.web.fastpath import FastPath

    stack = app.middleware_stack
    while stack is not None and not isinstance(stack, FastPath):
        stack = getattr(stack, "app", None)
    assert stack is not None, "FastPath is in the app's middleware"
    return stack


def test_a_second_ask_is_answered_from_memory_with_the_same_bytes_and_headers(client, app) -> None:
    first = client.get("/api/run/claims", params={"province": "NL-UT"})
    fp = _fastpath(app)
    hits = fp.hits
    second = client.get("/api/run/claims", params={"province": "NL-UT"})
    assert fp.hits == hits + 1
    assert second.status_code == 200 and second.content == first.content
    assert second.headers["content-type"] == "application/json"
    assert "default-src 'self'" in second.headers["content-security-policy"]
    # another query is another answer
    other = client.get("/api/run/claims", params={"province": "NL-GE"})
    assert other.json() != first.json()


def test_a_rendered_tile_comes_from_memory_with_its_etag(client, app) -> None:
    url = "/tiles/overlap/14/8426/5405.png"
    first = client.get(url)
    fp = _fastpath(app)
    tiles = app.state.novex.atlas.tiles
    misses = tiles.misses
    second = client.get(url)
    assert tiles.misses == misses  # not rendered again
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["x-frame-options"] == "DENY"
    assert client.get(url, headers={"If-None-Match": first.headers["etag"]}).status_code == 304
    assert fp is not None


def test_errors_and_the_dossier_are_not_kept(client, app, login) -> None:
    fp = _fastpath(app)
    for _ in range(2):
        r = client.get("/api/run/claims", params={"province": "NL-XX"})
        assert r.status_code == 404
    assert not any("NL-XX" in k for k in fp._answers)
    token = login(client, "rita")
    assert token
    client.get("/api/dossier/action")
    assert not any(k.startswith("/api/dossier") for k in fp._answers)
    assert client.get("/tiles/nothing/3/1/1.png").status_code == 404
