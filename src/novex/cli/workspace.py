"""``novex workspace``: build the NL demo workspace and describe a workspace folder."""

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

__all__ = ["workspace_app"]

workspace_app = typer.Typer(
    help="Workspaces: folders of layers on the national grid (build the demo, inspect one).",
    no_args_is_help=True,
)
app.add_typer(workspace_app, name="workspace")


def _summary(ws: Any, bad: list[str]) -> dict[str, Any]:
    return {
        "path": str(ws.path),
        "name": ws.name,
        "grid": ws.grid.to_dict(),
        "synthetic": bool(ws.info.get("synthetic", ws.synthetic)),
        "note": ws.info.get("note"),
        "provenance": ws.info.get("provenance", []),
        "layers": [
            {
                "name": s.name,
                "kind": s.kind.value,
                "units": s.units,
                "interests": list(s.interests),
                "synthetic": s.synthetic,
                "file": s.file,
                "sha256": s.sha256,
            }
            for s in ws.layers.values()
        ],
        "tables": {k: {"file": v["file"], "sha256": v.get("sha256")} for k, v in ws.tables.items()},
        "verify": {"ok": not bad, "mismatched": bad},
    }


def _print_summary(data: dict[str, Any], lang: str) -> None:
    from rich.table import Table

    from novex.text import gettext

    def _(message: str, **values: Any) -> str:
        return gettext(message, lang, **values)

    grid = data["grid"]
    cells = _("{rows} x {cols} cells", rows=grid["shape"][0], cols=grid["shape"][1])
    console.print(
        f"[bold]{data['name']}[/] {data['path']}  {grid['crs']}  {grid['resolution']} m  {cells}"
    )
    if data["synthetic"]:
        console.print(f"[yellow]{_('SYNTHETIC')}[/] {data['note'] or ''}")
    table = Table(*(_(c) for c in ("layer", "kind", "units", "interests", "synthetic")), "sha256")
    for layer in data["layers"]:
        table.add_row(
            layer["name"],
            layer["kind"],
            layer["units"],
            ",".join(map(str, layer["interests"])),
            _("yes") if layer["synthetic"] else _("no"),
            (layer["sha256"] or "")[:12],
        )
    console.print(table)
    for key, entry in data["tables"].items():
        console.print(_("table {key}: {file}", key=key, file=entry["file"]))
    if data["verify"]["ok"]:
        console.print(f"[green]{_('verify: every file matches the manifest')}[/]")
    else:
        bad = data["verify"]["mismatched"]
        console.print(f"[red]{_('verify: different or missing: {files}', files=bad)}[/]")


@workspace_app.command("build")
@cli_errors
def build(
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write the workspace to.")],
    resolution: Annotated[
        str, typer.Option("--resolution", "-r", help="Cell size in metres: 25, 100 or 250.")
    ] = "100",
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing, non-empty folder.")
    ] = False,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Build the embedded NL demo workspace (synthetic layers, schematic boundaries)."""
    from novex.demo import build_demo_workspace, build_steps
    from novex.grid import parse_resolution
    from novex.text import gettext

    lang = check_lang(lang)
    res = parse_resolution(resolution)
    label = gettext("Demo workspace {res} m", lang, res=res)
    with progress(label, total=build_steps(res), quiet=json_out) as advance:
        # the build's step notes are English: the bar keeps the label in ``lang``
        ws = build_demo_workspace(
            out, res, progress=lambda n=1, description=None: advance(n), overwrite=force
        )
    data = _summary(ws, ws.verify())
    if json_out:
        emit_json(data)
    else:
        _print_summary(data, lang)


@workspace_app.command("info")
@cli_errors
def info(
    path: Annotated[Path, typer.Argument(help="Workspace folder (holds workspace.json).")],
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Describe a workspace: layers, kinds, synthetic flags, hashes, and verify the files."""
    from novex.layers import Workspace

    lang = check_lang(lang)
    ws = Workspace.open(path)
    data = _summary(ws, ws.verify())
    if json_out:
        emit_json(data)
    else:
        _print_summary(data, lang)
