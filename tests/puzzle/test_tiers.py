"""The voorkeursvolgorde tiers take their names and status from the reference's steps."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from novex.errors import SpecError
from novex.puzzle.tiers import VOORKEURSVOLGORDE, tier_names
from novex.reference import DATA_DIR, load_reference


def _copy(tmp_path: Path, edit) -> str:  # type: ignore[no-untyped-def]
    folder = tmp_path / "ref"
    shutil.copytree(DATA_DIR, folder)
    path = folder / "choices.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    item = next(i for i in data["items"] if i["id"] == VOORKEURSVOLGORDE)
    edit(item)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(folder)


def test_tier_names_are_the_reference_steps() -> None:
    steps = load_reference().get("choices", VOORKEURSVOLGORDE).steps
    names = tier_names()
    assert [names[s.number][0] for s in steps] == [s.name_nl for s in steps]
    assert {v[2] for v in names.values()} == {"assumption"}


def test_editing_a_step_renames_the_tier(tmp_path: Path) -> None:
    def edit(item):  # type: ignore[no-untyped-def]
        item["steps"][1]["name_nl"] = "Aan de stadsrand bij een station"

    assert tier_names(_copy(tmp_path, edit))[2][0] == "Aan de stadsrand bij een station"


def test_a_fourth_step_is_refused_naming_the_steps(tmp_path: Path) -> None:
    def edit(item):  # type: ignore[no-untyped-def]
        item["steps"].append({"number": 4, "name_nl": "x", "name_en": "x", "status": "assumption"})

    with pytest.raises(SpecError, match=r"\[1, 2, 3, 4\]"):
        tier_names(_copy(tmp_path, edit))
