"""The whole demo as one call: :func:`run_demo` and its result :class:`DemoRun`.

Builds (or reuses) the embedded NL demo workspace, then runs the parts in the order
of the one-way flow: the NOVI reference model, the stapelkaart, the provincial
puzzles and the demo dossier (a SQLite file filled from the puzzle run), writing
their outputs. The command line (``novex demo``), the web app and
the report generator call the same function; it logs and reports progress through a
callback, and never prints.

Re-running is safe: a workspace whose files match its manifest (and whose cell size
is the one asked for) is reused; outputs are replaced whole.
"""

from __future__ import annotations

import enum
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from novex.text import Lang, parse_lang

if TYPE_CHECKING:
    from novex.layers import Workspace
    from novex.puzzle.runs import PuzzleRun
    from novex.stack import StackResult

__all__ = [
    "DemoProgress",
    "DemoRun",
    "DemoStage",
    "demo_paths",
    "open_or_build_workspace",
    "run_demo",
]

log = logging.getLogger(__name__)


class DemoStage(enum.StrEnum):
    """The steps of :func:`run_demo`, in order, as reported to the progress callback."""

    WORKSPACE = "workspace"
    STACK = "stack"
    PUZZLE = "puzzle"

    def __str__(self) -> str:
        return self.value


DemoProgress = Callable[[DemoStage, int, "int | None", "str | None"], None]
"""``progress(stage, done, total, detail)``: ``done`` of ``total`` steps of ``stage``
(``total`` None when unknown); ``detail`` names the step (a layer, a province code)."""


def demo_paths(
    home: str | os.PathLike[str] | None,
    resolution: int,
    workspace: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
) -> tuple[Path, Path]:
    """The demo's workspace and output folders.

    By default ``<home>/demo-<res>m`` and ``<home>/demo-output-<res>m``, with ``home``
    from :func:`novex.settings.get_settings` (``$NOVEX_HOME``) when None.

    Examples
    --------
    >>> ws, out = demo_paths("/data/novex", 250)
    >>> ws.as_posix(), out.as_posix()
    ('/data/novex/demo-250m', '/data/novex/demo-output-250m')
    """
    if home is None:
        from novex.settings import get_settings

        home = get_settings().home
    base = Path(home)
    ws = Path(workspace) if workspace is not None else base / f"demo-{resolution}m"
    res_out = Path(out) if out is not None else base / f"demo-output-{resolution}m"
    return ws, res_out


def open_or_build_workspace(
    path: str | os.PathLike[str],
    resolution: int,
    *,
    rebuild: bool = False,
    progress: DemoProgress | None = None,
) -> tuple[Workspace, bool]:
    """The demo workspace at ``path``: reused when intact, else built (again).

    A folder is reused when it opens as a workspace of cell size ``resolution`` and
    every file matches its manifest (:meth:`~novex.layers.Workspace.verify`).

    Returns
    -------
    (Workspace, bool)
        The workspace and whether it was built now.
    """
    from novex.demo import build_demo_workspace, build_steps
    from novex.errors import WorkspaceError
    from novex.layers import Workspace

    path = Path(path)
    if path.exists() and not rebuild:
        try:
            ws = Workspace.open(path)
        except WorkspaceError as err:
            log.info("demo workspace %s cannot be opened (%s): building it again", path, err)
            ws = None
        if ws is not None:
            if ws.grid.resolution != resolution:
                log.info(
                    "demo workspace %s has %s m cells: building it again", path, ws.grid.resolution
                )
            else:
                bad = ws.verify()
                if not bad:
                    log.info("demo workspace %s reused", path)
                    return ws, False
                log.info(
                    "demo workspace %s differs from its manifest (%s): building it again", path, bad
                )
    total = build_steps(resolution)
    done = [0]

    def step(n: float = 1, description: str | None = None) -> None:
        done[0] += int(n)
        if progress is not None:
            progress(DemoStage.WORKSPACE, done[0], total, description)

    if progress is not None:
        progress(DemoStage.WORKSPACE, 0, total, None)
    ws = build_demo_workspace(path, resolution, step, overwrite=True)
    return ws, True


@dataclass
class DemoRun:
    """What :func:`run_demo` did: the workspace, the stapelkaart, the puzzle run, the dossier.

    Attributes
    ----------
    workspace : Workspace
    built : bool
        Whether the workspace was built in this run (False: reused).
    resolution : int
        Cell size in metres.
    reference_counts : dict of str to int
        Items per kind of the NOVI reference model.
    stack : StackResult
    stack_out : Path
        Folder of the stapelkaart outputs.
    puzzle : PuzzleRun
    puzzle_out : Path
        Folder of the puzzle run.
    dossier_path : Path
        The demo dossier, a SQLite file (open it with
        ``novex dossier status --db sqlite:///PATH``).
    dossier_counts : dict of str to int
        Records created per kind (``startpakket``, ``arrangement``, ``area``, ...).
    timings : dict of str to float
        Wall-clock seconds per step, in the order run (``workspace_s``, ``stack_s``,
        ``puzzle_s``, ``dossier_s``, ``reports_s`` when reports were made), and
        ``total_s`` for the whole call (the steps plus the reference model and the
        bookkeeping between them).
    reports : list of Path
        The reports written: the national overview, then one arrangement per province.
    """

    workspace: Workspace
    built: bool
    resolution: int
    reference_counts: dict[str, int]
    stack: StackResult
    stack_out: Path
    puzzle: PuzzleRun
    puzzle_out: Path
    dossier_path: Path
    dossier_counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    reports: list[Path] = field(default_factory=list)

    def stack_rows(self, lang: str | Lang = "nl") -> list[dict[str, Any]]:
        """Per province: its largest conflict and koppelkans, hectares claimed 3+ times."""
        from novex.stack import top_pairs

        code = parse_lang(lang).value
        rows = []
        for region in self.stack.provinces:
            pairs = top_pairs(self.stack, region, n=1, lang=code)
            rows.append(
                {
                    "province": region.name_nl,
                    "conflict": [p.to_dict() for p in pairs["conflict"]],
                    "koppelkans": [p.to_dict() for p in pairs["koppelkans"]],
                    "claimed_3plus_ha": self.stack.claimed_hectares(region, min_interests=3),
                }
            )
        return rows

    def puzzle_rows(self, lang: str | Lang = "nl") -> list[dict[str, Any]]:
        """Per province: what fits, what falls short, the optimality gap, the status."""
        return self.puzzle.summary(parse_lang(lang).value)

    @property
    def max_gap(self) -> float | None:
        """The largest certified optimality gap over the provinces (None: none solved)."""
        gaps = [pr.gap for pr in self.puzzle.provinces if pr.gap is not None]
        return max(gaps, default=None)

    def to_dict(self, lang: str | Lang = "nl") -> dict[str, Any]:
        """The JSON view ``novex demo --json`` prints."""
        rows = self.puzzle_rows(lang)
        return {
            "workspace": {
                "path": str(self.workspace.path),
                "resolution": self.resolution,
                "built": self.built,
                "synthetic": self.workspace.synthetic,
            },
            "reference": dict(self.reference_counts),
            "stack": {"out": str(self.stack_out), "provinces": self.stack_rows(lang)},
            "puzzle": {
                "out": str(self.puzzle_out),
                "max_gap": max((r["gap"] for r in rows if r["gap"] is not None), default=None),
                "provinces": rows,
            },
            "dossier": {"path": str(self.dossier_path), "counts": dict(self.dossier_counts)},
            "reports": [str(p) for p in self.reports],
            "timings": dict(self.timings),
        }


def run_demo(
    home: str | os.PathLike[str] | None = None,
    resolution: int | str = 100,
    province: str | None = None,
    *,
    workspace: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    rebuild: bool = False,
    lang: str | Lang = "nl",
    progress: DemoProgress | None = None,
    reports: bool = True,
    workers: int | None = None,
) -> DemoRun:
    """Run novex end to end on the embedded NL demo workspace.

    Parameters
    ----------
    home : path, optional
        Folder for the workspace and outputs (default ``$NOVEX_HOME``, see
        :mod:`novex.settings`).
    resolution : int or str
        Cell size: 25, 100 (default) or 250 m.
    province : str, optional
        Solve the puzzle of this province only (code, name or id); default all 12.
    workspace, out : path, optional
        The workspace folder and the output folder, instead of the ones under ``home``.
    rebuild : bool
        Build the workspace again even when an intact one exists.
    lang : {"nl", "en"}
        Language of the text in the written outputs (maps, tables). The demo
        dossier's records are in Dutch.
    progress : callable, optional
        ``progress(stage, done, total, detail)``; see :data:`DemoProgress`.
    reports : bool
        Write the national report and one arrangement per province as PDF into
        ``<out>/rapporten`` (default True).
    workers : int, optional
        Processes solving the provinces at the same time (default the setting
        ``NOVEX_WORKERS``; see :func:`novex.puzzle.runner.solve_spec`).

    Returns
    -------
    DemoRun

    Raises
    ------
    GridError
        For an unsupported resolution, before anything is written.
    LanguageError
        For a language other than nl or en, before anything is written.
    SpecError
        For an unknown province (after the workspace is ready, before solving).
    """
    from novex.dossier.seed import build_demo_dossier
    from novex.grid import parse_resolution
    from novex.puzzle.runner import solve_spec
    from novex.reference import KINDS, load_reference
    from novex.stack import compute_stack

    start = time.perf_counter()
    code = parse_lang(lang).value
    res = parse_resolution(resolution)
    ws_path, out_path = demo_paths(home, res, workspace, out)
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    ws, built = open_or_build_workspace(ws_path, res, rebuild=rebuild, progress=progress)
    timings["workspace_s"] = time.perf_counter() - t0

    ref = load_reference()
    counts = {kind: len(ref.items(kind)) for kind in KINDS}

    def on_stack(done: int, total: int) -> None:
        # compute_stack may count a strip twice when dask evaluates it twice; the bar
        # must still end at its total
        if progress is not None:
            progress(DemoStage.STACK, min(done, total), total, None)

    t0 = time.perf_counter()
    if progress is not None:
        progress(DemoStage.STACK, 0, None, None)
    stack = compute_stack(ws, out_path / "stapelkaart", lang=code, on_progress=on_stack)
    timings["stack_s"] = time.perf_counter() - t0
    log.info("stapelkaart written to %s", out_path / "stapelkaart")

    def on_puzzle(province_code: str, done: int, total: int) -> None:
        if progress is not None:
            progress(DemoStage.PUZZLE, done, total, province_code)

    t0 = time.perf_counter()
    if progress is not None:
        progress(DemoStage.PUZZLE, 0, 1 if province else None, None)
    run = solve_spec(ws, "demo", province, elastic=True, progress=on_puzzle, workers=workers)
    run.write(out_path / "puzzel", lang=code)
    timings["puzzle_s"] = time.perf_counter() - t0
    log.info("puzzle run written to %s", out_path / "puzzel")

    # the dossier reads the finished run folder (novex.results), never the run in memory
    t0 = time.perf_counter()
    dossier_path = out_path / "dossier.sqlite"
    dossier_counts = build_demo_dossier(
        dossier_path, run_folder=out_path / "puzzel", workspace=ws.path
    )
    timings["dossier_s"] = time.perf_counter() - t0
    log.info("demo dossier written to %s", dossier_path)
    written: list[Path] = []
    if reports:
        from novex.reports import write_demo_reports

        t0 = time.perf_counter()
        # the demo dossier just built: the arrangements' status and signatories
        db = f"sqlite:///{dossier_path}"
        written = write_demo_reports(
            out_path / "puzzel", out_path / "stapelkaart", out_path / "rapporten", db=db, lang=code
        )
        timings["reports_s"] = time.perf_counter() - t0
        log.info("reports written to %s", out_path / "rapporten")
    timings["total_s"] = time.perf_counter() - start
    log.info(
        "demo done in %.1f s (%s)",
        timings["total_s"],
        ", ".join(f"{k[:-2]} {v:.1f} s" for k, v in timings.items() if k != "total_s"),
    )

    return DemoRun(
        workspace=ws,
        built=built,
        resolution=res,
        reference_counts=counts,
        stack=stack,
        stack_out=out_path / "stapelkaart",
        puzzle=run,
        puzzle_out=out_path / "puzzel",
        dossier_path=dossier_path,
        dossier_counts=dossier_counts,
        timings=timings,
        reports=written,
    )
