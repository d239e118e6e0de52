"""Benchmark helper: the peak memory of a command's whole process tree.

``python benchmarks/tree_memory.py novex demo --resolution 25`` runs the command (its output
discarded, its stderr passed through), samples every 0.5 s the RSS and the PSS of the
process and all its children (worker processes, the fork server) with psutil, and prints
one JSON object: exit code, wall seconds, the peak of the summed RSS and of the summed PSS
(MiB) and a coarse series. Summed RSS counts pages shared between processes (a fork
server's and its workers') once per process; PSS divides them among the sharers, so its
sum is the memory the tree really holds.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import psutil

INTERVAL_S = 0.5


def _tree_memory(root: psutil.Process) -> tuple[float, float]:
    rss = pss = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += info.pss
    return rss / 2**20, pss / 2**20


def main() -> None:
    """Run ``sys.argv[1:]`` and print the JSON of its tree's memory."""
    if len(sys.argv) < 2:
        raise SystemExit("usage: python benchmarks/tree_memory.py COMMAND [ARG ...]")
    t0 = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
    root = psutil.Process(proc.pid)
    peak_rss = peak_pss = peak_at = 0.0
    series: list[tuple[float, int, int]] = []
    while proc.poll() is None:
        try:
            rss, pss = _tree_memory(root)
        except psutil.NoSuchProcess:
            break
        now = time.perf_counter() - t0
        if pss > peak_pss:
            peak_pss, peak_at = pss, now
        peak_rss = max(peak_rss, rss)
        series.append((round(now, 1), round(rss), round(pss)))
        time.sleep(INTERVAL_S)
    proc.wait()
    print(
        json.dumps(
            {
                "cmd": sys.argv[1:],
                "rc": proc.returncode,
                "wall_s": time.perf_counter() - t0,
                "tree_peak_rss_mib": peak_rss,
                "tree_peak_pss_mib": peak_pss,
                "peak_pss_at_s": peak_at,
                "series_every_10": series[::20],
            }
        )
    )


if __name__ == "__main__":
    main()
