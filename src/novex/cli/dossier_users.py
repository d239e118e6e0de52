"""``novex dossier user``: add the users of the portal (only the Rijk may) and list them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from novex.cli.dossier import DbOption, UserOption, acting_user, dossier_app, open_dossier
from novex.cli.options import JsonOption, LangOption, check_lang, cli_errors, console, emit_json

__all__ = ["user_app"]

user_app = typer.Typer(
    help="Portal users: add a user with a role (password from a prompt or standard input).",
    no_args_is_help=True,
)
dossier_app.add_typer(user_app, name="user")

_T = {
    "nl": {
        "added": "Gebruiker {name!r} ({role}) toegevoegd.",
        "prompt": "Wachtwoord voor {name}",
        "empty": "Het wachtwoord is leeg; geef een wachtwoord van minstens {n} tekens.",
        "short": "Het wachtwoord heeft {k} tekens; geef er minstens {n}.",
    },
    "en": {
        "added": "User {name!r} ({role}) added.",
        "prompt": "Password for {name}",
        "empty": "The password is empty; give a password of at least {n} characters.",
        "short": "The password has {k} characters; give at least {n}.",
    },
}

MIN_PASSWORD = 8
"""The shortest password accepted."""


def _password(name: str, stdin: bool, t: dict[str, str]) -> str:
    from novex.errors import CLIUsageError

    if stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(t["prompt"].format(name=name), hide_input=True,
                                confirmation_prompt=True)  # fmt: skip
    if not password:
        raise CLIUsageError(t["empty"].format(n=MIN_PASSWORD))
    if len(password) < MIN_PASSWORD:
        raise CLIUsageError(t["short"].format(k=len(password), n=MIN_PASSWORD))
    return password


@user_app.command("add")
@cli_errors
def user_add(
    name: Annotated[str, typer.Argument(help="User name (the login name).")],
    role: Annotated[
        str,
        typer.Option("--role", help="rijk, provincie:CODE (e.g. provincie:NL-UT), "
                     "gebiedsteam:AREA (e.g. gebiedsteam:NX05) or publiek."),
    ],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of "
                     "standard input (for scripts) instead of a prompt."),
    ] = False,
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:  # fmt: skip
    """Add a portal user; the password is stored only as an argon2id hash."""
    from novex.dossier.roles import parse_role

    t = _T[check_lang(lang)]
    parse_role(role)  # a bad role fails before the password is asked
    password = _password(name, password_stdin, t)
    d = open_dossier(db)
    try:
        added = d.add_user(acting_user(d, user), name, role, password)
    finally:
        d.close()
    if json_out:
        emit_json(added)
        return
    console.print(t["added"].format(name=name, role=role), highlight=False)


@user_app.command("list")
@cli_errors
def user_list(
    db: DbOption = None,
    user: UserOption = None,
    json_out: JsonOption = False,
    lang: LangOption = "nl",
) -> None:
    """The users and their roles (never a password hash)."""
    check_lang(lang)
    d = open_dossier(db, upgrade=False)
    try:
        actor = acting_user(d, user)
        rows = [{"name": u["name"], "role": u["role"]} for u in d.records(actor, "user")]
    finally:
        d.close()
    if json_out:
        emit_json(rows)
        return
    for r in rows:
        console.print(f"{r['name']}\t{r['role']}", highlight=False)
