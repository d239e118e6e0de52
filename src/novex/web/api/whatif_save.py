"""Saving a what-if draft to the dossier as a run (see :mod:`novex.web.draft_save`)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from novex.dossier.roles import Scope
from novex.errors import PermissionDeniedError
from novex.web.draft_save import DraftSaveError, save_draft
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(tags=["what-if"])


@router.post(
    "/whatif/{draft_id}/save",
    status_code=201,
    responses={200: {"description": "saved before: the same run"},
               404: {"description": "no such draft of this user"},
               500: {"description": "no drafts folder the server may write in"}},
)  # fmt: skip
async def save(
    draft_id: str,
    request: Request,
    x_csrf_token: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> JSONResponse:
    """Save the caller's draft ``draft_id`` as a run in the dossier: 201 with the run's
    ``id`` and ``folder``; a second save answers 200 with the same run."""
    actor, session = st.sessions.require_actor(request)
    st.sessions.check_csrf(session, x_csrf_token)
    dossier = st.require_dossier()
    if actor.kind not in ("rijk", "provincie"):
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not save what-if drafts; that takes the "
            "role rijk or the province's own provincie role."
        )
    kept = st.whatif.kept_draft(draft_id, actor.name)
    if not actor.may_write(Scope(frozenset({kept.province}))):
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not save a draft of province "
            f"{kept.province!r}."
        )
    folder = st.config.drafts_folder()
    if folder is None:
        raise DraftSaveError(
            "This server has no folder to save drafts in: start it with a run (--run) or "
            "give WebConfig(drafts=...)."
        )
    record, created = await asyncio.to_thread(save_draft, st.whatif, draft_id, actor, dossier,
                                              folder)  # fmt: skip
    body: dict[str, Any] = {
        "id": record["id"],
        "name": record.get("name"),
        "folder": record.get("source_path"),
        "province": kept.province,
        "created": created,
    }
    return JSONResponse(body, status_code=201 if created else 200)
