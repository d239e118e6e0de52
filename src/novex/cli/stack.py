"""``novex stack``: the stapelkaart of a workspace (rasters, tables, maps)."""

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
    emit_json,
    progress,
)

__all__ = ["stack"]


def _fmt(ha: float, lang: str) -> str:
    text = f"{ha:,.0f}"
    return text.replace(",", ".") if lang == "nl" else text


def _print(result: Any, region: str | None, lang: str, out: Path | None) -> None:
    from rich.table import Table

    from novex.stack import top_pairs

    en = lang == "en"
    summary = result.summary(region, lang)
    console.print(
        f"[bold]{'Stapelkaart' if not en else 'Stack map'}: {summary['region']}[/]"
        + ("  [white on red] SYNTHETISCH [/]" if result.synthetic and not en else "")
        + ("  [white on red] SYNTHETIC [/]" if result.synthetic and en else "")
    )
    table = Table(*(("interest", "name", "ha") if en else ("belang", "naam", "ha")))
    cells = [(r["interest"], r["name"], _fmt(r["hectares"], lang)) for r in summary["interests"]]
    cells += [
        (r["interest"], r["name"], ("not mapped: " if en else "niet op de kaart: ") + r["reason"])
        for r in summary["not_mapped"]
    ]
    for n, name, value in sorted(cells):
        table.add_row(str(n), name, value)
    console.print(table)
    label3 = "claimed by 3 or more interests" if en else "geclaimd door 3 of meer belangen"
    console.print(f"{label3}: {_fmt(summary['claimed_3plus_ha'], lang)} ha")
    top = top_pairs(result, region, n=3, lang=lang)
    for cls, title in (
        ("conflict", "Top conflicts" if en else "Grootste conflicten"),
        ("koppelkans", "Top synergies (koppelkansen)" if en else "Grootste koppelkansen"),
    ):
        console.print(f"[bold]{title}[/]")
        if not top[cls]:
            console.print("  -")
        for p in top[cls]:
            console.print(
                f"  {p.name_a} + {p.name_b}: {_fmt(p.hectares, lang)} ha"
                f" ({p.concept or '-'}) {p.rationale}"
            )
    if out is not None:
        console.print(("Output: " if en else "Uitvoer: ") + str(out))


@app.command("stack")
@cli_errors
def stack(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    province: Annotated[
        str | None,
        typer.Option("--province", "-p", help="Report on one province (name or id)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder (default: WORKSPACE/stapelkaart)."),
    ] = None,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", help="Rows per block (0: whole array at once).")
    ] = 1024,
    maps: Annotated[bool, typer.Option("--maps/--no-maps", help="Draw PNG maps.")] = True,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Compute the stapelkaart: overlap count, dominant combination, hectares, maps."""
    from novex.errors import CLIUsageError
    from novex.layers import Workspace
    from novex.stack import compute_stack, regions_of

    check_lang(lang)
    if chunk_rows < 0:
        raise typer.BadParameter(f"Invalid value {chunk_rows!r}: need 0 or more rows.")
    ws = Workspace.open(workspace)
    map_regions: list[int | str | None] | None = None
    if province is not None:
        names = {r.name.lower(): r.id for r in regions_of(ws) if r.id > 0}
        key = province.strip().lower()
        if key not in names and not (key.isdigit() and int(key) in names.values()):
            raise CLIUsageError(
                f"Invalid --province {province!r}. Choose one of "
                f"{[r.name for r in regions_of(ws) if r.id > 0]}."
            )
        map_regions = [None, province]
    target = out if out is not None else ws.path / "stapelkaart"
    with progress("stapelkaart" if lang == "nl" else "stack map", total=None) as advance:
        last = [0]

        def on_progress(done: int, total: int) -> None:
            advance(done - last[0], description=f"stapelkaart {done}/{total}")
            last[0] = done

        result = compute_stack(
            ws,
            target,
            chunk_rows=chunk_rows or None,
            maps=maps,
            map_regions=map_regions,
            lang=lang,
            on_progress=on_progress,
        )
    if as_json:
        data = result.to_dict(lang)
        if province is not None:
            data["selected"] = result.summary(province, lang)
        emit_json(data)
        return
    _print(result, province, lang, target)
