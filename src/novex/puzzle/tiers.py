"""The voorkeursvolgorde voor verstedelijking as ordered tiers for wonen and werken.

The seed names the voorkeursvolgorde but not its steps, and the steps were not found in
sources. The reference model holds them (``choices.yaml``, item
``voorkeursvolgorde-verstedelijking``, three ``steps`` with status ``assumption``): their
names and statuses are read from there (:func:`tier_names`), so editing a step's name in
the reference renames the tier in every run. How each step is drawn on the grid is this
module's rule with the parameters of the spec's ``[tiers]`` table:

1. inside existing urban area (transformation and densification): ``urban`` = 1;
2. adjoining existing urban area, near an OV-knooppunt: within ``adjoin_distance`` m
   of urban area and within ``ov_distance`` m on the OV layer;
3. elsewhere (only with a motivation, Ladder voor duurzame verstedelijking).

The reference must keep exactly three steps, numbered 1-3, in this order.

The tiers enter the puzzle as suitability bonuses (negative for a penalty) for every
type that serves wonen or werken, times its share in them; :func:`tier_table` reports
the hectares allocated per tier.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import SpecError

__all__ = [
    "VOORKEURSVOLGORDE",
    "add_tier_homes",
    "housing_area_table",
    "housing_context",
    "tier_given_near",
    "tier_names",
    "tier_of_cells",
    "tier_table",
    "within_distance",
]

VOORKEURSVOLGORDE = "voorkeursvolgorde-verstedelijking"
"""Id of the reference choice whose ``steps`` are the tiers."""


def tier_names(data_dir: str | None = None) -> dict[int, tuple[str, str, str]]:
    """Tier number -> (Dutch name, English name, status), from the reference's steps.

    Parameters
    ----------
    data_dir : str, optional
        A reference data folder (default: the data shipped with novex).

    Raises
    ------
    SpecError
        When the reference does not give exactly the steps 1, 2 and 3.

    Examples
    --------
    >>> tier_names()[1][0]
    'Binnen bestaand stedelijk gebied (transformatie en verdichting)'
    """
    from novex.reference import load_reference

    choice = load_reference(data_dir).get("choices", VOORKEURSVOLGORDE)
    steps = {s.number: (s.name_nl, s.name_en, s.status) for s in getattr(choice, "steps", [])}
    if sorted(steps) != [1, 2, 3]:
        raise SpecError(
            f"The reference choice {VOORKEURSVOLGORDE!r} has steps {sorted(steps)!r}; the "
            "puzzle's tiers need exactly the steps 1, 2 and 3 (edit choices.yaml)."
        )
    return steps


def within_distance(
    mask: NDArray[np.bool_], resolution: float, distance: float
) -> NDArray[np.bool_]:
    """Cells within ``distance`` metres (centre to centre) of a True cell of ``mask``.

    The same cells as ``distance_transform_edt(~mask) * resolution <= distance`` (the
    distance of each offset is computed with the same float64 operations), but found
    as a dilation by the disc of offsets: a maximum filter along the rows per row
    offset, several times faster than the distance transform on a province's window.

    Examples
    --------
    >>> import numpy as np
    >>> m = np.zeros((1, 7), dtype=bool)
    >>> m[0, 3] = True
    >>> within_distance(m, 100, 150).astype(int).tolist()
    [[0, 0, 1, 1, 1, 0, 0]]
    """
    from scipy.ndimage import maximum_filter1d

    mask = np.asarray(mask, dtype=bool)
    res = float(resolution)
    if mask.ndim != 2 or not res > 0:
        return _within_edt(mask, res, distance)
    out = np.zeros(mask.shape, dtype=bool)
    if not mask.any() or not distance >= 0:  # nothing within (a NaN distance neither)
        return out
    height, width = mask.shape
    u8 = mask.view(np.uint8)
    grown: dict[int, NDArray[np.bool_]] = {}
    dc = 0  # the widest column offset within the distance; shrinks as the row offset grows
    while dc + 1 < width and _fits(0, dc + 1, res, distance):
        dc += 1
    for dr in range(height):
        while dc >= 0 and not _fits(dr, dc, res, distance):
            dc -= 1
        if dc < 0:
            break
        if dc not in grown:
            wide = maximum_filter1d(u8, size=2 * dc + 1, axis=1, mode="constant", cval=0)
            grown[dc] = wide.view(bool)
        row = grown[dc]
        out[dr:] |= row[: height - dr]
        if dr:
            out[: height - dr] |= row[dr:]
    return out


def _fits(dr: int, dc: int, res: float, distance: float) -> bool:
    """Whether offset (dr, dc) is within ``distance``, as the distance transform has it."""
    d = np.sqrt(np.float64(dr) * np.float64(dr) + np.float64(dc) * np.float64(dc))
    return bool(d * res <= distance)


def _within_edt(mask: NDArray[np.bool_], resolution: float, distance: float) -> NDArray[np.bool_]:
    """The distance transform's answer (arrays other than 2-D)."""
    if not mask.any():
        return np.zeros(mask.shape, dtype=bool)
    from scipy.ndimage import distance_transform_edt

    return np.asarray(distance_transform_edt(~mask) * float(resolution) <= distance)


def tier_of_cells(
    urban: NDArray[Any],
    ov_distance: NDArray[Any],
    resolution: float,
    adjoin_distance: float,
    ov_threshold: float,
) -> NDArray[np.int8]:
    """The tier (1, 2 or 3) of every cell of a 2-D grid.

    Parameters
    ----------
    urban : (H, W) array
        1 (or True) on existing urban area.
    ov_distance : (H, W) array
        Distance in metres to the nearest OV-knooppunt.
    resolution : float
        Cell size in metres.
    adjoin_distance, ov_threshold : float
        Metres: a tier-2 cell lies within ``adjoin_distance`` of urban area (centre to
        centre) and within ``ov_threshold`` of an OV-knooppunt.

    Examples
    --------
    >>> import numpy as np
    >>> urban = np.array([[1, 0, 0, 0]])
    >>> ov = np.array([[0.0, 100.0, 100.0, 5000.0]])
    >>> tier_of_cells(urban, ov, 100, 150, 1000).tolist()
    [[1, 2, 3, 3]]
    """
    is_urban = np.asarray(urban) > 0
    near = within_distance(is_urban, resolution, adjoin_distance)
    return tier_given_near(is_urban, ov_distance, near, ov_threshold)


def tier_given_near(
    urban: NDArray[Any], ov_distance: NDArray[Any], near: NDArray[np.bool_], ov_threshold: float
) -> NDArray[np.int8]:
    """The tiers of cells of any shape given whether each is near urban area (``near``, as
    from :func:`within_distance`): 1 on urban area, 2 near it within ``ov_threshold`` m
    of an OV-knooppunt, else 3 (:func:`tier_of_cells` on the cells themselves).

    >>> tier_given_near(np.array([1, 0, 0]), np.array([0.0, 10.0, np.nan]),
    ...                 np.array([True, True, True]), 100.0).tolist()
    [1, 2, 3]
    """
    is_urban = np.asarray(urban) > 0
    ov = np.asarray(ov_distance, dtype=np.float64)
    near = near & (np.nan_to_num(ov, nan=np.inf) <= ov_threshold)
    tier = np.full(is_urban.shape, 3, dtype=np.int8)
    tier[near] = 2
    tier[is_urban] = 1
    return tier


def tier_table(
    tier: NDArray[np.int8],
    assignment: NDArray[np.integer],
    contrib: NDArray[np.float64],
    functions: tuple[str, ...],
    which: tuple[str, ...],
    keep: NDArray[np.bool_],
    cell_area: float,
) -> list[dict[str, Any]]:
    """Hectares per tier for each function in ``which``.

    Returns one row per (function, tier) with ``cells_ha`` (area of cells given a new
    type that serves the function) and ``function_ha`` (hectares counted for the
    function there, contribution-weighted) and ``share`` of the function's total.
    """
    rows: list[dict[str, Any]] = []
    names = tier_names()
    new = ~keep[assignment]
    for f_name in which:
        if f_name not in functions:
            continue
        f = functions.index(f_name)
        c = contrib[assignment, f]
        serving = new & (c > 0)
        total = float((c * new).sum() * cell_area)
        for k in (1, 2, 3):
            in_tier = tier == k
            fha = float((c * (new & in_tier)).sum() * cell_area)
            rows.append(
                {
                    "function": f_name,
                    "tier": k,
                    "tier_nl": names[k][0],
                    "tier_en": names[k][1],
                    "tier_status": names[k][2],
                    "cells_ha": float((serving & in_tier).sum() * cell_area),
                    "function_ha": fha,
                    "share": fha / total if total > 0 else 0.0,
                }
            )
    return rows


def housing_context(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Homes per province and its woningbouwgebieden, from startpakket wonen rows.

    Reads what a startpakket table may carry (the demo's does): ``homes`` on each wonen
    claim and ``woningbouwgebieden`` (``code``, ``name_nl``, ``homes``, ...), and the
    table's ``assumptions.homes_per_ha``. Rows without them give empty entries.

    Returns
    -------
    dict
        ``{"homes": {province: homes}, "areas": {province: {number: row}}}``.
    """
    homes: dict[str, float] = {}
    areas: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        if row.get("function") != "wonen":
            continue
        code = str(row.get("province", ""))
        if row.get("homes") is not None:
            homes[code] = homes.get(code, 0.0) + float(row["homes"])
        for area in row.get("woningbouwgebieden", []) or []:
            text = str(area.get("code", ""))
            if text.startswith("WB") and text[2:].isdigit():
                areas.setdefault(code, {})[int(text[2:])] = area
    return {"homes": homes, "areas": areas}


def add_tier_homes(rows: list[dict[str, Any]], homes: float | None) -> None:
    """Give each wonen tier row ``homes``: the claim's homes times the tier's share.

    The homes of the tiers add up to the claim's homes (the share is of the hectares
    the allocation counts for wonen); ``None`` when the claim names no homes.
    """
    for row in rows:
        if row.get("function") == "wonen":
            row["homes"] = None if homes is None else round(homes * row["share"], 1)


def housing_area_table(
    area_ids: NDArray[np.integer],
    assignment: NDArray[np.integer],
    contrib: NDArray[np.float64],
    functions: tuple[str, ...],
    keep: NDArray[np.bool_],
    cell_area: float,
    areas: dict[int, dict[str, Any]],
    homes_per_ha: float | None,
) -> list[dict[str, Any]]:
    """Hectares allocated to wonen per woningbouwgebied of one province.

    ``area_ids`` is the ``woningbouwgebieden`` id (1-17, 0 outside) of each cell of the
    province. One row per area of ``areas`` (those the startpakket lists) and per id on
    the grid: ``wonen_ha`` (contribution-weighted hectares of new types serving wonen),
    ``homes_at_density`` (``wonen_ha x homes_per_ha``) and the area's ``homes_capacity``
    (plan capacity from the reference) with its status.
    """
    if "wonen" not in functions:
        return []
    f = functions.index("wonen")
    c = contrib[assignment, f] * ~keep[assignment]
    ids = np.asarray(area_ids).astype(np.int64)
    ha = np.bincount(ids, weights=c, minlength=18) * cell_area
    numbers = sorted(set(areas) | set(int(k) for k in np.unique(ids) if k > 0))
    rows = []
    for k in numbers:
        info = areas.get(k, {})
        wonen_ha = float(ha[k]) if k < ha.size else 0.0
        rows.append(
            {
                "code": info.get("code", f"WB{k:02d}"),
                "name_nl": info.get("name_nl", ""),
                "wonen_ha": wonen_ha,
                "homes_at_density": None if homes_per_ha is None else wonen_ha * homes_per_ha,
                "homes_capacity": info.get("homes"),
                "homes_status": info.get("homes_status", ""),
                "source": info.get("source", ""),
            }
        )
    return rows
