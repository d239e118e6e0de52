"""From a workspace and a spec to the arrays of :meth:`Problem.from_arrays`.

The land-use types are, in this order: the single functions (one type per function,
counting 1 ha/ha for it), the multifunctional inrichtingsconcepten of Mooi Nederland
with their contributions from the reference model, the spec's custom types, and one
*keep* type ``bestaand_<class>`` per current land-use class, which only cells of that
class may take (a cell may always keep its current use).

Suitability of a type on a cell is a sum of documented terms (``docs/puzzle.md``):

- ``base`` (per type, default ``suitability.base``) plus each ``[[suitability.terms]]``
  term times its weight;
- minus the conversion cost of the cell's current class, reduced by the share of the
  current function the new type keeps (``cost * (1 - min(1, C[t, same_as(class)]))``);
- plus the tier bonus of the voorkeursvolgorde (:mod:`novex.puzzle.tiers`) times the
  type's share in wonen/werken;
- plus the switched-on weighing principles (:mod:`novex.puzzle.principles`).

A keep type scores ``current.keep_value`` (default 1.0, above every new type in the demo
spec), so land changes only where a claim needs it: a claim's price is then the
suitability given up per extra hectare.

Claims: the engine takes claims per (region, function). A province's claims come from
the workspace startpakket, the spec's ``[[claims.extra]]`` and its share of each
``[[claims.national]]`` claim; claims on the same (province, function) add up.
A national claim with ``split = "joint"`` (the default) is solved jointly: the provinces
it spans become one engine problem with a national claim on the sum of their hectares
for the function, on top of their own claims (:meth:`Assembly.joint_problem`); its
fairness rules become bounds on each province's claim. Any other ``split`` divides it
over the provinces before solving (see :func:`~novex.puzzle.claims.national_shares`);
the claims table reports the national total beside the parts. Reading provinces and claims from the workspace tables lives in
:mod:`novex.puzzle.claims`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import SpecError
from novex.puzzle.claims import (
    ClaimLine,
    find_province,
    national_shares,
    read_provinces,
    read_startpakket,
)
from novex.puzzle.engine.national import share_bounds
from novex.puzzle.principles import PRINCIPLES, PrincipleTerms
from novex.puzzle.rules import RuleMasks, evaluate_rules
from novex.puzzle.spec import PuzzleSpec, TypeDef
from novex.puzzle.tiers import tier_of_cells
from novex.reference import Region

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.engine.problem import Problem

__all__ = [
    "Assembly",
    "ClaimLine",
    "ProvinceArrays",
    "assemble",
    "national_shares",
    "read_provinces",
]

log = logging.getLogger(__name__)


# -- the assembled arrays -------------------------------------------------------------------
@dataclass
class ProvinceArrays:
    """The arrays of one province, ready for :meth:`Problem.from_arrays`.

    ``cells`` are flat indices into the workspace grid; suitability is composed on
    demand from its parts so the weighing principles can be switched per solve.
    """

    province: Region
    cells: NDArray[np.int64]
    current: NDArray[np.int16]
    base: NDArray[np.float32]
    tier: NDArray[np.int8]
    allowed: NDArray[np.bool_]
    principle_terms: PrincipleTerms
    rule_masks: RuleMasks
    claims: list[ClaimLine] = field(default_factory=list)
    share_bounds: list[tuple[str, float, float]] = field(default_factory=list)
    """Fairness bounds of joint national claims: (function, min, max) hectares of the
    province's part, on top of its own claims on the function."""

    @property
    def n_cells(self) -> int:
        """Number of puzzle cells."""
        return int(self.cells.shape[0])


@dataclass
class Assembly:
    """Everything needed to build and explain the puzzle of one or more provinces."""

    spec: PuzzleSpec
    workspace: Workspace
    provinces: list[Region]
    types: list[TypeDef]
    functions: tuple[str, ...]
    contributions: NDArray[np.float64]
    tier_bonus: NDArray[np.float32]
    tier_share: NDArray[np.float32]
    cell_area: float
    parts: dict[str, ProvinceArrays] = field(default_factory=dict)
    national: list[dict[str, Any]] = field(default_factory=list)

    @property
    def type_ids(self) -> list[str]:
        """Type ids in engine order."""
        return [t.id for t in self.types]

    def suitability(
        self, code: str, principles: frozenset[str] | None = None
    ) -> NDArray[np.float32]:
        """(N, T) suitability of province ``code`` with the given principles switched on.

        ``principles`` defaults to those the spec enables.
        """
        part = self.parts[code]
        on = self.enabled_principles() if principles is None else principles
        s = part.base.copy()
        if self.spec.tiers.enabled:
            s += self.tier_bonus[part.tier][:, None] * self.tier_share[None, :]
        part.principle_terms.add_to(s, on)
        return s

    def enabled_principles(self) -> frozenset[str]:
        """Ids of the principles the spec switches on."""
        p = self.spec.principles
        flags = {
            "combinaties": p.combinaties.enabled,
            "identiteit": p.identiteit.enabled,
            "afwenteling": p.afwenteling.enabled,
        }
        return frozenset(k for k in PRINCIPLES if flags[k])

    def demand(
        self, code: str, share_bounds: bool = True
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
        """(1, F) demand_min, demand_max and priority of province ``code``.

        Priority as in the startpakket: 1 is the highest; claims on the same function
        take the highest of their priorities. :meth:`problem` negates it for the
        engine (which serves higher numbers first). With ``share_bounds`` the fairness
        bounds of joint national claims are added.
        """
        nf = len(self.functions)
        lo = np.zeros((1, nf))
        hi = np.full((1, nf), np.inf)
        has_max = np.zeros(nf, dtype=bool)
        hi_sum = np.zeros(nf)
        prio = np.full((1, nf), np.iinfo(np.int64).max, dtype=np.int64)
        for c in self.parts[code].claims:
            f = self.functions.index(c.function)
            lo[0, f] += c.min
            if np.isfinite(c.max):
                has_max[f] = True
                hi_sum[f] += c.max
            else:
                hi_sum[f] = np.inf
            prio[0, f] = min(prio[0, f], c.priority)
        fin = has_max & np.isfinite(hi_sum)
        hi[0, fin] = hi_sum[fin]
        own = lo.copy()
        for func, b_lo, b_hi in self.parts[code].share_bounds if share_bounds else []:
            f = self.functions.index(func)
            lo[0, f] += b_lo
            hi[0, f] = min(hi[0, f], own[0, f] + b_hi)
            if prio[0, f] == np.iinfo(np.int64).max and b_lo > 0:
                prio[0, f] = 2
        hi = np.maximum(hi, lo)
        prio[prio == np.iinfo(np.int64).max] = 0
        return lo, hi, prio

    def joint_claims(self) -> list[dict[str, Any]]:
        """The national claims solved jointly (``split = "joint"``)."""
        return [n for n in self.national if n["split"] == "joint"]

    def problem(self, code: str, principles: frozenset[str] | None = None) -> Problem:
        """The engine problem of province ``code``."""
        from novex.puzzle.engine.problem import Problem

        part = self.parts[code]
        lo, hi, prio = self.demand(code)
        return Problem.from_arrays(
            self.suitability(code, principles),
            np.zeros(part.n_cells, dtype=np.int32),
            self.contributions,
            lo,
            hi,
            part.allowed,
            self.cell_area,
            region_names=[code],
            function_names=list(self.functions),
            type_names=self.type_ids,
            priority=-prio,
        )

    def joint_problem(
        self,
        codes: list[str],
        principles: frozenset[str] | None = None,
        *,
        share_bounds: bool = True,
    ) -> Problem:
        """One engine problem of provinces ``codes`` (region k = ``codes[k]``) with the
        joint national claims on them: each asks its total on top of the provinces'
        own claims on the function (as the divided claims would)."""
        from novex.puzzle.engine.national import NationalClaim
        from novex.puzzle.engine.problem import Problem

        parts = [self.parts[c] for c in codes]
        dem = [self.demand(c, share_bounds) for c in codes]
        lo = np.concatenate([d[0] for d in dem])
        hi = np.concatenate([d[1] for d in dem])
        prio = np.concatenate([d[2] for d in dem])
        claims = []
        for nat in self.joint_claims():
            f = self.functions.index(nat["function"])
            own = [self.demand(c, share_bounds=False) for c in codes]
            own_lo = sum(float(d[0][0, f]) for d in own)
            own_hi = sum(float(d[1][0, f]) for d in own)
            top = nat["demand_max"] + own_hi if np.isfinite(nat["demand_max"]) else np.inf
            claims.append(NationalClaim(nat["id"], f, list(codes), nat["demand_min"] + own_lo, top))
        region = np.concatenate(
            [np.full(p.n_cells, k, dtype=np.int32) for k, p in enumerate(parts)]
        )
        return Problem.from_arrays(
            np.concatenate([self.suitability(c, principles) for c in codes]),
            region,
            self.contributions,
            lo,
            hi,
            np.concatenate([p.allowed for p in parts]),
            self.cell_area,
            region_names=codes,
            function_names=list(self.functions),
            type_names=self.type_ids,
            priority=-prio,
            national=claims,
        )


def _keep_types(spec: PuzzleSpec, functions: tuple[str, ...]) -> list[TypeDef]:
    out = []
    for name in spec.current.classes.values():
        mapped = spec.current.same_as.get(name)
        contrib = {mapped: 1.0} if mapped in spec.current.count_existing and mapped else {}
        out.append(
            TypeDef(
                id=f"bestaand_{name}",
                name_nl=f"Bestaand {name} (behouden)",
                name_en=f"Existing {name} (kept)",
                contributions=contrib,
                keep=name,
            )
        )
    return out


def _capacity_share(
    provinces: list[Region], capacity: dict[str, dict[str, float]], function: str
) -> dict[str, float]:
    """Each province's share of the hectares where a type serving ``function`` is allowed."""
    w = {p.code: capacity.get(p.code, {}).get(function, 0.0) for p in provinces}
    tot = sum(w.values())
    return {c: (v / tot if tot > 0 else 0.0) for c, v in w.items()}


def _share(
    contrib: NDArray[np.float64], functions: tuple[str, ...], which: tuple[str, ...]
) -> NDArray[np.float64]:
    cols = [functions.index(f) for f in which if f in functions]
    if not cols:
        return np.zeros(contrib.shape[0])
    return np.minimum(1.0, contrib[:, cols].sum(axis=1))


def _term_values(term: Any, x: NDArray[Any]) -> NDArray[np.float32]:
    xf = x.astype(np.float32, copy=False)
    match term.transform:
        case "value":
            v = xf
        case "equals":
            v = (xf == term.value).astype(np.float32)
        case "in":
            v = np.isin(xf, np.asarray(term.values, dtype=np.float32)).astype(np.float32)
        case "decay":
            v = np.clip(1.0 - xf / np.float32(term.scale), 0.0, 1.0)
        case "linear":
            v = np.clip((xf - term.lo) / (term.hi - term.lo), 0.0, 1.0).astype(np.float32)
        case "below":
            v = (xf < term.value).astype(np.float32)
        case "above":
            v = (xf > term.value).astype(np.float32)
        case _:  # pragma: no cover - the spec model limits the values
            raise SpecError(f"Unknown transform {term.transform!r}.")
    return np.nan_to_num(v, nan=0.0, posinf=0.0, neginf=0.0).astype(np.float32, copy=False)


class _Layers:
    """Layers read once, flattened."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self._cache: dict[str, NDArray[Any]] = {}

    def __call__(self, name: str) -> NDArray[Any]:
        if name not in self._cache:
            self._cache[name] = self.ws.read(name).reshape(-1)
        return self._cache[name]


def assemble(
    workspace: Workspace,
    spec: PuzzleSpec,
    province: str | None = None,
    *,
    penalty: NDArray[np.floating] | None = None,
) -> Assembly:
    """Build the puzzle arrays of one province (``province``) or of all.

    Parameters
    ----------
    workspace : Workspace
        The workspace with the layers and tables the spec names.
    spec : PuzzleSpec
        The puzzle spec.
    province : str, optional
        Code, name or id of one province; default all in the region table.
    penalty : numpy.ndarray, optional
        Grid-shaped 0..1 raster for the "afwenteling voorkomen" principle (cells that
        fail a later horizon's rules); overrides ``principles.afwenteling.layer``.

    Raises
    ------
    SpecError
        When the spec names a layer or table the workspace lacks, an unknown province,
        or a claim with a negative minimum or a minimum above its maximum.
    """
    spec.check_workspace(workspace)
    grid = workspace.grid
    if penalty is not None and np.shape(penalty) != grid.shape:
        raise SpecError(
            f"Penalty raster has shape {np.shape(penalty)!r}; expected the workspace grid "
            f"{grid.shape!r}."
        )
    provinces_all = read_provinces(workspace, spec.region.table)
    selected = [find_province(provinces_all, province)] if province else provinces_all
    functions = tuple(spec.function_ids())
    types = spec.type_defs() + _keep_types(spec, functions)
    nt, nf = len(types), len(functions)
    contrib = np.zeros((nt, nf))
    for t, td in enumerate(types):
        for f, v in td.contributions.items():
            contrib[t, functions.index(f)] = v
    keep_idx = np.array([td.keep is not None for td in types])
    tier_share = _share(contrib, functions, spec.tiers.functions).astype(np.float32)
    tier_share[keep_idx] = 0.0
    asm = Assembly(
        spec=spec,
        workspace=workspace,
        provinces=selected,
        types=types,
        functions=functions,
        contributions=contrib,
        tier_bonus=np.array([0.0, *spec.tiers.bonus], dtype=np.float32),
        tier_share=tier_share,
        cell_area=grid.cell_area_ha,
    )

    # claims checked before reading any layer
    spec_claims: list[ClaimLine] = read_startpakket(workspace, spec, provinces_all)
    for k, ex in enumerate(spec.claims.extra):
        prov = find_province(provinces_all, ex.province)
        spec_claims.append(
            ClaimLine(
                prov.code,
                ex.function,
                ex.min * spec.claims.scale,
                np.inf if ex.max is None else ex.max * spec.claims.scale,
                ex.priority,
                f"extra[{k}]",
                ex.source,
                ex.status,
            )
        )

    layers = _Layers(workspace)
    region = layers(spec.region.layer)
    current_raw = layers(spec.current.layer)
    class_names = list(spec.current.classes.values())
    lut = np.full(256, -1, dtype=np.int16)
    for k, (value, _name) in enumerate(spec.current.classes.items()):
        lut[value] = k
    if spec.tiers.enabled:
        tiers_flat = tier_of_cells(
            layers(spec.tiers.urban_layer).reshape(grid.shape),
            layers(spec.tiers.ov_layer).reshape(grid.shape),
            grid.resolution,
            spec.tiers.adjoin_distance,
            spec.tiers.ov_distance,
        ).reshape(-1)
    ids = np.array([p.raster_id for p in selected])
    in_sel = np.isin(region, ids)
    cur_all = np.where(
        (current_raw >= 0) & (current_raw < 256),
        lut[np.clip(current_raw, 0, 255).astype(np.int64)],
        -1,
    )
    missing = in_sel & (cur_all < 0)
    if missing.any():
        log.info(
            "%d cells of the selected provinces have a current class outside %s; left out",
            int(missing.sum()),
            sorted(spec.current.classes),
        )
    type_ids = [td.id for td in types]
    base_t = np.array(
        [spec.suitability.base_by_type.get(td.id, spec.suitability.base) for td in types],
        dtype=np.float32,
    )
    # conversion cost per (class, type)
    cost = np.zeros((len(class_names), nt), dtype=np.float32)
    same_idx: dict[int, int] = {}
    for k, name in enumerate(class_names):
        c = spec.current.conversion_cost.get(name, 0.0)
        mapped = spec.current.same_as.get(name)
        kept = contrib[:, functions.index(mapped)] if mapped in functions else np.zeros(nt)
        cost[k] = c * (1.0 - np.minimum(1.0, kept))
        cost[k, keep_idx] = 0.0
        if mapped is not None:
            same_idx[k] = type_ids.index(mapped)
    # transitions per class
    trans = np.ones((len(class_names), nt), dtype=bool)
    for k, name in enumerate(class_names):
        if name in spec.current.transitions:
            trans[k] = False
            for target in spec.current.transitions[name]:
                trans[k, type_ids.index(target)] = True
        if k in same_idx:
            trans[k, same_idx[k]] = False
        trans[k, keep_idx] = False
        trans[k, type_ids.index(f"bestaand_{name}")] = True
    keep_value = np.float32(spec.current.keep_value)

    shift_raster: NDArray[Any] | None = None
    if spec.principles.afwenteling.enabled:
        if penalty is not None:
            shift_raster = np.asarray(penalty, dtype=np.float32).reshape(-1)
        elif spec.principles.afwenteling.layer:
            shift_raster = layers(spec.principles.afwenteling.layer).astype(np.float32)

    land: dict[str, float] = {}
    capacity: dict[str, dict[str, float]] = {}
    serving_new = [(contrib[:, j] > 0) & ~keep_idx for j in range(nf)]

    def allowed_of(cells: NDArray[np.int64], cur: NDArray[np.int16]) -> tuple[Any, Any]:
        allowed = trans[cur].copy()
        masks = evaluate_rules(spec, types, functions, contrib, layers, cells, cur)
        masks.apply(allowed)
        return allowed, masks

    def note_capacity(code: str, allowed: NDArray[np.bool_], n: int) -> None:
        land[code] = n * grid.cell_area_ha
        capacity[code] = {
            f: float(allowed[:, serving_new[j]].any(axis=1).sum()) * grid.cell_area_ha
            for j, f in enumerate(functions)
        }

    selected_ids = {p.raster_id for p in selected}
    others = (
        [p for p in provinces_all if p.raster_id not in selected_ids]
        if spec.claims.national
        else []
    )
    for prov in others:  # only their room, for splitting national claims
        cells = np.flatnonzero((region == prov.raster_id) & (cur_all >= 0))
        if cells.size:
            allowed, _ = allowed_of(cells, cur_all[cells].astype(np.int16))
            note_capacity(prov.code, allowed, cells.size)
    for prov in selected:
        cells = np.flatnonzero((region == prov.raster_id) & (cur_all >= 0))
        if cells.size == 0:
            log.warning("province %s has no puzzle cells; skipped", prov.code)
            continue
        cur = cur_all[cells].astype(np.int16)
        n = cells.size
        base = np.empty((n, nt), dtype=np.float32)
        base[:] = base_t[None, :]
        for term in spec.suitability.terms:
            share = np.zeros(nt, dtype=np.float32)
            for tid in term.types:
                share[type_ids.index(tid)] = 1.0
            share = np.maximum(share, _share(contrib, functions, term.functions).astype(np.float32))
            share[keep_idx] = 0.0
            vals = _term_values(term, layers(term.layer)[cells])
            base += np.float32(term.weight) * vals[:, None] * share[None, :]
        base -= cost[cur]
        base[:, keep_idx] = keep_value
        allowed, masks = allowed_of(cells, cur)
        masks.finish(allowed, trans[cur], contrib, grid.cell_area_ha)
        terms = PrincipleTerms.build(
            spec,
            types,
            functions,
            contrib,
            layers,
            cells,
            None if shift_raster is None else shift_raster[cells],
        )
        tier = tiers_flat[cells].astype(np.int8) if spec.tiers.enabled else np.zeros(n, np.int8)
        asm.parts[prov.code] = ProvinceArrays(prov, cells, cur, base, tier, allowed, terms, masks)
        note_capacity(prov.code, allowed, n)
    for line in spec_claims:
        if line.province in asm.parts:
            asm.parts[line.province].claims.append(line)
    # national claims: solved jointly, or split by the chosen key over the provinces
    split_over = [p for p in provinces_all if p.code in land]
    for k, nat in enumerate(spec.claims.national):
        shares = national_shares(spec, k, split_over, capacity, land)
        name = nat.id or f"nationaal-{nat.function}"
        lo_total = nat.min * spec.claims.scale
        hi_total = np.inf if nat.max is None else nat.max * spec.claims.scale
        joint = nat.split == "joint" and all(p.code in asm.parts for p in split_over)
        split = "joint" if joint else ("allowed_area" if nat.split == "joint" else nat.split)
        if nat.split == "joint" and not joint:
            log.warning("national claim %s: not every province is selected; split by "
                        "allowed area instead of solved jointly", name)  # fmt: skip
        asm.national.append(
            {
                "id": name,
                "function": nat.function,
                "demand_min": lo_total,
                "demand_max": hi_total,
                "split": split,
                "shares": shares,
                "capacity_share": _capacity_share(split_over, capacity, nat.function),
                "priority": nat.priority,
                "max_share_factor": nat.max_share_factor if joint else None,
                "min_share_factor": nat.min_share_factor if joint else None,
                "source": nat.source,
                "status": nat.status,
            }
        )  # fmt: skip
        if joint:
            if nat.max_share_factor is not None or nat.min_share_factor is not None:
                codes = [p.code for p in split_over]
                cap = np.array([shares[c] for c in codes])
                b_lo, b_hi = share_bounds(lo_total, cap, max_factor=nat.max_share_factor,
                                          min_factor=nat.min_share_factor)  # fmt: skip
                for code, lo_c, hi_c in zip(codes, b_lo, b_hi, strict=True):
                    asm.parts[code].share_bounds.append((nat.function, float(lo_c), float(hi_c)))
            continue
        for code, frac in shares.items():
            if code not in asm.parts:
                continue
            asm.parts[code].claims.append(
                ClaimLine(
                    code,
                    nat.function,
                    float(lo_total * frac),
                    float(hi_total * frac) if np.isfinite(hi_total) else np.inf,
                    nat.priority,
                    f"national:{name}",
                    nat.source,
                    nat.status,
                    f"aandeel {frac:.4f} ({nat.split})",
                )
            )
    if not asm.parts:
        raise SpecError("No province of the selection has puzzle cells.")
    return asm
