"""The LocalCluster's workers: the serial process's environment, a quiet cluster."""

from __future__ import annotations

import os

import dask
from distributed import Client

from novex.scenarios.cluster import DASK_QUIET_CONFIG, local_cluster


def _worker_view() -> dict[str, object]:
    return {
        "env": {
            k: os.environ.get(k, "unset") for k in ("MALLOC_TRIM_THRESHOLD_", "NUMBA_NUM_THREADS")
        },
        "config": {k: dask.config.get(k) for k in DASK_QUIET_CONFIG},
    }


def test_workers_keep_the_default_malloc_threshold_and_run_quietly() -> None:
    """Dask's MALLOC_TRIM_THRESHOLD_ (an mmap per array) is unset; no profiler, slow monitors."""
    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")
    assert dask.config.get("distributed.worker.profile.enabled") is True  # Dask's default
    with local_cluster(1) as cluster, Client(cluster) as client:
        seen = client.submit(_worker_view, pure=False).result()
    assert seen["env"] == {
        "MALLOC_TRIM_THRESHOLD_": os.environ.get("MALLOC_TRIM_THRESHOLD_", "unset"),
        "NUMBA_NUM_THREADS": "1",
    }
    assert seen["config"] == DASK_QUIET_CONFIG
    assert seen["config"]["distributed.worker.profile.enabled"] is False
    # the settings are the cluster's own: this process keeps Dask's
    assert dask.config.get("distributed.worker.profile.enabled") is True
