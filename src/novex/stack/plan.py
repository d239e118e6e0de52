"""What a stapelkaart reads: the layers, the interests they serve and the provinces.

:func:`plan_stack` turns a workspace into a :class:`StackPlan`: the claim and protection
layers (:func:`select_layers`), checked to lie on the workspace grid, each with the
interest bits it sets, and the province layer with the provinces it holds
(:func:`provinces_of`). :func:`novex.stack.compute.compute_stack` runs a plan;
:mod:`novex.stack.writers` writes its outputs.

The province layer holds each province's :attr:`~novex.reference.Region.raster_id`
(1-12, 0 outside the provinces); its categories, when it has them, must name the
province of each id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.errors import RasterioError

from novex.errors import LayerError, ReferenceLookupError, StackError
from novex.grid import GridSpec
from novex.layers import N_INTERESTS, LayerKind, LayerSpec, Workspace
from novex.reference import Region, RegionKind, provinces, region

__all__ = [
    "LayerSource",
    "StackPlan",
    "check_on_grid",
    "not_mapped",
    "plan_stack",
    "provinces_of",
    "select_layers",
]


@dataclass(frozen=True)
class LayerSource:
    """One input raster of the stack and the interest bits it sets where it claims.

    ``bit`` is the value ORed into a cell's bitmask (``1 << i`` for interest
    ``interests[i]``; a layer serving several interests ORs them all).
    """

    path: str
    nodata: float | None
    bit: int


@dataclass(frozen=True)
class StackPlan:
    """Everything one pass of the stapelkaart reads.

    Parameters
    ----------
    grid : GridSpec
        The workspace grid.
    sources : tuple of LayerSource
        The claim and protection layers.
    interests : tuple of int
        The interests in the stack; bit ``i`` of a cell's bitmask is ``interests[i]``.
    province_path : str or None
        The province raster, or ``None`` to count the whole grid as one region.
    provinces : tuple of Region
        The provinces the province layer holds, in raster-id order.
    """

    grid: GridSpec
    sources: tuple[LayerSource, ...]
    interests: tuple[int, ...]
    province_path: str | None
    provinces: tuple[Region, ...]

    @property
    def n_bits(self) -> int:
        """Bits of a cell's interest bitmask."""
        return len(self.interests)

    @property
    def n_regions(self) -> int:
        """Region codes in the count: 0 (outside the provinces) and every raster id 1-12.

        Cells with another value in the province raster count as outside the provinces.
        """
        if self.province_path is None:
            return 1
        return max(p.raster_id for p in provinces()) + 1

    @property
    def code_dtype(self) -> type[np.unsignedinteger[Any]]:
        """The dtype of a cell's (bitmask, region) code."""
        return np.uint32 if (self.n_regions << self.n_bits) < (1 << 32) else np.uint64

    def strips(self, chunk_rows: int | None) -> list[tuple[int, int]]:
        """Row ranges ``(r0, r1)`` of ``chunk_rows`` rows (one strip when ``None``).

        Raises
        ------
        StackError
            When ``chunk_rows`` is not a positive number of rows.
        """
        height = self.grid.height
        if chunk_rows is None:
            return [(0, height)]
        if chunk_rows < 1:
            raise StackError(f"Invalid chunk_rows {chunk_rows!r}: need a positive number of rows.")
        return [(r, min(r + chunk_rows, height)) for r in range(0, height, chunk_rows)]


def select_layers(
    ws: Workspace,
    layers: Sequence[str] | None = None,
    kinds: Sequence[LayerKind | str] = (LayerKind.CLAIM, LayerKind.PROTECTION),
) -> list[LayerSpec]:
    """The layers that make up the stack: named ones, or every claim/protection layer.

    Raises
    ------
    StackError
        When a named layer is unknown or serves no interest, or nothing is left.
    """
    if layers is not None:
        specs = []
        for name in layers:
            try:
                spec = ws.layer(name)
            except LayerError as err:
                raise StackError(str(err)) from err
            if not spec.interests:
                raise StackError(
                    f"Layer {name!r} serves no national interest; give it one with "
                    "`novex layers add ... --interest N`."
                )
            specs.append(spec)
    else:
        wanted = {LayerKind(k) for k in kinds}
        specs = [s for s in ws.layers.values() if s.kind in wanted and s.interests]
    if not specs:
        raise StackError(
            f"Workspace {str(ws.path)!r} has no claim or protection layers with a national "
            "interest; add some with `novex layers add`."
        )
    return specs


def check_on_grid(path: Path, name: str, grid: GridSpec) -> None:
    """Check that the raster of layer ``name`` exists and lies on ``grid``.

    Raises
    ------
    StackError
        When the file is missing, unreadable or not on the grid.
    """
    if not path.is_file():
        raise StackError(f"Layer {name!r}: file {str(path)!r} is missing.")
    try:
        with rasterio.open(path) as src:
            ok = (
                src.crs is not None
                and src.crs.to_epsg() == 28992
                and (src.height, src.width) == grid.shape
                and src.transform.almost_equals(grid.transform)
            )
    except RasterioError as err:
        raise StackError(f"Layer {name!r}: cannot read {str(path)!r}: {err}") from err
    if not ok:
        raise StackError(
            f"Layer {name!r} ({str(path)!r}) is not on the workspace grid "
            f"({grid.resolution} m, bounds {grid.bounds!r}); re-add it with `novex layers add`."
        )


def provinces_of(ws: Workspace, province_layer: str | None = "province") -> list[Region]:
    """The provinces of the workspace's province layer, in raster-id order.

    The layer's categories (raster id -> name) say which provinces it holds; without
    categories it holds all 12. Without a province layer the list is empty (the stack
    then counts the whole grid as one region).

    Raises
    ------
    StackError
        When a category does not name a province, or names one under another id than
        its raster id.
    """
    if province_layer is None or province_layer not in ws.layers:
        return []
    spec = ws.layer(province_layer)
    names = {int(k): v for k, v in (spec.categories or {}).items() if 0 < int(k) < 256}
    if not names:
        return list(provinces())
    out = []
    for rid, name in sorted(names.items()):
        try:
            prov = region(name, kind=RegionKind.PROVINCE)
        except ReferenceLookupError as err:
            raise StackError(f"Province layer {province_layer!r}, category {rid}: {err}") from err
        if prov.raster_id != rid:
            raise StackError(
                f"Province layer {province_layer!r} gives {name!r} the id {rid}; the province "
                f"raster uses {prov.raster_id} for {prov.name_nl} (see novex.reference.provinces())."
            )
        out.append(prov)
    return out


def plan_stack(
    ws: Workspace,
    layers: Sequence[str] | None = None,
    province_layer: str | None = "province",
) -> tuple[StackPlan, list[LayerSpec]]:
    """The plan of the stapelkaart of ``ws`` and the layers it reads.

    Parameters
    ----------
    ws : Workspace
        The workspace.
    layers : sequence of str, optional
        Layer names; default every claim and protection layer with an interest.
    province_layer : str, optional
        The layer with province raster ids; ``None`` (or a workspace without it) counts
        the whole grid as one region.

    Returns
    -------
    (StackPlan, list of LayerSpec)

    Raises
    ------
    StackError
        When the workspace has no usable layers, a layer is not on its grid or the
        province layer names an unknown province.
    """
    grid = ws.grid
    specs = select_layers(ws, layers)
    interests = sorted({n for s in specs for n in s.interests})
    bit_of = {n: 1 << i for i, n in enumerate(interests)}
    sources = []
    for s in specs:
        path = ws.layer_path(s.name)
        check_on_grid(path, s.name, grid)
        bits = 0
        for n in s.interests:
            bits |= bit_of[n]
        sources.append(LayerSource(str(path), s.nodata, bits))
    provs = provinces_of(ws, province_layer)
    province_path = None
    if province_layer is not None and province_layer in ws.layers:
        province_path = str(ws.layer_path(province_layer))
        check_on_grid(Path(province_path), province_layer, grid)
    plan = StackPlan(grid, tuple(sources), tuple(interests), province_path, tuple(provs))
    return plan, specs


_NO_LAYER = {
    "reason_nl": "Geen claim- of beschermingslaag van dit belang in de stapel.",
    "reason_en": "No claim or protection layer of this interest in the stack.",
}


def not_mapped(ws: Workspace, interests: Sequence[int]) -> dict[int, dict[str, str]]:
    """The national interests (1-21) not in ``interests``, each with a reason in nl and en.

    The reason comes from the workspace's ``info["interests_not_mapped"]`` (the demo
    workspace explains interest 1 there); otherwise it says that no layer serves it.
    """
    given = ws.info.get("interests_not_mapped", {}) or {}
    out = {}
    for n in range(1, N_INTERESTS + 1):
        if n in interests:
            continue
        entry = given.get(str(n), given.get(n)) if isinstance(given, dict) else None
        out[n] = dict(entry) if isinstance(entry, dict) else dict(_NO_LAYER)
    return out
