"""What-if: re-solve one province with a changed claim or principle (a draft, not saved)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from novex.dossier.roles import Scope
from novex.errors import PermissionDeniedError
from novex.reference import regions
from novex.web.state import WebState, state

__all__ = ["Prepare", "WhatIf", "router"]

router = APIRouter(tags=["what-if"])

Principle = Literal["combinaties", "identiteit", "afwenteling", "samenhang"]


class WhatIf(BaseModel):
    """A change to one province: ``add_ha`` more (negative: fewer) hectares claimed for
    ``function``, and principles switched on (true) or off (false)."""

    model_config = ConfigDict(extra="forbid")
    province: Annotated[str, Field(min_length=2, max_length=40)]
    function: Annotated[str | None, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")] = None
    add_ha: Annotated[float, Field(ge=-1_000_000, le=1_000_000)] = 0.0
    principles: dict[Principle, bool] = Field(default_factory=dict)
    lang: Annotated[str, Field(pattern="^(nl|en)$")] = "nl"


class Prepare(BaseModel):
    """A province to assemble ahead of its first what-if."""

    model_config = ConfigDict(extra="forbid")
    province: Annotated[str, Field(min_length=2, max_length=40)]


def _allowed(request: Request, st: WebState, province: str, token: str | None) -> tuple[Any, str]:
    actor, session = st.sessions.require_actor(request)
    st.sessions.check_csrf(session, token)
    code = regions.region(province, "province").code
    if not actor.may_write(Scope(frozenset({code}))):
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not re-solve province {code!r}."
        )
    return actor, code


@router.post("/whatif", responses={503: {"description": "every worker busy; see Retry-After"}})
async def whatif(
    body: WhatIf,
    request: Request,
    x_csrf_token: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Re-solve ``province`` with the change; returns the draft's status, certificate,
    shortfall, claims table with prices (beside the published ones), the hectares whose
    type changed and the URLs of its map tiles (nothing is saved)."""
    actor, code = _allowed(request, st, body.province, x_csrf_token)
    future = st.whatif.submit(code, body.function, body.add_ha, body.lang,
                              principles=dict(body.principles), owner=actor.name)  # fmt: skip
    result: dict[str, Any] = await asyncio.wrap_future(future)
    return result


@router.post(
    "/whatif/prepare",
    status_code=202,
    responses={503: {"description": "every worker busy; see Retry-After"}},
)
async def prepare(
    body: Prepare,
    request: Request,
    x_csrf_token: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Start assembling ``province`` so its first what-if only solves (the atlas asks
    when a planner picks the province); answers at once."""
    _, code = _allowed(request, st, body.province, x_csrf_token)
    st.whatif.prepare(code)
    return {"province": code, "preparing": True}
