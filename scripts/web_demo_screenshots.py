"""Screenshots of the atlas on a demo output: outlines on, the download panel in view.

    PYTHONPATH=src python scripts/web_demo_screenshots.py /work/ws/demo-output-100m \
        /work/ws/demo-100m docs/img

Starts the app on 127.0.0.1 (a free port) with the demo's run, stapelkaart and reports,
drives Debian chromium (Playwright) and writes ``atlas-demo-outlines.png`` and
``downloads-demo.png`` into the target folder.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from pathlib import Path


def main(out: Path, workspace: Path, target: Path) -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from novex.web.app import create_app
    from novex.web.config import WebConfig

    app = create_app(
        WebConfig.from_paths(
            run=out / "puzzel", stack=out / "stapelkaart", workspace=workspace,
            reports=out / "rapporten",
        )
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--use-gl=angle", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(base + "/")
        page.wait_for_selector("#outline-list[data-ready='1'] input[data-outline='novex-gebieden']",
                               timeout=120_000)  # fmt: skip
        page.wait_for_selector("#download-list[data-ready='1'] a", timeout=300_000)
        page.locator("input[data-layer='overlap']").uncheck()
        page.locator("input[data-layer='allocation']").check()
        page.locator("input[data-outline='novex-gebieden']").check()
        page.locator("input[data-outline='woningbouwgebieden']").check()
        page.wait_for_selector(".maplabel-woningbouwgebieden", timeout=60_000)
        page.evaluate("window.novexMap.fitBounds([[4.0, 51.75], [5.6, 52.55]], {duration: 0})")
        end = time.monotonic() + 120
        while not page.evaluate("window.novexMap.areTilesLoaded()") and time.monotonic() < end:
            page.wait_for_timeout(200)
        page.wait_for_timeout(500)
        page.evaluate(
            "document.getElementById('outlines-title').scrollIntoView({block: 'start'});"
            " window.scrollTo(0, 0)"
        )
        page.screenshot(path=str(target / "atlas-demo-outlines.png"))
        page.goto(base + "/downloads")
        page.screenshot(path=str(target / "downloads-demo.png"))
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
