"""Sessions, logins and CSRF tokens for the portal.

A login creates a server-side session; the browser holds only its random id in the
cookie ``novex_session`` (HttpOnly, SameSite=Strict, Secure when served over https).
Every session, also the anonymous one a form page starts, has a CSRF token: a form post
carries it in the hidden field ``csrf_token``, a JSON write in the header
``X-CSRF-Token``; a post without the session's token is refused with 403.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from fastapi import Request, Response

from novex.dossier import Actor
from novex.errors import PermissionDeniedError

__all__ = [
    "COOKIE",
    "PUBLIC",
    "AuthRequiredError",
    "RateLimitedError",
    "RateLimiter",
    "Session",
    "SessionStore",
]

COOKIE = "novex_session"
PUBLIC = Actor("publiek", "publiek")
"""The actor of a visitor who has not logged in."""


class AuthRequiredError(PermissionDeniedError):
    """The request needs a logged-in user (HTTP 401)."""


class RateLimitedError(PermissionDeniedError):
    """Too many requests of one kind from one client (HTTP 429)."""


@dataclass
class Session:
    """One browser's session: the user (``None`` before login) and its CSRF token."""

    id: str
    csrf: str
    actor: Actor | None = None
    expires: float = 0.0


@dataclass
class SessionStore:
    """The sessions of one running app, in memory (a restart logs everybody out)."""

    hours: float = 8.0
    secure: bool = False
    _sessions: dict[str, Session] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    max_sessions: int = 20_000

    def _new(self, actor: Actor | None) -> Session:
        s = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32), actor)
        now = time.monotonic()
        s.expires = now + self.hours * 3600
        with self._lock:
            if len(self._sessions) >= self.max_sessions:  # bounded memory: expired first,
                for sid in [k for k, v in self._sessions.items() if v.expires < now]:
                    del self._sessions[sid]
                anonymous = [k for k, v in self._sessions.items() if v.actor is None]
                for sid in anonymous[: len(self._sessions) - self.max_sessions + 1]:
                    del self._sessions[sid]  # then the oldest anonymous ones
            self._sessions[s.id] = s
        return s

    def get(self, request: Request) -> Session | None:
        """The live session of the request's cookie, if any (its expiry is extended)."""
        sid = request.cookies.get(COOKIE)
        if not sid:
            return None
        with self._lock:
            s = self._sessions.get(sid)
            now = time.monotonic()
            if s is None or s.expires < now:
                self._sessions.pop(sid, None)
                return None
            s.expires = now + self.hours * 3600
            return s

    def ensure(self, request: Request, response: Response) -> Session:
        """The request's session, or a new anonymous one set on ``response``."""
        s = self.get(request)
        if s is None:
            s = self._new(None)
            self.set_cookie(response, s)
        return s

    def login(self, response: Response, actor: Actor, old: Session | None) -> Session:
        """A fresh session for ``actor`` (a new id, so a planted id is never promoted)."""
        if old is not None:
            self.drop(old)
        s = self._new(actor)
        self.set_cookie(response, s)
        return s

    def drop(self, session: Session) -> None:
        """End ``session``."""
        with self._lock:
            self._sessions.pop(session.id, None)

    def set_cookie(self, response: Response, session: Session) -> None:
        """Put the session id in the cookie with the safe settings."""
        response.set_cookie(
            COOKIE,
            session.id,
            httponly=True,
            samesite="strict",
            secure=self.secure,
            path="/",
        )

    def actor(self, request: Request) -> Actor:
        """The logged-in actor, or :data:`PUBLIC`."""
        s = self.get(request)
        return s.actor if s is not None and s.actor is not None else PUBLIC

    def require_actor(self, request: Request) -> tuple[Actor, Session]:
        """The logged-in actor and session; :class:`AuthRequiredError` when nobody is."""
        s = self.get(request)
        if s is None or s.actor is None:
            raise AuthRequiredError("This needs a logged-in user; log in at /login first.")
        return s.actor, s

    @staticmethod
    def check_csrf(session: Session | None, token: str | None) -> None:
        """Refuse a post whose CSRF token is not the session's."""
        if session is None or not token or not secrets.compare_digest(session.csrf, token):
            raise PermissionDeniedError(
                "The form's security token is missing or out of date; reload the page and "
                "send it again."
            )


class RateLimiter:
    """At most ``limit`` events per client in a sliding window of ``seconds``."""

    def __init__(self, limit: int, seconds: float = 3600.0) -> None:
        self.limit = limit
        self.seconds = seconds
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, client: str) -> bool:
        """Count one event of ``client``; False when it is over the limit (not counted)."""
        now = time.monotonic()
        with self._lock:
            q = self._events.setdefault(client, deque())
            while q and q[0] < now - self.seconds:
                q.popleft()
            if len(q) >= self.limit:
                return False
            q.append(now)
            return True
