"""The puzzle run the server shows: provinces with their certificate, the claims table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from novex.web.atlas import AtlasError
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(tags=["runs"])


def _run(st: WebState) -> Any:
    if st.atlas.run is None:
        raise AtlasError("This server runs without a puzzle run; start it with --run.")
    return st.atlas.run


@router.get("/run")
def run_summary(st: WebState = Depends(state)) -> dict[str, Any]:
    """The run: name, synthetic flag, and per province status and certificate."""
    run = _run(st)
    m = run.manifest
    return {
        "name": m.spec_name,
        "synthetic": m.synthetic,
        "sha256": m.sha256,
        "provinces": [
            {"code": p.code, "name": p.name, "status": p.status, "objective": p.objective,
             "dual_bound": p.dual_bound, "gap": p.gap, "demand_ha": p.demand_ha,
             "allocated_ha": p.allocated_ha, "short": dict(p.short)}
            for p in run.provinces
        ],
    }  # fmt: skip


@router.get("/run/claims")
def run_claims(
    province: Annotated[str | None, Query(max_length=64)] = None, st: WebState = Depends(state)
) -> list[dict[str, Any]]:
    """The claims table (all provinces, or one by code or name): demand, allocated,
    shortfall, price, source and status."""
    return [
        {"province": c.region, "province_name": c.region_name, "function": c.function,
         "demand_min": c.demand_min, "demand_max": c.demand_max, "allocated": c.allocated,
         "shortfall": c.shortfall, "total_ha": c.total_ha, "price": c.price,
         "priority": c.priority, "fits": c.fits, "source": c.source, "status": c.status}
        for c in _run(st).claims(province=province)
    ]  # fmt: skip
