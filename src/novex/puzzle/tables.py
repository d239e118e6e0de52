"""The tables of a solved province: claims with their provenance, rules, housing.

:func:`claim_rows` gives per function the demand, what the allocation gives it, the
price and its meaning in words, with the interests, NOVI priorities, source, date and
status of every claim; :func:`rule_rows` the hectares each water-en-bodem rule excludes;
:func:`add_housing` the homes per voorkeursvolgorde tier and the wonen hectares per
NOVEX-woningbouwgebied, where the workspace has them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.tiers import add_tier_homes, housing_area_table, housing_context
from novex.text import format_hectares, format_number, gettext

if TYPE_CHECKING:
    from novex.puzzle.assemble import Assembly
    from novex.puzzle.runs import ProvinceRun

__all__ = ["add_housing", "claim_rows", "rule_rows"]

_TOL = 1e-6


def _explain(
    lang: str,
    function: str,
    lo: float,
    alloc: float,
    short: float,
    price: float,
    room: float,
    top_rule: tuple[str, float] | None,
) -> str:
    fits = {"alloc": format_number(alloc, lang), "demand": format_hectares(lo, lang)}
    if short <= _TOL:
        if price < -1e-9:
            return gettext(
                "Fits: {alloc} of {demand}; the claim's maximum is reached: one more hectare would "
                "gain {gain} suitability.",
                lang,
                gain=format_number(-price, lang, 3),
                **fits,
            )
        if abs(price) <= 1e-9:
            return gettext(
                "Fits: {alloc} of {demand}; the claim costs no suitability elsewhere.", lang, **fits
            )
        return gettext(
            "Fits: {alloc} of {demand}; each extra hectare costs {price} suitability.",
            lang,
            price=format_number(price, lang, 3),
            **fits,
        )
    rule = ""
    if top_rule is not None and top_rule[1] > 0:
        rule = gettext(
            "; rule '{rule}' excludes {ha}",
            lang,
            rule=top_rule[0],
            ha=format_hectares(top_rule[1], lang),
        )
    return gettext(
        "Does not fit: {short} short of {demand}. Room where {function} is allowed: "
        "{room}{rule}; other claims come first (priority) or share that room.",
        lang,
        short=format_hectares(short, lang),
        demand=format_hectares(lo, lang),
        function=function,
        room=format_hectares(room, lang),
        rule=rule,
    )


def _provenance(function: str, lines: list[Any]) -> dict[str, Any]:
    """Interests, NOVI priorities, source, date and status of a claim's lines, joined.

    Lines that name no interests (claims from the spec) take those of the function in
    the reference model, and their NOVI priorities from its primary interest.
    """
    from novex.reference import load_reference

    def join(values: list[str]) -> str:
        return "; ".join(dict.fromkeys(v for v in values if v))

    interests = [n for c in lines for n in c.interests]
    prios = [p for c in lines for p in c.novi_priorities]
    if not interests:
        ref = load_reference()
        func = next((x for x in ref.functions if x.id == function), None)
        if func is not None:
            interests = list(func.interests)
            primary = ref.get("interests", func.primary_interest)
            prios = list(getattr(primary, "priorities", []))
    return {
        "interests": " ".join(str(n) for n in dict.fromkeys(interests)),
        "novi_priorities": " ".join(dict.fromkeys(prios)),
        "source": join([c.source or f"novex puzzle spec ({c.origin})" for c in lines]),
        "date": join([c.date for c in lines]) or "n.b.",
        "status": join([c.status or "assumption" for c in lines]),
    }


def claim_rows(
    asm: Assembly,
    code: str,
    totals: NDArray[np.float64],
    prices: NDArray[np.float64] | None,
    rules: list[dict[str, Any]],
    solved: bool,
) -> list[dict[str, Any]]:
    part = asm.parts[code]
    lo, hi, _ = asm.demand(code)
    keep = np.array([t.keep is not None for t in asm.types])
    rows = []
    for j, f in enumerate(asm.functions):
        lines = [c for c in part.claims if c.function == f]
        if not lines:
            continue
        total = float(totals[j]) if solved else 0.0
        alloc = min(total, float(lo[0, j]))
        short = float(lo[0, j]) - alloc
        price = float(prices[0, j]) if prices is not None else None
        serving = (asm.contributions[:, j] > 0) & ~keep
        room = float(part.allowed[:, serving].any(axis=1).sum() * asm.cell_area)
        excl = [
            (r["rule"], r["excluded_ha"]) for r in rules if r["function"] == f and r["rule"] != "*"
        ]
        top = max(excl, key=lambda x: x[1]) if excl else None
        dmax = float(hi[0, j])
        row: dict[str, Any] = {
            "region": code,
            "region_name": part.province.name_nl,
            "function": f,
            "demand_min": float(lo[0, j]),
            "demand_max": dmax if np.isfinite(dmax) else None,
            "allocated": alloc,
            "shortfall": short,
            "total_ha": total,
            "above_min_ha": total - alloc,
            "excess_ha": max(0.0, total - dmax) if np.isfinite(dmax) else 0.0,
            "price": price,
            "priority": min(c.priority for c in lines),
            **_provenance(f, lines),
            "room_ha": room,
            "sources": [
                {
                    "origin": c.origin,
                    "min": c.min,
                    "max": c.max if np.isfinite(c.max) else None,
                    "source": c.source,
                    "date": c.date,
                    "status": c.status,
                    "note": c.note,
                }
                for c in lines
            ],
        }
        for lang in ("nl", "en"):
            row[f"explanation_{lang}"] = (
                _explain(lang, f, row["demand_min"], alloc, short, price or 0.0, room, top)
                if solved
                else gettext(
                    "Not solved: this province's claims do not fit together (strict).", lang
                )
            )
        rows.append(row)
    return rows


def rule_rows(asm: Assembly, code: str) -> list[dict[str, Any]]:
    part = asm.parts[code]
    masks = part.rule_masks
    rows = []
    for k, rule in enumerate(masks.rules):
        for j, f in enumerate(asm.functions):
            if f not in rule.functions and masks.excluded_ha[k, j] <= 0:
                continue
            rows.append(
                {
                    "region": code,
                    "rule": rule.id,
                    "name_nl": rule.name_nl,
                    "name_en": rule.name_en,
                    "function": f,
                    "layer": rule.layer,
                    "condition": f"{rule.layer} {rule.op} {rule.value}",
                    "matched_ha": float(masks.matched_ha[k]),
                    "excluded_ha": float(masks.excluded_ha[k, j]),
                    "status": rule.status,
                    "threshold_status": rule.threshold_status,
                    "source": rule.source,
                    "url": rule.url,
                }
            )
    for j, f in enumerate(asm.functions):
        if masks.net_ha[j] > 0:
            rows.append(
                {
                    "region": code,
                    "rule": "*",
                    "name_nl": "Alle regels samen",
                    "name_en": "All rules together",
                    "function": f,
                    "layer": "",
                    "condition": "",
                    "matched_ha": None,
                    "excluded_ha": float(masks.net_ha[j]),
                    "status": "",
                    "threshold_status": None,
                    "source": "",
                    "url": "",
                }
            )
    return rows


@functools.lru_cache(maxsize=4)
def _startpakket_housing(path: str, sha: str) -> dict[str, Any]:
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data.get("claims", data) if isinstance(data, dict) else data
    ctx = housing_context(rows if isinstance(rows, list) else [])
    assumptions = data.get("assumptions", {}) if isinstance(data, dict) else {}
    ctx["homes_per_ha"] = assumptions.get("homes_per_ha")
    return ctx


def add_housing(
    run: ProvinceRun, asm: Assembly, code: str, assign: NDArray[np.integer], keep: NDArray[Any]
) -> None:
    """Homes per tier and wonen per woningbouwgebied, where the workspace has them."""
    ws = asm.workspace
    table = asm.spec.claims.table
    if not table or table not in ws.tables:
        return
    entry = ws.tables[table]
    ctx = _startpakket_housing(str(ws.table_path(table)), str(entry.get("sha256")))
    add_tier_homes(run.tiers, ctx["homes"].get(code))
    if "woningbouwgebieden" not in ws.layers:
        return
    run.housing = [
        {"region": code, **row}
        for row in housing_area_table(
            asm.layer_values(code, "woningbouwgebieden"), assign, asm.contributions, asm.functions, keep, asm.cell_area,
            ctx["areas"].get(code, {}), ctx["homes_per_ha"],
        )
    ]  # fmt: skip
