"""The HTML pages: the atlas, login, the portal, the zienswijze form.

Pages are Jinja2 templates with autoescaping on and the novex text catalogue installed
(``{{ _("...") }}``), Dutch by default and English with ``?lang=en`` (kept in a cookie).
Every form post carries the session's CSRF token; errors are shown as a message on the
page with the right status, never a trace.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.errors import ConflictError, NovexError
from novex.text import translations
from novex.web.auth import Session
from novex.web.errors import status_of
from novex.web.state import WebState, state

__all__ = ["error_message", "page_lang", "render", "router"]

router = APIRouter(include_in_schema=False)

LANG_COOKIE = "novex_lang"


@functools.cache
def _env(lang: str) -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("novex.web", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["fmt_ha"] = _fmt_ha
    env.filters["fmt_num"] = _fmt_num
    return env


def _fmt_ha(value: float | None, lang: str) -> str:
    from novex.text.format import format_number

    return "–" if value is None else format_number(value, lang, decimals=1)


def _fmt_num(value: float | None, lang: str) -> str:
    from novex.text.format import format_number

    return "–" if value is None else format_number(value, lang, decimals=3)


def page_lang(request: Request) -> str:
    """``en`` when asked for (``?lang=en`` or the cookie), else ``nl``."""
    lang = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "nl"
    return "en" if lang == "en" else "nl"


def render(
    request: Request,
    st: WebState,
    template: str,
    status_code: int = 200,
    session: Session | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` in the page's language with the user, CSRF token and banner."""
    lang = page_lang(request)
    response = HTMLResponse("", status_code=status_code)
    if session is None:
        session = st.sessions.ensure(request, response)
    actor = session.actor
    html = (
        _env(lang)
        .get_template(template)
        .render(
            lang=lang,
            other_lang="en" if lang == "nl" else "nl",
            path=request.url.path,
            user=actor,
            csrf_token=session.csrf,
            synthetic=st.atlas.synthetic,
            has_dossier=st.dossier is not None,
            consultation_open=st.consultation_open() if st.dossier is not None else False,
            **context,
        )
    )
    response.body = html.encode()
    response.headers["content-length"] = str(len(response.body))
    response.headers["cache-control"] = "no-store"
    if "lang" in request.query_params:
        response.set_cookie(LANG_COOKIE, lang, samesite="strict", secure=st.config.secure_cookies)
    return response


def error_message(err: NovexError, lang: str) -> str:
    from novex.text import gettext

    status = status_of(err)
    if isinstance(err, ConflictError):
        parts = []
        for e in getattr(err, "changes", None) or []:
            before, after = e.get("before") or {}, e.get("after") or {}
            fields = sorted(k for k in after if k != "version" and before.get(k) != after.get(k))
            parts.append(
                gettext(
                    "version {version} by {who} at {when} (changed: {fields})",
                    lang,
                    version=e.get("record_version"),
                    who=repr(e.get("actor")),
                    when=str(e.get("at", ""))[:16].replace("T", " "),
                    fields=", ".join(fields) or "-",
                )
            )
        return " ".join(
            [
                gettext("Someone else saved this record first:", lang),
                "; ".join(parts) + ".",
                gettext("Reload the page and apply your edit to the current version.", lang),
            ]
        )
    if status in (401, 403):
        return gettext("You may not do this.", lang) + " " + str(err)
    return str(err)


# -- the atlas -------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def atlas(request: Request, st: WebState = Depends(state)) -> HTMLResponse:
    """The atlas: the map, its layers and the claims table."""
    run = st.atlas.run
    claims = run.claims() if run is not None else ()
    provinces = run.provinces if run is not None else ()
    functions = sorted({c.function for c in claims})
    return render(
        request, st, "atlas.html", claims=claims, provinces=provinces, functions=functions,
        whatif=st.whatif is not None and st.whatif.spec is not None,
    )  # fmt: skip


# -- login -----------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, st: WebState = Depends(state)) -> HTMLResponse:
    """The login form."""
    return render(request, st, "login.html", error=None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    name: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=200)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> Response:
    """Check the password and start a session; back to the form with a message if wrong."""
    from novex.web.api.session import login_actor

    old = st.sessions.get(request)
    try:
        st.sessions.check_csrf(old, csrf_token)
        actor = login_actor(st, request, name, password)
    except NovexError as err:
        return render(
            request, st, "login.html", status_of(err), error=error_message(err, page_lang(request))
        )
    response = RedirectResponse("/portal", status_code=303)
    st.sessions.login(response, actor, old)
    return response


@router.post("/logout")
def logout(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    st: WebState = Depends(state),
) -> Response:
    """End the session."""
    s = st.sessions.get(request)
    st.sessions.check_csrf(s, csrf_token)
    if s is not None:
        st.sessions.drop(s)
    return RedirectResponse("/", status_code=303)
