"""Zienswijzen: anyone submits one during an open consultation; rijk lists and answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from novex.errors import DossierInputError, PermissionDeniedError
from novex.web.auth import RateLimitedError
from novex.web.state import WebState, client_key, state

__all__ = ["ConsultationClosedError", "ZienswijzeIn", "router", "submit"]

router = APIRouter(prefix="/zienswijzen", tags=["zienswijzen"])

MAX_CHARS = 10_000
"""The longest zienswijze the API model accepts (the app's limit may be lower)."""


class ZienswijzeIn(BaseModel):
    """A zienswijze as submitted: the text, who submits it, what it concerns."""

    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(min_length=1, max_length=MAX_CHARS)]
    submitter_category: Annotated[str, Field(min_length=1, max_length=40)]
    interests: Annotated[list[Annotated[str, Field(max_length=8)]], Field(max_length=21)] = []
    areas: Annotated[list[Annotated[str, Field(max_length=8)]], Field(max_length=16)] = []


class ConsultationClosedError(PermissionDeniedError):
    """No consultation is open (HTTP 403)."""


def submit(st: WebState, request: Request, z: ZienswijzeIn) -> dict[str, Any]:
    """Check and store a zienswijze as the current user; returns what was stored."""
    d = st.require_dossier()
    if not st.consultation_open():
        raise ConsultationClosedError(
            "No consultation is open now; zienswijzen can be submitted during a consultation."
        )
    text = z.text.strip()
    if not text:
        raise DossierInputError("The zienswijze is empty; write the view itself.")
    if len(text) > st.config.zienswijze_max_chars:
        raise DossierInputError(
            f"The zienswijze has {len(text)} characters; at most "
            f"{st.config.zienswijze_max_chars} are accepted. Shorten it or send it in parts."
        )
    if not st.zienswijze_limit.allow(client_key(request)):
        raise RateLimitedError(
            f"At most {st.config.zienswijze_per_hour} zienswijzen per hour are accepted from one "
            "address; try again later."
        )
    return d.submit_zienswijze(
        st.sessions.actor(request),
        text=text,
        submitter_category=z.submitter_category,
        interests=z.interests,
        areas=z.areas,
    )


@router.post("", status_code=201)
def post_zienswijze(
    body: ZienswijzeIn, request: Request, st: WebState = Depends(state)
) -> dict[str, Any]:
    """Submit a zienswijze (no login needed while a consultation is open; JSON only)."""
    row = submit(st, request, body)
    return {"id": row["id"], "status": row["status"], "text": row["text"]}


@router.get("")
def list_zienswijzen(request: Request, st: WebState = Depends(state)) -> list[dict[str, Any]]:
    """The zienswijzen the user may read (all for rijk; published ones for others)."""
    return st.require_dossier().records(st.sessions.actor(request), "zienswijze")
