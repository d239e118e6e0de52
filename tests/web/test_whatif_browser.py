"""The what-if round trip in a real browser: change a claim and switch a principle, see
the draft's figures, claims table and map (Debian chromium through Playwright).

The server runs on 127.0.0.1 with the sample run, stapelkaart and a seeded dossier; the
page may make no request to another origin and log no console error.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from live_server import chromium_browser, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "utrecht-wachtwoord"  # ute's, as seeded in conftest.py


@pytest.fixture(scope="module")
def whatif_server(tmp_path_factory, sample, seeded_template):
    """A uvicorn server with the sample data on 127.0.0.1; yields its base URL."""
    from novex.web.app import create_app
    from novex.web.config import WebConfig

    src, _ = seeded_template
    db = tmp_path_factory.mktemp("web-whatif-browser") / "dossier.sqlite"
    shutil.copyfile(src, db)
    app = create_app(
        WebConfig.from_paths(run=sample.run, stack=sample.stack, workspace=sample.workspace,
                             db=f"sqlite:///{db}", spec=str(sample.spec))
    )  # fmt: skip
    with serve(app) as base:
        yield base


@pytest.fixture(scope="module")
def chromium():
    with chromium_browser() as b:
        yield b


def _wait(page, js: str, timeout: float = 60.0) -> None:
    """Poll ``js`` until true (wait_for_function would need eval, which the CSP forbids)."""
    end = time.monotonic() + timeout
    while not page.evaluate(js):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {js!r}")
        page.wait_for_timeout(100)


def test_a_draft_with_a_bigger_claim_and_a_principle_off_shows_its_map(
    chromium, whatif_server
) -> None:
    base = whatif_server
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    draft_tiles: list[int] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith((base + "/", "data:", "blob:"))
            else foreign.append(r.url))  # fmt: skip
    page.on(
        "response", lambda r: draft_tiles.append(r.status) if "/tiles/draft/" in r.url else None
    )
    try:
        page.goto(base + "/login")
        page.fill("#name", "ute")
        page.fill("#password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(base + "/portal")
        page.goto(base + "/")
        page.wait_for_selector("#map[data-ready='1']", timeout=30_000)
        page.select_option("#whatif-province", "NL-UT")  # starts assembling the province
        page.select_option("#whatif-function", "wonen")
        page.fill("#whatif-add", "12.5")
        page.select_option("#whatif-p-identiteit", "off")
        page.click("#whatif button[type=submit]")
        page.wait_for_selector("#whatif-table", timeout=120_000)
        result = page.inner_text("#whatif-result")
        assert "Concept, niet opgeslagen" in result
        assert "Principe identiteit uitgezet." in result
        assert "Tekort" in result and "Ander gebruik dan gepubliceerd" in result
        row = page.locator("#whatif-table tbody tr", has_text="wonen")
        assert "37,5" in row.inner_text()  # 25 ha + 12.5 ha, in Dutch figures
        # the draft's map is on the atlas and its tiles came from this server
        assert page.evaluate("!!window.novexMap.getLayer('draft-allocation')")
        assert page.evaluate("!!window.novexMap.getLayer('draft-changes')")
        # the draft's sources ask for their tiles after the layers are added: wait for them
        end = time.monotonic() + 60
        while not draft_tiles and time.monotonic() < end:
            page.wait_for_timeout(100)
        _wait(page, "window.novexMap.areTilesLoaded()")
        assert draft_tiles and all(s == 200 for s in draft_tiles)
        # kept only when saved: the button stores the draft as a run in the dossier
        page.click("#whatif-save")
        _wait(page, "document.getElementById('whatif-saved').textContent.includes('Map:')")
        saved = page.inner_text("#whatif-saved")
        assert saved.startswith("Opgeslagen in het dossier als run ") and "wat-als-NL-UT-" in saved
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            ".filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id)"
        )
        assert violations == []
        assert errors == [] and foreign == []
        folder = os.environ.get("NOVEX_WEB_SCREENSHOTS")
        if folder:  # the draft's figures beside its map
            page.locator("#whatif-table").scroll_into_view_if_needed()
            page.screenshot(path=str(Path(folder) / "atlas-whatif-draft.png"))
    finally:
        context.close()
