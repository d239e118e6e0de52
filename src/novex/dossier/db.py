"""Where the dossier database is, how to connect to it, and how to bring its schema up to date.

The default is the SQLite file ``$NOVEX_HOME/dossier.sqlite`` (WAL mode, a busy timeout,
foreign keys on, and every transaction started with ``BEGIN IMMEDIATE`` so two writers
queue instead of failing half-way). A shared server is a PostgreSQL URL
(``postgresql+psycopg://user@host:5432/db``), given with ``--db`` or ``NOVEX_DB``
(read through :mod:`novex.settings`).
The schema is created and upgraded by the Alembic migrations shipped in
``novex/dossier/migrations``; no ``alembic.ini`` is needed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from novex.errors import DossierError
from novex.settings import get_settings

__all__ = [
    "MIGRATIONS_DIR",
    "create_dossier_engine",
    "current_revision",
    "database_url",
    "head_revision",
    "migrate",
]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def database_url(explicit: str | None = None) -> str:
    """The dossier database URL: ``explicit``, else the setting ``NOVEX_DB``.

    The setting defaults to the SQLite file ``$NOVEX_HOME/dossier.sqlite``
    (:func:`novex.settings.get_settings`, the one place novex reads the environment).

    Raises
    ------
    SettingsError
        ``$NOVEX_DB`` or ``$NOVEX_HOME`` holds a value that cannot be used.

    Examples
    --------
    >>> database_url("sqlite:////tmp/d.sqlite")
    'sqlite:////tmp/d.sqlite'
    """
    if explicit:
        return explicit
    return get_settings().db


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (see _sqlite_begin)
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # writers take the write lock up front (they queue on the busy timeout instead of
    # failing when a read turns into a write); read-only transactions do not lock
    read_only = conn.get_execution_options().get("novex_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_dossier_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for the dossier at ``url`` (see :func:`database_url`).

    Raises
    ------
    DossierError
        The URL is malformed or names a driver other than SQLite or PostgreSQL.
    """
    text = database_url(url)
    try:
        parsed = make_url(text)
    except ArgumentError as err:
        raise DossierError(
            f"Invalid database URL {text!r}; expected 'sqlite:///PATH' or "
            "'postgresql+psycopg://USER@HOST:5432/DB'."
        ) from err
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, **kwargs)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs.setdefault("pool_pre_ping", True)
        return create_engine(parsed, **kwargs)
    raise DossierError(
        f"Unsupported database {backend!r} in {text!r}; use SQLite ('sqlite:///PATH') or "
        "PostgreSQL ('postgresql+psycopg://USER@HOST:5432/DB')."
    )


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration shipped with this novex."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The migration the database is at (``None`` for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> str:
    """Upgrade the schema to ``revision`` (default: the newest) in one transaction.

    Returns
    -------
    str
        The revision the database is at afterwards.
    """
    from alembic import command

    try:
        with engine.begin() as conn:
            command.upgrade(_alembic_config(conn), revision)
    except SQLAlchemyError as err:
        raise DossierError(
            f"Could not migrate the dossier at {engine.url.render_as_string()!r} to "
            f"{revision!r}: {err}"
        ) from err
    rev = current_revision(engine)
    log.info("dossier schema at %s", rev)
    return rev or ""
