"""What one running app holds: the config, the atlas, the dossier, sessions, limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import Request

from novex.dossier import Dossier
from novex.errors import DossierNotFoundError
from novex.web.atlas import Atlas
from novex.web.auth import RateLimiter, SessionStore
from novex.web.config import WebConfig

__all__ = ["WebState", "client_key", "state"]


@dataclass
class WebState:
    """The parts of one app (``app.state.novex``)."""

    config: WebConfig
    atlas: Atlas
    dossier: Dossier | None
    sessions: SessionStore
    zienswijze_limit: RateLimiter
    login_limit: RateLimiter
    whatif: Any = None

    def require_dossier(self) -> Dossier:
        """The dossier, or 404 when the app runs without one."""
        if self.dossier is None:
            raise DossierNotFoundError(
                "This server runs without a dossier; start it with `novex serve --db URL`."
            )
        return self.dossier

    def consultation_open(self) -> bool:
        """Whether zienswijzen are accepted now (see :class:`WebConfig`)."""
        if self.config.consultation != "auto":
            return self.config.consultation == "open"
        if self.dossier is None:
            return False
        from novex.dossier import SYSTEM

        return any(p["status"] == "lopend" for p in self.dossier.records(SYSTEM, "phase"))


async def state(request: Request) -> WebState:
    """The app's :class:`WebState` (a FastAPI dependency; async, so it costs no thread hop)."""
    return request.app.state.novex


def client_key(request: Request) -> str:
    """The client's address, the key of the rate limits."""
    return request.client.host if request.client else "unknown"
