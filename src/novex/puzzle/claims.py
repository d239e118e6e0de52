"""Provinces and claims read from workspace tables, and the reference model's names.

- the reference model: the function ids and names and the inrichtingsconcepten with
  their contributions (:func:`reference_functions`, :func:`reference_function_names`,
  :func:`reference_concepts`), read once and cached;
- provinces: the regions of the puzzle from the workspace's region table
  (:func:`read_provinces`) and looking one up by code, name or id
  (:func:`find_province`);
- claims: the startpakket table as :class:`ClaimLine` rows (:func:`read_startpakket`)
  and the split of a ``[[claims.national]]`` claim over the provinces
  (:func:`national_shares`).

:func:`novex.puzzle.assemble.assemble` combines these with the spec's
``[[claims.extra]]`` into the claims of each province.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from novex.errors import SpecError

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.spec import PuzzleSpec

__all__ = [
    "ClaimLine",
    "Province",
    "find_province",
    "national_shares",
    "read_provinces",
    "read_startpakket",
    "reference_concepts",
    "reference_function_names",
    "reference_functions",
]

log = logging.getLogger(__name__)


# -- the reference model --------------------------------------------------------------
@functools.cache
def reference_functions() -> list[str]:
    """Function ids of the reference model, in its order."""
    from novex.reference import load_reference

    return [f.id for f in load_reference().items("functions")]


@functools.cache
def reference_function_names() -> dict[str, tuple[str, str]]:
    """Function id -> (Dutch, English) name."""
    from novex.reference import load_reference

    return {f.id: (f.name_nl, f.name_en) for f in load_reference().items("functions")}


@functools.cache
def reference_concepts() -> dict[str, dict[str, Any]]:
    """Theme id -> names and contributions of the 9 inrichtingsconcepten."""
    from novex.reference import load_reference

    return {
        t.id: {
            "name_nl": t.name_nl,
            "name_en": t.name_en,
            "contributions": dict(t.contributions),
            "status": t.contributions_status,
        }
        for t in load_reference().themes()
    }


# -- provinces --------------------------------------------------------------------------
@dataclass(frozen=True)
class Province:
    """A region of the puzzle: its id in the region layer and its names."""

    id: int
    code: str
    name_nl: str
    name_en: str

    def name(self, lang: str = "nl") -> str:
        """The name in ``lang``."""
        return self.name_en if lang == "en" else self.name_nl


def _rows(data: Any, key: str) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        for k in (key, "items", "rows", "claims"):
            if isinstance(data.get(k), list):
                return list(data[k])
        raise SpecError(f"Table {key!r} has no list of rows (keys: {sorted(data)}).")
    if isinstance(data, list):
        return data
    raise SpecError(f"Table {key!r} is not a list of rows.")


def read_provinces(workspace: Workspace, table: str = "provinces") -> list[Province]:
    """The provinces of the workspace's region table, in id order."""
    rows = _rows(workspace.read_json_table(table), table)
    out = [
        Province(
            int(r["id"]),
            str(r.get("code", r["id"])),
            str(r.get("name_nl", r.get("name", r.get("code", r["id"])))),
            str(r.get("name_en", r.get("name_nl", r.get("name", r.get("code", r["id"]))))),
        )
        for r in rows
    ]
    return sorted(out, key=lambda p: p.id)


def find_province(provinces: list[Province], name: str | int) -> Province:
    """The province named ``name`` (code, Dutch or English name, or id; any case).

    Raises
    ------
    SpecError
        Naming the value and listing the valid codes.
    """
    low = str(name).strip().lower()
    for p in provinces:
        if low in (str(p.id), p.code.lower(), p.name_nl.lower(), p.name_en.lower()):
            return p
        if low == p.code.lower().removeprefix("nl-"):
            return p
    raise SpecError(
        f"Unknown province {name!r}. Valid: {[p.code for p in provinces]} "
        "(or their Dutch or English names)."
    )


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


def _num(row: dict[str, Any], *keys: str) -> float | None:
    for k in keys:
        if k in row and row[k] is not None:
            return float(row[k])
    return None


def read_startpakket(
    workspace: Workspace, spec: PuzzleSpec, provinces: list[Province]
) -> list[ClaimLine]:
    """The claims of the workspace startpakket table, as :class:`ClaimLine` rows.

    Rows name a province (code, name or id), a function, ``min_ha`` and optional
    ``max_ha`` (``min``/``max`` also accepted), a priority, source and status.
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
    provinces: list[Province],
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
