"""The NOVEX programme records in a relational database, with roles, versions and history.

Per province a startpakket, puzzle runs and the ruimtelijk arrangement; per NOVEX-gebied
the ontwikkelperspectief, uitvoeringsagenda and regionale investeringsagenda; the process
of the aanscherping NOVI (phases, milestones, decisions, planMER); zienswijzen; an
append-only audit log. SQLite by default, PostgreSQL for a shared server; the schema is
kept by the Alembic migrations shipped in this package.

Every read and write goes through :class:`Dossier` with an acting user
(:class:`Actor`); an edit based on an old version raises
:class:`~novex.errors.ConflictError`.

Examples
--------
>>> import tempfile
>>> from novex.dossier import Actor, Dossier, SYSTEM
>>> d = Dossier.open(f"sqlite:///{tempfile.mkdtemp()}/dossier.sqlite")
>>> a = d.create(SYSTEM, "action", area="NX05", title="Verkenning", owner="provincie",
...              start="2025-01-01", deadline="2025-12-31", status="gepland", interests=[])
>>> d.get(Actor("team", "gebiedsteam:NX05"), "action", a["id"])["title"]
'Verkenning'
>>> d.close()
"""

from __future__ import annotations

from novex.dossier.arrangement import TRANSITIONS, ArrangementContent
from novex.dossier.db import create_dossier_engine, database_url, head_revision, migrate
from novex.dossier.roles import Actor, hash_password, parse_role, verify_password
from novex.dossier.rows import RECORD_KINDS
from novex.dossier.service import SYSTEM, Dossier

__all__ = [
    "RECORD_KINDS",
    "SYSTEM",
    "TRANSITIONS",
    "Actor",
    "ArrangementContent",
    "Dossier",
    "create_dossier_engine",
    "database_url",
    "hash_password",
    "head_revision",
    "migrate",
    "parse_role",
    "verify_password",
]
