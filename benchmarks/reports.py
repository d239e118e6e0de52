"""Benchmark: the national report and the 12 arrangements of a demo run, as PDF and HTML.

Usage::

    python benchmarks/reports.py [--home $NOVEX_HOME] [--resolution 100] [--db URL]
                                 [--out FOLDER] [--lang nl]

Reads the demo outputs ``<home>/demo-output-<res>m/{puzzel,stapelkaart}`` (run
``novex demo --resolution RES`` first) and the dossier (``--db``; without one, a fresh
demo dossier is seeded in a temporary SQLite file: startpakketten, areas, process, and
the run with a concept arrangement per province when the dossier can read the run).

Per report it times the PDF (context + HTML + WeasyPrint) and the HTML alone (context +
HTML), and prints one JSON document: seconds per report, the totals, the count of PDFs,
and the peer ratio PDF / HTML time (what WeasyPrint adds to the maps and the template).
The target is all 13 PDFs in under 60 s.

``--mode pool`` (or ``both``, the default) also times what ``novex demo`` calls,
``write_demo_reports``, twice in the same run: one report after the other in this
process (``workers=1``), then in a pool of one process per core; with
``SOURCE_DATE_EPOCH`` set for both, so that the fonts embedded in the PDFs carry no
time stamp, the two folders must hold byte-identical files (``same_bytes``).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _seed(db_path: Path, run: Path) -> dict[str, Any]:
    """A fresh demo dossier; with the run and its arrangements when the dossier can read it."""
    from novex.dossier.seed import build_demo_dossier
    from novex.errors import DossierError

    try:
        return {"with_run": True, **build_demo_dossier(db_path, run_folder=run)}
    except DossierError as err:
        counts = build_demo_dossier(db_path)
        return {"with_run": False, "reason": str(err), **counts}


def _pool(demo: Any, db: str, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    """``write_demo_reports`` one by one and in a pool, in the same run; same files?"""
    import os

    from novex.reports import write_demo_reports
    from novex.reports.documents import demo_workers

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764374400")
    times, folders = {}, {}
    workers = demo_workers(13, args.workers)
    for label, n in (("serial", 1), ("pool", workers)):
        folder = out / f"demo-reports-{label}"
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        write_demo_reports(demo.run, demo.stack, folder, db=db, lang=args.lang, workers=n)
        times[label] = time.perf_counter() - t0
        folders[label] = folder
        print(f"write_demo_reports workers={n}: {times[label]:.1f} s (load {load:.1f})",
              file=sys.stderr)  # fmt: skip
    names = sorted(p.name for p in folders["serial"].iterdir())
    same = names == sorted(p.name for p in folders["pool"].iterdir()) and all(
        (folders["serial"] / n).read_bytes() == (folders["pool"] / n).read_bytes() for n in names
    )
    return {
        "pdfs": len(names),
        "workers": workers,
        "serial_s": times["serial"],
        "pool_s": times["pool"],
        "speedup": times["serial"] / times["pool"] if times["pool"] else None,
        "same_bytes": same,
        "load_after": list(os.getloadavg()),
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from novex.reference import provinces
    from novex.reports import demo_inputs, make_report
    from novex.reports.inputs import ReportInputs

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", default=None)
    ap.add_argument("--resolution", type=int, default=100)
    ap.add_argument("--db", default=None)
    ap.add_argument("--out", default=None)
    ap.add_argument("--lang", default="nl")
    ap.add_argument("--mode", choices=("each", "pool", "both"), default="both")
    ap.add_argument("--workers", type=int, default=None, help="pool size (default: cores)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="novex-bench-reports-"))
    out = Path(args.out) if args.out else tmp
    out.mkdir(parents=True, exist_ok=True)
    demo = demo_inputs(args.home, args.resolution)
    dossier: dict[str, Any] = {"url": args.db}
    db = args.db
    if db is None:
        dossier = _seed(tmp / "dossier.sqlite", demo.run)
        db = f"sqlite:///{tmp / 'dossier.sqlite'}"
    jobs: list[tuple[str, str | None]] = [("national", None)]
    jobs += [("arrangement", p.code) for p in provinces()]
    rows = []
    for kind, key in jobs if args.mode != "pool" else []:
        times = {}
        for fmt in ("pdf", "html"):
            inputs = ReportInputs(run=demo.run, stack=demo.stack, db=db)
            name = f"{kind}_{key}" if key else kind
            t0 = time.perf_counter()
            path = make_report(
                kind, inputs, out / f"{name}.{fmt}", fmt=fmt, lang=args.lang, key=key
            )
            times[fmt] = time.perf_counter() - t0
            inputs.close()
            if fmt == "pdf":
                size = path.stat().st_size
        rows.append({"report": kind, "key": key, "pdf_s": times["pdf"], "html_s": times["html"],
                     "pdf_bytes": size})  # fmt: skip
        print(f"{kind} {key or ''}: pdf {times['pdf']:.2f} s, html {times['html']:.2f} s",
              file=sys.stderr)  # fmt: skip
    pool = _pool(demo, db, out, args) if args.mode != "each" else None
    pdf_total = sum(r["pdf_s"] for r in rows)
    html_total = sum(r["html_s"] for r in rows)
    result = {
        "benchmark": "reports",
        "resolution": args.resolution,
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "dossier": dossier,
        "pdfs": len(rows),
        "pdf_total_s": pdf_total,
        "html_total_s": html_total,
        "ratio_pdf_over_html": pdf_total / html_total if html_total else None,
        "demo_reports": pool,
        "target_s": 60,
        "within_target": (pdf_total < 60) if rows else (pool is not None and pool["pool_s"] < 60),
        "out": str(out),
        "reports": rows,
    }
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
