"""``novex demo``: run every part of novex on the embedded NL demo workspace.

Builds the demo workspace on first use (offline, deterministic), then runs the parts
that exist in order of the one-way flow: the reference model, the stapelkaart and the
twelve provincial puzzles, and prints a short summary (or ``--json``). Re-running is
safe: a workspace whose files match its manifest is reused; outputs are replaced whole.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import (
    JsonOption,
    LangOption,
    check_lang,
    cli_errors,
    console,
    emit_json,
    progress,
)

__all__ = ["default_home"]

_STATUS = {
    "nl": {
        "optimal": "optimaal",
        "within-gap": "binnen tolerantie",
        "within-integrality": "binnen heelcelmarge",
        "above-gap": "boven tolerantie",
        "elastic": "elastisch (tekort)",
        "infeasible": "past niet",
    },
    "en": {
        "optimal": "optimal",
        "within-gap": "within tolerance",
        "within-integrality": "within whole-cell margin",
        "above-gap": "above tolerance",
        "elastic": "elastic (shortfall)",
        "infeasible": "does not fit",
    },
}
"""The engine's certificate statuses in words (see ``novex.puzzle.SolveStatus``)."""

_T = {
    "nl": {
        "ws_reuse": "Demowerkruimte hergebruikt",
        "ws_built": "Demowerkruimte gebouwd",
        "synthetic": "SYNTHETISCH: gegenereerde fysieke lagen en schematische grenzen; niet voor besluiten.",
        "reference": "NOVI-referentiemodel",
        "stack": "Stapelkaart: grootste conflicten en koppelkansen per provincie",
        "puzzle": "Ruimtelijke puzzel per provincie",
        "province": "provincie",
        "conflict": "conflict",
        "koppelkans": "koppelkans",
        "multi": "3+ belangen",
        "result": "uitkomst",
        "gap": "gat (gecertificeerd)",
        "status": "certificaat",
        "outputs": "Uitvoer",
        "none": "geen",
    },
    "en": {
        "ws_reuse": "Demo workspace reused",
        "ws_built": "Demo workspace built",
        "synthetic": "SYNTHETIC: generated physical layers and schematic boundaries; not for decisions.",
        "reference": "NOVI reference model",
        "stack": "Stapelkaart: largest conflicts and koppelkansen per province",
        "puzzle": "Ruimtelijke puzzel per province",
        "province": "province",
        "conflict": "conflict",
        "koppelkans": "koppelkans",
        "multi": "3+ interests",
        "result": "result",
        "gap": "gap (certified)",
        "status": "certificate",
        "outputs": "Outputs",
        "none": "none",
    },
}


def default_home() -> Path:
    """Where the demo keeps its workspace and outputs: ``$NOVEX_HOME`` or the user cache."""
    env = os.environ.get("NOVEX_HOME")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "novex"


def _workspace(path: Path, resolution: int, rebuild: bool, quiet: bool) -> tuple[Any, bool]:
    from novex.demo import build_demo_workspace, build_steps
    from novex.errors import WorkspaceError
    from novex.layers import Workspace

    if path.exists() and not rebuild:
        try:
            ws = Workspace.open(path)
        except WorkspaceError:
            ws = None
        if ws is not None and ws.grid.resolution == resolution and not ws.verify():
            return ws, False
    with progress("Demowerkruimte bouwen", total=build_steps(resolution), quiet=quiet) as advance:
        ws = build_demo_workspace(path, resolution, advance, overwrite=True)
    return ws, True


def _fmt_ha(value: float, lang: str) -> str:
    text = f"{value:,.0f} ha"
    return text.replace(",", ".") if lang == "nl" else text


@app.command("demo")
@cli_errors
def demo(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace", "-w", help="Demo workspace folder (default: $NOVEX_HOME/demo-<res>m)."
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Folder for the outputs (default: $NOVEX_HOME/demo-output-<res>m)."
        ),
    ] = None,
    resolution: Annotated[
        int, typer.Option("--resolution", "-r", help="Cell size: 25, 100 or 250 m.")
    ] = 100,
    province: Annotated[
        str | None,
        typer.Option(
            "--province", "-p", help="Solve the puzzle of this province only (default: all 12)."
        ),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Build the workspace again.")] = False,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Run novex end to end on the embedded NL demo workspace."""
    from novex.grid import parse_resolution
    from novex.puzzle.runner import solve_spec
    from novex.reference import KINDS, load_reference
    from novex.stack import compute_stack, top_pairs

    lang = check_lang(lang)
    t = _T[lang]
    res = parse_resolution(resolution)
    home = default_home()
    ws_path = workspace or home / f"demo-{res}m"
    out_path = out or home / f"demo-output-{res}m"
    quiet = json_out
    timings: dict[str, float] = {}

    t0 = time.perf_counter()
    ws, built = _workspace(ws_path, res, rebuild, quiet)
    timings["workspace_s"] = time.perf_counter() - t0

    ref = load_reference()
    counts = {kind: len(ref.items(kind)) for kind in KINDS}

    t0 = time.perf_counter()
    with progress("Stapelkaart", total=None, quiet=quiet):
        stack = compute_stack(ws, out_path / "stapelkaart", lang=lang)
    timings["stack_s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with progress("Puzzels", total=1 if province else 12, quiet=quiet) as advance:
        run = solve_spec(
            ws,
            "demo",
            province,
            elastic=True,
            progress=lambda code, done, total: advance(1, code),
        )
        run.write(out_path / "puzzel", lang=lang)
    timings["puzzle_s"] = time.perf_counter() - t0

    stack_rows = []
    for region in stack.provinces:
        pairs = top_pairs(stack, region.id, n=1, lang=lang)
        stack_rows.append(
            {
                "province": region.name,
                "conflict": [p.to_dict() for p in pairs["conflict"]],
                "koppelkans": [p.to_dict() for p in pairs["koppelkans"]],
                "claimed_3plus_ha": stack.claimed_hectares(region.id, min_interests=3),
            }
        )
    puzzle_rows = run.summary(lang)
    result = {
        "workspace": {
            "path": str(ws.path),
            "resolution": res,
            "built": built,
            "synthetic": ws.synthetic,
        },
        "reference": counts,
        "stack": {"out": str(out_path / "stapelkaart"), "provinces": stack_rows},
        "puzzle": {
            "out": str(out_path / "puzzel"),
            "max_gap": max((r["gap"] for r in puzzle_rows if r["gap"] is not None), default=None),
            "provinces": puzzle_rows,
        },
        "timings": timings,
    }
    if json_out:
        emit_json(result)
        return
    _print(result, stack_rows, puzzle_rows, t, lang)


def _pair_text(pairs: list[dict[str, Any]], lang: str, none: str) -> str:
    if not pairs:
        return none
    p = pairs[0]
    return f"{p['name_a']} + {p['name_b']}: {_fmt_ha(p['hectares'], lang)}"


def _print(
    result: dict[str, Any],
    stack_rows: list[dict[str, Any]],
    puzzle_rows: list[dict[str, Any]],
    t: dict[str, str],
    lang: str,
) -> None:
    from rich.table import Table

    ws = result["workspace"]
    console.print(
        f"[bold]{t['ws_built'] if ws['built'] else t['ws_reuse']}[/]: {ws['path']} ({ws['resolution']} m)"
    )
    if ws["synthetic"]:
        console.print(f"[bold yellow]{t['synthetic']}[/]")
    ref = result["reference"]
    console.print(f"\n[bold]{t['reference']}[/]: " + ", ".join(f"{k} {v}" for k, v in ref.items()))

    table = Table(title=t["stack"], title_justify="left")
    for col in ("province", "conflict", "koppelkans", "multi"):
        table.add_column(t[col])
    for row in stack_rows:
        table.add_row(
            row["province"],
            _pair_text(row["conflict"], lang, t["none"]),
            _pair_text(row["koppelkans"], lang, t["none"]),
            _fmt_ha(row["claimed_3plus_ha"], lang),
        )
    console.print(table)

    table = Table(title=t["puzzle"], title_justify="left")
    for col in ("province", "result", "gap", "status"):
        table.add_column(t[col])
    table.add_column("coherence" if lang == "en" else "samenhang")
    table.columns[0].no_wrap = True
    statuses = _STATUS["en" if lang == "en" else "nl"]
    for row in puzzle_rows:
        gap = "-" if row["gap"] is None else f"{row['gap']:.1e}"
        table.add_row(
            row["name"],
            row["text"],
            gap,
            statuses.get(row["status"], row["status"]),
            row.get("coherence") or "-",
        )
    console.print(table)
    console.print(f"{t['outputs']}: {result['stack']['out']}, {result['puzzle']['out']}")
