"""``novex scenarios run`` and ``novex scenarios compare``: toekomstperspectieven side by side."""

from __future__ import annotations

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
    default_workspace,
    emit_json,
    progress,
)

__all__ = ["compare", "run", "scenarios_app"]

scenarios_app = typer.Typer(
    name="scenarios",
    help="Toekomstperspectieven: many puzzles (horizons x climate x demand), on Dask.",
    no_args_is_help=True,
)
app.add_typer(scenarios_app, name="scenarios")


@scenarios_app.command("run")
@cli_errors
def run(
    spec: Annotated[
        str, typer.Argument(help="Scenario spec (TOML file), or 'demo' for the packaged set.")
    ],
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace folder (default: $NOVEX_WORKSPACE or '.')."
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Batch folder: one sub-folder per scenario.")
    ] = Path("scenarios"),
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-n", help="Worker processes of the local Dask cluster; 0: serial."
        ),
    ] = 2,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Address of an existing Dask scheduler (tcp://host:8786)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Run also the scenarios whose inputs are unchanged.")
    ] = False,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads",
            help="Engine threads per scenario (default: 1 on Dask workers, the engine's own "
            "when serial).",
        ),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Run every scenario of SPEC and write its puzzle run and afwenteling test into OUT."""
    from novex.layers import Workspace
    from novex.scenarios import run_scenarios
    from novex.text import gettext

    lang = check_lang(lang)
    if workers < 0:
        raise typer.BadParameter(f"Invalid value {workers!r} for --workers: expected 0 or more.")
    if threads is not None and threads < 1:
        raise typer.BadParameter(f"Invalid value {threads!r} for --threads: expected 1 or more.")
    if scheduler is not None and workers != 2:
        raise typer.BadParameter("Give either --workers or --scheduler, not both.")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(
            f"Invalid value {str(out)!r} for --out: it is a file, not a folder."
        )
    ws = Workspace.open(workspace if workspace is not None else default_workspace())
    import logging

    from novex.scenarios.run import plan_scenarios

    # the local cluster's scheduler runs in this process: keep its INFO lines off the screen
    root_level = logging.getLogger().getEffectiveLevel()
    logging.getLogger("distributed").setLevel(max(logging.WARNING, root_level))

    total = len(plan_scenarios(spec, ws, out, lang=lang))
    with progress(gettext("Scenarios", lang), total=total) as advance:

        def on_progress(sid: str, status: str, done: int, n: int) -> None:
            advance(1, description=gettext("Scenario {id}: {status}", lang, id=sid,
                                           status=_status(status, lang)))  # fmt: skip

        result = run_scenarios(
            spec, ws, out, workers=workers, scheduler=scheduler, force=force, threads=threads,
            lang=lang, progress=on_progress,
        )  # fmt: skip
    if as_json:
        emit_json(result.to_dict())
    else:
        _print_batch(result, lang)
    if result.failed:
        raise typer.Exit(1)


def _status(status: str, lang: str) -> str:
    from novex.text import gettext

    words = {"ok": "done", "skipped": "unchanged, skipped", "failed": "failed"}
    return gettext(words.get(status, status), lang)


def _print_batch(result: Any, lang: str) -> None:
    from rich.table import Table

    from novex.text import format_number, gettext

    table = Table()
    for col in ("scenario", "status", "seconds", "peak memory (MB)", "message"):
        table.add_column(gettext(col, lang))
    for o in result.outcomes:
        table.add_row(
            o.id,
            _status(o.status, lang),
            format_number(o.seconds, lang, 1),
            format_number(o.peak_rss_mb, lang, 0) if o.peak_rss_mb else "-",
            o.error or "-",
        )
    console.print(table)
    console.print(
        gettext("{n} scenarios in {s} s ({mode}); output: {out}", lang, n=len(result.outcomes),
                s=format_number(result.seconds, lang, 1), mode=result.mode, out=result.out)
    )  # fmt: skip


@scenarios_app.command("compare")
@cli_errors
def compare(
    folder: Annotated[Path, typer.Argument(help="Batch folder written by `novex scenarios run`.")],
    diff: Annotated[
        tuple[str, str] | None,
        typer.Option("--diff", help="Write the difference map of scenario B against A (A B)."),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Print the indicators of every scenario in FOLDER side by side."""
    from novex.scenarios.compare import compare_scenarios, difference_map

    lang = check_lang(lang)
    comp = compare_scenarios(folder)
    maps = None
    if diff is not None:
        tif, png = difference_map(folder, diff[0], diff[1], lang=lang)
        maps = {"geotiff": str(tif), "png": str(png)}
    if as_json:
        emit_json({**comp.to_dict(), "difference_map": maps})
        return
    _print_comparison(comp, lang)
    if maps is not None:
        console.print(f"{maps['geotiff']}\n{maps['png']}")


def _print_comparison(comp: Any, lang: str) -> None:
    from rich.table import Table

    from novex.text import format_number, gettext

    head = gettext("Scenarios side by side", lang)
    if comp.synthetic:
        head += f"  [white on red] {gettext('SYNTHETIC', lang)} [/]"
    console.print(f"[bold]{head}[/]")
    table = Table()
    table.add_column(gettext("indicator", lang))
    table.add_column(gettext("unit", lang))
    for sid in comp.scenarios:
        table.add_column(sid, justify="right")
    for row in comp.rows:
        if row.key.startswith("shortfall_ha:") and row.key != "shortfall_ha:total":
            if not any(v for v in row.values.values()):
                continue
        digits = {"max_gap": 6, "solved": 0}.get(row.key, 1)
        cells = [
            "-" if row.values[s] is None else format_number(row.values[s], lang, digits)
            for s in comp.scenarios
        ]
        table.add_row(_label(row.key, lang), gettext(row.unit, lang) if row.unit else "", *cells)
    console.print(table)


def _label(key: str, lang: str) -> str:
    from novex.text import gettext

    name, _, rest = key.partition(":")
    labels = {
        "function_ha": "hectares for {x}",
        "shortfall_ha": "shortfall {x}",
        "tier_ha": "wonen in tier {x}",
        "tier_homes": "homes in tier {x}",
        "flood_prone_ha": "new use on flood-prone cells",
        "peat_converted_ha": "peat converted",
        "multifunctional_ha": "multifunctional (koppelkansen used)",
        "suitability": "total suitability",
        "dual_bound": "dual bound",
        "max_gap": "largest gap",
        "solved": "provinces solved",
        "afwenteling_ha": "out of rule at the later horizon",
        "afwenteling_ha_without": "out of rule at the later horizon, without afwenteling",
    }
    x = rest.replace("total", gettext("total", lang)) if rest else ""
    return gettext(labels.get(name, name), lang, x=x) if name in labels else key
