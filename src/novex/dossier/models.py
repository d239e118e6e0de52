"""The dossier tables as SQLAlchemy 2 models.

Every editable record has a ``version`` column that SQLAlchemy checks on each UPDATE
(``version_id_col``): an edit based on an old version updates no row and is refused
(:class:`~novex.errors.ConflictError`), so two teams never overwrite each other.
Every record that a role may or may not see has a ``published`` flag.

Times are naive UTC (``datetime``) so that SQLite and PostgreSQL store the same value;
calendar dates are :class:`datetime.date`; dates copied from the reference, which may be
partial (``"2022-05"``), stay strings. Outlines are WKB in EPSG:28992 (``outline_wkb`` and
``outline_srid``), plain bytes on every backend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

__all__ = [
    "Action",
    "Arrangement",
    "ArrangementVersion",
    "AuditEntry",
    "Base",
    "Decision",
    "InstrumentLink",
    "Investment",
    "Milestone",
    "NovexArea",
    "Phase",
    "PlanMERStep",
    "PuzzleRun",
    "Record",
    "RunClaim",
    "Startpakket",
    "StartpakketClaim",
    "User",
    "Zienswijze",
    "utcnow",
]

TEXT_MAX = 20_000
"""Longest free text (characters) a record accepts."""


def utcnow() -> dt.datetime:
    """The current time, naive UTC, at microsecond precision (what both backends store)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of every dossier table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        list[str]: JSON,
    }


class Record(Base):
    """Columns every editable dossier record has: id, version, published."""

    __abstract__ = True
    kind: ClassVar[str] = ""
    """The record kind used by the service API, the CLI and the audit log."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    published: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}


class User(Record):
    """A person who acts on the dossier; ``role`` is ``rijk``, ``provincie:CODE``,
    ``gebiedsteam:AREA`` or ``publiek``; only an argon2 hash of the password is stored."""

    __tablename__ = "users"
    kind = "user"
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(200))


class Startpakket(Record):
    """The national claims in one province (one per province)."""

    __tablename__ = "startpakketten"
    kind = "startpakket"
    province: Mapped[str] = mapped_column(String(8), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    claims: Mapped[list[StartpakketClaim]] = relationship(
        back_populates="startpakket", order_by="StartpakketClaim.id"
    )


class StartpakketClaim(Record):
    """One claim of a startpakket: function, hectares, and the figure it rests on."""

    __tablename__ = "startpakket_claims"
    kind = "claim"
    startpakket_id: Mapped[int] = mapped_column(ForeignKey("startpakketten.id"), index=True)
    function: Mapped[str] = mapped_column(String(40))
    hectares: Mapped[float] = mapped_column(Float)
    min_ha: Mapped[float] = mapped_column(Float)
    max_ha: Mapped[float] = mapped_column(Float)
    figure: Mapped[str] = mapped_column(String(80), default="")
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    unit: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    conversion: Mapped[str] = mapped_column(Text, default="")
    startpakket: Mapped[Startpakket] = relationship(back_populates="claims")


class PuzzleRun(Record):
    """A finished puzzle run imported from its folder: manifest hash, certificate, claims."""

    __tablename__ = "puzzle_runs"
    kind = "run"
    name: Mapped[str] = mapped_column(String(200))
    manifest_hash: Mapped[str] = mapped_column(String(64), unique=True)
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    certificate: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_path: Mapped[str] = mapped_column(Text, default="")
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    claims: Mapped[list[RunClaim]] = relationship(back_populates="run", order_by="RunClaim.id")


class RunClaim(Base):
    """One row of a run's claims table (read-only once imported)."""

    __tablename__ = "run_claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("puzzle_runs.id"), index=True)
    province: Mapped[str] = mapped_column(String(8), index=True)
    function: Mapped[str] = mapped_column(String(40))
    demand_min: Mapped[float] = mapped_column(Float)
    demand_max: Mapped[float] = mapped_column(Float)
    allocated: Mapped[float] = mapped_column(Float)
    shortfall: Mapped[float] = mapped_column(Float)
    total_ha: Mapped[float] = mapped_column(Float)
    price: Mapped[float] = mapped_column(Float)
    priority: Mapped[int] = mapped_column(Integer)
    run: Mapped[PuzzleRun] = relationship(back_populates="claims")


class Arrangement(Record):
    """The ruimtelijk arrangement of a province; its content lives in numbered versions."""

    __tablename__ = "arrangements"
    kind = "arrangement"
    province: Mapped[str] = mapped_column(String(8), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("puzzle_runs.id"))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20))
    current: Mapped[int] = mapped_column(Integer, default=1)
    versions: Mapped[list[ArrangementVersion]] = relationship(
        back_populates="arrangement", order_by="ArrangementVersion.number"
    )


class ArrangementVersion(Base):
    """One version of an arrangement's content (immutable once written)."""

    __tablename__ = "arrangement_versions"
    __table_args__ = (UniqueConstraint("arrangement_id", "number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    arrangement_id: Mapped[int] = mapped_column(ForeignKey("arrangements.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    arrangement: Mapped[Arrangement] = relationship(back_populates="versions")


class NovexArea(Record):
    """A NOVEX-gebied with its ontwikkelperspectief (goals, text, outline, the run it uses)."""

    __tablename__ = "novex_areas"
    kind = "area"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    goals: Mapped[list[str]] = mapped_column(JSON)
    perspective: Mapped[str] = mapped_column(Text, default="")
    outline_wkb: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    outline_srid: Mapped[int] = mapped_column(Integer, default=28992)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("puzzle_runs.id"), nullable=True)
    example: Mapped[bool] = mapped_column(Boolean, default=False)


class Action(Record):
    """An action of an area's uitvoeringsagenda."""

    __tablename__ = "actions"
    kind = "action"
    area: Mapped[str] = mapped_column(String(8), index=True)
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200))
    start: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    interests: Mapped[list[str]] = mapped_column(JSON)
    example: Mapped[bool] = mapped_column(Boolean, default=False)


class Investment(Record):
    """A line of an area's regionale investeringsagenda (whole euros)."""

    __tablename__ = "investments"
    kind = "investment"
    area: Mapped[str] = mapped_column(String(8), index=True)
    description: Mapped[str] = mapped_column(String(300))
    amount_eur: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    example: Mapped[bool] = mapped_column(Boolean, default=False)


class Phase(Record):
    """A phase of the aanscherping NOVI (from the reference)."""

    __tablename__ = "phases"
    kind = "phase"
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[str] = mapped_column(String(20))
    end: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(Text, default="")


class Milestone(Record):
    """A milestone (product) of a phase; ``ministerraad`` marks a cabinet decision point."""

    __tablename__ = "milestones"
    kind = "milestone"
    phase: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(300))
    ministerraad: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))


class Decision(Record):
    """A decision such as a besluit ministerraad, with its date and document reference."""

    __tablename__ = "decisions"
    kind = "decision"
    body: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    date: Mapped[dt.date] = mapped_column(Date)
    document_ref: Mapped[str] = mapped_column(String(300))
    phase: Mapped[str | None] = mapped_column(String(8), nullable=True)


class PlanMERStep(Record):
    """A step of the planMER (environmental assessment) procedure."""

    __tablename__ = "planmer_steps"
    kind = "planmer_step"
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class Zienswijze(Record):
    """A view submitted during consultation and its answer (for the nota van antwoord)."""

    __tablename__ = "zienswijzen"
    kind = "zienswijze"
    text: Mapped[str] = mapped_column(Text)
    submitter_category: Mapped[str] = mapped_column(String(40))
    submitted_by: Mapped[str] = mapped_column(String(80))
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    interests: Mapped[list[str]] = mapped_column(JSON)
    areas: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(Text, default="")


class InstrumentLink(Record):
    """A reference instrument linked to an area, a startpakket claim or an action."""

    __tablename__ = "instrument_links"
    kind = "instrument_link"
    instrument: Mapped[str] = mapped_column(String(80))
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(40))


class AuditEntry(Base):
    """One change of one record: who, when, what, and the record before and after.

    The table is append-only: database triggers refuse UPDATE and DELETE.
    """

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    record_id: Mapped[int] = mapped_column(Integer, index=True)
    record_version: Mapped[int] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
