"""The parts of the web added to the atlas and the portal: open data, outlines, reports,
scenario layers and answering zienswijzen (each in its own module)."""

from __future__ import annotations

from fastapi import FastAPI

__all__ = ["install_features"]


def install_features(app: FastAPI) -> None:
    """Add the open data, outline, report, scenario and answer endpoints to ``app``."""
    from novex.web import answers, opendata, scenario_layers

    opendata.install(app)
    scenario_layers.install(app)
    app.include_router(answers.router)
