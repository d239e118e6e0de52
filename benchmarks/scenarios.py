"""Benchmark: one scenario batch serially in one process vs on a 2-worker Dask LocalCluster.

Usage::

    python benchmarks/scenarios.py [--workspace DEMO250] [--province Limburg]
                                   [--workers 2] [--no-threaded] [--synthetic SIZE]
                                   [--dask-defaults] [--no-hardware] [--quick]

0. unless ``--no-hardware``: STREAM-like kernels (a Python loop, copy and triad on
   160 MB arrays, the triad in L2) in one process alone and in two at once: how far the
   machine itself lets two processes scale (``hardware`` in the JSON);

1. *prepare*: by default the 250 m demo workspace (built, ~12 s, or ``--workspace``)
   and the packaged demo set's settings (afwenteling on vs off, the consolidation pass)
   for all twelve provinces (one whole scenario per task, 10-20 s each; ``--province``
   solves one province per task instead) at ``--horizons`` (2030) x both climate
   variants x 15 demand variants (the trend, and each of the startpakket's seven
   functions at 95 and 90 %): 30 scenarios of similar size, each two puzzle runs
   (afwenteling on, and off for the comparison), the protocol's 60 puzzle runs at 250 m
   (``--quick``: 8 scenarios). ``--synthetic SIZE`` writes instead a
   synthetic demo-like workspace of two provinces on SIZE x SIZE cells (urban core, a
   flood-prone half, a peat band) and 3 horizons x 2 climate x 2 demand variants (tasks
   of about a CPU second each: too small to show a speed-up; a quick check);
   ``--spec`` runs any spec on ``--workspace``;
2. runs the batch three times, each into its own folder:

   - ``serial``: ``workers=0, threads=1``, one process on one engine thread (numba
     kernels, the regions' LPs): the peer of one worker;
   - ``cluster``: a ``LocalCluster`` of ``--workers`` processes, one thread each, the
     engine on one thread per task (``NUMBA_NUM_THREADS=1`` etc. in the workers), the
     tasks submitted longest first by the serial run's times (as in a rerun of a batch
     folder with ``--force``);
   - ``cluster_dask_defaults`` (with ``--dask-defaults``): the same with Dask's default
     worker environment (``MALLOC_TRIM_THRESHOLD_=65536``) and settings (the profiler,
     the monitors), what novex used before 2026-11-29 (see ``novex.scenarios.cluster``);
   - ``serial_threaded`` (unless ``--no-threaded``): ``workers=0`` with the engine's
     default threads (up to the machine's cores), what one process gets alone;

   The benchmark process sets ``OMP/OPENBLAS/MKL_NUM_THREADS=1`` (unless set) before
   numpy loads, as Dask does in its workers, so every mode runs the same per-task
   threads; each mode's JSON states its ``environment`` and the engine threads its tasks
   had (``engine_threads_in_tasks``);
3. checks the runs wrote the same allocation rasters and prints one JSON document:
   seconds per mode, CPU seconds (cores actually used), the speed-up serial/cluster
   (the target's figure) and serial_threaded/cluster, the peak RSS per worker process
   (MB), and whether the results are identical.

Target (issue 14): speed-up >= 1.8 with 2 workers. Measure on an idle machine: with
other jobs on the cores, two workers cannot get two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

# Like a Dask worker (distributed's nanny sets these): BLAS/OpenMP pools of one thread, so
# the serial peer and each worker run the same per-task threads. Set before numpy loads.
BLAS_ENV = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
for _key in BLAS_ENV:
    os.environ.setdefault(_key, "1")

import numpy as np  # noqa: E402

PUZZLE = textwrap.dedent(
    """
    [puzzle]
    name = "bench"
    [types]
    functions = ["wonen", "werken", "energie", "natuur", "landbouw", "water"]
    concepts = ["A1", "C2"]
    [current]
    layer = "land_use"
    classes = { 1 = "bebouwd", 2 = "landbouw", 3 = "natuur" }
    same_as = { landbouw = "landbouw", natuur = "natuur" }
    conversion_cost = { bebouwd = 0.2, landbouw = 0.1, natuur = 0.6 }
    [current.transitions]
    natuur = ["water"]
    bebouwd = []
    [[suitability.terms]]
    layer = "ov_distance"
    transform = "decay"
    scale = 40000
    weight = 0.2
    functions = ["wonen", "werken"]
    [[rules]]
    id = "geen-bouwen-diepe-overstroming"
    layer = "flood_depth"
    op = "gt"
    value = 2.0
    functions = ["wonen", "werken"]
    exempt_classes = ["bebouwd"]
    [[rules]]
    id = "veen-blijft-nat"
    layer = "soil"
    op = "eq"
    value = 1
    functions = ["wonen", "werken"]
    exempt_classes = ["bebouwd"]
    [tiers]
    adjoin_distance = 500
    ov_distance = 100000
    """
)

SCENARIOS = textwrap.dedent(
    """
    [scenarios]
    name = "bench"
    puzzle = "puzzel.toml"
    compare_principles = false
    [grid]
    horizon = [2030, 2050, 2100]
    climate = ["matig", "snel"]
    demand = ["basis", "hoog"]
    [demand.hoog]
    factors = { wonen = 1.1 }
    [climate.matig]
    sea_level_m = { 2030 = 0.05, 2050 = 0.15, 2100 = 0.45, 2130 = 0.6 }
    subsidence_m = { 2030 = 0.05, 2050 = 0.15, 2100 = 0.4, 2130 = 0.5 }
    peat_buffer_m = { 2050 = 250, 2100 = 500, 2130 = 500 }
    [climate.snel]
    sea_level_m = { 2030 = 0.07, 2050 = 0.25, 2100 = 1.0, 2130 = 1.7 }
    subsidence_m = { 2030 = 0.08, 2050 = 0.3, 2100 = 0.8, 2130 = 1.0 }
    peat_buffer_m = { 2050 = 500, 2100 = 1000, 2130 = 1500 }
    [afwenteling]
    horizon = 2130
    """
)


def prepare(folder: Path, size: int) -> tuple[Path, Path]:
    """Write the synthetic workspace and the batch spec; return their paths."""
    from novex.grid import GridSpec
    from novex.layers import LayerSpec, Workspace

    x0, y1 = 120_000.0, 470_000.0
    grid = GridSpec(250, (x0, y1 - size * 250.0, x0 + size * 250.0, y1))
    h, w = grid.shape
    half = w // 2
    rows, cols = np.indices((h, w), dtype=np.float32)
    province = np.where(cols < half, 7, 6).astype(np.uint8)
    land_use = np.full((h, w), 2, np.uint8)
    urban_rows = max(2, h // 8)
    land_use[:urban_rows, :half] = 1
    land_use[h - h // 10 :, :] = 3
    urban = (land_use == 1).astype(np.uint8)
    flood = np.where((cols < half // 2) & (rows >= urban_rows), 1.2 + 0.8 * (rows / h), 0.0)
    soil = np.full((h, w), 2, np.uint8)
    soil[(rows.astype(int) % 12) == 6] = 1
    soil[:, half + half // 2 :] = 3
    arrays = {
        "province": province,
        "land_use": land_use,
        "urban": urban,
        "transformation": urban,
        "elevation": (1.0 - 2.0 * (cols < half // 2)).astype(np.float32),
        "soil": soil,
        "flood_depth": flood.astype(np.float32),
        "ov_distance": (1000.0 * rows + 50.0 * cols).astype(np.float32),
    }
    ws = Workspace.create(folder / "ws", grid, name="bench-scenarios")
    for name, arr in arrays.items():
        spec = LayerSpec.create(
            name=name, kind="physical", title_nl=name, title_en=name, units="class",
            source="benchmarks/scenarios.py: synthetic", synthetic=True,
        )  # fmt: skip
        ws.write_layer(spec, arr)
    ws.write_json_table(
        "provinces",
        [
            {"id": 7, "code": "NL-UT", "name_nl": "Utrecht", "name_en": "Utrecht"},
            {"id": 6, "code": "NL-GE", "name_nl": "Gelderland", "name_en": "Gelderland"},
        ],
    )
    cells = h * half * 6.25
    claims = [
        {"province": "NL-UT", "function": "wonen", "min_ha": 0.06 * cells, "priority": 1},
        {"province": "NL-UT", "function": "natuur", "min_ha": 0.02 * cells, "priority": 2},
        {"province": "NL-GE", "function": "energie", "min_ha": 0.05 * cells, "priority": 2},
        {"province": "NL-GE", "function": "wonen", "min_ha": 0.03 * cells, "priority": 1},
    ]
    ws.write_json_table("startpakket", {"claims": claims})
    ws.save()
    (folder / "puzzel.toml").write_text(PUZZLE, encoding="utf-8")
    spec = folder / "scenarios.toml"
    spec.write_text(SCENARIOS, encoding="utf-8")
    return folder / "ws", spec


DEMAND_FUNCTIONS = ("wonen", "werken", "energie", "natuur", "landbouw", "water", "defensie")
"""The functions of the demo startpakket: each gets two demand variants (5 and 10 % less)."""


def demand_variants(quick: bool) -> dict[str, dict[str, float]]:
    """The demand variants besides the trend: ``{name: {function: factor}}``.

    The protocol's batch (``docs/performance.md``): every function of the startpakket at
    0.95 and 0.9, 14 variants; with the trend and two climate variants 30 scenarios of
    two puzzle runs each (afwenteling on, and off for the comparison): 60 puzzle runs at
    250 m. ``quick``: wonen, werken and natuur at 0.95 only (8 scenarios).
    """
    if quick:
        return {f"{f}95": {f: 0.95} for f in ("wonen", "werken", "natuur")}
    return {f"{f}{pct}": {f: pct / 100} for f in DEMAND_FUNCTIONS for pct in (95, 90)}


def prepare_demo(
    folder: Path, workspace: Path | None, province: str, horizons: list[int], quick: bool
) -> tuple[Path, Path]:
    """The 250 m demo workspace (built unless given) and the demo set for the benchmark.

    The packaged demo set's settings (afwenteling on vs off, the consolidation pass) for
    ``horizons`` x both climate variants x the trend and :func:`demand_variants`, of
    every province or of ``province`` only: tasks of similar size.
    """
    if workspace is None:
        from novex.demo import build_demo_workspace

        workspace = folder / "demo-250m"
        build_demo_workspace(workspace, 250)
    demo = Path(__file__).resolve().parents[1] / "src/novex/scenarios/data/demo.toml"
    text = demo.read_text(encoding="utf-8")
    if province:  # else every province: tasks of a whole scenario each
        text = text.replace("[scenarios]\n", f'[scenarios]\nprovince = "{province}"\n', 1)
    text = text.replace("horizon = [2030, 2050, 2100]", f"horizon = {horizons}")
    variants = demand_variants(quick)
    text = text.replace('demand = ["trend"]', f"demand = {['trend', *variants]}".replace("'", '"'))
    for name, factors in variants.items():
        pairs = ", ".join(f"{f} = {v}" for f, v in factors.items())
        text += f"\n[demand.{name}]\nfactors = {{ {pairs} }}\n"
    spec = folder / "scenarios.toml"
    spec.write_text(text, encoding="utf-8")
    return workspace, spec


# -- the hardware: does the work of one process scale to two? ------------------------------
def _python_loop() -> float:
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return float(total)


def _triad(n: int, reps: int) -> float:
    a, b, c = np.ones(n), np.ones(n), np.empty(n)
    for _ in range(reps):
        np.multiply(b, 3.0, out=c)
        np.add(c, a, out=c)
    return float(c[0])


def _copy(n: int, reps: int) -> float:
    a, c = np.ones(n), np.empty(n)
    for _ in range(reps):
        np.copyto(c, a)
    return float(c[0])


KERNELS = {
    "python_loop": (_python_loop, ()),
    "stream_copy_160MB": (_copy, (20_000_000, 20)),
    "stream_triad_160MB": (_triad, (20_000_000, 10)),
    "triad_in_cache_800kB": (_triad, (100_000, 4000)),
}
"""STREAM-like kernels: a CPU-bound Python loop, memory-bound copy and triad on arrays
far larger than the caches, and the triad on arrays that fit in L2."""


def _timed(name: str) -> tuple[float, float]:
    fn, args = KERNELS[name]
    t, c = time.perf_counter(), time.process_time()
    fn(*args)
    return time.perf_counter() - t, time.process_time() - c


def hardware(repeats: int = 2) -> dict[str, object]:
    """Each kernel in one process alone, then in two processes at once.

    ``scaling`` = 2 x (seconds alone) / (seconds of the slower of the two at once): 2.0
    when two processes do twice the work in the same time, 1.0 when they share one core's
    worth. ``cpu_ratio`` = CPU seconds at once / alone: above 1 when the two slow each
    other down on the chip (caches, memory bandwidth) rather than by waiting for a core.
    """
    from multiprocessing import get_context

    out: dict[str, object] = {}
    with get_context("spawn").Pool(2) as pool:
        pool.map(_timed, ["python_loop"] * 2)  # both processes started and warm
        for name in KERNELS:
            runs = []
            for _ in range(repeats):
                alone = pool.apply(_timed, (name,))
                both = pool.map(_timed, [name, name])
                runs.append(
                    {
                        "alone_s": round(alone[0], 3),
                        "at_once_s": [round(b[0], 3) for b in both],
                        "scaling": round(2 * alone[0] / max(b[0] for b in both), 2),
                        "cpu_ratio": round(max(b[1] for b in both) / alone[1], 2),
                        "load_average": round(os.getloadavg()[0], 2),
                    }
                )
            out[name] = runs
    return out


def _per_process(res: object) -> dict[str, dict[str, float]]:
    per: dict[str, dict[str, float]] = {}
    for o in res.outcomes:  # type: ignore[attr-defined]
        w = per.setdefault(
            o.worker,
            {"tasks": 0, "busy_seconds": 0.0, "cpu_seconds": 0.0, "system_seconds": 0.0,
             "page_faults": 0, "peak_rss_mb": 0.0},
        )  # fmt: skip
        w["tasks"] += 1
        w["busy_seconds"] += o.seconds
        w["cpu_seconds"] += o.cpu_seconds
        w["system_seconds"] += o.system_seconds
        w["page_faults"] += o.page_faults
        w["peak_rss_mb"] = max(w["peak_rss_mb"], o.peak_rss_mb)
    return per


def main() -> None:
    """Run the benchmark and print its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--synthetic", type=int, metavar="SIZE",
        help="A synthetic workspace of SIZE x SIZE cells of 250 m instead of the demo.",
    )  # fmt: skip
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--workspace", type=Path, help="The 250 m demo workspace (default: build one)."
    )
    parser.add_argument(
        "--province", default="",
        help="One demo province to solve per task (default: all twelve, one whole "
        "scenario per task, as `novex scenarios run` does).",
    )  # fmt: skip
    parser.add_argument(
        "--horizons", default="2030",
        help="Comma-separated horizons (default 2030: a 2050 or 2100 scenario of the demo "
        "takes some twenty times as long, see docs/scenarios.md).",
    )  # fmt: skip
    parser.add_argument(
        "--quick", action="store_true",
        help="8 scenarios (16 puzzle runs) instead of the protocol's 30 (60 puzzle runs).",
    )  # fmt: skip
    parser.add_argument("--spec", help="A scenario spec for --workspace instead of the demo's.")
    parser.add_argument(
        "--no-threaded", action="store_true", help="Skip the serial run on default threads."
    )
    parser.add_argument(
        "--dask-defaults", action="store_true",
        help="Also run the cluster with Dask's default worker environment "
        "(MALLOC_TRIM_THRESHOLD_=65536) and settings (profiler, monitors), as novex did "
        "before 2026-11-29.",
    )  # fmt: skip
    parser.add_argument(
        "--no-hardware", action="store_true",
        help="Skip the STREAM-like test of one process against two.",
    )  # fmt: skip
    args = parser.parse_args()

    import novex.scenarios.cluster as scen_cluster
    from novex.scenarios import run_scenarios

    tmp = Path(tempfile.mkdtemp(prefix="novex-bench-scenarios-"))
    try:
        t0 = time.perf_counter()
        if args.synthetic:
            ws, spec = prepare(tmp, args.synthetic)
        elif args.spec:
            ws, spec = args.workspace, args.spec
        else:
            horizons = [int(h) for h in args.horizons.split(",")]
            ws, spec = prepare_demo(tmp, args.workspace, args.province, horizons, args.quick)
        prepare_s = time.perf_counter() - t0
        report: dict[str, object] = {
            "benchmark": "scenarios",
            "prepare_seconds": prepare_s,
            "cpu_count": os.cpu_count(),
            "load_average_before": os.getloadavg(),
        }
        if not args.no_hardware:
            report["hardware"] = hardware()
        results = {}
        modes: list[tuple[str, int, int | None]] = [
            ("serial", 0, 1),
            ("cluster", args.workers, 1),
        ]
        if args.dask_defaults:
            modes.append(("cluster_dask_defaults", args.workers, 1))
        if not args.no_threaded:
            modes.append(("serial_threaded", 0, None))
        unset, quiet = scen_cluster.DASK_UNSET_ENV, scen_cluster.DASK_QUIET_CONFIG
        for mode, workers, threads in modes:
            if workers:  # longest first, by the serial run's times (as a rerun)
                (tmp / mode).mkdir()
                shutil.copy(tmp / "serial" / "scenarios.json", tmp / mode / "scenarios.json")
            defaults = mode == "cluster_dask_defaults"
            scen_cluster.DASK_UNSET_ENV = () if defaults else unset
            scen_cluster.DASK_QUIET_CONFIG = {} if defaults else quiet
            if workers:
                env = {k: "1" for k in scen_cluster.THREAD_ENV}
                if defaults:
                    env["MALLOC_TRIM_THRESHOLD_"] = "65536"
            else:
                env = {k: os.environ.get(k, "") for k in (*BLAS_ENV, "MALLOC_TRIM_THRESHOLD_")}
            t1, c1 = time.perf_counter(), time.process_time()
            res = run_scenarios(spec, ws, tmp / mode, workers=workers, threads=threads, force=True)
            secs, cpu = time.perf_counter() - t1, time.process_time() - c1
            per = _per_process(res)
            results[mode] = res
            task_s = [o.seconds for o in res.outcomes]
            report[mode] = {
                "workers": workers,
                "engine_threads": threads or "default",
                "engine_threads_in_tasks": sorted(
                    {f"numba {o.numba_threads}, LP {o.lp_threads}" for o in res.outcomes}
                ),
                "environment": env,
                "dask_config": (scen_cluster.DASK_QUIET_CONFIG or "Dask's defaults")
                if workers else None,
                "load_average_after": os.getloadavg(),
                "seconds": secs,
                "process_cpu_seconds": cpu if workers == 0 else None,
                "cores_used": (cpu / secs) if workers == 0 else
                sum(w["cpu_seconds"] for w in per.values()) / secs,
                "scenarios": len(res.outcomes),
                "failed": len(res.failed),
                "errors": {o.id: o.error for o in res.failed},
                "task_seconds": sum(task_s),
                "median_task_seconds": float(np.median(task_s)),
                "min_max_task_seconds": [min(task_s), max(task_s)],
                "per_process": per,
                "tasks": [
                    {"id": o.id, "worker": o.worker, "seconds": o.seconds,
                     "cpu_seconds": o.cpu_seconds, "system_seconds": o.system_seconds,
                     "page_faults": o.page_faults}
                    for o in res.outcomes
                ],
                "overhead_seconds": secs - max(w["busy_seconds"] for w in per.values()),
            }  # fmt: skip
        report["load_average_after"] = os.getloadavg()
        serial_s = report["serial"]["seconds"]  # type: ignore[index]
        cluster_s = report["cluster"]["seconds"]  # type: ignore[index]
        report["speedup"] = serial_s / cluster_s
        if "cluster_dask_defaults" in results:
            report["speedup_dask_defaults"] = (
                serial_s / report["cluster_dask_defaults"]["seconds"]  # type: ignore[index]
            )
        if "serial_threaded" in results:
            report["speedup_vs_threaded"] = report["serial_threaded"]["seconds"] / cluster_s  # type: ignore[index]
        report["target_speedup"] = 1.8
        ok = {m: {o.id for o in r.outcomes if o.status == "ok"} for m, r in results.items()}
        differ = sorted(
            f"{other}:{sid}"
            for other in results
            for sid in ok["serial"] & ok[other]
            if (tmp / "serial" / sid / "puzzel" / "allocation.tif").read_bytes()
            != (tmp / other / sid / "puzzel" / "allocation.tif").read_bytes()
        )
        report["differing_allocations"] = differ
        report["identical"] = not differ and all(ids == ok["serial"] for ids in ok.values())
        report["case"] = (
            f"synthetic {args.synthetic} x {args.synthetic}" if args.synthetic
            else f"{ws} {spec if args.spec else 'demo set, ' + args.province}"
        )  # fmt: skip
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
