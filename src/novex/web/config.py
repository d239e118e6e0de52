"""What the web application serves: the folders, the dossier and the limits."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["WebConfig"]


@dataclass(frozen=True)
class WebConfig:
    """The inputs and limits of one web application.

    Parameters
    ----------
    run : path, optional
        A finished puzzle run folder (``novex puzzle solve --out``): the allocation layer
        and the claims table. Without it the atlas shows the stapelkaart only.
    stack : path, optional
        A stapelkaart folder (``novex stack --out``): the layers per interest and the overlap.
    workspace : path, optional
        The workspace the run was made on: the province outlines.
    db : str, optional
        The dossier database URL; without it the portal and zienswijzen are off.
    secure_cookies : bool
        Mark the session cookie ``Secure`` (set when served over https).
    zienswijze_max_chars : int
        The longest zienswijze accepted.
    zienswijze_per_hour : int
        Zienswijzen accepted per client address per hour.
    tile_cache : int
        Tiles kept in memory (least recently used are dropped).
    session_hours : float
        How long a login lasts without activity.
    spec : str, optional
        The run's puzzle spec (a TOML path, or ``demo``) for what-if; default: the spec
        the run's manifest names, when it can be found.
    whatif_workers, whatif_queue : int
        What-if solves at the same time, and waiting; beyond that 503.
    reports : path, optional
        A folder of PDF reports (``novex report``, ``<out>/rapporten`` of the demo): offered
        for download and linked from the atlas and the portal.
    scenarios : path, optional
        A scenario batch folder (``novex scenarios run --out``): its scenarios' allocations
        and difference maps become atlas layers.
    whatif_scheme : str
        ``continue`` (a draft goes on from the published map: one solve) or ``full``
        (the run's whole ``samenhang`` scheme again); see :mod:`novex.web.drafts`.
    whatif_gap : float
        The relative gap a draft's solve may stop at (a published run: 1e-6).
    whatif_prepare : tuple of str
        Provinces to assemble for what-if at start-up, in the pool (at most the two
        last stay in memory); default none: a province is assembled when a planner picks
        it in the atlas, or at its first what-if.
    drafts : path, optional
        The folder what-if drafts are saved in as run folders (:mod:`novex.web.draft_save`);
        default ``concepten/`` next to the served run (``<out>/concepten`` of the demo),
        created at the first save.
    consultation : str
        ``auto`` (the zienswijze form is open while a phase of the process has status
        ``lopend`` in the dossier), ``open`` or ``closed``.
    """

    run: Path | None = None
    stack: Path | None = None
    workspace: Path | None = None
    db: str | None = None
    secure_cookies: bool = False
    zienswijze_max_chars: int = 10_000
    zienswijze_per_hour: int = 5
    tile_cache: int = 4096
    session_hours: float = 8.0
    consultation: str = "auto"
    spec: str | None = None
    whatif_workers: int = 1
    whatif_queue: int = 1
    reports: Path | None = None
    scenarios: Path | None = None
    whatif_scheme: str = "continue"
    whatif_gap: float = 1e-4
    whatif_prepare: tuple[str, ...] = ()
    drafts: Path | None = None

    def drafts_folder(self) -> Path | None:
        """Where saved drafts go: :attr:`drafts`, else ``concepten/`` beside the run."""
        if self.drafts is not None:
            return Path(self.drafts)
        return self.run.parent / "concepten" if self.run is not None else None

    def __post_init__(self) -> None:
        from novex.errors import SettingsError

        if self.consultation not in ("auto", "open", "closed"):
            raise SettingsError(
                f"Invalid consultation {self.consultation!r}; expected 'auto', 'open' or 'closed'."
            )

    @classmethod
    def from_paths(
        cls,
        run: str | os.PathLike[str] | None = None,
        stack: str | os.PathLike[str] | None = None,
        workspace: str | os.PathLike[str] | None = None,
        db: str | None = None,
        **limits: object,
    ) -> WebConfig:
        """A config from path strings (``None`` leaves a part out)."""
        return cls(
            run=Path(run) if run else None,
            stack=Path(stack) if stack else None,
            workspace=Path(workspace) if workspace else None,
            db=db,
            **limits,  # type: ignore[arg-type]
        )
