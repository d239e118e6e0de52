"""novex errors as HTTP answers: the right 4xx with the error's message, never a trace."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from novex.errors import (
    ConflictError,
    DossierInputError,
    DossierNotFoundError,
    NovexError,
    PermissionDeniedError,
    ReferenceLookupError,
    ResultsError,
)
from novex.web.atlas import AtlasError
from novex.web.auth import AuthRequiredError, RateLimitedError
from novex.web.draft_save import DraftSaveError
from novex.web.outlines import OutlineError
from novex.web.tiles import TileError
from novex.web.whatif import BusyError, WhatIfUnavailableError

__all__ = ["install_error_handlers", "status_of"]

log = logging.getLogger(__name__)


def status_of(err: NovexError) -> int:
    """The HTTP status of a novex error."""
    if isinstance(err, AuthRequiredError):
        return 401
    if isinstance(err, RateLimitedError):
        return 429
    if isinstance(err, PermissionDeniedError):
        return 403
    if isinstance(err, BusyError):
        return 503
    if isinstance(err, DraftSaveError):  # the server's set-up, said plainly
        return 500
    if isinstance(
        err, DossierNotFoundError | TileError | AtlasError | OutlineError | WhatIfUnavailableError
    ):
        return 404
    if isinstance(err, ConflictError):
        return 409
    if isinstance(err, ResultsError | ReferenceLookupError):  # an unknown province
        return 404
    if isinstance(err, DossierInputError | ValueError):
        return 422
    return 400


def install_error_handlers(app: FastAPI) -> None:
    """Answer novex errors with their message, everything unexpected with a plain 500."""

    @app.exception_handler(NovexError)
    async def novex_error(request: Request, err: NovexError) -> JSONResponse:
        status = status_of(err)
        body: dict[str, object] = {"detail": str(err)}
        if isinstance(err, ConflictError):
            body["changes"] = getattr(err, "changes", [])
        headers = {"WWW-Authenticate": "Session"} if status == 401 else None
        if status == 429:
            headers = {"Retry-After": "3600"}
        if status == 503:
            headers = {"Retry-After": "5"}
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError) -> JSONResponse:
        detail = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in err.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": err.detail}, status_code=err.status_code, headers=err.headers
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            {"detail": "Internal error; the server log has the details."}, status_code=500
        )
