"""The NOVI reference model: interests, provinces, NOVEX-gebieden; and the health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from novex.reference import load_reference, regions
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(tags=["reference"])


@router.get("/health")
async def health(st: WebState = Depends(state)) -> dict[str, Any]:
    """Whether the server is up, and which parts it serves."""
    return {
        "status": "ok",
        "run": st.atlas.run is not None,
        "stack": st.atlas.stack is not None,
        "dossier": st.dossier is not None,
        "synthetic": st.atlas.synthetic,
    }


@router.get("/reference/interests")
def interests() -> list[dict[str, Any]]:
    """The 21 national interests with their wording, source and status."""
    return [
        {"number": i.number, "id": i.id, "name_nl": i.name_nl, "name_en": i.name_en,
         "source": i.source, "status": i.status}
        for i in load_reference().interests
    ]  # fmt: skip


@router.get("/reference/provinces")
def provinces() -> list[dict[str, Any]]:
    """The twelve provinces (code, names)."""
    return [
        {"code": r.code, "name_nl": r.name_nl, "name_en": r.name_en} for r in regions.provinces()
    ]


@router.get("/reference/areas")
def areas() -> list[dict[str, Any]]:
    """The NOVEX-gebieden (code, names, provinces)."""
    return [
        {"code": r.code, "name_nl": r.name_nl, "name_en": r.name_en, "provinces": list(r.provinces)}
        for r in regions.novex_gebieden()
    ]
