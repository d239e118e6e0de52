"""Provinces and NOVEX-gebieden by the code the dossier stores, with the dossier's error.

The regions themselves are :class:`novex.reference.Region` (the one region type of
novex). The dossier keys its records by code (``NL-UT``, ``NX05``), so an input is
checked against the codes only: a name or a lower-case code is refused with
:class:`~novex.errors.DossierInputError`, which names the value, lists the valid codes
and, when the reference knows the value, says which code it is.

Examples
--------
>>> province("NL-UT").name_nl
'Utrecht'
>>> area("NX07").provinces
('NL-UT',)
>>> province("Utrecht")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
novex.errors.DossierInputError: Unknown province 'Utrecht'; ... 'Utrecht' is province 'NL-UT'.
"""

from __future__ import annotations

import functools

from novex.errors import DossierInputError, ReferenceLookupError
from novex.reference import Region, RegionKind, novex_gebieden, region
from novex.reference import provinces as _provinces

__all__ = ["area", "areas", "province", "provinces"]


@functools.cache
def _by_code(kind: RegionKind) -> dict[str, Region]:
    pool = _provinces() if kind is RegionKind.PROVINCE else novex_gebieden()
    return {r.code: r for r in pool}


def provinces() -> tuple[Region, ...]:
    """The 12 provinces (Groningen ... Limburg)."""
    return _provinces()


def areas() -> tuple[Region, ...]:
    """The 16 NOVEX-gebieden (NX01 ... NX16)."""
    return novex_gebieden()


def _lookup(code: str, kind: RegionKind, what: str) -> Region:
    codes = _by_code(kind)
    if isinstance(code, str) and code in codes:
        return codes[code]
    hint = ""
    try:
        found = region(code, kind=kind)
    except ReferenceLookupError:
        pass
    else:
        hint = f"; {code!r} is {what} {found.code!r}"
    raise DossierInputError(
        f"Unknown {what} {code!r}; expected one of the codes {sorted(codes)}{hint}."
    )


def province(code: str) -> Region:
    """The province with ISO 3166-2 code ``code`` (``NL-UT``).

    Raises
    ------
    DossierInputError
        ``code`` is not a province code; the message lists the codes.
    """
    return _lookup(code, RegionKind.PROVINCE, "province")


def area(code: str) -> Region:
    """The NOVEX-gebied with code ``code`` (``NX01`` ... ``NX16``).

    Raises
    ------
    DossierInputError
        ``code`` is not a NOVEX-gebied code; the message lists the codes.
    """
    return _lookup(code, RegionKind.NOVEX_GEBIED, "NOVEX-gebied")
