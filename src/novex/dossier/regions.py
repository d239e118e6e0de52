"""Provinces and NOVEX-gebieden as the dossier sees them: codes, names, which provinces an area
lies in.

This module is the one place the dossier asks the reference about regions; switch
:func:`_regions` to ``novex.reference.regions`` when that lookup exists.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from novex.errors import DossierInputError

__all__ = ["RegionInfo", "area", "areas", "province", "provinces"]


@dataclass(frozen=True)
class RegionInfo:
    """A province or NOVEX-gebied: ``code`` (``NL-UT``, ``NX01``), Dutch and English name, and
    the provinces it lies in (a province lies in itself)."""

    code: str
    name_nl: str
    name_en: str
    provinces: tuple[str, ...]


@functools.cache
def _regions() -> tuple[dict[str, RegionInfo], dict[str, RegionInfo]]:
    """(provinces by code, areas by code) from the reference: the switch point."""
    from novex.reference import NovexArea, load_reference

    ref = load_reference()
    provs = {p.id: RegionInfo(p.id, p.name_nl, p.name_en, (p.id,)) for p in ref.provinces}
    areas = {
        a.id: RegionInfo(a.id, a.name_nl, a.name_en, tuple(a.provinces))
        for a in ref.items("novex-areas")
        if isinstance(a, NovexArea)
    }
    return provs, areas


def provinces() -> list[RegionInfo]:
    """The 12 provinces in reference order."""
    return list(_regions()[0].values())


def areas() -> list[RegionInfo]:
    """The 16 NOVEX-gebieden in reference order."""
    return list(_regions()[1].values())


def province(code: str) -> RegionInfo:
    """The province with ISO code ``code``.

    Examples
    --------
    >>> province("NL-UT").name_nl
    'Utrecht'
    """
    try:
        return _regions()[0][code]
    except KeyError:
        raise DossierInputError(
            f"Unknown province {code!r}; expected one of {sorted(_regions()[0])}."
        ) from None


def area(code: str) -> RegionInfo:
    """The NOVEX-gebied with code ``code`` (``NX01`` ... ``NX16``)."""
    try:
        return _regions()[1][code]
    except KeyError:
        raise DossierInputError(
            f"Unknown NOVEX-gebied {code!r}; expected one of {sorted(_regions()[1])}."
        ) from None
