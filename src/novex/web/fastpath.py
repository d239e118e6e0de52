"""A fast path for what the atlas asks most: rendered tiles and the fixed JSON answers.

The served run and stapelkaart do not change while the server runs, so a tile once
rendered, and the answer of a read-only endpoint about them (the map's layers, the
run, a province's claims table, the outlines, the reference model), are the same bytes
every time. This ASGI middleware answers them from memory before the request reaches
FastAPI's routing, validation and serialisation (a tenth of the server's time per
request on the test machine); everything else, and every first request, goes through
the app as usual. It sits inside :class:`~novex.web.security.SecurityHeaders`, so its
answers carry the same headers.

Only ``GET`` answers with status 200 of the paths in :data:`CACHED` are kept (keyed by
path and query string; none of them depends on the session or a cookie), at most
:data:`KEPT` of them.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from novex.web.tiles import TileError

__all__ = ["CACHED", "KEPT", "FastPath"]

CACHED = re.compile(r"^/api/(map|run|run/claims|map/outlines/provinces|stack|reference/[a-z]+)$")
"""Read-only endpoints whose answers depend only on the served folders and the query."""

KEPT = 2048
"""Answers kept (least recently used are dropped)."""

_TILE = re.compile(r"^/tiles/([a-z0-9-]{1,32})/(\d{1,2})/(\d{1,6})/(\d{1,6})\.png$")


class FastPath:
    """ASGI middleware answering cached tiles and fixed JSON answers from memory."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._answers: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.hits = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/tiles/") and await self._tile(scope, send, path):
            return
        if not CACHED.match(path):
            await self.app(scope, receive, send)
            return
        key = path + "?" + scope.get("query_string", b"").decode("latin-1")
        with self._lock:
            hit = self._answers.get(key)
            if hit is not None:
                self._answers.move_to_end(key)
                self.hits += 1
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self._keep(scope, receive, send, key)

    async def _tile(self, scope: Scope, send: Send, path: str) -> bool:
        """Answer a tile already rendered; False when the app must answer."""
        m = _TILE.match(path)
        st = getattr(scope["app"].state, "novex", None) if "app" in scope else None
        if m is None or st is None:
            return False
        layer, z, x, y = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        try:
            png = st.atlas.tiles.cached(layer, z, x, y)
        except TileError:
            return False  # the app answers 404 with its message
        if png is None:
            return False
        from novex.web.tiles_route import CACHE_CONTROL, tile_etag

        etag = tile_etag(st, layer, z, x, y).encode()
        headers = [(b"cache-control", CACHE_CONTROL.encode()), (b"etag", etag)]
        match = dict(scope["headers"]).get(b"if-none-match")
        if match is not None and etag in match:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return True
        headers += [(b"content-type", b"image/png"), (b"content-length", str(len(png)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": png})
        return True

    async def _keep(self, scope: Scope, receive: Receive, send: Send, key: str) -> None:
        """Let the app answer and keep a whole 200 answer."""
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        whole = True

        async def capture(message: Message) -> None:
            nonlocal whole
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    whole = False
            await send(message)

        await self.app(scope, receive, capture)
        if whole and start.get("status") == 200:
            headers = [(k, v) for k, v in start.get("headers", [])
                       if k.lower() != b"set-cookie"]  # fmt: skip
            with self._lock:
                self._answers[key] = (200, headers, b"".join(chunks))
                while len(self._answers) > KEPT:
                    self._answers.popitem(last=False)
