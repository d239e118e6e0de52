"""Answering zienswijzen in the portal: the answer for the nota van antwoord and the status.

``/portal/zienswijze/{id}`` shows one zienswijze (as text) with, for a user who may
answer it (the Rijk: zienswijzen are national records), a form for the answer and the
status (ontvangen, in_behandeling, beantwoord). The form carries the version it was read
at and the CSRF token; the dossier service checks the role again and refuses a stale
save with 409, and the form then shows the current answer beside the user's own.
The JSON API does the same with ``PATCH /api/dossier/zienswijze/{id}``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.dossier.roles import Scope
from novex.dossier.validate import ZIENSWIJZE_STATUSES
from novex.errors import NovexError
from novex.web.errors import status_of
from novex.web.pages import error_message, page_lang, render
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/portal/zienswijze/{record_id}", response_class=HTMLResponse)
def zienswijze_page(record_id: int, request: Request, st: WebState = Depends(state)) -> Response:
    """One zienswijze, and the answer form for a user who may answer it."""
    s = st.sessions.get(request)
    if s is None or s.actor is None:
        return RedirectResponse("/login", status_code=303)
    try:
        z = st.require_dossier().get(s.actor, "zienswijze", record_id)
    except NovexError as err:
        return render(request, st, "error.html", status_of(err), session=s,
                      message=error_message(err, page_lang(request)))  # fmt: skip
    return render(
        request, st, "zienswijze_answer.html", session=s, z=z, statuses=ZIENSWIJZE_STATUSES,
        may_answer=s.actor.may_write(Scope()), error=None, mine=None,
        saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


@router.post("/portal/zienswijze/{record_id}", response_class=HTMLResponse)
def zienswijze_answer(
    record_id: int,
    request: Request,
    version: Annotated[int, Form(ge=1, le=2**31 - 1)],
    status: Annotated[str, Form(max_length=20)],
    answer: Annotated[str, Form(max_length=20_000)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> Response:
    """Save the answer and status of a zienswijze read at ``version``."""
    s = st.sessions.get(request)
    if s is None or s.actor is None:
        return RedirectResponse("/login", status_code=303)
    d = st.require_dossier()
    try:
        st.sessions.check_csrf(s, csrf_token)
        d.update(s.actor, "zienswijze", record_id, version, status=status, answer=answer)
    except NovexError as err:
        message = error_message(err, page_lang(request))
        try:
            current = d.get(s.actor, "zienswijze", record_id)
        except NovexError:
            return render(request, st, "error.html", status_of(err), session=s, message=message)
        return render(
            request, st, "zienswijze_answer.html", status_of(err), session=s, z=current,
            statuses=ZIENSWIJZE_STATUSES, may_answer=s.actor.may_write(Scope()), error=message,
            mine={"status": status, "answer": answer}, saved=False,
        )  # fmt: skip
    return RedirectResponse(f"/portal/zienswijze/{record_id}?saved=1", status_code=303)
