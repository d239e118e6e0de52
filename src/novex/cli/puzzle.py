"""``novex puzzle solve``: the provincial ruimtelijke puzzel from a workspace and a TOML spec."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import (
    JsonOption,
    LangOption,
    check_lang,
    cli_errors,
    console,
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


def _default_workspace() -> Path:
    return Path(os.environ.get("NOVEX_WORKSPACE", "."))


def _fmt(ha: float, lang: str) -> str:
    text = f"{ha:,.0f}"
    return text.replace(",", ".") if lang == "nl" else text


def _print(run: Any, lang: str, out: Path | None) -> None:
    from rich.table import Table

    en = lang == "en"
    title = run.spec.puzzle.title_en if en else run.spec.puzzle.title_nl
    head = f"[bold]{title or run.spec.puzzle.name}[/]"
    if run.workspace.synthetic:
        head += "  [white on red] SYNTHETIC [/]" if en else "  [white on red] SYNTHETISCH [/]"
    console.print(head)
    cols = (
        ("province", "status", "gap", "claimed ha", "fits", "falls short")
        if en
        else ("provincie", "status", "gap", "claim ha", "past", "tekort")
    )
    table = Table(*cols)
    for row in run.summary(lang):
        short = ", ".join(f"{f} {_fmt(v, lang)} ha" for f, v in row["short"].items())
        gap = "-" if row["gap"] is None else f"{row['gap']:.1e}"
        table.add_row(
            f"{row['name']} ({row['province']})",
            row["status"],
            gap,
            _fmt(row["demand_ha"], lang),
            ", ".join(row["fits"]) or "-",
            row["text"] if row["status"] == "infeasible" else (short or "-"),
        )
    console.print(table)
    _print_national(run, lang)
    mode = (
        ("elastic" if run.elastic else "strict")
        if en
        else ("elastisch" if run.elastic else "strikt")
    )
    secs = run.timings.get("total", 0.0)
    console.print(f"{'mode' if en else 'modus'}: {mode}; {secs:.1f} s")
    if out is not None:
        console.print(("Output: " if en else "Uitvoer: ") + str(out))


def _print_national(run: Any, lang: str) -> None:
    """Per jointly solved national claim: each province's share next to its capacity share."""
    from rich.table import Table

    en = lang == "en"
    for nat in run.national:
        if nat.get("split") != "joint":
            continue
        if "provinces" not in nat:
            console.print(f"{nat['id']}: {nat.get('message', nat.get('status'))}")
            continue
        price = nat["price"]
        console.print(
            f"[bold]{nat['id']}[/] ({nat['function']}, {_fmt(nat['demand_min'], lang)} ha"
            + (f"; national price {price:.4f})" if en else f"; landelijke prijs {price:.4f})")
        )
        cols = (
            ("province", "ha", "share", "capacity share", "price")
            if en
            else ("provincie", "ha", "aandeel", "aandeel ruimte", "prijs")
        )
        table = Table(*cols)
        for row in nat["provinces"]:
            table.add_row(
                f"{row['province_name']} ({row['province']})",
                _fmt(row["part_ha"], lang),
                f"{100 * row['share']:.1f} %",
                f"{100 * row['capacity_share']:.1f} %",
                f"{row['price']:.4f}",
            )
        console.print(table)
        if nat.get("fairness_cost") is not None:
            cost = nat["fairness_cost"]
            console.print(
                f"fairness rules cost {cost:.4g} suitability"
                if en
                else f"eerlijke verdeling kost {cost:.4g} geschiktheid"
            )


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
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Solve the ruimtelijke puzzel of SPEC per province and print what fits and what falls short."""
    from novex.layers import Workspace
    from novex.puzzle.runner import solve_spec
    from novex.puzzle.spec import load_spec

    check_lang(lang)
    if out is not None and out.exists() and not out.is_dir():
        raise typer.BadParameter(
            f"Invalid value {str(out)!r} for --out: it is a file, not a folder."
        )
    sp = load_spec(spec)
    ws = Workspace.open(workspace if workspace is not None else _default_workspace())
    sp.check_workspace(ws)
    total = 1 if province else None
    with progress("puzzel" if lang == "nl" else "puzzle", total=total) as advance:

        def on_progress(code: str, done: int, n: int) -> None:
            advance(1, description=f"{'puzzel' if lang == 'nl' else 'puzzle'} {code} {done}/{n}")

        run = solve_spec(
            ws,
            sp,
            province,
            elastic=elastic,
            compare_principles=principles,
            progress=on_progress,
        )
    if out is not None:
        run.write(out, lang=lang)
    if as_json:
        emit_json(
            {
                "summary": run.summary(lang),
                "claims": run.claims_table(lang),
                "national": run.national,
                "manifest": run.manifest(),
                "out": str(out) if out is not None else None,
            }
        )
        return
    _print(run, lang, out)
