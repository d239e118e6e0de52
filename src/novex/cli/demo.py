"""``novex demo``: run every part of novex on the embedded NL demo workspace.

A thin layer over :func:`novex.workflow.run_demo`: parse the options, call it with a
progress bar, print a short summary (or ``--json``). Every word and figure comes
from :mod:`novex.text` in the language of ``--lang``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import (
    JsonOption,
    LangOption,
    StageProgress,
    WorkersOption,
    check_lang,
    cli_errors,
    console,
    emit_json,
)

if TYPE_CHECKING:
    from novex.workflow import DemoRun

__all__ = ["demo"]


def stage_labels(lang: str) -> dict[str, str]:
    """The progress label of each demo stage in ``lang``."""
    from novex.text import gettext

    return {
        "workspace": gettext("Building the demo workspace", lang),
        "stack": gettext("Stack map", lang),
        "puzzle": gettext("Puzzles", lang),
    }


@app.command("demo")
@cli_errors
def demo(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Demo workspace folder (default: $NOVEX_HOME/demo-<res>m)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Folder for the outputs (default: $NOVEX_HOME/demo-output-<res>m)."
        ),
    ] = None,
    resolution: Annotated[
        int, typer.Option("--resolution", "-r", help="Cell size: 25, 100 or 250 m.")
    ] = 100,
    province: Annotated[
        str | None,
        typer.Option(
            "--province", "-p", help="Solve the puzzle of this province only (default: all 12)."
        ),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the workspace again.")] = False,
    workers: WorkersOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Run novex end to end on the embedded NL demo workspace."""
    from novex.grid import parse_resolution
    from novex.settings import get_settings
    from novex.workflow import run_demo

    lang = check_lang(lang)
    res = parse_resolution(resolution)
    home = get_settings().home
    # the province code after "Puzzels" reads the same in both languages; the
    # workspace build's step notes are English, so they are not shown
    with StageProgress(stage_labels(lang), quiet=json_out, details=frozenset({"puzzle"})) as bars:
        run = run_demo(
            home,
            res,
            province,
            workspace=workspace,
            out=out,
            rebuild=rebuild,
            lang=lang,
            progress=bars,
            workers=workers,
        )
    if json_out:
        emit_json(run.to_dict(lang))
        return
    print_demo(run, lang)


def _pair_text(pairs: list[dict[str, Any]], lang: str) -> str:
    from novex.text import format_hectares, gettext

    if not pairs:
        return gettext("none", lang)
    p = pairs[0]
    return f"{p['name_a']} + {p['name_b']}: {format_hectares(p['hectares'], lang)}"


def print_demo(run: DemoRun, lang: str) -> None:
    """Print the summary of a demo run in ``lang``."""
    from rich.table import Table

    from novex.text import format_gap, format_hectares, gettext, status_label

    def _(message: str) -> str:
        return gettext(message, lang)

    ws = run.workspace
    built = _("Demo workspace built") if run.built else _("Demo workspace reused")
    console.print(f"[bold]{built}[/]: {ws.path} ({run.resolution} m)")
    if ws.synthetic:
        console.print(
            "[bold yellow]"
            + _("SYNTHETIC: generated physical layers and schematic boundaries; not for decisions.")
            + "[/]"
        )
    counts = ", ".join(f"{_(k)} {v}" for k, v in run.reference_counts.items())
    console.print(f"\n[bold]{_('NOVI reference model')}[/]: {counts}")

    table = Table(
        title=_("Stapelkaart: largest conflicts and koppelkansen per province"),
        title_justify="left",
    )
    for col in ("province", "conflict", "koppelkans", "3+ interests"):
        table.add_column(_(col))
    for row in run.stack_rows(lang):
        table.add_row(
            row["province"],
            _pair_text(row["conflict"], lang),
            _pair_text(row["koppelkans"], lang),
            format_hectares(row["claimed_3plus_ha"], lang),
        )
    console.print(table)

    table = Table(title=_("Ruimtelijke puzzel per province"), title_justify="left")
    for col in ("province", "result", "optimality gap", "certificate", "coherence"):
        table.add_column(_(col), no_wrap=col == "province")
    for row in run.puzzle_rows(lang):
        table.add_row(
            row["name"],
            row["text"],
            format_gap(row["gap"], lang),
            status_label(row["status"], lang),
            row.get("coherence") or "-",
        )
    console.print(table)
    console.print(f"{_('Outputs')}: {run.stack_out}, {run.puzzle_out}")
    print_dossier(run, lang)
    if run.reports:
        console.print(f"{_('Reports')}: {run.reports[0].parent} ({len(run.reports)} PDF)")
    from novex.cli.serve import serve_command

    out = run.puzzle_out.parent
    console.print(
        f"{_('Open the atlas')}: {serve_command(run.workspace.path, out)}", highlight=False
    )
    if "total_s" in run.timings:
        console.print(timing_line(run.timings, lang, reused=not run.built), highlight=False)


def format_duration(seconds: float, lang: str) -> str:
    """``1 min 42 s``, ``42 s``, ``0,4 s`` (one decimal below 10 s) in ``lang``.

    Examples
    --------
    >>> format_duration(102.4, "nl"), format_duration(42.0, "en"), format_duration(0.44, "nl")
    ('1 min 42 s', '42 s', '0,4 s')
    """
    from novex.text import format_number, gettext

    if seconds >= 59.5:
        minutes, rest = divmod(round(seconds), 60)
        return gettext("{minutes} min {seconds} s", lang, minutes=minutes, seconds=rest)
    decimals = 1 if seconds < 9.95 else 0
    return gettext("{seconds} s", lang, seconds=format_number(seconds, lang, decimals))


_STAGE_WORDS = {
    "workspace_s": "workspace",
    "stack_s": "stapelkaart",
    "puzzle_s": "puzzles",
    "dossier_s": "dossier",
    "reports_s": "reports",
}


def timing_line(timings: dict[str, float], lang: str, *, reused: bool = False) -> str:
    """The closing line of ``novex demo``: the total and the wall time of each stage.

    Examples
    --------
    >>> t = {"workspace_s": 31.2, "stack_s": 6.1, "puzzle_s": 47.6, "reports_s": 15.3,
    ...      "total_s": 102.4}
    >>> print(timing_line(t, "nl"))
    Klaar in 1 min 42 s (werkruimte 31 s, stapelkaart 6,1 s, puzzels 48 s, rapporten 15 s)
    >>> print(timing_line({"workspace_s": 0.31, "total_s": 0.5}, "en", reused=True))
    Done in 0.5 s (workspace reused 0.3 s)
    """
    from novex.text import gettext

    parts = []
    for key, word in _STAGE_WORDS.items():
        if key not in timings:
            continue
        if key == "workspace_s" and reused:
            word = "workspace reused"
        parts.append(f"{gettext(word, lang)} {format_duration(timings[key], lang)}")
    total = format_duration(timings["total_s"], lang)
    return gettext("Done in {total} ({stages})", lang, total=total, stages=", ".join(parts))


def print_dossier(run: DemoRun, lang: str) -> None:
    """Print where the demo dossier is, what it holds and how to open it, in ``lang``."""
    from novex.text import gettext, ngettext

    forms = {
        "startpakket": ("{n} startpakket", "{n} startpakketten"),
        "arrangement": (
            "{n} ruimtelijk arrangement (concept)",
            "{n} ruimtelijke arrangementen (concept)",
        ),
        "area": (
            "{n} NOVEX-gebied with example agendas",
            "{n} NOVEX-gebieden with example agendas",
        ),
        "phase": ("{n} phase of the aanscherping NOVI", "{n} phases of the aanscherping NOVI"),
    }
    counts = ", ".join(
        ngettext(one, many, run.dossier_counts.get(kind, 0), lang)
        for kind, (one, many) in forms.items()
    )
    console.print(f"[bold]{gettext('Demo dossier', lang)}[/]: {run.dossier_path}")
    console.print(counts)
    command = f"novex dossier status --db sqlite:///{run.dossier_path}"
    console.print(gettext("Open it with: {command}", lang, command=command), soft_wrap=True)
