"""``novex dossier user add``: a portal user with a role and an argon2id-hashed password."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from novex.cli.main import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dossier.sqlite'}"


def _users(db: str) -> list[tuple[str, str, str]]:
    from sqlalchemy import text

    from novex.dossier import Dossier

    d = Dossier.open(db)
    try:
        with d.transaction(read_only=True) as s:
            return [
                tuple(r) for r in s.execute(text("SELECT name, role, password_hash FROM users"))
            ]
    finally:
        d.close()


def test_a_user_added_with_the_password_from_stdin_can_log_in(db: str) -> None:
    from novex.dossier import Dossier

    r = runner.invoke(app, ["dossier", "user", "add", "anna", "--role", "provincie:NL-UT",
                            "--password-stdin", "--db", db], input="een-lang-wachtwoord\n")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "Gebruiker 'anna' (provincie:NL-UT) toegevoegd." in r.output
    ((name, role, hashed),) = _users(db)
    assert (name, role) == ("anna", "provincie:NL-UT")
    assert hashed.startswith("$argon2id$") and "een-lang-wachtwoord" not in hashed
    d = Dossier.open(db)
    try:
        assert d.authenticate("anna", "een-lang-wachtwoord").role == "provincie:NL-UT"
    finally:
        d.close()
    listed = runner.invoke(app, ["dossier", "user", "list", "--db", db, "--json"])
    assert '"name": "anna"' in listed.output and "argon2" not in listed.output


def test_the_prompt_asks_twice_and_english_output(db: str) -> None:
    r = runner.invoke(app, ["dossier", "user", "add", "rob", "--role", "rijk", "--db", db,
                            "--lang", "en"], input="geheim-wachtwoord\ngeheim-wachtwoord\n")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "Password for rob" in r.output or "Wachtwoord voor rob" in r.output
    assert "User 'rob' (rijk) added." in r.output


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "koning"], "een-lang-wachtwoord\n", "Invalid role 'koning'"),
        (["--role", "rijk"], "kort\n", "Het wachtwoord heeft 4 tekens; geef er minstens 8."),
        (["--role", "rijk"], "\n", "Het wachtwoord is leeg"),
    ],
)
def test_a_bad_role_or_password_adds_nobody(db: str, args, stdin, message) -> None:
    r = runner.invoke(app, ["dossier", "user", "add", "bob", *args, "--password-stdin",
                            "--db", db], input=stdin)  # fmt: skip
    assert r.exit_code != 0 and message in " ".join(r.output.split())
    assert _users(db) == []


def test_only_rijk_may_add_users(db: str, monkeypatch) -> None:
    runner.invoke(app, ["dossier", "user", "add", "ute", "--role", "provincie:NL-UT",
                        "--password-stdin", "--db", db], input="utrecht-wachtwoord\n")  # fmt: skip
    monkeypatch.setenv("NOVEX_DOSSIER_PASSWORD", "utrecht-wachtwoord")
    r = runner.invoke(app, ["dossier", "user", "add", "eve", "--role", "rijk", "--user", "ute",
                            "--password-stdin", "--db", db], input="een-lang-wachtwoord\n")  # fmt: skip
    assert r.exit_code != 0 and "may not add users" in " ".join(r.output.split())
    assert [u[0] for u in _users(db)] == ["ute"]
