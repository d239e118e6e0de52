"""``novex report``: the startpakket, arrangement, NOVEX-gebied and national reports.

Each subcommand reads a finished puzzle run (``--run``), the stapelkaart (``--stack``)
and the dossier (``--db``), by default the ones ``novex demo`` writes under
``$NOVEX_HOME``, and writes one HTML or PDF file (``--out``). An unknown province, area
or version is reported with exit code 2 and no file is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from novex.cli.main import app
from novex.cli.options import JsonOption, LangOption, check_lang, cli_errors, console, emit_json

__all__ = ["report_app"]

report_app = typer.Typer(
    name="report",
    help="Reports as accessible HTML or PDF: startpakket, arrangement, area, national.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

FormatOption = Annotated[str, typer.Option("--format", "-f", help="html or pdf (default).")]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="File to write (default: REPORT_KEY.FORMAT here)."),
]
RunOption = Annotated[
    Path | None,
    typer.Option(
        "--run",
        help="Puzzle run folder (default: the demo's, $NOVEX_HOME/demo-output-<res>m/puzzel).",
    ),
]
StackOption = Annotated[
    Path | None, typer.Option("--stack", help="Stapelkaart folder (default: the demo's).")
]
DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Dossier database URL (default: $NOVEX_DB or the SQLite file)."),
]
WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace", "-w", help="Workspace of the run (default: the one in its manifest)."
    ),
]
ResolutionOption = Annotated[
    int,
    typer.Option(
        "--resolution", "-r", help="Which demo output to read by default: 25, 100 or 250 m."
    ),
]


def _make(
    kind: str, key: str | None, fmt: str, out: Path | None, lang: str, run: Path | None,
    stack: Path | None, db: str | None, workspace: Path | None, resolution: int,
    version: int | None, json_out: bool,
) -> None:  # fmt: skip
    from novex.reports import ReportInputs, demo_inputs, make_report
    from novex.text import gettext

    lang = check_lang(lang)
    fmt = fmt.strip().lower()
    if fmt not in ("html", "pdf"):
        raise typer.BadParameter(
            f"{fmt!r} is not a format; choose html or pdf.", param_hint="'--format'"
        )
    demo = demo_inputs(None, resolution, db)
    inputs = ReportInputs(
        run=run or demo.run, stack=stack or demo.stack, db=db, workspace=workspace
    )
    if out is None:
        name = kind if key is None else f"{kind}_{key.replace(' ', '_')}"
        out = Path(f"{name}.{fmt}")
    try:
        path = make_report(kind, inputs, out, fmt=fmt, lang=lang, key=key, version=version)
    finally:
        inputs.close()
    if json_out:
        emit_json({"report": kind, "key": key, "format": fmt, "lang": lang, "path": str(path)})
        return
    console.print(f"{gettext('Report written', lang)}: {path}")


@report_app.command("startpakket")
@cli_errors
def startpakket(
    province: Annotated[str, typer.Argument(help="Province: code (NL-UT, UT) or name.")],
    fmt: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "nl",
    run: RunOption = None, stack: StackOption = None, db: DbOption = None,
    workspace: WorkspaceOption = None, resolution: ResolutionOption = 100,
    json_out: JsonOption = False,
) -> None:  # fmt: skip
    """The startpakket of a province: its national claims and interests, with sources."""
    _make("startpakket", province, fmt, out, lang, run, stack, db, workspace, resolution, None,
          json_out)  # fmt: skip


@report_app.command("arrangement")
@cli_errors
def arrangement(
    province: Annotated[str, typer.Argument(help="Province: code (NL-UT, UT) or name.")],
    version: Annotated[
        int | None, typer.Option("--version", help="Version of the arrangement (default: current).")
    ] = None,
    fmt: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "nl",
    run: RunOption = None, stack: StackOption = None, db: DbOption = None,
    workspace: WorkspaceOption = None, resolution: ResolutionOption = 100,
    json_out: JsonOption = False,
) -> None:  # fmt: skip
    """The ruimtelijk arrangement of a province: allocation, claims, certificate, dossier."""
    _make("arrangement", province, fmt, out, lang, run, stack, db, workspace, resolution,
          version, json_out)  # fmt: skip


@report_app.command("area")
@cli_errors
def area(
    area: Annotated[str, typer.Argument(help="NOVEX-gebied: code (NX05) or name.")],
    fmt: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "nl",
    run: RunOption = None, stack: StackOption = None, db: DbOption = None,
    workspace: WorkspaceOption = None, resolution: ResolutionOption = 100,
    json_out: JsonOption = False,
) -> None:  # fmt: skip
    """A NOVEX-gebied: ontwikkelperspectief, uitvoeringsagenda, investeringsagenda, progress."""
    _make("area", area, fmt, out, lang, run, stack, db, workspace, resolution, None, json_out)


@report_app.command("national")
@cli_errors
def national(
    fmt: FormatOption = "pdf", out: OutOption = None, lang: LangOption = "nl",
    run: RunOption = None, stack: StackOption = None, db: DbOption = None,
    workspace: WorkspaceOption = None, resolution: ResolutionOption = 100,
    json_out: JsonOption = False,
) -> None:  # fmt: skip
    """The national overview: the 12 puzzles side by side, shortfall, process timeline."""
    _make("national", None, fmt, out, lang, run, stack, db, workspace, resolution, None, json_out)
