"""The tile endpoint: ``/tiles/{layer}/{z}/{x}/{y}.png`` in WebMercatorQuad.

A tile already rendered is answered from the LRU cache in the event loop; only a new
tile goes to the thread pool (rio-tiler reads and reprojects synchronously). Every tile
carries an ``ETag`` made of the served run's and stapelkaart's fingerprints, so a browser
that asks again with ``If-None-Match`` gets ``304 Not Modified`` without the bytes.
A what-if draft's map is served at ``/tiles/draft/{id}/{layer}/{z}/{x}/{y}.png`` to the
user who made it (:class:`~novex.web.whatif.WhatIfPool`).
"""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import Response

from novex.web.state import WebState, state

__all__ = ["RENDERERS", "render", "router", "tile_etag"]

router = APIRouter(tags=["tiles"])

CACHE_CONTROL = "public, max-age=3600"
"""Tiles of a served run do not change while the server runs."""

RENDERERS = 2
"""Tiles rendered at the same time. Rendering is CPU work under the GIL: more threads
only make every request (and the event loop) wait for the GIL; a new tile waits in the
event loop for one of these instead."""

_limiters: weakref.WeakKeyDictionary[Any, anyio.CapacityLimiter] = weakref.WeakKeyDictionary()


async def render(fn: Any, *args: Any) -> bytes:
    """Run the tile renderer ``fn(*args)`` in one of :data:`RENDERERS` threads (per event
    loop)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(RENDERERS)
    png: bytes = await anyio.to_thread.run_sync(fn, *args, limiter=limiter)
    return png


def tile_etag(st: WebState, layer: str, z: int, x: int, y: int) -> str:
    """The strong ETag of a tile: the layer, the index and the data's fingerprints."""
    version = getattr(st.atlas.tiles, "version", None)
    if version is None:
        parts = [p.manifest.sha256 for p in (st.atlas.run, st.atlas.stack) if p is not None]
        version = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
        st.atlas.tiles.version = version
    return f'"{layer}-{z}-{x}-{y}-{version}"'


@router.get(
    "/tiles/{layer}/{z}/{x}/{y}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}, 304: {"description": "not modified"}},
)
async def tile(
    layer: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,32}$")],
    z: Annotated[int, Path(ge=0, le=30)],
    x: Annotated[int, Path(ge=0)],
    y: Annotated[int, Path(ge=0)],
    if_none_match: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> Response:
    """A 256 x 256 PNG tile of ``layer`` (transparent where the layer has no data)."""
    tiles = st.atlas.tiles
    etag = tile_etag(st, layer, z, x, y)
    headers = {"Cache-Control": CACHE_CONTROL, "ETag": etag}
    png = tiles.cached(layer, z, x, y)  # checks the layer and the index too
    if if_none_match is not None and etag in if_none_match:
        return Response(status_code=304, headers=headers)
    if png is None:
        png = await render(tiles.tile, layer, z, x, y)
    return Response(png, media_type="image/png", headers=headers)


@router.get(
    "/tiles/draft/{draft}/{layer}/{z}/{x}/{y}.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}}},
)
async def draft_tile(
    draft: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8,40}$")],
    layer: Annotated[str, Path(pattern=r"^(allocation|changes)$")],
    z: Annotated[int, Path(ge=0, le=30)],
    x: Annotated[int, Path(ge=0)],
    y: Annotated[int, Path(ge=0)],
    request: Request,
    st: WebState = Depends(state),
) -> Response:
    """A tile of what-if draft ``draft``'s map (only for the user who made it)."""
    actor, _ = st.sessions.require_actor(request)
    tiles = st.whatif.draft_tiles(draft, actor.name)
    png = tiles.cached(layer, z, x, y)
    if png is None:
        png = await render(tiles.tile, layer, z, x, y)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=600"})
