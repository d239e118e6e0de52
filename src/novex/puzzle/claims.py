"""Provinces and claims read from workspace tables.

- provinces: the provinces a workspace covers, from its province table
  (:func:`read_provinces`), as :class:`novex.reference.Region` values, and looking one
  up among them by code, name or raster id (:func:`find_province`);
- claims: the startpakket table as :class:`ClaimLine` rows (:func:`read_startpakket`)
  and the split of a ``[[claims.national]]`` claim over the provinces
  (:func:`national_shares`).

The function and concept names come from the reference (:mod:`novex.reference.vocabulary`).
:func:`novex.puzzle.assemble.assemble` combines these with the spec's
``[[claims.extra]]`` into the claims of each province.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.errors import ReferenceLookupError, SpecError
from novex.reference import Region, RegionKind, region

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.spec import PuzzleSpec

__all__ = [
    "ClaimLine",
    "find_province",
    "national_shares",
    "read_provinces",
    "read_startpakket",
]

log = logging.getLogger(__name__)


# -- provinces --------------------------------------------------------------------------
def _rows(data: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        for k in (key, "items", "rows", "claims"):
            if isinstance(data.get(k), list):
                return list(data[k])
        raise SpecError(f"Table {key!r} has no list of rows (keys: {sorted(data)}).")
    if isinstance(data, list):
        return data
    raise SpecError(f"Table {key!r} is not a list of rows.")


def read_provinces(workspace: Workspace, table: str = "provinces") -> list[Region]:
    """The provinces of the workspace's province table, in raster-id order.

    Each row names a province (``code``, or ``name_nl``/``name``) and its ``id`` in the
    province layer, which must be the province's :attr:`~novex.reference.Region.raster_id`.

    Raises
    ------
    SpecError
        For a row whose province is unknown or whose id is not the province's raster id.
    """
    out: list[Region] = []
    for k, row in enumerate(_rows(workspace.read_json_table(table), table)):
        key = row.get("code", row.get("name_nl", row.get("name", row.get("id"))))
        if key is None:
            raise SpecError(f"Table {table!r} row {k} names no province (code): {row!r}.")
        try:
            prov = region(key, kind=RegionKind.PROVINCE)
        except ReferenceLookupError as err:
            raise SpecError(f"Table {table!r} row {k}: {err}") from err
        if "id" in row and int(row["id"]) != prov.raster_id:
            raise SpecError(
                f"Table {table!r} row {k}: province {prov.code!r} has id {row['id']!r}; "
                f"the province raster uses {prov.raster_id} for {prov.name_nl} "
                "(novex.reference.provinces() lists the raster ids)."
            )
        out.append(prov)
    return sorted(out, key=lambda p: p.raster_id)


def find_province(provinces: list[Region], name: str | int) -> Region:
    """The province named ``name`` (code, Dutch or English name, or raster id; any case).

    Raises
    ------
    SpecError
        Naming the value and listing the provinces of ``provinces``.
    """
    valid = [p.code for p in provinces]
    try:
        prov = region(name, kind=RegionKind.PROVINCE)
    except ReferenceLookupError:
        prov = None
    if prov is None:
        raise SpecError(
            f"Unknown province {name!r}. Valid: {valid} (or their Dutch or English names)."
        )
    if prov not in provinces:
        raise SpecError(
            f"Province {name!r} ({prov.code}) is not in this workspace. Valid: {valid}."
        )
    return prov


# -- claims -----------------------------------------------------------------------------
@dataclass
class ClaimLine:
    """One claim on one (province, function) before aggregation."""

    province: str
    function: str
    min: float
    max: float
    priority: int
    origin: str
    source: str = ""
    status: str = ""
    note: str = ""
    native: dict[str, Any] = field(default_factory=dict)
    date: str = ""
    interests: tuple[int, ...] = ()
    novi_priorities: tuple[str, ...] = ()


def _num(row: dict[str, Any], *keys: str) -> float | None:
    for k in keys:
        if k in row and row[k] is not None:
            return float(row[k])
    return None


def read_startpakket(
    workspace: Workspace, spec: PuzzleSpec, provinces: list[Region]
) -> list[ClaimLine]:
    """The claims of the workspace startpakket table, as :class:`ClaimLine` rows.

    Rows name a province (code, name or id), a function, ``min_ha`` and optional
    ``max_ha`` (``min``/``max`` also accepted), a priority, source, date and status, and
    optionally the national ``interests`` and ``novi_priorities`` the claim serves.
    Functions the puzzle does not use are skipped with a log message.
    """
    if not spec.claims.table:
        return []
    rows = _rows(workspace.read_json_table(spec.claims.table), spec.claims.table)
    funcs = spec.function_ids()
    keep = funcs if spec.claims.functions == "all" else spec.claims.functions
    out: list[ClaimLine] = []
    for k, row in enumerate(rows):
        where = f"table {spec.claims.table!r} row {k}"
        prov_name = row.get("province", row.get("province_code", row.get("code")))
        func = row.get("function")
        if prov_name is None or func is None:
            raise SpecError(f"{where} has no province or function: {row!r}.")
        prov = find_province(provinces, prov_name)
        if func not in funcs:
            log.info("%s: function %r is not in the puzzle; skipped", where, func)
            continue
        if func not in keep:
            continue
        lo = _num(row, "min_ha", "min", "demand_min", "hectares")
        hi = _num(row, "max_ha", "max", "demand_max")
        if lo is None:
            raise SpecError(f"{where} ({prov.code}, {func}) has no minimum hectares: {row!r}.")
        _check_demand(lo, hi, where)
        native: dict[str, Any] = {
            k2: row[k2]
            for k2 in ("native", "native_value", "native_unit", "conversion")
            if k2 in row
        }
        out.append(
            ClaimLine(
                prov.code,
                func,
                lo * spec.claims.scale,
                np.inf if hi is None else hi * spec.claims.scale,
                int(row.get("priority", 2) or 2),
                "startpakket",
                str(row.get("source", "")),
                str(row.get("status", "")),
                str(row.get("note", "")),
                native,
                date=str(row.get("date") or ""),
                interests=tuple(int(n) for n in row.get("interests", ()) or ()),
                novi_priorities=tuple(str(p) for p in row.get("novi_priorities", ()) or ()),
            )
        )
    return out


def _check_demand(lo: float, hi: float | None, where: str) -> None:
    if not np.isfinite(lo) or lo < 0:
        raise SpecError(f"{where}: minimum {lo!r} ha is invalid; use a number >= 0.")
    if hi is not None and (np.isnan(hi) or hi < 0):
        raise SpecError(f"{where}: maximum {hi!r} ha is invalid; use a number >= 0.")
    if hi is not None and lo > hi:
        raise SpecError(f"{where}: minimum {lo!r} ha exceeds maximum {hi!r} ha.")


def national_shares(
    spec: PuzzleSpec,
    claim_index: int,
    provinces: list[Region],
    capacity: dict[str, dict[str, float]],
    land: dict[str, float],
) -> dict[str, float]:
    """The share (summing to 1) of national claim ``claim_index`` per province code.

    ``capacity[code][function]`` is the hectares where a type serving the function is
    allowed after the rules; ``land[code]`` the puzzle area of the province.
    """
    claim = spec.claims.national[claim_index]
    codes = [p.code for p in provinces]
    if claim.split == "shares":
        unknown = [c for c in claim.shares if c not in codes]
        if unknown:
            raise SpecError(
                f"National claim {claim.id or claim.function!r} has shares for unknown province "
                f"{unknown[0]!r}. Valid: {codes}."
            )
        weights = {c: float(claim.shares.get(c, 0.0)) for c in codes}
    elif claim.split == "land_area":
        weights = {c: land.get(c, 0.0) for c in codes}
    else:  # "allowed_area", "area", and the capacity shares of a joint claim
        weights = {c: capacity.get(c, {}).get(claim.function, 0.0) for c in codes}
    total = sum(weights.values())
    if total <= 0:
        raise SpecError(
            f"National claim {claim.id or claim.function!r} cannot be split: no province has "
            f"room for {claim.function!r} (split = {claim.split!r})."
        )
    return {c: w / total for c, w in weights.items()}
