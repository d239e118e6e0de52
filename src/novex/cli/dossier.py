"""``novex dossier``: the programme records database (init, status, show, export, import,
seed-demo) and ``novex dossier arrangement`` (create, show, set-status, diff)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from novex.cli.main import app
from novex.cli.options import JsonOption, LangOption, check_lang, cli_errors, console, emit_json

if TYPE_CHECKING:
    from novex.dossier import Actor, Dossier

__all__ = [
    "DbOption",
    "UserOption",
    "acting_user",
    "arrangement_app",
    "dossier_app",
    "open_dossier",
]

dossier_app = typer.Typer(
    help="Dossier: startpakketten, arrangements, NOVEX areas, process and zienswijzen in a "
    "database (SQLite file by default, PostgreSQL with --db).",
    no_args_is_help=True,
)
arrangement_app = typer.Typer(
    help="Ruimtelijk arrangement: create from a run, show, change status, compare versions.",
    no_args_is_help=True,
)
app.add_typer(dossier_app, name="dossier")
dossier_app.add_typer(arrangement_app, name="arrangement")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $NOVEX_DB, else sqlite:///$NOVEX_HOME/dossier.sqlite); "
        "e.g. postgresql+psycopg://postgres@127.0.0.1:5432/novex.",
    ),
]
UserOption = Annotated[
    str | None,
    typer.Option(
        "--user",
        "-u",
        help="Act as this dossier user (password from $NOVEX_DOSSIER_PASSWORD or a prompt); "
        "default: the local administrator (rijk).",
    ),
]

_T = {
    "nl": {
        "initialised": "Dossier klaar op schema {rev}: {url}",
        "user_added": "Gebruiker {name!r} ({role}) toegevoegd.",
        "schema": "Schema",
        "table": "Tabel",
        "rows": "Rijen",
        "exported": "{n} rijen geëxporteerd naar {out}",
        "imported": "{n} rijen geïmporteerd",
        "seeded": "Demodossier gevuld",
        "created": "Arrangement {id} ({province}) aangemaakt als concept uit run {run}",
        "status_set": "Arrangement {id}: status {status} (versie {version})",
        "example": "VOORBEELD",
    },
    "en": {
        "initialised": "Dossier ready at schema {rev}: {url}",
        "user_added": "User {name!r} ({role}) added.",
        "schema": "Schema",
        "table": "Table",
        "rows": "Rows",
        "exported": "Exported {n} rows to {out}",
        "imported": "Imported {n} rows",
        "seeded": "Demo dossier filled",
        "created": "Arrangement {id} ({province}) created as a concept from run {run}",
        "status_set": "Arrangement {id}: status {status} (version {version})",
        "example": "EXAMPLE",
    },
}


def open_dossier(db: str | None, *, upgrade: bool = True) -> Dossier:
    """The dossier at ``db`` (default: $NOVEX_DB), its schema upgraded unless told not to."""
    from novex.dossier import Dossier

    return Dossier.open(db, upgrade=upgrade)


def acting_user(dossier: Dossier, user: str | None) -> Actor:
    """The actor a command acts as: ``user`` (after its password), else the local admin."""
    from novex.dossier import SYSTEM

    if user is None:
        return SYSTEM
    password = os.environ.get("NOVEX_DOSSIER_PASSWORD")
    if password is None:
        password = typer.prompt(f"Password for {user}", hide_input=True)
    return dossier.authenticate(user, password)


def _safe_url(dossier: Dossier) -> str:
    return dossier.engine.url.render_as_string(hide_password=True)


@dossier_app.command("init")
@cli_errors
def init(
    db: DbOption = None,
    admin: Annotated[
        str | None,
        typer.Option(
            "--admin",
            help="Also add a rijk user with this name (password: "
            "$NOVEX_DOSSIER_PASSWORD or a prompt).",
        ),
    ] = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Create the dossier database or upgrade its schema to this novex."""
    from novex.dossier import SYSTEM
    from novex.dossier.db import current_revision

    t = _T[check_lang(lang)]
    d = open_dossier(db)
    try:
        rev = current_revision(d.engine)
        user = None
        if admin:
            password = os.environ.get("NOVEX_DOSSIER_PASSWORD") or typer.prompt(
                f"Password for {admin}", hide_input=True, confirmation_prompt=True
            )
            user = d.add_user(SYSTEM, admin, "rijk", password)
        if json_out:
            emit_json({"url": _safe_url(d), "schema": rev, "user": user})
            return
        console.print(t["initialised"].format(rev=rev, url=_safe_url(d)), highlight=False)
        if user:
            console.print(t["user_added"].format(name=admin, role="rijk"))
    finally:
        d.close()


@dossier_app.command("status")
@cli_errors
def status(db: DbOption = None, json_out: JsonOption = False, lang: LangOption = "nl") -> None:
    """Schema revision and the number of rows per table."""
    from sqlalchemy import func, select

    from novex.dossier.db import current_revision, head_revision
    from novex.dossier.models import Base

    t = _T[check_lang(lang)]
    d = open_dossier(db, upgrade=False)
    try:
        rev = current_revision(d.engine)
        counts: dict[str, int] = {}
        if rev is not None:
            with d.transaction() as s:
                for tbl in Base.metadata.sorted_tables:
                    counts[tbl.name] = int(s.scalar(select(func.count()).select_from(tbl)) or 0)
        data = {"url": _safe_url(d), "schema": rev, "head": head_revision(), "rows": counts}
    finally:
        d.close()
    if json_out:
        emit_json(data)
        return
    from rich.table import Table as RichTable

    console.print(f"{data['url']}  {t['schema']}: {rev or '-'} (head {data['head']})")
    table = RichTable(t["table"], t["rows"])
    for name, n in counts.items():
        table.add_row(name, str(n))
    console.print(table)


@dossier_app.command("show")
@cli_errors
def show(
    kind: Annotated[str, typer.Argument(help="Record kind: arrangement, startpakket, claim, "
                                        "run, area, action, investment, phase, milestone, "
                                        "decision, planmer_step, zienswijze, instrument_link.")],
    record_id: Annotated[int | None, typer.Argument(help="Record id (default: all).")] = None,
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:  # fmt: skip
    """Show one record, or every record of a kind you may read."""
    from novex.dossier.service import record_class

    t = _T[check_lang(lang)]
    record_class(kind)
    d = open_dossier(db, upgrade=False)
    try:
        actor = acting_user(d, user)
        rows = [d.get(actor, kind, record_id)] if record_id is not None else d.records(actor, kind)
    finally:
        d.close()
    if json_out:
        emit_json(rows if record_id is None else rows[0])
        return
    from rich.table import Table

    if not rows:
        console.print("-")
        return
    skip = ("id", "manifest", "outline_wkb", "certificate", "published")
    keys = ["id", *[k for k in rows[0] if k not in skip]][:9]
    table = Table(*keys)
    for row in rows:
        mark = f" [yellow]{t['example']}[/]" if row.get("example") else ""
        table.add_row(*[_short(row[k]) for k in keys[:-1]], _short(row[keys[-1]]) + mark)
    console.print(table)


def _short(value: Any) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


@dossier_app.command("export")
@cli_errors
def export(
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="JSON file (default: standard output).")
    ] = None,
    db: DbOption = None,
    user: UserOption = None,
    lang: LangOption = "nl",
) -> None:
    """Export the whole dossier as canonical JSON (import restores it byte for byte)."""
    import json

    from novex.grid import atomic_file

    t = _T[check_lang(lang)]
    d = open_dossier(db, upgrade=False)
    try:
        text = d.export_json(acting_user(d, user))
    finally:
        d.close()
    if out is None:
        sys.stdout.write(text)
        return
    with atomic_file(out) as tmp:
        tmp.write_text(text, encoding="utf-8")
    n = sum(len(v) for v in json.loads(text)["tables"].values())
    console.print(t["exported"].format(n=n, out=out), highlight=False)


@dossier_app.command("import")
@cli_errors
def import_(
    path: Annotated[Path, typer.Argument(help="A file written by `novex dossier export`.")],
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Import an export into an empty dossier (all or nothing)."""
    from novex.errors import CLIUsageError

    t = _T[check_lang(lang)]
    if not path.is_file():
        raise CLIUsageError(f"Export file {str(path)!r} does not exist.")
    d = open_dossier(db)
    try:
        counts = d.import_json(acting_user(d, user), path.read_text(encoding="utf-8"))
    finally:
        d.close()
    if json_out:
        emit_json(counts)
        return
    console.print(t["imported"].format(n=sum(counts.values())))


@dossier_app.command("seed-demo")
@cli_errors
def seed_demo(
    run: Annotated[
        Path | None,
        typer.Option("--run", help="A demo puzzle run folder: a concept arrangement per "
                     "province in it (e.g. $NOVEX_HOME/demo-output-100m/puzzel)."),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option("--workspace", "-w", help="Demo workspace whose startpakket to use "
                     "(default: computed from the reference)."),
    ] = None,
    db: DbOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:  # fmt: skip
    """Fill an empty dossier with the demo: 12 startpakketten, arrangements, 16 areas with
    example agendas (marked as examples), and the process timeline."""
    from novex.dossier import SYSTEM
    from novex.dossier.seed import seed_demo as seed

    t = _T[check_lang(lang)]
    d = open_dossier(db)
    try:
        counts = seed(d, SYSTEM, run_folder=run, workspace=workspace)
    finally:
        d.close()
    if json_out:
        emit_json(counts)
        return
    parts = ", ".join(f"{k} {v}" for k, v in counts.items())
    console.print(f"{t['seeded']}: {parts}")


@arrangement_app.command("create")
@cli_errors
def arrangement_create(
    province: Annotated[str, typer.Option("--province", "-p", help="Province code, e.g. NL-UT.")],
    run: Annotated[str, typer.Option("--run", help="Run id in the dossier, or a run folder "
                                     "(imported first).")],
    title: Annotated[str | None, typer.Option("--title", help="Title of the arrangement.")] = None,
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:  # fmt: skip
    """Create a concept arrangement for a province from a puzzle run."""
    from novex.errors import CLIUsageError

    t = _T[check_lang(lang)]
    d = open_dossier(db)
    try:
        actor = acting_user(d, user)
        if run.isdigit():
            run_id = int(run)
        elif Path(run).is_dir():
            run_id = d.import_run(actor, Path(run))["id"]
        else:
            raise CLIUsageError(f"--run {run!r} is neither a run id nor a run folder.")
        arr = d.create_arrangement(actor, province, run_id, title=title)
    finally:
        d.close()
    if json_out:
        emit_json(arr)
        return
    console.print(t["created"].format(id=arr["id"], province=province, run=run_id))
    _print_content(arr, lang)


def _print_content(arr: dict[str, Any], lang: str) -> None:
    from rich.table import Table

    en = lang == "en"
    head = ("function", "agreed ha", "min ha", "max ha", "short ha") if en else (
        "functie", "afgesproken ha", "min ha", "max ha", "tekort ha")  # fmt: skip
    table = Table(*head, title=f"{arr['title']} ({arr['status']}, v{arr['current']})")
    for f, v in arr["content"]["functions"].items():
        table.add_row(f, *(_ha(v[k], lang) for k in
                           ("agreed_ha", "demand_min", "demand_max", "shortfall")))  # fmt: skip
    console.print(table)


def _ha(value: float, lang: str) -> str:
    from novex.text import format_number

    return format_number(value, lang, 1)


@arrangement_app.command("show")
@cli_errors
def arrangement_show(
    arrangement_id: Annotated[int, typer.Argument(help="Arrangement id.")],
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Show an arrangement: current content and its versions."""
    check_lang(lang)
    d = open_dossier(db, upgrade=False)
    try:
        arr = d.show_arrangement(acting_user(d, user), arrangement_id)
    finally:
        d.close()
    if json_out:
        emit_json(arr)
        return
    _print_content(arr, lang)
    for v in arr["versions"]:
        console.print(f"v{v['number']} {v['status']} {v['author']} {v['created_at']} {v['reason']}")


@arrangement_app.command("set-status")
@cli_errors
def arrangement_set_status(
    arrangement_id: Annotated[int, typer.Argument(help="Arrangement id.")],
    new_status: Annotated[str, typer.Argument(help="concept, in_overleg or vastgesteld.")],
    version: Annotated[int, typer.Option("--version", help="The version you read (see show).")],
    reason: Annotated[str, typer.Option("--reason", help="Why (required to reopen).")] = "",
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """Move an arrangement along concept -> in_overleg -> vastgesteld (back only with a reason)."""
    t = _T[check_lang(lang)]
    d = open_dossier(db, upgrade=False)
    try:
        arr = d.set_arrangement_status(
            acting_user(d, user), arrangement_id, version, new_status, reason
        )
    finally:
        d.close()
    if json_out:
        emit_json(arr)
        return
    console.print(
        t["status_set"].format(id=arr["id"], status=arr["status"], version=arr["version"])
    )


@arrangement_app.command("diff")
@cli_errors
def arrangement_diff(
    arrangement_id: Annotated[int, typer.Argument(help="Arrangement id.")],
    a: Annotated[int, typer.Argument(help="Older version number.")],
    b: Annotated[int, typer.Argument(help="Newer version number.")],
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """What moved between two versions of an arrangement (hectares and text)."""
    check_lang(lang)
    d = open_dossier(db, upgrade=False)
    try:
        diff = d.diff_arrangement(acting_user(d, user), arrangement_id, a, b, lang=lang)
    finally:
        d.close()
    if json_out:
        emit_json(diff)
        return
    for line in diff["text"]:
        console.print(line, highlight=False, markup=False)
