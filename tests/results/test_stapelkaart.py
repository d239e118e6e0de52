"""open_stack: the hectares, pairs and rasters read back equal the files and the computation."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from novex.errors import ResultsError
from novex.results import open_stack
from novex.stack import PairClass, StackResult


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _regions(stacked: StackResult) -> list[SimpleNamespace]:
    """The in-memory result's regions (outside and provinces) as (id, name) in id order."""
    return [SimpleNamespace(id=k, name=stacked.region_name(k)) for k in stacked.region_ids]


def test_manifest_and_regions(stacked: StackResult) -> None:
    folder = stacked.files["stack_json"].parent
    stack = open_stack(folder)
    m = stack.manifest
    assert (m.format, m.format_version, m.lang, m.synthetic) == ("novex-stapelkaart", 1, "nl", True)
    raw = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert list(raw)[:2] == ["format", "format_version"]
    assert "stack.json" in raw["files"] and "manifest.json" in raw["files"]
    assert m.interests == tuple(stacked.interests) == (5, 14, 20)
    assert m.layers[20] == ("protection_natuur",)
    assert m.grid.shape == (20, 20)
    assert [(r.id, r.name) for r in stack.regions] == [(r.id, r.name) for r in _regions(stacked)]
    assert [r.name for r in stack.provinces] == ["Gelderland", "Utrecht"]


def test_hectares_equal_the_computation_and_the_csv(stacked: StackResult) -> None:
    folder = stacked.files["stack_json"].parent
    stack = open_stack(folder)
    for r in _regions(stacked):
        assert stack.hectares(r.id) == stacked.hectares(r.id)
        assert stack.hectares(r.name.upper()) == stacked.hectares(r.id)
    assert stack.hectares() == stacked.hectares(None) == stack.hectares("nationaal")
    assert stack.hectares("Utrecht") == {5: 375.0, 14: 187.5, 20: 125.0 + 100.0}
    for row in _csv(folder / "interests.csv"):
        if row["mapped"] == "False":  # an interest without a layer: no hectares, a reason
            assert row["hectares"] == "" and row["reason"]
            continue
        assert stack.hectares(int(row["region_id"]))[int(row["interest"])] == float(row["hectares"])
    ut = stack.region("Utrecht")
    assert ut.area_ha == 200 * 6.25
    assert ut.claimed_3plus_ha == stacked.claimed_hectares("Utrecht", 3)


def test_pairs_equal_the_computation_and_the_csv(stacked: StackResult) -> None:
    folder = stacked.files["stack_json"].parent
    stack = open_stack(folder)
    for r in _regions(stacked):
        got = [(p.a, p.b, p.hectares, p.cls, p.concept) for p in stack.pairs(r.id)]
        want = [(p.a, p.b, p.hectares, p.cls, p.concept) for p in stacked.pairs(r.id)]
        assert got == want
    rows = [
        (int(r["region_id"]), int(r["a"]), int(r["b"]), float(r["hectares"]), r["class"])
        for r in _csv(folder / "pairs.csv")
    ]
    read = [
        (r.id, p.a, p.b, p.hectares, p.cls.value) for r in stack.regions for p in stack.pairs(r.id)
    ]
    assert read == rows
    conflicts = stack.conflicts("Utrecht")
    assert conflicts and all(p.cls is PairClass.CONFLICT for p in conflicts)
    assert stack.conflicts("Utrecht", n=1) == conflicts[:1]
    assert stack.pairs("Utrecht", "koppelkans") == stack.koppelkansen("Utrecht")
    assert stack.region("Utrecht").class_hectares == stacked.class_hectares("Utrecht")


def test_combinations_equal_the_ranking(stacked: StackResult) -> None:
    stack = open_stack(stacked.files["stack_json"].parent)
    ranking = stacked.info["combinations"]
    assert [(c.rank, list(c.interests), c.hectares) for c in stack.combinations] == [
        (r["rank"], r["interests"], r["hectares"]) for r in ranking
    ]
    assert stack.national.top_combinations[0].interests == stack.combinations[0].interests


def test_rasters_are_lazy_dataarrays_on_the_grid(stacked: StackResult) -> None:
    stack = open_stack(stacked.files["stack_json"].parent)
    count = stack.overlap_count()
    mask = stack.interest_mask()
    rank = stack.combination()
    grid = stack.manifest.grid
    for da, dtype in ((count, np.uint8), (mask, np.uint32), (rank, np.uint16)):
        assert not da.variable._in_memory
        assert da.shape == grid.shape
        assert da.rio.crs.to_epsg() == 28992
        assert da.rio.transform() == grid.transform
        assert da.dtype == dtype
    np.testing.assert_array_equal(count.values, np.bitwise_count(mask.values))
    # wonen (bit 0) on rows 0-5, columns 0-11, as the sample workspace writes it
    assert ((mask.values & 1) == 1).sum() == 6 * 12
    assert count.attrs["interests"] == [5, 14, 20]


def test_maps_are_listed_by_region(stacked: StackResult, stack_copy: Path) -> None:
    stack = open_stack(stacked.files["stack_json"].parent)
    assert set(stack.maps) == {"nationaal", "utrecht", "gelderland"}
    assert all(p.is_file() for p in stack.maps.values())


def test_unknown_region_lists_the_known_ones(stacked: StackResult) -> None:
    stack = open_stack(stacked.files["stack_json"].parent)
    with pytest.raises(ResultsError, match=r"Unknown province 'Zeeland'.*'Gelderland', 'Utrecht'"):
        stack.hectares("Zeeland")
