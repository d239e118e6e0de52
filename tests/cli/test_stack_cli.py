"""``novex stack``: the stapelkaart from the command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from novex.cli.main import app
from novex.grid import GridSpec
from novex.layers import LayerSpec, Workspace

runner = CliRunner()


@pytest.fixture
def stack_ws(tmp_path: Path) -> Workspace:
    """20 x 20 cells at 250 m; provinces: top half Utrecht (raster id 7), bottom half
    Gelderland (6); two overlapping claims."""
    grid = GridSpec(250, (135_000.0, 451_000.0, 140_000.0, 456_000.0))
    ws = Workspace.create(tmp_path / "ws", grid)

    def spec(name: str, kind: str, interests: tuple[int, ...], **kw: object) -> LayerSpec:
        return LayerSpec.create(
            name=name, kind=kind, title_nl=name, title_en=name, units="0/1",
            interests=interests, source="test", synthetic=True, **kw,
        )  # fmt: skip

    prov = np.full(grid.shape, 7, np.uint8)
    prov[10:] = 6
    ws.write_layer(
        spec("province", "boundary", (), categories={7: "Utrecht", 6: "Gelderland"}), prov
    )
    wonen = np.zeros(grid.shape, np.uint8)
    wonen[:, :8] = 1
    natuur = np.zeros(grid.shape, np.uint8)
    natuur[:, 4:12] = 1
    ws.write_layer(spec("wonen", "claim", (5,)), wonen)
    ws.write_layer(spec("natuur", "protection", (20,)), natuur)
    ws.save()
    return ws


def test_stack_json_and_files(stack_ws: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out"
    res = runner.invoke(app, ["stack", str(stack_ws.path), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    nat = data["national"]
    ha = {row["interest"]: row["hectares"] for row in nat["interests"]}
    assert ha == {5: 20 * 8 * 6.25, 20: 20 * 8 * 6.25}
    assert nat["pairs"][0]["hectares"] == 20 * 4 * 6.25
    assert nat["pairs"][0]["class"] == "conflict"
    assert data["synthetic"] is True
    for name in ("overlap_count.tif", "combination.tif", "stack.json", "pairs.csv"):
        assert (out / name).is_file()
    assert (out / "maps" / "stapelkaart_nationaal.png").stat().st_size > 10_000
    assert (out / "maps" / "stapelkaart_utrecht.png").is_file()
    info = subprocess.run(
        ["gdalinfo", str(out / "overlap_count.tif")], capture_output=True, text=True, check=True
    ).stdout
    assert 'EPSG",28992' in info or "28992" in info
    assert "NOVEX_SYNTHETIC=true" in info


def test_stack_one_province_text(stack_ws: Workspace, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        ["stack", str(stack_ws.path), "--out", str(tmp_path / "o"), "--province", "utrecht",
         "--no-maps"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "Utrecht" in res.output
    assert "Grootste conflicten" in res.output
    assert "Wonen + Natuur: 250 ha" in res.output


def test_stack_english(stack_ws: Workspace, tmp_path: Path) -> None:
    res = runner.invoke(
        app,
        ["stack", str(stack_ws.path), "--out", str(tmp_path / "o"), "--no-maps", "--lang", "en"],
    )
    assert res.exit_code == 0, res.output
    assert "Top conflicts" in res.output
    assert "Housing + Nature: 500 ha" in res.output


def test_stack_unknown_province(stack_ws: Workspace, tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["stack", str(stack_ws.path), "--out", str(tmp_path / "o"), "--province", "Atlantis"]
    )
    assert res.exit_code == 2
    assert "'Atlantis'" in res.output
    assert not (tmp_path / "o").exists()


def _add_areas(ws: Workspace) -> None:
    """NX07 on rows 0-4, columns 0-9 (Utrecht); NX06 on rows 0-19, columns 6-7 (overlaps)."""
    bits = np.zeros(ws.grid.shape, np.uint16)
    bits[0:5, 0:10] |= 1 << 6
    bits[:, 6:8] |= 1 << 5
    ws.write_layer(
        LayerSpec.create(
            name="novex_gebieden", kind="boundary", title_nl="NOVEX-gebieden",
            title_en="NOVEX areas", units="bitmask", source="test", synthetic=True,
        ),
        bits,
    )  # fmt: skip
    ws.save()


def test_stack_area_prints_the_area_figures(stack_ws: Workspace, tmp_path: Path) -> None:
    _add_areas(stack_ws)
    out = tmp_path / "out"
    res = runner.invoke(
        app, ["stack", str(stack_ws.path), "--out", str(out), "--area", "NX07", "--no-maps"]
    )
    assert res.exit_code == 0, res.output
    assert "NX07" in res.output
    # 5 x 10 cells of 6.25 ha: area 312.5 ha; wonen (cols 0-7) 250 ha, natuur (cols 4-9) 187.5
    assert "oppervlakte: 312 ha" in res.output
    assert "250" in res.output and "188" in res.output
    res = runner.invoke(
        app,
        ["stack", str(stack_ws.path), "--out", str(out), "--area", "nx07", "--json", "--no-maps"],
    )
    assert res.exit_code == 0, res.output
    sel = json.loads(res.stdout)["selected"]
    assert sel["area"]["code"] == "NX07"
    assert sel["area_ha"] == 50 * 6.25
    ha = {row["interest"]: row["hectares"] for row in sel["interests"]}
    assert ha == {5: 40 * 6.25, 20: 30 * 6.25}
    assert sel["pairs"][0]["hectares"] == 20 * 6.25  # wonen and natuur on cols 4-7


def test_stack_area_unknown_code_or_missing_layer(stack_ws: Workspace, tmp_path: Path) -> None:
    res = runner.invoke(app, ["stack", str(stack_ws.path), "--area", "NX07", "--no-maps"])
    assert res.exit_code == 2
    assert "novex_gebieden" in res.output and "NX07" in res.output
    _add_areas(stack_ws)
    res = runner.invoke(app, ["stack", str(stack_ws.path), "--area", "NX99", "--no-maps"])
    assert res.exit_code == 2
    assert "NX99" in res.output
