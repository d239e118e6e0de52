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
