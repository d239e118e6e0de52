"""Settings from the environment: defaults, typed values, errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from novex.errors import NovexError, SettingsError
from novex.settings import get_settings


def test_defaults_follow_the_cache_folder_and_home(tmp_path) -> None:
    s = get_settings({"XDG_CACHE_HOME": str(tmp_path)})
    assert s.home == tmp_path / "novex"
    assert s.workspace == Path(".")
    assert s.db == f"sqlite:///{(tmp_path / 'novex' / 'dossier.sqlite').as_posix()}"
    assert (s.web_host, s.web_port) == ("127.0.0.1", 8000)


def test_values_from_the_environment_are_typed(tmp_path) -> None:
    s = get_settings(
        {
            "NOVEX_HOME": str(tmp_path),
            "NOVEX_WORKSPACE": str(tmp_path / "ws"),
            "NOVEX_DB": "postgresql+psycopg://planner@db.example/novex",
            "NOVEX_WEB_HOST": "0.0.0.0",
            "NOVEX_WEB_PORT": " 8080 ",
        }
    )
    assert s.home == tmp_path and s.workspace == tmp_path / "ws"
    assert s.db == "postgresql+psycopg://planner@db.example/novex"
    assert s.web_host == "0.0.0.0" and s.web_port == 8080


def test_an_empty_variable_counts_as_unset(tmp_path) -> None:
    s = get_settings({"NOVEX_HOME": str(tmp_path), "NOVEX_WEB_PORT": "", "NOVEX_DB": ""})
    assert s.web_port == 8000
    assert s.db.endswith("/dossier.sqlite")


@pytest.mark.parametrize(
    ("env", "match"),
    [
        ({"NOVEX_WEB_PORT": "eighty"}, r"Invalid NOVEX_WEB_PORT='eighty': .*port number"),
        ({"NOVEX_WEB_PORT": "70000"}, r"Invalid NOVEX_WEB_PORT='70000': .*65535"),
        ({"NOVEX_DB": "novex.db"}, r"Invalid NOVEX_DB='novex.db': not a database URL"),
        ({"NOVEX_WEB_HOST": "  "}, r"Invalid NOVEX_WEB_HOST='  '"),
        ({"NOVEX_WORKERS": "0"}, r"Invalid NOVEX_WORKERS='0': .*1 or more.*number of cores"),
        ({"NOVEX_WORKERS": "two"}, r"Invalid NOVEX_WORKERS='two'"),
        ({"NOVEX_MEMORY_MB": "100"}, r"Invalid NOVEX_MEMORY_MB='100': .*256 or more"),
    ],
)
def test_a_bad_value_names_the_variable_and_value(env, match) -> None:
    with pytest.raises(SettingsError, match=match):
        get_settings(env)


def test_the_process_environment_is_read_each_call(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("NOVEX_HOME", str(tmp_path / "a"))
    assert get_settings().home == tmp_path / "a"
    monkeypatch.setenv("NOVEX_HOME", str(tmp_path / "b"))
    assert get_settings().home == tmp_path / "b"


def test_the_cli_reports_a_bad_setting_with_exit_code_2(tmp_path) -> None:
    from novex.cli.main import app

    result = CliRunner().invoke(
        app, ["layers", "list"], env={"NOVEX_WORKSPACE": str(tmp_path), "NOVEX_WEB_PORT": "x"}
    )
    # layers list reads only NOVEX_WORKSPACE, but every setting is checked when read
    assert result.exit_code == 2
    assert "NOVEX_WEB_PORT='x'" in result.output
    assert issubclass(SettingsError, NovexError) and issubclass(SettingsError, ValueError)


def test_workers_and_memory_default_to_the_machine() -> None:
    import os

    s = get_settings({})
    assert s.workers == len(os.sched_getaffinity(0))
    assert 256 <= s.memory_mb <= 5120
    s = get_settings({"NOVEX_WORKERS": "3", "NOVEX_MEMORY_MB": "4096"})
    assert (s.workers, s.memory_mb) == (3, 4096)
