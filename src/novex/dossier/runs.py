"""Puzzle runs in the dossier: read a finished run folder and store it.

:func:`_read_run` is the one place that reads a run folder; it will call
``novex.results`` when that reader exists.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from novex.dossier.models import PuzzleRun, RunClaim, utcnow
from novex.dossier.roles import Actor
from novex.errors import DossierInputError

__all__ = ["RunData", "check_run_folder", "import_run"]

RunData = dict[str, Any]
_CLAIM_FIELDS = ("demand_min", "demand_max", "allocated", "shortfall", "total_ha", "price")


def _read_run(path: Path) -> RunData:
    """Manifest, its SHA-256, the certificate and the claims table of the run in ``path``."""
    try:
        manifest_bytes = (path / "manifest.json").read_bytes()
        manifest = json.loads(manifest_bytes)
        claims_doc = json.loads((path / "claims.json").read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise DossierInputError(
            f"{str(path)!r} is not a puzzle run folder: {Path(err.filename).name} is missing. "
            "Give the --out folder of `novex puzzle solve`."
        ) from err
    except json.JSONDecodeError as err:
        raise DossierInputError(
            f"A JSON file in run folder {str(path)!r} is broken: {err}"
        ) from err
    fmt = manifest.get("format", "")
    if not str(fmt).startswith("novex-puzzle-run/"):
        raise DossierInputError(
            f"{str(path)!r} has manifest format {fmt!r}; expected 'novex-puzzle-run/1'."
        )
    claims = []
    for row in claims_doc.get("claims", []):
        claims.append(
            {
                "province": row.get("province", row.get("region")),
                "function": row["function"],
                "priority": int(row.get("priority", 0)),
                **{k: float(row[k]) for k in _CLAIM_FIELDS},
            }
        )
    certificate = {
        "max_gap": manifest.get("max_gap"),
        "elastic": manifest.get("elastic"),
        "provinces": [
            {k: p.get(k) for k in ("province", "status", "objective", "dual_bound", "gap")}
            for p in manifest.get("provinces", [])
        ],
    }
    return {
        "name": str(manifest.get("spec", {}).get("name", path.name)),
        "manifest": manifest,
        "manifest_hash": hashlib.sha256(manifest_bytes).hexdigest(),
        "certificate": certificate,
        "claims": claims,
    }


def check_run_folder(path: str | Path) -> None:
    """Raise :class:`DossierInputError` unless ``path`` is a readable puzzle run folder."""
    _read_run(Path(path))


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

    data = _read_run(Path(path))
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
