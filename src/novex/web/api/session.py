"""Log in and out over JSON (the browser portal uses the form at ``/login``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from novex.web.auth import RateLimitedError
from novex.web.state import WebState, client_key, state

__all__ = ["Login", "router"]

router = APIRouter(tags=["session"])


class Login(BaseModel):
    """A user name and password."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


def login_actor(st: WebState, request: Request, name: str, password: str) -> Any:
    """The actor for ``name`` and ``password``; 403 on a wrong pair or too many tries."""
    if not st.login_limit.allow(client_key(request)):
        raise RateLimitedError("Too many login attempts from this address; wait a while.")
    return st.require_dossier().authenticate(name, password)


@router.post("/session")
def login(
    body: Login, request: Request, response: Response, st: WebState = Depends(state)
) -> dict[str, Any]:
    """Log in; the session cookie is set and the CSRF token for writes is returned."""
    actor = login_actor(st, request, body.name, body.password)
    s = st.sessions.login(response, actor, st.sessions.get(request))
    return {"name": actor.name, "role": actor.role, "csrf_token": s.csrf}


@router.get("/session")
def who(request: Request, st: WebState = Depends(state)) -> dict[str, Any]:
    """The logged-in user (role ``publiek`` when nobody is)."""
    actor = st.sessions.actor(request)
    return {"name": actor.name, "role": actor.role}


@router.delete("/session")
def logout(
    request: Request,
    x_csrf_token: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Log out (needs the session's CSRF token)."""
    _, s = st.sessions.require_actor(request)
    st.sessions.check_csrf(s, x_csrf_token)
    st.sessions.drop(s)
    return {"name": "publiek", "role": "publiek"}
