"""Dossier fixtures: a fresh database on SQLite and on PostgreSQL, and a small run folder.

Every dossier test runs twice: on a SQLite file and on a new PostgreSQL database on
127.0.0.1:5432 (marker ``postgres``; skipped with the reason when the server is down).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from novex.dossier import SYSTEM, Dossier

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def _pg_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return None
    except Exception as err:  # any failure means: no server to test against
        return f"PostgreSQL on 127.0.0.1:5432 is not reachable ({type(err).__name__}: {err})"


def new_pg_database(template: str | None = None) -> str:
    """Create a database ``novex_test_<random>`` (empty, or a copy of ``template``)."""
    import psycopg

    name = f"novex_test_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
    return PG_URL.format(name=name)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[list[str]]:
    """A PostgreSQL database migrated to head, made on first use and copied per test."""
    made: list[str] = []
    yield made
    for url in made:
        drop_pg_database(url)


def _template(made: list[str]) -> str:
    if not made:
        url = new_pg_database()
        Dossier.open(url).close()  # migrate once
        made.append(url)
    return made[0].rsplit("/", 1)[1]


def drop_pg_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def make_url(request, tmp_path, pg_template) -> Iterator:
    """A factory of databases of one backend: ``make_url()`` empty, ``make_url(True)`` at the
    newest schema."""
    created: list[str] = []
    if request.param == "postgres":
        reason = _pg_reason()
        if reason:
            pytest.skip(reason)

    def factory(migrated: bool = False) -> str:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / f'dossier{len(created)}.sqlite'}"
        else:
            url = new_pg_database(_template(pg_template) if migrated else None)
        created.append(url)
        return url

    yield factory
    if request.param == "postgres":
        for url in created:
            drop_pg_database(url)


@pytest.fixture
def db_url(make_url) -> str:
    return make_url()


@pytest.fixture
def dossier(make_url) -> Iterator[Dossier]:
    d = Dossier.open(make_url(True))
    yield d
    d.close()


SHORT_CLAIM = {
    "province": "NL-GE", "function": "wonen", "min_ha": 2000.0, "max_ha": 2400.0,
    "priority": 1, "source": "synthetic test claim", "status": "assumption",
}  # fmt: skip
"""A claim larger than Gelderland's half of the sample grid (1,250 ha): it falls short."""


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory) -> Path:
    """A puzzle run folder written by novex (the synthetic sample of ``novex.results``):
    Utrecht's claims fit, Gelderland's wonen and energie fall short. Read-only."""
    from novex.results import sample_workspace, write_sample_run
    from novex.results.samples import SAMPLE_CLAIMS

    tmp = tmp_path_factory.mktemp("dossier-run")
    ws = sample_workspace(tmp / "ws", [*SAMPLE_CLAIMS, SHORT_CLAIM])
    return write_sample_run(ws, tmp / "run")


@pytest.fixture
def run_folder(sample_run) -> Path:
    """The sample run folder (shared by the tests: do not change it; copy it first)."""
    return sample_run


@pytest.fixture
def arrangement(dossier, run_folder) -> dict:
    """A concept arrangement for Utrecht from ``run_folder``."""
    run = dossier.import_run(SYSTEM, run_folder)
    return dossier.create_arrangement(SYSTEM, "NL-UT", run["id"])


@pytest.fixture
def pg_factory() -> Iterator:
    """A factory of empty PostgreSQL databases (skips the test when the server is down)."""
    reason = _pg_reason()
    if reason:
        pytest.skip(reason)
    created: list[str] = []

    def factory() -> str:
        created.append(new_pg_database())
        return created[-1]

    yield factory
    for url in created:
        drop_pg_database(url)
