"""Records as plain JSON-able dicts and back: one conversion for the API, the audit log and
the export, so what the audit log says is what the export holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, Table

from novex.dossier.models import Base, Record

__all__ = ["RECORD_KINDS", "from_json", "json_cell", "to_json"]

RECORD_KINDS: dict[str, type[Record]] = {
    cls.kind: cls for cls in Record.__subclasses__() if cls.kind
}
"""Every editable record class by its kind (``arrangement``, ``action``, ...)."""


def json_cell(value: Any) -> Any:
    """A column value as JSON: datetimes and dates ISO 8601, bytes hex, the rest as is."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def to_json(obj: Base) -> dict[str, Any]:
    """The columns of ``obj`` as a JSON-able dict (dates ISO 8601, bytes hex)."""
    table = obj.__table__
    assert isinstance(table, Table)
    keys = [c.key for c in table.columns]
    first = [k for k in ("id", "version", "published") if k in keys]
    return {k: json_cell(getattr(obj, k)) for k in first + [k for k in keys if k not in first]}


def from_json(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Column values for ``table`` from a dict made by :func:`to_json`."""
    out: dict[str, Any] = {}
    for c in table.columns:
        value = row.get(c.key)
        if value is not None:
            if isinstance(c.type, DateTime):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(c.type, Date):
                value = dt.date.fromisoformat(value)
            elif isinstance(c.type, LargeBinary):
                value = bytes.fromhex(value)
        out[c.key] = value
    return out
