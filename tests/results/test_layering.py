"""results sits above puzzle and stack: they never import it, and it never imports the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import novex

SRC = Path(novex.__file__).parent


def _imports(part: str) -> set[tuple[str, str]]:
    found = set()
    for path in (SRC / part).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {(path.name, a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add((path.name, node.module))
    return found


@pytest.mark.parametrize(
    ("part", "forbidden"),
    [
        ("puzzle", "novex.results"),
        ("stack", "novex.results"),
        ("results", "novex.cli"),
        ("results", "novex.web"),
        ("results", "novex.reports"),
        ("results", "novex.dossier"),
    ],
)
def test_no_upward_import(part: str, forbidden: str) -> None:
    bad = sorted(
        (f, m) for f, m in _imports(part) if m == forbidden or m.startswith(forbidden + ".")
    )
    assert bad == [], f"{part} imports {forbidden}: {bad}"


def test_the_check_sees_imports() -> None:
    assert ("run.py", "novex.results.folder") in _imports("results")
