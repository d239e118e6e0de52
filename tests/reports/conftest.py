"""A small run, stapelkaart and dossier for the report tests (built once per session).

The dossier is seeded with the demo records (startpakketten, areas, process) and an
arrangement for Utrecht with two versions: the concept from the run, then a revision
with a signatory and 5 ha more wonen. The run is stored in the dossier as
``Dossier.import_run`` stores it (its manifest hash is the run's fingerprint).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from novex.results import open_run, sample_workspace, write_sample_run, write_sample_stack

TODAY = dt.date(2026, 11, 29)


def store_run(dossier: Any, folder: Path) -> int:
    """The run in ``folder`` as a dossier record (what ``import_run`` writes); its id."""
    from novex.dossier import SYSTEM
    from novex.dossier.models import PuzzleRun, RunClaim, utcnow

    run = open_run(folder)
    with dossier.transaction() as s:
        rec = PuzzleRun(
            name=run.manifest.spec_name, manifest=dict(run.manifest.raw),
            manifest_hash=run.manifest.sha256,
            certificate={"provinces": [{"province": p.code, "status": p.status} for p in run.provinces]},
            source_path=str(folder), imported_by=SYSTEM.name, imported_at=utcnow(), published=True,
        )  # fmt: skip
        s.add(rec)
        s.flush()
        for c in run.claims():
            s.add(RunClaim(run_id=rec.id, province=c.region, function=c.function,
                           demand_min=c.demand_min, demand_max=c.demand_max or c.demand_min,
                           allocated=c.allocated, shortfall=c.shortfall, total_ha=c.total_ha,
                           price=c.price or 0.0, priority=c.priority))  # fmt: skip
        return int(rec.id)


def seed(db_url: str, run_folder: Path) -> dict[str, Any]:
    """Seed the demo dossier at ``db_url`` and the Utrecht arrangement (two versions)."""
    from novex.dossier import SYSTEM, Dossier
    from novex.dossier.seed import seed_demo

    d = Dossier.open(db_url)
    try:
        seed_demo(d, SYSTEM, today=TODAY)
        run_id = store_run(d, run_folder)
        arr = d.create_arrangement(SYSTEM, "NL-UT", run_id)
        shown = d.show_arrangement(SYSTEM, arr["id"])
        content = dict(shown["content"])
        content["functions"] = {k: dict(v) for k, v in content["functions"].items()}
        content["functions"]["wonen"]["agreed_ha"] += 5.0
        content["signatories"] = [
            {"name": "J. Jansen", "organisation": "Provincie Utrecht", "date": "2026-11-20"}
        ]
        d.revise_arrangement(SYSTEM, arr["id"], shown["version"], content, "Afspraak wonen")
        return {"arrangement": arr["id"], "content": content}
    finally:
        d.close()


@pytest.fixture(scope="session")
def report_data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Folders and dossier: ``run``, ``stack``, ``ws``, ``db``, ``arrangement``, ``content``."""
    tmp = tmp_path_factory.mktemp("reports")
    ws = sample_workspace(tmp / "ws")
    run = write_sample_run(ws, tmp / "run")
    stack = write_sample_stack(ws, tmp / "stack")
    db = f"sqlite:///{tmp}/dossier.sqlite"
    info = seed(db, run)
    return {"run": run, "stack": stack, "ws": ws.path, "db": db, **info}


@pytest.fixture
def inputs(report_data: dict[str, Any]) -> Any:
    """Report inputs on the session's run, stapelkaart and dossier."""
    from novex.reports import ReportInputs

    inp = ReportInputs(run=report_data["run"], stack=report_data["stack"],
                       db=report_data["db"], today=TODAY)  # fmt: skip
    yield inp
    inp.close()
