"""The web application: the atlas, the portal, the zienswijzen form and the JSON API.

>>> import tempfile, pathlib
>>> from fastapi.testclient import TestClient
>>> from novex.results.samples import sample_workspace, write_sample_run
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> ws = sample_workspace(tmp / "ws")
>>> run = write_sample_run(ws, tmp / "run")
>>> app = create_app(WebConfig.from_paths(run=tmp / "run", workspace=tmp / "ws"))
>>> TestClient(app).get("/api/health").json()["status"]
'ok'
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from novex import __version__
from novex.web.atlas import Atlas
from novex.web.auth import RateLimiter, SessionStore
from novex.web.config import WebConfig
from novex.web.errors import install_error_handlers
from novex.web.fastpath import FastPath
from novex.web.features import install_features
from novex.web.security import SecurityHeaders
from novex.web.state import WebState
from novex.web.whatif import WhatIfPool

__all__ = ["STATIC", "WebConfig", "create_app"]

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
"""The app's own scripts, styles and the vendored MapLibre GL JS."""


def create_app(config: WebConfig) -> FastAPI:
    """Build the app that serves ``config``'s run, stapelkaart and dossier.

    The folders are opened (and checked) here, so a bad folder fails at start-up with
    its :class:`~novex.errors.ResultsError`, not on the first request.
    """
    from novex.web import pages, portal, tiles_route
    from novex.web.api import router

    dossier = None
    if config.db:
        from novex.dossier import Dossier

        dossier = Dossier.open(config.db)
    app = FastAPI(
        title="novex",
        version=__version__,
        description="The NOVEX atlas and dossier: stapelkaart, puzzle runs, dossiers and "
        "zienswijzen. Demo data is synthetic and schematic.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.novex = WebState(
        config=config,
        atlas=Atlas(config),
        dossier=dossier,
        sessions=SessionStore(hours=config.session_hours, secure=config.secure_cookies),
        zienswijze_limit=RateLimiter(config.zienswijze_per_hour, 3600.0),
        login_limit=RateLimiter(20, 300.0),
    )
    app.state.novex.whatif = WhatIfPool(
        _spec(config, app.state.novex.atlas),
        app.state.novex.atlas.workspace,
        workers=config.whatif_workers,
        queue=config.whatif_queue,
        run=app.state.novex.atlas.run,
        colours=_allocation_colours(app.state.novex.atlas),
        scheme=config.whatif_scheme,
        gap_tolerance=config.whatif_gap,
    )
    for code in config.whatif_prepare:  # assembled in the pool while the server starts
        app.state.novex.whatif.prepare(code, bounded=False)
    app.router.add_event_handler("shutdown", app.state.novex.whatif.close)
    install_error_handlers(app)
    app.include_router(router)
    app.include_router(tiles_route.router)
    app.include_router(pages.router)
    app.include_router(portal.router)
    install_features(app)  # open data, outlines, reports, scenarios, answering zienswijzen
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(FastPath)  # inside the security headers: its answers get them too
    app.add_middleware(SecurityHeaders, https=config.secure_cookies)
    if dossier is not None:
        app.router.add_event_handler("shutdown", dossier.close)
    return app


def _allocation_colours(atlas: Atlas) -> dict[int, tuple[int, int, int, int]]:
    """The allocation layer's colours, for a what-if draft's map."""
    layer = atlas.tiles.layers.get("allocation")
    return dict(layer.colours) if layer is not None else {}


def _spec(config: WebConfig, atlas: Atlas) -> str | None:
    """The spec what-if re-solves with: the config's, else the one the run names."""
    if config.spec:
        return config.spec
    if atlas.run is None or not atlas.run.manifest.spec_path:
        return None
    named = Path(atlas.run.manifest.spec_path)
    if named.exists():
        return str(named)
    if named.name == "demo.toml":  # the packaged demo spec
        return "demo"
    return None
