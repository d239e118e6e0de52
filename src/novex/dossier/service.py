"""The dossier service: every read and write goes through here, on behalf of an acting user.

Each public method runs in one database transaction: it checks the user's role, checks
the input, checks the version the edit is based on, writes the record and its audit
entry, and commits; any failure rolls everything back. An edit based on an old version
raises :class:`~novex.errors.ConflictError` naming who changed what since.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from novex.dossier import regions
from novex.dossier.db import create_dossier_engine, migrate
from novex.dossier.models import (
    Action,
    Arrangement,
    AuditEntry,
    InstrumentLink,
    Investment,
    NovexArea,
    PuzzleRun,
    Record,
    Startpakket,
    StartpakketClaim,
    User,
    utcnow,
)
from novex.dossier.roles import Actor, Scope, hash_password, verify_password
from novex.dossier.rows import RECORD_KINDS, to_json
from novex.dossier.validate import check_record
from novex.errors import (
    ConflictError,
    DossierError,
    DossierInputError,
    DossierNotFoundError,
    PermissionDeniedError,
)

__all__ = ["SYSTEM", "Dossier", "record_class"]

log = logging.getLogger(__name__)

SYSTEM = Actor("novex", "rijk")
"""The actor of local administration (``novex dossier`` on a database file you own)."""

_PROTECTED = {
    "id",
    "version",
    "password_hash",
    "submitted_by",
    "imported_by",
    "imported_at",
    "manifest",
    "manifest_hash",
    "certificate",
    "current",
}
_DEDICATED = {"arrangement": {"status", "run_id", "province"}, "user": {"role", "name"}}


def record_class(kind: str) -> type[Record]:
    """The record class of ``kind`` (``arrangement``, ``action``, ...)."""
    try:
        return RECORD_KINDS[kind]
    except KeyError:
        raise DossierInputError(
            f"Unknown record kind {kind!r}; expected one of {sorted(RECORD_KINDS)}."
        ) from None


def _area_scope(code: str) -> Scope:
    return Scope(frozenset(regions.area(code).provinces), code)


def scope_of(session: Session, obj: Record) -> Scope:
    """Whom ``obj`` belongs to (see :class:`~novex.dossier.roles.Scope`)."""
    if isinstance(obj, Startpakket | Arrangement):
        return Scope(frozenset({obj.province}))
    if isinstance(obj, StartpakketClaim):
        sp = session.get(Startpakket, obj.startpakket_id)
        return Scope(frozenset({sp.province})) if sp else Scope()
    if isinstance(obj, NovexArea):
        return _area_scope(obj.code)
    if isinstance(obj, Action | Investment):
        return _area_scope(obj.area)
    if isinstance(obj, PuzzleRun):
        provs = {c.province for c in obj.claims}
        return Scope(frozenset(provs)) if provs else Scope()
    if isinstance(obj, InstrumentLink):
        target = _link_target(session, obj.target_kind, obj.target_id)
        return scope_of(session, target) if target is not None else Scope()
    return Scope()


def _link_target(session: Session, kind: str, target_id: str) -> Record | None:
    if kind == "area":
        return session.scalars(select(NovexArea).where(NovexArea.code == target_id)).first()
    cls = {"claim": StartpakketClaim, "action": Action}.get(kind)
    if cls is None or not target_id.isdigit():
        return None
    return session.get(cls, int(target_id))


class Dossier:
    """The programme records in one database.

    Parameters
    ----------
    engine : sqlalchemy.Engine
        An engine from :func:`~novex.dossier.db.create_dossier_engine`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from novex.dossier import Dossier, SYSTEM
    >>> d = Dossier.open(f"sqlite:///{tempfile.mkdtemp()}/d.sqlite")
    >>> phase = d.create(SYSTEM, "phase", code="F1", name="Eerste beeld", start="2022-05",
    ...                  end="2022-11", status="afgerond")
    >>> phase["version"]
    1
    >>> d.update(SYSTEM, "phase", phase["id"], 1, status="lopend")["version"]
    2
    >>> d.close()
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(
            engine.execution_options(novex_read_only=True), expire_on_commit=False
        )

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Dossier:
        """Connect to the dossier at ``url`` and (by default) bring its schema up to date."""
        engine = create_dossier_engine(url)
        if upgrade:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- transactions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """A session in one transaction: committed when the block ends, rolled back on error.

        ``read_only`` transactions do not take SQLite's write lock (they must not write).
        """
        session = (self._read_sessions if read_only else self._sessions)()
        try:
            with session.begin():
                yield session
        except IntegrityError as err:
            raise DossierInputError(
                f"The database refused the write (nothing was written): {err.orig}"
            ) from err
        except OperationalError as err:
            raise DossierError(
                f"The database could not complete the transaction (nothing was written): {err.orig}"
            ) from err
        finally:
            session.close()

    def audit_write(
        self,
        session: Session,
        actor: Actor,
        action: str,
        obj: Record,
        before: dict[str, Any] | None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Flush ``obj`` and append its audit entry; returns the record after the write.

        ``extra`` is added to the logged record (an arrangement logs its current content).
        """
        session.flush()
        after = {**to_json(obj), **(extra or {})}
        session.add(
            AuditEntry(
                at=utcnow(),
                actor=actor.name,
                action=action,
                kind=obj.kind,
                record_id=obj.id,
                record_version=obj.version,
                before=before,
                after=after,
            )
        )
        session.flush()
        return after

    def load(self, session: Session, actor: Actor, kind: str, record_id: int) -> Record:
        """The record ``kind`` ``record_id``, if ``actor`` may read it."""
        cls = record_class(kind)
        obj = session.get(cls, record_id)
        if obj is None:
            raise DossierNotFoundError(f"No {kind} with id {record_id!r} in the dossier.")
        actor.require_read(
            scope_of(session, obj), published=obj.published, what=f"{kind} {record_id}"
        )
        return obj

    def check_version(self, session: Session, obj: Record, expected: int) -> None:
        """Raise :class:`ConflictError` if ``obj`` is no longer at version ``expected``."""
        if obj.version != expected:
            raise self.conflict_error(session, obj.kind, obj.id, expected)

    def conflict_error(
        self, session: Session, kind: str, record_id: int, expected: int
    ) -> ConflictError:
        """The :class:`ConflictError` for an edit of ``kind`` ``record_id`` based on version
        ``expected``, naming who changed what since (from the audit log)."""
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.kind == kind, AuditEntry.record_id == record_id)
            .where(AuditEntry.record_version > expected)
            .order_by(AuditEntry.id)
        ).all()
        parts = []
        for e in entries:
            before, after = e.before or {}, e.after or {}
            fields = sorted(k for k in after if before.get(k) != after.get(k) and k != "version")
            parts.append(
                f"version {e.record_version} by {e.actor!r} at {e.at.isoformat(timespec='seconds')}"
                f" ({e.action}: {', '.join(fields) or 'no field'})"
            )
        since = "; ".join(parts) or "by a transaction that has just committed"
        return ConflictError(
            f"{kind} {record_id} was changed since version {expected}: {since}. Reload it and "
            "apply your edit to the current version.",
            changes=[to_json(e) for e in entries],
        )

    # -- generic records --------------------------------------------------------------------

    def get(self, actor: Actor, kind: str, record_id: int) -> dict[str, Any]:
        """Record ``kind`` ``record_id`` as a dict."""
        with self.transaction(read_only=True) as s:
            return to_json(self.load(s, actor, kind, record_id))

    def records(self, actor: Actor, kind: str, **where: Any) -> list[dict[str, Any]]:
        """Every record of ``kind`` that ``actor`` may read (optionally filtered by columns)."""
        cls = record_class(kind)
        with self.transaction(read_only=True) as s:
            stmt = select(cls).order_by(cls.id)
            for key, value in where.items():
                if key not in cls.__table__.c:
                    raise DossierInputError(
                        f"Unknown field {key!r} for a {kind}; known fields: "
                        f"{sorted(cls.__table__.c.keys())}."
                    )
                stmt = stmt.where(cls.__table__.c[key] == value)
            return [
                to_json(o)
                for o in s.scalars(stmt)
                if actor.may_read(scope_of(s, o), published=o.published)
            ]

    def create(self, actor: Actor, kind: str, **fields: Any) -> dict[str, Any]:
        """Create a record of ``kind`` with ``fields``; returns it (with ``id`` and version 1)."""
        cls = record_class(kind)
        if kind in ("user", "run", "arrangement"):
            raise DossierInputError(
                f"Create a {kind} with its own method (add_user, import_run, "
                "create_arrangement), not with create()."
            )
        fields.setdefault("published", False)
        with self.transaction() as s:
            values = check_record(cls, fields)
            obj = cls(**values)
            if isinstance(obj, InstrumentLink) and (
                _link_target(s, obj.target_kind, obj.target_id) is None
            ):
                raise DossierInputError(
                    f"No {obj.target_kind} {obj.target_id!r} to link instrument "
                    f"{obj.instrument!r} to; give an area code or a claim or action id."
                )
            actor.require_write(scope_of(s, obj), f"a new {kind}")
            s.add(obj)
            return self.audit_write(s, actor, "create", obj, None)

    def update(
        self, actor: Actor, kind: str, record_id: int, version: int, **changes: Any
    ) -> dict[str, Any]:
        """Change fields of a record that was read at ``version``.

        Raises
        ------
        ConflictError
            The record changed since ``version``; nothing written.
        PermissionDeniedError
            ``actor`` may not change this record (before or after the change).
        DossierInputError
            A value is invalid; nothing written.
        """
        cls = record_class(kind)
        locked = (_PROTECTED | _DEDICATED.get(kind, set())) & set(changes)
        if locked:
            raise DossierInputError(
                f"Field(s) {sorted(locked)!r} of a {kind} cannot be set with update(); "
                "use the record's own method (e.g. set_arrangement_status)."
            )
        try:
            with self.transaction() as s:
                obj = self.load(s, actor, kind, record_id)
                actor.require_write(scope_of(s, obj), f"{kind} {record_id}")
                self.check_version(s, obj, version)
                before = to_json(obj)
                values = check_record(cls, {**_columns(obj), **changes})
                for key in changes:
                    setattr(obj, key, values[key])
                actor.require_write(scope_of(s, obj), f"{kind} {record_id} after the change")
                return self.audit_write(s, actor, "update", obj, before)
        except StaleDataError:
            with self.transaction(read_only=True) as s:
                raise self.conflict_error(s, kind, record_id, version) from None

    # -- users ------------------------------------------------------------------------------

    def add_user(self, actor: Actor, name: str, role: str, password: str) -> dict[str, Any]:
        """Add a user with ``role``; only ``rijk`` may add users. The password is hashed."""
        if actor.kind != "rijk":
            raise PermissionDeniedError(f"User {actor.name!r} ({actor.role}) may not add users.")
        with self.transaction() as s:
            values = check_record(
                User,
                {"name": name, "role": role, "password_hash": hash_password(password),
                 "published": False},
            )  # fmt: skip
            if s.scalars(select(User).where(User.name == name)).first() is not None:
                raise DossierInputError(f"A user named {name!r} already exists.")
            user = User(**values)
            s.add(user)
            after = self.audit_write(s, actor, "create", user, None)
            return {k: v for k, v in after.items() if k != "password_hash"}

    def authenticate(self, name: str, password: str) -> Actor:
        """The :class:`Actor` for ``name`` if ``password`` matches, else PermissionDeniedError."""
        with self.transaction(read_only=True) as s:
            user = s.scalars(select(User).where(User.name == name)).first()
        if user is None or not verify_password(user.password_hash, password):
            raise PermissionDeniedError(f"Unknown user {name!r} or wrong password.")
        return Actor(user.name, user.role)

    # -- audit ------------------------------------------------------------------------------

    def audit(
        self, actor: Actor, kind: str | None = None, record_id: int | None = None
    ) -> list[dict[str, Any]]:
        """The audit entries (oldest first), of one kind or record if given; rijk only for all."""
        with self.transaction(read_only=True) as s:
            if record_id is not None and kind is not None:
                self.load(s, actor, kind, record_id)
            elif actor.kind != "rijk":
                raise PermissionDeniedError(
                    f"User {actor.name!r} ({actor.role}) may read the audit log of a record "
                    "it can read, not the whole log; give a kind and a record id."
                )
            stmt = select(AuditEntry).order_by(AuditEntry.id)
            if kind is not None:
                stmt = stmt.where(AuditEntry.kind == kind)
            if record_id is not None:
                stmt = stmt.where(AuditEntry.record_id == record_id)
            rows = [to_json(e) for e in s.scalars(stmt)]
        for row in rows:  # never hand out password hashes, even old ones
            for side in ("before", "after"):
                if row[side]:
                    row[side] = {k: v for k, v in row[side].items() if k != "password_hash"}
        return rows

    # -- the record families (implemented in their own modules) -----------------------------

    def import_run(self, actor: Actor, path: Any, *, published: bool = False) -> dict[str, Any]:
        """Store a puzzle run folder (see :func:`novex.dossier.runs.import_run`)."""
        from novex.dossier.runs import import_run

        return import_run(self, actor, path, published=published)

    def create_arrangement(
        self, actor: Actor, province: str, run_id: int, *, title: str | None = None
    ) -> dict[str, Any]:
        """A concept arrangement from a run (see :mod:`novex.dossier.arrangement`)."""
        from novex.dossier.arrangement import create_arrangement

        return create_arrangement(self, actor, province, run_id, title=title)

    def revise_arrangement(
        self, actor: Actor, arrangement_id: int, version: int, content: dict[str, Any],
        reason: str = "",
    ) -> dict[str, Any]:  # fmt: skip
        """A new version of an arrangement's content."""
        from novex.dossier.arrangement import revise_arrangement

        return revise_arrangement(self, actor, arrangement_id, version, content, reason)

    def set_arrangement_status(
        self, actor: Actor, arrangement_id: int, version: int, status: str, reason: str = ""
    ) -> dict[str, Any]:
        """Move an arrangement along concept -> in_overleg -> vastgesteld."""
        from novex.dossier.arrangement import set_arrangement_status

        return set_arrangement_status(self, actor, arrangement_id, version, status, reason)

    def show_arrangement(self, actor: Actor, arrangement_id: int) -> dict[str, Any]:
        """An arrangement with its current content and versions."""
        from novex.dossier.arrangement import show_arrangement

        return show_arrangement(self, actor, arrangement_id)

    def diff_arrangement(
        self, actor: Actor, arrangement_id: int, a: int, b: int, *, lang: str = "nl"
    ) -> dict[str, Any]:
        """What moved between two versions of an arrangement."""
        from novex.dossier.arrangement import diff_arrangement

        return diff_arrangement(self, actor, arrangement_id, a, b, lang=lang)

    def area_progress(self, actor: Actor, area: str, **kwargs: Any) -> dict[str, Any]:
        """Derived progress of a NOVEX-gebied (see :func:`novex.dossier.areas.area_progress`)."""
        from novex.dossier.areas import area_progress

        return area_progress(self, actor, area, **kwargs)

    def submit_zienswijze(self, actor: Actor, **fields: Any) -> dict[str, Any]:
        """Submit a zienswijze (any role; see :func:`novex.dossier.areas.submit_zienswijze`)."""
        from novex.dossier.areas import submit_zienswijze

        return submit_zienswijze(self, actor, **fields)

    def export_json(self, actor: Actor) -> str:
        """The whole dossier as canonical JSON (see :mod:`novex.dossier.transfer`)."""
        from novex.dossier.transfer import export_json

        return export_json(self, actor)

    def import_json(self, actor: Actor, text: str) -> dict[str, int]:
        """Load an export into this empty dossier."""
        from novex.dossier.transfer import import_json

        return import_json(self, actor, text)


def _columns(obj: Record) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}
