"""The shape of the package: import contracts, module size, cycles, private names.

The import contracts live in ``pyproject.toml`` (``[tool.importlinter]``) and run in
``.ci/run`` as ``lint-imports``; the tests here show that they pass on the tree and fail
on a violating import, so a contract that checks nothing would be caught.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "novex"
PYPROJECT = ROOT / "pyproject.toml"

MAX_LINES = 600

LAYERS = "novex layers"
ENGINE = "novex.puzzle.engine imports nothing of novex but novex.errors"
ENGINE_LIBS = "novex.puzzle.engine is pure arrays"
SIBLINGS = "puzzle and stack are siblings"

_LINT = "from importlinter.cli import lint_imports_command; lint_imports_command()"


def _modules(src: Path = SRC) -> Iterator[tuple[str, Path]]:
    for path in sorted((src / "novex").rglob("*.py")):
        parts = path.relative_to(src).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield ".".join(parts), path


def _lint(src: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``lint-imports`` with the project's contracts on the package under ``src``."""
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", _LINT, "--no-cache", "--no-logo", str(PYPROJECT)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_with(tmp_path: Path, edits: dict[str, str]) -> Path:
    """A copy of ``src/novex`` with ``edits`` (relative path -> line) appended."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src / "novex", ignore=shutil.ignore_patterns("__pycache__"))
    for rel, line in edits.items():
        path = src / "novex" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        path.write_text(text + f"\n{line}\n", encoding="utf-8")
    return src


def test_import_contracts_hold_on_the_tree(tmp_path: Path) -> None:
    result = _lint(SRC, tmp_path)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "4 kept, 0 broken" in out


@pytest.mark.parametrize(
    ("edits", "contract", "culprit"),
    [
        # a lower part importing the CLI breaks the layering
        ({"grid/spec.py": "import novex.cli"}, LAYERS, "novex.grid.spec -> novex.cli"),
        # an optional layer counts as soon as its package exists
        (
            {"results/__init__.py": "import novex.dossier", "dossier/__init__.py": ""},
            LAYERS,
            "novex.results -> novex.dossier",
        ),
        ({"puzzle/runner.py": "import novex.stack.compute"}, SIBLINGS, "novex.stack.compute"),
        (
            {"puzzle/engine/problem.py": "import novex.grid"},
            ENGINE,
            "novex.puzzle.engine.problem -> novex.grid",
        ),
        (
            {"puzzle/engine/dual.py": "from novex.puzzle import spec"},
            ENGINE,
            "novex.puzzle.engine.dual -> novex.puzzle.spec",
        ),
        ({"puzzle/engine/dual.py": "import xarray"}, ENGINE_LIBS, "xarray"),
    ],
    ids=[
        "grid-imports-cli",
        "results-imports-dossier",
        "puzzle-imports-stack",
        "engine-imports-grid",
        "engine-imports-spec",
        "engine-imports-xarray",
    ],
)
def test_import_contracts_fail_on_a_violating_import(
    tmp_path: Path, edits: dict[str, str], contract: str, culprit: str
) -> None:
    src = _copy_with(tmp_path, edits)
    result = _lint(src, tmp_path)
    out = " ".join((result.stdout + result.stderr).split())
    assert result.returncode != 0, out
    broken = out.partition("Broken contracts")[2]
    assert contract in broken, out
    assert culprit in broken, out


def test_no_module_is_over_600_lines() -> None:
    long = {
        name: n
        for name, path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, f"split these modules (lines): {long}"


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[v])
                if low[v] == index[v]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp.append(w)
                        if w == v:
                            break
                    out.append(sorted(comp))
    return out


def _folder(module: str) -> str:
    """The package folder a module lives in (a package's ``__init__`` is in its own folder)."""
    path = SRC.joinpath(*module.split("."))
    return module if path.is_dir() else module.rpartition(".")[0]


def test_strongly_connected_finds_a_cycle() -> None:
    edges = {"a.x": {"b.y"}, "b.y": {"a.z"}, "a.z": {"a.x"}, "c": {"a.x"}}
    assert _strongly_connected(edges) == [["a.x", "a.z", "b.y"], ["c"]]


def test_no_import_cycle_crosses_folders() -> None:
    graph = grimp.build_graph("novex", cache_dir=None)
    edges = {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    crossing = [
        comp
        for comp in _strongly_connected(edges)
        if len(comp) > 1 and len({_folder(m) for m in comp}) > 1
    ]
    assert crossing == [], f"import cycles across folders: {crossing}"


def _private_imports(src: Path = SRC) -> list[str]:
    """``from novex.x import _name`` (or ``import novex.x._y``) outside the defining module."""
    found = []
    for name, path in _modules(src):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if not node.module.startswith("novex"):
                    continue
                for alias in node.names:
                    private = alias.name.startswith("_") and not alias.name.startswith("__")
                    if private or any(p.startswith("_") for p in node.module.split(".")):
                        found.append(f"{name}: from {node.module} import {alias.name}")
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    if parts[0] == "novex" and any(
                        p.startswith("_") and not p.startswith("__") for p in parts
                    ):
                        found.append(f"{name}: import {alias.name}")
            elif isinstance(node, ast.ImportFrom) and node.level > 0:
                found.append(f"{name}: relative import from {'.' * node.level}{node.module or ''}")
    return found


def test_private_import_detector_sees_one(tmp_path: Path) -> None:
    src = _copy_with(
        tmp_path,
        {
            "grid/spec.py": "from novex.puzzle.engine.dual import _CHUNK",
            "layers/workspace.py": "from . import registry",
        },
    )
    found = set(_private_imports(src)) - set(_private_imports())
    assert found == {
        "novex.grid.spec: from novex.puzzle.engine.dual import _CHUNK",
        "novex.layers.workspace: relative import from .",
    }


def test_no_private_name_imported_across_modules() -> None:
    found = _private_imports()
    assert found == [], found


def test_test_modules_have_unique_names() -> None:
    # tests/ is not a package: pytest imports test modules by their file name, so two
    # test files with one name in different folders stop the whole run at collection
    names = [p.name for p in (Path(__file__).parent).rglob("*.py") if p.name != "conftest.py"]
    assert sorted({n for n in names if names.count(n) > 1}) == []
