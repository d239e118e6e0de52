"""The twelve demo puzzles from a demo workspace (``solver.py --demo WORKSPACE``).

One JSON object per run: the run solved serially (``workers=1``) and with ``workers=2``
in the same benchmark, each in its own child process; per province its time, status,
gap and coherence figures (from the run's coherence rows); the total wall time of each
mode and their ratio; the peak RSS of each mode (the largest single process, and the
largest sum over the process tree, sampled every 0.2 s); whether both modes give the
same allocation (SHA-256 of the raster); and, as the peer, HiGHS interior point on the
LP relaxation of one province's Problem (round 0, the problem novex's engine solves
first) against novex's engine on the same Problem.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import threading
import time
from typing import Any


def _tree_rss_sampler(stop: threading.Event, out: dict[str, Any]) -> None:
    """Largest sum of RSS (and of PSS, which counts pages shared with the fork server
    once) over this process and its descendants, and each process's largest RSS (MiB)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is optional here
        return
    me = psutil.Process()
    peak = peak_pss = 0.0
    own: dict[int, float] = {}
    role: dict[int, str] = {}
    t0 = time.perf_counter()
    series: list[tuple[float, float]] = []
    while not stop.is_set():
        total = pss = 0
        for p in [me, *me.children(recursive=True)]:
            try:
                rss = p.memory_info().rss
                if p.pid not in role:
                    cmd = " ".join(p.cmdline())
                    role[p.pid] = ("caller" if p.pid == me.pid else
                                   "fork server" if "forkserver" in cmd and p.ppid() == me.pid
                                   else "worker")  # fmt: skip
                total += rss
                own[p.pid] = max(own.get(p.pid, 0.0), rss / 2**20)
                pss += p.memory_full_info().pss
            except psutil.Error:
                pass
        peak = max(peak, total / 2**20)
        peak_pss = max(peak_pss, pss / 2**20)
        t = time.perf_counter() - t0
        if not series or t - series[-1][0] >= 10.0:
            series.append((round(t, 1), round(total / 2**20)))
        stop.wait(0.5)
    out["tree_peak_rss_mb"] = round(peak, 1)
    out["tree_peak_pss_mb"] = round(peak_pss, 1)
    by_role: dict[str, float] = {}
    for pid, mb in own.items():
        by_role[role.get(pid, "?")] = max(by_role.get(role.get(pid, "?"), 0.0), mb)
    out["process_peak_rss_mb"] = {k: round(v, 1) for k, v in sorted(by_role.items())}
    out["tree_rss_series_mb"] = series


def demo_run_case(workspace: str, workers: int, out: mp.Queue) -> None:
    """Solve the demo spec on ``workspace`` with ``workers``; put the figures on ``out``."""
    from novex.puzzle.runner import solve_spec

    stop = threading.Event()
    tree: dict[str, Any] = {}
    sampler = threading.Thread(target=_tree_rss_sampler, args=(stop, tree), daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    run = solve_spec(workspace, "demo", elastic=True, workers=workers)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    provinces = []
    for pr in run.provinces:
        rows = pr.coherence
        provinces.append(
            {
                "province": pr.province.code,
                "status": str(pr.status),
                "gap": pr.gap,
                "solve_s": round(pr.timings.get("solve", 0.0), 2),
                "assemble_s": round(pr.timings.get("assemble", 0.0), 2),
                "consolidate_s": round(pr.timings.get("consolidate", 0.0), 2),
                "patches": sum(r["patches"] for r in rows),
                "tiny_patches": sum(r["tiny_patches"] for r in rows),
                "isolated_cells": sum(r["isolated_cells"] for r in rows),
                "new_cells": sum(r["cells"] for r in rows),
            }
        )
    by_type: dict[str, dict[str, float]] = {}
    for pr in run.provinces:
        for r in pr.coherence:
            t = by_type.setdefault(r["type"], {"cells": 0, "patches": 0, "tiny": 0, "iso": 0})
            t["cells"] += r["cells"]
            t["patches"] += r["patches"]
            t["tiny"] += r["tiny_patches"]
            t["iso"] += r["isolated_cells"]
    coherence = {
        k: {
            "cells": v["cells"],
            "patches": v["patches"],
            "tiny_share": round(v["tiny"] / v["patches"], 4) if v["patches"] else 0.0,
            "isolated_share": round(v["iso"] / v["cells"], 5) if v["cells"] else 0.0,
        }
        for k, v in sorted(by_type.items())
    }
    out.put(
        {
            "workers": workers,
            "wall_s": round(wall, 2),
            "assemble_plan_s": round(run.timings.get("assemble", 0.0), 2),
            "solve_s": round(run.timings.get("solve", 0.0), 2),
            "allocation_sha256": hashlib.sha256(run.allocation.tobytes()).hexdigest()[:16],
            "max_gap": max((p["gap"] for p in provinces if p["gap"] is not None), default=None),
            "statuses": sorted({p["status"] for p in provinces}),
            "provinces": provinces,
            "coherence_by_type": coherence,
            **tree,
        }
    )


def demo_peer_case(workspace: str, province: str, limit: float, out: mp.Queue) -> None:
    """Novex's engine and HiGHS IPM on the LP relaxation of one province's Problem."""
    import highspy
    import numpy as np
    import scipy.sparse as sp

    from novex.layers import Workspace
    from novex.puzzle.assemble import assemble
    from novex.puzzle.engine.restricted import new_highs
    from novex.puzzle.spec import load_spec

    asm = assemble(Workspace.open(workspace), load_spec("demo"), province)
    code = asm.codes[0]
    problem = asm.problem(code)
    t0 = time.perf_counter()
    sol = problem.solve(elastic=True)
    novex_s = time.perf_counter() - t0
    s = np.asarray(problem.suitability)
    n_cells, _ = s.shape
    allowed = np.ones(s.shape, bool) if problem.allowed is None else np.asarray(problem.allowed)
    area = np.broadcast_to(np.asarray(problem.cell_area, dtype=np.float64), (n_cells,))
    c = np.asarray(problem.contributions)
    ii, tt = np.nonzero(allowed)
    nv = ii.shape[0]
    rows = [sp.csr_matrix((np.ones(nv), (ii, np.arange(nv))), shape=(n_cells, nv))]
    r_idx, v_idx, val = [], [], []
    for f in range(c.shape[1]):
        w = c[tt, f] * area[ii]
        nz = np.flatnonzero(w)
        r_idx.append(np.full(nz.shape[0], f))
        v_idx.append(nz)
        val.append(w[nz])
    rows.append(
        sp.csr_matrix(
            (np.concatenate(val), (np.concatenate(r_idx), np.concatenate(v_idx))),
            shape=(c.shape[1], nv),
        )
    )
    a = sp.vstack(rows).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = nv, a.shape[0]
    lp.col_cost_ = -(s[ii, tt].astype(np.float64) * area[ii])
    lp.col_lower_ = np.zeros(nv)
    lp.col_upper_ = np.ones(nv)
    lo = np.asarray(problem.demand_min, dtype=np.float64)[0]
    hi = np.asarray(problem.demand_max, dtype=np.float64)[0]
    lp.row_lower_ = np.concatenate([np.ones(n_cells), lo])
    lp.row_upper_ = np.concatenate(
        [np.ones(n_cells), np.where(np.isfinite(hi), hi, highspy.kHighsInf)]
    )
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    h = new_highs()
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.setOptionValue("time_limit", float(limit))
    h.passModel(lp)
    t0 = time.perf_counter()
    h.run()
    highs_s = time.perf_counter() - t0
    status = h.modelStatusToString(h.getModelStatus())
    obj = -h.getInfo().objective_function_value
    out.put(
        {
            "province": code,
            "n_cells": int(n_cells),
            "n_pairs": int(nv),
            "novex_round0_s": round(novex_s, 3),
            "novex_objective": float(sol.objective),
            "novex_dual_bound": float(sol.dual_bound),
            "novex_gap": float(sol.gap),
            "novex_status": str(sol.status),
            "highs_s": round(highs_s, 3),
            "highs_status": status,
            "highs_objective": obj,
            "bound_vs_highs_rel": (float(sol.dual_bound) - obj) / abs(obj) if obj else None,
            "ratio_vs_highs": round(highs_s / novex_s, 1) if novex_s > 0 else None,
        }
    )


def demo_case(
    run_child: Any,
    workspace: str,
    peer_province: str | None,
    limit: float,
    workers: tuple[int, ...] = (1, 2),
) -> dict[str, Any]:
    """The demo case: serial, workers=2 and the HiGHS peer, each in a child process."""
    from novex.layers import Workspace

    res: dict[str, Any] = {"case": "demo", "workspace": workspace,
                           "resolution_m": Workspace.open(workspace).grid.resolution}  # fmt: skip
    res["load_before"] = os.getloadavg()
    for n in workers:
        res["serial" if n == 1 else f"workers{n}"] = run_child(demo_run_case, (workspace, n), limit)
    res["load_after_runs"] = os.getloadavg()
    a, b = res.get("serial", {}), res.get("workers2", {})
    if "wall_s" in a and "wall_s" in b:
        res["speedup_workers2"] = round(a["wall_s"] / b["wall_s"], 2)
        res["same_allocation"] = a["allocation_sha256"] == b["allocation_sha256"]
    if peer_province:
        res["peer"] = run_child(demo_peer_case, (workspace, peer_province, limit), limit + 60)
    res["load_after"] = os.getloadavg()
    return res
