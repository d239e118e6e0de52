"""Benchmark: ``novex demo`` as a whole, from scratch, workspace build included.

Usage::

    python benchmarks/demo.py [--resolution 100] [--home DIR] [--keep] [--lang nl]
                              [--results benchmarks/results/demo-YYYY-MM-DD.jsonl]

Runs ``python -m novex demo --resolution RES --json`` as a child process with a fresh,
empty ``NOVEX_HOME`` (a temporary folder unless ``--home`` names an empty one), so the
run builds the demo workspace, the stapelkaart, the twelve puzzles, the dossier and the
13 report PDFs, exactly as a user's first ``novex demo`` does. The child runs this
checkout's code (its ``src`` goes first on ``PYTHONPATH``).

Records one JSON object (printed, and appended as a line to ``--results``): the wall
time of the child, its user and system CPU seconds and CPU share, the peak RSS of the
largest process of the run (the demo process or one of its report workers; from
``/usr/bin/time -v`` when it exists, else ``RUSAGE_CHILDREN``), the stage breakdown the
run reports itself (``timings`` of ``novex demo --json``: workspace, stapelkaart,
puzzles, dossier, reports, total), the load average before and after, the machine, and
the target (120 s wall) with whether it was met. Timings on a shared machine are upper
bounds: the load average says how shared it was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 120.0


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def _time_v(stderr: str) -> dict[str, float]:
    """The figures of ``/usr/bin/time -v`` from the end of stderr."""
    fields = {
        "user_s": r"User time \(seconds\): ([\d.]+)",
        "sys_s": r"System time \(seconds\): ([\d.]+)",
        "peak_rss_kb": r"Maximum resident set size \(kbytes\): (\d+)",
    }
    found = {}
    for key, pattern in fields.items():
        m = re.search(pattern, stderr)
        if m:
            found[key] = float(m.group(1))
    return found


def run_demo_child(home: Path, resolution: int, lang: str) -> dict[str, Any]:
    """Run ``novex demo`` once in a child process; its figures."""
    env = dict(os.environ)
    env["NOVEX_HOME"] = str(home)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    cmd = [sys.executable, "-m", "novex", "demo", "--resolution", str(resolution),
           "--lang", lang, "--json"]  # fmt: skip
    gnu_time = Path("/usr/bin/time").is_file()
    if gnu_time:
        cmd = ["/usr/bin/time", "-v", *cmd]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures: dict[str, Any] = {
        "exit_code": proc.returncode,
        "wall_s": round(wall, 2),
        "user_s": round(after.ru_utime - before.ru_utime, 2),
        "sys_s": round(after.ru_stime - before.ru_stime, 2),
        "peak_rss_mb": round(after.ru_maxrss / 1024, 1),
        "peak_rss_from": "RUSAGE_CHILDREN (largest process so far)",
    }
    if gnu_time:
        tv = _time_v(proc.stderr)
        if "peak_rss_kb" in tv:
            figures["peak_rss_mb"] = round(tv["peak_rss_kb"] / 1024, 1)
            figures["peak_rss_from"] = "/usr/bin/time -v (largest process of the run)"
    figures["cpu_s"] = round(figures["user_s"] + figures["sys_s"], 2)
    figures["cpu_share"] = round(figures["cpu_s"] / wall, 2) if wall else None
    if proc.returncode != 0:
        figures["stderr_tail"] = proc.stderr[-2000:]
        return figures
    data = json.loads(proc.stdout)
    figures["timings"] = {k: round(v, 2) for k, v in data.get("timings", {}).items()}
    figures["reports"] = len(data.get("reports", []))
    figures["workspace_built"] = data["workspace"]["built"]
    figures["max_gap"] = data["puzzle"]["max_gap"]
    figures["statuses"] = sorted({p["status"] for p in data["puzzle"]["provinces"]})
    # what the user sees on stderr besides the progress bars (nothing with --json)
    figures["stderr_warnings"] = [
        line for line in proc.stderr.splitlines() if "WARNING" in line or "Warning" in line
    ][:20]
    return figures


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--resolution", type=int, default=100)
    ap.add_argument("--home", type=Path, default=None, help="an empty folder (default: temp)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary NOVEX_HOME")
    ap.add_argument("--lang", default="nl")
    ap.add_argument(
        "--results",
        type=Path,
        default=ROOT / "benchmarks" / "results" / f"demo-{dt.date.today().isoformat()}.jsonl",
    )
    args = ap.parse_args(argv)

    if args.home is not None:
        home = args.home
        if home.exists() and any(home.iterdir()):
            ap.error(f"--home {str(home)!r} is not empty: the benchmark starts from scratch.")
        home.mkdir(parents=True, exist_ok=True)
    else:
        home = Path(tempfile.mkdtemp(prefix="novex-bench-demo-"))
    load_before = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    try:
        figures = run_demo_child(home, args.resolution, args.lang)
    finally:
        if args.home is None and not args.keep:
            shutil.rmtree(home, ignore_errors=True)
    load_after = os.getloadavg()
    result = {
        "benchmark": "demo",
        "command": f"novex demo --resolution {args.resolution} (empty NOVEX_HOME)",
        "started_utc": started.isoformat(timespec="seconds"),
        "commit": _git_commit(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
        },
        "resolution": args.resolution,
        **figures,
        "target_s": TARGET_S,
        "within_target": figures.get("exit_code") == 0 and figures["wall_s"] < TARGET_S,
    }
    print(json.dumps(result, indent=2))
    args.results.parent.mkdir(parents=True, exist_ok=True)
    with args.results.open("a", encoding="utf-8") as f:
        f.write(json.dumps(result) + "\n")
    return result


if __name__ == "__main__":
    main()
