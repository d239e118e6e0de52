"""Alembic environment: runs on the connection that :func:`novex.dossier.db.migrate` passes.

Imported any other way (e.g. by doctest collection) it does nothing.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from novex.dossier.models import Base


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_config: Any
try:
    _config = context.config
except AttributeError:  # not inside an Alembic command
    _config = None
if _config is not None:
    connection = _config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Run the dossier migrations through novex.dossier.db.migrate().")
    _run(connection)
