"""``novex layers``: the layer registry of a workspace (list layers, add a user's file)."""

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
)

__all__ = ["layers_app"]

layers_app = typer.Typer(
    help="The layer registry of a workspace: list layers, add your own GeoTIFF or GeoPackage.",
    no_args_is_help=True,
)
app.add_typer(layers_app, name="layers")


def _workspace_path(workspace: Path | None) -> Path:
    if workspace is not None:
        return workspace
    return default_workspace()


@layers_app.command("list")
@cli_errors
def list_layers(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Workspace folder (default: $NOVEX_WORKSPACE or '.')."
        ),
    ] = None,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """List the layers of a workspace with their kind and national interests."""
    from novex.layers import Workspace

    lang = check_lang(lang)
    ws = Workspace.open(_workspace_path(workspace))
    rows: list[dict[str, Any]] = [
        {
            "name": s.name,
            "kind": s.kind.value,
            "title": s.title(lang),
            "units": s.units,
            "interests": list(s.interests),
            "synthetic": s.synthetic,
            "source": s.source,
            "file": s.file,
        }
        for s in ws.layers.values()
    ]
    if as_json:
        emit_json({"workspace": str(ws.path), "layers": rows})
        return
    from rich.table import Table

    from novex.text import gettext

    table = Table(*(gettext(c, lang) for c in ("layer", "kind", "title", "interests", "synthetic")))
    yes, no = gettext("yes", lang), gettext("no", lang)
    for row in rows:
        table.add_row(
            row["name"],
            row["kind"],
            row["title"],
            ",".join(map(str, row["interests"])),
            yes if row["synthetic"] else no,
        )
    console.print(table)


@layers_app.command("add")
@cli_errors
def add(
    file: Annotated[Path, typer.Argument(help="A GeoTIFF or GeoPackage/GeoJSON/Shapefile.")],
    workspace: Annotated[Path, typer.Option("--workspace", "-w", help="Workspace folder.")],
    name: Annotated[str, typer.Option("--name", help="Layer name: lower-case, digits, '_'.")],
    kind: Annotated[
        str, typer.Option("--kind", help="claim, protection, constraint, suitability, ...")
    ],
    interest: Annotated[
        list[int],
        typer.Option("--interest", help="Number (1-21) of a national interest; repeat for more."),
    ],
    title: Annotated[str | None, typer.Option("--title", help="Title for maps.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Provenance.")] = None,
    synthetic: Annotated[
        bool, typer.Option("--synthetic", help="Mark the layer as generated, not measured.")
    ] = False,
    resample: Annotated[
        str | None,
        typer.Option(
            "--resample",
            help="Warp a raster in another CRS/resolution/alignment onto the grid "
            "(nearest, average, bilinear, mode, ...).",
        ),
    ] = None,
    column: Annotated[
        str | None, typer.Option("--column", help="Vector column to burn (default: 1).")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a layer of that name.")
    ] = False,
    as_json: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Bring a GeoTIFF or GeoPackage into a workspace as a registered layer."""
    from novex.errors import GridError
    from novex.layers import Workspace, import_layer

    lang = check_lang(lang)
    ws = Workspace.open(workspace)
    try:
        spec = import_layer(
            ws,
            file,
            name=name,
            kind=kind,
            interests=interest,
            title=title,
            source=source,
            synthetic=synthetic,
            resample=resample,
            column=column,
            replace=replace,
        )
    except GridError as err:
        if resample is None and "resample=" in str(err):
            raise GridError(f"{err} (on the command line: --resample nearest)") from err
        raise
    if as_json:
        emit_json(spec.model_dump(mode="json"))
        return
    from novex.text import gettext

    msg = gettext(
        "Layer {name!r} added ({kind}, interests {interests}).",
        lang,
        name=spec.name,
        kind=spec.kind.value,
        interests=list(spec.interests),
    )
    console.print(msg)
