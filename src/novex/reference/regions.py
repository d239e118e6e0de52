"""The regions of the NOVI model: the 12 provinces and the 16 NOVEX-gebieden, one type.

A :class:`Region` is the identity of a province or a NOVEX-gebied: its code, its Dutch
and English name and, for a province, the value it has in a workspace's province raster
(``raster_id``). Every part of novex (the demo workspace, the stapelkaart, the puzzle,
the CLI) uses this type and looks a region up through :func:`region`. The regions are
built from the reference data (``provinces.yaml`` and ``novex_areas.yaml``); the
sourced figures of a province stay on its reference item
(``load_reference().get("provinces", code)``).

Examples
--------
>>> from novex.reference.regions import region, provinces
>>> region("Noord-Holland").code
'NL-NH'
>>> region("north holland") == region("NL-NH") == region(8)
True
>>> [p.code for p in provinces()][:3]
['NL-GR', 'NL-FR', 'NL-DR']
>>> region("NX07").provinces
('NL-UT',)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from novex.errors import ReferenceDataError, ReferenceLookupError

__all__ = [
    "Region",
    "RegionKind",
    "all_regions",
    "novex_gebieden",
    "provinces",
    "region",
]


class RegionKind(StrEnum):
    """What a region is: a province or a NOVEX-gebied."""

    PROVINCE = "province"
    NOVEX_GEBIED = "novex_gebied"


@dataclass(frozen=True)
class Region:
    """A province or a NOVEX-gebied.

    Parameters
    ----------
    code : str
        ``"NL-UT"`` (ISO 3166-2) for a province, ``"NX07"`` for a NOVEX-gebied.
    kind : RegionKind
        Province or NOVEX-gebied.
    name_nl, name_en : str
        The Dutch name and an English gloss.
    raster_id : int
        A province's value in a workspace's province raster (1-12); 0 for a
        NOVEX-gebied, which has no value there (0 in the raster is outside the provinces).
    provinces : tuple of str
        The province codes a NOVEX-gebied lies in (the province's own code for a
        province).

    Examples
    --------
    >>> from novex.reference.regions import region
    >>> utrecht = region("Utrecht")
    >>> utrecht.kind.value, utrecht.raster_id, utrecht.name("en")
    ('province', 7, 'Utrecht')
    """

    code: str
    kind: RegionKind
    name_nl: str
    name_en: str
    raster_id: int = 0
    provinces: tuple[str, ...] = ()

    def name(self, lang: str = "nl") -> str:
        """The name in ``lang`` (``"nl"`` or ``"en"``)."""
        return self.name_en if lang == "en" else self.name_nl

    @property
    def is_province(self) -> bool:
        """True for a province."""
        return self.kind is RegionKind.PROVINCE


@functools.cache
def all_regions() -> tuple[Region, ...]:
    """Every region: the 12 provinces in raster-id order, then the 16 NOVEX-gebieden.

    Returns
    -------
    tuple of Region
    """
    from novex.reference.catalog import load_reference

    ref = load_reference()
    out = [
        Region(p.id, RegionKind.PROVINCE, p.name_nl, p.name_en, p.raster_id, (p.id,))
        for p in ref.provinces
    ]
    out += [
        Region(a.id, RegionKind.NOVEX_GEBIED, a.name_nl, a.name_en, 0, tuple(a.provinces))
        for a in ref.novex_areas
    ]
    _check_unique(out)
    return tuple(out)


def _keys(r: Region) -> set[str]:
    keys = {r.code.casefold(), r.name_nl.casefold(), r.name_en.casefold()}
    if r.is_province:
        keys.add(r.code.removeprefix("NL-").casefold())
    return keys


def _check_unique(items: list[Region]) -> None:
    seen: dict[str, str] = {}
    for r in items:
        for key in _keys(r):
            if seen.setdefault(key, r.code) != r.code:
                raise ReferenceDataError(
                    f"Region name {key!r} names both {seen[key]!r} and {r.code!r}; "
                    "a name must identify one region."
                )


def provinces() -> tuple[Region, ...]:
    """The 12 provinces in raster-id order (Groningen 1 ... Limburg 12).

    Examples
    --------
    >>> from novex.reference.regions import provinces
    >>> len(provinces()), provinces()[6].name_nl
    (12, 'Utrecht')
    """
    return tuple(r for r in all_regions() if r.is_province)


def novex_gebieden() -> tuple[Region, ...]:
    """The 16 NOVEX-gebieden in their official numbering (NX01 ... NX16).

    Examples
    --------
    >>> from novex.reference.regions import novex_gebieden
    >>> len(novex_gebieden()), novex_gebieden()[5].name_nl
    (16, 'Het Groene Hart')
    """
    return tuple(r for r in all_regions() if not r.is_province)


def region(key: str | int, kind: RegionKind | str | None = None) -> Region:
    """Look a region up by code, Dutch or English name, or raster id (any case).

    Parameters
    ----------
    key : str or int
        ``"NL-UT"``, ``"UT"``, ``"Utrecht"``, ``"Fryslân"``, ``"North Holland"``,
        ``"NX06"``, ``"Het Groene Hart"``; a number (``7`` or ``"7"``) is a province's
        raster id.
    kind : RegionKind or str, optional
        Only regions of this kind (``"province"`` or ``"novex_gebied"``).

    Returns
    -------
    Region

    Raises
    ------
    ReferenceLookupError
        If no region matches; the message names ``key`` and lists the valid codes.

    Examples
    --------
    >>> from novex.reference.regions import region
    >>> region("nl-ut").name_nl, region("Friesland").name_nl, region("fryslân").code
    ('Utrecht', 'Fryslân', 'NL-FR')
    >>> region("Het Groene Hart").code
    'NX06'
    >>> region("Holland", kind="province")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    novex.errors.ReferenceLookupError: Unknown province 'Holland'. Valid: NL-GR (Groningen), ...
    """
    wanted = _kind(kind)
    pool = [r for r in all_regions() if wanted is None or r.kind is wanted]
    text = str(key).strip()
    low = text.casefold()
    for r in pool:
        if low in _keys(r) or (text.isdigit() and r.is_province and r.raster_id == int(text)):
            return r
    what = (
        "region"
        if wanted is None
        else ("province" if wanted is RegionKind.PROVINCE else "NOVEX-gebied")
    )
    valid = ", ".join(f"{r.code} ({r.name_nl})" for r in pool)
    raise ReferenceLookupError(
        f"Unknown {what} {key!r}. Valid: {valid}; or their Dutch or English names"
        + (", or a raster id 1-12." if wanted is not RegionKind.NOVEX_GEBIED else ".")
    )


def _kind(kind: RegionKind | str | None) -> RegionKind | None:
    if kind is None or isinstance(kind, RegionKind):
        return kind
    try:
        return RegionKind(kind)
    except ValueError:
        valid = ", ".join(repr(k.value) for k in RegionKind)
        raise ReferenceLookupError(f"Unknown region kind {kind!r}. Valid kinds: {valid}.") from None
