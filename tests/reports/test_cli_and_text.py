"""``novex report`` on the command line, and Dutch for every message of the templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from typer.testing import CliRunner

import novex.reports
from novex.cli.main import app
from novex.reports.context import ARRANGEMENT_STATUS
from novex.text.translations import missing

TEMPLATES = Path(novex.reports.__file__).parent / "templates"


def test_every_template_message_has_dutch() -> None:
    found = set(ARRANGEMENT_STATUS.values())
    for path in TEMPLATES.glob("*.j2"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', path.read_text(encoding="utf-8")))
    assert len(found) > 100
    assert missing(sorted(found), "nl") == []


def test_every_report_module_message_has_dutch() -> None:
    found = set()
    for path in Path(novex.reports.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                if name == "gettext" and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    assert len(found) > 20
    assert missing(sorted(found), "nl") == []


def _args(report_data, *extra: str) -> list[str]:
    return [*extra, "--run", str(report_data["run"]), "--stack", str(report_data["stack"]),
            "--db", report_data["db"]]  # fmt: skip


def test_cli_writes_the_report_and_says_where(report_data, tmp_path) -> None:
    out = tmp_path / "utrecht.html"
    result = CliRunner().invoke(
        app,
        _args(
            report_data,
            "report",
            "arrangement",
            "UT",
            "--format",
            "html",
            "--out",
            str(out),
            "--lang",
            "en",
        ),
    )
    assert result.exit_code == 0, result.output
    assert "Report written" in result.output and "utrecht.html" in result.output
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


def test_cli_unknown_province_or_version_exits_2_without_a_file(report_data, tmp_path) -> None:
    out = tmp_path / "x.pdf"
    for args in (["arrangement", "Atlantis"], ["arrangement", "UT", "--version", "9"],
                 ["area", "NX99"]):  # fmt: skip
        result = CliRunner().invoke(app, _args(report_data, "report", *args, "--out", str(out)))
        assert result.exit_code == 2, result.output
        assert "Error" in result.output
        assert not out.exists()
    result = CliRunner().invoke(
        app, _args(report_data, "report", "national", "--format", "docx", "--out", str(out))
    )
    assert result.exit_code == 2
    assert "docx" in result.output
