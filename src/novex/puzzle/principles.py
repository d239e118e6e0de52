"""Afwegen met de NOVI: the three weighing principles as named, switchable terms.

Each principle adds a term to the suitability of the new (non-keep) types:

``combinaties`` (W1, "Combinaties van functies gaan voor enkelvoudige functies")
    ``bonus * min(1, sum_f C[t, f] - max_f C[t, f])``: the hectares of second and
    further functions one hectare of the type carries. Single-function types get 0.
``identiteit`` (W2, "Kenmerken en identiteit van een gebied staan centraal")
    ``weight * (fit - 0.5)``, with ``fit`` in [0, 1] the fit of the type with the soil
    of the cell (``soil_fit[function][soil class]``, 0.5 where not given) averaged,
    for the share of building functions, with the elevation fit (``linear`` between
    ``elevation_lo`` and ``elevation_hi`` m NAP). A multifunctional type's soil fit is
    the contribution-weighted mean of its functions' fits.
``afwenteling`` (W3, "Afwenteling wordt voorkomen")
    ``-weight * penalty * share``: a 0..1 penalty raster of cells that fail a later
    horizon's rules, times the type's share in ``functions``. ``novex.scenarios``
    derives it (:func:`novex.scenarios.afwenteling.penalty_raster`: 1 where a rule of
    the later horizon forbids a type serving ``functions``); a workspace layer may
    also be given. Without a penalty raster the term is zero.

``samenhang`` (coherence, a novex principle, not one of the NOVI three)
    A new use belongs next to the same use. Two schemes (``[principles.samenhang]``):
    the **consolidation pass** (:mod:`novex.puzzle.consolidate`, the default and the
    demo's): after the solve, swaps of cells move every patch of one or two cells of a
    new use next to a larger patch of it, every claim keeping its hectares (or, with
    ``claim_room``, staying within its claim), within a budget; the objective optimised
    is the plain one and its dual bound still bounds the final map, whose gap and status
    are computed again. The **rounds** (``rounds`` > 0): ``weight * (share of type t in
    the 5 x 5 cells around the cell)`` for every new type t (window ``2 * radius + 1``),
    from the map of the previous solve, added by a documented scheme rather than to a
    proven fixed point (:func:`neighbour_bonus`): round 0 solves without it; each of
    ``rounds`` further solves adds the bonus computed from the round before to the
    suitability of round 0, starting its price search from the prices of the round
    before. The certificate of the final map is then the one of the last round's
    problem (round-0 suitability plus that bonus). What the principle gives up is
    measured in the suitability without it against the solve without it.

:func:`principle_table` reports what each switched-on principle changed, in hectares,
from a solve with all of them and one solve with each switched off;
:func:`coherence_row` the same for ``samenhang`` from its rounds, with the patches and
the suitability it gives up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.spec import PuzzleSpec, TypeDef

__all__ = [
    "COHERENCE",
    "PRINCIPLES",
    "PrincipleTerms",
    "coherence_row",
    "neighbour_bonus",
    "principle_table",
]

PRINCIPLES: dict[str, str] = {"combinaties": "W1", "identiteit": "W2", "afwenteling": "W3"}
"""Principle key -> id of the weighing principle in the reference model."""

COHERENCE = "samenhang"
"""Key of the coherence principle (not in the reference model)."""


def _contrib_share(
    contrib: NDArray[np.float64], functions: tuple[str, ...], which: tuple[str, ...]
) -> NDArray[np.float64]:
    cols = [functions.index(f) for f in which if f in functions]
    if not cols:
        return np.zeros(contrib.shape[0])
    return np.minimum(1.0, contrib[:, cols].sum(axis=1))


@dataclass
class PrincipleTerms:
    """The principle terms of one province in factored form (small arrays)."""

    combination: NDArray[np.float32]
    soil_index: NDArray[np.int16] | None
    soil_fit: NDArray[np.float32] | None
    elevation_fit: NDArray[np.float32] | None
    elevation_share: NDArray[np.float32]
    identity_weight: float
    penalty: NDArray[np.float32] | None
    shift_share: NDArray[np.float32]
    shift_weight: float

    @classmethod
    def build(
        cls,
        spec: PuzzleSpec,
        types: list[TypeDef],
        functions: tuple[str, ...],
        contrib: NDArray[np.float64],
        layers: Callable[[str], NDArray[Any]],
        cells: NDArray[np.int64],
        penalty: NDArray[Any] | None,
    ) -> PrincipleTerms:
        """Compute the factors from the spec and the layers at ``cells``."""
        p = spec.principles
        keep = np.array([t.keep is not None for t in types])
        total = contrib.sum(axis=1)
        extra = np.minimum(1.0, total - (contrib.max(axis=1) if contrib.shape[1] else 0.0))
        combination = (p.combinaties.bonus * np.maximum(extra, 0.0)).astype(np.float32)
        combination[keep] = 0.0

        ident = p.identiteit
        soil_index = soil_fit = elevation_fit = None
        elevation_share = np.zeros(len(types), dtype=np.float32)
        if ident.enabled:
            classes = list(ident.soil_classes.items())
            lut = np.full(256, len(classes), dtype=np.int16)
            for k, (value, _) in enumerate(classes):
                lut[value] = k
            raw = layers(ident.soil_layer)[cells]
            ok = (raw >= 0) & (raw < 256)
            soil_index = np.where(ok, lut[np.clip(raw, 0, 255).astype(np.int64)], len(classes))
            soil_index = soil_index.astype(np.int16)
            fit_f = np.full((len(classes) + 1, len(functions)), 0.5)
            for f_name, table in ident.soil_fit.items():
                f = functions.index(f_name)
                for k, (_, cname) in enumerate(classes):
                    fit_f[k, f] = float(table.get(cname, 0.5))
            weight = np.where(total > 0, 1.0 / np.where(total > 0, total, 1.0), 0.0)
            soil_fit = ((fit_f @ contrib.T) * weight[None, :]).astype(np.float32)
            soil_fit[:, total == 0] = 0.5
            if ident.elevation_functions:
                z = layers(ident.elevation_layer)[cells].astype(np.float32)
                span = max(ident.elevation_hi - ident.elevation_lo, 1e-9)
                elevation_fit = np.clip((z - ident.elevation_lo) / span, 0.0, 1.0)
                elevation_fit = np.nan_to_num(elevation_fit, nan=0.5).astype(np.float32)
                share = _contrib_share(contrib, functions, ident.elevation_functions)
                elevation_share = np.where(total > 0, share / np.maximum(total, 1e-12), 0.0)
                elevation_share = np.minimum(elevation_share, 1.0).astype(np.float32)
            soil_fit[:, keep] = 0.5
            elevation_share[keep] = 0.0

        shift = p.afwenteling
        pen = None
        if shift.enabled and penalty is not None:
            pen = np.clip(np.nan_to_num(np.asarray(penalty, dtype=np.float32)), 0.0, 1.0)
        shift_share = _contrib_share(contrib, functions, shift.functions).astype(np.float32)
        shift_share[keep] = 0.0
        return cls(
            combination=combination,
            soil_index=soil_index,
            soil_fit=soil_fit,
            elevation_fit=elevation_fit,
            elevation_share=elevation_share,
            identity_weight=float(ident.weight),
            penalty=pen,
            shift_share=shift_share,
            shift_weight=float(shift.weight),
        )


def principle_table(
    key: str,
    enabled: bool,
    assignment_on: NDArray[np.integer] | None,
    assignment_off: NDArray[np.integer] | None,
    contrib: NDArray[np.float64],
    functions: tuple[str, ...],
    multi: NDArray[np.bool_],
    cell_area: float,
    *,
    note: str = "",
) -> dict[str, Any]:
    """One row of the principle table: what switching ``key`` on changed, in hectares.

    ``changed_ha`` is the area whose type differs; ``multifunctional_ha_on/off`` the
    area of multifunctional types with and without the principle; ``delta_ha`` per
    function the hectares counted for it with minus without.
    """
    from novex.reference import load_reference

    ref = load_reference().get("principles", PRINCIPLES[key])
    row: dict[str, Any] = {
        "principle": key,
        "id": PRINCIPLES[key],
        "name_nl": ref.name_nl,
        "name_en": ref.name_en,
        "status": ref.status,
        "enabled": enabled,
        "compared": assignment_on is not None and assignment_off is not None,
        "changed_ha": None,
        "multifunctional_ha_on": None,
        "multifunctional_ha_off": None,
        "delta_ha": {},
        "note": note,
    }
    if assignment_on is None or assignment_off is None:
        return row
    row["changed_ha"] = float((assignment_on != assignment_off).sum() * cell_area)
    row["multifunctional_ha_on"] = float(multi[assignment_on].sum() * cell_area)
    row["multifunctional_ha_off"] = float(multi[assignment_off].sum() * cell_area)
    on = contrib[assignment_on].sum(axis=0) * cell_area
    off = contrib[assignment_off].sum(axis=0) * cell_area
    row["delta_ha"] = {f: float(on[j] - off[j]) for j, f in enumerate(functions)}
    return row


def neighbour_bonus(
    s: NDArray[np.float32],
    assignment: NDArray[np.integer],
    cells: NDArray[np.int64],
    shape: tuple[int, int],
    new: NDArray[np.bool_],
    weight: float,
    radius: int = 2,
) -> None:
    """Add ``weight`` x the share of type t around each cell to ``s[:, t]``, in place.

    The share is taken over the (2 ``radius`` + 1)-cell square window centred on the cell
    (the cell itself included; cells outside the puzzle count as not t) in the map
    ``assignment``; only for new types t (``new[t]``), a keep type gets nothing.
    ``cells`` are the flat grid indices of the rows of ``s`` in a grid of ``shape``.

    >>> s = np.zeros((3, 2), dtype=np.float32)
    >>> neighbour_bonus(s, np.array([0, 0, 1]), np.arange(3), (1, 3), np.array([True, False]),
    ...                 0.9, radius=1)
    >>> s.astype(float).round(3).tolist()
    [[0.2, 0.0], [0.2, 0.0], [0.1, 0.0]]
    """
    from scipy import ndimage

    rows, cols = np.divmod(cells, shape[1])
    r0, c0 = int(rows.min()), int(cols.min())
    rows, cols = rows - r0, cols - c0
    box = (int(rows.max()) + 1, int(cols.max()) + 1)
    size = 2 * radius + 1
    for t in np.flatnonzero(new):
        held = assignment == t
        if not held.any():
            continue
        raster = np.zeros(box, dtype=np.float32)
        raster[rows, cols] = held
        share = ndimage.uniform_filter(raster, size=size, mode="constant")[rows, cols]
        s[:, t] += np.float32(weight) * np.clip(share, 0.0, 1.0).astype(np.float32)


def coherence_row(
    enabled: bool,
    assignment_on: NDArray[np.integer] | None,
    assignment_off: NDArray[np.integer] | None,
    figures_on: list[dict[str, Any]],
    figures_off: list[dict[str, Any]],
    cell_area: float,
    *,
    weight: float,
    rounds: int,
    given_up: float | None,
    note: str = "",
    consolidation: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The principle-table row of ``samenhang``: what its rounds and its pass changed and cost.

    Besides the columns of :func:`principle_table`, ``patches_on/off``,
    ``tiny_patches_on/off`` and ``isolated_cells_on/off`` (summed over the new types,
    see :mod:`novex.puzzle.coherence`) and ``suitability_given_up``: the round-0
    objective minus the final map's value under round-0 suitability
    (suitability-hectares). ``delta_ha`` is empty unless the consolidation pass used
    the room of a claim (then per function the hectares after minus before).
    ``consolidation`` is what the pass did (``Solution.info["consolidation"]``): the
    row adds ``swaps``, ``exact_swaps``, ``moved_ha``, ``patches_left`` (tiny patches it
    could not move) and ``budget`` (None without the pass).
    """
    compared = assignment_on is not None and assignment_off is not None

    def total(rows: list[dict[str, Any]], key: str) -> int | None:
        return int(sum(r[key] for r in rows)) if compared else None

    changed = None
    if assignment_on is not None and assignment_off is not None:
        changed = float((assignment_on != assignment_off).sum() * cell_area)
    return {
        "principle": COHERENCE,
        "id": "S",
        "name_nl": "Samenhang: nieuw gebruik in aaneengesloten vlakken",
        "name_en": "Coherence: new uses in contiguous patches",
        "status": "assumption",
        "enabled": enabled,
        "compared": compared,
        "changed_ha": changed,
        "multifunctional_ha_on": None,
        "multifunctional_ha_off": None,
        "delta_ha": {
            f: float(v) for f, v in (consolidation or {}).get("delta_ha", {}).items() if v
        },
        "patches_on": total(figures_on, "patches"),
        "patches_off": total(figures_off, "patches"),
        "tiny_patches_on": total(figures_on, "tiny_patches"),
        "tiny_patches_off": total(figures_off, "tiny_patches"),
        "isolated_cells_on": total(figures_on, "isolated_cells"),
        "isolated_cells_off": total(figures_off, "isolated_cells"),
        "suitability_given_up": given_up,
        "weight": weight,
        "rounds": rounds,
        "consolidate": consolidation is not None,
        "swaps": None if consolidation is None else int(consolidation["swaps"]),
        "exact_swaps": None if consolidation is None else int(consolidation["exact_swaps"]),
        "moved_ha": None if consolidation is None else float(consolidation["moved_ha"]),
        "patches_left": None if consolidation is None else int(consolidation["left"]),
        "budget": None if consolidation is None else float(consolidation["budget"]),
        "note": note,
    }
