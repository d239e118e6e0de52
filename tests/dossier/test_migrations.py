"""The shipped migrations: upgrade an empty database and one at the previous migration."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from novex.dossier import SYSTEM, Dossier, create_dossier_engine, head_revision, migrate
from novex.dossier.db import current_revision
from novex.dossier.models import Base


def test_empty_database_upgrades_to_head_and_matches_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = create_dossier_engine(db_url)
    assert current_revision(engine) is None
    assert migrate(engine) == head_revision() == "0002"
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate(engine) == "0002"  # idempotent
    engine.dispose()


def test_upgrade_from_the_previous_migration_keeps_the_data(db_url):
    engine = create_dossier_engine(db_url)
    assert migrate(engine, "0001") == "0001"
    tables = set(inspect(engine).get_table_names())
    assert "phases" in tables and "zienswijzen" not in tables
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO phases (code, name, start, "end", status, source, version, '
                "published) VALUES ('F1', 'Eerste beeld', '2022-05', '2022-11', 'afgerond', "
                "'seed', 1, true)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO audit_log (at, actor, action, kind, record_id, record_version) "
                "VALUES ('2022-05-01 00:00:00', 'novex', 'create', 'phase', 1, 1)"
            )
        )
        conn.execute(text("UPDATE audit_log SET actor = 'allowed before 0002'"))
    engine.dispose()
    d = Dossier.open(db_url)  # upgrades to head
    assert current_revision(d.engine) == "0002"
    assert [(p["code"], p["status"]) for p in d.records(SYSTEM, "phase")] == [("F1", "afgerond")]
    assert d.audit(SYSTEM)[0]["actor"] == "allowed before 0002"
    z = d.submit_zienswijze(SYSTEM, text="Na de upgrade", submitter_category="overheid")
    assert z["id"] == 1
    with pytest.raises(DBAPIError, match="append-only"), d.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    d.close()
