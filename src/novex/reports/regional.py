"""The data of the startpakket and NOVEX-gebied reports: one province, one area.

As in :mod:`novex.reports.context`, a context is a plain dict of unrounded numbers
from the run, the stapelkaart and the dossier; the templates format them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from novex.errors import ReportError
from novex.reports.charts import stacked_bars
from novex.reports.context import base_context, function_name, province_of
from novex.reports.inputs import ReportInputs
from novex.reports.maps import Figure, draw_categories, province_window, read_raster
from novex.text import format_date, format_money, gettext, ngettext

__all__ = ["area_context", "startpakket_context"]

_OVERLAP_COLOURS = (
    (255, 255, 255, 255),
    (254, 240, 217, 255),
    (253, 204, 138, 255),
    (252, 141, 89, 255),
    (227, 74, 51, 255),
    (179, 0, 0, 255),
)


def _stack_caption(inputs: ReportInputs, lang: str) -> str:
    st = inputs.stapelkaart.manifest
    text = gettext(
        "Source: novex stapelkaart (manifest {sha}), workspace '{ws}'; RD New (EPSG:28992), "
        "cells of {res} m; drawn {date}.",
        lang,
        sha=st.sha256[:12],
        ws=st.workspace,
        res=st.grid.resolution,
        date=format_date(inputs.today, lang),
    )
    if st.synthetic:
        text += " " + gettext("Status: synthetic demo data, not for decisions.", lang)
    return text


def _region_map(
    inputs: ReportInputs, path: Any, raster_id: int, values: Any, colours: Any, labels: Any,
    *, title: str, alt: str, caption: str, synthetic: bool, lang: str,
) -> Figure:  # fmt: skip
    prov = inputs.province_raster
    window = province_window(prov, raster_id) if prov is not None else None
    raster = read_raster(path, window)
    mask = None
    if prov is not None:
        pr = read_raster(prov, window)
        if pr.data.shape == raster.data.shape:
            mask = np.isin(pr.data, list(values)) if values is not None else pr.data == raster_id
    return draw_categories(
        raster, colours, labels, title=title, alt=alt, caption=caption,
        synthetic=synthetic, lang=lang, mask=mask,
    )  # fmt: skip


def startpakket_context(inputs: ReportInputs, province: str, lang: str) -> dict[str, Any]:
    """Everything the startpakket report of ``province`` shows."""
    from novex.reference import load_reference, novex_gebieden

    run = inputs.results
    reg, p = province_of(run, province)
    stack = inputs.stapelkaart
    name = reg.name(lang)
    ctx = base_context(inputs, lang, "startpakket", gettext("Startpakket {name}", lang, name=name))
    summary = stack.region(reg.raster_id)
    labels = [""] + [ngettext("{n} interest", "{n} interests", k, lang) for k in range(1, 5)]
    labels.append(gettext("{n} or more", lang, n=5))
    stack_map = _region_map(
        inputs,
        stack.path / "overlap_count.tif",
        reg.raster_id,
        None,
        _OVERLAP_COLOURS,
        labels,
        title=gettext("Stapelkaart: national interests per cell in {name}", lang, name=name),
        alt=gettext(
            "Map of {name} coloured by how many national interests claim each cell, from one "
            "(light) to five or more (dark red).",
            lang,
            name=name,
        ),
        caption=_stack_caption(inputs, lang),
        synthetic=stack.manifest.synthetic,
        lang=lang,
    )
    ref = load_reference()
    dossier_claims = None
    d = inputs.dossier
    if d is not None:
        from novex.dossier import SYSTEM

        sp = d.records(SYSTEM, "startpakket", province=reg.code)
        if sp:
            dossier_claims = [
                {**c, "name": function_name(c["function"], lang)}
                for c in d.records(SYSTEM, "claim", startpakket_id=sp[0]["id"])
            ]
    housing = [h for h in ref.items("housing-areas") if reg.code in getattr(h, "provinces", [])]
    ctx.update(
        province={"code": reg.code, "name": name},
        result=p,
        claims=[
            {"name": function_name(c.function, lang), "row": c, "sources": c.sources}
            for c in run.claims(reg.code)
        ],
        dossier_claims=dossier_claims,
        interests=sorted(summary.interests, key=lambda x: -x.hectares),
        area_ha=summary.area_ha,
        claimed_ha=summary.claimed_ha,
        claimed_3plus_ha=summary.claimed_3plus_ha,
        conflicts=stack.conflicts(reg.raster_id, 5),
        koppelkansen=stack.koppelkansen(reg.raster_id, 5),
        areas=[a for a in novex_gebieden() if reg.code in a.provinces],
        housing=[
            {
                "id": h.id,
                "name": h.name_en if lang == "en" else h.name_nl,
                "status": getattr(h, "provinces_status", ""),
            }
            for h in housing
        ],
        map=stack_map,
        stack_manifest=stack.manifest,
    )
    return ctx


def _area_region(key: str) -> Any:
    from novex.errors import ReferenceLookupError
    from novex.reference import region

    try:
        return region(key, "novex_gebied")
    except ReferenceLookupError as err:
        raise ReportError(f"Unknown NOVEX-gebied {key!r}: {err}") from err


def area_context(inputs: ReportInputs, area: str, lang: str) -> dict[str, Any]:
    """Everything the report of NOVEX-gebied ``area`` shows."""
    from novex.dossier import SYSTEM
    from novex.reference import region

    reg = _area_region(area)
    d = inputs.require_dossier("NOVEX-gebied")
    found = d.records(SYSTEM, "area", code=reg.code)
    if not found:
        raise ReportError(
            f"The dossier {inputs.dossier_url!r} has no record of NOVEX-gebied {reg.code!r} "
            f"({reg.name_nl}). Fill it with `novex dossier seed-demo`, or choose another area."
        )
    rec = found[0]
    name = reg.name(lang)
    ctx = base_context(inputs, lang, "area", gettext("NOVEX-gebied {name}", lang, name=name))
    actions = d.records(SYSTEM, "action", area=reg.code)
    investments = d.records(SYSTEM, "investment", area=reg.code)
    progress = d.area_progress(SYSTEM, reg.code, today=inputs.today)
    per_year: dict[int, dict[str, float]] = defaultdict(dict)
    per_source: dict[str, float] = defaultdict(float)
    for i in investments:
        if i["status"] == "vervallen":
            continue
        per_year[i["year"]][i["source"]] = per_year[i["year"]].get(i["source"], 0) + i["amount_eur"]
        per_source[i["source"]] += i["amount_eur"]
    sources = {"rijk": gettext("Rijk", lang), "regio": gettext("region", lang),
               "privaat": gettext("private", lang)}  # fmt: skip
    totals = ", ".join(
        f"{sources.get(k, k)} {format_money(v, lang, decimals=0)}" for k, v in per_source.items()
    )
    chart = stacked_bars(
        {y: {k: v / 1e6 for k, v in row.items()} for y, row in per_year.items()},
        sources,
        title=gettext("Regionale investeringsagenda per year and source", lang),
        ylabel=gettext("million euro", lang),
        alt=gettext("Bar chart of the investments per year, stacked by source: {totals}.",
                    lang, totals=totals),
        caption=gettext("Source: the dossier, regionale investeringsagenda of {name}; {date}.",
                        lang, name=name, date=format_date(inputs.today, lang))
        + (" " + gettext("Example lines (demo), not real agreements.", lang)
           if progress["example"] else ""),
        synthetic=bool(progress["example"]),
        lang=lang,
        mark=gettext("EXAMPLE LINES (demo), not real agreements", lang),
    )  # fmt: skip
    provinces = [region(c, "province") for c in reg.provinces]
    shape = None
    if rec.get("outline_wkb"):
        import shapely

        shape = shapely.from_wkb(bytes.fromhex(rec["outline_wkb"]))
    outline = None
    if inputs.province_raster is not None and provinces:
        from novex.reports.maps import Raster

        full = read_raster(inputs.province_raster, max_px=700)
        ids = {p.raster_id for p in provinces}
        data = np.where(np.isin(full.data, list(ids)), 2, np.where(full.data > 0, 1, 0))
        names = ", ".join(p.name(lang) for p in provinces)
        caption = (
            gettext("Source: the outline of {name} in the dossier (EPSG:28992); provinces "
                    "schematic.", lang, name=name)
            if shape is not None
            else gettext("The dossier holds no outline of this area; the map shows the "
                         "province(s) it lies in (schematic boundaries).", lang)
        )  # fmt: skip
        outline = draw_categories(
            Raster(data.astype(np.uint8), full.extent),
            [(255, 255, 255, 255), (225, 225, 225, 255), (31, 95, 139, 255)],
            ["", gettext("other provinces", lang), gettext("province(s) of the area", lang)],
            title=gettext("Where {name} lies", lang, name=name),
            alt=gettext("Map of the Netherlands with the province(s) {provinces} of {name} "
                        "highlighted.", lang, name=name, provinces=names)
            + (" " + gettext("A red line marks the area's outline.", lang) if shape else ""),
            caption=caption,
            synthetic=inputs.results.manifest.synthetic,
            lang=lang,
            outline=shape,
            outline_label=gettext("outline of the area", lang),
        )  # fmt: skip
    ctx.update(
        area={"code": reg.code, "name": name, "provinces": [p.name(lang) for p in provinces]},
        record=rec,
        actions=actions,
        investments=investments,
        per_source=dict(per_source),
        per_year={k: per_year[k] for k in sorted(per_year)},
        sources=sources,
        progress=progress,
        chart=chart,
        map=outline,
    )
    return ctx
