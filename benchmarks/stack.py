"""Benchmark: the stapelkaart of 30 layers on the national grid, chunked vs whole-array numpy.

Usage::

    python benchmarks/stack.py [--resolution 25] [--layers 30] [--timeout 900]

1. *prepare*: writes a temporary workspace with a province layer and ``--layers``
   synthetic 0/1 claim layers (255 outside the provinces) strip by strip, timed apart;
2. runs ``compute_stack`` twice, each in its own subprocess so each reports its own peak
   RSS: ``chunked`` (dask, threads, 1024-row strips) and ``whole_array`` (the same
   computation on whole numpy arrays, ``chunk_rows=None``);
3. checks both give the same hectares and prints one JSON document: per case
   ``n_layers, resolution, n_cells, seconds, peak_rss_mb`` and the ratio chunked/whole.

Target (docs/stack.md): chunked <= 60 s and <= 4 GB peak at 25 m on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def _province_coarse(rng: np.random.Generator, shape_km: tuple[int, int]) -> np.ndarray:
    """Province ids (0 = sea) on a 1 km lattice: 12 Voronoi cells inside an irregular land mass."""
    h, w = shape_km
    yy, xx = np.mgrid[0:h, 0:w]
    centres = rng.uniform((40, 40), (h - 40, w - 40), size=(12, 2))
    d = (yy[..., None] - centres[:, 0]) ** 2 + (xx[..., None] - centres[:, 1]) ** 2
    prov = (np.argmin(d, axis=-1) + 1).astype(np.uint8)
    land = ((yy - h / 2) / (0.42 * h)) ** 2 + ((xx - w / 2) / (0.36 * w)) ** 2 <= 1.0
    prov[~land] = 0
    return prov


def prepare(folder: Path, resolution: int, n_layers: int) -> dict[str, object]:
    """Write the benchmark workspace strip by strip; return timing and sizes."""
    import rasterio
    from rasterio.windows import Window

    from novex.grid import GridSpec
    from novex.layers import LayerKind, LayerSpec, Workspace
    from novex.reference import provinces

    t0 = time.perf_counter()
    grid = GridSpec.national(resolution)
    ws = Workspace.create(folder, grid, name="bench")
    rng = np.random.default_rng(42)
    per_km = 1000 // resolution if 1000 % resolution == 0 else 4
    km = (grid.height // per_km + 1, grid.width // per_km + 1)
    prov_km = _province_coarse(rng, km)
    fields = [rng.random(km) for _ in range(n_layers)]
    cover = np.linspace(0.05, 0.45, n_layers)
    rows = 2048

    def strip_of(coarse: np.ndarray, r0: int, r1: int) -> np.ndarray:
        ri = np.arange(r0, r1) // per_km
        ci = np.arange(grid.width) // per_km
        return coarse[np.ix_(ri, ci)]

    def spec(name: str, kind: LayerKind, interests: tuple[int, ...], **kw: object) -> LayerSpec:
        return LayerSpec.create(
            name=name, kind=kind, title_nl=name, title_en=name, units="0/1",
            interests=interests, source="benchmarks/stack.py", synthetic=True, **kw,
        )  # fmt: skip

    names = {p.raster_id: p.name_nl for p in provinces()}  # ids 1-12 are the provinces' raster ids
    with rasterio.Env(GDAL_NUM_THREADS="ALL_CPUS"):
        with ws.layer_writer(
            spec("province", LayerKind.BOUNDARY, (), categories=names), np.uint8
        ) as dst:
            for r0 in range(0, grid.height, rows):
                r1 = min(r0 + rows, grid.height)
                dst.write(strip_of(prov_km, r0, r1), 1, window=Window(0, r0, grid.width, r1 - r0))
        for k in range(n_layers):
            interest = k % 21 + 1
            with ws.layer_writer(
                spec(f"layer_{k:02d}", LayerKind.CLAIM, (interest,), nodata=255), np.uint8
            ) as dst:
                for r0 in range(0, grid.height, rows):
                    r1 = min(r0 + rows, grid.height)
                    land = strip_of(prov_km, r0, r1) > 0
                    claim = strip_of(fields[k], r0, r1) < cover[k]
                    out = np.where(land, claim.astype(np.uint8), np.uint8(255))
                    dst.write(out, 1, window=Window(0, r0, grid.width, r1 - r0))
    ws.save()
    return {
        "seconds": round(time.perf_counter() - t0, 2),
        "n_layers": n_layers,
        "resolution": resolution,
        "n_cells": grid.size,
        "land_cells": int((strip_of(prov_km, 0, grid.height) > 0).sum()),
        "disk_mb": round(sum(p.stat().st_size for p in folder.rglob("*.tif")) / 1e6, 1),
    }


def run_case(workspace: Path, case: str, out: Path) -> dict[str, object]:
    """One case in this process; report seconds and peak RSS."""
    from novex.layers import Workspace
    from novex.stack import compute_stack

    ws = Workspace.open(workspace)
    t0 = time.perf_counter()
    result = compute_stack(ws, out, chunk_rows=None if case == "whole_array" else 1024, maps=False)
    seconds = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "case": case,
        "n_layers": result.info["n_layers"],
        "resolution": ws.grid.resolution,
        "n_cells": ws.grid.size,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "national_hectares": {str(k): v for k, v in result.hectares().items()},
        "claimed_3plus_ha": result.claimed_hectares(None, 3),
        "pair_hectares_sum": sum(result.pair_hectares().values()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=25)
    parser.add_argument("--layers", type=int, default=30)
    parser.add_argument("--timeout", type=float, default=900.0, help="Seconds per case.")
    parser.add_argument("--keep", type=Path, help="Keep the workspace in this folder.")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--workspace", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:  # child process
        print(json.dumps(run_case(args.workspace, args.case, args.out)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="novex-bench-stack-"))
    folder = args.keep or tmp / "ws"
    report: dict[str, object] = {"benchmark": "stack", "cpus": os.cpu_count()}
    try:
        report["prepare"] = prepare(folder, args.resolution, args.layers)
        cases = []
        for case in ("chunked", "whole_array"):
            proc = subprocess.run(
                [sys.executable, __file__, "--case", case, "--workspace", str(folder),
                 "--out", str(tmp / f"out_{case}")],
                capture_output=True, text=True, timeout=args.timeout, check=False,
            )  # fmt: skip
            if proc.returncode != 0:
                cases.append({"case": case, "error": proc.stderr.strip().splitlines()[-5:]})
                continue
            cases.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        ok = [c for c in cases if "seconds" in c]
        if len(ok) == 2:
            chunked, whole = ok
            report["same_result"] = all(
                chunked[k] == whole[k]
                for k in ("national_hectares", "claimed_3plus_ha", "pair_hectares_sum")
            )
            report["ratio_seconds"] = round(float(chunked["seconds"]) / float(whole["seconds"]), 3)
            report["ratio_peak_rss"] = round(
                float(chunked["peak_rss_mb"]) / float(whole["peak_rss_mb"]), 3
            )
            report["target"] = {
                "seconds_max": 60,
                "peak_rss_mb_max": 4096,
                "met": float(chunked["seconds"]) <= 60 and float(chunked["peak_rss_mb"]) <= 4096,
            }
        for c in cases:
            c.pop("national_hectares", None)
        report["cases"] = cases
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
