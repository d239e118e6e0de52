"""Provinces solved in worker processes give the same run, byte for byte, as serial."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from workspace_fixtures import SPEC, make_workspace

from novex.errors import GridError, SettingsError
from novex.puzzle import PuzzleSpec
from novex.puzzle.runner import solve_spec
from novex.results.samples import SAMPLE_SPEC, sample_workspace


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _without_timings(manifest: dict) -> dict:
    out = {k: v for k, v in manifest.items() if k != "timings"}
    out["provinces"] = [
        {k: v for k, v in p.items() if k != "timings"} for p in manifest["provinces"]
    ]
    return out


@pytest.fixture(scope="module")
def sample_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample spec solved serially and with two workers, both written."""
    tmp = tmp_path_factory.mktemp("parallel")
    ws = sample_workspace(tmp / "ws")
    spec = PuzzleSpec.from_toml(SAMPLE_SPEC)
    seen: dict[str, list[tuple[str, int, int]]] = {}
    out = {}
    for name, workers, memory in (("serial", 1, None), ("workers2", 2, None),
                                  ("one_at_a_time", 2, 256)):  # fmt: skip
        calls: list[tuple[str, int, int]] = []
        run = solve_spec(
            ws, spec, workers=workers, memory_mb=memory,
            progress=lambda c, d, t, calls=calls: calls.append((c, d, t)),
        )  # fmt: skip
        out[name] = run.write(tmp / name)
        seen[name] = calls
    out["progress"] = seen  # type: ignore[assignment]
    return out


def test_workers_write_the_same_bytes_as_serial(sample_runs: dict[str, Path]) -> None:
    serial, parallel = _files(sample_runs["serial"]), _files(sample_runs["workers2"])
    small = _files(sample_runs["one_at_a_time"])  # a memory budget below one province
    assert sorted(serial) == sorted(parallel) == sorted(small)
    assert "allocation.tif" in serial
    assert any(name.endswith(".csv") for name in serial)
    for name in serial:
        if name == "manifest.json":
            continue
        assert serial[name] == parallel[name] == small[name], name
    a = json.loads(serial["manifest.json"])
    b = json.loads(parallel["manifest.json"])
    assert _without_timings(a) == _without_timings(b)
    assert a["timings"]["workers"] == 1 and b["timings"]["workers"] == 2


def test_the_allocation_is_painted_for_every_province(sample_runs: dict[str, Path]) -> None:
    import rasterio

    with rasterio.open(sample_runs["workers2"] / "allocation.tif") as src:
        alloc = src.read(1)
    assert (alloc > 0).sum() == 400  # every cell of the 20 x 20 sample is a puzzle cell


def test_progress_reports_each_province_once(sample_runs: dict[str, Path]) -> None:
    progress = sample_runs["progress"]  # type: ignore[index]
    for calls in progress.values():  # type: ignore[union-attr]
        assert sorted(c for c, _, _ in calls) == ["NL-GE", "NL-UT"]
        assert [d for _, d, _ in calls] == [1, 2]
        assert {t for _, _, t in calls} == {2}


def test_serial_equals_the_whole_grid_assembly(tmp_path: Path) -> None:
    """The windowed arrays of a province are those of the whole-grid layers."""
    from novex.puzzle.assemble import assemble

    ws = make_workspace(tmp_path / "ws")
    asm = assemble(ws, PuzzleSpec.from_toml(SPEC))
    region = ws.read("province").reshape(-1)
    for code, part in asm.parts.items():
        assert part.window is not None and part.local is not None
        prov = part.province
        expected = np.flatnonzero(region == prov.raster_id)
        assert np.array_equal(part.cells, expected[np.isin(expected, part.cells)]), code
        assert np.array_equal(part.window.to_grid_index(part.local, ws.grid.width), part.cells)
        assert set(region[part.cells].tolist()) == {prov.raster_id}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_error_comes_back_with_its_type_and_message(tmp_path: Path, workers: int) -> None:
    """A layer that cannot be read fails in the worker that reads it; the caller gets
    the same GridError, naming the file, as in a serial run."""
    ws = sample_workspace(tmp_path / "ws")
    spec = PuzzleSpec.from_toml(SAMPLE_SPEC)
    layer = spec.suitability.terms[0].layer
    ws.layer_path(layer).write_bytes(b"not a GeoTIFF")
    with pytest.raises(GridError, match=f"Cannot read raster .*{layer}"):
        solve_spec(ws, spec, workers=workers)


def test_workers_below_one_are_refused(tmp_path: Path) -> None:
    ws = sample_workspace(tmp_path / "ws")
    with pytest.raises(ValueError, match="workers=0"):
        solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC), workers=0)


def test_the_setting_gives_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = sample_workspace(tmp_path / "ws")
    monkeypatch.setenv("NOVEX_WORKERS", "1")
    run = solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC))
    assert run.timings["workers"] == 1
    monkeypatch.setenv("NOVEX_WORKERS", "2")  # 400 cells: too small a run for processes
    run = solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC))
    assert run.timings["workers"] == 1
    monkeypatch.setenv("NOVEX_WORKERS", "0")
    with pytest.raises(SettingsError, match="NOVEX_WORKERS"):
        solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC))


def test_a_script_without_main_guard_still_gets_its_run(tmp_path: Path) -> None:
    """Worker processes that cannot start (the script has no ``__main__`` guard) do not
    lose the run: the provinces are solved in the calling process, with a warning."""
    import subprocess
    import sys

    ws = sample_workspace(tmp_path / "ws")
    script = tmp_path / "script.py"
    script.write_text(
        "import logging\n"
        "from novex.puzzle import PuzzleSpec\n"
        "from novex.puzzle.runner import solve_spec\n"
        "from novex.results.samples import SAMPLE_SPEC\n"
        "logging.basicConfig(level=logging.WARNING)\n"
        f"run = solve_spec({str(ws.path)!r}, PuzzleSpec.from_toml(SAMPLE_SPEC), workers=2)\n"
        "print('provinces', ' '.join(p.province.code for p in run.provinces))\n",
        encoding="utf-8",
    )
    env = {**__import__("os").environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(done.stdout.split()[1:]) == ["NL-GE", "NL-UT"]
    assert "__main__" in done.stderr


def test_the_fork_servers_kernels_start_no_threads() -> None:
    # the fork server loads the serial kernels (novex.puzzle._preload); a thread pool
    # started there would not survive the workers' fork
    import subprocess
    import sys

    code = (
        "import novex.puzzle._preload, numba.np.ufunc.parallel as p; "
        "from novex.puzzle.parallel import load_kernels; "
        "print(load_kernels(parallel=False) >= 0, p._is_initialized)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_a_serial_run_trims_the_heap_once_not_per_province(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process solving province after province keeps its freed pages for the next
    one (a trim per province made the kernel fault in and zero them again)."""
    import novex.puzzle.parallel as parallel

    trims: list[int] = []
    monkeypatch.setattr(parallel, "trim_heap", lambda: trims.append(1))
    ws = sample_workspace(tmp_path / "ws")
    run = solve_spec(ws, PuzzleSpec.from_toml(SAMPLE_SPEC), workers=1)
    assert len(run.provinces) > 1
    assert len(trims) == 1  # before the first province only
