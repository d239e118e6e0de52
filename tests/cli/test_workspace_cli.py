"""``novex workspace build`` and ``novex workspace info`` as a user runs them."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from novex.cli.main import app

runner = CliRunner()


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "ws250"
    result = runner.invoke(app, ["workspace", "build", "--resolution", "250", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_writes_geotiffs_and_a_manifest(built: Path) -> None:
    assert (built / "workspace.json").is_file()
    for name in ("province", "water", "elevation", "soil", "land_use", "startpakket"):
        assert (built / "layers" / f"{name}.tif").is_file() or (
            built / "tables" / f"{name}.json"
        ).is_file(), name


@pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="gdalinfo not installed")
def test_gdalinfo_reports_rd_new_and_the_novex_tags(built: Path) -> None:
    out = subprocess.run(
        ["gdalinfo", str(built / "layers" / "elevation.tif")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Amersfoort / RD New" in out
    assert 'ID["EPSG",28992]' in out
    assert "NOVEX_SYNTHETIC=true" in out
    assert "NOVEX_LAYER=elevation" in out
    assert "NOVEX_UNITS=m NAP" in out


def test_second_build_is_byte_identical(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = runner.invoke(app, ["workspace", "build", "-r", "250", "--out", str(again), "--json"])
    assert result.exit_code == 0, result.output
    first, second = _hashes(built), _hashes(again)
    assert first.keys() == second.keys()
    assert len(first) > 20
    assert first == second


def test_info_json_lists_layers_and_verifies(built: Path) -> None:
    result = runner.invoke(app, ["workspace", "info", str(built), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["synthetic"] is True
    assert data["verify"] == {"ok": True, "mismatched": []}
    names = {layer["name"]: layer for layer in data["layers"]}
    assert names["elevation"]["synthetic"] is True
    assert names["province"]["kind"] == "boundary"
    assert len(names["soil"]["sha256"]) == 64


def test_info_reports_a_tampered_layer(built: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    (copy / "layers" / "soil.tif").write_bytes(b"broken")
    result = runner.invoke(app, ["workspace", "info", str(copy), "--json"])
    assert json.loads(result.stdout)["verify"] == {"ok": False, "mismatched": ["soil"]}


def test_unknown_resolution_exits_2_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "ws30"
    result = runner.invoke(app, ["workspace", "build", "--resolution", "30", "--out", str(out)])
    assert result.exit_code == 2
    assert "30" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_unwritable_out_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = runner.invoke(app, ["workspace", "build", "-r", "250", "--out", str(blocker / "ws")])
    assert result.exit_code == 2
    assert "file.txt" in result.output


def test_existing_folder_needs_force(built: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["workspace", "build", "-r", "250", "--out", str(built)])
    assert result.exit_code == 2
    assert "--force" in result.output


def test_info_on_a_folder_without_manifest_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["workspace", "info", str(tmp_path)])
    assert result.exit_code == 2
    assert "workspace.json" in result.output


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("nl", ("4 x 5 cellen", "laag", "ja", "alle bestanden kloppen")),
        ("en", ("4 x 5 cells", "layer", "yes", "every file matches")),
    ],
)
def test_info_speaks_the_language_asked(tiny_workspace, lang, words) -> None:
    result = runner.invoke(app, ["workspace", "info", str(tiny_workspace.path), "--lang", lang])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for word in words:
        assert word in flat
