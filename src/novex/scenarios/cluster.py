"""The Dask side of a scenario batch: a LocalCluster whose workers run like one process.

A task on a Dask worker should cost what it costs in a serial process: the worker
process gets the engine's threads (:data:`THREAD_ENV`), glibc's default heap
(:data:`DASK_UNSET_ENV`), and a cluster that leaves the cores to the tasks
(:data:`DASK_QUIET_CONFIG`). On an existing cluster the same settings are the
operator's (``docs/scenarios.md``).
"""

from __future__ import annotations

import logging
from typing import Any

__all__ = ["DASK_QUIET_CONFIG", "DASK_UNSET_ENV", "THREAD_ENV", "local_cluster"]

THREAD_ENV = ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
"""Set to the task's threads in each LocalCluster worker process (1: one worker per core)."""

DASK_UNSET_ENV = ("MALLOC_TRIM_THRESHOLD_",)
"""Variables Dask's nanny sets in its workers by default (``distributed.nanny.pre-spawn-environ``)
that the LocalCluster leaves unset, so a worker allocates memory like the serial process.

``MALLOC_TRIM_THRESHOLD_=65536`` switches off glibc's dynamic mmap threshold: every
array above 128 kB is then a fresh ``mmap`` whose pages the kernel faults in and zeroes,
and is unmapped again when freed. The engine makes many such temporaries: on the 250 m
demo (one Limburg scenario, 2026-11-29) a task took ten times the page faults (643,000
against 52,000) and 2.3-3.1 s of system time against 0.3-0.5 s, 18-51 % more CPU.
"""

DASK_QUIET_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.memory.monitor-interval": "1s",
}
"""Dask settings of the LocalCluster that leave the cores to the tasks.

With Dask's defaults each worker samples its task's stack every 10 ms for the dashboard's
profile (novex starts no dashboard), and every server measures its host every 500 ms,
its event loop every 20 ms and the workers' memory every 100 ms: an idle 2-worker
cluster used 19 % of a core (8 % in the client process that holds the scheduler and the
nannies, 5.5 % in each worker), and a worker's event loop 6-8 % of its task's CPU time
on the 250 m demo scenarios, taken from the other task's core. With these settings,
2 % of a core (2026-11-30). Memory limits are still checked every second.
"""


def local_cluster(workers: int, threads: int = 1) -> Any:
    """A ``LocalCluster`` of ``workers`` processes of one thread, the engine on ``threads``.

    The workers get ``THREAD_ENV`` = ``threads`` and not the variables of
    :data:`DASK_UNSET_ENV`, so a task runs as it would in a serial process, and the
    cluster runs with :data:`DASK_QUIET_CONFIG`.
    """
    import dask
    from distributed import LocalCluster

    unset = {f"distributed.nanny.pre-spawn-environ.{k}": None for k in DASK_UNSET_ENV}
    with dask.config.set({**unset, **DASK_QUIET_CONFIG}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
            env=dict.fromkeys(THREAD_ENV, str(threads)),
        )
