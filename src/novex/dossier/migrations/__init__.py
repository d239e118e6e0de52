"""Alembic migrations of the dossier schema (run by :func:`novex.dossier.db.migrate`)."""
