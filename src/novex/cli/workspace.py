"""``novex workspace``: build the NL demo workspace and describe a workspace folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import JsonOption, cli_errors, console, emit_json, progress

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


def _print_summary(data: dict[str, Any]) -> None:
    from rich.table import Table

    grid = data["grid"]
    console.print(
        f"[bold]{data['name']}[/] {data['path']}  {grid['crs']}  {grid['resolution']} m  "
        f"{grid['shape'][0]} x {grid['shape'][1]} cellen"
    )
    if data["synthetic"]:
        console.print(f"[yellow]SYNTHETISCH[/] {data['note'] or ''}")
    table = Table("laag", "soort", "eenheid", "belangen", "synthetisch", "sha256")
    for layer in data["layers"]:
        table.add_row(
            layer["name"],
            layer["kind"],
            layer["units"],
            ",".join(map(str, layer["interests"])),
            "ja" if layer["synthetic"] else "nee",
            (layer["sha256"] or "")[:12],
        )
    console.print(table)
    for key, entry in data["tables"].items():
        console.print(f"tabel {key}: {entry['file']}")
    if data["verify"]["ok"]:
        console.print("[green]verify: alle bestanden kloppen met het manifest[/]")
    else:
        console.print(f"[red]verify: afwijkend of ontbrekend: {data['verify']['mismatched']}[/]")


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
) -> None:
    """Build the embedded NL demo workspace (synthetic layers, schematic boundaries)."""
    from novex.demo import build_demo_workspace, build_steps
    from novex.grid import parse_resolution

    res = parse_resolution(resolution)
    with progress(f"Demo-werkruimte {res} m", total=build_steps(res), quiet=json_out) as advance:
        ws = build_demo_workspace(out, res, progress=advance, overwrite=force)
    data = _summary(ws, ws.verify())
    if json_out:
        emit_json(data)
    else:
        _print_summary(data)


@workspace_app.command("info")
@cli_errors
def info(
    path: Annotated[Path, typer.Argument(help="Workspace folder (holds workspace.json).")],
    json_out: JsonOption = False,
) -> None:
    """Describe a workspace: layers, kinds, synthetic flags, hashes, and verify the files."""
    from novex.layers import Workspace

    ws = Workspace.open(path)
    data = _summary(ws, ws.verify())
    if json_out:
        emit_json(data)
    else:
        _print_summary(data)
