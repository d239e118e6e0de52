"""Fixtures of the web tests: the sample run and stapelkaart, a seeded dossier, the app.

The sample folders (two provinces on 20 x 20 cells of 250 m, synthetic) are written once
per session; each test gets a fresh SQLite dossier seeded through the dossier service:

| user  | role                     | password         |
|-------|--------------------------|------------------|
| rita  | rijk                     | rijk-wachtwoord  |
| ute   | provincie:NL-UT          | utrecht-wachtwoord |
| uwe   | provincie:NL-UT          | utrecht-wachtwoord |
| gert  | provincie:NL-GE          | gelderland-wachtwoord |
| tom   | gebiedsteam:NX07         | gebied-wachtwoord |

and one action of NOVEX-gebied NX07 (Utrecht), a concept arrangement for Utrecht from the
sample run, a running phase (so the consultation is open).

Beside the sample run and stapelkaart: a woningbouwgebied outline table in the workspace
(``tables/woningbouwgebieden.gpkg``, one schematic area), a reports folder with two small
PDFs, and a scenario batch of two scenarios (copies of the sample run) with the
difference map between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

PASSWORDS = {
    "rita": "rijk-wachtwoord",
    "ute": "utrecht-wachtwoord",
    "uwe": "utrecht-wachtwoord",
    "gert": "gelderland-wachtwoord",
    "tom": "gebied-wachtwoord",
}
ROLES = {
    "rita": "rijk",
    "ute": "provincie:NL-UT",
    "uwe": "provincie:NL-UT",
    "gert": "provincie:NL-GE",
    "tom": "gebiedsteam:NX07",
}


@dataclass(frozen=True)
class Sample:
    """The sample folders."""

    workspace: Path
    run: Path
    stack: Path
    spec: Path
    reports: Path
    scenarios: Path


@dataclass(frozen=True)
class Seeded:
    """A seeded dossier: its URL and the ids of the seeded records."""

    url: str
    action_id: int
    arrangement_id: int


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    from novex.results.samples import (
        SAMPLE_SPEC,
        sample_workspace,
        write_sample_run,
        write_sample_stack,
    )

    base = tmp_path_factory.mktemp("web-sample")
    ws = sample_workspace(base / "ws")
    write_sample_run(ws, base / "run")
    write_sample_stack(ws, base / "stack")
    (base / "spec.toml").write_text(SAMPLE_SPEC, encoding="utf-8")
    _housing_table(base / "ws")
    _reports(base / "rapporten")
    _scenarios(base / "run", base / "scenarios")
    return Sample(
        base / "ws", base / "run", base / "stack", base / "spec.toml", base / "rapporten",
        base / "scenarios",
    )  # fmt: skip


def _housing_table(ws: Path) -> None:
    """One schematic woningbouwgebied in the sample's Utrecht half."""
    import geopandas as gpd
    from shapely.geometry import box

    (ws / "tables").mkdir(exist_ok=True)
    gdf = gpd.GeoDataFrame(
        {"code": ["WB10"], "name_nl": ["Utrecht-Amersfoort (voorbeeld)"], "provinces": ["NL-UT"],
         "source": ["tests: schematic sample outline"], "status": ["schematic"],
         "synthetic": [True]},
        geometry=[box(135_500, 457_000, 137_500, 459_500)], crs="EPSG:28992",
    )  # fmt: skip
    gdf.to_file(ws / "tables" / "woningbouwgebieden.gpkg", layer="woningbouwgebieden",
                driver="GPKG", engine="pyogrio")  # fmt: skip


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def _reports(folder: Path) -> None:
    folder.mkdir()
    for name in ("nationaal.pdf", "arrangement_NL-UT.pdf"):
        (folder / name).write_bytes(PDF)


def _scenarios(run: Path, out: Path) -> None:
    """A batch of scenarios 2030 and 2050 (copies of the sample run) and their difference."""
    import json
    import shutil

    from novex.scenarios.compare import difference_map

    rows = []
    for sid, horizon in (("2030", 2030), ("2050", 2050)):
        shutil.copytree(run, out / sid / "puzzel")
        record = {"format": "novex-scenario", "format_version": 1, "id": sid,
                  "horizon": horizon, "climate": "matig", "demand": "basis", "concepts": "alle",
                  "principles": "alle", "status": "ok", "synthetic": True}  # fmt: skip
        (out / sid / "scenario.json").write_text(json.dumps(record), encoding="utf-8")
        rows.append({"id": sid, "status": "ok"})
    (out / "scenarios.json").write_text(json.dumps({"scenarios": rows}), encoding="utf-8")
    difference_map(out, "2030", "2050")


def seed_dossier(path: Path, sample: Sample) -> Seeded:
    """A fresh dossier at ``path`` with the users and records above."""
    from novex.dossier import SYSTEM, Dossier

    url = f"sqlite:///{path}"
    d = Dossier.open(url)
    try:
        for name, role in ROLES.items():
            d.add_user(SYSTEM, name, role, PASSWORDS[name])
        action = d.create(
            SYSTEM, "action", area="NX07", title="Verkenning knooppunt Amersfoort",
            owner="provincie Utrecht", start="2025-01-01", deadline="2025-12-31",
            status="gepland", interests=[],
        )  # fmt: skip
        d.create(SYSTEM, "phase", code="F4", name="Naar NOVI 2024", start="2023-10",
                 end="2024-12", status="lopend", published=True)  # fmt: skip
        run = _import_run(d, sample.run, path.parent)
        arr = d.create_arrangement(SYSTEM, "NL-UT", run["id"])
    finally:
        d.close()
    return Seeded(url, action["id"], arr["id"])


def _import_run(d, run: Path, tmp: Path) -> dict:
    """Import the sample run; a dossier that still reads the manifest format
    'novex-puzzle-run/1' (before it read runs through novex.results) gets a copy in it."""
    import json
    import shutil

    from novex.dossier import SYSTEM
    from novex.errors import DossierInputError

    try:
        return d.import_run(SYSTEM, run, published=True)
    except DossierInputError:
        legacy = tmp / "run-legacy"
        if not legacy.exists():
            shutil.copytree(run, legacy)
            m = json.loads((legacy / "manifest.json").read_text())
            m["format"] = "novex-puzzle-run/1"
            (legacy / "manifest.json").write_text(json.dumps(m))
        return d.import_run(SYSTEM, legacy, published=True)


@pytest.fixture(scope="session")
def seeded_template(
    tmp_path_factory: pytest.TempPathFactory, sample: Sample
) -> tuple[Path, Seeded]:
    """The seeded dossier file, written once (argon2 hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("web-dossier") / "dossier.sqlite"
    return path, seed_dossier(path, sample)


@pytest.fixture
def seeded(tmp_path: Path, seeded_template: tuple[Path, Seeded]) -> Seeded:
    """A fresh copy of the seeded dossier for one test."""
    import shutil

    src, seeded = seeded_template
    dst = tmp_path / "dossier.sqlite"
    shutil.copyfile(src, dst)
    return Seeded(f"sqlite:///{dst}", seeded.action_id, seeded.arrangement_id)


@pytest.fixture
def app(sample: Sample, seeded: Seeded):
    from novex.web.app import create_app
    from novex.web.config import WebConfig

    return create_app(
        WebConfig.from_paths(
            run=sample.run,
            stack=sample.stack,
            workspace=sample.workspace,
            db=seeded.url,
            spec=str(sample.spec),
            reports=sample.reports,
            scenarios=sample.scenarios,
        )
    )


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def do_login(client, name: str) -> str:
    """Log ``name`` in on ``client``; returns the CSRF token."""
    r = client.post("/api/session", json={"name": name, "password": PASSWORDS[name]})
    assert r.status_code == 200, r.text
    return r.json()["csrf_token"]


@pytest.fixture
def login():
    """``login(client, name)`` -> the CSRF token of ``name``'s new session."""
    return do_login
