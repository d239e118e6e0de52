"""The JSON API under ``/api/`` (OpenAPI document at ``/api/openapi.json``)."""

from __future__ import annotations

from fastapi import APIRouter

from novex.web.api import dossier, maps, reference, runs, session, whatif, whatif_save, zienswijzen

__all__ = ["router"]

router = APIRouter(prefix="/api")
router.include_router(maps.router)
router.include_router(reference.router)
router.include_router(runs.router)
router.include_router(session.router)
router.include_router(dossier.router)
router.include_router(zienswijzen.router)
router.include_router(whatif.router)
router.include_router(whatif_save.router)
