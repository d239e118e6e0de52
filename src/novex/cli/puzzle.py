"""``novex puzzle solve``: the provincial ruimtelijke puzzel from a workspace and a TOML spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import (
    JsonOption,
    LangOption,
    WorkersOption,
    check_lang,
    cli_errors,
    console,
    default_workspace,
    emit_json,
    progress,
)

__all__ = ["puzzle_app", "solve"]

puzzle_app = typer.Typer(
    name="puzzle",
    help="The ruimtelijke puzzel: claims + rules + suitability -> a certified allocation.",
    no_args_is_help=True,
)
app.add_typer(puzzle_app, name="puzzle")


def _print(run: Any, lang: str, out: Path | None) -> None:
    from rich.table import Table

    from novex.text import format_gap, format_hectares, format_number, gettext, status_label

    def _(message: str) -> str:
        return gettext(message, lang)

    title = run.spec.puzzle.title_en if lang == "en" else run.spec.puzzle.title_nl
    head = f"[bold]{title or run.spec.puzzle.name}[/]"
    if run.workspace.synthetic:
        head += f"  [white on red] {_('SYNTHETIC')} [/]"
    console.print(head)
    cols = (
        "province",
        "status",
        "optimality gap",
        "claimed ha",
        "fits",
        "falls short",
        "coherence",
    )
    table = Table()
    for col in cols:
        table.add_column(_(col), no_wrap=col in ("province", "status"))
    for row in run.summary(lang):
        short = ", ".join(f"{f} {format_hectares(v, lang)}" for f, v in row["short"].items())
        table.add_row(
            f"{row['name']} ({row['province']})",
            status_label(row["status"], lang),
            format_gap(row["gap"], lang),
            format_number(row["demand_ha"], lang),
            ", ".join(row["fits"]) or "-",
            row["text"] if row["status"] == "infeasible" else (short or "-"),
            row.get("coherence") or "-",
        )
    console.print(table)
    if len(run.provinces) == 1 and run.provinces[0].areas:
        from novex.puzzle.areas import area_lines

        console.print(f"[bold]{_('NOVEX-gebieden')}[/]")
        for line in area_lines(run.provinces[0].areas, lang):
            console.print(f"  {line}")
    _print_national(run, lang)
    mode = _("elastic" if run.elastic else "strict")
    secs = format_number(run.timings.get("total", 0.0), lang, 1)
    console.print(f"{_('mode')}: {mode}; {secs} s")
    if out is not None:
        console.print(f"{_('Output')}: {out}")


def _print_national(run: Any, lang: str) -> None:
    """Per jointly solved national claim: each province's share next to its capacity share."""
    from rich.table import Table

    from novex.text import format_hectares, format_number, format_percent, gettext

    def _(message: str, **values: Any) -> str:
        return gettext(message, lang, **values)

    for nat in run.national:
        if nat.get("split") != "joint":
            continue
        if "provinces" not in nat:
            console.print(f"{nat['id']}: {nat.get('message', nat.get('status'))}")
            continue
        price = format_number(nat["price"], lang, 4)
        head = _("{function}, {hectares}; national price {price}",
                 function=nat["function"], hectares=format_hectares(nat["demand_min"], lang),
                 price=price)  # fmt: skip
        console.print(f"[bold]{nat['id']}[/] ({head})")
        table = Table(_("province"), "ha", _("share"), _("capacity share"), _("price"))
        for row in nat["provinces"]:
            table.add_row(
                f"{row['province_name']} ({row['province']})",
                format_number(row["part_ha"], lang),
                format_percent(row["share"], lang, 1),
                format_percent(row["capacity_share"], lang, 1),
                format_number(row["price"], lang, 4),
            )
        console.print(table)
        if nat.get("fairness_cost") is not None:
            cost = format_number(nat["fairness_cost"], lang, 4)
            console.print(_("the fairness rules cost {cost} in suitability", cost=cost))


@puzzle_app.command("solve")
@cli_errors
def solve(
    spec: Annotated[
        str, typer.Argument(help="Puzzle spec (TOML file), or 'demo' for the packaged spec.")
    ],
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace folder (default: $NOVEX_WORKSPACE or '.')."
        ),
    ] = None,
    province: Annotated[
        str | None,
        typer.Option("--province", "-p", help="One province (code, name or id); default all 12."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write the allocation raster and tables into this folder."
        ),
    ] = None,
    elastic: Annotated[
        bool,
        typer.Option(
            "--elastic/--strict",
            help="Elastic: claims that do not fit fall short (highest priority first). "
            "Strict: a province whose claims do not fit is reported with its conflicts.",
        ),
    ] = True,
    principles: Annotated[
        bool,
        typer.Option(
            "--compare-principles/--no-compare-principles",
            help="Solve again with each weighing principle switched off to report what it changed.",
        ),
    ] = False,
    workers: WorkersOption = None,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Solve the ruimtelijke puzzel of SPEC per province and print what fits and what falls short."""
    from novex.layers import Workspace
    from novex.puzzle.runner import solve_spec
    from novex.puzzle.spec import load_spec
    from novex.text import gettext

    lang = check_lang(lang)
    if out is not None and out.exists() and not out.is_dir():
        raise typer.BadParameter(
            f"Invalid value {str(out)!r} for --out: it is a file, not a folder."
        )
    sp = load_spec(spec)
    ws = Workspace.open(workspace if workspace is not None else default_workspace())
    sp.check_workspace(ws)
    total = 1 if province else None
    with progress(gettext("Puzzle", lang), total=total) as advance:

        def on_progress(code: str, done: int, n: int) -> None:
            advance(
                1,
                description=gettext(
                    "Puzzle {code} {done}/{total}", lang, code=code, done=done, total=n
                ),
            )

        run = solve_spec(
            ws,
            sp,
            province,
            elastic=elastic,
            compare_principles=principles,
            progress=on_progress,
            workers=workers,
        )
    if out is not None:
        run.write(out, lang=lang)
    if as_json:
        from novex.puzzle.outputs import run_manifest

        emit_json(
            {
                "summary": run.summary(lang),
                "claims": run.claims_table(lang),
                "national": run.national,
                "coherence": run.coherence_table(),
                "areas": run.area_table(),
                "manifest": run_manifest(run, lang),
                "out": str(out) if out is not None else None,
            }
        )
        return
    _print(run, lang, out)
