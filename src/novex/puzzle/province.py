"""One province's puzzle arrays, read in its window: :class:`ProvinceArrays`.

:class:`Recipe` holds what every province shares (the types, their contributions, the
per-class conversion cost and transitions); :func:`build_province` reads the layers on
the province's window (:mod:`novex.puzzle.windows`) and composes its arrays, so one
province at a time is in memory however large the grid. The suitability terms are
documented in :mod:`novex.puzzle.assemble` and ``docs/puzzle.md``.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import SpecError
from novex.puzzle.claims import ClaimLine
from novex.puzzle.compose import compose_base
from novex.puzzle.principles import PrincipleTerms
from novex.puzzle.rules import RuleMasks, evaluate_rules
from novex.puzzle.spec import PuzzleSpec, TypeDef
from novex.puzzle.tiers import tier_given_near, within_distance
from novex.puzzle.windows import Window, WindowLayers, class_index
from novex.reference import Region

if TYPE_CHECKING:
    from novex.layers import Workspace

__all__ = [
    "ProvinceArrays",
    "Recipe",
    "build_province",
    "function_share",
    "keep_types",
    "make_recipe",
    "province_capacity",
]

log = logging.getLogger(__name__)


@dataclass
class ProvinceArrays:
    """The arrays of one province, ready for :meth:`Problem.from_arrays`.

    ``cells`` are flat indices into the workspace grid; ``window`` is the province's
    bounding window and ``local`` the same cells as flat indices into it. Suitability
    is composed on demand from its parts so the weighing principles can be switched per
    solve.
    """

    province: Region
    cells: NDArray[np.int64]
    current: NDArray[np.int16]
    base: NDArray[np.float32] | None
    """(N, T) base suitability; None once a solve took it (read again from the window)."""
    tier: NDArray[np.int8]
    allowed: NDArray[np.bool_]
    principle_terms: PrincipleTerms
    rule_masks: RuleMasks
    claims: list[ClaimLine] = field(default_factory=list)
    share_bounds: list[tuple[str, float, float]] = field(default_factory=list)
    """Fairness bounds of joint national claims: (function, min, max) hectares of the
    province's part, on top of its own claims on the function."""
    window: Window | None = None
    local: NDArray[np.int64] | None = None

    @property
    def n_cells(self) -> int:
        """Number of puzzle cells."""
        return int(self.cells.shape[0])


def keep_types(spec: PuzzleSpec, functions: tuple[str, ...]) -> list[TypeDef]:
    """One keep type ``bestaand_<class>`` per current land-use class."""
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


def function_share(
    contrib: NDArray[np.float64], functions: tuple[str, ...], which: tuple[str, ...]
) -> NDArray[np.float64]:
    """Per type, ``min(1, sum of its contributions to the functions in which)``."""
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


@dataclass
class Recipe:
    """What every province's arrays are made from (the spec turned into tables)."""

    spec: PuzzleSpec
    types: list[TypeDef]
    functions: tuple[str, ...]
    contrib: NDArray[np.float64]
    keep_idx: NDArray[np.bool_]
    lut: NDArray[np.int16]
    """Raw current land-use value -> class index (-1: not a puzzle cell)."""
    base_t: NDArray[np.float32]
    cost: NDArray[np.float32]
    """(classes, types) conversion cost."""
    trans: NDArray[np.bool_]
    """(classes, types) allowed transitions."""
    keep_value: np.float32
    cell_area: float
    resolution: float

    @property
    def type_ids(self) -> list[str]:
        """Type ids in engine order."""
        return [t.id for t in self.types]

    def base_of(
        self,
        layers: WindowLayers,
        local: NDArray[np.int64],
        cur: NDArray[np.int16],
        out: NDArray[np.float32] | None = None,
    ) -> NDArray[np.float32]:
        """(N, T) base suitability of the cells: the spec's base and terms, minus the
        conversion cost, keep types at ``keep_value`` (written into ``out`` if given).

        Composed cell by cell in one pass (:func:`~novex.puzzle.compose.compose_base`),
        so no (N, T) temporary is made beside the result; every value is the same
        float32 as the terms added one by one with numpy.
        """
        spec, nt = self.spec, len(self.types)
        type_ids = self.type_ids
        terms = []
        for term in spec.suitability.terms:
            share = np.zeros(nt, dtype=np.float32)
            for tid in term.types:
                share[type_ids.index(tid)] = 1.0
            share = np.maximum(
                share,
                function_share(self.contrib, self.functions, term.functions).astype(np.float32),
            )
            share[self.keep_idx] = 0.0
            vals = np.float32(term.weight) * _term_values(term, layers(term.layer)[local])
            terms.append((vals, share))
        base = np.empty((local.size, nt), dtype=np.float32) if out is None else out
        values = np.empty((len(terms), local.size), dtype=np.float32)
        shares = np.empty((len(terms), nt), dtype=np.float32)
        for k, (v, share) in enumerate(terms):
            values[k], shares[k] = v, share
        compose_base(self.base_t, values, shares, self.cost, cur, self.keep_idx,
                     self.keep_value, base)  # fmt: skip
        return base

    def allowed_of(
        self, layers: WindowLayers, local: NDArray[np.int64], cur: NDArray[np.int16]
    ) -> tuple[NDArray[np.bool_], RuleMasks]:
        """Allowed (cell, type) pairs of the cells after the transitions and rules."""
        masks = evaluate_rules(self.spec, self.types, self.functions, self.contrib, layers,
                               local, cur)  # fmt: skip
        return masks.allowed(self.trans, cur), masks

    def capacity(self, allowed: NDArray[np.bool_]) -> dict[str, float]:
        """Hectares per function where a new type serving it is allowed."""
        out = {}
        for j, f in enumerate(self.functions):
            serving = (self.contrib[:, j] > 0) & ~self.keep_idx
            out[f] = float(allowed[:, serving].any(axis=1).sum()) * self.cell_area
        return out


def make_recipe(spec: PuzzleSpec, cell_area: float, resolution: float) -> Recipe:
    """The per-class tables of ``spec``."""
    functions = tuple(spec.function_ids())
    types = spec.type_defs() + keep_types(spec, functions)
    nt, nf = len(types), len(functions)
    contrib = np.zeros((nt, nf))
    for t, td in enumerate(types):
        for f, v in td.contributions.items():
            contrib[t, functions.index(f)] = v
    keep_idx = np.array([td.keep is not None for td in types])
    class_names = list(spec.current.classes.values())
    lut = np.full(256, -1, dtype=np.int16)
    for k, (value, _name) in enumerate(spec.current.classes.items()):
        lut[value] = k
    type_ids = [td.id for td in types]
    base_t = np.array(
        [spec.suitability.base_by_type.get(td.id, spec.suitability.base) for td in types],
        dtype=np.float32,
    )
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
    return Recipe(spec, types, functions, contrib, keep_idx, lut, base_t, cost, trans,
                  np.float32(spec.current.keep_value), cell_area, resolution)  # fmt: skip


def _cells(
    ws: Workspace, recipe: Recipe, prov: Region, window: Window
) -> tuple[WindowLayers, NDArray[np.int64], NDArray[np.int16]]:
    spec = recipe.spec
    layers = WindowLayers(ws, window)
    cur_all = class_index(layers(spec.current.layer), recipe.lut)
    local = np.flatnonzero((layers(spec.region.layer) == prov.raster_id) & (cur_all >= 0))
    return layers, local, cur_all[local]


def province_capacity(
    ws: Workspace, recipe: Recipe, prov: Region, window: Window
) -> tuple[int, dict[str, float]]:
    """A province's number of puzzle cells and its room per function (for splitting
    national claims), read on its window."""
    layers, local, cur = _cells(ws, recipe, prov, window)
    allowed, _ = recipe.allowed_of(layers, local, cur)
    return int(local.size), recipe.capacity(allowed)


def _tiers(recipe: Recipe, layers: WindowLayers, local: NDArray[np.int64]) -> Any:
    """Tier per cell: the distance to urban area is measured on the window grown by the
    adjoin distance, so cells near the window's edge see urban area beyond it; the rest
    of :func:`~novex.puzzle.tiers.tier_of_cells` is done on the cells only."""
    t = recipe.spec.tiers
    margin = math.ceil(t.adjoin_distance / recipe.resolution) + 1
    window = layers.window
    outer = window.pad(margin, layers.workspace.grid.shape)
    urban = layers.padded(t.urban_layer, outer)
    near = within_distance(urban > 0, recipe.resolution, t.adjoin_distance)
    near_cells = outer.crop(window, near).reshape(-1)[local]
    return tier_given_near(layers(t.urban_layer)[local], layers(t.ov_layer)[local], near_cells,
                           t.ov_distance)  # fmt: skip


def build_province(
    ws: Workspace,
    recipe: Recipe,
    prov: Region,
    window: Window,
    penalty: NDArray[np.floating] | None = None,
) -> ProvinceArrays | None:
    """The arrays of province ``prov`` read on ``window`` (None without puzzle cells).

    ``penalty`` is the afwenteling raster on ``window`` (2-D), when the caller gives one.
    """
    spec = recipe.spec
    types, functions, contrib = recipe.types, recipe.functions, recipe.contrib
    layers, local, cur = _cells(ws, recipe, prov, window)
    if local.size == 0:
        return None
    tier = _tiers(recipe, layers, local) if spec.tiers.enabled else np.zeros(local.size, np.int8)
    base = recipe.base_of(layers, local, cur)
    allowed, masks = recipe.allowed_of(layers, local, cur)
    masks.finish(recipe.trans, cur, contrib, recipe.cell_area)
    shift: NDArray[Any] | None = None
    if spec.principles.afwenteling.enabled:
        if penalty is not None:
            shift = np.asarray(penalty, dtype=np.float32).reshape(-1)[local]
        elif spec.principles.afwenteling.layer:
            shift = layers(spec.principles.afwenteling.layer).astype(np.float32)[local]
    terms = PrincipleTerms.build(spec, types, functions, contrib, layers, local, shift)
    cells = window.to_grid_index(local, ws.grid.width)
    return ProvinceArrays(prov, cells, cur, base, tier, allowed, terms, masks,
                          window=window, local=local)  # fmt: skip
