"""open_run: every value read back equals the files and the run that wrote them."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
import rasterio

from novex.errors import ResultsError
from novex.puzzle import PuzzleRun
from novex.puzzle.outputs import type_colours
from novex.puzzle.runs import spec_hash
from novex.results import open_run

NUMBERS = (
    "demand_min", "demand_max", "allocated", "shortfall", "total_ha", "above_min_ha",
    "excess_ha", "price", "priority", "room_ha",
)  # fmt: skip


def _json(folder: Path, name: str):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def test_manifest_names_format_inputs_and_grid(solved: PuzzleRun, run_folder: Path) -> None:
    run = open_run(run_folder)
    m = run.manifest
    assert (m.format, m.format_version, m.lang) == ("novex-puzzle-run", 1, "nl")
    assert list(_json(run_folder, "manifest.json"))[:3] == ["format", "format_version", "lang"]
    assert m.grid == solved.workspace.grid
    assert m.spec_name == "voorbeeld"
    assert m.spec_sha256 == spec_hash(solved.spec)
    assert m.synthetic is True
    assert m.layers["uiterwaarden"].sha256 == solved.workspace.layer("uiterwaarden").sha256
    assert m.tables["startpakket"].sha256 == solved.workspace.tables["startpakket"]["sha256"]
    assert [(t.value, t.id, t.name_nl) for t in m.types] == [
        (k + 1, t.id, t.name_nl) for k, t in enumerate(solved.types)
    ]
    assert len(m.sha256) == 64


def test_claims_equal_the_json_file_and_the_run(solved: PuzzleRun, run_folder: Path) -> None:
    claims = open_run(run_folder).claims()
    in_file = _json(run_folder, "claims.json")["claims"]
    in_memory = solved.claims_table("nl")
    assert len(claims) == len(in_file) == len(in_memory) == 3
    for row, f, mem in zip(claims, in_file, in_memory, strict=True):
        key = (row.region, row.function)
        assert key == (f["region"], f["function"]) == (mem["region"], mem["function"])
        for key in NUMBERS:
            assert getattr(row, key) == f[key] == mem[key], key
        assert row.explanation == f["explanation"] == mem["explanation"]
        assert [dataclasses.asdict(s) for s in row.sources] == f["sources"] == mem["sources"]
        assert row.allocated + row.shortfall == pytest.approx(row.demand_min)


def test_claims_equal_the_csv_rounded(run_folder: Path) -> None:
    claims = open_run(run_folder).claims()
    with (run_folder / "claims.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, c in zip(claims, rows, strict=True):
        assert c["function"] == row.function
        assert float(c["demand_min"]) == round(row.demand_min, 2)
        assert float(c["allocated"]) == round(min(row.allocated, row.demand_min), 2)
        assert float(c["price"]) == round(row.price, 4)


def test_claim_source_and_status(run_folder: Path) -> None:
    run = open_run(run_folder)
    wonen = run.claims(province="UT", function="wonen")[0]
    assert (wonen.source, wonen.status) == ("synthetic sample", "verified")
    assert wonen.sources[0].origin == "startpakket"
    assert run.claims(function="energie")[0].status == "assumption"
    assert run.claims(province="gelderland", function="wonen") == ()


def test_provinces_carry_status_and_certificate(solved: PuzzleRun, run_folder: Path) -> None:
    run = open_run(run_folder)
    assert [p.code for p in run.provinces] == ["NL-GE", "NL-UT"]
    for p, mem in zip(run.provinces, solved.provinces, strict=True):
        assert (p.status, p.objective, p.dual_bound, p.gap) == (
            mem.status,
            mem.objective,
            mem.dual_bound,
            mem.gap,
        )
        assert p.dual_bound is not None and p.objective is not None
        assert p.dual_bound >= p.objective
        assert p.solved and p.conflicts == ()
        assert [c.function for c in p.claims] == [c["function"] for c in mem.claims]
        assert p.fits == tuple(mem.fits())
    summary = _json(run_folder, "summary.json")
    assert run.province("NL-UT").text == summary[0]["text"] == "alle claims passen"
    assert run.province("utrecht") is run.province("UT") is run.provinces[1]


def test_unknown_province_lists_the_known_ones(run_folder: Path) -> None:
    with pytest.raises(ResultsError, match=r"Unknown province 'Zeeland'.*'NL-GE', 'NL-UT'"):
        open_run(run_folder).claims(province="Zeeland")


def test_rules_tiers_principles_equal_the_run(solved: PuzzleRun, run_folder: Path) -> None:
    run = open_run(run_folder)
    assert [dataclasses.asdict(r) for r in run.rules()] == solved.rule_table()
    assert [dataclasses.asdict(r) for r in run.rules()] == _json(run_folder, "rules.json")
    # the reader's rows carry every field of the file's rows (homes only on wonen rows)
    tiers = [dataclasses.asdict(r) for r in run.tiers()]
    assert [{k: d[k] for k in m} for d, m in zip(tiers, solved.tier_table(), strict=True)] == (
        solved.tier_table()
    )
    # the reader keeps the common fields of every principle row (samenhang adds its own)
    rows = [dataclasses.asdict(r) for r in run.principles()]
    mem = solved.principle_table()
    assert rows == [{k: m.get(k) for k in d} for d, m in zip(rows, mem, strict=True)]
    assert [r["principle"] for r in rows] == [m["principle"] for m in solved.principle_table()]
    uiterwaarden = [
        r
        for r in run.rules("NL-UT")
        if r.rule == "geen-bouwen-uiterwaarden" and r.function == "wonen"
    ]
    assert uiterwaarden[0].matched_ha == 7 * 6.25  # row 5, columns 0-6
    assert uiterwaarden[0].status == "verified"
    assert any(r.is_total for r in run.rules())
    assert all(r.region == "NL-GE" for r in run.rules("GE"))
    assert {p.principle for p in run.principles("NL-UT")} == {
        "combinaties",
        "identiteit",
        "afwenteling",
        "samenhang",
    }


def test_allocation_is_a_lazy_dataarray_on_the_grid(solved: PuzzleRun, run_folder: Path) -> None:
    run = open_run(run_folder)
    grid = solved.workspace.grid
    da = run.allocation()
    assert not da.variable._in_memory  # nothing read yet
    assert da.dims == ("y", "x")
    assert da.shape == grid.shape == (20, 20)
    assert da.rio.crs.to_epsg() == 28992
    assert da.rio.transform() == grid.transform
    assert float(da.x[0]) == grid.bounds[0] + 125.0
    assert float(da.y[0]) == grid.bounds[3] - 125.0
    assert da.dtype == np.uint8
    np.testing.assert_array_equal(da.values, solved.allocation)
    chunked = run.allocation(chunks={"y": 10, "x": 10})
    assert chunked.chunks == ((10, 10), (10, 10))
    np.testing.assert_array_equal(chunked.values, solved.allocation)
    assert da.attrs["flag_values"][:2] == [0, 1]
    assert da.attrs["flag_meanings"].split()[:3] == ["none", "wonen", "werken"]


def test_categories_are_the_rasters_names_and_colours(solved: PuzzleRun, run_folder: Path) -> None:
    cats = open_run(run_folder).categories
    with rasterio.open(run_folder / "allocation.tif") as src:
        names = json.loads(src.tags()["NOVEX_CATEGORIES"])
    assert [c.name for c in cats] == [names[str(k)] for k in range(len(names))]
    assert cats[0].name == "geen puzzel" and cats[0].id == ""
    colours = type_colours(solved.types)
    assert [c.colour for c in cats] == [colours[k] for k in range(len(cats))]
    assert [c.id for c in cats[1:]] == [t.id for t in solved.types]


def test_strict_run_has_conflicts_per_province(strict_run: tuple[PuzzleRun, Path]) -> None:
    mem, folder = strict_run
    run = open_run(folder)
    ut = run.province("NL-UT")
    assert run.manifest.lang == "en" and run.manifest.elastic is False
    assert ut.status == "infeasible" and not ut.solved
    assert ut.objective is None and ut.dual_bound is None
    conflict = ut.conflicts[0]
    assert "wonen" in conflict.functions
    assert conflict.functions == tuple(
        next(p for p in mem.provinces if p.province.code == "NL-UT").conflicts[0]["functions"]
    )
    assert conflict.needed_ha == pytest.approx(2000.0)
    assert run.conflicts() == ut.conflicts
    assert "does not fit (strict)" in ut.text
    assert run.province("NL-GE").solved
    np.testing.assert_array_equal(run.allocation().values, mem.allocation)
    assert (run.allocation().values[:, :10] == 0).all()  # Utrecht left unallocated


def test_areas_read_back_what_the_run_wrote(solved, run_folder) -> None:
    from novex.results import open_run

    run = open_run(run_folder)
    rows = run.areas()
    assert [(r.region, r.area, r.function, r.allocated_ha) for r in rows] == [
        (r["region"], r["area"], r["function"], r["allocated_ha"]) for r in solved.area_table()
    ]
    nx07 = run.areas(province="Utrecht", area="nx07")
    assert nx07 and {r.area_ha for r in nx07} == {100 * 6.25}
    assert nx07[0].name("nl") == "Verstedelijkingsgebied Utrecht-Amersfoort"
    assert {r.region for r in run.areas(area="NX08")} == {"NL-UT", "NL-GE"}


def test_a_damaged_area_row_names_file_and_field(run_copy) -> None:
    from novex.errors import ResultsError
    from novex.results import open_run

    path = run_copy / "areas.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["area_ha"] = "veel"
    path.write_text(json.dumps(rows), encoding="utf-8")
    with pytest.raises(ResultsError, match=r"areas.json row 1: field 'area_ha' is 'veel'"):
        open_run(run_copy).areas()
