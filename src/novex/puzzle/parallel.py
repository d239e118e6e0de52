"""The provinces of a run solved one after another or in worker processes.

:func:`solve_provinces` takes an :class:`~novex.puzzle.assemble.Assembly` planned without
its arrays (``assemble(..., load=False)``) and solves its provinces, each assembled from
its window of the workspace on disk (:mod:`novex.puzzle.windows`) and dropped once
solved, so that one province's arrays per worker are in memory at a time.

With ``workers > 1`` the provinces go to a :class:`~concurrent.futures.ProcessPoolExecutor`
(``forkserver`` start method: numba's and HiGHS' threads do not survive ``fork``
reliably), largest province first. Every province is solved on one engine thread (numba
``set_num_threads(1)``), in a worker or serially: the workers do not oversubscribe the
cores, and the output does not depend on the number of threads. The workers start
warm: the fork server (:func:`start_server`, called by the runner before it plans the
run) imports the engine, loads its serial numba kernels (:func:`load_kernels`) and
parses the reference model once, and every worker is forked from it. The results
come back in the region table's order: the run and every file written from it are the
same bytes as a serial run (only the timings differ). An error in a worker is raised
again in the caller, as the same :class:`~novex.errors.NovexError` type with its message.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from novex.puzzle.assemble import Assembly
    from novex.puzzle.runs import ProvinceRun
    from novex.puzzle.windows import Window

__all__ = [
    "ProvinceResult",
    "load_kernels",
    "province_memory_mb",
    "solve_provinces",
    "start_server",
    "trim_heap",
]

log = logging.getLogger(__name__)

START_METHOD = "forkserver"
"""How worker processes start (``forkserver``; ``spawn`` works too, slower to start)."""

PRELOAD = [
    "novex.puzzle.runner",
    "novex.puzzle.engine.solve",
    "novex.puzzle.engine.coupled",
    "scipy.ndimage",
    "rasterio",
    "novex.puzzle._preload",
]
"""Imported once by the fork server, so that each worker starts with them; the last one
loads the serial numba kernels (:func:`load_kernels`)."""

KERNEL_MODULES = [
    "novex.puzzle.engine.kernels",
    "novex.puzzle.engine.classes",
    "novex.puzzle.engine.ties",
    "novex.puzzle.patches",
    "novex.puzzle.coherence",
]
"""The modules whose numba kernels :func:`load_kernels` loads."""

PROCESS_MB = 350.0
"""Memory of a worker process before its province (imports, the plan)."""

BYTES_PER_PAIR = 16.0
"""Peak bytes per (cell, type) pair of a province being solved: its (N, T) float32
suitability (one copy: the problem takes the base), the allowed pairs and the engine's
working arrays (no (N, T) float64 ones: the slack scans walk the cells in blocks).
Measured on the 25 m demo (2026-11-30): the worker solving Noord-Brabant, 8.3 million
cells x 21 types, peaked at 2,692 MiB (14.1 bytes per pair above ``PROCESS_MB``), the
province alone in one process at 2,775 MiB (14.6); 30 bytes before, at 5,057 MiB."""


@dataclass
class ProvinceResult:
    """One solved province: its report and its allocation on its window.

    ``values`` is the window-shaped allocation (type index + 1 on the province's cells,
    0 elsewhere), None when the province was left unallocated (strict mode).
    """

    run: ProvinceRun
    window: Window
    values: NDArray[np.uint8] | None

    def paint(self, allocation: NDArray[np.uint8]) -> None:
        """Write the province's cells into the grid-shaped ``allocation``."""
        if self.values is None:
            return
        w = self.window
        view = allocation[w.row_off : w.row_off + w.height, w.col_off : w.col_off + w.width]
        mask = self.values != 0
        view[mask] = self.values[mask]


def _solve_loaded(
    asm: Assembly,
    code: str,
    elastic: bool,
    compare_principles: bool,
    penalty: NDArray[np.floating] | None = None,
    *,
    trim: bool = True,
) -> ProvinceResult:
    """Build province ``code`` from its window, solve it, drop its arrays.

    ``trim``: give the freed heap back to the system afterwards (:func:`trim_heap`). A
    worker of the pool does, so that it holds little while the other worker solves a
    large province; the serial loop does not: one process's peak is its largest
    province either way, and glibc reuses the freed pages for the next province where a
    trim makes the kernel fault in and zero them again (one 250 m scenario of twelve
    provinces, 2026-11-30: 135,000 page faults and 0.9 s of system time with a trim after
    each province, 7,000 and 0.3 s without, the same peak RSS of 385 MB).
    """
    from novex.puzzle.runner import solve_province

    t0 = time.perf_counter()
    part = asm.load(code, penalty)
    load_s = time.perf_counter() - t0
    threads = _engine_threads(1)
    try:
        run, assign = solve_province(
            asm, code, elastic=elastic, compare_principles=compare_principles
        )
    finally:
        asm.release(code)
        _engine_threads(threads)
        if trim:  # a worker solves the next province from a clean heap
            trim_heap()
    run.timings["assemble"] = load_s
    window = asm.windows[code]
    values = None
    if assign is not None:
        values = np.zeros(window.shape, dtype=np.uint8)
        assert part.local is not None
        values.reshape(-1)[part.local] = (np.asarray(assign) + 1).astype(np.uint8)
    return ProvinceResult(run, window, values)


def _engine_threads(n: int) -> int:
    """Set numba's thread count for this thread to ``n``; return the count before.

    Every province is solved on one engine thread, serially and in workers alike: the
    engine's numba kernels break ties differently with two threads than with one
    (Flevoland at 100 m: the same objective and bound, other prices and round-0
    assignment), so the thread count would otherwise change the output bytes.
    """
    try:
        import numba
    except ImportError:  # pragma: no cover - numba is a dependency
        return n
    before = int(numba.get_num_threads())
    numba.set_num_threads(n)
    return before


def load_kernels(parallel: bool) -> int:
    """Load the puzzle's numba kernels from numba's disk cache now; return how many.

    A process otherwise loads each kernel at its first call: numba's first kernel
    imports numba's typing and lowering registries (0.9 s), each kernel then takes 10
    to 60 ms. The serial kernels (``parallel=False``) are loaded in the fork server
    (:data:`PRELOAD`), so that every worker starts with them; a ``parallel=True``
    kernel starts numba's thread pool when it is loaded, which does not survive
    ``fork``, so those are loaded in each worker (:func:`_init_worker`). Every
    signature in a kernel's cache index for this machine is loaded (the index is
    numba's private API: on any error a kernel is left to load at its first call, as
    without this).
    """
    import importlib

    try:
        from numba.core.dispatcher import Dispatcher
    except ImportError:  # pragma: no cover - numba is a dependency
        return 0
    n = 0
    for name in KERNEL_MODULES:
        module = importlib.import_module(name)
        for obj in list(vars(module).values()):
            if not isinstance(obj, Dispatcher) or obj.__module__ != name:
                continue
            kernel: Any = obj  # numba's cache and codegen attributes are untyped
            if bool(kernel.targetoptions.get("parallel")) != parallel:
                continue
            try:
                magic = kernel.targetctx.codegen().magic_tuple()
                for key in kernel._cache._cache_file._load_index():
                    if key[1] == magic:
                        kernel.compile(key[0])
                        n += 1
            except Exception as err:  # warming up is optional
                log.debug("kernel %s.%s not loaded ahead: %s", name, kernel.py_func.__name__, err)
    return n


def _init_worker() -> None:
    """One engine thread per worker process; the parallel kernels loaded."""
    _engine_threads(1)
    load_kernels(parallel=True)


def start_server() -> None:
    """Start the worker processes' fork server now, if it is not running.

    It imports :data:`PRELOAD` and loads the serial numba kernels in the background, so
    the caller can plan the run meanwhile (:func:`novex.puzzle.runner.solve_spec` calls
    this before it plans its windows); each worker is then forked from it warm.
    """
    if START_METHOD != "forkserver":
        return
    from multiprocessing import forkserver

    ctx = mp.get_context(START_METHOD)
    ctx.set_forkserver_preload(PRELOAD)
    forkserver.ensure_running()


def _pool(workers: int) -> ProcessPoolExecutor:
    ctx = mp.get_context(START_METHOD)
    if START_METHOD == "forkserver":
        ctx.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)


def _window_of(raster: NDArray[Any] | None, w: Window) -> NDArray[Any] | None:
    if raster is None:
        return None
    return np.ascontiguousarray(
        raster[w.row_off : w.row_off + w.height, w.col_off : w.col_off + w.width]
    )


def trim_heap() -> None:
    """Give the C heap's free pages back to the system (glibc ``malloc_trim``; a no-op
    elsewhere).

    Steps run before the puzzles in the same process (the workspace build, the
    stapelkaart's strips) leave freed small blocks that glibc keeps: ``novex demo`` at
    100 m held 831 MB after the stapelkaart, 389 MB after the trim. The caller holds
    only the allocation and the plan while its workers solve.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def province_memory_mb(cells: int, n_types: int) -> float:
    """Estimated peak memory (MiB) of a worker solving a province of ``cells`` cells."""
    return PROCESS_MB + cells * n_types * BYTES_PER_PAIR / 2**20


def solve_provinces(
    asm: Assembly,
    codes: list[str],
    *,
    elastic: bool,
    compare_principles: bool,
    workers: int,
    memory_mb: float = float("inf"),
) -> Iterator[tuple[str, ProvinceResult]]:
    """Solve provinces ``codes`` of ``asm``; yield ``(code, result)`` as each finishes.

    With ``workers <= 1`` (or one province) they are solved here, in ``codes`` order;
    otherwise in ``min(workers, len(codes))`` worker processes, largest first, as long
    as the provinces being solved together fit in ``memory_mb`` by
    :func:`province_memory_mb` (a province that does not fit waits for a smaller one or
    for a worker to finish; one province always runs). The caller puts the results back
    in province order.
    """
    trim_heap()
    if workers <= 1 or len(codes) <= 1:
        for code in codes:
            yield code, _solve_loaded(asm, code, elastic, compare_principles, trim=False)
        return
    plan = replace(asm, parts={}, penalty=None)  # what each worker needs, without arrays
    order = sorted(codes, key=lambda c: (-asm.cell_counts.get(c, 0), codes.index(c)))
    need = {c: province_memory_mb(asm.cell_counts.get(c, 0), len(asm.types)) for c in codes}
    n = min(workers, len(codes))
    log.info("solving %d provinces in %d worker processes (memory budget %.0f MiB)",
             len(codes), n, memory_mb)  # fmt: skip
    left = list(codes)
    queue = list(order)
    pool = _pool(n)
    ok = False
    try:
        running: dict[Future[ProvinceResult], str] = {}
        while queue or running:
            used = sum(need[c] for c in running.values())
            for code in list(queue):
                if len(running) >= n:
                    break
                if running and used + need[code] > memory_mb:
                    continue
                pen = _window_of(asm.penalty, asm.windows[code])
                fut = pool.submit(_solve_loaded, plan, code, elastic, compare_principles, pen)
                running[fut] = code
                used += need[code]
                queue.remove(code)
            done, _ = wait(list(running), return_when=FIRST_COMPLETED)
            for fut in sorted(done, key=lambda f: order.index(running[f])):
                code = running.pop(fut)
                result = fut.result()
                left.remove(code)
                yield code, result
        ok = True
    except BrokenProcessPool as err:
        log.warning(
            "a worker process ended abruptly (%s); solving the %d provinces left in this "
            "process. A script that calls solve_spec needs `if __name__ == '__main__':`.",
            err,
            len(left),
        )
    finally:
        pool.shutdown(wait=ok, cancel_futures=True)
    if not ok:
        for code in left:
            yield code, _solve_loaded(asm, code, elastic, compare_principles, trim=False)
