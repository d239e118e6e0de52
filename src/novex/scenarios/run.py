"""Run a scenario set: every scenario's puzzles, serially or on dask.distributed.

:func:`plan_scenarios` checks the whole set (scenario spec, puzzle spec per scenario,
the workspace's layers) and hashes each scenario's inputs; nothing runs when something
is wrong. :func:`run_scenarios` then runs each scenario as one task: derive the scenario
workspace (:mod:`novex.scenarios.derive`), the afwenteling penalty from the later
horizon's rules, solve the puzzle, test the allocation under the later rules, and write
the scenario folder atomically::

    OUT/
        scenarios.json            the batch: one row per scenario (status, seconds, error)
        werkruimten/ID/           the scenario workspace (derived layers + references)
        werkruimten/ID.later/     the later horizon's workspace (afwenteling)
        ID/scenario.json          what the scenario is, its input hash, its indicators' inputs
        ID/puzzel/                the puzzle run folder (read with novex.results.open_run)
        ID/afwenteling.json       hectares out of rule at the later horizon per province, function
        ID/afwenteling.tif        1 where the allocation is out of rule at the later horizon

With ``workers=0`` the tasks run one after the other in this process; otherwise on a
``LocalCluster`` of ``workers`` processes (one thread each), or on the scheduler at
``scheduler``. A task that fails is reported in its row; the others finish. A scenario
whose input hash equals the one in its folder is skipped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from novex.errors import SpecError
from novex.layers import Workspace
from novex.puzzle.spec import PuzzleSpec, load_spec
from novex.scenarios.cluster import local_cluster
from novex.scenarios.spec import PRINCIPLE_KEYS, Scenario, ScenarioSet, load_scenarios

__all__ = [
    "SCENARIO_FORMAT",
    "BatchResult",
    "ScenarioOutcome",
    "ScenarioTask",
    "plan_scenarios",
    "run_scenarios",
    "run_task",
]

log = logging.getLogger(__name__)

SCENARIO_FORMAT = "novex-scenario"
SCENARIO_FORMAT_VERSION = 1

ProgressCallback = Callable[[str, str, int, int], None]
"""``progress(scenario_id, status, done, total)`` after each scenario."""


@dataclass(frozen=True)
class ScenarioTask:
    """Everything one scenario needs, picklable for a Dask worker."""

    scenario: Scenario
    scenarios: ScenarioSet
    puzzle: PuzzleSpec
    workspace: str
    out: str
    input_sha256: str
    lang: str = "nl"
    threads: int | None = None
    """Engine threads in the task (numba kernels, the regions' LPs); None: the engine's
    default. A Dask worker runs its task on one."""


@dataclass
class ScenarioOutcome:
    """What happened to one scenario: ``ok``, ``skipped`` or ``failed``."""

    id: str
    status: str
    path: str
    input_sha256: str
    seconds: float = 0.0
    error: str = ""
    worker: str = ""
    peak_rss_mb: float = 0.0
    cpu_seconds: float = 0.0
    """CPU time of the task's process while it ran (all its threads)."""
    system_seconds: float = 0.0
    """The part of ``cpu_seconds`` spent in the kernel (page faults, I/O)."""
    page_faults: int = 0
    """Minor page faults of the task's process while it ran."""
    numba_threads: int = 0
    """Threads of the engine's numba kernels in the task."""
    lp_threads: int = 0
    """Regions whose LPs the engine solves at once in the task (one thread each)."""


@dataclass
class BatchResult:
    """The outcome of :func:`run_scenarios`, one row per scenario in spec order."""

    out: Path
    outcomes: list[ScenarioOutcome] = field(default_factory=list)
    seconds: float = 0.0
    mode: str = "serial"

    @property
    def failed(self) -> list[ScenarioOutcome]:
        """The scenarios that failed."""
        return [o for o in self.outcomes if o.status == "failed"]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "out": str(self.out),
            "mode": self.mode,
            "seconds": self.seconds,
            "scenarios": [asdict(o) for o in self.outcomes],
        }


# -- planning ----------------------------------------------------------------------------
def scenario_puzzle(base: PuzzleSpec, sset: ScenarioSet, sc: Scenario) -> PuzzleSpec:
    """The puzzle spec of one scenario: allowed concepts and principles switched."""
    data = base.model_dump(mode="json")
    allowed = sset.variants("concepts")[sc.concepts].allowed
    if allowed != "all":
        data["types"]["concepts"] = list(allowed)
    flags = sset.variants("principles")[sc.principles]
    for key in PRINCIPLE_KEYS:
        data["principles"][key]["enabled"] = bool(
            data["principles"][key]["enabled"] and flags.get(key, True)
        )
    rounds = sset.meta.samenhang_rounds
    if rounds is not None:
        coh = data["principles"]["samenhang"]
        coh["enabled"] = bool(coh["enabled"] and rounds > 0)
        coh["rounds"] = max(rounds, 1)
    data["source_path"] = f"{base.source_path}#{sc.id}"
    try:
        spec = PuzzleSpec.model_validate(data)
    except Exception as err:  # pydantic ValidationError
        raise SpecError(f"Scenario {sc.id!r}: the puzzle spec does not validate: {err}") from err
    spec.check_names()
    return spec


def _input_hash(sset: ScenarioSet, sc: Scenario, puzzle: PuzzleSpec, ws: Workspace) -> str:
    from novex import __version__
    from novex.puzzle.runs import spec_hash

    later_climate = sset.afwenteling.climate or sc.climate
    data = {
        "scenario": asdict(sc),
        "climate": sset.variants("climate")[sc.climate].model_dump(mode="json"),
        "later_climate": sset.variants("climate")[later_climate].model_dump(mode="json"),
        "demand": sset.variants("demand")[sc.demand].model_dump(mode="json"),
        "layers": sset.layers.model_dump(mode="json"),
        "afwenteling": sset.afwenteling.model_dump(mode="json"),
        "meta": sset.meta.model_dump(mode="json"),
        "puzzle": spec_hash(puzzle),
        "workspace_layers": {k: v.sha256 for k, v in sorted(ws.layers.items())},
        "workspace_tables": {k: v.get("sha256") for k, v in sorted(ws.tables.items())},
        "novex_version": __version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def plan_scenarios(
    spec: ScenarioSet | str | os.PathLike[str],
    workspace: Workspace | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    lang: str = "nl",
) -> list[ScenarioTask]:
    """Check the set against the workspace and return one task per scenario.

    Raises
    ------
    SpecError
        On a bad scenario spec, a puzzle spec a scenario cannot use, or a layer the
        workspace lacks. Nothing has run or been written then.
    """
    sset = spec if isinstance(spec, ScenarioSet) else load_scenarios(spec)
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    sset.check_workspace(ws)
    base = load_spec(sset.puzzle_path())
    tasks = []
    for sc in sset.scenarios():
        puzzle = scenario_puzzle(base, sset, sc)
        puzzle.check_workspace(ws)
        tasks.append(
            ScenarioTask(
                scenario=sc,
                scenarios=sset,
                puzzle=puzzle,
                workspace=str(ws.path.resolve()),
                out=str(Path(out).resolve()),
                input_sha256=_input_hash(sset, sc, puzzle, ws),
                lang=lang,
            )
        )
    return tasks


# -- one scenario --------------------------------------------------------------------------
def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@contextmanager
def engine_threads(n: int | None) -> Iterator[None]:
    """Run the engine's numba kernels and regional LPs on ``n`` threads (None: unchanged)."""
    if n is None:
        yield
        return
    import numba

    from novex.puzzle.engine import set_lp_threads

    old_numba = numba.get_num_threads()
    most = int(getattr(numba.config, "NUMBA_NUM_THREADS", 1))  # the pool's size
    numba.set_num_threads(max(1, min(n, most)))
    old_lp = set_lp_threads(n)
    try:
        yield
    finally:
        numba.set_num_threads(old_numba)
        set_lp_threads(old_lp)


def _threads_now() -> tuple[int, int]:
    """The engine's threads in this process: numba's and the regional LPs'."""
    import numba

    from novex.puzzle.engine import set_lp_threads

    lp = set_lp_threads(None)
    set_lp_threads(lp)
    return int(numba.get_num_threads()), int(lp)


def run_task(task: ScenarioTask) -> ScenarioOutcome:
    """Run one scenario and write its folder atomically; failures become an outcome."""
    import resource

    t0 = time.perf_counter()
    c0 = time.process_time()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    target = Path(task.out) / task.scenario.id
    outcome = ScenarioOutcome(
        id=task.scenario.id,
        status="ok",
        path=str(target),
        input_sha256=task.input_sha256,
        worker=f"pid {os.getpid()}",
    )
    try:
        with engine_threads(task.threads):
            outcome.numba_threads, outcome.lp_threads = _threads_now()
            _run(task, target)
    except Exception as err:  # reported per scenario; the batch goes on
        log.warning("scenario %s failed: %s", task.scenario.id, err)
        outcome.status = "failed"
        outcome.error = f"{type(err).__name__}: {err}"
    outcome.seconds = time.perf_counter() - t0
    outcome.cpu_seconds = time.process_time() - c0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    outcome.system_seconds = r1.ru_stime - r0.ru_stime
    outcome.page_faults = r1.ru_minflt - r0.ru_minflt
    outcome.peak_rss_mb = _peak_rss_mb()
    return outcome


def _run(task: ScenarioTask, target: Path) -> None:
    from novex.grid import atomic_dir, write_raster
    from novex.puzzle.claims import read_provinces
    from novex.scenarios.afwenteling import compare_principle, out_of_rule, penalty_raster
    from novex.scenarios.derive import derive_overlay

    sc, sset, puzzle = task.scenario, task.scenarios, task.puzzle
    base = Workspace.open(task.workspace)
    root = Path(task.out) / "werkruimten"
    ws = derive_overlay(
        base, sset, climate_name=sc.climate, horizon=sc.horizon, demand_name=sc.demand,
        claims_table=puzzle.claims.table, out=root / sc.id,
    )  # fmt: skip
    later_h = sset.afwenteling.horizon
    later_c = sset.afwenteling.climate or sc.climate
    later = derive_overlay(
        base, sset, climate_name=later_c, horizon=later_h, demand_name=sc.demand,
        claims_table=puzzle.claims.table, out=root / f"{sc.id}.later",
    )  # fmt: skip
    types = puzzle.type_defs()
    functions = tuple(puzzle.function_ids())
    penalty = None
    if puzzle.principles.afwenteling.enabled:
        penalty = penalty_raster(later, puzzle, types, functions)
    compare = sset.meta.compare_principles
    run = _solve(ws, puzzle, sset, penalty, compare=compare is True)
    provinces = {p.raster_id: p.code for p in read_provinces(ws, puzzle.region.table)}
    raster, rows = out_of_rule(run.allocation, later, puzzle, run.types, run.functions, provinces)
    without: dict[str, Any] = {}
    for key in compare if isinstance(compare, list) else []:
        if not getattr(puzzle.principles, key).enabled:
            continue
        off = _solve(
            ws, _principle_off(puzzle, key), sset,
            None if key == "afwenteling" else penalty, compare=False,
        )  # fmt: skip
        compare_principle(run, off, key, ws.read(puzzle.region.layer))
        if key == "afwenteling":
            _, off_rows = out_of_rule(
                off.allocation, later, puzzle, run.types, run.functions, provinces
            )
            for row, off_row in zip(rows, off_rows, strict=True):
                row["out_of_rule_ha_without_afwenteling"] = off_row["out_of_rule_ha"]
            without["out_of_rule_ha_without_afwenteling"] = float(
                sum(r["out_of_rule_ha"] for r in off_rows)
            )
    with atomic_dir(target) as tmp:
        run.write(tmp / "puzzel", lang=task.lang)
        write_raster(
            tmp / "afwenteling.tif",
            raster,
            ws.grid,
            tags={
                "layer": "afwenteling",
                "units": "0/1",
                "source": f"allocation of scenario {sc.id!r} under the rules of {later_h} "
                f"({later_c})",
                "synthetic": ws.synthetic,
            },
            nodata=None,
        )
        total = float(sum(r["out_of_rule_ha"] for r in rows))
        (tmp / "afwenteling.json").write_text(
            json.dumps(
                {
                    "horizon": later_h,
                    "climate": later_c,
                    "afwenteling_enabled": puzzle.principles.afwenteling.enabled,
                    "penalty_ha": _penalty_ha(penalty, run.allocation, ws.grid.cell_area_ha),
                    "out_of_rule_ha": total,
                    **without,
                    "rows": rows,
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        record = {
            "format": SCENARIO_FORMAT,
            "format_version": SCENARIO_FORMAT_VERSION,
            "id": sc.id,
            **{k: v for k, v in asdict(sc).items() if k != "id"},
            "status": "ok",
            "input_sha256": task.input_sha256,
            "set": sset.meta.name,
            "workspace": str(ws.path),
            "later_workspace": str(later.path),
            "layers": sset.layers.model_dump(mode="json"),
            "homes_per_ha": sset.meta.homes_per_ha,
            "synthetic": ws.synthetic,
        }
        (tmp / "scenario.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def _solve(
    ws: Workspace, puzzle: PuzzleSpec, sset: ScenarioSet, penalty: Any, *, compare: bool
) -> Any:
    """The one call of the puzzle per scenario (every province, serially inside the task)."""
    from novex.puzzle.runner import solve_spec

    return solve_spec(
        ws, puzzle, sset.meta.province or None, elastic=sset.meta.elastic,
        compare_principles=compare, penalty=penalty,
        workers=1,  # one scenario is one task: its provinces one after another in it
    )  # fmt: skip


def _principle_off(puzzle: PuzzleSpec, key: str) -> PuzzleSpec:
    """``puzzle`` with weighing principle ``key`` switched off."""
    data = puzzle.model_dump(mode="json")
    data["principles"][key]["enabled"] = False
    return PuzzleSpec.model_validate(data)


def _penalty_ha(penalty: Any, allocation: Any, cell_area: float) -> float:
    """Hectares of puzzle cells under the afwenteling penalty (0 without a penalty)."""
    if penalty is None:
        return 0.0
    inside = allocation.reshape(-1) > 0
    return float(penalty.reshape(-1)[inside].sum() * cell_area)


def _unchanged(task: ScenarioTask) -> bool:
    path = Path(task.out) / task.scenario.id / "scenario.json"
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(old.get("status") == "ok" and old.get("input_sha256") == task.input_sha256)


# -- the batch -------------------------------------------------------------------------------
def run_scenarios(
    spec: ScenarioSet | str | os.PathLike[str],
    workspace: Workspace | str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    workers: int = 2,
    scheduler: str | None = None,
    force: bool = False,
    threads: int | None = None,
    lang: str = "nl",
    progress: ProgressCallback | None = None,
) -> BatchResult:
    """Run every scenario of ``spec`` on ``workspace`` into folder ``out``.

    Parameters
    ----------
    spec : ScenarioSet, path or ``"demo"``
    workspace : Workspace or path
    out : path
        The batch folder (one sub-folder per scenario).
    workers : int
        Worker processes of the LocalCluster; 0 runs serially in this process.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``); overrides
        ``workers``. The workers must see ``workspace`` and ``out`` at the same paths.
    force : bool
        Run also scenarios whose inputs are unchanged.
    threads : int, optional
        Engine threads per scenario (numba kernels, the regions' LPs). Default: the
        engine's own (up to the machine's cores) when serial, 1 on Dask workers (one
        scenario per worker process and core).
    progress : callable, optional
        ``progress(scenario_id, status, done, total)`` after each scenario.

    Raises
    ------
    SpecError
        Before anything runs, when the spec or the workspace does not fit.
    """
    t0 = time.perf_counter()
    tasks = plan_scenarios(spec, workspace, out, lang=lang)
    result = BatchResult(out=Path(out))
    outcomes: dict[str, ScenarioOutcome] = {}
    todo = []
    for task in tasks:
        if not force and _unchanged(task):
            outcomes[task.scenario.id] = ScenarioOutcome(
                id=task.scenario.id,
                status="skipped",
                path=str(Path(task.out) / task.scenario.id),
                input_sha256=task.input_sha256,
            )
        else:
            todo.append(task)
    total = len(tasks)
    done = len(outcomes)
    if progress is not None:
        for sid in outcomes:
            progress(sid, "skipped", done, total)

    def note(o: ScenarioOutcome) -> None:
        nonlocal done
        outcomes[o.id] = o
        done += 1
        if progress is not None:
            progress(o.id, o.status, done, total)

    Path(out).mkdir(parents=True, exist_ok=True)
    if todo and scheduler is None and workers <= 0:
        result.mode = "serial"
        for task in todo:
            note(run_task(replace(task, threads=threads)))
    elif todo:
        result.mode = f"scheduler {scheduler}" if scheduler else f"LocalCluster x {workers}"
        one = 1 if threads is None else threads
        _run_dask([replace(t, threads=one) for t in todo], workers, scheduler, note, _seconds(out))
    result.outcomes = [outcomes[t.scenario.id] for t in tasks]
    result.seconds = time.perf_counter() - t0
    _write_index(result)
    return result


def _run_dask(
    todo: list[ScenarioTask],
    workers: int,
    scheduler: str | None,
    note: Callable[[ScenarioOutcome], None],
    previous: dict[str, float],
) -> None:
    """The tasks on Dask, the longest last time first (so two workers end together)."""
    from distributed import Client, as_completed

    cluster = None
    if scheduler is None:
        cluster = local_cluster(workers, todo[0].threads or 1)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = {
            client.submit(
                run_task, task, key=f"novex-scenario-{task.scenario.id}-{task.input_sha256[:12]}",
                pure=False, priority=int(previous.get(task.scenario.id, 0.0)),
            ): task
            for task in todo
        }  # fmt: skip
        for fut in as_completed(list(futures)):
            task = futures[fut]
            if fut.status == "error":
                note(
                    ScenarioOutcome(
                        id=task.scenario.id,
                        status="failed",
                        path=str(Path(task.out) / task.scenario.id),
                        input_sha256=task.input_sha256,
                        error=f"{type(fut.exception()).__name__}: {fut.exception()}",
                    )
                )
            else:
                note(fut.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _seconds(out: str | os.PathLike[str]) -> dict[str, float]:
    """Each scenario's seconds in the batch's last ``scenarios.json`` (none: empty)."""
    try:
        index = json.loads((Path(out) / "scenarios.json").read_text(encoding="utf-8"))
        return {row["id"]: float(row["seconds"]) for row in index["scenarios"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_index(result: BatchResult) -> None:
    from novex.grid import atomic_file

    with atomic_file(result.out / "scenarios.json") as tmp:
        tmp.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
