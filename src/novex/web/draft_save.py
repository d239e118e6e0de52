"""Saving a what-if draft to the dossier: a run folder written whole, then imported.

A draft (:mod:`novex.web.whatif`) lives in the server's memory. Its maker saves it:
:func:`save_draft` writes it as a complete one-province puzzle run folder
(:meth:`novex.web.drafts.DraftSolver.run_of` and :meth:`novex.puzzle.runs.PuzzleRun.write`,
atomically) into the drafts folder (``WebConfig.drafts``, default ``concepten/`` next
to the served run), and imports that folder into the dossier for the acting user
(:meth:`novex.dossier.Dossier.import_run`, which checks the role again). When the import
fails the folder is removed: nothing is left half-saved. A second save of the same
draft gives the same run back (``created`` False).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

from novex.dossier import Dossier
from novex.dossier.roles import Actor
from novex.errors import NovexError
from novex.web.whatif import WhatIfPool

__all__ = ["DraftSaveError", "draft_folder_name", "save_draft"]

log = logging.getLogger(__name__)


class DraftSaveError(NovexError, RuntimeError):
    """The server has no drafts folder it can write in (HTTP 500 with this message)."""


def draft_folder_name(province: str, draft_id: str) -> str:
    """The run folder's name of draft ``draft_id`` of ``province``.

    >>> draft_folder_name("NL-UT", "abc")
    'wat-als-NL-UT-abc'
    """
    return f"wat-als-{province}-{draft_id}"


def save_draft(
    pool: WhatIfPool, draft_id: str, actor: Actor, dossier: Dossier, folder: Path
) -> tuple[dict[str, Any], bool]:
    """Save draft ``draft_id`` of ``actor`` into ``folder`` and the dossier.

    Returns
    -------
    (dict, bool)
        The dossier's run record and whether this call created it (False: the draft was
        saved before, the same run is returned).

    Raises
    ------
    UnknownDraftError
        No draft of that id made by ``actor`` is kept.
    PermissionDeniedError
        ``actor`` may not write for the draft's province (the dossier's check).
    DraftSaveError
        ``folder`` cannot be written.
    """
    kept = pool.kept_draft(draft_id, actor.name)
    with pool.save_lock:
        if kept.saved is not None:
            return kept.saved, False
        solver = pool.solver
        assert solver is not None  # a kept draft was solved by it
        base = _spec_name(solver)
        target = folder / draft_folder_name(kept.province, draft_id)
        run = solver.run_of(kept.draft, f"{base}, wat als {kept.province} ({draft_id})")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            run.write(target)
        except OSError as err:
            raise DraftSaveError(
                f"Cannot write the draft into {str(folder)!r} ({err.strerror or err}); give "
                "the server a drafts folder it may write in (WebConfig(drafts=...))."
            ) from err
        try:
            record = dossier.import_run(actor, target)
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        log.info("what-if draft %s saved by %s as run %s in %s", draft_id, actor.name,
                 record.get("id"), target)  # fmt: skip
        kept.saved = record
        return record, True


def _spec_name(solver: Any) -> str:
    run = solver.run
    name = getattr(getattr(run, "manifest", None), "spec_name", None) if run else None
    return str(name or "puzzel")
