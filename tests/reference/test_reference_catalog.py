"""The Python API of the reference model and its validation of broken data."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from novex.errors import ReferenceDataError, ReferenceLookupError
from novex.reference import DATA_DIR, KINDS, load_reference


def test_load_is_cached_and_kinds_are_complete() -> None:
    ref = load_reference()
    assert load_reference() is ref
    assert "novex-areas" in KINDS and "functions" in KINDS and "figures" in KINDS
    assert len(ref.interests) == 21
    assert len(ref.provinces) == 12
    assert len(ref.novex_areas) == 16
    assert len(ref.perspectives) == 3


def test_get_by_id_and_by_number() -> None:
    ref = load_reference()
    assert ref.get("provinces", "NL-ZH").name_nl == "Zuid-Holland"
    assert ref.get("provinces", "nl-zh").id == "NL-ZH"
    assert (
        ref.get("interests", 20).name_nl == "Verbeteren en beschermen van natuur en biodiversiteit"
    )
    assert ref.get("novex-areas", "16").name_nl == "Lelylijn"


def test_unknown_kind_and_id_name_the_value_and_list_valid_ones() -> None:
    ref = load_reference()
    with pytest.raises(ReferenceLookupError, match=r"'regions'.*novex-areas"):
        ref.items("regions")
    with pytest.raises(ReferenceLookupError, match=r"'NL-XX'.*NL-GR"):
        ref.get("provinces", "NL-XX")
    with pytest.raises(KeyError):  # also catchable as the builtin
        ref.figure("no_such_figure")


def test_themes_are_nine_land_use_types_with_function_contributions() -> None:
    ref = load_reference()
    themes = ref.themes()
    assert [t.id for t in themes] == ["A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3"]
    assert [t.perspective for t in themes] == ["A"] * 3 + ["B"] * 3 + ["C"] * 3
    functions = {f.id for f in ref.functions}
    assert functions == {
        "wonen", "werken", "energie", "natuur", "landbouw", "water", "defensie", "infrastructuur",
    }  # fmt: skip
    for t in themes:
        assert set(t.contributions) <= functions
        assert all(0 <= v <= 1 for v in t.contributions.values())


def test_functions_serve_interests_as_assumption() -> None:
    ref = load_reference()
    wonen = ref.get("functions", "wonen")
    assert wonen.primary_interest == 5  # type: ignore[attr-defined]
    assert {f.link_status for f in ref.functions} == {"assumption"}
    assert ref.get("functions", "defensie").interests == [9]  # type: ignore[attr-defined]


def test_figure_objects() -> None:
    ref = load_reference()
    fig = ref.figure("res_onshore_twh_2030")
    assert (fig.value, fig.unit, fig.status) == (35, "TWh", "verified")
    assert fig.source.startswith("https://")
    assert ref.figure("nnn_ha_goal_2027").value == 750000
    assert ref.figure("natura2000_land_ha").value == 309000
    assert ref.figure("housing_need_2030").value == 981000
    assert ref.figure("woondeals_total").status == "derived"


def _broken_copy(tmp_path: Path, file: str, edit: Callable[[dict[str, Any]], None]) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def test_unresolved_province_names_file_and_item(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][5]["provinces"] = ["NL-XX"]

    folder = _broken_copy(tmp_path, "novex_areas.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"novex_areas\.yaml: item 'NX06'.*'NL-XX'"):
        load_reference(folder)


def test_province_raster_ids_out_of_order_name_file_and_item(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][6]["raster_id"] = 1

    folder = _broken_copy(tmp_path, "provinces.yaml", edit)
    with pytest.raises(
        ReferenceDataError,
        match=r"provinces\.yaml: item 'NL-UT': raster_id 1 out of order; expected 7",
    ):
        load_reference(folder)


def test_duplicate_id_is_rejected(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][1]["id"] = "A1"

    folder = _broken_copy(tmp_path, "ambitions.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"ambitions\.yaml: item 'A1': duplicate id"):
        load_reference(folder)


def test_missing_interest_is_rejected(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        del data["items"][20]

    folder = _broken_copy(tmp_path, "interests.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"interests\.yaml.*numbered 1\.\.21"):
        load_reference(folder)


def test_unknown_field_and_bad_status_are_rejected(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][0]["status"] = "probably"

    folder = _broken_copy(tmp_path, "principles.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"principles\.yaml: item 'W1'"):
        load_reference(folder)


def test_theme_with_unknown_function_is_rejected(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][0]["themes"][0]["contributions"] = {"toerisme": 0.5}

    folder = _broken_copy(tmp_path, "perspectives.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"perspectives\.yaml: item 'A1'.*'toerisme'"):
        load_reference(folder)


def test_nine_inrichtingsoplossingen_one_per_theme() -> None:
    ref = load_reference()
    slots = [(t.id, s.slot) for t in ref.themes() for s in t.solutions]
    assert len(slots) == 9
    assert {slot for _, slot in slots} == {1}
    mooi = ref.get("programmes", "mooi-nederland")
    assert mooi.matrix is not None and mooi.matrix.solutions_per_theme == 1
    handreikingen = next(p for p in mooi.products if p.id == "handreikingen")
    assert handreikingen.count == 9


def test_three_solutions_per_theme_are_rejected(tmp_path: Path) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["items"][0]["themes"][0]["solutions"] = [{"slot": 1}, {"slot": 2}, {"slot": 3}]

    folder = _broken_copy(tmp_path, "perspectives.yaml", edit)
    with pytest.raises(ReferenceDataError, match=r"perspectives\.yaml: item 'A1'.*one inrichtings"):
        load_reference(folder)


def test_actielijn_1_tracks_follow_their_content_and_stay_uncertain() -> None:
    mooi = load_reference().get("programmes", "mooi-nederland")
    tracks = {t.name_nl: t for t in mooi.action_lines[0].tracks}
    samenhang = tracks["Samenhang opgaven én toekomstperspectieven"]
    breed = tracks["Breed verzamelen kennis en goede voorbeelden"]
    assert samenhang.points_nl[0] == "Feiten en cijfers op orde"
    assert "Brede dialoog over ruimtelijke kwaliteit" in breed.points_nl
    assert samenhang.status == breed.status == "uncertain"
