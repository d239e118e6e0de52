"""Options and output helpers shared by every ``novex`` subcommand.

Library code never prints; the CLI turns results into text or JSON here, and turns
:class:`~novex.errors.NovexError` into a one-line message with exit code 2.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from novex.errors import NovexError

__all__ = [
    "JsonOption",
    "LangOption",
    "StageProgress",
    "check_lang",
    "cli_errors",
    "console",
    "default_workspace",
    "emit_json",
    "err_console",
    "progress",
]

console = Console()
err_console = Console(stderr=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON (for scripts).")]
LangOption = Annotated[
    str, typer.Option("--lang", help="Language of user-facing text: nl (default) or en.")
]
WorkspaceOption = Annotated[
    Path, typer.Option("--workspace", "-w", help="Workspace folder (default: the demo workspace).")
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        help="Processes solving provinces at the same time (default: $NOVEX_WORKERS, "
        "else the number of cores; 1 = one after another).",
    ),
]

F = TypeVar("F", bound=Callable[..., Any])


def cli_errors(func: F) -> F:
    """Turn a :class:`NovexError` raised by ``func`` into a message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NovexError as err:
            err_console.print(f"[bold red]Error:[/] {err}", highlight=False, markup=True)
            raise typer.Exit(code=2) from err

    return wrapper  # type: ignore[return-value]


def _default(obj: Any) -> Any:
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serialisable")


def emit_json(data: Any) -> None:
    """Write ``data`` as indented JSON to stdout."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def check_lang(lang: str) -> str:
    """Validate ``--lang`` (see :func:`novex.text.parse_lang`); a usage error names the value."""
    from novex.errors import LanguageError
    from novex.text import parse_lang

    try:
        return parse_lang(lang).value
    except LanguageError as err:
        raise typer.BadParameter(str(err), param_hint="'--lang'") from err


def default_workspace() -> Path:
    """The workspace folder when ``--workspace`` is not given: ``$NOVEX_WORKSPACE`` or '.'."""
    from novex.settings import get_settings

    return get_settings().workspace


@contextmanager
def progress(description: str, total: float | None = None, quiet: bool = False) -> Iterator[Any]:
    """A rich progress bar on stderr; yields a callable ``advance(n=1, description=None)``."""
    prog = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f}" if total else ""),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet or not err_console.is_terminal,
    )
    with prog:
        task = prog.add_task(description, total=total)

        def advance(n: float = 1, description: str | None = None) -> None:
            if description is not None:
                prog.update(task, description=description)
            prog.advance(task, n)

        yield advance


class StageProgress:
    """One rich progress bar per stage of a library workflow, on stderr.

    Call it as the workflow's progress callback ``(stage, done, total, detail)``; a
    stage seen for the first time gets a new bar labelled ``labels[stage]`` (the
    label in the user's language), and ``detail`` is shown after the label.
    Use as a context manager around the call.
    """

    def __init__(
        self, labels: dict[str, str], quiet: bool = False, details: frozenset[str] | None = None
    ) -> None:
        self._labels = labels
        self._details = details
        self._tasks: dict[str, Any] = {}
        self._prog = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:.0f}/{task.total:.0f}"),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=quiet or not err_console.is_terminal,
        )

    def __enter__(self) -> StageProgress:
        self._prog.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._prog.__exit__(None, None, None)

    def __call__(self, stage: str, done: int, total: int | None, detail: str | None) -> None:
        key = str(stage)
        label = self._labels.get(key, key)
        if key not in self._tasks:
            for task in self._tasks.values():  # the previous stage is finished
                self._prog.update(task, visible=False)
            self._tasks[key] = self._prog.add_task(label, total=total)
        show = detail and (self._details is None or key in self._details)
        description = f"{label} {detail}" if show else label
        self._prog.update(self._tasks[key], completed=done, total=total, description=description)
