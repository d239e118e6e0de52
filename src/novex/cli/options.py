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
    "cli_errors",
    "console",
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
    """Validate ``--lang``; raise a usage error naming the value."""
    if lang not in ("nl", "en"):
        raise typer.BadParameter(f"Invalid value {lang!r}. Only ('nl', 'en') are supported.")
    return lang


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
