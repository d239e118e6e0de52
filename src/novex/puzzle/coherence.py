"""Spatial coherence of an allocation: patches, tiny patches and isolated cells.

Where many cells are equally good, which of them get a new use is a free choice, and a
careless choice scatters the new use over the map (speckle). This module measures it and
gives the engine the neighbourhood it needs to avoid it; the engine itself knows no
geometry.

Measured per province and *newly allocated* type (a type that is not a keep type, so
the cell's use changes), on 4-connected patches of that type:

``patches``
    the number of 4-connected patches (one compiled pass over the raster for all types);
``mean_patch_ha``
    the mean patch size in hectares;
``tiny_patches``, ``tiny_share``
    patches of one or two cells, and their share of the patches;
``isolated_cells``, ``isolated_share``
    cells with no 4-neighbour of the same type, and their share of the type's cells.

>>> import numpy as np
>>> grid = np.array([[0, 0, -1, 1],
...                  [0, -1, -1, -1],
...                  [-1, -1, 0, -1]])
>>> rows = patch_figures(grid, ["natuur", "water"], [True, True], cell_area=1.0)
>>> [(r["type"], r["cells"], r["patches"], r["tiny_patches"], r["isolated_cells"]) for r in rows]
[('natuur', 4, 2, 1, 1), ('water', 1, 1, 1, 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "COHERENCE_COLUMNS",
    "add_before",
    "coherence_line",
    "grid_neighbours",
    "patch_figures",
    "province_figures",
    "worst_figures",
]

COHERENCE_COLUMNS = (
    "region",
    "type",
    "cells",
    "area_ha",
    "patches",
    "mean_patch_ha",
    "tiny_patches",
    "tiny_share",
    "isolated_cells",
    "isolated_share",
    "patches_before",
    "tiny_patches_before",
    "isolated_cells_before",
    "moved_ha",
    "suitability_given_up",
)
"""Columns of ``coherence.csv``; the last five only with ``samenhang`` on (see
:func:`add_before`)."""


@numba.njit(cache=True, nogil=True)
def _type_patches(
    types: NDArray[np.integer], want: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Per type index: its cells, and for the types in ``want`` its 4-connected patches,
    patches of one or two cells and cells with no 4-neighbour of their type (one pass
    over the raster for all types; cells outside ``0 <= type < len(want)`` count for
    none)."""
    h, w = types.shape
    n_t = want.shape[0]
    cells = np.zeros(n_t, dtype=np.int64)
    patches = np.zeros(n_t, dtype=np.int64)
    tiny = np.zeros(n_t, dtype=np.int64)
    isolated = np.zeros(n_t, dtype=np.int64)
    seen = np.zeros(h * w, dtype=np.bool_)
    stack = np.empty(h * w, dtype=np.int64)
    for start in range(h * w):
        r0, c0 = divmod(start, w)
        t = types[r0, c0]
        if t < 0 or t >= n_t:
            continue
        cells[t] += 1
        if not want[t]:
            continue
        if not (
            (r0 > 0 and types[r0 - 1, c0] == t)
            or (r0 < h - 1 and types[r0 + 1, c0] == t)
            or (c0 > 0 and types[r0, c0 - 1] == t)
            or (c0 < w - 1 and types[r0, c0 + 1] == t)
        ):
            isolated[t] += 1
        if seen[start]:
            continue
        seen[start] = True  # a new patch: flood it
        size = 0
        top = 0
        stack[0] = start
        while top >= 0:
            i = stack[top]
            top -= 1
            size += 1
            r, c = divmod(i, w)
            if r > 0 and not seen[i - w] and types[r - 1, c] == t:
                seen[i - w] = True
                top += 1
                stack[top] = i - w
            if r < h - 1 and not seen[i + w] and types[r + 1, c] == t:
                seen[i + w] = True
                top += 1
                stack[top] = i + w
            if c > 0 and not seen[i - 1] and types[r, c - 1] == t:
                seen[i - 1] = True
                top += 1
                stack[top] = i - 1
            if c < w - 1 and not seen[i + 1] and types[r, c + 1] == t:
                seen[i + 1] = True
                top += 1
                stack[top] = i + 1
        patches[t] += 1
        if size <= 2:
            tiny[t] += 1
    return cells, patches, tiny, isolated


def patch_figures(
    types: NDArray[np.integer],
    type_ids: Sequence[str],
    new: Sequence[bool],
    cell_area: float,
) -> list[dict[str, Any]]:
    """Coherence figures of every new type present in a 2-D raster of type indices.

    Parameters
    ----------
    types : (H, W) int
        Type index per cell; negative outside the area measured.
    type_ids : sequence of str
        Type id per index.
    new : sequence of bool
        Per type: True where it is a new use (not a keep type).
    cell_area : float
        Hectares per cell.

    Returns
    -------
    list of dict
        One row per new type with at least one cell, in type order, with the columns
        of :data:`COHERENCE_COLUMNS` except ``region``.
    """
    types = np.ascontiguousarray(types)
    want = np.zeros(len(type_ids), dtype=np.bool_)
    want[: len(new)] = np.asarray(new, dtype=np.bool_)
    present, patches, tiny_n, isolated_n = _type_patches(types, want)
    rows = []
    for t, tid in enumerate(type_ids):
        if not new[t] or present[t] == 0:
            continue
        n = int(patches[t])
        tiny = int(tiny_n[t])
        isolated = int(isolated_n[t])
        cells = int(present[t])
        rows.append(
            {
                "type": tid,
                "cells": cells,
                "area_ha": cells * cell_area,
                "patches": n,
                "mean_patch_ha": cells * cell_area / n,
                "tiny_patches": tiny,
                "tiny_share": tiny / n,
                "isolated_cells": isolated,
                "isolated_share": isolated / cells,
            }
        )
    return rows


def _window(
    cells: NDArray[np.int64], shape: tuple[int, int]
) -> tuple[NDArray[np.int64], NDArray[np.int64], tuple[int, int]]:
    """Rows and columns of flat ``cells`` inside their bounding box, and its shape."""
    rows, cols = np.divmod(cells, shape[1])
    r0, c0 = int(rows.min()), int(cols.min())
    return rows - r0, cols - c0, (int(rows.max()) - r0 + 1, int(cols.max()) - c0 + 1)


def province_figures(
    cells: NDArray[np.int64],
    assignment: NDArray[np.integer],
    shape: tuple[int, int],
    type_ids: Sequence[str],
    new: Sequence[bool],
    cell_area: float,
) -> list[dict[str, Any]]:
    """:func:`patch_figures` of one province's assignment on its cells of a grid.

    ``cells`` are flat indices into a grid of ``shape``; patches are counted inside the
    province only (a patch that continues in the next province is cut at the border).
    """
    if cells.shape[0] == 0:
        return []
    r, c, box = _window(cells, shape)
    raster = np.full(box, -1, dtype=np.int16)
    raster[r, c] = assignment
    return patch_figures(raster, type_ids, new, cell_area)


def add_before(
    rows: list[dict[str, Any]],
    before: Sequence[dict[str, Any]],
    consolidation: dict[str, Any] | None,
) -> None:
    """Add to each row what ``samenhang`` started from and what its pass did, in place.

    ``before`` are the figures of the map before ``samenhang`` (round 0), ``consolidation``
    what the consolidation pass did (``Solution.info["consolidation"]``; None without
    it). Each row gets ``patches_before``, ``tiny_patches_before``,
    ``isolated_cells_before`` (0 for a type the map before did not have), ``moved_ha``
    (hectares of the type the pass moved) and ``suitability_given_up`` (by the pass, for
    the type). Without ``before`` (``samenhang`` off) the rows get None.

    >>> rows = [{"type": "natuur", "patches": 2}]
    >>> add_before(rows, [{"type": "natuur", "patches": 5, "tiny_patches": 3,
    ...                    "isolated_cells": 2}],
    ...            {"by_type": {"natuur": {"swaps": 4, "moved_ha": 4.0, "given_up": 0.5}}})
    >>> rows[0]["tiny_patches_before"], rows[0]["moved_ha"]
    (3, 4.0)
    """
    on = bool(before) or consolidation is not None
    old = {r["type"]: r for r in before}
    by_type = (consolidation or {}).get("by_type", {})
    for row in rows:
        b = old.get(row["type"], {})
        moved = by_type.get(row["type"], {})
        for key in ("patches", "tiny_patches", "isolated_cells"):
            row[f"{key}_before"] = int(b.get(key, 0)) if on else None
        row["moved_ha"] = float(moved.get("moved_ha", 0.0)) if on else None
        row["suitability_given_up"] = float(moved.get("given_up", 0.0)) if on else None


def grid_neighbours(cells: NDArray[np.int64], shape: tuple[int, int]) -> NDArray[np.int32]:
    """The 4-neighbours of each cell among ``cells``: (N, 4) local indices, -1 where none.

    ``cells`` are flat indices into a grid of ``shape``. This is the neighbourhood the
    planning layer hands the engine (``Problem.solve(neighbours=...)``); the engine
    sees only the graph, not the grid.

    >>> grid_neighbours(np.array([0, 1, 3]), (2, 2)).tolist()
    [[-1, -1, -1, 1], [-1, 2, 0, -1], [1, -1, -1, -1]]
    """
    n = cells.shape[0]
    out = np.full((n, 4), -1, dtype=np.int32)
    if n == 0:
        return out
    r, c, box = _window(cells, shape)
    lut = np.full((box[0] + 2, box[1] + 2), -1, dtype=np.int32)
    lut[r + 1, c + 1] = np.arange(n, dtype=np.int32)
    out[:, 0] = lut[r, c + 1]  # north
    out[:, 1] = lut[r + 2, c + 1]  # south
    out[:, 2] = lut[r + 1, c]  # west
    out[:, 3] = lut[r + 1, c + 2]  # east
    return out


def worst_figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The worst tiny-patch share and isolated share among ``rows`` (one province).

    Returns None without rows; otherwise ``tiny_share``, ``tiny_type``,
    ``isolated_share``, ``isolated_type``, ``patches`` (total) and ``cells`` (total).
    """
    if not rows:
        return None
    tiny = max(rows, key=lambda r: (r["tiny_share"], r["patches"]))
    iso = max(rows, key=lambda r: (r["isolated_share"], r["cells"]))
    return {
        "tiny_share": tiny["tiny_share"],
        "tiny_type": tiny["type"],
        "isolated_share": iso["isolated_share"],
        "isolated_type": iso["type"],
        "patches": sum(r["patches"] for r in rows),
        "cells": sum(r["cells"] for r in rows),
    }


def coherence_line(rows: Sequence[dict[str, Any]], lang: str = "nl") -> str:
    """One compact line for the CLI: the worst tiny-patch share and isolated share.

    Tiny patches are patches of one or two cells (share of the type's patches);
    isolated cells have no 4-neighbour of their type (share of the type's cells).
    The suitability given up is in suitability-hectares.

    >>> coherence_line([{"type": "natuur", "cells": 40, "patches": 4, "tiny_share": 0.25,
    ...                  "isolated_share": 0.025}], "en")
    'tiny 25.0% (natuur), isolated 2.50% (natuur)'
    >>> coherence_line([{"type": "natuur", "cells": 40, "patches": 4, "tiny_share": 0.25,
    ...                  "isolated_share": 0.025}], "nl")
    'klein 25,0% (natuur), los 2,50% (natuur)'

    With ``samenhang``'s consolidation pass (:func:`add_before`), it adds the hectares
    the pass moved and the suitability it gave up:

    >>> coherence_line([{"type": "natuur", "cells": 40, "patches": 4, "tiny_share": 0.0,
    ...                  "isolated_share": 0.0, "moved_ha": 12.0,
    ...                  "suitability_given_up": 0.125}], "nl")
    'klein 0,0% (natuur), los 0,00% (natuur); 12 ha verplaatst, 0,12 geschiktheid ingeleverd'
    """
    from novex.text import format_hectares, format_number, format_percent, gettext

    w = worst_figures(rows)
    if w is None:
        return gettext("no new use", lang)
    line = gettext(
        "tiny {tiny} ({tiny_type}), isolated {isolated} ({isolated_type})",
        lang,
        tiny=format_percent(w["tiny_share"], lang, 1),
        tiny_type=w["tiny_type"],
        isolated=format_percent(w["isolated_share"], lang, 2),
        isolated_type=w["isolated_type"],
    )
    moved = sum(r.get("moved_ha") or 0.0 for r in rows)
    if moved > 0:
        given = sum(r.get("suitability_given_up") or 0.0 for r in rows)
        line += "; " + gettext(
            "{moved} moved, {given} suitability given up",
            lang,
            moved=format_hectares(moved, lang),
            given=format_number(given, lang, 2),
        )
    return line
