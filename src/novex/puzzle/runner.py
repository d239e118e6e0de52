"""Run a puzzle spec on a workspace: :func:`solve_spec` and its result :class:`PuzzleRun`.

Each province is its own problem (the claims of the startpakket are per province, and
a national claim is split over the provinces before solving, see
:mod:`novex.puzzle.assemble`), so one province that cannot fit its claims in strict
mode does not stop the others: it is reported with its conflicting claims.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.assemble import Assembly, assemble
from novex.puzzle.coherence import coherence_line, grid_neighbours, province_figures
from novex.puzzle.engine.solution import SolveStatus
from novex.puzzle.principles import (
    PRINCIPLES,
    coherence_row,
    neighbour_bonus,
    principle_table,
)
from novex.puzzle.spec import PuzzleSpec, TypeDef, load_spec
from novex.puzzle.tiers import add_tier_homes, housing_area_table, housing_context, tier_table
from novex.reference import Region
from novex.text import format_hectares, format_number, gettext

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.engine.solution import Solution

__all__ = ["ProvinceRun", "PuzzleRun", "solve_spec"]

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]
"""``progress(province_code, done, total)``, called after each province."""

_TOL = 1e-6


@dataclass
class ProvinceRun:
    """The result of one province: status, certificate, claims and reports."""

    province: Region
    status: SolveStatus
    elastic: bool = True
    objective: float | None = None
    dual_bound: float | None = None
    gap: float | None = None
    passes: float | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    tiers: list[dict[str, Any]] = field(default_factory=list)
    housing: list[dict[str, Any]] = field(default_factory=list)
    principles: list[dict[str, Any]] = field(default_factory=list)
    coherence: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        """False when strict mode found the claims cannot all fit."""
        return self.status != SolveStatus.INFEASIBLE

    def fits(self) -> list[str]:
        """Functions whose claims are fully met."""
        return [c["function"] for c in self.claims if c["shortfall"] <= _TOL]

    def short(self) -> list[tuple[str, float]]:
        """(function, hectares short) for the claims that fall short (none when unsolved)."""
        if not self.solved:
            return []
        return [(c["function"], c["shortfall"]) for c in self.claims if c["shortfall"] > _TOL]


@dataclass
class PuzzleRun:
    """The result of :func:`solve_spec`: per-province results and the allocation map.

    Attributes
    ----------
    spec : PuzzleSpec
    workspace : Workspace
    types : list of TypeDef
        The land-use types; the allocation raster holds ``index + 1`` (0 = no puzzle).
    functions : tuple of str
    allocation : (H, W) uint8
        Type per cell on the workspace grid.
    provinces : list of ProvinceRun
    national : list of dict
        National claims with their split over provinces and the totals allocated.
    elastic : bool
    timings : dict of str to float
    """

    spec: PuzzleSpec
    workspace: Workspace
    types: list[TypeDef]
    functions: tuple[str, ...]
    allocation: NDArray[np.uint8]
    provinces: list[ProvinceRun]
    national: list[dict[str, Any]]
    elastic: bool
    timings: dict[str, float]

    # -- tables -------------------------------------------------------------------------
    def claims_table(self, lang: str = "nl") -> list[dict[str, Any]]:
        """One row per (province, function) claim with its explanation in ``lang``."""
        rows = []
        for pr in self.provinces:
            for c in pr.claims:
                row = {k: v for k, v in c.items() if not k.startswith("explanation_")}
                row["explanation"] = c["explanation_en" if lang == "en" else "explanation_nl"]
                rows.append(row)
        return rows

    def rule_table(self) -> list[dict[str, Any]]:
        """Hectares excluded per rule, province and function."""
        return [row for pr in self.provinces for row in pr.rules]

    def tier_table(self) -> list[dict[str, Any]]:
        """Hectares per voorkeursvolgorde tier, province and function."""
        return [row for pr in self.provinces for row in pr.tiers]

    def housing_table(self) -> list[dict[str, Any]]:
        """Wonen hectares and homes per NOVEX-woningbouwgebied, per province."""
        return [row for pr in self.provinces for row in pr.housing]

    def principle_table(self) -> list[dict[str, Any]]:
        """What each switched-on weighing principle changed, per province."""
        return [row for pr in self.provinces for row in pr.principles]

    def coherence_table(self) -> list[dict[str, Any]]:
        """Patches, tiny patches and isolated cells per province and new type
        (:mod:`novex.puzzle.coherence`)."""
        return [row for pr in self.provinces for row in pr.coherence]

    def summary(self, lang: str = "nl") -> list[dict[str, Any]]:
        """A compact row per province: what fits, what falls short, the gap.

        Each row has ``province``, ``name``, ``status``, ``gap``, ``fits`` (function
        ids), ``short`` (function -> hectares), ``demand_ha``, ``allocated_ha``,
        ``text`` (one line in ``lang``) and ``coherence`` (one line in ``lang``: the
        province's patches of new uses, its worst share of tiny patches and of
        isolated cells, see :func:`novex.puzzle.coherence.coherence_line`).
        """
        rows = []
        for pr in self.provinces:
            short = dict(pr.short())
            demand = sum(c["demand_min"] for c in pr.claims)
            alloc = sum(c["allocated"] for c in pr.claims)
            if not pr.solved:
                names = ", ".join("+".join(c.get("functions", [])) for c in pr.conflicts) or "?"
                mode = gettext("elastic" if pr.elastic else "strict", lang)
                text = gettext(
                    "does not fit ({mode}): conflicting claims {names}",
                    lang,
                    mode=mode,
                    names=names,
                )
            elif short:
                parts = ", ".join(f"{f} {format_hectares(v, lang)}" for f, v in short.items())
                text = gettext("short: {parts}", lang, parts=parts)
            else:
                text = gettext("all claims fit", lang)
            rows.append(
                {
                    "province": pr.province.code,
                    "name": pr.province.name(lang),
                    "status": pr.status,
                    "gap": pr.gap,
                    "fits": pr.fits(),
                    "short": short,
                    "demand_ha": demand,
                    "allocated_ha": alloc,
                    "text": text,
                    "coherence": coherence_line(pr.coherence, lang) if pr.solved else "",
                }
            )
        return rows

    def manifest(self) -> dict[str, Any]:
        """The run manifest: inputs with their hashes, version, timings, gap, status."""
        from novex import __version__
        from novex.puzzle.outputs import RUN_FORMAT, RUN_FORMAT_VERSION

        ws = self.workspace
        used = self.spec.layers_used()
        layers = {}
        for name in sorted(used):
            spec = ws.layer(name)
            layers[name] = {"file": spec.file, "sha256": spec.sha256, "synthetic": spec.synthetic}
        tables = {
            k: {"file": v.get("file"), "sha256": v.get("sha256")}
            for k, v in ws.tables.items()
            if k in (self.spec.region.table, self.spec.claims.table)
        }
        return {
            "format": RUN_FORMAT,
            "format_version": RUN_FORMAT_VERSION,
            "novex_version": __version__,
            "spec": {
                "name": self.spec.puzzle.name,
                "path": self.spec.source_path,
                "sha256": spec_hash(self.spec),
            },
            "workspace": {
                "path": str(ws.path),
                "name": ws.name,
                "grid": ws.grid.to_dict(),
                "synthetic": ws.synthetic,
                "layers": layers,
                "tables": tables,
            },
            "elastic": self.elastic,
            "types": [
                {
                    "value": k + 1,
                    "id": t.id,
                    "name_nl": t.name_nl,
                    "name_en": t.name_en,
                    "contributions": t.contributions,
                }
                for k, t in enumerate(self.types)
            ],
            "provinces": [
                {
                    "province": pr.province.code,
                    "status": pr.status,
                    "objective": pr.objective,
                    "dual_bound": pr.dual_bound,
                    "gap": pr.gap,
                    "passes": pr.passes,
                    "timings": pr.timings,
                }
                for pr in self.provinces
            ],
            "max_gap": max((pr.gap for pr in self.provinces if pr.gap is not None), default=None),
            "timings": self.timings,
        }

    def write(self, out: str | os.PathLike[str], lang: str = "nl") -> Path:
        """Write every output into folder ``out`` atomically (see :mod:`~novex.puzzle.outputs`)."""
        from novex.puzzle.outputs import write_outputs

        return write_outputs(self, out, lang=lang)


def spec_hash(spec: PuzzleSpec) -> str:
    """SHA-256 of the spec's canonical JSON (path excluded)."""
    import hashlib
    import json

    data = spec.model_dump(mode="json", exclude={"source_path"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


# -- per-province reporting -----------------------------------------------------------------
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


def _claim_rows(
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


def _rule_rows(asm: Assembly, code: str) -> list[dict[str, Any]]:
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


def _solve(
    asm: Assembly,
    code: str,
    elastic: bool,
    on: frozenset[str] | None = None,
    neighbours: NDArray[np.int32] | None = None,
) -> tuple[Solution, Solution | None]:
    """Solve province ``code`` with coherent ties and, when the spec switches it on, the
    ``samenhang`` rounds; returns the final solution and round 0's (None without rounds).
    """
    problem = asm.problem(code, on)
    sol = problem.solve(elastic=elastic, neighbours=neighbours)
    coh = asm.spec.principles.samenhang
    if not coh.enabled or neighbours is None:
        return sol, None
    first = sol
    part = asm.parts[code]
    shape = asm.workspace.grid.shape
    new = np.array([t.keep is None for t in asm.types])
    for _ in range(coh.rounds):
        s = asm.suitability(code, on)
        neighbour_bonus(
            s,
            np.asarray(sol.assignment),
            part.cells,
            (int(shape[0]), int(shape[1])),
            new,
            coh.weight,
            coh.radius,
        )
        sol = replace(problem, suitability=s).solve(
            elastic=elastic, neighbours=neighbours, start_prices=np.asarray(sol.prices)
        )
    return sol, first


def _plain_value(
    asm: Assembly, code: str, on: frozenset[str] | None, assignment: NDArray[np.integer]
) -> float:
    """The value of ``assignment`` under the suitability without ``samenhang``."""
    s = asm.suitability(code, on)
    value = s[np.arange(s.shape[0]), assignment].astype(np.float64)
    return float(value.sum() * asm.cell_area)


@functools.lru_cache(maxsize=4)
def _startpakket_housing(path: str, sha: str) -> dict[str, Any]:
    import json

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = data.get("claims", data) if isinstance(data, dict) else data
    ctx = housing_context(rows if isinstance(rows, list) else [])
    assumptions = data.get("assumptions", {}) if isinstance(data, dict) else {}
    ctx["homes_per_ha"] = assumptions.get("homes_per_ha")
    return ctx


@functools.lru_cache(maxsize=2)
def _area_ids(path: str, sha: str) -> NDArray[np.uint8]:
    import rasterio

    with rasterio.open(path) as src:  # a workspace layer: on the workspace grid
        return np.asarray(src.read(1)).reshape(-1)


def _add_housing(
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
    spec = ws.layer("woningbouwgebieden")
    ids = _area_ids(str(ws.layer_path(spec.name)), str(spec.sha256))
    part = asm.parts[code]
    run.housing = [
        {"region": code, **row}
        for row in housing_area_table(
            ids[part.cells], assign, asm.contributions, asm.functions, keep, asm.cell_area,
            ctx["areas"].get(code, {}), ctx["homes_per_ha"],
        )
    ]  # fmt: skip


def solve_province(
    asm: Assembly, code: str, *, elastic: bool = True, compare_principles: bool = False
) -> tuple[ProvinceRun, NDArray[np.integer] | None]:
    """Solve one assembled province; returns its result and the assignment (or None)."""
    part = asm.parts[code]
    t0 = time.perf_counter()
    rules = _rule_rows(asm, code)
    run = ProvinceRun(
        province=part.province, status=SolveStatus.INFEASIBLE, elastic=elastic, rules=rules
    )
    shape = asm.workspace.grid.shape
    neighbours = grid_neighbours(part.cells, (int(shape[0]), int(shape[1])))
    try:
        sol, first = _solve(asm, code, elastic, None, neighbours)
    except InfeasibleClaimsError as err:
        run.conflicts = list(err.conflicts) if isinstance(err.conflicts, list) else []
        run.claims = _claim_rows(asm, code, np.zeros(len(asm.functions)), None, rules, False)
        run.timings["solve"] = time.perf_counter() - t0
        log.info("%s: claims do not fit (strict): %s", code, err)
        return run, None
    run.timings["solve"] = time.perf_counter() - t0
    assign = np.asarray(sol.assignment)
    totals = asm.contributions[assign].sum(axis=0) * asm.cell_area
    run.status = sol.status
    run.objective, run.dual_bound, run.gap = (
        float(sol.objective),
        float(sol.dual_bound),
        float(sol.gap),
    )
    run.passes = float(sol.passes)
    run.claims = _claim_rows(asm, code, totals, np.asarray(sol.prices), rules, True)
    keep = np.array([t.keep is not None for t in asm.types])
    run.tiers = [
        {"region": code, **row}
        for row in tier_table(
            part.tier, assign, asm.contributions, asm.functions, asm.spec.tiers.functions,
            keep, asm.cell_area,
        )
    ] if asm.spec.tiers.enabled else []  # fmt: skip
    _add_housing(run, asm, code, assign, keep)
    multi = np.array([t.concept for t in asm.types])
    new = [t.keep is None for t in asm.types]
    ids = asm.type_ids

    def figures(assignment: NDArray[np.integer]) -> list[dict[str, Any]]:
        return province_figures(
            part.cells, assignment, (int(shape[0]), int(shape[1])), ids, new, asm.cell_area
        )

    run.coherence = [{"region": code, **row} for row in figures(assign)]
    enabled = asm.enabled_principles()
    t1 = time.perf_counter()
    for key in PRINCIPLES:
        off = None
        note = ""
        if key in enabled and compare_principles:
            if key == "afwenteling" and part.principle_terms.penalty is None:
                note = "geen strafraster opgegeven: de term is nul / no penalty raster supplied"
                off = assign
            else:
                try:
                    off = np.asarray(
                        _solve(asm, code, elastic, enabled - {key}, neighbours)[0].assignment
                    )
                except InfeasibleClaimsError:
                    note = "zonder dit principe passen de claims niet / infeasible without it"
        run.principles.append(
            {
                "region": code,
                **principle_table(
                    key, key in enabled, assign if off is not None else None, off,
                    asm.contributions, asm.functions, multi, asm.cell_area, note=note,
                ),
            }
        )  # fmt: skip
    coh = asm.spec.principles.samenhang
    first_assign = None if first is None else np.asarray(first.assignment)
    given_up = None
    if first is not None:
        given_up = float(first.objective) - _plain_value(asm, code, None, assign)
    run.principles.append(
        {
            "region": code,
            **coherence_row(
                coh.enabled,
                assign if first_assign is not None else None,
                first_assign,
                run.coherence,
                figures(first_assign) if first_assign is not None else [],
                asm.cell_area,
                weight=coh.weight,
                rounds=coh.rounds,
                given_up=given_up,
            ),
        }
    )
    if compare_principles:
        run.timings["principles"] = time.perf_counter() - t1
    return run, assign


def solve_spec(
    workspace: Workspace | str | os.PathLike[str],
    spec: PuzzleSpec | str | os.PathLike[str] = "demo",
    province: str | None = None,
    *,
    elastic: bool = True,
    compare_principles: bool = False,
    penalty: NDArray[np.floating] | None = None,
    progress: ProgressCallback | None = None,
) -> PuzzleRun:
    """Set up and solve the puzzle of ``spec`` on ``workspace``, per province.

    Parameters
    ----------
    workspace : Workspace or path
        The workspace (a folder with ``workspace.json``).
    spec : PuzzleSpec, path or ``"demo"``
        The puzzle spec; ``"demo"`` is the packaged spec for the demo workspace.
    province : str, optional
        Code, name or id of one province; default all twelve.
    elastic : bool
        True (default): claims that cannot all be met fall short, highest priority
        served first. False: a province whose claims cannot all fit is reported with
        its conflicting claims and left unallocated.
    compare_principles : bool
        Also solve each province once with each switched-on weighing principle
        switched off, to report what it changed in hectares.
    penalty : numpy.ndarray, optional
        Grid-shaped 0..1 raster for "afwenteling voorkomen" (cells that fail a later
        horizon's rules).
    progress : callable, optional
        ``progress(code, done, total)`` after each province.

    Returns
    -------
    PuzzleRun

    Raises
    ------
    SpecError
        On a bad spec, a layer or table the workspace lacks, an unknown province, or
        bad claims. Nothing is solved or written then.
    """
    from novex.layers import Workspace

    t0 = time.perf_counter()
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    sp = spec if isinstance(spec, PuzzleSpec) else load_spec(spec)
    asm = assemble(ws, sp, province, penalty=penalty)
    timings = {"assemble": time.perf_counter() - t0}
    allocation = np.zeros(ws.grid.size, dtype=np.uint8)
    runs = []
    codes = list(asm.parts)
    t1 = time.perf_counter()
    for k, code in enumerate(codes):
        run, assign = solve_province(
            asm, code, elastic=elastic, compare_principles=compare_principles
        )
        if assign is not None:
            allocation[asm.parts[code].cells] = (assign + 1).astype(np.uint8)
        runs.append(run)
        log.info("%s: %s, gap %s", code, run.status, run.gap)
        if progress is not None:
            progress(code, k + 1, len(codes))
    timings["solve"] = time.perf_counter() - t1
    national = []
    for nat in asm.national:
        j = asm.functions.index(nat["function"])
        parts = {
            r.province.code: next((c for c in r.claims if c["function"] == nat["function"]), None)
            for r in runs
        }
        national.append({**nat, "demand_max": nat["demand_max"] if np.isfinite(nat["demand_max"]) else None,
                         "function_index": j,
                         "province_totals_ha": {k: (v["total_ha"] if v else 0.0) for k, v in parts.items()}})  # fmt: skip
    timings["total"] = time.perf_counter() - t0
    return PuzzleRun(
        spec=sp,
        workspace=ws,
        types=asm.types,
        functions=asm.functions,
        allocation=allocation.reshape(ws.grid.shape),
        provinces=runs,
        national=national,
        elastic=elastic,
        timings=timings,
    )
