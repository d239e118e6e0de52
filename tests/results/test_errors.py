"""Folders the readers refuse: another version or kind, missing or damaged files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from novex.errors import NovexError, ResultsError
from novex.results import RUN, STACK, folder_kind, open_run, open_stack


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_results_error_is_a_novex_error_and_a_value_error() -> None:
    assert issubclass(ResultsError, NovexError) and issubclass(ResultsError, ValueError)


def test_run_of_another_format_version(run_copy: Path) -> None:
    _edit_json(run_copy / "manifest.json", lambda m: m.update(format_version=2))
    with pytest.raises(ResultsError) as err:
        open_run(run_copy)
    msg = str(err.value)
    assert repr(str(run_copy)) in msg
    assert "has format_version 2" in msg
    assert "reads format 'novex-puzzle-run', format_version 1" in msg
    assert f"novex puzzle solve SPEC --workspace WORKSPACE --out {run_copy}" in msg


def test_run_written_before_format_version(run_copy: Path) -> None:
    def legacy(m: dict) -> None:
        m.pop("format_version")
        m["format"] = "novex-puzzle-run/1"

    _edit_json(run_copy / "manifest.json", legacy)
    with pytest.raises(ResultsError, match="format 'novex-puzzle-run/1' without a format_version"):
        open_run(run_copy)
    with pytest.raises(ResultsError, match=r"is a puzzle run folder .* not a stapelkaart folder"):
        open_stack(run_copy)


def test_stack_of_another_format_version(stack_copy: Path) -> None:
    _edit_json(stack_copy / "manifest.json", lambda m: m.update(format_version=7))
    with pytest.raises(
        ResultsError,
        match=r"has format_version 7 .*format 'novex-stapelkaart', format_version 1.*novex stack",
    ):
        open_stack(stack_copy)


def test_wrong_kind_names_the_right_reader(run_folder: Path, stack_copy: Path) -> None:
    with pytest.raises(
        ResultsError, match=r"is a puzzle run folder \(format 'novex-puzzle-run'\).*open_run"
    ):
        open_stack(run_folder)
    with pytest.raises(ResultsError, match=r"is a stapelkaart folder .*open_stack"):
        open_run(stack_copy)


def test_missing_folder_and_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match=re.escape(f"'{tmp_path / 'nope'}' does not exist")):
        open_run(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ResultsError, match=r"has no 'manifest\.json'.*'novex-stapelkaart'"):
        open_stack(tmp_path / "empty")


@pytest.mark.parametrize("name", ["rules.json", "allocation.tif", "claims.csv"])
def test_missing_file_is_named(run_copy: Path, name: str) -> None:
    (run_copy / name).unlink()
    with pytest.raises(ResultsError, match=f"is incomplete: missing '{re.escape(name)}'"):
        open_run(run_copy)


def test_missing_stack_raster_is_named(stack_copy: Path) -> None:
    (stack_copy / "overlap_count.tif").unlink()
    (stack_copy / "pairs.csv").unlink()
    with pytest.raises(ResultsError, match=re.escape("missing 'pairs.csv', 'overlap_count.tif'")):
        open_stack(stack_copy)


def test_damaged_json_is_named(run_copy: Path) -> None:
    (run_copy / "claims.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ResultsError, match=r"Cannot read '.*claims.json'"):
        open_run(run_copy)


def test_damaged_field_is_named(run_copy: Path) -> None:
    _edit_json(run_copy / "rules.json", lambda rows: rows[2].update(excluded_ha="veel"))
    run = open_run(run_copy)
    with pytest.raises(ResultsError, match=r"rules.json row 3: field 'excluded_ha' is 'veel'"):
        run.rules()


def test_raster_off_the_manifest_grid(run_copy: Path) -> None:
    _edit_json(
        run_copy / "manifest.json",
        lambda m: m["workspace"]["grid"].update(bounds=[135000.0, 455000.0, 145000.0, 460000.0]),
    )
    with pytest.raises(ResultsError, match=r"has shape \(20, 20\).*grid has \(20, 40\)"):
        open_run(run_copy).allocation()


def test_folder_kind(run_folder: Path, stack_copy: Path, tmp_path: Path) -> None:
    assert folder_kind(run_folder) is RUN
    assert folder_kind(stack_copy) is STACK
    assert folder_kind(tmp_path / "nope") is None
