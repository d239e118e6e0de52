"""The stapelkaart on small grids whose overlaps are known by construction."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
import rasterio
from hypothesis import given, settings
from hypothesis import strategies as st

from novex.errors import StackError
from novex.grid import GridSpec
from novex.layers import LayerKind, LayerSpec, Workspace
from novex.reference import region
from novex.stack import PairClass, compute_stack, top_pairs


@pytest.mark.parametrize("chunk_rows", [None, 1, 3, 1024])
def test_known_hectares(known_workspace: Workspace, chunk_rows: int | None) -> None:
    r = compute_stack(known_workspace, chunk_rows=chunk_rows)
    assert r.interests == [5, 11, 14, 20]
    assert r.hectares() == {5: 40.0, 11: 0.0, 14: 36.0, 20: 10.0}
    assert r.hectares("Utrecht") == {5: 20.0, 11: 0.0, 14: 16.0, 20: 0.0}
    assert r.hectares("zeeland") == {5: 20.0, 11: 0.0, 14: 20.0, 20: 10.0}
    pairs = r.pair_hectares()
    assert pairs[(5, 14)] == 18.0
    assert pairs[(5, 20)] == 5.0
    assert pairs[(14, 20)] == 10.0
    assert pairs[(5, 11)] == pairs[(11, 14)] == pairs[(11, 20)] == 0.0
    assert r.pair_hectares("Utrecht")[(5, 14)] == 8.0
    assert r.claimed_hectares(None, 3) == 5.0
    assert r.claimed_hectares(None, 1) == 40 + 36 + 10 - 18 - 5 - 10 + 5
    assert r.area_hectares() == 80.0


def test_empty_province(known_workspace: Workspace) -> None:
    r = compute_stack(known_workspace)
    assert [p.code for p in r.provinces] == ["NL-UT", "NL-ZE", "NL-LI"]
    assert r.area_hectares("Limburg") == 0.0
    assert set(r.hectares("Limburg").values()) == {0.0}
    assert r.pairs("Limburg") == []
    assert top_pairs(r, "Limburg") == {"conflict": [], "koppelkans": []}


def test_pair_classes_and_top_pairs(known_workspace: Workspace) -> None:
    r = compute_stack(known_workspace)
    top = top_pairs(r, "Zeeland", n=3)
    assert [(p.a, p.b, p.hectares) for p in top["conflict"]] == [(5, 14, 10.0), (5, 20, 5.0)]
    assert [(p.a, p.b, p.hectares) for p in top["koppelkans"]] == [(14, 20, 10.0)]
    assert top["koppelkans"][0].cls is PairClass.KOPPELKANS
    assert top["koppelkans"][0].concept == "A1"


def test_totals_add_up(known_workspace: Workspace) -> None:
    r = compute_stack(known_workspace, chunk_rows=2)
    nat_ha = r.hectares()
    for key, ha in r.pair_hectares().items():
        assert ha <= min(nat_ha[key[0]], nat_ha[key[1]])
    assert r.region_ids == [0, 7, 10, 12]
    for n, ha in nat_ha.items():
        assert sum(r.hectares(rid)[n] for rid in r.region_ids) == ha
    for key, ha in r.pair_hectares().items():
        assert sum(r.pair_hectares(rid)[key] for rid in r.region_ids) == ha
    assert sum(r.area_hectares(rid) for rid in r.region_ids) == r.area_hectares()


def test_unknown_province_is_refused(known_workspace: Workspace) -> None:
    r = compute_stack(known_workspace)
    with pytest.raises(StackError, match=r"Unknown province 'Atlantis'.*'Utrecht', 'Zeeland'"):
        r.hectares("Atlantis")
    with pytest.raises(StackError, match="Unknown province 'Drenthe'"):  # not in this stack
        r.hectares("Drenthe")


def test_a_province_by_code_dutch_or_english_name_or_raster_id(known_workspace: Workspace) -> None:
    r = compute_stack(known_workspace)
    utrecht = {5: 20.0, 11: 0.0, 14: 16.0, 20: 0.0}
    for key in ("NL-UT", "nl-ut", "Utrecht", "UTRECHT", 7, "7", region("NL-UT")):
        assert r.hectares(key) == utrecht
    assert r.region("Zeeland") == region("NL-ZE")
    assert r.region(None) is None
    assert r.summary("zeeland")["region"] == "Zeeland"
    assert r.summary(10)["region_id"] == 10


def test_province_layer_must_use_the_reference_raster_ids(
    tmp_path: Path, small_grid: GridSpec, write_layer: Callable[..., LayerSpec]
) -> None:
    ws = Workspace.create(tmp_path / "ids", small_grid)
    write_layer(ws, "wonen", np.ones(small_grid.shape, np.uint8), interests=(5,))
    write_layer(
        ws, "province", np.ones(small_grid.shape, np.uint8), kind=LayerKind.BOUNDARY,
        categories={1: "Utrecht"},
    )  # fmt: skip
    with pytest.raises(StackError, match=r"gives 'Utrecht' the id 1; the province raster uses 7"):
        compute_stack(ws)
    write_layer(
        ws, "province", np.ones(small_grid.shape, np.uint8), kind=LayerKind.BOUNDARY,
        categories={1: "Atlantis"},
    )  # fmt: skip
    with pytest.raises(StackError, match=r"category 1: Unknown province 'Atlantis'"):
        compute_stack(ws)


def test_province_ids_without_a_category_are_named_from_the_reference(
    tmp_path: Path, small_grid: GridSpec, write_layer: Callable[..., LayerSpec]
) -> None:
    ws = Workspace.create(tmp_path / "extra", small_grid)
    write_layer(ws, "wonen", np.ones(small_grid.shape, np.uint8), interests=(5,))
    prov = np.full(small_grid.shape, 7, np.uint8)
    prov[5:] = 3  # Drenthe's raster id, not among the categories
    write_layer(ws, "province", prov, kind=LayerKind.BOUNDARY, categories={7: "Utrecht"})
    r = compute_stack(ws)
    assert [p.name_nl for p in r.provinces] == ["Drenthe", "Utrecht"]
    assert r.hectares("Drenthe") == {5: 40.0}


def test_no_claim_layers_is_refused(
    tmp_path: Path, small_grid: GridSpec, write_layer: Callable[..., LayerSpec]
) -> None:
    ws = Workspace.create(tmp_path / "empty", small_grid)
    write_layer(ws, "hoogte", np.zeros(small_grid.shape, np.float32), kind=LayerKind.PHYSICAL)
    with pytest.raises(StackError, match="no claim or protection layers"):
        compute_stack(ws)


def test_rasters_written(known_workspace: Workspace, tmp_path: Path) -> None:
    r = compute_stack(known_workspace, tmp_path / "out", chunk_rows=3, maps=False)
    with rasterio.open(r.files["overlap_count"]) as src:
        count = src.read(1)
        assert src.crs.to_epsg() == 28992
        assert "NOVEX_SYNTHETIC" in src.tags()
    assert count[0, 0] == 1
    assert count[0, 2] == 1  # water nodata in row 0
    assert count[1, 2] == 2
    assert count[6, 3] == 3
    assert count[6, 7] == 0
    assert count.sum() == 40 + 36 + 10
    with rasterio.open(r.files["combination"]) as src:
        comb = src.read(1)
    ranking = r.info["combinations"]
    by_rank = {c["rank"]: tuple(c["interests"]) for c in ranking}
    assert by_rank[comb[6, 3]] == (5, 14, 20)
    assert by_rank[comb[0, 0]] == (5,)
    assert comb[6, 7] == 0
    assert (tmp_path / "out" / "stack.json").is_file()
    assert (tmp_path / "out" / "pairs.csv").read_text().startswith("region_id,region,a,b")


def test_layer_off_grid_is_refused(known_workspace: Workspace, tmp_path: Path) -> None:
    other = GridSpec(100, (100_100.0, 449_000.0, 100_900.0, 450_000.0))
    from novex.grid import write_raster

    write_raster(known_workspace.layer_path("wonen"), np.zeros(other.shape, np.uint8), other)
    with pytest.raises(StackError, match="'wonen'"):
        compute_stack(known_workspace)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_layers=st.integers(1, 6),
    chunk_rows=st.sampled_from([None, 1, 4, 7]),
)
def test_random_layers_match_brute_force(
    tmp_path_factory: pytest.TempPathFactory,
    write_layer: Callable[..., LayerSpec],
    seed: int,
    n_layers: int,
    chunk_rows: int | None,
) -> None:
    rng = np.random.default_rng(seed)
    grid = GridSpec(100, (100_000.0, 449_000.0, 101_200.0, 450_000.0))
    ws = Workspace.create(tmp_path_factory.mktemp("rnd"), grid)
    prov = rng.integers(0, 4, grid.shape).astype(np.uint8)
    write_layer(
        ws, "province", prov, kind=LayerKind.BOUNDARY,
        categories={1: "Groningen", 2: "Fryslân", 3: "Drenthe"},
    )  # fmt: skip
    interests = rng.choice([5, 7, 11, 14, 18, 20], size=n_layers)
    claims: dict[int, np.ndarray] = {}
    for i, n in enumerate(interests):
        arr = rng.choice(np.array([0, 1, 255], np.uint8), grid.shape, p=[0.5, 0.4, 0.1])
        write_layer(ws, f"l{i}", arr, interests=(int(n),), nodata=255)
        claims[int(n)] = claims.get(int(n), np.zeros(grid.shape, bool)) | (arr == 1)
    r = compute_stack(ws, chunk_rows=chunk_rows)
    for pid in (1, 2, 3):
        sel = prov == pid
        for n, m in claims.items():
            assert r.hectares(pid)[n] == (m & sel).sum()
        for a, b in combinations(sorted(claims), 2):
            assert r.pair_hectares(pid)[(a, b)] == (claims[a] & claims[b] & sel).sum()
    total = sum(claims.values(), np.zeros(grid.shape, int))
    assert r.claimed_hectares(None, 3) == (total >= 3).sum()


class _Recorder:
    """Stands in for an open rasterio dataset: records the row windows written."""

    width = 4

    def __init__(self) -> None:
        self.rows: list[int] = []

    def write(self, value: np.ndarray, band: int, window: object) -> None:
        self.rows.append(window.row_off)  # type: ignore[attr-defined]


def test_strips_are_written_in_row_order_whatever_order_they_finish() -> None:
    from novex.stack.writers import WindowTarget

    dst = _Recorder()
    target = WindowTarget(dst)
    strip = np.zeros((2, 4), np.uint8)
    for r0 in (4, 0, 6, 2):  # the order threads might finish them in
        target[slice(r0, r0 + 2), slice(0, 4)] = strip
    assert dst.rows == [0, 2, 4, 6]
    with pytest.raises(StackError, match="full-width row strips"):
        target[slice(8, 10), slice(1, 3)] = strip[:, :2]
