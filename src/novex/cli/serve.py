"""``novex serve``: the web atlas, the dossier portal and the JSON API on one address."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from novex.cli.main import app
from novex.cli.options import cli_errors, console

__all__ = ["serve", "serve_command"]


def serve_command(workspace: Path, out: Path, db: str | None = None) -> str:
    """The ``novex serve`` command line that opens the given workspace and outputs."""
    cmd = f"novex serve --workspace {workspace} --out {out}"
    return cmd + (f" --db {db}" if db else "")


@app.command("serve")
@cli_errors
def serve(
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Workspace folder (default: the demo workspace)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder holding stapelkaart/ and puzzel/ (default: the demo outputs).",
        ),
    ] = None,
    run: Annotated[
        Path | None, typer.Option("--run", help="Puzzle run folder (default: OUT/puzzel).")
    ] = None,
    stack: Annotated[
        Path | None, typer.Option("--stack", help="Stapelkaart folder (default: OUT/stapelkaart).")
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option("--reports", help="Folder of PDF reports (default: OUT/rapporten)."),
    ] = None,
    scenarios: Annotated[
        Path | None,
        typer.Option(
            "--scenarios",
            help="Scenario batch folder shown as layers (default: OUT/scenarios when present).",
        ),
    ] = None,
    resolution: Annotated[
        int,
        typer.Option("--resolution", "-r", help="Resolution of the demo folders (default 100)."),
    ] = 100,
    db: Annotated[
        str | None, typer.Option("--db", help="Dossier database URL (default: $NOVEX_DB).")
    ] = None,
    host: Annotated[str | None, typer.Option("--host", help="Address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option("--port", help="Port (default 8000).")] = None,
    https: Annotated[
        bool, typer.Option("--https", help="Served behind https: Secure cookies and HSTS.")
    ] = False,
    consultation: Annotated[
        str,
        typer.Option(
            "--consultation",
            help="Zienswijze form: auto (open while a phase is 'lopend'), open or closed.",
        ),
    ] = "auto",
) -> None:
    """Serve the atlas, the portal and the API (stop with Ctrl+C)."""
    import uvicorn

    from novex.errors import CLIUsageError
    from novex.settings import get_settings
    from novex.web.app import create_app
    from novex.web.config import WebConfig
    from novex.workflow import demo_paths

    settings = get_settings()
    if port is not None and not 1 <= port <= 65535:
        raise typer.BadParameter(f"{port!r} is not a port from 1 to 65535.", param_hint="'--port'")
    ws_default, out_default = demo_paths(settings.home, resolution)
    out = out or out_default
    run = run or out / "puzzel"
    stack = stack or out / "stapelkaart"
    workspace = workspace or ws_default
    reports = reports or out / "rapporten"
    scenarios = scenarios or out / "scenarios"
    if not run.exists() and not stack.exists():
        raise CLIUsageError(
            f"Neither a puzzle run {str(run)!r} nor a stapelkaart {str(stack)!r} exists; run "
            "`novex demo` first, or give --out (or --run / --stack)."
        )
    config = WebConfig.from_paths(
        run=run if run.exists() else None,
        stack=stack if stack.exists() else None,
        workspace=workspace if workspace.exists() else None,
        db=db or settings.db,
        secure_cookies=https,
        consultation=consultation,
        reports=reports if reports.is_dir() else None,
        scenarios=scenarios if scenarios.is_dir() else None,
    )
    web_app = create_app(config)
    host = host or settings.web_host
    port = port or settings.web_port
    console.print(f"novex: http://{host}:{port}/  ({run}, {stack}, {config.db})")
    uvicorn.run(web_app, host=host, port=port, log_level="info", server_header=False)
