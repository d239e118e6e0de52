"""The ``novex`` command group: global options and the registry of subcommands."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from novex import __version__
from novex.cli.options import err_console

app = typer.Typer(
    name="novex",
    help="novex: NOVI, NOVEX and Mooi Nederland as a planning tool.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"novex {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log output.")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors.")] = False,
) -> None:
    """Set up logging for the library (library modules only log, never print)."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    from rich.logging import RichHandler

    logging.basicConfig(
        level=level,
        format="%(message)s",
        # the handler filters too: libraries that set their own loggers' levels (distributed
        # logs at INFO) would otherwise print below the chosen level
        handlers=[RichHandler(level=level, show_path=False, console=err_console)],
        force=True,
    )


def _register() -> None:
    """Attach every subcommand module; each registers itself on ``app`` when imported."""
    from novex.cli import (  # noqa: F401
        demo,
        dossier,
        dossier_users,
        layers,
        puzzle,
        reference,
        report,
        scenarios,
        serve,
        stack,
        workspace,
    )


_register()
