"""Coherence figures (patches, tiny patches, isolated cells) and the samenhang principle."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from workspace_fixtures import CELL_HA, SPEC, claims, make_workspace

from novex.puzzle.coherence import coherence_line, patch_figures, province_figures
from novex.puzzle.runner import solve_spec
from novex.puzzle.spec import PuzzleSpec
from novex.results.samples import sample_layer_spec

# a hand-made raster: 0 = natuur, 1 = water, 2 = a keep type, -1 outside
RASTER = np.array(
    [
        [0, 0, 0, 2, 1, -1],
        [0, 0, 2, 2, 2, 0],
        [2, 2, 2, 0, 2, 0],
        [0, 2, 1, 1, 2, 2],
        [-1, 2, 1, 2, 2, 0],
    ]
)


def test_patch_figures_match_scipys_labels_on_random_rasters() -> None:
    from scipy import ndimage

    four = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], dtype=bool)
    rng = np.random.default_rng(3)
    for shape in [(1, 1), (1, 9), (9, 1), (37, 53)]:
        grid = rng.integers(-1, 4, size=shape).astype(np.int16)
        new = [True, False, True, True]
        rows = {r["type"]: r for r in patch_figures(grid, ["a", "b", "c", "d"], new, 1.0)}
        for t, tid in enumerate("abcd"):
            mask = grid == t
            if not new[t] or not mask.any():
                assert tid not in rows
                continue
            labels, n = ndimage.label(mask, structure=four)
            sizes = np.bincount(labels.ravel())[1:]
            padded = np.pad(mask, 1)
            alone = mask & ~(
                padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:]
            )
            assert (rows[tid]["cells"], rows[tid]["patches"]) == (int(mask.sum()), n)
            assert rows[tid]["tiny_patches"] == int(np.count_nonzero(sizes <= 2))
            assert rows[tid]["isolated_cells"] == int(alone.sum())


def test_patches_of_a_hand_made_raster() -> None:
    rows = {
        r["type"]: r for r in patch_figures(RASTER, ["natuur", "water", "keep"], [1, 1, 0], 2.0)
    }
    assert set(rows) == {"natuur", "water"}  # a keep type is no new use
    nat = rows["natuur"]
    # natuur: a 5-cell block, a 2-cell column (rows 1-2, col 5), and single cells at
    # (2, 3), (3, 0) and (4, 5): five patches, four of one or two cells
    assert (nat["cells"], nat["patches"], nat["tiny_patches"]) == (10, 5, 4)
    assert nat["tiny_share"] == pytest.approx(4 / 5)
    assert nat["isolated_cells"] == 3
    assert nat["isolated_share"] == pytest.approx(3 / 10)
    assert nat["area_ha"] == 20.0
    assert nat["mean_patch_ha"] == pytest.approx(20.0 / 5)
    wat = rows["water"]
    # water: the single cell (0, 4) and an L of three cells; diagonal cells do not join
    assert (wat["cells"], wat["patches"], wat["tiny_patches"], wat["isolated_cells"]) == (
        4, 2, 1, 1,
    )  # fmt: skip


def test_patches_stop_at_the_province_border() -> None:
    # one row of six natuur cells, split over two provinces at column 3
    cells = np.arange(6, dtype=np.int64)
    left = province_figures(cells[:3], np.zeros(3, int), (1, 6), ["natuur"], [True], 1.0)
    assert left[0]["patches"] == 1 and left[0]["cells"] == 3
    gap = province_figures(cells[[0, 2]], np.zeros(2, int), (1, 6), ["natuur"], [True], 1.0)
    assert gap[0]["patches"] == 2 and gap[0]["isolated_cells"] == 2


def test_coherence_line_names_the_worst_types() -> None:
    rows = patch_figures(RASTER, ["natuur", "water", "keep"], [1, 1, 0], 1.0)
    assert coherence_line(rows, "en") == "tiny 80.0% (natuur), isolated 30.00% (natuur)"
    assert coherence_line(rows, "nl") == "klein 80,0% (natuur), los 30,00% (natuur)"
    assert coherence_line([], "nl") == "geen nieuw gebruik"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    ws = make_workspace(tmp_path_factory.mktemp("ws") / "ws")
    run = solve_spec(ws, PuzzleSpec.from_toml(SPEC))
    return run, run.write(tmp_path_factory.mktemp("out") / "puzzel")


def test_run_writes_coherence_tables(out) -> None:
    run, folder = out
    with (folder / "coherence.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    data = json.loads((folder / "coherence.json").read_text(encoding="utf-8"))
    assert len(rows) == len(data) > 0
    assert {r["region"] for r in rows} <= {"NL-UT", "NL-GE"}
    # the figures are those of the written map: count one type again from the raster
    new_ids = [t.id for t in run.types if t.keep is None]
    for row in data:
        assert row["type"] in new_ids
        value = [t.id for t in run.types].index(row["type"]) + 1
        code = row["region"]
        half = run.allocation[:, :10] if code == "NL-UT" else run.allocation[:, 10:]
        assert row["cells"] == int((half == value).sum())
        assert row["area_ha"] == pytest.approx(row["cells"] * CELL_HA)
    summary = {r["province"]: r for r in run.summary("en")}
    assert summary["NL-UT"]["coherence"].startswith("tiny ")


def _scattered_workspace(path):
    """The tiny workspace with a natuur claim and a slight preference for scattered cells.

    Utrecht's farmland (rows 2-17, columns 0-9) gets 40 cells of natuur; 12 single cells,
    no two of them adjacent, are slightly better for it ("ruis" = 1).
    """
    rows = claims()
    rows[1].update(min_ha=40 * CELL_HA, max_ha=40 * CELL_HA)  # NL-UT natuur: 40 cells
    ws = make_workspace(path, rows)
    h, w = ws.grid.shape
    spots = np.zeros((h, w), dtype=np.float32)
    for r in (3, 7, 11, 15):
        for c in (1, 4, 8):
            spots[r + (c % 2), c] = 1.0
    ws.write_layer(sample_layer_spec("ruis", "suitability", "1"), spots)
    ws.save()
    return ws


SPOTS = """
[[suitability.terms]]
name = "a slight preference for scattered cells"
layer = "ruis"
transform = "value"
weight = 0.02
functions = ["natuur"]
"""


def _principle_spec(enabled: bool, extra: str = "rounds = 2\nconsolidate = false\n") -> PuzzleSpec:
    text = SPEC + SPOTS + f"\n[principles.samenhang]\nenabled = {str(enabled).lower()}\n"
    text += "weight = 0.1\n" + extra
    return PuzzleSpec.from_toml(text)


CONSOLIDATE = "rounds = 0\nconsolidate = true\nbudget = 0.01\nkeep_status = false\n"


def test_samenhang_joins_the_scattered_cells_and_reports_its_cost(tmp_path) -> None:
    # the scheme of extra solves with a neighbour bonus (rounds, no consolidation pass)
    ws = _scattered_workspace(tmp_path / "ws")
    off = solve_spec(ws, _principle_spec(False), "NL-UT")
    on = solve_spec(ws, _principle_spec(True), "NL-UT")
    nat_off = next(r for r in off.coherence_table() if r["type"] == "natuur")
    nat_on = next(r for r in on.coherence_table() if r["type"] == "natuur")
    assert nat_off["cells"] == nat_on["cells"] == 40
    assert nat_off["isolated_cells"] > 0  # preferred cells the tie growth did not reach
    assert nat_on["tiny_patches"] < nat_off["tiny_patches"]
    assert nat_on["isolated_cells"] < nat_off["isolated_cells"]
    row = next(r for r in on.principle_table() if r["principle"] == "samenhang")
    assert row["enabled"] and row["compared"]
    assert row["changed_ha"] > 0 and row["changed_ha"] % CELL_HA == 0
    assert row["tiny_patches_on"] < row["tiny_patches_off"]
    # what it gives up: the preference of the scattered cells it leaves, no more
    assert 0 < row["suitability_given_up"] <= 0.02 * 12 * CELL_HA + 1e-6
    # switched off, the row says so and compares nothing
    row_off = next(r for r in off.principle_table() if r["principle"] == "samenhang")
    assert not row_off["enabled"] and not row_off["compared"]


def test_consolidation_joins_the_scattered_cells_and_keeps_the_claims(tmp_path) -> None:
    ws = _scattered_workspace(tmp_path / "ws")
    off = solve_spec(ws, _principle_spec(False), "NL-UT")
    on = solve_spec(ws, _principle_spec(True, CONSOLIDATE), "NL-UT")
    nat_off = next(r for r in off.coherence_table() if r["type"] == "natuur")
    nat_on = next(r for r in on.coherence_table() if r["type"] == "natuur")
    assert nat_off["isolated_cells"] > 0 and nat_off["tiny_patches"] > 0
    assert (nat_on["tiny_patches"], nat_on["isolated_cells"]) == (0, 0)
    assert nat_on["cells"] == nat_off["cells"] == 40
    # the coherence table says where the pass started and what it moved
    assert nat_on["tiny_patches_before"] == nat_off["tiny_patches"]
    assert nat_on["moved_ha"] > 0 and nat_on["moved_ha"] % CELL_HA == 0
    assert nat_off["tiny_patches_before"] is None  # samenhang off
    # every claim keeps its hectares; the dual bound is the plain solve's, the objective
    # is lower by what the pass gave up, and the gap says so
    claims_off = {c["function"]: c["total_ha"] for c in off.claims_table("en")}
    claims_on = {c["function"]: c["total_ha"] for c in on.claims_table("en")}
    assert claims_on == pytest.approx(claims_off)
    p_off, p_on = off.provinces[0], on.provinces[0]
    assert p_on.dual_bound == pytest.approx(p_off.dual_bound, rel=1e-12)
    row = next(r for r in on.principle_table() if r["principle"] == "samenhang")
    assert row["consolidate"] and row["swaps"] > 0 and row["moved_ha"] == nat_on["moved_ha"]
    assert row["delta_ha"] == {}  # exact swaps only: no function moved
    assert row["suitability_given_up"] == pytest.approx(p_off.objective - p_on.objective)
    assert 0 < row["suitability_given_up"] <= 0.02 * 12 * CELL_HA + 1e-6
    assert p_on.gap == pytest.approx((p_on.dual_bound - p_on.objective) / p_on.dual_bound)
    assert p_on.gap > p_off.gap
    # the CLI summary names the hectares moved and the suitability given up
    text = {r["province"]: r for r in on.summary("nl")}["NL-UT"]["coherence"]
    assert "ha verplaatst" in text and "geschiktheid ingeleverd" in text


def test_samenhang_runs_are_deterministic(tmp_path) -> None:
    ws = _scattered_workspace(tmp_path / "ws")
    a = solve_spec(ws, _principle_spec(True, CONSOLIDATE), "NL-UT")
    b = solve_spec(ws, _principle_spec(True, CONSOLIDATE), "NL-UT")
    assert a.allocation.tobytes() == b.allocation.tobytes()
    assert json.dumps(a.coherence_table()) == json.dumps(b.coherence_table())
