"""Map data for the atlas: layers with legends, a cell's story, outlines, stack figures."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from novex.web.atlas import AtlasError
from novex.web.state import WebState, state

__all__ = ["router"]

router = APIRouter(tags=["map"])

Lang = Annotated[Literal["nl", "en"], Query(description="Language of names and labels.")]


@router.get("/map")
def map_data(st: WebState = Depends(state), lang: Lang = "nl") -> dict[str, Any]:
    """The layers the atlas can show, their legends and tile URLs, and the map's extent."""
    a = st.atlas
    return {
        "synthetic": a.synthetic,
        "bounds": a.bounds_wgs84(),
        "layers": a.layers(lang),
        "run": a.run.manifest.spec_name if a.run else None,
    }


@router.get("/map/cell")
async def cell(
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    lang: Lang = "nl",
    st: WebState = Depends(state),
) -> dict[str, Any]:
    """The cell at ``lon``, ``lat``: its province, the interests that claim it, what the run
    allocated there and the price of the claims that type serves."""
    return st.atlas.cell(lon, lat, lang)


@router.get("/map/outlines/provinces")
def province_outlines(st: WebState = Depends(state)) -> dict[str, Any]:
    """The province outlines as GeoJSON (WGS84), from the workspace's province raster."""
    return st.atlas.province_outlines()


@router.get("/stack")
def stack_summary(
    region: Annotated[str | None, Query(max_length=64)] = None, st: WebState = Depends(state)
) -> dict[str, Any]:
    """The stapelkaart figures of a province (code or name) or, without one, the nation."""
    stack = st.atlas.stack
    if stack is None:
        raise AtlasError("This server runs without a stapelkaart; start it with --stack.")
    key: str | int | None = region
    if region is not None:
        from novex.reference import regions

        try:  # a province code or name in any language -> its raster id
            key = regions.region(region).raster_id or region
        except (KeyError, ValueError):
            key = region
    try:
        r = stack.region(key)
    except (KeyError, ValueError) as err:
        raise AtlasError(
            f"Unknown region {region!r} in the stapelkaart; give a province code such as "
            "'NL-UT' or leave it out for the nation."
        ) from err
    return {
        "name": r.name,
        "area_ha": r.area_ha,
        "claimed_ha": r.claimed_ha,
        "claimed_3plus_ha": r.claimed_3plus_ha,
        "interests": [{"interest": i.interest, "name": i.name, "hectares": i.hectares}
                      for i in r.interests],
        "pairs": [{"a": p.a, "b": p.b, "hectares": p.hectares, "class": p.cls.value}
                  for p in r.pairs[:20]],
        "class_hectares": dict(r.class_hectares),
        "synthetic": stack.manifest.synthetic,
    }  # fmt: skip
