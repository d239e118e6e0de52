"""Fill a dossier with the demo: startpakketten, concept arrangements, the 16 NOVEX-gebieden
with example agendas, and the process timeline of the aanscherping NOVI.

Everything invented for the demo is marked: areas, actions and investment lines carry
``example = True`` and their texts start with "Voorbeeld"; startpakket claims keep the
source, date and status of the figure they were converted from.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from novex.dossier import regions
from novex.dossier.models import (
    Action,
    Investment,
    Milestone,
    NovexArea,
    Phase,
    PlanMERStep,
    Startpakket,
    StartpakketClaim,
)
from novex.dossier.roles import Actor
from novex.dossier.validate import check_record
from novex.errors import DossierError

__all__ = ["build_demo_dossier", "demo_startpakket", "seed_demo"]

log = logging.getLogger(__name__)

_EXAMPLE = "Voorbeeld (demo, geen echte afspraak): "


def demo_startpakket(workspace: str | Path | None = None) -> dict[str, Any]:
    """The demo startpakket: from ``workspace``'s startpakket table, else computed.

    Without a workspace the land, nature and farmland hectares per province are taken
    from the reference land area with fixed shares (an assumption stated in each
    startpakket's note); with the demo workspace they are measured on its grid.
    """
    if workspace is not None:
        from novex.layers import Workspace

        ws = Workspace.open(Path(workspace))
        return dict(json.loads(ws.table_path("startpakket").read_text(encoding="utf-8")))
    from novex.demo.claims import ProvinceStats, startpakket
    from novex.reference import load_reference

    stats = []
    for p in load_reference().provinces:
        land = float(p.land_area_km2.value or 0.0) * 100.0
        stats.append(ProvinceStats(p.id, land, 0.15 * land, 0.55 * land, 0.0))
    doc = startpakket(stats)
    doc["stats_note"] = (
        "land ha from the reference land area (km2 x 100); nature 15 % and farmland 55 % of "
        "land: novex demo assumption, no workspace measured"
    )
    return doc


def _phase_status(start: str, end: str, today: dt.date) -> str:
    if end[:7] < today.isoformat()[:7]:
        return "afgerond"
    if start[:7] <= today.isoformat()[:7]:
        return "lopend"
    return "gepland"


def _add(dossier: Any, s: Any, actor: Actor, cls: type[Any], **fields: Any) -> Any:
    obj = cls(**check_record(cls, fields))
    s.add(obj)
    dossier.audit_write(s, actor, "create", obj, None)
    return obj


def seed_demo(
    dossier: Any,
    actor: Actor,
    *,
    run_folder: str | Path | None = None,
    workspace: str | Path | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Fill an empty dossier with the demo records.

    The startpakketten, areas and process are written in one transaction; the run and its
    arrangements follow in their own (the run folder is checked before anything is written).

    Returns
    -------
    dict
        How many records of each kind were created.
    """
    from novex.reference import NovexArea as RefArea
    from novex.reference import Phase as RefPhase
    from novex.reference import load_reference

    if actor.kind != "rijk":
        raise DossierError(f"Only rijk may seed the demo, not {actor.role!r}.")
    today = today or dt.date.today()
    ref = load_reference()
    doc = demo_startpakket(workspace)
    if run_folder is not None:
        from novex.dossier.runs import check_run_folder

        check_run_folder(run_folder)  # fail before writing anything
    counts: dict[str, int] = {}

    def count(kind: str) -> None:
        counts[kind] = counts.get(kind, 0) + 1

    with dossier.transaction() as s:
        if s.scalar(select(func.count()).select_from(Startpakket)):
            raise DossierError("The dossier already has startpakketten; seed only an empty one.")
        note = doc.get("note", "")
        if doc.get("stats_note"):
            note = f"{note} ({doc['stats_note']})".strip()
        for prov in regions.provinces():
            sp = _add(dossier, s, actor, Startpakket, province=prov.code,
                      title=f"Startpakket {prov.name_nl}", note=note[:20_000], published=True)  # fmt: skip
            count("startpakket")
            for c in doc["claims"]:
                if c["province"] != prov.code:
                    continue
                native = c.get("native", {})
                _add(dossier, s, actor, StartpakketClaim, startpakket_id=sp.id,
                     function=c["function"], hectares=c["hectares"], min_ha=c["min_ha"],
                     max_ha=c["max_ha"], figure=str(native.get("figure", "")),
                     value=native.get("value"), unit=str(native.get("unit", "")),
                     source=c["source"], date=c.get("date"), status=c["status"],
                     conversion=c.get("conversion", ""), published=True)  # fmt: skip
                count("claim")
        for phase in ref.items("phases"):
            assert isinstance(phase, RefPhase)
            _add(dossier, s, actor, Phase, code=phase.id, name=phase.name_nl, start=phase.start,
                 end=phase.end, status=_phase_status(phase.start, phase.end, today),
                 source=f"{phase.source} [{phase.status}]", published=True)  # fmt: skip
            count("phase")
            for product in phase.products:
                _add(dossier, s, actor, Milestone, phase=phase.id, name=product.name_nl,
                     ministerraad=product.ministerraad,
                     status=_phase_status(phase.start, phase.end, today), published=True)  # fmt: skip
                count("milestone")
                if "planmer" in product.name_nl.lower():
                    _add(dossier, s, actor, PlanMERStep, number=counts.get("planmer_step", 0) + 1,
                         name=product.name_nl, status=_phase_status(phase.start, phase.end, today),
                         date=None, published=True)  # fmt: skip
                    count("planmer_step")
        for n, item in enumerate(ref.items("novex-areas")):
            assert isinstance(item, RefArea)
            goals = [item.opgaven_nl] if item.opgaven_nl else []
            _add(dossier, s, actor, NovexArea, code=item.id, name=item.name_nl, goals=goals,
                 perspective=_EXAMPLE + "ontwikkelperspectief nog op te stellen door het "
                 "gebiedsteam.", outline_wkb=None, outline_srid=28992, run_id=None,
                 example=True, published=True)  # fmt: skip
            count("area")
            year = 2025 + n % 3
            for k, (title, status) in enumerate(
                [("Gebiedsverkenning en ontwerpateliers", "lopend"),
                 ("Uitwerking voorkeursvariant met partners", "gepland")]
            ):  # fmt: skip
                _add(dossier, s, actor, Action, area=item.id, title=_EXAMPLE + title,
                     owner="gebiedsteam " + item.name_nl[:150],
                     start=dt.date(year + k, 1 + n % 6, 1), deadline=dt.date(year + k, 12, 31),
                     status=status, interests=["NB05"] if k == 0 else ["NB01"], example=True,
                     published=True)  # fmt: skip
                count("action")
            for k, source in enumerate(("rijk", "regio", "privaat")):
                _add(dossier, s, actor, Investment, area=item.id,
                     description=_EXAMPLE + f"investeringslijn {source}",
                     amount_eur=(n + 1) * (k + 1) * 1_000_000, source=source, year=year + k,
                     status="voorgesteld" if k else "toegezegd", example=True, published=True)  # fmt: skip
                count("investment")
    if run_folder is not None:
        run = dossier.import_run(actor, run_folder)
        count("run")
        provinces = sorted({p["province"] for p in run["certificate"]["provinces"]})
        for code in provinces:
            dossier.create_arrangement(actor, code, run["id"])
            count("arrangement")
    log.info("seeded the demo dossier: %s", counts)
    return counts


def build_demo_dossier(
    path: str | Path,
    *,
    run_folder: str | Path | None = None,
    workspace: str | Path | None = None,
) -> dict[str, int]:
    """Write a fresh demo dossier as the SQLite file ``path`` (replaced whole, atomically).

    This is the call for ``novex demo``: the file appears complete or not at all.

    Returns
    -------
    dict
        How many records of each kind were created (see :func:`seed_demo`).
    """
    from novex.dossier.service import SYSTEM, Dossier
    from novex.grid import atomic_file

    with atomic_file(path) as tmp:
        dossier = Dossier.open(f"sqlite:///{tmp}")
        try:
            counts = seed_demo(dossier, SYSTEM, run_folder=run_folder, workspace=workspace)
        finally:
            dossier.close()  # the last connection checkpoints and removes the WAL file
    return counts
