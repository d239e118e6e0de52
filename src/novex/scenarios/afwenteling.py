"""Afwenteling voorkomen: an allocation under a later horizon's rules.

"Afwenteling wordt voorkomen" (W3) asks whether what is allocated now still holds later.
:func:`later_rule_masks` evaluates the puzzle spec's enabled rules on the layers of a
later horizon (a scenario workspace, :mod:`novex.scenarios.derive`);
:func:`penalty_raster` turns them into the 0/1 penalty the puzzle's afwenteling term
subtracts (cells where a later rule forbids a type serving the principle's functions);
:func:`out_of_rule` reports, per province and function, the hectares of an allocation
that the later rules would forbid: new building that becomes unsafe or out of rule.
Keep types are never out of rule (a cell may always keep its use).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.layers import Workspace
from novex.puzzle.principles import principle_table
from novex.puzzle.rules import condition, forbidden_types
from novex.puzzle.spec import PuzzleSpec, TypeDef

__all__ = [
    "compare_principle",
    "contributions",
    "later_rule_masks",
    "out_of_rule",
    "penalty_raster",
]


def contributions(types: list[TypeDef], functions: tuple[str, ...]) -> NDArray[np.float64]:
    """(T, F) hectares per hectare of each type for each function."""
    out = np.zeros((len(types), len(functions)))
    for t, td in enumerate(types):
        for f, v in td.contributions.items():
            if f in functions:
                out[t, functions.index(f)] = v
    return out


def later_rule_masks(
    later: Workspace,
    spec: PuzzleSpec,
    types: list[TypeDef],
    functions: tuple[str, ...],
) -> list[tuple[NDArray[np.bool_], NDArray[np.bool_]]]:
    """Per enabled rule: (grid mask where it holds at the later horizon, forbidden types)."""
    contrib = contributions(types, functions)
    current = later.read(spec.current.layer).reshape(-1)
    classes = spec.current.classes
    out = []
    for rule in spec.rules:
        if not rule.enabled:
            continue
        mask = condition(rule, later.read(rule.layer).reshape(-1))
        if rule.exempt_classes:
            exempt = [v for v, name in classes.items() if name in rule.exempt_classes]
            mask &= ~np.isin(current, exempt)
        out.append((mask, forbidden_types(rule, types, functions, contrib)))
    return out


def penalty_raster(
    later: Workspace, spec: PuzzleSpec, types: list[TypeDef], functions: tuple[str, ...]
) -> NDArray[np.float32]:
    """Grid-shaped 0/1: cells where a later rule forbids a type serving ``afwenteling.functions``."""
    contrib = contributions(types, functions)
    cols = [functions.index(f) for f in spec.principles.afwenteling.functions if f in functions]
    serves = (contrib[:, cols] > 0).any(axis=1) if cols else np.zeros(len(types), bool)
    pen = np.zeros(later.grid.size, dtype=bool)
    for mask, forb in later_rule_masks(later, spec, types, functions):
        if (forb & serves).any():
            pen |= mask
    return pen.reshape(later.grid.shape).astype(np.float32)


def out_of_rule(
    allocation: NDArray[np.integer],
    later: Workspace,
    spec: PuzzleSpec,
    types: list[TypeDef],
    functions: tuple[str, ...],
    provinces: dict[int, str],
) -> tuple[NDArray[np.uint8], list[dict[str, Any]]]:
    """The cells of ``allocation`` that a later rule forbids, and hectares per province.

    Parameters
    ----------
    allocation : (H, W) integer array
        Type per cell, ``index + 1`` into ``types`` (0 = not in the puzzle).
    later : Workspace
        The workspace of the later horizon.
    provinces : dict
        Province raster id -> code.

    Returns
    -------
    raster : (H, W) uint8
        1 where the allocated type is out of rule at the later horizon.
    rows : list of dict
        Per province and function: ``province``, ``function``, ``out_of_rule_ha`` (the
        hectares of cells whose type serves the function and is forbidden later) and
        ``allocated_new_ha`` (all new hectares serving it).
    """
    contrib = contributions(types, functions)
    flat = np.asarray(allocation).reshape(-1).astype(np.int64)
    inside = flat > 0
    idx = np.where(inside, flat - 1, 0)
    bad = np.zeros(flat.size, dtype=bool)
    for mask, forb in later_rule_masks(later, spec, types, functions):
        bad |= mask & forb[idx] & inside
    keep = np.array([t.keep is not None for t in types])
    new = inside & ~keep[idx]
    region = later.read(spec.region.layer).reshape(-1)
    area = later.grid.cell_area_ha
    # cells per (province, type), out of rule and new: one pass over the grid each
    raster = bad.reshape(later.grid.shape).astype(np.uint8)
    order = sorted(provinces.items(), key=lambda kv: kv[1])
    if not order:
        return raster, []
    ids = np.array([rid for rid, _ in order])
    by_id = np.argsort(ids)  # row in ``order`` of each id, ascending
    pos = np.searchsorted(ids[by_id], region).clip(0, len(ids) - 1)
    listed = inside & (ids[by_id[pos]] == region)
    key = by_id[pos] * len(types) + idx
    shape = (len(ids), len(types))
    bad_pt = np.bincount(key[bad & listed], minlength=shape[0] * shape[1]).reshape(shape)
    new_pt = np.bincount(key[new & listed], minlength=shape[0] * shape[1]).reshape(shape)
    serves = (contrib > 0).astype(np.int64)  # (T, F)
    bad_pf, new_pf = bad_pt @ serves, new_pt @ serves
    rows = [
        {
            "province": code,
            "function": f,
            "out_of_rule_ha": float(bad_pf[p, j] * area),
            "allocated_new_ha": float(new_pf[p, j] * area),
        }
        for p, (_, code) in enumerate(order)
        for j, f in enumerate(functions)
    ]
    return raster, rows


def compare_principle(run: Any, off: Any, key: str, region: NDArray[np.integer]) -> None:
    """Fill the principles table of ``run`` for ``key`` from ``off``, the run without it.

    ``run`` and ``off`` are :class:`~novex.puzzle.runner.PuzzleRun` results of the same
    workspace and provinces; ``region`` is the province raster. Each province's row for
    ``key`` becomes what switching the principle on changed there, in hectares (as the
    puzzle's own ``compare_principles`` reports it), in place.
    """
    contrib = contributions(run.types, run.functions)
    multi = np.array([t.concept for t in run.types])
    flat_on = np.asarray(run.allocation).reshape(-1)
    flat_off = np.asarray(off.allocation).reshape(-1)
    flat_region = np.asarray(region).reshape(-1)
    area = run.workspace.grid.cell_area_ha
    for pr, pr_off in zip(run.provinces, off.provinces, strict=True):
        cells = (flat_region == pr.province.raster_id) & (flat_on > 0)
        solved = pr.solved and pr_off.solved
        row = principle_table(
            key, True,
            flat_on[cells].astype(np.int64) - 1 if solved else None,
            flat_off[cells].astype(np.int64) - 1 if solved else None,
            contrib, run.functions, multi, area,
            note="" if solved else "zonder dit principe passen de claims niet / infeasible without it",
        )  # fmt: skip
        new = {"region": pr.province.code, **row}
        pr.principles = [new if r.get("principle") == key else r for r in pr.principles]
