"""What-if: re-solve one province with more hectares for one claim (a draft, not saved)."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, ConfigDict, Field

from novex.dossier.roles import Scope
from novex.errors import PermissionDeniedError
from novex.reference import regions
from novex.web.state import WebState, state

__all__ = ["WhatIf", "router"]

router = APIRouter(tags=["what-if"])


class WhatIf(BaseModel):
    """A change to one province's claims: ``add_ha`` more for ``function``."""

    model_config = ConfigDict(extra="forbid")
    province: Annotated[str, Field(min_length=2, max_length=40)]
    function: Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z_]+$")]
    add_ha: Annotated[float, Field(ge=0, le=1_000_000)]
    lang: Annotated[str, Field(pattern="^(nl|en)$")] = "nl"


@router.post("/whatif", responses={503: {"description": "every worker busy; see Retry-After"}})
async def whatif(
    body: WhatIf,
    request: Request,
    x_csrf_token: Annotated[str | None, Header()] = None,
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """Re-solve ``province`` with ``add_ha`` more hectares claimed for ``function``; returns
    the draft's status, certificate and claims table (nothing is saved)."""
    actor, session = st.sessions.require_actor(request)
    st.sessions.check_csrf(session, x_csrf_token)
    code = regions.region(body.province, "province").code
    if not actor.may_write(Scope(frozenset({code}))):
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not re-solve province {code!r}."
        )
    future = st.whatif.submit(code, body.function, body.add_ha, body.lang)
    result: dict[str, Any] = await asyncio.wrap_future(future)
    return result
