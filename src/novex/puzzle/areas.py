"""What a puzzle run allocates inside each NOVEX-gebied of a province.

Where the workspace has the ``novex_gebieden`` bitmask layer (:mod:`novex.layers.areas`),
every solved province gets one row per (NOVEX-gebied, function) for each area that
touches the province: the areas with cells in the province's puzzle and the areas the
NOVI reference lists for the province (the latter with 0 ha when their outline misses
it). The figures:

``area_ha``
    Hectares of the area inside the province's puzzle.
``new_ha``
    Of those, the hectares given a new land-use type (not kept as they are).
``allocated_ha``
    Contribution-weighted hectares of the function inside the area: the same measure as
    the claims' ``allocated``, so an area's figure never exceeds the province's.
``claim_short_ha``
    The conflict: how many hectares the province's claim for the function falls short
    (claims are set per province, so every area of the province shows the province's
    shortfall; 0 when the claim fits).

Areas overlap (the Noordzeekanaalgebied lies inside the MRA), so areas do not add up to
the province; each area on its own does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.layers.areas import AREA_LAYER, area_cells, areas_present
from novex.reference import novex_gebieden
from novex.text import format_hectares, gettext

if TYPE_CHECKING:
    from novex.puzzle.assemble import Assembly
    from novex.puzzle.runs import ProvinceRun

__all__ = ["AREA_COLUMNS", "add_areas", "area_lines", "area_rows"]

AREA_COLUMNS = (
    "region", "area", "name_nl", "name_en", "in_reference", "area_ha", "new_ha", "function",
    "allocated_ha", "claim_short_ha", "outline_synthetic",
)  # fmt: skip
"""Columns of ``areas.csv``, in order."""

_TOL = 1e-6


def area_rows(
    code: str,
    bits: NDArray[np.integer],
    assignment: NDArray[np.integer],
    contrib: NDArray[np.float64],
    functions: tuple[str, ...],
    keep: NDArray[np.bool_],
    cell_area: float,
    shortfall: dict[str, float],
    synthetic: bool = False,
) -> list[dict[str, Any]]:
    """Rows (area, function) of one province, from the bitmask of its puzzle cells.

    Parameters
    ----------
    code : str
        The province code (``"NL-UT"``).
    bits : array of int
        The ``novex_gebieden`` bitmask of each cell of the province's puzzle.
    assignment : array of int
        The type index of each of those cells.
    contrib : (types, functions) array
        What each type gives each function.
    functions : tuple of str
    keep : array of bool
        Per type: True when it keeps the current use.
    cell_area : float
        Hectares per cell.
    shortfall : dict
        Function -> hectares the province's claim falls short.
    synthetic : bool
        Whether the outlines are schematic.

    Examples
    --------
    >>> import numpy as np
    >>> rows = area_rows("NL-UT", np.array([64, 64, 0]), np.array([0, 1, 1]),
    ...     np.array([[1.0, 0.0], [0.0, 1.0]]), ("wonen", "natuur"),
    ...     np.array([False, True]), 6.25, {"wonen": 10.0})
    >>> [(r["area"], r["function"], r["area_ha"], r["allocated_ha"]) for r in rows
    ...  if r["area"] == "NX07"]
    [('NX07', 'wonen', 12.5, 6.25), ('NX07', 'natuur', 12.5, 6.25)]
    """
    listed = [a for a in novex_gebieden() if code in a.provinces]
    present = set(areas_present(bits))
    areas = [a for a in novex_gebieden() if a in listed or int(a.code[2:]) in present]
    assignment = np.asarray(assignment)
    rows = []
    for area in areas:
        inside = area_cells(bits, area.code)
        types = assignment[inside]
        weights = contrib[types].sum(axis=0) * cell_area
        area_ha = float(inside.sum()) * cell_area
        new_ha = float((~keep[types]).sum()) * cell_area
        for j, f in enumerate(functions):
            rows.append(
                {
                    "region": code,
                    "area": area.code,
                    "name_nl": area.name_nl,
                    "name_en": area.name_en,
                    "in_reference": area in listed,
                    "area_ha": area_ha,
                    "new_ha": new_ha,
                    "function": f,
                    "allocated_ha": float(weights[j]),
                    "claim_short_ha": float(shortfall.get(f, 0.0)),
                    "outline_synthetic": synthetic,
                }
            )
    return rows


def add_areas(run: ProvinceRun, asm: Assembly, code: str, assign: NDArray[np.integer]) -> None:
    """Fill ``run.areas`` where the workspace has the ``novex_gebieden`` layer."""
    ws = asm.workspace
    if AREA_LAYER not in ws.layers:
        return
    spec = ws.layer(AREA_LAYER)
    keep = np.array([t.keep is not None for t in asm.types])
    short = dict(run.short())
    run.areas = area_rows(
        code, asm.layer_values(code, AREA_LAYER), assign, asm.contributions, asm.functions, keep,
        asm.cell_area, short, bool(spec.synthetic),
    )  # fmt: skip


def area_lines(rows: list[dict[str, Any]], lang: str = "nl") -> list[str]:
    """One line per NOVEX-gebied: its hectares, what the puzzle gives each function there
    and the province's claims that fall short.

    Examples
    --------
    >>> rows = [{"area": "NX07", "name_nl": "U-A", "name_en": "U-A", "area_ha": 100.0,
    ...          "new_ha": 20.0, "function": "wonen", "allocated_ha": 20.0,
    ...          "claim_short_ha": 5.0}]
    >>> area_lines(rows, "en")
    ['NX07 U-A: 100 ha, of which 20 ha new; wonen 20 ha; short: wonen 5 ha']
    """
    out: list[str] = []
    by_area: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_area.setdefault(r["area"], []).append(r)
    for code, group in by_area.items():
        first = group[0]
        name = first["name_en" if lang == "en" else "name_nl"]
        parts = ", ".join(
            f"{r['function']} {format_hectares(r['allocated_ha'], lang)}"
            for r in group
            if r["allocated_ha"] > _TOL
        )
        short = ", ".join(
            f"{r['function']} {format_hectares(r['claim_short_ha'], lang)}"
            for r in group
            if r["claim_short_ha"] > _TOL
        )
        text = gettext(
            "{code} {name}: {area}, of which {new} new",
            lang,
            code=code,
            name=name,
            area=format_hectares(first["area_ha"], lang),
            new=format_hectares(first["new_ha"], lang),
        )
        if parts:
            text += f"; {parts}"
        if short:
            text += "; " + gettext("short: {parts}", lang, parts=short)
        out.append(text)
    return out
