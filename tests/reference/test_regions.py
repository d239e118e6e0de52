"""The one Region type: provinces and NOVEX-gebieden with one lookup, built from the reference."""

from __future__ import annotations

import pytest

from novex.errors import NovexError, ReferenceLookupError
from novex.reference import (
    Region,
    RegionKind,
    all_regions,
    load_reference,
    novex_gebieden,
    provinces,
    region,
)


def test_twelve_provinces_in_raster_id_order_from_the_reference() -> None:
    provs = provinces()
    assert [p.raster_id for p in provs] == list(range(1, 13))
    assert [p.code for p in provs] == [p.id for p in load_reference().provinces]
    assert [p.code for p in provs][:3] == ["NL-GR", "NL-FR", "NL-DR"]
    assert all(p.kind is RegionKind.PROVINCE and p.provinces == (p.code,) for p in provs)


def test_sixteen_novex_gebieden_with_their_provinces() -> None:
    areas = novex_gebieden()
    assert [a.code for a in areas] == [f"NX{n:02d}" for n in range(1, 17)]
    assert all(a.kind is RegionKind.NOVEX_GEBIED and a.raster_id == 0 for a in areas)
    assert region("NX06").provinces == ("NL-ZH", "NL-UT", "NL-NH")
    assert len(all_regions()) == 28


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("NL-UT", "NL-UT"),  # code
        ("nl-ut", "NL-UT"),
        ("UT", "NL-UT"),  # code without the country
        ("Noord-Holland", "NL-NH"),  # Dutch name
        ("noord-holland", "NL-NH"),
        ("North Holland", "NL-NH"),  # English name
        ("Fryslân", "NL-FR"),
        ("FRIESLAND", "NL-FR"),
        (9, "NL-ZH"),  # raster id
        ("12", "NL-LI"),
        ("NX07", "NX07"),
        ("Het Groene Hart", "NX06"),
        ("the green heart", "NX06"),
        (" Lelylijn ", "NX16"),
    ],
)
def test_lookup_by_code_dutch_or_english_name(key: str | int, code: str) -> None:
    assert region(key).code == code


def test_region_is_frozen_and_names_itself_per_language() -> None:
    nh = region("NL-NH")
    assert isinstance(nh, Region)
    assert (nh.name("nl"), nh.name("en")) == ("Noord-Holland", "North Holland")
    with pytest.raises(AttributeError):
        nh.code = "NL-XX"  # type: ignore[misc]


def test_unknown_key_names_the_key_and_lists_the_valid_values() -> None:
    with pytest.raises(ReferenceLookupError, match=r"Unknown region 'Atlantis'\. Valid: NL-GR"):
        region("Atlantis")
    with pytest.raises(KeyError):  # the builtin it resembles
        region("Atlantis")
    with pytest.raises(NovexError, match=r"NX16 \(Lelylijn\)"):
        region("Atlantis")


def test_kind_restricts_the_lookup() -> None:
    assert region("Utrecht", kind="province").code == "NL-UT"
    with pytest.raises(ReferenceLookupError, match=r"Unknown province 'NX07'.*NL-UT \(Utrecht\)"):
        region("NX07", kind=RegionKind.PROVINCE)
    with pytest.raises(ReferenceLookupError, match=r"Unknown NOVEX-gebied 'Utrecht'"):
        region("Utrecht", kind="novex_gebied")
    with pytest.raises(ReferenceLookupError, match=r"Unknown region kind 'gemeente'"):
        region("Utrecht", kind="gemeente")
    with pytest.raises(ReferenceLookupError, match="Unknown NOVEX-gebied '7'"):
        region("7", kind="novex_gebied")  # a number is a province raster id
