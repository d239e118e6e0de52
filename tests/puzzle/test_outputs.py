"""Outputs of a puzzle run: the raster GDAL reads, tables that add up, the manifest."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import numpy as np
import pytest
import rasterio
from workspace_fixtures import CELL_HA, SPEC, UITERWAARDEN, claims, make_workspace

from novex.puzzle.runner import solve_spec
from novex.puzzle.spec import PuzzleSpec


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("ws") / "ws")
    return solve_spec(ws, PuzzleSpec.from_toml(SPEC), compare_principles=True)


@pytest.fixture(scope="module")
def out(run, tmp_path_factory):
    return run.write(tmp_path_factory.mktemp("out") / "puzzel")


def test_every_file_is_written(out) -> None:
    names = {p.name for p in out.iterdir()}
    assert names == {
        "allocation.tif", "allocation.tif.aux.xml", "allocation.qml", "claims.csv",
        "claims.json", "rules.csv", "rules.json", "tiers.csv", "tiers.json",
        "principles.csv", "principles.json", "coherence.csv", "coherence.json",
        "summary.json", "manifest.json",
        # the tiny workspace has a woningbouwgebieden layer
        "woningbouwgebieden.csv", "woningbouwgebieden.json",
        # and a novex_gebieden layer
        "areas.csv", "areas.json",
    }  # fmt: skip


def test_allocation_raster_has_categories_and_colours(run, out) -> None:
    with rasterio.open(out / "allocation.tif") as src:
        data = src.read(1)
        tags = src.tags()
        cmap = src.colormap(1)
        assert src.nodata == 0
    assert data.shape == (20, 20)
    assert (data > 0).all()  # every cell of both provinces is in the puzzle
    cats = json.loads(tags["NOVEX_CATEGORIES"])
    assert cats["1"] == "Wonen"
    assert cats[str(run.types.index(next(t for t in run.types if t.id == "A1")) + 1)] == (
        "Natuur en landbouw verweven"
    )
    assert cmap[1][:3] == (214, 39, 40)
    assert (data == run.allocation).all()


@pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="gdalinfo not installed")
def test_gdalinfo_reads_the_allocation(out) -> None:
    info = subprocess.run(
        ["gdalinfo", str(out / "allocation.tif")], capture_output=True, text=True, check=True
    ).stdout
    assert "EPSG" in info or "Amersfoort" in info
    assert "Color Table" in info
    assert "Categories:" in info and "Natuur en landbouw verweven" in info
    assert "NOVEX_LAYER=puzzle_allocation" in info


def test_claims_add_up(run, out) -> None:
    rows = run.claims_table()
    assert rows
    for row in rows:
        assert row["allocated"] + row["shortfall"] == pytest.approx(row["demand_min"], abs=1e-9)
        assert row["total_ha"] == pytest.approx(row["allocated"] + row["above_min_ha"])
    with (out / "claims.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert float(row["allocated"]) + float(row["shortfall"]) == pytest.approx(
                float(row["demand_min"]), abs=1e-6
            )
            assert row["explanation"].startswith(("Past", "Valt", "Niet"))


def test_claims_match_the_map(run) -> None:
    ids = [t.id for t in run.types]
    ut = run.allocation[:, :10].reshape(-1) - 1
    wonen = np.array([t.contributions.get("wonen", 0.0) for t in run.types])[ut].sum() * CELL_HA
    row = next(r for r in run.claims_table() if r["region"] == "NL-UT" and r["function"] == "wonen")
    assert row["total_ha"] == pytest.approx(wonen)
    assert "wonen" in ids


def test_shortfall_when_a_claim_cannot_fit(tmp_path) -> None:
    # 200 cells of 6.25 ha = 1250 ha in NL-UT; ask 2000 ha of wonen
    ws = make_workspace(
        tmp_path / "ws", claims(**{"NL-UT_wonen": {"min_ha": 2000.0, "max_ha": 2500.0}})
    )
    run = solve_spec(ws, PuzzleSpec.from_toml(SPEC), "NL-UT")
    row = next(r for r in run.claims_table() if r["function"] == "wonen")
    assert row["shortfall"] > 0
    assert row["allocated"] + row["shortfall"] == pytest.approx(2000.0)
    assert row["explanation"].startswith("Past niet")
    summary = run.summary("en")[0]
    assert "wonen" in summary["short"] and summary["text"].startswith("short")


def test_strict_mode_reports_conflicts(tmp_path) -> None:
    ws = make_workspace(
        tmp_path / "ws", claims(**{"NL-UT_wonen": {"min_ha": 2000.0, "max_ha": 2500.0}})
    )
    run = solve_spec(ws, PuzzleSpec.from_toml(SPEC), "NL-UT", elastic=False)
    pr = run.provinces[0]
    assert pr.status == "infeasible" and pr.conflicts
    assert (run.allocation == 0).all()
    assert run.summary()[0]["text"].startswith("past niet (strikt)")


def test_rule_table_in_csv(out) -> None:
    with (out / "rules.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    row = next(
        r
        for r in rows
        if r["region"] == "NL-UT"
        and r["rule"] == "geen-bouwen-uiterwaarden"
        and r["function"] == "wonen"
    )
    assert float(row["excluded_ha"]) == UITERWAARDEN * CELL_HA
    assert row["status"] == "verified"


def test_tier_and_principle_tables(run) -> None:
    tiers = [r for r in run.tier_table() if r["region"] == "NL-UT" and r["function"] == "wonen"]
    assert [r["tier"] for r in tiers] == [1, 2, 3]
    assert sum(r["share"] for r in tiers) == pytest.approx(1.0)
    prin = {(r["region"], r["principle"]): r for r in run.principle_table()}
    row = prin[("NL-UT", "combinaties")]
    assert row["enabled"] and row["compared"] and row["changed_ha"] is not None
    assert row["changed_ha"] % CELL_HA == 0
    assert prin[("NL-UT", "afwenteling")]["changed_ha"] == 0.0  # no penalty raster


def test_afwenteling_penalty_moves_building(tmp_path) -> None:
    ws = make_workspace(tmp_path / "ws")
    spec = PuzzleSpec.from_toml(SPEC)
    base = solve_spec(ws, spec, "NL-UT")
    penalty = (base.allocation == 1).astype(np.float32)  # where wonen went
    moved = solve_spec(ws, spec, "NL-UT", penalty=penalty, compare_principles=True)
    row = next(r for r in moved.principle_table() if r["principle"] == "afwenteling")
    assert row["compared"] and row["changed_ha"] > 0
    assert not ((moved.allocation == 1) & (penalty > 0)).any()


def test_manifest(run, out) -> None:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["novex_version"]
    assert (
        data["workspace"]["layers"]["uiterwaarden"]["sha256"]
        == run.workspace.layer("uiterwaarden").sha256
    )
    assert {p["province"] for p in data["provinces"]} == {"NL-UT", "NL-GE"}
    assert data["max_gap"] is not None and data["max_gap"] < 1e-4
    assert "assemble" in data["timings"]


def test_failed_write_leaves_the_old_folder(run, tmp_path, monkeypatch) -> None:
    target = tmp_path / "puzzel"
    target.mkdir()
    (target / "old.txt").write_text("keep")
    import novex.puzzle.outputs as outputs

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outputs, "_write_json", boom)
    with pytest.raises(RuntimeError):
        run.write(target)
    assert [p.name for p in target.iterdir()] == ["old.txt"]


def test_areas_table_per_province_and_novex_gebied(run, out) -> None:
    rows = json.loads((out / "areas.json").read_text(encoding="utf-8"))
    with open(out / "areas.csv", encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == len(rows)
    by = {(r["region"], r["area"]): r for r in rows}
    # NX07 lies on Utrecht's rows 0-9 (100 cells); NX08 on 50 cells of each province
    assert by[("NL-UT", "NX07")]["area_ha"] == 100 * CELL_HA
    assert by[("NL-UT", "NX08")]["area_ha"] == 50 * CELL_HA
    assert by[("NL-GE", "NX08")]["area_ha"] == 50 * CELL_HA
    assert ("NL-GE", "NX07") not in by  # NX07 neither lies in nor is listed for Gelderland
    assert by[("NL-UT", "NX07")]["in_reference"] is True
    claims = {(c["region"], c["function"]): c for c in run.claims_table()}
    for r in rows:
        assert 0 <= r["new_ha"] <= r["area_ha"]
        # an area's hectares of a function never exceed the area or the province's
        assert r["allocated_ha"] <= r["area_ha"] + 1e-9
        claim = claims.get((r["region"], r["function"]))
        if claim is None:  # no claim for the function in the province: nothing falls short
            assert r["claim_short_ha"] == 0
            continue
        assert r["allocated_ha"] <= claim["allocated"] + 1e-9
        assert r["claim_short_ha"] == pytest.approx(claim["shortfall"])
