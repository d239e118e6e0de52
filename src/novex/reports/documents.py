"""The four reports by name: :data:`REPORT_KINDS` and :func:`make_report`.

A report is made in two steps: its context is gathered (every input checked: an unknown
province, area or version fails here, before any file is touched), then rendered and
written atomically.

Examples
--------
>>> import tempfile, pathlib
>>> from novex.results import sample_workspace, write_sample_run
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> run = write_sample_run(sample_workspace(tmp / "ws"), tmp / "run")
>>> inputs = ReportInputs(run=run, db=f"sqlite:///{tmp}/none.sqlite")
>>> make_report("arrangement", inputs, tmp / "utrecht.html", fmt="html", key="Utrecht").name
'utrecht.html'
>>> make_report("arrangement", inputs, tmp / "x.html", fmt="html", key="Atlantis")
Traceback (most recent call last):
...
novex.errors.ReportError: Unknown province 'Atlantis': ...
>>> (tmp / "x.html").exists()
False
>>> import shutil; shutil.rmtree(tmp)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import Any

from novex.errors import ReportError
from novex.reports.context import arrangement_context, national_context
from novex.reports.inputs import ReportInputs
from novex.reports.regional import area_context, startpakket_context
from novex.reports.render import write_report
from novex.text import parse_lang

__all__ = [
    "REPORT_KINDS",
    "ReportInputs",
    "demo_workers",
    "make_report",
    "report_context",
    "write_demo_reports",
]

log = logging.getLogger(__name__)

REPORT_KINDS = ("startpakket", "arrangement", "area", "national")
"""The reports novex makes."""


def report_context(
    kind: str,
    inputs: ReportInputs,
    key: str | None = None,
    *,
    lang: str = "nl",
    version: int | None = None,
) -> dict[str, Any]:
    """The context of report ``kind`` for province or area ``key`` (None for national)."""
    code = parse_lang(lang).value
    if kind not in REPORT_KINDS:
        raise ReportError(f"Unknown report {kind!r}; choose one of {list(REPORT_KINDS)}.")
    if kind != "national" and not key:
        raise ReportError(f"The {kind} report needs a province or area; none was given.")
    if kind == "arrangement":
        return arrangement_context(inputs, str(key), code, version)
    if version is not None:
        raise ReportError(f"--version applies to the arrangement report only, not to {kind!r}.")
    if kind == "startpakket":
        return startpakket_context(inputs, str(key), code)
    if kind == "area":
        return area_context(inputs, str(key), code)
    return national_context(inputs, code)


def make_report(
    kind: str,
    inputs: ReportInputs,
    out: str | os.PathLike[str],
    *,
    fmt: str = "pdf",
    lang: str = "nl",
    key: str | None = None,
    version: int | None = None,
) -> Path:
    """Make report ``kind`` and write it to ``out`` (``fmt`` ``"pdf"`` or ``"html"``).

    Parameters
    ----------
    kind : {"startpakket", "arrangement", "area", "national"}
    inputs : ReportInputs
        The run, stapelkaart, dossier and workspace to read.
    out : path-like
        The file to write (replaced atomically; its folder must exist).
    fmt : {"pdf", "html"}
    lang : {"nl", "en"}
    key : str, optional
        The province (startpakket, arrangement) or NOVEX-gebied (area).
    version : int, optional
        The arrangement's version (default the current one).

    Raises
    ------
    ReportError
        For an unknown report, province, area, version or format, or missing inputs;
        nothing is written.
    ResultsError, DossierError
        When the run, stapelkaart or dossier cannot be read.
    """
    if fmt not in ("pdf", "html"):
        raise ReportError(f"Unknown report format {fmt!r}; choose 'pdf' or 'html'.")
    ctx = report_context(kind, inputs, key, lang=lang, version=version)
    return write_report(ctx, out, fmt)


_WORKER_INPUTS: dict[tuple[Any, ...], ReportInputs] = {}
"""A pool worker's open inputs, kept for its next report (the run, dossier and rasters
are read once per process, as in the one-by-one case)."""


def _demo_job(
    job: tuple[str, str | None, str],
    spec: tuple[Path, Path | None, str | None, dt.date],
    folder: Path,
    fmt: str,
    lang: str,
) -> str:
    """In a pool worker: write one demo report (``job`` = kind, key, file name); its name."""
    inputs = _WORKER_INPUTS.get(spec)
    if inputs is None:
        run, stack, db, today = spec
        inputs = _WORKER_INPUTS[spec] = ReportInputs(run=run, stack=stack, db=db, today=today)
    kind, key, name = job
    make_report(kind, inputs, folder / name, fmt=fmt, lang=lang, key=key)
    return name


def demo_workers(jobs: int, workers: int | None = None) -> int:
    """How many processes :func:`write_demo_reports` uses for ``jobs`` reports.

    ``workers`` when given (at least 1), else one per core this process may run on,
    at most one per report.

    Examples
    --------
    >>> demo_workers(13, 1), demo_workers(13, 4), demo_workers(1)
    (1, 4, 1)
    """
    if workers is not None:
        if workers < 1:
            raise ReportError(f"workers must be at least 1, not {workers!r}.")
        return min(workers, max(1, jobs))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, jobs))


def write_demo_reports(
    run: str | os.PathLike[str],
    stack: str | os.PathLike[str] | None,
    folder: str | os.PathLike[str],
    *,
    db: str | None = None,
    lang: str = "nl",
    fmt: str = "pdf",
    workers: int | None = None,
) -> list[Path]:
    """The national report and one arrangement per province of ``run`` into ``folder``.

    The folder is replaced whole and atomically (``nationaal.pdf``,
    ``arrangement_NL-UT.pdf``, ...). This is the call ``novex demo`` makes.

    The reports are independent, so they are made in a pool of ``workers`` processes
    (default: one per core, see :func:`demo_workers`; 1 makes them one after the other
    in this process). Each report is the same file either way: the pool changes only
    when it is made, not what is in it.

    Returns
    -------
    list of Path
        The files written, the national report first.
    """
    from novex.grid import atomic_dir

    spec = (Path(run), None if stack is None else Path(stack), db, dt.date.today())
    inputs = ReportInputs(run=spec[0], stack=spec[1], db=db, today=spec[3])
    try:
        jobs: list[tuple[str, str | None, str]] = [("national", None, f"nationaal.{fmt}")]
        jobs += [
            ("arrangement", p.code, f"arrangement_{p.code}.{fmt}") for p in inputs.results.provinces
        ]
        n = demo_workers(len(jobs), workers)
        folder = Path(folder)
        with atomic_dir(folder) as tmp:
            tmp = Path(tmp)
            if n == 1:
                for kind, key, name in jobs:
                    make_report(kind, inputs, tmp / name, fmt=fmt, lang=lang, key=key)
                names = [name for _, _, name in jobs]
            else:
                import multiprocessing
                from concurrent.futures import ProcessPoolExecutor

                # spawn, not fork: the caller (run_demo) may hold threads (dask, numba,
                # HiGHS); the largest report (national) goes first
                ctx = multiprocessing.get_context("spawn")
                with ProcessPoolExecutor(max_workers=n, mp_context=ctx) as pool:
                    futures = [pool.submit(_demo_job, job, spec, tmp, fmt, lang) for job in jobs]
                    names = [f.result() for f in futures]
    finally:
        inputs.close()
    log.info("%d demo reports written to %s (%d process(es))", len(names), folder, n)
    return [folder / name for name in names]
