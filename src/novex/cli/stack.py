"""``novex stack``: the stapelkaart of a workspace (rasters, tables, maps)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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

if TYPE_CHECKING:
    from novex.reference import Region

__all__ = ["stack"]


def _print(
    result: Any, region: Region | None, lang: str, out: Path | None, title: str | None = None
) -> None:
    from rich.table import Table

    from novex.stack import top_pairs
    from novex.text import format_hectares, format_number, gettext

    def _(message: str) -> str:
        return gettext(message, lang)

    summary = result.summary(region, lang)
    console.print(
        f"[bold]{_('Stack map')}: {title or summary['region']}[/]"
        + (f"  [white on red] {_('SYNTHETIC')} [/]" if result.synthetic else "")
    )
    table = Table(_("interest"), _("name"), "ha")
    cells = [
        (r["interest"], r["name"], format_number(r["hectares"], lang)) for r in summary["interests"]
    ]
    cells += [
        (r["interest"], r["name"], _("not mapped: {reason}").format(reason=r["reason"]))
        for r in summary["not_mapped"]
    ]
    for n, name, value in sorted(cells):
        table.add_row(str(n), name, value)
    console.print(table)
    if title is not None:
        console.print(f"{_('area')}: {format_hectares(summary['area_ha'], lang)}")
    label3 = _("claimed by 3 or more interests")
    console.print(f"{label3}: {format_hectares(summary['claimed_3plus_ha'], lang)}")
    top = top_pairs(result, region, n=3, lang=lang)
    for cls, title in (
        ("conflict", _("Top conflicts")),
        ("koppelkans", _("Top synergies (koppelkansen)")),
    ):
        console.print(f"[bold]{title}[/]")
        if not top[cls]:
            console.print("  -")
        for p in top[cls]:
            console.print(
                f"  {p.name_a} + {p.name_b}: {format_hectares(p.hectares, lang)}"
                f" ({p.concept or '-'}) {p.rationale}"
            )
    if out is not None:
        console.print(f"{_('Output')}: {out}")


@app.command("stack")
@cli_errors
def stack(
    workspace: Annotated[Path, typer.Argument(help="Workspace folder.")],
    province: Annotated[
        str | None,
        typer.Option("--province", "-p", help="Report on one province (code, name or raster id)."),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area", "-a", help="Report on one NOVEX-gebied (code such as NX07, or name)."
        ),
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
    from novex.errors import CLIUsageError, ReferenceLookupError
    from novex.layers import Workspace
    from novex.reference import region
    from novex.stack import compute_stack, provinces_of
    from novex.text import gettext

    lang = check_lang(lang)
    if chunk_rows < 0:
        raise typer.BadParameter(f"Invalid value {chunk_rows!r}: need 0 or more rows.")
    ws = Workspace.open(workspace)
    map_regions: list[Region | None] | None = None
    selected: Region | None = None
    if province is not None:
        known = provinces_of(ws)
        try:
            selected = region(province, kind="province")
        except ReferenceLookupError:
            selected = None
        if selected not in known:
            raise CLIUsageError(
                f"Invalid --province {province!r}. Choose one of {[p.name_nl for p in known]}."
            )
        map_regions = [None, selected]
    selected_area: Region | None = None
    if area is not None:
        from novex.layers.areas import AREA_LAYER
        from novex.stack.areas import area_region

        if province is not None:
            raise CLIUsageError("Use --province or --area, not both.")
        try:
            selected_area = area_region(area)
        except ReferenceLookupError as exc:
            raise CLIUsageError(f"Invalid --area {area!r}: {exc}") from exc
        if AREA_LAYER not in ws.layers:
            raise CLIUsageError(
                f"Workspace {str(ws.path)!r} has no {AREA_LAYER!r} layer, so --area {area!r} "
                "cannot be shown. Rebuild the demo workspace (`novex workspace build`) or import "
                f"the outlines as a uint16 bitmask layer {AREA_LAYER!r} (bit k-1 for NXkk) with "
                "`novex layers import`."
            )
        map_regions = [None]
    target = out if out is not None else ws.path / "stapelkaart"
    with progress(gettext("Stack map", lang), total=None) as advance:
        last = [0]

        def on_progress(done: int, total: int) -> None:
            label = gettext("Stack map {done}/{total}", lang, done=done, total=total)
            advance(done - last[0], description=label)
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
    if selected_area is not None:
        from novex.stack.areas import area_stack

        sub = area_stack(result, ws, selected_area)
        title = f"{selected_area.code} {selected_area.name(lang)}"
        if as_json:
            data = result.to_dict(lang)
            data["selected"] = {
                **sub.summary(None, lang),
                "region": title,
                "area": sub.info["area"],
            }
            emit_json(data)
            return
        _print(sub, None, lang, target, title=title)
        return
    if as_json:
        data = result.to_dict(lang)
        if selected is not None:
            data["selected"] = result.summary(selected, lang)
        emit_json(data)
        return
    _print(result, selected, lang, target)
