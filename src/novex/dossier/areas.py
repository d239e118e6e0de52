"""NOVEX-gebieden and consultation: progress of an area's agendas, and zienswijzen.

Progress is derived, never stored: it is computed from the actions and investment
lines the reader may see.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from novex.dossier import regions
from novex.dossier.models import Action, Investment, Zienswijze
from novex.dossier.roles import Actor
from novex.dossier.validate import INVESTMENT_SOURCES, check_record

__all__ = ["area_progress", "submit_zienswijze"]


def area_progress(
    dossier: Any, actor: Actor, area: str, *, today: dt.date | None = None
) -> dict[str, Any]:
    """Progress of NOVEX-gebied ``area`` from its uitvoeringsagenda and investeringsagenda.

    Returns
    -------
    dict
        ``actions`` (count per status, ``done_share``, ``overdue``: past deadline and not
        gereed/vervallen on ``today``), ``investments`` (euros per source, ``committed_eur``:
        toegezegd + besteed, ``spent_eur``), and ``example`` (True if any line is an example).
    """
    from novex.dossier.service import scope_of

    regions.area(area)
    today = today or dt.date.today()
    with dossier.transaction(read_only=True) as s:
        acts = [
            a
            for a in s.scalars(select(Action).where(Action.area == area).order_by(Action.id))
            if actor.may_read(scope_of(s, a), published=a.published)
        ]
        invs = [
            i
            for i in s.scalars(
                select(Investment).where(Investment.area == area).order_by(Investment.id)
            )
            if actor.may_read(scope_of(s, i), published=i.published)
        ]
    by_status: dict[str, int] = {}
    for a in acts:
        by_status[a.status] = by_status.get(a.status, 0) + 1
    live = [a for a in acts if a.status != "vervallen"]
    done = sum(1 for a in live if a.status == "gereed")
    overdue = [a.id for a in live if a.status != "gereed" and a.deadline < today]
    live_inv = [i for i in invs if i.status != "vervallen"]
    return {
        "area": area,
        "date": today.isoformat(),
        "actions": {
            "total": len(acts),
            "by_status": dict(sorted(by_status.items())),
            "done_share": done / len(live) if live else 0.0,
            "overdue": overdue,
        },
        "investments": {
            "lines": len(invs),
            "by_source_eur": {
                src: sum(i.amount_eur for i in live_inv if i.source == src)
                for src in INVESTMENT_SOURCES
            },
            "total_eur": sum(i.amount_eur for i in live_inv),
            "committed_eur": sum(
                i.amount_eur for i in live_inv if i.status in ("toegezegd", "besteed")
            ),
            "spent_eur": sum(i.amount_eur for i in live_inv if i.status == "besteed"),
        },
        "example": any(a.example for a in acts) or any(i.example for i in invs),
    }


def submit_zienswijze(
    dossier: Any,
    actor: Actor,
    *,
    text: str,
    submitter_category: str,
    interests: list[str] | None = None,
    areas: list[str] | None = None,
    submitted_on: dt.date | str | None = None,
) -> dict[str, Any]:
    """Submit a zienswijze (any role, including publiek); status ``ontvangen``, unpublished."""
    values = check_record(
        Zienswijze,
        {
            "text": text,
            "submitter_category": submitter_category,
            "submitted_by": actor.name,
            "submitted_on": submitted_on or dt.date.today(),
            "interests": list(interests or []),
            "areas": list(areas or []),
            "status": "ontvangen",
            "answer": "",
            "published": False,
        },
    )
    with dossier.transaction() as s:
        z = Zienswijze(**values)
        s.add(z)
        return dossier.audit_write(s, actor, "create", z, None)
