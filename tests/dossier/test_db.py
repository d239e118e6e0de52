"""Where the dossier is: --db, else the setting NOVEX_DB (default: a SQLite file under $NOVEX_HOME)."""

from __future__ import annotations

import pytest

from novex.dossier import create_dossier_engine, database_url
from novex.errors import DossierError, SettingsError
from novex.settings import get_settings


def test_url_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv("NOVEX_DB", raising=False)
    monkeypatch.setenv("NOVEX_HOME", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path / 'dossier.sqlite'}" == get_settings().db
    monkeypatch.setenv("NOVEX_DB", "postgresql+psycopg://postgres@127.0.0.1:5432/x")
    assert database_url() == "postgresql+psycopg://postgres@127.0.0.1:5432/x"
    assert database_url("sqlite:////a.sqlite") == "sqlite:////a.sqlite"
    monkeypatch.setenv("NOVEX_DB", "dossier.sqlite")
    with pytest.raises(SettingsError, match=r"Invalid NOVEX_DB='dossier\.sqlite'"):
        database_url()
    assert database_url("sqlite:////a.sqlite") == "sqlite:////a.sqlite"  # --db wins


def test_sqlite_settings_and_bad_urls(tmp_path):
    engine = create_dossier_engine(f"sqlite:///{tmp_path / 'sub' / 'd.sqlite'}")
    with engine.connect() as conn:
        pragma = {
            k: conn.exec_driver_sql(f"PRAGMA {k}").scalar()
            for k in ("journal_mode", "foreign_keys", "busy_timeout")
        }
    engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 30000}
    with pytest.raises(DossierError, match="Unsupported database 'mysql'"):
        create_dossier_engine("mysql://u@h/db")
    with pytest.raises(DossierError, match="Invalid database URL 'not a url'"):
        create_dossier_engine("not a url")
    assert create_dossier_engine("postgresql://u@h/db").url.drivername == "postgresql+psycopg"
