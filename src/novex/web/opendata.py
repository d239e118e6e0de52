"""The open-data endpoints: the file list, the files, the reports and the outlines.

- ``GET /api/downloads``: every file offered, with size, SHA-256, licence and provenance;
- ``GET /download/{group}/{file}``: the file itself, streamed, with its media type,
  ``Content-Disposition`` (attachment; a PDF report opens in the browser) and
  ``Repr-Digest`` (its SHA-256);
- ``GET /api/reports``: the PDF reports (per province and the national one);
- ``GET /api/map/outlines`` and ``/api/map/outlines/{kind}``: the outline kinds and their
  GeoJSON in WGS84.
"""

from __future__ import annotations

import base64
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse

from novex.web.downloads import Catalogue
from novex.web.outlines import KINDS, Outlines
from novex.web.state import WebState, state

__all__ = ["catalogue", "install", "outlines", "report_links", "router"]

router = APIRouter(tags=["open data"])

Lang = Annotated[Literal["nl", "en"], Query(description="Language of titles and notes.")]


def install(app: FastAPI) -> None:
    """Open the outlines and the catalogue of ``app``'s folders and add the endpoints."""
    st: WebState = app.state.novex
    lines = st.atlas.outlines  # one vectorising of the outlines for the atlas and the open data
    app.state.novex_outlines = lines
    cat = app.state.novex_catalogue = Catalogue(st.config, st.atlas, lines)

    def warm() -> None:  # hash the files and write the outline GeoPackages in the background
        threading.Thread(target=cat.warm, name="novex-open-data", daemon=True).start()

    app.router.add_event_handler("startup", warm)
    app.router.add_event_handler("shutdown", cat.close)
    app.include_router(router)


def catalogue(request: Request) -> Catalogue:
    """The app's :class:`Catalogue` (a FastAPI dependency)."""
    return request.app.state.novex_catalogue


def outlines(request: Request) -> Outlines:
    """The app's :class:`Outlines` (a FastAPI dependency)."""
    return request.app.state.novex_outlines


@router.get("/downloads", response_class=HTMLResponse, include_in_schema=False)
async def downloads_page(
    request: Request, st: WebState = Depends(state), cat: Catalogue = Depends(catalogue)
) -> HTMLResponse:
    """The open-data page: every file with its size, SHA-256, licence and provenance."""
    from novex.web.pages import page_lang, render

    info = await run_in_threadpool(cat.describe, page_lang(request))
    return render(request, st, "downloads.html", info=info)


def report_links(request: Request) -> dict[str, str]:
    """Province code (or ``nationaal``) -> the URL of its PDF report, for the pages."""
    cat = getattr(request.app.state, "novex_catalogue", None)
    links: dict[str, str] = {}
    for name in cat.names() if cat is not None else ():
        if name.startswith("rapporten/"):
            stem = name.removeprefix("rapporten/").removesuffix(".pdf")
            links[stem.removeprefix("arrangement_")] = f"/download/{name}"
    return links


@router.get("/api/downloads")
async def downloads(lang: Lang = "nl", cat: Catalogue = Depends(catalogue)) -> dict[str, Any]:
    """Every file offered for download: name, URL, size, SHA-256, licence and provenance
    (source, date, status: ``synthetisch`` for the demo)."""
    result: dict[str, Any] = await run_in_threadpool(cat.describe, lang)
    return result


@router.get(
    "/download/{group}/{name}",
    response_class=FileResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}},
        404: {"description": "no such file"},
    },
)
async def download(
    group: Annotated[str, Path(pattern=r"^[a-z]{1,20}$")],
    name: Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,120}$")],
    cat: Catalogue = Depends(catalogue),
) -> FileResponse:
    """One file of the list, streamed (only names from ``/api/downloads``)."""
    entry, path = await run_in_threadpool(cat.get, f"{group}/{name}")
    digest = await run_in_threadpool(cat.sha256, path)
    b64 = base64.b64encode(bytes.fromhex(digest)).decode()
    return FileResponse(
        path,
        media_type=entry.media_type,
        filename=path.name,
        content_disposition_type="inline" if path.suffix == ".pdf" else "attachment",
        headers={"Repr-Digest": f"sha-256=:{b64}:", "Cache-Control": "no-cache"},
    )


@router.get("/api/reports")
def reports(lang: Lang = "nl", cat: Catalogue = Depends(catalogue)) -> list[dict[str, Any]]:
    """The PDF reports: the national one and one per province's arrangement."""
    from novex.reference import regions
    from novex.text import gettext

    out = []
    for name in cat.names():
        if not name.startswith("rapporten/"):
            continue
        stem = name.removeprefix("rapporten/").removesuffix(".pdf")
        code = stem.removeprefix("arrangement_") if stem.startswith("arrangement_") else None
        title = gettext("National report", lang) if stem == "nationaal" else stem
        if code is not None:
            try:
                r = regions.region(code, "province")
                title = (
                    gettext("Ruimtelijk arrangement", lang)
                    + " "
                    + (r.name_en if lang == "en" else r.name_nl)
                )
            except (KeyError, ValueError):
                code = None
        out.append({"name": name, "url": f"/download/{name}", "province": code, "title": title})
    return out


@router.get("/api/map/outlines")
def outline_kinds(lang: Lang = "nl", lines: Outlines = Depends(outlines)) -> list[dict[str, Any]]:
    """The outline kinds the workspace holds, with their title and GeoJSON URL."""
    from novex.text import gettext

    return [
        {"kind": k, "title": gettext(KINDS[k][0], lang), "url": f"/api/map/outlines/{k}"}
        for k in lines.kinds()
    ]


@router.get("/api/map/outlines/{kind}")
async def outline(
    kind: Annotated[str, Path(pattern=r"^[a-z-]{1,32}$")],
    lines: Outlines = Depends(outlines),
) -> dict[str, Any]:
    """The outlines of ``kind`` (``novex-gebieden``, ``woningbouwgebieden``) as GeoJSON in
    WGS84 (EPSG:4326), with a label point and a bounding box per feature."""
    result: dict[str, Any] = await run_in_threadpool(lines.geojson, kind)
    return result
