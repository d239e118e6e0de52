"""The data of the arrangement and national reports, gathered from the run and the dossier.

A context is a plain dict the templates read. Every number in it is the number in the
run folder (through :mod:`novex.results`) or in the dossier, unrounded; the templates
format it for the reader's language. Nothing is solved or computed again, except sums
of the run's own rows (national totals per function).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from novex.errors import ReportError, ResultsError
from novex.reports.inputs import ReportInputs
from novex.reports.maps import (
    Figure,
    Raster,
    draw_categories,
    province_window,
    read_raster,
    small_multiples,
)
from novex.text import format_date, format_gap, format_number, gettext, status_label

__all__ = [
    "ARRANGEMENT_STATUS",
    "allocation_map",
    "arrangement_context",
    "arrangement_status",
    "base_context",
    "certificate",
    "claim_rows",
    "function_name",
    "homes_per_ha",
    "national_context",
    "process_timeline",
    "province_of",
    "tier_homes",
]

ARRANGEMENT_STATUS = {
    "concept": "draft",
    "in_overleg": "in consultation",
    "vastgesteld": "adopted",
}
"""The English message of each arrangement status (its Dutch is the status code's word)."""

_TOL = 1e-6


def function_name(function: str, lang: str) -> str:
    """The name of a land-use function (or design concept) in ``lang``."""
    from novex.reference.vocabulary import function_names

    names = function_names().get(function)
    if names is None:
        return function
    return names[1] if lang == "en" else names[0]


def province_of(run: Any, key: str) -> Any:
    """The reference province for ``key`` and the run's result for it, or a ReportError."""
    from novex.errors import ReferenceLookupError
    from novex.reference import region

    try:
        reg = region(key, "province")
    except ReferenceLookupError as err:
        raise ReportError(f"Unknown province {key!r}: {err}") from err
    try:
        result = run.province(reg.code)
    except ResultsError as err:
        raise ReportError(str(err)) from err
    return reg, result


def base_context(inputs: ReportInputs, lang: str, kind: str, title: str) -> dict[str, Any]:
    """What every report shows: title, language, date, the run's fingerprint, synthetic flag."""
    run = inputs.results
    m = run.manifest
    return {
        "kind": kind,
        "lang": lang,
        "title": title,
        "date": format_date(inputs.today, lang),
        "synthetic": m.synthetic,
        "run": {
            "path": str(run.path),
            "spec": m.spec_name,
            "sha256": m.sha256,
            "novex_version": m.novex_version,
            "workspace": m.workspace_name,
            "resolution": m.grid.resolution,
        },
    }


def _caption(inputs: ReportInputs, lang: str, what: str) -> str:
    m = inputs.results.manifest
    text = gettext(
        "Source: {what}, puzzle run '{spec}' (manifest {sha}), workspace '{ws}'; RD New "
        "(EPSG:28992), cells of {res} m; drawn {date}.",
        lang,
        what=what,
        spec=m.spec_name,
        sha=m.sha256[:12],
        ws=m.workspace_name,
        res=m.grid.resolution,
        date=format_date(inputs.today, lang),
    )
    if m.synthetic:
        text += " " + gettext("Status: synthetic demo data, not for decisions.", lang)
    return text


def _categories(inputs: ReportInputs, lang: str) -> tuple[list[Any], list[str]]:
    run = inputs.results
    cats = run.categories
    size = max(c.value for c in cats) + 1
    colours: list[Any] = [(255, 255, 255, 0)] * size
    labels = [""] * size
    names = {t.value: t.name(lang) for t in run.manifest.types}
    for c in cats:
        colours[c.value] = c.colour if c.value else (255, 255, 255, 255)
        labels[c.value] = names.get(c.value, c.name) if c.value else ""
    return colours, labels


def _province_raster(inputs: ReportInputs, raster_id: int, max_px: int) -> tuple[Raster, Any]:
    alloc = inputs.results.path / "allocation.tif"
    prov = inputs.province_raster
    window = province_window(prov, raster_id) if prov is not None else None
    raster = read_raster(alloc, window, max_px=max_px)
    mask = None
    if prov is not None:
        pr = read_raster(prov, window, max_px=max_px)
        if pr.data.shape == raster.data.shape:
            mask = pr.data == raster_id
    return raster, mask


def allocation_map(inputs: ReportInputs, reg: Any, lang: str) -> Figure:
    """The allocation map of one province with the run's category colours."""
    colours, labels = _categories(inputs, lang)
    raster, mask = _province_raster(inputs, reg.raster_id, 900)
    name = reg.name(lang)
    return draw_categories(
        raster,
        colours,
        labels,
        title=gettext("Allocation of the ruimtelijke puzzel: {name}", lang, name=name),
        alt=gettext(
            "Map of {name} showing the land-use type the puzzle allocates to each cell; "
            "the legend names the types and their colours.",
            lang,
            name=name,
        ),
        caption=_caption(inputs, lang, gettext("the allocation raster", lang)),
        synthetic=inputs.results.manifest.synthetic,
        lang=lang,
        mask=mask,
    )


def claim_rows(claims: Sequence[Any], lang: str) -> list[dict[str, Any]]:
    """The claims with their names and the meaning of their price in words."""
    rows = []
    for c in claims:
        name = function_name(c.function, lang)
        if c.price is None:
            meaning = gettext("Not solved: no price.", lang)
        elif c.price < -_TOL:
            meaning = gettext(
                "Each extra hectare of {function} would add {price} of suitability here; the "
                "claim's maximum is reached.",
                lang,
                function=name.lower(),
                price=format_number(-c.price, lang, 2),
            )
        elif c.price <= _TOL:
            meaning = gettext(
                "An extra hectare of {function} costs nothing elsewhere here: there is room "
                "to spare.",
                lang,
                function=name.lower(),
            )
        else:
            meaning = gettext(
                "Each extra hectare of {function} costs {price} of suitability elsewhere here.",
                lang,
                function=name.lower(),
                price=format_number(c.price, lang, 2),
            )
        rows.append(
            {"function": c.function, "name": name, "row": c, "meaning": meaning,
             "source": c.source, "status": c.status}
        )  # fmt: skip
    return rows


def certificate(p: Any, lang: str) -> str:
    """The certificate of a province in words."""
    if not p.solved or p.objective is None or p.dual_bound is None:
        return gettext(
            "The claims cannot all fit, so nothing was allocated and there is no certificate.",
            lang,
        )
    return gettext(
        "The allocation scores {objective} suitability points; no allocation can score more "
        "than {bound}. It is therefore at most {gap} below the best possible allocation "
        "({status}).",
        lang,
        objective=format_number(p.objective, lang, 1),
        bound=format_number(p.dual_bound, lang, 1),
        gap=format_gap(p.gap, lang),
        status=status_label(p.status, lang),
    )


def _dossier_arrangement(
    inputs: ReportInputs, code: str, version: int | None, lang: str
) -> dict[str, Any] | None:
    d = inputs.dossier
    if d is None:
        if version is not None:
            inputs.require_dossier("arrangement")
        return None
    from sqlalchemy import select

    from novex.dossier import SYSTEM
    from novex.dossier.models import ArrangementVersion

    found = d.records(SYSTEM, "arrangement", province=code)
    if not found:
        if version is not None:
            raise ReportError(
                f"The dossier {inputs.dossier_url!r} has no arrangement for {code!r}, so no "
                f"version {version!r}. Leave out --version, or create one with "
                f"`novex dossier arrangement create --province {code} --run RUN`."
            )
        return None
    arr = d.show_arrangement(SYSTEM, found[-1]["id"])
    numbers = [v["number"] for v in arr["versions"]]
    number = arr["current"] if version is None else version
    if number not in numbers:
        raise ReportError(
            f"Arrangement {arr['id']} of {code} has no version {number!r}; it has versions "
            f"{numbers}. Choose one of them with --version."
        )
    with d.transaction(read_only=True) as s:
        row = s.scalars(
            select(ArrangementVersion).where(
                ArrangementVersion.arrangement_id == arr["id"],
                ArrangementVersion.number == number,
            )
        ).one()
        content, status = dict(row.content), row.status
        author, reason, created = row.author, row.reason, row.created_at
    run_sha = None
    with d.transaction(read_only=True) as s:
        from novex.dossier.models import PuzzleRun

        run_row = s.get(PuzzleRun, arr["run_id"])
        run_sha = run_row.manifest_hash if run_row is not None else None
    changes = None
    if number > 1:
        diff = d.diff_arrangement(SYSTEM, arr["id"], number - 1, number, lang=lang)
        changes = {
            "status": [arrangement_status(x, lang) for x in diff["status"]],
            "functions": [
                {**f, "name": function_name(f["function"], lang)} for f in diff["functions"]
            ],
            "lists": diff["lists"],
            "text": diff["text"],
        }
    return {
        "id": arr["id"],
        "title": arr["title"],
        "version": number,
        "current": arr["current"],
        "versions": numbers,
        "status": arrangement_status(status, lang),
        "content": content,
        "signatories": content.get("signatories", []),
        "author": author,
        "reason": reason,
        "created": format_date(created, lang),
        "run_matches": run_sha == inputs.results.manifest.sha256,
        "changes": changes,
    }


def homes_per_ha(inputs: ReportInputs, code: str) -> dict[str, Any] | None:
    """Homes per hectare of wonen from the dossier's startpakket (its figure / its hectares).

    None when the dossier has no startpakket claim for wonen with a figure in homes.
    """
    d = inputs.dossier
    if d is None:
        return None
    from novex.dossier import SYSTEM

    for sp in d.records(SYSTEM, "startpakket", province=code):
        for c in d.records(SYSTEM, "claim", startpakket_id=sp["id"], function="wonen"):
            if c["value"] and c["hectares"] > 0 and "woning" in str(c["unit"]):
                return {"density": c["value"] / c["hectares"], "conversion": c["conversion"],
                        "source": c["source"]}  # fmt: skip
    return None


def tier_homes(tier: Any, homes: dict[str, Any] | None) -> float | None:
    """Homes of a tier row: the run's own figure when it has one, else wonen hectares times
    the startpakket's homes per hectare (:func:`homes_per_ha`)."""
    own = getattr(tier, "homes", None)
    if own is not None:
        return float(own)
    if homes is None or tier.function != "wonen":
        return None
    return float(tier.function_ha * homes["density"])


def arrangement_status(code: str, lang: str) -> str:
    """The word for an arrangement status (``concept``, ``in_overleg``, ``vastgesteld``)."""
    if code in ARRANGEMENT_STATUS:
        return gettext(ARRANGEMENT_STATUS[code], lang)
    return code


def arrangement_context(
    inputs: ReportInputs, province: str, lang: str, version: int | None = None
) -> dict[str, Any]:
    """Everything the ruimtelijk-arrangement report of ``province`` shows."""
    run = inputs.results
    reg, p = province_of(run, province)
    dossier = _dossier_arrangement(inputs, reg.code, version, lang)
    name = reg.name(lang)
    ctx = base_context(
        inputs, lang, "arrangement", gettext("Ruimtelijk arrangement {name}", lang, name=name)
    )
    rules = run.rules(reg.code)
    homes = homes_per_ha(inputs, reg.code)
    run_homes = any(getattr(t, "homes", None) is not None for t in run.tiers(reg.code))
    ctx.update(
        homes=homes,
        run_homes=run_homes,
        province={"code": reg.code, "name": name},
        result=p,
        status=status_label(p.status, lang),
        certificate=certificate(p, lang),
        claims=claim_rows(run.claims(reg.code), lang),
        unfit=[
            {"name": function_name(c.function, lang), "row": c}
            for c in run.claims(reg.code)
            if not c.fits
        ],
        conflicts=[
            {"names": [function_name(f, lang) for f in c.functions], "row": c}
            for c in run.conflicts(reg.code)
        ],
        rules=[
            {"name": r.name(lang), "function": function_name(r.function, lang), "row": r}
            for r in rules
            if not r.is_total
        ],
        rules_total=[r for r in rules if r.is_total],
        tiers=[
            {
                "name": t.name(lang),
                "function": function_name(t.function, lang),
                "row": t,
                "homes": tier_homes(t, homes),
            }
            for t in run.tiers(reg.code)
        ],
        principles=[
            {
                "name": x.name(lang),
                "row": x,
                "delta": [(function_name(f, lang), v) for f, v in x.delta_ha.items()],
            }
            for x in run.principles(reg.code)
        ],
        dossier=dossier,
        manifest=run.manifest,
        map=allocation_map(inputs, reg, lang),
    )
    return ctx


def national_context(inputs: ReportInputs, lang: str) -> dict[str, Any]:
    """Everything the national overview shows: 12 puzzles, shortfall per function, process."""
    from novex.reference import region

    run = inputs.results
    ctx = base_context(inputs, lang, "national", gettext("National overview NOVEX", lang))
    rows, panels = [], []
    for p in run.provinces:
        reg = region(p.code, "province")
        rows.append(
            {"code": p.code, "name": reg.name(lang), "result": p,
             "status": status_label(p.status, lang), "short_ha": sum(p.short.values())}
        )  # fmt: skip
        raster, mask = _province_raster(inputs, reg.raster_id, 320)
        panels.append((reg.name(lang), raster, mask))
    per_function: dict[str, dict[str, float]] = {}
    for c in run.claims():
        f = per_function.setdefault(c.function, {"demand": 0.0, "allocated": 0.0, "short": 0.0})
        f["demand"] += c.demand_min
        f["allocated"] += c.allocated
        f["short"] += c.shortfall
    functions = [
        {"function": k, "name": function_name(k, lang), **v} for k, v in per_function.items()
    ]
    colours, labels = _categories(inputs, lang)
    ctx.update(
        provinces=rows,
        functions=functions,
        national_claims=list(run.national_claims),
        map=small_multiples(
            panels,
            colours,
            labels,
            alt=gettext(
                "Twelve small maps, one per province, each showing the land-use type the "
                "puzzle allocates to every cell; one legend below them names the types.",
                lang,
            ),
            caption=_caption(inputs, lang, gettext("the allocation raster", lang)),
            synthetic=run.manifest.synthetic,
            lang=lang,
        ),
        process=process_timeline(inputs, lang),
        manifest=run.manifest,
    )
    return ctx


def process_timeline(inputs: ReportInputs, lang: str) -> dict[str, Any] | None:
    """Phases with their milestones, decisions and planMER steps from the dossier."""
    d = inputs.dossier
    if d is None:
        return None
    from novex.dossier import SYSTEM

    milestones = d.records(SYSTEM, "milestone")
    phases = [
        {**ph, "milestones": [m for m in milestones if m["phase"] == ph["code"]]}
        for ph in d.records(SYSTEM, "phase")
    ]
    decisions = sorted(d.records(SYSTEM, "decision"), key=lambda x: x["date"])
    return {
        "phases": phases,
        "decisions": decisions,
        "planmer": d.records(SYSTEM, "planmer_step"),
    }
