"""The dossier portal pages: dossiers per province and area, editing, versions, history.

Each page acts as the logged-in user through the dossier service, which checks the role
again. An edit carries the version the form was read at; when someone else saved first
the form comes back with 409 and the message naming who changed what.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.dossier import Actor
from novex.dossier.validate import ACTION_STATUSES, ARRANGEMENT_STATUSES
from novex.errors import NovexError
from novex.web.api.zienswijzen import ZienswijzeIn, submit
from novex.web.auth import Session
from novex.web.errors import status_of
from novex.web.opendata import report_links
from novex.web.pages import error_message, page_lang, render
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

RecordId = Annotated[int, Query(ge=1, le=2**31 - 1)]


def _login(request: Request, st: WebState) -> tuple[Actor, Session] | None:
    s = st.sessions.get(request)
    if s is None or s.actor is None:
        return None
    return s.actor, s


def _to_login() -> RedirectResponse:
    return RedirectResponse("/login", status_code=303)


def _error_page(request: Request, st: WebState, err: NovexError) -> HTMLResponse:
    return render(
        request, st, "error.html", status_of(err), message=error_message(err, page_lang(request))
    )


@router.get("/portal", response_class=HTMLResponse)
def portal(request: Request, st: WebState = Depends(state)) -> Response:
    """The user's dossiers: arrangements per province, actions per NOVEX-gebied."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    d = st.require_dossier()
    arrangements = d.records(actor, "arrangement")
    actions = d.records(actor, "action")
    if actor.kind != "rijk":  # the user's own records first and only
        actions = [a for a in actions if _owns(actor, a.get("area"), None)]
        arrangements = [a for a in arrangements if _owns(actor, None, a.get("province"))]
    areas = {a["code"]: a for a in d.records(actor, "area")}
    return render(
        request, st, "portal.html", session=session, arrangements=arrangements,
        actions=actions, areas=areas, reports=report_links(request),
    )  # fmt: skip


def _owns(actor: Actor, area: str | None, province: str | None) -> bool:
    from novex.dossier.roles import Scope
    from novex.reference import regions

    if area is not None:
        try:
            provs = frozenset(regions.region(area).provinces)
        except NovexError:
            provs = frozenset()
        return actor.may_write(Scope(provs, area))
    return actor.may_write(Scope(frozenset({province}) if province else frozenset()))


# -- an action of the uitvoeringsagenda ------------------------------------------------


@router.get("/portal/action/{record_id}", response_class=HTMLResponse)
def action_form(record_id: int, request: Request, st: WebState = Depends(state)) -> Response:
    """The edit form of an action."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    try:
        action = st.require_dossier().get(actor, "action", record_id)
    except NovexError as err:
        return _error_page(request, st, err)
    return render(
        request, st, "action.html", session=session, action=action, statuses=ACTION_STATUSES,
        error=None, saved=request.query_params.get("saved") == "1",
    )  # fmt: skip


@router.post("/portal/action/{record_id}", response_class=HTMLResponse)
def action_save(
    record_id: int,
    request: Request,
    version: Annotated[int, Form(ge=1)],
    title: Annotated[str, Form(min_length=1, max_length=300)],
    owner: Annotated[str, Form(min_length=1, max_length=200)],
    status: Annotated[str, Form(max_length=20)],
    deadline: Annotated[str, Form(max_length=10)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> Response:
    """Save an action read at ``version``; 409 with the message when someone saved first."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    d = st.require_dossier()
    try:
        st.sessions.check_csrf(session, csrf_token)
        d.update(actor, "action", record_id, version, title=title, owner=owner, status=status,
                 deadline=deadline)  # fmt: skip
    except NovexError as err:
        try:
            current = d.get(actor, "action", record_id)
        except NovexError:
            return _error_page(request, st, err)
        mine = {"title": title, "owner": owner, "status": status, "deadline": deadline}
        return render(
            request, st, "action.html", status_of(err), session=session, action=current,
            statuses=ACTION_STATUSES, error=error_message(err, page_lang(request)), mine=mine,
        )  # fmt: skip
    return RedirectResponse(f"/portal/action/{record_id}?saved=1", status_code=303)


# -- the ruimtelijk arrangement --------------------------------------------------------


@router.get("/portal/arrangement/{record_id}", response_class=HTMLResponse)
def arrangement_page(
    record_id: int,
    request: Request,
    a: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    b: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    st: WebState = Depends(state),
) -> Response:
    """An arrangement: content, versions, status change, the comparison of two versions."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    d = st.require_dossier()
    lang = page_lang(request)
    try:
        arr = d.show_arrangement(actor, record_id)
        diff = d.diff_arrangement(actor, record_id, a, b, lang=lang) if a and b else None
    except NovexError as err:
        return _error_page(request, st, err)
    return render(
        request, st, "arrangement.html", session=session, arr=arr, diff=diff,
        statuses=ARRANGEMENT_STATUSES, error=None, reports=report_links(request),
    )  # fmt: skip


@router.post("/portal/arrangement/{record_id}/status", response_class=HTMLResponse)
def arrangement_status(
    record_id: int,
    request: Request,
    version: Annotated[int, Form(ge=1)],
    status: Annotated[str, Form(max_length=32)],
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> Response:
    """Move an arrangement read at ``version`` to ``status``."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    d = st.require_dossier()
    try:
        st.sessions.check_csrf(session, csrf_token)
        d.set_arrangement_status(actor, record_id, version, status, reason)
    except NovexError as err:
        try:
            arr = d.show_arrangement(actor, record_id)
        except NovexError:
            return _error_page(request, st, err)
        return render(
            request, st, "arrangement.html", status_of(err), session=session, arr=arr,
            diff=None, statuses=ARRANGEMENT_STATUSES, error=error_message(err, page_lang(request)),
            reports=report_links(request),
        )  # fmt: skip
    return RedirectResponse(f"/portal/arrangement/{record_id}", status_code=303)


@router.get("/portal/history/{kind}/{record_id}", response_class=HTMLResponse)
def history(kind: str, record_id: int, request: Request, st: WebState = Depends(state)) -> Response:
    """The audit history of one record."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    try:
        entries = st.require_dossier().audit(actor, kind=kind, record_id=record_id)
    except NovexError as err:
        return _error_page(request, st, err)
    return render(
        request, st, "history.html", session=session, kind=kind, record_id=record_id,
        entries=entries,
    )  # fmt: skip


@router.get("/portal/zienswijzen", response_class=HTMLResponse)
def zienswijzen_list(request: Request, st: WebState = Depends(state)) -> Response:
    """The zienswijzen the user may read (all of them for rijk), shown as text."""
    who = _login(request, st)
    if who is None:
        return _to_login()
    actor, session = who
    rows = st.require_dossier().records(actor, "zienswijze")
    return render(request, st, "zienswijzen.html", session=session, rows=rows)


# -- the public zienswijze form --------------------------------------------------------


@router.get("/zienswijze", response_class=HTMLResponse)
def zienswijze_form(request: Request, st: WebState = Depends(state)) -> HTMLResponse:
    """The public zienswijze form (open only during a consultation)."""
    from novex.dossier.validate import SUBMITTER_CATEGORIES

    return render(
        request, st, "zienswijze.html", categories=SUBMITTER_CATEGORIES, error=None,
        stored=None, max_chars=st.config.zienswijze_max_chars,
    )  # fmt: skip


@router.post("/zienswijze", response_class=HTMLResponse)
def zienswijze_post(
    request: Request,
    text: Annotated[str, Form(max_length=20_000)],
    submitter_category: Annotated[str, Form(max_length=40)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> HTMLResponse:
    """Store a zienswijze and show it back (as text)."""
    from novex.dossier.validate import SUBMITTER_CATEGORIES

    stored = None
    error = None
    code = 201
    try:
        st.sessions.check_csrf(st.sessions.get(request), csrf_token)
        if len(text) > st.config.zienswijze_max_chars:
            from novex.errors import DossierInputError

            raise DossierInputError(
                f"The zienswijze has {len(text)} characters; at most "
                f"{st.config.zienswijze_max_chars} are accepted."
            )
        body = ZienswijzeIn(text=text, submitter_category=submitter_category)
        stored = submit(st, request, body)
    except NovexError as err:
        error, code = error_message(err, page_lang(request)), status_of(err)
    except ValueError as err:  # the model's own checks
        error, code = str(err).splitlines()[0], 422
    return render(
        request, st, "zienswijze.html", code, categories=SUBMITTER_CATEGORIES, error=error,
        stored=stored, max_chars=st.config.zienswijze_max_chars,
    )  # fmt: skip
