"""Export the whole dossier to one JSON document and import it into an empty database.

The export is canonical: tables in dependency order, rows by id, keys sorted, dates ISO
8601, bytes hex, no export time stamp; so export -> import -> export gives the same
bytes, on SQLite and PostgreSQL alike. An import restores the audit log as it was and
writes no audit entries of its own. Password hashes are exported (never passwords).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import func, insert, select, text

from novex.dossier.db import current_revision, head_revision
from novex.dossier.models import Base
from novex.dossier.rows import from_json, json_cell
from novex.errors import DossierError, DossierInputError, PermissionDeniedError

__all__ = ["FORMAT", "export_dossier", "export_json", "import_dossier", "import_json"]

log = logging.getLogger(__name__)

FORMAT = "novex-dossier/1"


def _tables() -> list[Any]:
    return list(Base.metadata.sorted_tables)


def export_dossier(dossier: Any, actor: Any) -> dict[str, Any]:
    """Every row of every table (rijk only), as a JSON-able dict."""
    if actor.kind != "rijk":
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not export the whole dossier; only rijk may."
        )
    out: dict[str, Any] = {"format": FORMAT, "schema": head_revision(), "tables": {}}
    with dossier.transaction(read_only=True) as s:
        for table in _tables():
            rows = s.execute(select(table).order_by(table.c.id)).mappings().all()
            out["tables"][table.name] = [{k: json_cell(v) for k, v in r.items()} for r in rows]
    return out


def export_json(dossier: Any, actor: Any) -> str:
    """:func:`export_dossier` as canonical JSON text (ends with a newline)."""
    doc = export_dossier(dossier, actor)
    return json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def import_dossier(dossier: Any, actor: Any, doc: dict[str, Any]) -> dict[str, int]:
    """Load an export into this dossier, which must be empty; all or nothing.

    Returns
    -------
    dict
        Rows imported per table.
    """
    if actor.kind != "rijk":
        raise PermissionDeniedError(
            f"User {actor.name!r} ({actor.role}) may not import a dossier; only rijk may."
        )
    if doc.get("format") != FORMAT:
        raise DossierInputError(
            f"Not a dossier export: format {doc.get('format')!r}; expected {FORMAT!r}."
        )
    if doc.get("schema") != current_revision(dossier.engine):
        raise DossierInputError(
            f"The export is at schema {doc.get('schema')!r}, this database at "
            f"{current_revision(dossier.engine)!r}; migrate the database (novex dossier init) "
            "or export again with this novex."
        )
    tables = doc.get("tables", {})
    known = {t.name for t in _tables()}
    unknown = sorted(set(tables) - known)
    if unknown:
        raise DossierInputError(f"Unknown table(s) {unknown!r} in the export.")
    counts: dict[str, int] = {}
    with dossier.transaction() as s:
        for table in _tables():
            if s.scalar(select(func.count()).select_from(table)):
                raise DossierError(
                    f"Table {table.name!r} is not empty; import only into an empty dossier "
                    "(novex dossier init --db NEW_URL)."
                )
        for table in _tables():
            rows = [from_json(table, r) for r in tables.get(table.name, [])]
            if rows:
                s.execute(insert(table), rows)
            counts[table.name] = len(rows)
        if s.get_bind().dialect.name == "postgresql":
            for table in _tables():
                s.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )
    log.info("imported %d rows", sum(counts.values()))
    return counts


def import_json(dossier: Any, actor: Any, text_: str) -> dict[str, int]:
    """:func:`import_dossier` from JSON text."""
    try:
        doc = json.loads(text_)
    except json.JSONDecodeError as err:
        raise DossierInputError(f"The dossier export is not valid JSON: {err}") from err
    return import_dossier(dossier, actor, doc)
