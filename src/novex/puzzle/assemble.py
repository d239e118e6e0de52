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
from novex.puzzle.compose import add_terms
from novex.puzzle.engine.national import share_bounds
from novex.puzzle.principles import PRINCIPLES
from novex.puzzle.province import (
    ProvinceArrays,
    Recipe,
    build_province,
    function_share,
    make_recipe,
    province_capacity,
)
from novex.puzzle.spec import PuzzleSpec, TypeDef
from novex.puzzle.windows import Window, WindowLayers, province_windows
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
    recipe: Recipe
    parts: dict[str, ProvinceArrays] = field(default_factory=dict)
    national: list[dict[str, Any]] = field(default_factory=list)
    windows: dict[str, Window] = field(default_factory=dict)
    """Bounding window of each selected province with puzzle cells, in province order."""
    cell_counts: dict[str, int] = field(default_factory=dict)
    claim_lines: dict[str, list[ClaimLine]] = field(default_factory=dict)
    bounds: dict[str, list[tuple[str, float, float]]] = field(default_factory=dict)
    penalty: NDArray[np.floating] | None = None
    """The grid-shaped afwenteling raster the caller gave, or None."""

    @property
    def codes(self) -> list[str]:
        """The provinces to solve (with puzzle cells), in the region table's order."""
        return list(self.windows)

    def load(self, code: str, penalty: NDArray[np.floating] | None = None) -> ProvinceArrays:
        """Build province ``code``'s arrays from its window and keep them in ``parts``.

        ``penalty`` is the afwenteling raster on the province's window; default the
        window of :attr:`penalty`.
        """
        if code in self.parts:
            return self.parts[code]
        window = self.windows[code]
        prov = next(p for p in self.provinces if p.code == code)
        if penalty is None and self.penalty is not None:
            w = window
            penalty = self.penalty[
                w.row_off : w.row_off + w.height, w.col_off : w.col_off + w.width
            ]
        part = build_province(self.workspace, self.recipe, prov, window, penalty)
        if part is None:  # pragma: no cover - the window pass counted its cells
            raise SpecError(f"Province {code} has no puzzle cells.")
        part.claims = list(self.claim_lines.get(code, []))
        part.share_bounds = list(self.bounds.get(code, []))
        self.parts[code] = part
        return part

    def layer_values(self, code: str, name: str) -> NDArray[Any]:
        """Layer ``name`` at the cells of province ``code`` (read on its window)."""
        part = self.parts[code]
        window = self.windows[code]
        data = self.workspace.read(name, window.grid(self.workspace.grid)).reshape(-1)
        return data[part.local if part.local is not None else np.arange(0)]

    def release(self, code: str) -> None:
        """Drop province ``code``'s arrays (they are built again by :meth:`load`)."""
        self.parts.pop(code, None)

    @property
    def type_ids(self) -> list[str]:
        """Type ids in engine order."""
        return [t.id for t in self.types]

    def suitability(
        self,
        code: str,
        principles: frozenset[str] | None = None,
        out: NDArray[np.float32] | None = None,
        *,
        take: bool = False,
    ) -> NDArray[np.float32]:
        """(N, T) suitability of province ``code`` with the given principles switched on.

        ``principles`` defaults to those the spec enables. ``out``: an (N, T) float32
        array to write it into (a previous round's, to keep one copy in memory).
        ``take``: compose it in the province's base array itself and drop that from the
        province, so that one (N, T) float32 array is in memory while it is solved; the
        base is read again from the windows (the same values) when it is needed again.
        The terms are added in one pass over the cells (:func:`~novex.puzzle.compose.add_terms`),
        so no (N, T) temporary is made.
        """
        part = self.parts[code]
        on = self.enabled_principles() if principles is None else principles
        if part.base is None:
            s = self._read_base(code, out)
        elif take and out is None:
            s, part.base = part.base, None
        elif out is None:
            s = part.base.copy()
        else:
            s = out
            np.copyto(s, part.base)
        tiers = self.spec.tiers.enabled and bool(np.any(self.tier_share))
        add_terms(s, part.principle_terms, on, part.tier if tiers else None, self.tier_bonus,
                  self.tier_share)  # fmt: skip
        return s

    def _read_base(self, code: str, out: NDArray[np.float32] | None = None) -> NDArray[np.float32]:
        """Province ``code``'s base suitability read again from its window."""
        part = self.parts[code]
        assert part.local is not None
        layers = WindowLayers(self.workspace, self.windows[code])
        return self.recipe.base_of(layers, part.local, part.current, out=out)

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

    def problem(
        self, code: str, principles: frozenset[str] | None = None, *, take: bool = False
    ) -> Problem:
        """The engine problem of province ``code``.

        ``take``: its suitability takes the province's base array
        (:meth:`suitability`): the problem holds the one (N, T) float32 copy, and a later
        problem of the province reads the base again from the windows.
        """
        from novex.puzzle.engine.problem import Problem

        part = self.parts[code]
        lo, hi, prio = self.demand(code)
        return Problem.from_arrays(
            self.suitability(code, principles, take=take),
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


def _capacity_share(
    provinces: list[Region], capacity: dict[str, dict[str, float]], function: str
) -> dict[str, float]:
    """Each province's share of the hectares where a type serving ``function`` is allowed."""
    w = {p.code: capacity.get(p.code, {}).get(function, 0.0) for p in provinces}
    tot = sum(w.values())
    return {c: (v / tot if tot > 0 else 0.0) for c, v in w.items()}


def assemble(
    workspace: Workspace,
    spec: PuzzleSpec,
    province: str | None = None,
    *,
    penalty: NDArray[np.floating] | None = None,
    load: bool = True,
) -> Assembly:
    """Build the puzzle arrays of one province (``province``) or of all.

    Each province's layers are read on its bounding window (:mod:`novex.puzzle.windows`),
    never as whole national arrays.

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
    load : bool
        True (default): build every selected province's arrays now (``parts``). False:
        only the plan (windows, claims); build a province with :meth:`Assembly.load`
        when it is solved and drop it with :meth:`Assembly.release`, so that one
        province's arrays are in memory at a time.

    Raises
    ------
    SpecError
        When the spec names a layer or table the workspace lacks, an unknown province,
        a claim with a negative minimum or a minimum above its maximum, or when no
        province of the selection has puzzle cells.
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
    recipe = make_recipe(spec, grid.cell_area_ha, float(grid.resolution))
    contrib, functions = recipe.contrib, recipe.functions
    tier_share = function_share(contrib, functions, spec.tiers.functions).astype(np.float32)
    tier_share[recipe.keep_idx] = 0.0

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
    found = province_windows(workspace, spec.region.layer, spec.current.layer, recipe.lut,
                             [p.raster_id for p in provinces_all])  # fmt: skip
    asm = Assembly(
        spec=spec,
        workspace=workspace,
        provinces=selected,
        types=recipe.types,
        functions=functions,
        contributions=contrib,
        tier_bonus=np.array([0.0, *spec.tiers.bonus], dtype=np.float32),
        tier_share=tier_share,
        cell_area=grid.cell_area_ha,
        recipe=recipe,
        penalty=penalty,
    )
    for prov in selected:
        if prov.raster_id not in found:
            log.warning("province %s has no puzzle cells; skipped", prov.code)
            continue
        asm.windows[prov.code], asm.cell_counts[prov.code] = found[prov.raster_id]
        asm.claim_lines[prov.code] = []
    if not asm.windows:
        raise SpecError("No province of the selection has puzzle cells.")
    for line in spec_claims:
        if line.province in asm.claim_lines:
            asm.claim_lines[line.province].append(line)
    if spec.claims.national:
        _national(asm, provinces_all, found)
    if load:
        for code in list(asm.windows):
            asm.load(code)
    return asm


def _national(
    asm: Assembly, provinces_all: list[Region], found: dict[int, tuple[Window, int]]
) -> None:
    """National claims: solved jointly, or split by the chosen key over the provinces."""
    spec, ws = asm.spec, asm.workspace
    land: dict[str, float] = {}
    capacity: dict[str, dict[str, float]] = {}
    for prov in provinces_all:  # every province's room, read on its window
        if prov.raster_id in found:
            n, capacity[prov.code] = province_capacity(ws, asm.recipe, prov,
                                                       found[prov.raster_id][0])  # fmt: skip
            land[prov.code] = n * asm.cell_area
    split_over = [p for p in provinces_all if p.code in land]
    for k, nat in enumerate(spec.claims.national):
        shares = national_shares(spec, k, split_over, capacity, land)
        name = nat.id or f"nationaal-{nat.function}"
        lo_total = nat.min * spec.claims.scale
        hi_total = np.inf if nat.max is None else nat.max * spec.claims.scale
        joint = nat.split == "joint" and all(p.code in asm.windows for p in split_over)
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
                    asm.bounds.setdefault(code, []).append((nat.function, float(lo_c), float(hi_c)))
            continue
        for code, frac in shares.items():
            if code not in asm.claim_lines:
                continue
            asm.claim_lines[code].append(
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
