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

import os
from pathlib import Path
from typing import Any

from novex.errors import ReportError
from novex.reports.context import arrangement_context, national_context
from novex.reports.inputs import ReportInputs
from novex.reports.regional import area_context, startpakket_context
from novex.reports.render import write_report
from novex.text import parse_lang

__all__ = ["REPORT_KINDS", "ReportInputs", "make_report", "report_context"]

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


def write_demo_reports(
    run: str | os.PathLike[str],
    stack: str | os.PathLike[str] | None,
    folder: str | os.PathLike[str],
    *,
    db: str | None = None,
    lang: str = "nl",
    fmt: str = "pdf",
) -> list[Path]:
    """The national report and one arrangement per province of ``run`` into ``folder``.

    The folder is replaced whole and atomically (``nationaal.pdf``,
    ``arrangement_NL-UT.pdf``, ...). This is the call ``novex demo`` makes.

    Returns
    -------
    list of Path
        The files written, the national report first.
    """
    from novex.grid import atomic_dir

    inputs = ReportInputs(run=Path(run), stack=None if stack is None else Path(stack), db=db)
    folder = Path(folder)
    names: list[str] = []
    try:
        with atomic_dir(folder) as tmp:
            tmp = Path(tmp)
            make_report("national", inputs, tmp / f"nationaal.{fmt}", fmt=fmt, lang=lang)
            names.append(f"nationaal.{fmt}")
            for p in inputs.results.provinces:
                name = f"arrangement_{p.code}.{fmt}"
                make_report("arrangement", inputs, tmp / name, fmt=fmt, lang=lang, key=p.code)
                names.append(name)
    finally:
        inputs.close()
    return [folder / n for n in names]
