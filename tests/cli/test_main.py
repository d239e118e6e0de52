from __future__ import annotations

import typer
from typer.testing import CliRunner

from novex import __version__
from novex.cli.main import app
from novex.cli.options import cli_errors
from novex.errors import GridError

runner = CliRunner()


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"novex {__version__}"


def test_help_lists_the_parts():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("reference", "workspace", "demo"):
        assert command in result.output


def test_novex_errors_become_exit_code_2_with_the_message():
    @cli_errors
    def fails() -> None:
        raise GridError("Invalid resolution 30. Only (25, 100, 250) metres are supported.")

    probe = typer.Typer()
    probe.command()(fails)
    result = runner.invoke(probe, [])
    assert result.exit_code == 2
    assert "Invalid resolution 30" in result.output


def test_a_library_logging_at_info_is_not_shown_at_the_default_level():
    # distributed sets its own loggers to INFO; the terminal shows warnings and up only
    import logging

    from novex.cli.main import main

    main(version=False, verbose=0, quiet=False)
    lib = logging.getLogger("distributed.scheduler")
    lib.setLevel(logging.INFO)
    (handler,) = logging.getLogger().handlers
    shown = [
        level
        for level in (logging.INFO, logging.WARNING)
        if lib.isEnabledFor(level) and level >= handler.level
    ]
    assert shown == [logging.WARNING]
