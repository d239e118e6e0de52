"""Run a puzzle spec on a workspace: :func:`solve_spec` and its result :class:`PuzzleRun`.

Each province is its own problem (the claims of the startpakket are per province), so
one province that cannot fit its claims in strict mode does not stop the others: it is
reported with its conflicting claims. Provinces that share a national claim solved
jointly (``split = "joint"``) are one problem (:mod:`novex.puzzle.joint`); the others
stay separate.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.areas import add_areas
from novex.puzzle.assemble import Assembly, assemble
from novex.puzzle.coherence import (
    add_before,
    grid_neighbours,
    province_figures,
)
from novex.puzzle.consolidate import consolidate_solution
from novex.puzzle.engine.solution import SolveStatus
from novex.puzzle.principles import (
    PRINCIPLES,
    coherence_row,
    neighbour_bonus,
    principle_table,
)
from novex.puzzle.runs import ProvinceRun, PuzzleRun
from novex.puzzle.spec import PuzzleSpec, load_spec
from novex.puzzle.tables import add_housing, claim_rows, rule_rows
from novex.puzzle.tiers import tier_table

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.engine.solution import Solution

__all__ = ["ProvinceRun", "PuzzleRun", "solve_spec"]  # the run types live in runs.py

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]
"""``progress(province_code, done, total)``, called after each province."""


MIN_CELLS_PER_WORKER = 100_000
"""Without an explicit ``workers``, a run starts one worker process per this many cells
at most (a small run is solved in this process: starting workers would cost more)."""


# -- per-province reporting -----------------------------------------------------------------
def _solve(
    asm: Assembly,
    code: str,
    elastic: bool,
    on: frozenset[str] | None = None,
    neighbours: NDArray[np.int32] | None = None,
) -> tuple[Solution, Solution | None, float | None]:
    """Solve province ``code`` with coherent ties and, when the spec switches it on, the
    ``samenhang`` rounds; returns the final solution, round 0's (None without samenhang)
    and the final map's value under round 0's suitability (None when rounds rewrote it).

    The problem takes the province's base suitability (``take``): one (N, T) float32
    array is in memory while it is solved, not the base beside the composed copy.
    """
    problem = asm.problem(code, on, take=True)
    sol = problem.solve(elastic=elastic, neighbours=neighbours)
    coh = asm.spec.principles.samenhang
    if not coh.enabled or neighbours is None:
        return sol, None, None
    first = sol
    part = asm.parts[code]
    shape = asm.workspace.grid.shape
    new = np.array([t.keep is None for t in asm.types])
    last = problem
    s = problem.suitability  # each round rewrites it in place: one copy in memory
    for _ in range(coh.rounds):
        s = asm.suitability(code, on, out=np.asarray(s, dtype=np.float32))
        neighbour_bonus(
            s,
            np.asarray(sol.assignment),
            part.cells,
            (int(shape[0]), int(shape[1])),
            new,
            coh.weight,
            coh.radius,
        )
        last = replace(problem, suitability=s)
        sol = last.solve(
            elastic=elastic, neighbours=neighbours, start_prices=np.asarray(sol.prices)
        )
    if coh.consolidate:
        sol = consolidate_solution(
            last, sol, neighbours, new, budget=coh.budget, keep_status=coh.keep_status,
            claim_room=coh.claim_room,
        )  # fmt: skip
    plain = None
    if coh.rounds == 0:  # the suitability is still round 0's: no need to compose it again
        plain = _value(problem.suitability, np.asarray(sol.assignment), asm.cell_area)
    return sol, first, plain


def _value(s: NDArray[np.floating], assignment: NDArray[np.integer], cell_area: float) -> float:
    value = s[np.arange(s.shape[0]), assignment].astype(np.float64)
    return float(value.sum() * cell_area)


def _plain_value(
    asm: Assembly, code: str, on: frozenset[str] | None, assignment: NDArray[np.integer]
) -> float:
    """The value of ``assignment`` under the suitability without ``samenhang``."""
    return _value(asm.suitability(code, on), assignment, asm.cell_area)


def solve_province(
    asm: Assembly, code: str, *, elastic: bool = True, compare_principles: bool = False
) -> tuple[ProvinceRun, NDArray[np.integer] | None]:
    """Solve one assembled province; returns its result and the assignment (or None)."""
    part = asm.parts[code]
    t0 = time.perf_counter()
    rules = rule_rows(asm, code)
    run = ProvinceRun(
        province=part.province, status=SolveStatus.INFEASIBLE, elastic=elastic, rules=rules
    )
    shape = asm.workspace.grid.shape
    neighbours = grid_neighbours(part.cells, (int(shape[0]), int(shape[1])))
    try:
        sol, first, plain = _solve(asm, code, elastic, None, neighbours)
    except InfeasibleClaimsError as err:
        run.conflicts = list(err.conflicts) if isinstance(err.conflicts, list) else []
        run.claims = claim_rows(asm, code, np.zeros(len(asm.functions)), None, rules, False)
        run.timings["solve"] = time.perf_counter() - t0
        log.info("%s: claims do not fit (strict): %s", code, err)
        return run, None
    run.timings["solve"] = time.perf_counter() - t0
    assign = np.asarray(sol.assignment)
    run.status = sol.status
    run.objective, run.dual_bound, run.gap = (
        float(sol.objective),
        float(sol.dual_bound),
        float(sol.gap),
    )
    run.passes = float(sol.passes)

    def solve_without(on: frozenset[str]) -> NDArray[np.integer]:
        return np.asarray(_solve(asm, code, elastic, on, neighbours)[0].assignment)

    finish_run(
        asm, code, run, assign, np.asarray(sol.prices), solve_without, compare_principles, first,
        sol.info.get("consolidation"), plain,
    )  # fmt: skip
    return run, assign


def finish_run(
    asm: Assembly,
    code: str,
    run: ProvinceRun,
    assign: NDArray[np.integer],
    prices: NDArray[np.float64],
    solve_without: Callable[[frozenset[str]], NDArray[np.integer]],
    compare_principles: bool,
    first: Solution | None = None,
    consolidation: dict[str, Any] | None = None,
    plain: float | None = None,
) -> None:
    """Claims, tiers, coherence and principle tables of a solved province (alone or jointly).

    ``first`` is the solve before ``samenhang`` (None when it is off),
    ``consolidation`` what its consolidation pass did (``Solution.info``) and ``plain``
    the value of ``assign`` under the suitability without ``samenhang`` (None: composed
    here).
    """
    part = asm.parts[code]
    shape = asm.workspace.grid.shape
    rules = run.rules
    totals = asm.contributions[assign].sum(axis=0) * asm.cell_area
    run.claims = claim_rows(asm, code, totals, prices, rules, True)
    keep = np.array([t.keep is not None for t in asm.types])
    run.tiers = [
        {"region": code, **row}
        for row in tier_table(
            part.tier, assign, asm.contributions, asm.functions, asm.spec.tiers.functions,
            keep, asm.cell_area,
        )
    ] if asm.spec.tiers.enabled else []  # fmt: skip
    add_housing(run, asm, code, assign, keep)
    add_areas(run, asm, code, assign)
    multi = np.array([t.concept for t in asm.types])
    new = [t.keep is None for t in asm.types]
    ids = asm.type_ids

    def figures(assignment: NDArray[np.integer]) -> list[dict[str, Any]]:
        return province_figures(
            part.cells, assignment, (int(shape[0]), int(shape[1])), ids, new, asm.cell_area
        )

    run.coherence = [{"region": code, **row} for row in figures(assign)]
    enabled = asm.enabled_principles()
    t1 = time.perf_counter()
    for key in PRINCIPLES:
        off = None
        note = ""
        if key in enabled and compare_principles:
            if key == "afwenteling" and part.principle_terms.penalty is None:
                note = "geen strafraster opgegeven: de term is nul / no penalty raster supplied"
                off = assign
            else:
                try:
                    off = solve_without(enabled - {key})
                except InfeasibleClaimsError:
                    note = "zonder dit principe passen de claims niet / infeasible without it"
        run.principles.append(
            {
                "region": code,
                **principle_table(
                    key, key in enabled, assign if off is not None else None, off,
                    asm.contributions, asm.functions, multi, asm.cell_area, note=note,
                ),
            }
        )  # fmt: skip
    coh = asm.spec.principles.samenhang
    first_assign = None if first is None else np.asarray(first.assignment)
    given_up = None
    if first is not None:
        if plain is None:
            plain = _plain_value(asm, code, None, assign)
        given_up = float(first.objective) - plain
    before = figures(first_assign) if first_assign is not None else []
    pass_info = consolidation if first is not None else None
    add_before(run.coherence, before, pass_info)
    if pass_info is not None:
        run.timings["consolidate"] = pass_info["seconds"]
    run.principles.append(
        {
            "region": code,
            **coherence_row(
                coh.enabled,
                assign if first_assign is not None else None,
                first_assign,
                run.coherence,
                before,
                asm.cell_area,
                weight=coh.weight,
                rounds=coh.rounds,
                given_up=given_up,
                consolidation=pass_info,
            ),
        }
    )
    if compare_principles:
        run.timings["principles"] = time.perf_counter() - t1


def _large(ws: Workspace) -> bool:
    """Whether the grid of ``ws`` has cells enough for two workers (an upper bound on the
    puzzle's cells: :data:`MIN_CELLS_PER_WORKER` each)."""
    rows, cols = ws.grid.shape
    return int(rows) * int(cols) >= 2 * MIN_CELLS_PER_WORKER


def _report(
    code: str, run: ProvinceRun, done: int, total: int, progress: ProgressCallback | None
) -> None:
    log.info("%s: %s, gap %s", code, run.status, run.gap)
    if progress is not None:
        progress(code, done, total)


def solve_spec(
    workspace: Workspace | str | os.PathLike[str],
    spec: PuzzleSpec | str | os.PathLike[str] = "demo",
    province: str | None = None,
    *,
    elastic: bool = True,
    compare_principles: bool = False,
    penalty: NDArray[np.floating] | None = None,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    memory_mb: float | None = None,
) -> PuzzleRun:
    """Set up and solve the puzzle of ``spec`` on ``workspace``, per province.

    Each province's arrays are built from its window of the workspace when it is
    solved and dropped afterwards (:mod:`novex.puzzle.parallel`), so memory holds one
    province per worker, not the whole grid.

    Parameters
    ----------
    workspace : Workspace or path
        The workspace (a folder with ``workspace.json``).
    spec : PuzzleSpec, path or ``"demo"``
        The puzzle spec; ``"demo"`` is the packaged spec for the demo workspace.
    province : str, optional
        Code, name or id of one province; default all twelve.
    elastic : bool
        True (default): claims that cannot all be met fall short, highest priority
        served first. False: a province whose claims cannot all fit is reported with
        its conflicting claims and left unallocated.
    compare_principles : bool
        Also solve each province once with each switched-on weighing principle
        switched off, to report what it changed in hectares.
    penalty : numpy.ndarray, optional
        Grid-shaped 0..1 raster for "afwenteling voorkomen" (cells that fail a later
        horizon's rules).
    progress : callable, optional
        ``progress(code, done, total)`` after each province (in the order they finish).
    workers : int, optional
        Worker processes solving provinces at the same time; default the setting
        ``NOVEX_WORKERS`` (the number of cores), at most one per
        :data:`MIN_CELLS_PER_WORKER` cells. 1 solves them one after another in this
        process. The run is the same either way, byte for byte in every output
        but the timings. Provinces that share a jointly solved national claim are one
        problem and are solved in this process.
    memory_mb : float, optional
        With workers: the memory (MiB) the provinces solved at the same time may take
        together, by :func:`novex.puzzle.parallel.province_memory_mb`; a province that
        does not fit waits. Default the setting ``NOVEX_MEMORY_MB``.

    Returns
    -------
    PuzzleRun

    Raises
    ------
    SpecError
        On a bad spec, a layer or table the workspace lacks, an unknown province, or
        bad claims. Nothing is solved or written then.
    ValueError
        When ``workers`` is below 1.
    """
    from novex.layers import Workspace
    from novex.puzzle.parallel import solve_provinces, start_server
    from novex.settings import get_settings

    settings = get_settings()
    n_workers = settings.workers if workers is None else int(workers)
    budget = float(settings.memory_mb if memory_mb is None else memory_mb)
    if n_workers < 1:
        raise ValueError(f"Invalid workers={workers!r}: use 1 (serial) or more processes.")
    if mp.current_process().daemon:  # a daemonic process may not start workers
        n_workers = 1
    t0 = time.perf_counter()
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    if n_workers > 1 and province is None and (workers is not None or _large(ws)):
        start_server()  # the workers' fork server warms up while the run is planned
    sp = spec if isinstance(spec, PuzzleSpec) else load_spec(spec)
    asm = assemble(ws, sp, province, penalty=penalty, load=False)
    timings = {"assemble": time.perf_counter() - t0}
    allocation = np.zeros(ws.grid.shape, dtype=np.uint8)
    codes = asm.codes
    t1 = time.perf_counter()
    done: dict[str, ProvinceRun] = {}
    national_rows: list[dict[str, Any]] = []
    if asm.joint_claims():  # provinces sharing a national claim are one problem
        from novex.puzzle.joint import solve_joint

        for code in codes:
            asm.load(code)
        joint, national_rows = solve_joint(
            asm, elastic=elastic, compare_principles=compare_principles
        )
        for code, (run, assign) in joint.items():
            if assign is not None:
                allocation.reshape(-1)[asm.parts[code].cells] = (assign + 1).astype(np.uint8)
            done[code] = run
            _report(code, run, len(done), len(codes), progress)
        for code in codes:
            asm.release(code)
    todo = [c for c in codes if c not in done]
    if workers is None:  # the setting's default: no processes for a small run
        cells = sum(asm.cell_counts[c] for c in todo)
        n_workers = min(n_workers, max(1, cells // MIN_CELLS_PER_WORKER))
    for code, res in solve_provinces(asm, todo, elastic=elastic,
                                     compare_principles=compare_principles, workers=n_workers,
                                     memory_mb=budget):  # fmt: skip
        res.paint(allocation)
        done[code] = res.run
        _report(code, res.run, len(done), len(codes), progress)
    runs = [done[c] for c in codes]
    timings["solve"] = time.perf_counter() - t1
    timings["workers"] = float(min(n_workers, max(1, len(todo))))
    national = national_rows
    for nat in asm.national:
        if nat["split"] == "joint":
            continue
        j = asm.functions.index(nat["function"])
        parts = {
            r.province.code: next((c for c in r.claims if c["function"] == nat["function"]), None)
            for r in runs
        }
        national.append({**nat, "demand_max": nat["demand_max"] if np.isfinite(nat["demand_max"]) else None,
                         "function_index": j,
                         "province_totals_ha": {k: (v["total_ha"] if v else 0.0) for k, v in parts.items()}})  # fmt: skip
    timings["total"] = time.perf_counter() - t0
    return PuzzleRun(
        spec=sp,
        workspace=ws,
        types=asm.types,
        functions=asm.functions,
        allocation=allocation,
        provinces=runs,
        national=national,
        elastic=elastic,
        timings=timings,
    )
