"""Puzzle runs in the dossier: read a finished run folder and store it.

A run folder is read through :func:`novex.results.open_run` (the one reader of run
folders); the dossier keeps the manifest and its SHA-256, the certificate per province
and the claims table, with the numbers as the folder holds them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from novex.dossier.models import PuzzleRun, RunClaim, utcnow
from novex.dossier.roles import Actor
from novex.errors import DossierInputError, ResultsError
from novex.results import PuzzleRunResult, open_run

__all__ = ["RunData", "check_run_folder", "import_run", "read_run"]

RunData = dict[str, Any]
_CLAIM_FIELDS = ("demand_min", "demand_max", "allocated", "shortfall", "total_ha", "price")


def _claims(run: PuzzleRunResult) -> list[dict[str, Any]]:
    rows = []
    for c in run.claims():
        row = {"province": c.region, "function": c.function, "priority": c.priority}
        for name in _CLAIM_FIELDS:
            value = getattr(c, name)
            if value is None:
                why = (
                    "the claim has no maximum"
                    if name == "demand_max"
                    else f"province {c.region} was not solved (its claims do not fit in "
                    "strict mode)"
                )
                raise DossierInputError(
                    f"The run {str(run.path)!r} has no {name!r} for the claim "
                    f"({c.region}, {c.function}): {why}. The dossier stores runs whose claims "
                    "all have a maximum and a price: give every claim a max_ha and solve with "
                    "--elastic."
                )
            row[name] = float(value)
        rows.append(row)
    return rows


def read_run(path: str | Path) -> RunData:
    """What the dossier stores of the run folder ``path``.

    Returns
    -------
    dict
        ``name`` (the spec's name), ``manifest`` (as written), ``manifest_hash`` (SHA-256
        of ``manifest.json``), ``certificate`` (``max_gap``, ``elastic`` and per province
        ``province``, ``status``, ``objective``, ``dual_bound``, ``gap``) and ``claims``
        (per province and function: ``priority``, demand, allocated, shortfall,
        ``total_ha``, ``price``).

    Raises
    ------
    DossierInputError
        ``path`` is no complete puzzle run folder of the version this novex reads (the
        message of :func:`novex.results.open_run`), or a claim lacks a maximum or a price.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     read_run(tmp)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    novex.errors.DossierInputError: ... is not a puzzle run folder: it has no 'manifest.json' ...
    """
    try:
        run = open_run(path)
        claims = _claims(run)
    except ResultsError as err:
        raise DossierInputError(str(err)) from err
    m = run.manifest
    certificate = {
        "max_gap": m.max_gap,
        "elastic": m.elastic,
        "provinces": [
            {
                "province": p.code,
                "status": p.status,
                "objective": p.objective,
                "dual_bound": p.dual_bound,
                "gap": p.gap,
            }
            for p in run.provinces
        ],
    }
    return {
        "name": m.spec_name or run.path.name,
        "manifest": dict(m.raw),
        "manifest_hash": m.sha256,
        "certificate": certificate,
        "claims": claims,
    }


def check_run_folder(path: str | Path) -> None:
    """Raise :class:`DossierInputError` unless ``path`` is a run folder the dossier can store."""
    read_run(path)


def import_run(
    dossier: Any, actor: Actor, path: str | Path, *, published: bool = False
) -> dict[str, Any]:
    """Store the run in ``path`` (once: a run with the same manifest hash is returned as is).

    Parameters
    ----------
    dossier : Dossier
    actor : Actor
        Must be allowed to write for every province in the run.
    path : path-like
        A run folder written by ``novex puzzle solve --out``.

    Returns
    -------
    dict
        The run record.
    """
    from novex.dossier.roles import Scope
    from novex.dossier.rows import to_json

    data = read_run(path)
    with dossier.transaction() as s:
        existing = s.scalars(
            select(PuzzleRun).where(PuzzleRun.manifest_hash == data["manifest_hash"])
        ).first()
        if existing is not None:
            return to_json(existing)
        actor.require_write(
            Scope(frozenset(c["province"] for c in data["claims"])), f"run {data['name']!r}"
        )
        run = PuzzleRun(
            name=data["name"][:200],
            manifest=data["manifest"],
            manifest_hash=data["manifest_hash"],
            certificate=data["certificate"],
            source_path=str(Path(path).resolve()),
            imported_by=actor.name,
            imported_at=utcnow(),
            published=published,
        )
        s.add(run)
        s.flush()
        for c in data["claims"]:
            s.add(RunClaim(run_id=run.id, **c))
        return dossier.audit_write(s, actor, "create", run, None)
