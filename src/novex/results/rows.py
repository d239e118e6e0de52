"""Typed rows of a puzzle run folder: claims, national claims, rules, tiers, principles,
conflicts, NOVEX-gebieden.

Each row is a frozen dataclass built from one JSON object of the folder by
:func:`build`, which checks every field's type and names the file, row and field when
one is wrong. Hectares are the full-precision values of the JSON files (the CSV files
round them to 0.01 ha).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar

from novex.errors import ResultsError

__all__ = [
    "AreaRow",
    "ClaimRow",
    "ClaimSource",
    "Conflict",
    "NationalClaim",
    "PrincipleRow",
    "RuleRow",
    "TierRow",
    "build",
]

T = TypeVar("T")

_TOL = 1e-6
"""Hectares below which a shortfall counts as none (as the puzzle reports it)."""


def _bad(where: str, name: str, value: Any, expected: str) -> ResultsError:
    return ResultsError(
        f"{where}: field {name!r} is {value!r}, expected {expected}. The file was changed "
        "after novex wrote it; write the folder again."
    )


def _float(value: Any, where: str, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(where, name, value, "a number")
    return float(value)


def _int(value: Any, where: str, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(where, name, value, "an integer")
    return value


def _str(value: Any, where: str, name: str) -> str:
    if not isinstance(value, str):
        raise _bad(where, name, value, "a string")
    return value


def _bool(value: Any, where: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(where, name, value, "true or false")
    return value


def _optional(conv: Callable[[Any, str, str], Any]) -> Callable[[Any, str, str], Any]:
    def check(value: Any, where: str, name: str) -> Any:
        return None if value is None else conv(value, where, name)

    return check


def _hectares(value: Any, where: str, name: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise _bad(where, name, value, "an object of hectares")
    return {str(k): _float(v, where, f"{name}.{k}") for k, v in value.items()}


def _names(value: Any, where: str, name: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _bad(where, name, value, "a list of names")
    return tuple(_str(v, where, name) for v in value)


_CONVERT: dict[str, Callable[[Any, str, str], Any]] = {
    "float": _float,
    "float | None": _optional(_float),
    "int": _int,
    "int | None": _optional(_int),
    "str": _str,
    "str | None": _optional(_str),
    "bool": _bool,
    "bool | None": _optional(_bool),
    "Mapping[str, float]": _hectares,
    "tuple[str, ...]": _names,
}


def build(cls: type[T], row: Any, where: str, /, **given: Any) -> T:
    """A ``cls`` from the JSON object ``row``, every field checked; ``given`` fields as passed.

    Raises
    ------
    ResultsError
        When ``row`` is not an object, a required field is missing or has the wrong type;
        the message names ``where`` (file and row) and the field.

    Examples
    --------
    >>> build(TierRow, {"region": "NL-UT", "function": "wonen", "tier": 1, "tier_nl": "Binnen",
    ...     "tier_en": "Inside", "cells_ha": 12.5, "function_ha": 12.5, "share": 1.0}, "tiers.json")
    ... # doctest: +ELLIPSIS
    TierRow(region='NL-UT', function='wonen', tier=1, ...)
    >>> build(TierRow, {"region": "NL-UT"}, "tiers.json row 1")
    Traceback (most recent call last):
    ...
    novex.errors.ResultsError: tiers.json row 1: field 'function' is missing, ...
    """
    if not isinstance(row, Mapping):
        raise ResultsError(
            f"{where} is {row!r}, expected a JSON object. The file was changed after novex "
            "wrote it; write the folder again."
        )
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in given:
            values[f.name] = given[f.name]
            continue
        conv = _CONVERT.get(str(f.type))
        if conv is None:
            continue
        if f.name not in row:
            if f.default is not MISSING or f.default_factory is not MISSING:
                continue
            raise ResultsError(
                f"{where}: field {f.name!r} is missing, expected {str(f.type)!r}. The file was "
                "changed after novex wrote it, or written by another novex; write the folder again."
            )
        values[f.name] = conv(row[f.name], where, f.name)
    return cls(**values)


@dataclass(frozen=True)
class ClaimSource:
    """One component of a claim: where its hectares come from and how sure they are.

    ``origin`` is ``"startpakket"``, ``"extra"`` or ``"national:<id>"``.
    """

    origin: str
    min: float
    max: float | None
    source: str
    date: str = ""
    status: str = ""
    note: str = ""


@dataclass(frozen=True)
class ClaimRow:
    """A claim per (province, function): demand, what the allocation gives it, its price.

    ``allocated + shortfall == demand_min``; ``total_ha = allocated + above_min_ha``.
    ``price`` is the suitability given up elsewhere per extra hectare (``None`` when the
    province was not solved).
    """

    region: str
    region_name: str
    function: str
    demand_min: float
    demand_max: float | None
    allocated: float
    shortfall: float
    total_ha: float
    above_min_ha: float
    excess_ha: float
    price: float | None
    priority: int
    room_ha: float
    explanation: str
    sources: tuple[ClaimSource, ...] = ()
    interests: str = ""
    novi_priorities: str = ""
    date: str = ""

    @property
    def fits(self) -> bool:
        """True when the claim's minimum is met (shortfall below 1e-6 ha)."""
        return self.shortfall <= _TOL

    @property
    def source(self) -> str:
        """The sources of the claim's components, each once, joined by ``"; "``."""
        return "; ".join(dict.fromkeys(s.source for s in self.sources if s.source))

    @property
    def status(self) -> str:
        """The statuses of its components (``verified``, ``assumption``, ...), joined by ``"; "``."""
        return "; ".join(dict.fromkeys(s.status for s in self.sources if s.status))


@dataclass(frozen=True)
class NationalClaim:
    """A claim across provinces, split over them before solving."""

    id: str
    function: str
    demand_min: float
    demand_max: float | None
    split: str
    shares: Mapping[str, float]
    source: str
    status: str
    province_totals_ha: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleRow:
    """Hectares a hard rule matches and excludes for one function in one province.

    Rule ``"*"`` is all rules together (``matched_ha`` is ``None`` there).
    """

    region: str
    rule: str
    name_nl: str
    name_en: str
    function: str
    layer: str
    condition: str
    matched_ha: float | None
    excluded_ha: float
    status: str
    threshold_status: str | None
    source: str
    url: str

    @property
    def is_total(self) -> bool:
        """True for the row of all rules together."""
        return self.rule == "*"

    def name(self, lang: str = "nl") -> str:
        """The rule's name in ``lang``."""
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class TierRow:
    """Hectares of one function in one voorkeursvolgorde tier of one province."""

    region: str
    function: str
    tier: int
    tier_nl: str
    tier_en: str
    cells_ha: float
    function_ha: float
    share: float
    tier_status: str = ""
    homes: float | None = None

    def name(self, lang: str = "nl") -> str:
        """The tier's name in ``lang``."""
        return self.tier_en if lang == "en" else self.tier_nl


@dataclass(frozen=True)
class AreaRow:
    """Hectares of one function inside one NOVEX-gebied of one province (``areas.json``).

    ``area_ha`` is the area inside the province's puzzle, ``new_ha`` the part given a new
    type, ``allocated_ha`` the function's contribution-weighted hectares there and
    ``claim_short_ha`` how far the province's claim for the function falls short.
    """

    region: str
    area: str
    name_nl: str
    name_en: str
    in_reference: bool
    area_ha: float
    new_ha: float
    function: str
    allocated_ha: float
    claim_short_ha: float
    outline_synthetic: bool = False

    def name(self, lang: str = "nl") -> str:
        """The area's name in ``lang``."""
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class PrincipleRow:
    """What one weighing principle changed in one province (``None`` when not compared)."""

    region: str
    principle: str
    id: str
    name_nl: str
    name_en: str
    status: str
    enabled: bool
    compared: bool
    changed_ha: float | None
    multifunctional_ha_on: float | None
    multifunctional_ha_off: float | None
    delta_ha: Mapping[str, float]
    note: str = ""

    def name(self, lang: str = "nl") -> str:
        """The principle's name in ``lang``."""
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Conflict:
    """A set of claims that cannot all fit in a province (strict mode).

    ``kind`` is ``"cut"`` (the claims need more room than exists where they are allowed),
    ``"lp"`` (they cannot all hold together) or ``"integer"``.
    """

    region: str
    functions: tuple[str, ...]
    kind: str
    needed_ha: float | None = None
    available_ha: float | None = None
    missing_ha: float | None = None
    short_ha: Mapping[str, float] = field(default_factory=dict)
    excess_ha: Mapping[str, float] = field(default_factory=dict)
