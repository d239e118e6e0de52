"""The atlas and the portal in a real browser (Debian chromium through Playwright).

The server runs on 127.0.0.1 on a free port with the sample run, stapelkaart and a seeded
dossier; every test checks that the page made no request to another origin.
``NOVEX_WEB_SCREENSHOTS=docs/img`` keeps the screenshots there.
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


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample, seeded_template):
    """A uvicorn server with the sample data on 127.0.0.1; yields its base URL."""
    from novex.web.app import create_app
    from novex.web.config import WebConfig

    src, _ = seeded_template
    db = tmp_path_factory.mktemp("web-browser") / "dossier.sqlite"
    shutil.copyfile(src, db)
    app = create_app(
        WebConfig.from_paths(
            run=sample.run,
            stack=sample.stack,
            workspace=sample.workspace,
            db=f"sqlite:///{db}",
            spec=str(sample.spec),
            reports=sample.reports,
            scenarios=sample.scenarios,
        )
    )
    with serve(app) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with chromium_browser() as b:
        yield b


class Watch:
    """The console errors and the requests to other origins of one page."""

    def __init__(self, page, base: str) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        page.on(
            "response",
            lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith((base + "/", "data:", "blob:"))
                else self.foreign.append(r.url)
            ),
        )


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.watch = Watch(pg, server)
    yield pg
    context.close()


def _shot(page, name: str) -> None:
    folder = os.environ.get("NOVEX_WEB_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def _axe(page) -> list[dict]:
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a script tag: the CSP forbids inline
    result = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})); }"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def _wait(page, js: str, timeout: float = 30.0) -> None:
    """Poll ``js`` until true (wait_for_function would need eval, which the CSP forbids)."""
    end = time.monotonic() + timeout
    while not page.evaluate(js):
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {js!r}")
        page.wait_for_timeout(100)


def _open_atlas(page, server: str, query: str = "") -> None:
    page.goto(f"{server}/{query}")
    page.wait_for_selector("#map[data-ready='1']", timeout=30_000)
    page.wait_for_selector("#layer-list input", timeout=30_000)
    _wait(page, "!!(window.novexMap && window.novexMap.areTilesLoaded())")


def _click_lonlat(page, lon: float, lat: float) -> None:
    px = page.evaluate("([lon, lat]) => { const p = window.novexMap.project([lon, lat]);"
                       " return [p.x, p.y]; }", [lon, lat])  # fmt: skip
    box = page.locator("#map canvas").bounding_box()
    page.mouse.click(box["x"] + px[0], box["y"] + px[1])


def test_atlas_loads_toggles_layers_and_tells_a_cell(page, server) -> None:
    _open_atlas(page, server)
    assert "Synthetische gegevens" in page.inner_text(".synthetic")
    # layers toggle
    box = page.locator("input[data-layer='interest-5']")
    assert not box.is_checked()
    box.check()
    assert (
        page.evaluate("window.novexMap.getLayoutProperty('interest-5', 'visibility')") == "visible"
    )
    box.uncheck()
    assert page.evaluate("window.novexMap.getLayoutProperty('interest-5', 'visibility')") == "none"
    # a cell click: the upper-left cell is Utrecht, wonen claimed and allocated
    bounds = page.evaluate("fetch('/api/map').then(r => r.json()).then(b => b.bounds)")
    _click_lonlat(page, bounds[0] + 0.002, bounds[3] - 0.002)
    page.wait_for_selector("#cell dl", timeout=10_000)
    cell = page.inner_text("#cell")
    assert "Utrecht" in cell and "woningvoorraad" in cell and "Wonen" in cell
    page.locator("input[data-layer='allocation']").check()
    _wait(page, "!window.novexMap.isMoving() && window.novexMap.areTilesLoaded()")
    page.wait_for_timeout(300)
    _shot(page, "atlas.png")
    # a province's allocation
    page.select_option("#province", "NL-GE")
    assert page.locator("input[data-layer='allocation']").is_checked()
    assert (
        page.evaluate("window.novexMap.getLayoutProperty('allocation', 'visibility')") == "visible"
    )
    rows = page.locator("#claims-table tbody tr:not(.hidden)")
    assert rows.count() >= 1 and all(
        "Gelderland" in rows.nth(i).inner_text() for i in range(rows.count())
    )
    page.wait_for_timeout(600)  # the zoom to the province is animated
    _wait(page, "!window.novexMap.isMoving() && window.novexMap.areTilesLoaded()")
    _shot(page, "atlas-province.png")
    assert page.watch.errors == [], page.watch.failed
    assert page.watch.foreign == []


def test_atlas_in_english(page, server) -> None:
    _open_atlas(page, server, "?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Synthetic data" in page.inner_text(".synthetic")
    assert page.locator("label[for='layer-allocation']").inner_text() == "Allocation"
    assert page.watch.errors == [] and page.watch.foreign == []


def test_pages_pass_axe(page, server) -> None:
    _open_atlas(page, server)
    assert _axe(page) == []
    for url in ("/login", "/zienswijze"):
        page.goto(server + url)
        assert _axe(page) == [], url
    _login(page, server, "ute")
    assert _axe(page) == []
    page.click("td a[href^='/portal/action/']")
    page.wait_for_selector("#owner")
    assert _axe(page) == []
    assert page.watch.foreign == []


PASSWORDS = {"ute": "utrecht-wachtwoord", "uwe": "utrecht-wachtwoord"}


def _login(page, server: str, name: str) -> None:
    page.goto(server + "/login")
    page.fill("#name", name)
    page.fill("#password", PASSWORDS[name])
    page.click("main button[type=submit]")
    page.wait_for_url(server + "/portal")


def test_provincie_user_edits_an_action_and_a_stale_save_shows_the_conflict(
    browser, server
) -> None:
    a = browser.new_context().new_page()
    b = browser.new_context().new_page()
    _login(a, server, "ute")
    _login(b, server, "uwe")
    a.click("td a[href^='/portal/action/']")
    b.click("td a[href^='/portal/action/']")
    b.wait_for_selector("#owner")
    a.fill("#owner", "gemeente Amersfoort")
    a.select_option("#status", "lopend")
    a.click("button:has-text('Opslaan')")
    assert "Opgeslagen" in a.inner_text("main")
    assert a.input_value("#owner") == "gemeente Amersfoort"
    _shot(a, "portal-action.png")
    b.select_option("#status", "gereed")
    b.click("button:has-text('Opslaan')")
    conflict = b.inner_text("#conflict")
    assert "Iemand anders heeft dit gegeven eerder opgeslagen" in conflict
    assert "'ute'" in conflict
    assert b.input_value("#owner") == "gemeente Amersfoort"  # the form shows the current version
    _shot(b, "portal-conflict.png")
    a.goto(server + "/portal")
    _shot(a, "portal.png")


def test_a_zienswijze_with_script_is_shown_as_text(page, server) -> None:
    page.goto(server + "/zienswijze")
    text = "<script>document.title='hacked'</script><b>vet</b> Meer groen!"
    page.fill("#text", text)
    page.click("button:has-text('Versturen')")
    stored = page.locator("#stored-text")
    assert stored.inner_text() == text
    assert page.locator("#stored-text script, #stored-text b").count() == 0
    assert page.title() != "hacked"
    _shot(page, "zienswijze.png")
    assert page.watch.errors == [] and page.watch.foreign == []


def test_what_if_round_trip_in_the_atlas(page, server) -> None:
    _login(page, server, "ute")
    _open_atlas(page, server)
    page.select_option("#whatif-province", "NL-UT")
    page.select_option("#whatif-function", "wonen")
    page.fill("#whatif-add", "12.5")
    page.click("#whatif button[type=submit]")
    page.wait_for_selector("#whatif-table", timeout=120_000)
    row = page.locator("#whatif-table tbody tr", has_text="wonen")
    assert "37,5" in row.inner_text()  # 25 ha + 12.5 ha, in Dutch figures
    assert "Concept, niet opgeslagen" in page.inner_text("#whatif-result")
    assert _axe(page) == []
    _shot(page, "atlas-whatif.png")
    assert page.watch.errors == [] and page.watch.foreign == []


# -- open data, outlines, scenarios, answering zienswijzen -----------------------------


def test_outlines_toggle_and_the_download_panel_downloads(page, server) -> None:
    import hashlib

    _open_atlas(page, server)
    page.wait_for_selector("#outline-list[data-ready='1'] input[data-outline='novex-gebieden']")
    prov = page.locator("input[data-outline='provinces']")
    assert prov.is_checked()
    # NOVEX-gebieden on: the line layer and its two labels; off again: gone
    page.locator("input[data-outline='novex-gebieden']").check()
    _wait(page, "!!window.novexMap.getLayer('outline-novex-gebieden')")
    vis = "window.novexMap.getLayoutProperty('outline-{k}', 'visibility')"
    assert page.evaluate(vis.format(k="novex-gebieden")) == "visible"
    assert page.locator(".maplabel-novex-gebieden").count() == 2
    assert "NX07" in page.inner_text(".maplabel-novex-gebieden >> nth=0")
    page.locator("input[data-outline='novex-gebieden']").uncheck()
    assert page.evaluate(vis.format(k="novex-gebieden")) == "none"
    assert page.locator(".maplabel-novex-gebieden").count() == 0
    # the provinces' outline switches off too
    _wait(page, "!!window.novexMap.getLayer('provinces')")
    prov.uncheck()
    assert page.evaluate("window.novexMap.getLayoutProperty('provinces', 'visibility')") == "none"
    prov.check()
    # the download panel: same-origin links, and a download whose hash is the listed one
    page.wait_for_selector("#download-list[data-ready='1'] a")
    hrefs = page.eval_on_selector_all("#download-list a", "as => as.map(a => a.href)")
    assert len(hrefs) >= 5 and all(h.startswith(server + "/download/") for h in hrefs)
    listed = page.evaluate("fetch('/api/downloads').then(r => r.json())")
    sha = {f["url"]: f["sha256"] for f in listed["files"]}
    with page.expect_download() as info:
        page.click("#download-list a[href='/download/puzzel/claims.csv']")
    data = Path(info.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha["/download/puzzel/claims.csv"]
    assert "synthetisch" in page.inner_text("#download-note")
    report = page.locator("#download-list a[href='/download/rapporten/arrangement_NL-UT.pdf']")
    assert report.inner_text() == "NL-UT" and report.get_attribute("type") == "application/pdf"
    # outlines on for the screenshot
    page.locator("input[data-outline='novex-gebieden']").check()
    page.locator("input[data-outline='woningbouwgebieden']").check()
    _wait(page, "!!window.novexMap.getLayer('outline-woningbouwgebieden')")
    assert page.evaluate(vis.format(k="woningbouwgebieden")) == "visible"
    assert page.locator(".maplabel-woningbouwgebieden").count() == 1
    page.locator("input[data-layer='allocation']").check()
    _wait(page, "!window.novexMap.isMoving() && window.novexMap.areTilesLoaded()")
    page.locator("#downloads-title").scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    _shot(page, "atlas-outlines-downloads.png")
    assert _axe(page) == []
    assert page.watch.errors == [], page.watch.failed
    assert page.watch.foreign == []


def test_scenario_layers_toggle(page, server) -> None:
    _open_atlas(page, server)
    page.wait_for_selector("#scenario-list[data-ready='1'] input[data-scenario='s1']")
    assert page.locator("#scenario-section").is_visible()
    labels = page.inner_text("#scenario-list")
    assert "Scenario 2030: toewijzing" in labels and "2050 ten opzichte van 2030" in labels
    page.locator("input[data-scenario='d1']").check()
    assert page.evaluate("window.novexMap.getLayoutProperty('scenario-d1', 'visibility')") == (
        "visible"
    )
    _wait(page, "!window.novexMap.isMoving() && window.novexMap.areTilesLoaded()")
    assert _axe(page) == []
    assert page.watch.errors == [], page.watch.failed
    assert page.watch.foreign == []


def test_rijk_answers_a_zienswijze_and_the_open_data_page(page, server) -> None:
    page.goto(server + "/zienswijze")
    page.fill("#text", "Houd de groene buffer tussen Utrecht en Amersfoort open.")
    page.click("button:has-text('Versturen')")
    page.wait_for_selector("#stored-text")
    page.goto(server + "/login")
    page.fill("#name", "rita")
    page.fill("#password", "rijk-wachtwoord")
    page.click("main button[type=submit]")
    page.wait_for_url(server + "/portal")
    assert page.locator("a[href='/download/rapporten/nationaal.pdf']").count() == 1
    _shot(page, "portal-reports.png")
    page.goto(server + "/portal/zienswijzen")
    page.locator("a[href^='/portal/zienswijze/']").last.click()
    page.wait_for_selector("#answer")
    assert _axe(page) == []
    page.select_option("#status", "beantwoord")
    page.fill("#answer", "Dank u wel. De buffer blijft open; zie het arrangement van Utrecht.")
    page.click("main button[type=submit]")
    assert "Opgeslagen" in page.inner_text("main")
    assert page.input_value("#answer").startswith("Dank u wel.")
    _shot(page, "portal-answer.png")
    page.goto(server + "/downloads")
    assert page.locator("#downloads-table tbody tr").count() >= 10
    assert _axe(page) == []
    assert page.watch.errors == [], page.watch.failed
    assert page.watch.foreign == []
