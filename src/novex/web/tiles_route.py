"""The tile endpoint: ``/tiles/{layer}/{z}/{x}/{y}.png`` in WebMercatorQuad."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(tags=["tiles"])


@router.get(
    "/tiles/{layer}/{z}/{x}/{y}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def tile(
    layer: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,32}$")],
    z: Annotated[int, Path(ge=0, le=30)],
    x: Annotated[int, Path(ge=0)],
    y: Annotated[int, Path(ge=0)],
    st: WebState = Depends(state),
) -> Response:
    """A 256 x 256 PNG tile of ``layer`` (transparent where the layer has no data)."""
    png = await run_in_threadpool(st.atlas.tiles.tile, layer, z, x, y)
    return Response(png, media_type="image/png", headers={"Cache-Control": "public, max-age=3600"})
