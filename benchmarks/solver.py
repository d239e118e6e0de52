"""Puzzle solver benchmark (README.md, section 1): novex vs HiGHS IPM and OR-Tools min-cost flow.

Each case runs in its own subprocess (peak RSS from ``RUSAGE_CHILDREN``) and prints one
JSON object on stdout::

    python benchmarks/solver.py --sizes 1e5,1e6,3.4e6 --types 10 --variant multi \
        --peers highs,mcf --seed 0 --time-limit 600

``--variant national`` claims energie once over the 12 provinces (the multi instance with
its per-province energie claims summed into one national claim); HiGHS solves the coupled
LP, and the case also solves the multi instance (the same total split by area) for the
objective both ways. ``--demo WORKSPACE`` solves the twelve demo puzzles serially and with two worker
processes in the same run, with HiGHS on one province's LP relaxation as the peer
(``demo_puzzles.py``). ``--demo-national WORKSPACE`` runs the demo spec on a demo workspace
twice: as built (the 35 TWh onshore energy divided over the provinces by land area in the
startpakket) and with the provinces' energie claims replaced by one joint national claim
of the same total (min and max), and reports the objective both ways, shares and prices.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

HIGHS_MAX_CELLS = 1_000_000
MCF_MAX_CELLS = 3_400_000


def _machine() -> dict[str, object]:
    import numpy as np

    info: dict[str, object] = {"cores": os.cpu_count(), "numpy": np.__version__}
    try:
        from threadpoolctl import threadpool_info

        info["blas_threads"] = [p.get("num_threads") for p in threadpool_info()]
    except ImportError:
        info["blas_threads"] = "threadpoolctl not installed"
    return info


def _novex_case(n: float, n_types: int, variant: str, seed: int, out: mp.Queue) -> None:
    import numpy as np

    from instances import generate
    from novex.puzzle import Problem, dual_bound

    t0 = time.perf_counter()
    inst = generate(n, n_types, variant, seed)
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    problem = Problem.from_arrays(**inst.kwargs())
    load_s = time.perf_counter() - t0
    # compile the kernels outside the timing (a cached numba build in real use)
    small = generate(2e3, n_types, "multi", seed)
    Problem.from_arrays(**small.kwargs()).solve()
    elastic = variant in ("elastic",)
    t0 = time.perf_counter()
    try:
        sol = problem.solve(elastic=elastic)
    except Exception as err:  # infeasible variant: the report is the result
        out.put({"solve_s": time.perf_counter() - t0, "error": type(err).__name__,
                 "message": str(err)[:500], "conflicts": getattr(err, "conflicts", None),
                 "gen_s": gen_s, "load_s": load_s, "n_cells": problem.n_cells})  # fmt: skip
        return
    solve_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    g = dual_bound(problem, sol.prices, national_prices=sol.national_prices)
    verify_s = time.perf_counter() - t0
    n_cells = problem.n_cells
    forbidden_used = int((~inst.allowed[np.arange(n_cells), sol.assignment]).sum())
    extra: dict[str, object] = {}
    if variant == "national":
        extra = _national_report(problem, sol, n, n_types, seed)
    digest = hashlib.sha256(sol.assignment.tobytes()).hexdigest()[:16]
    out.put(
        {
            **extra,
            "assignment_sha256": digest,
            "n_cells": n_cells,
            "gen_s": round(gen_s, 3),
            "load_s": round(load_s, 3),
            "solve_s": round(solve_s, 3),
            "objective": sol.objective,
            "dual_bound": sol.dual_bound,
            "dual_bound_recomputed": g,
            "verify_s": round(verify_s, 3),
            "rel_gap": sol.gap,
            "max_shortfall_ha": float(sol.shortfall.max(initial=0.0)),
            "passes": sol.passes,
            "status": str(sol.status),
            "forbidden_used": forbidden_used,
            "timings": {k: round(v, 3) for k, v in sol.timings.items()},
            "contested_cells": sol.info["contested_cells"],
            # README.md targets: peak RSS <= 2 x the suitability array + 1 GB (MiB here)
            "suitability_mb": round(inst.suitability.nbytes / 2**20, 1),
            "rss_budget_mb": round(2 * inst.suitability.nbytes / 2**20 + 1024, 1),
        }
    )


def _national_report(problem, sol, n: float, n_types: int, seed: int) -> dict[str, object]:
    """Shares and prices of the national claim, and the area split for comparison."""
    from instances import generate
    from novex.puzzle import Problem

    inst = generate(n, n_types, "national", seed)
    f = problem.function_names.index("energie")
    kw = inst.kwargs()
    del kw["national"]
    cap = inst.national_split
    assert cap is not None
    kw["demand_min"] = inst.demand_min.copy()
    kw["demand_min"][:, f] = cap  # type: ignore[index]
    t0 = time.perf_counter()
    split_sol = Problem.from_arrays(**kw).solve()  # type: ignore[arg-type]
    split_s = time.perf_counter() - t0
    return {
        "national_price": float(sol.national_prices[0]),
        "national_min_ha": float(problem.national.lower[0]),
        "national_allocated_ha": float(sol.national_allocated[0]),
        "provinces": [
            {
                "province": row["region"],
                "joint_ha": round(row["allocated_ha"], 1),
                "joint_share": round(row["share"], 4),
                "area_split_ha": float(cap[k]),
                "area_split_price": round(float(split_sol.prices[k, f]), 6),
                "joint_price": round(row["price"], 6),
            }
            for k, row in enumerate(sol.national_parts())
        ],
        "area_split": {
            "objective": split_sol.objective,
            "dual_bound": split_sol.dual_bound,
            "solve_s": round(split_s, 3),
            "status": str(split_sol.status),
        },
        "joint_minus_area_split": sol.objective - split_sol.objective,
        "joint_minus_area_split_bound": sol.dual_bound - split_sol.dual_bound,
    }


def _highs_case(n: float, n_types: int, variant: str, seed: int, limit: float, out: mp.Queue):
    import highspy
    import numpy as np
    import scipy.sparse as sp

    from instances import generate

    inst = generate(n, n_types, variant, seed)
    s, allowed, region, c = inst.suitability, inst.allowed, inst.region, inst.contributions
    ii, tt = np.nonzero(allowed)
    nv = ii.shape[0]
    n_cells = s.shape[0]
    rows = [sp.csr_matrix((np.ones(nv), (ii, np.arange(nv))), shape=(n_cells, nv))]
    r_idx, v_idx, val = [], [], []
    for f in range(c.shape[1]):
        w = c[tt, f]
        nz = np.flatnonzero(w)
        r_idx.append(region[ii[nz]] * c.shape[1] + f)
        v_idx.append(nz)
        val.append(w[nz])
    rows.append(sp.csr_matrix((np.concatenate(val), (np.concatenate(r_idx), np.concatenate(v_idx))),
                              shape=(12 * c.shape[1], nv)))  # fmt: skip
    row_lo = [np.ones(n_cells), inst.demand_min.ravel()]
    if inst.national_energie > 0:  # one row: energie summed over every province
        w = c[tt, 2]
        nz = np.flatnonzero(w)
        rows.append(sp.csr_matrix((w[nz], (np.zeros(nz.shape[0], int), nz)), shape=(1, nv)))
        row_lo.append(np.array([inst.national_energie]))
    a = sp.vstack(rows).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = nv, a.shape[0]
    lp.col_cost_ = -s[ii, tt].astype(np.float64)
    lp.col_lower_ = np.zeros(nv)
    lp.col_upper_ = np.ones(nv)
    lp.row_lower_ = np.concatenate(row_lo)
    lp.row_upper_ = np.concatenate([np.ones(n_cells), np.full(a.shape[0] - n_cells, np.inf)])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = a.indptr, a.indices, a.data
    from novex.puzzle.engine.restricted import new_highs

    h = new_highs()
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.setOptionValue("time_limit", float(limit))
    h.passModel(lp)
    t0 = time.perf_counter()
    h.run()
    dt = time.perf_counter() - t0
    status = h.modelStatusToString(h.getModelStatus())
    out.put({"highs_s": round(dt, 3), "highs_status": status,
             "highs_objective": -h.getInfo().objective_function_value})  # fmt: skip


def _mcf_case(n: float, seed: int, limit: float, out: mp.Queue):
    import numpy as np
    from ortools.graph.python import min_cost_flow

    from instances import generate

    inst = generate(n, 7, "transport", seed)
    s, allowed, region = inst.suitability, inst.allowed, inst.region
    n_cells, n_types = s.shape
    scale = 10**6
    big = 10**9
    ii, tt = np.nonzero(allowed)
    mcf = min_cost_flow.SimpleMinCostFlow()
    claim = n_cells + region[ii].astype(np.int64) * n_types + tt
    mcf.add_arcs_with_capacity_and_unit_cost(
        ii.astype(np.int32), claim.astype(np.int32), np.ones(ii.shape[0], dtype=np.int64),
        -np.round(s[ii, tt].astype(np.float64) * scale).astype(np.int64),
    )  # fmt: skip
    sink = n_cells + 12 * n_types
    nodes = n_cells + np.arange(12 * n_types)
    lo = inst.demand_min.ravel().astype(np.int64)
    mcf.add_arcs_with_capacity_and_unit_cost(nodes, np.full(nodes.shape, sink), lo,
                                             np.full(nodes.shape, -big, dtype=np.int64))  # fmt: skip
    mcf.add_arcs_with_capacity_and_unit_cost(nodes, np.full(nodes.shape, sink),
                                             np.full(nodes.shape, n_cells, dtype=np.int64),
                                             np.zeros(nodes.shape, dtype=np.int64))  # fmt: skip
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_cells] = 1
    supplies[sink] = -n_cells
    mcf.set_nodes_supplies(np.arange(sink + 1), supplies)
    t0 = time.perf_counter()
    st = mcf.solve()
    dt = time.perf_counter() - t0
    obj = -(mcf.optimal_cost() + big * int(lo.sum())) / scale if st == mcf.OPTIMAL else None
    out.put({"mcf_s": round(dt, 3), "mcf_status": int(st), "mcf_objective": obj})


def _demo_national_case(workspace: str, elastic: bool, out: mp.Queue) -> None:
    from novex.layers import Workspace
    from novex.puzzle.runner import solve_spec
    from novex.puzzle.sections import NationalClaim
    from novex.puzzle.spec import load_spec

    ws = Workspace.open(workspace)
    spec = load_spec("demo")
    rows = ws.read_json_table(spec.claims.table)["claims"]
    energie = [r for r in rows if r["function"] == "energie"]
    lo = float(sum(r["min_ha"] for r in energie))
    hi = float(sum(r["max_ha"] for r in energie))
    funcs = tuple(sorted({r["function"] for r in rows} - {"energie"}))
    claim = NationalClaim(id="energie-nl", function="energie", min=lo, max=hi, priority=2)
    joint_spec = spec.model_copy(update={"claims": spec.claims.model_copy(
        update={"functions": funcs, "national": (claim,)})})  # fmt: skip
    res: dict[str, object] = {"workspace": workspace, "elastic": elastic,
                              "energie_min_ha": lo, "energie_max_ha": hi}  # fmt: skip
    split_rows = {}
    for name, sp in (("area_split", spec), ("joint", joint_spec)):
        t0 = time.perf_counter()
        run = solve_spec(ws, sp, elastic=elastic)
        dt = time.perf_counter() - t0
        short = sum(v for pr in run.provinces for _, v in pr.short())
        if name == "joint":
            nat = run.national[0]
            res[name] = {"run_s": round(dt, 2), "objective": nat.get("objective"),
                         "dual_bound": nat.get("dual_bound"), "gap": nat.get("gap"),
                         "status": nat.get("status"), "national_price": nat.get("price"),
                         "allocated_ha": nat.get("allocated_ha"), "shortfall_ha": short,
                         "national_shortfall_ha": nat.get("shortfall_ha")}  # fmt: skip
            res["provinces"] = [
                {"province": p["province"], "joint_ha": round(p["total_ha"], 1),
                 "joint_share": round(p["share"], 4),
                 "capacity_share": round(p["capacity_share"], 4),
                 "joint_price": round(p["price"], 6), **split_rows.get(p["province"], {})}
                for p in nat.get("provinces", [])
            ]  # fmt: skip
        else:
            objective = sum(pr.objective or 0.0 for pr in run.provinces)
            bound = sum(pr.dual_bound or 0.0 for pr in run.provinces)
            res[name] = {"run_s": round(dt, 2), "objective": objective, "dual_bound": bound,
                         "statuses": sorted({pr.status for pr in run.provinces}),
                         "shortfall_ha": short}  # fmt: skip
            for pr in run.provinces:
                c = next((c for c in pr.claims if c["function"] == "energie"), None)
                if c is not None:
                    split_rows[pr.province.code] = {"area_split_ha": round(c["total_ha"], 1),
                                                    "area_split_price": c["price"]}  # fmt: skip
    a, j = res["area_split"], res["joint"]
    if isinstance(a, dict) and isinstance(j, dict) and j.get("objective") is not None:
        res["joint_minus_area_split"] = j["objective"] - a["objective"]
    out.put(res)


def _run(target, args, limit: float) -> dict[str, object]:
    """Run one case in a child process; return its result with the child's peak RSS."""
    ctx = mp.get_context("fork")
    q: mp.Queue = ctx.Queue()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    p.join(limit)
    if p.is_alive():
        p.terminate()
        p.join()
        return {"finished": False, "note": f"did not finish within {limit:.0f} s"}
    res = q.get() if not q.empty() else {"finished": False, "exitcode": p.exitcode}
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    res["peak_rss_mb"] = round(max(after, before) / 1024, 1)
    res["peak_rss_is_max_of_children_so_far"] = after <= before
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e5,1e6,3.4e6")
    ap.add_argument("--types", type=int, default=10)
    ap.add_argument("--variant", default="multi")
    ap.add_argument("--peers", default="highs,mcf")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=600.0)
    ap.add_argument(
        "--demo-national",
        metavar="WORKSPACE",
        default=None,
        help="demo workspace: area split vs a joint national energie claim",
    )
    ap.add_argument("--strict", action="store_true", help="with --demo-national: strict mode")
    ap.add_argument(
        "--demo",
        metavar="WORKSPACE",
        default=None,
        help="demo workspace (100 m, or 25 m): the twelve demo puzzles serial and with workers",
    )
    ap.add_argument("--demo-workers", default="1,2", help="with --demo: worker counts to run")
    ap.add_argument(
        "--demo-peer", default="NL-UT", help="with --demo: province for the HiGHS peer ('' = none)"
    )
    args = ap.parse_args(argv)
    if args.demo:
        from demo_puzzles import demo_case

        case = {"machine": _machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
        workers = tuple(int(x) for x in args.demo_workers.split(",") if x)
        case.update(demo_case(_run, args.demo, args.demo_peer or None, args.time_limit, workers))
        print(json.dumps(case, default=str), flush=True)
        return 0
    if args.demo_national:
        case = {"case": "demo-national", "machine": _machine(), "date": time.strftime("%Y-%m-%d")}
        case.update(_run(_demo_national_case, (args.demo_national, not args.strict),
                         args.time_limit))  # fmt: skip
        print(json.dumps(case, default=str), flush=True)
        return 0
    peers = [p for p in args.peers.split(",") if p]
    highs_times: dict[float, float] = {}
    for size in [float(x) for x in args.sizes.split(",")]:
        case: dict[str, object] = {"n_types": args.types, "variant": args.variant,
                                   "seed": args.seed, "machine": _machine(),
                                   "date": time.strftime("%Y-%m-%d")}  # fmt: skip
        case.update(_run(_novex_case, (size, args.types, args.variant, args.seed),
                         args.time_limit))  # fmt: skip
        solve_s = case.get("solve_s")
        if "rss_budget_mb" in case and "peak_rss_mb" in case:
            case["rss_within_budget"] = case["peak_rss_mb"] <= case["rss_budget_mb"]  # type: ignore[operator]
        if "highs" in peers and args.variant in ("multi", "national"):
            if size <= HIGHS_MAX_CELLS:
                h = _run(_highs_case, (size, args.types, args.variant, args.seed, args.time_limit),
                         args.time_limit + 60)  # fmt: skip
                case["highs"] = h
                if h.get("highs_status") == "Optimal":
                    highs_times[size] = float(h["highs_s"])  # type: ignore[arg-type]
            elif highs_times:
                ref = max(highs_times)
                case["highs"] = {"highs_s": highs_times[ref] * size / ref, "extrapolated": True,
                                 "from_cells": ref}  # fmt: skip
            if "highs" in case and solve_s and "highs_s" in case["highs"]:  # type: ignore[operator]
                case["ratio_vs_highs"] = round(case["highs"]["highs_s"] / solve_s, 1)  # type: ignore[index]
            h_obj = case.get("highs", {}).get("highs_objective")  # type: ignore[attr-defined]
            if h_obj and "dual_bound" in case:  # the LP optimum vs the certified bound
                case["bound_vs_highs_rel"] = (case["dual_bound"] - h_obj) / abs(h_obj)  # type: ignore[operator]
        if "mcf" in peers and args.variant == "transport" and size <= MCF_MAX_CELLS:
            m = _run(_mcf_case, (size, args.seed, args.time_limit), args.time_limit + 60)
            case["mcf"] = m
            if solve_s and "mcf_s" in m:
                case["ratio_vs_mcf"] = round(float(m["mcf_s"]) / float(solve_s), 2)  # type: ignore[arg-type]
        print(json.dumps(case, default=str), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
