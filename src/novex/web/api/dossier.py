"""The dossier per role: read records, edit them with the version read, arrangements, audit.

Every call acts as the logged-in user (publiek otherwise); the dossier service checks
the role again. A write needs the session's CSRF token in ``X-CSRF-Token``; an edit
based on an old version answers 409 with who changed what since.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from novex.dossier import Actor
from novex.web.state import WebState, state

__all__ = ["Edit", "StatusChange", "router"]

router = APIRouter(prefix="/dossier", tags=["dossier"])

Kind = Annotated[str, Path(pattern=r"^[a-z_]{1,32}$", description="Record kind, e.g. action.")]
RecordId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Csrf = Annotated[str | None, Header(description="The session's CSRF token.")]


class Edit(BaseModel):
    """Fields to change on a record read at ``version``."""

    model_config = ConfigDict(extra="forbid")
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    changes: Annotated[dict[str, Any], Field(min_length=1, max_length=30)]


class StatusChange(BaseModel):
    """A new status for an arrangement read at ``version``."""

    model_config = ConfigDict(extra="forbid")
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    status: Annotated[str, Field(min_length=1, max_length=32)]
    reason: Annotated[str | None, Field(max_length=2000)] = None


def _writer(request: Request, st: WebState, token: str | None) -> Actor:
    actor, session = st.sessions.require_actor(request)
    st.sessions.check_csrf(session, token)
    return actor


@router.get("/audit")
def audit(
    request: Request,
    kind: Annotated[str | None, Query(pattern=r"^[a-z_]{1,32}$")] = None,
    record_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    st: WebState = Depends(state),
) -> list[dict[str, Any]]:
    """The audit history (of one kind or record if given; the whole log for rijk only)."""
    actor, _ = st.sessions.require_actor(request)
    return st.require_dossier().audit(actor, kind=kind, record_id=record_id)


@router.get("/{kind}")
def records(kind: Kind, request: Request, st: WebState = Depends(state)) -> list[dict[str, Any]]:
    """Every record of ``kind`` the user may read."""
    d = st.require_dossier()
    rows = d.records(st.sessions.actor(request), kind)
    for row in rows:
        row.pop("password_hash", None)
    return rows


@router.get("/{kind}/{record_id}")
def record(
    kind: Kind, record_id: RecordId, request: Request, st: WebState = Depends(state)
) -> dict[str, Any]:
    """One record, if the user may read it."""
    row = st.require_dossier().get(st.sessions.actor(request), kind, record_id)
    row.pop("password_hash", None)
    return row


@router.patch("/{kind}/{record_id}")
def edit(
    kind: Kind,
    record_id: RecordId,
    body: Edit,
    request: Request,
    x_csrf_token: Csrf = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Change fields of a record read at ``version`` (409 when someone saved since)."""
    actor = _writer(request, st, x_csrf_token)
    return st.require_dossier().update(actor, kind, record_id, body.version, **body.changes)


@router.get("/arrangement/{record_id}/show")
def arrangement(
    record_id: RecordId, request: Request, st: WebState = Depends(state)
) -> dict[str, Any]:
    """An arrangement with its current content and all its versions."""
    return st.require_dossier().show_arrangement(st.sessions.actor(request), record_id)


@router.get("/arrangement/{record_id}/diff")
def arrangement_diff(
    record_id: RecordId,
    request: Request,
    a: Annotated[int, Query(ge=1, le=10_000)],
    b: Annotated[int, Query(ge=1, le=10_000)],
    lang: Annotated[str, Query(pattern="^(nl|en)$")] = "nl",
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """What moved between versions ``a`` and ``b`` of an arrangement."""
    return st.require_dossier().diff_arrangement(
        st.sessions.actor(request), record_id, a, b, lang=lang
    )


@router.post("/arrangement/{record_id}/status")
def arrangement_status(
    record_id: RecordId,
    body: StatusChange,
    request: Request,
    x_csrf_token: Csrf = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Move an arrangement read at ``version`` to ``status`` (409 when someone saved since)."""
    actor = _writer(request, st, x_csrf_token)
    return st.require_dossier().set_arrangement_status(
        actor, record_id, body.version, body.status, body.reason or ""
    )
