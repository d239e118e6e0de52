"""What-if: re-solve one province with a changed claim or principle, as a draft run.

A planner with the role (rijk, or the province's own provincie role) changes a claim's
hectares or switches a weighing principle for one province. The server solves that
province again (:class:`~novex.web.drafts.DraftSolver`: the province's arrays stay
assembled in memory, the price search starts from the published prices) in a bounded
worker pool: at most ``workers`` solves run and ``queue`` wait; a request beyond that is
refused at once with 503 and ``Retry-After`` instead of queueing without limit, so a
solve never blocks the map.

The draft is kept in memory only (the last :attr:`WhatIfPool.kept` drafts; nothing is
written until its maker saves it, :mod:`novex.web.draft_save`): its figures, and its map as tile layers ``allocation`` (the draft's types in
the province) and ``changes`` (the cells whose type differs from the published map),
served to the user who made it at ``/tiles/draft/{id}/{layer}/{z}/{x}/{y}.png``.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from novex.errors import NovexError
from novex.web.drafts import Change, DraftSolver
from novex.web.tile_warp import RasterArray
from novex.web.tiles import TileError, TileLayer, TileSource

__all__ = ["BusyError", "DraftTiles", "UnknownDraftError", "WhatIfPool", "WhatIfUnavailableError"]

log = logging.getLogger(__name__)

CHANGES_COLOUR = (230, 0, 126, 230)
"""The colour of a cell whose type the draft changed (magenta, apart from every type)."""


class BusyError(NovexError, RuntimeError):
    """Every what-if worker and queue place is taken (HTTP 503 with Retry-After)."""


class WhatIfUnavailableError(NovexError, LookupError):
    """The server has no spec or workspace to re-solve with (HTTP 404)."""


class UnknownDraftError(TileError):
    """No draft of that id made by this user is kept (HTTP 404)."""


@dataclass
class DraftTiles:
    """A draft's tile layers and who may see them."""

    owner: str
    province: str
    tiles: TileSource
    draft: Any = None
    saved: dict[str, Any] | None = None
    """The dossier's run record once the draft is saved (:mod:`novex.web.draft_save`)."""


class WhatIfPool:
    """A bounded pool of what-if solves and the drafts they made.

    Parameters
    ----------
    spec : path or str, optional
        The puzzle spec of the run (a TOML path or ``"demo"``).
    workspace : path, optional
        The run's workspace.
    workers : int
        Solves at the same time.
    queue : int
        Solves that may wait for a worker.
    run : novex.results run, optional
        The published run: its map and prices are where a draft starts.
    colours : dict, optional
        Type value -> RGBA of the allocation layer (the run's colour table).
    scheme : {"continue", "full"}
        See :mod:`novex.web.drafts`.
    kept : int
        Drafts kept in memory for their tiles.
    gap_tolerance : float
        The relative gap a draft's solve may stop at (see :mod:`novex.web.drafts`).
    """

    def __init__(
        self,
        spec: str | None,
        workspace: Path | None,
        workers: int = 1,
        queue: int = 1,
        *,
        run: Any = None,
        colours: dict[int, tuple[int, int, int, int]] | None = None,
        scheme: str = "continue",
        kept: int = 16,
        gap_tolerance: float = 1e-4,
    ) -> None:
        self.spec = spec
        self.workspace = workspace
        self.colours = colours or {}
        self.kept = kept
        self.solver = (
            DraftSolver(spec, workspace, run, scheme=scheme, gap_tolerance=gap_tolerance)
            if spec is not None and workspace is not None
            else None
        )
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="whatif")
        self._slots = threading.BoundedSemaphore(workers + queue)
        self._drafts: OrderedDict[str, DraftTiles] = OrderedDict()
        self._lock = threading.Lock()
        self.save_lock = threading.Lock()
        """Held while a draft is written and imported (one save at a time)."""

    def close(self) -> None:
        """Stop the workers (running solves finish)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _require(self) -> DraftSolver:
        if self.solver is None:
            raise WhatIfUnavailableError(
                "This server cannot re-solve: it has no puzzle spec or workspace for the run. "
                "Start it with the run's workspace (--workspace) and a run whose spec is known."
            )
        return self.solver

    def submit(
        self,
        province: str,
        function: str | None,
        add_ha: float,
        lang: str,
        *,
        principles: dict[str, bool] | None = None,
        owner: str = "",
    ) -> Future[dict[str, Any]]:
        """Start a solve; a future of the draft's figures. :class:`BusyError` when full."""
        self._require()
        change = Change(province, function, add_ha, dict(principles or {}))
        return self._run(self._solve, change, lang, owner)

    def prepare(self, province: str, *, bounded: bool = True) -> Future[Any]:
        """Assemble ``province`` ahead of its first what-if; takes a pool place too
        (:class:`BusyError` when full) unless ``bounded`` is False (at start-up)."""
        solver = self._require()
        if not bounded:
            return self._executor.submit(solver.prepare, province)
        return self._run(solver.prepare, province)

    def _run(self, fn: Any, *args: Any) -> Future[Any]:
        if not self._slots.acquire(blocking=False):
            raise BusyError("Every what-if worker is busy; try again in a few seconds.")
        try:
            future = self._executor.submit(fn, *args)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def _solve(self, change: Change, lang: str, owner: str) -> dict[str, Any]:
        draft = self._require().solve(change, lang)
        draft_id = secrets.token_urlsafe(12)
        colours = dict(self.colours)
        layers = [
            TileLayer("allocation", Path(f"draft-{draft_id}-allocation"), colours,
                      array=RasterArray(draft.allocation, draft.transform, draft.crs, 0)),
            TileLayer("changes", Path(f"draft-{draft_id}-changes"), {1: CHANGES_COLOUR},
                      array=RasterArray(draft.changes, draft.transform, draft.crs, 0)),
        ]  # fmt: skip
        with self._lock:
            self._drafts[draft_id] = DraftTiles(owner, draft.figures["province"],
                                                TileSource(layers, cache_size=512), draft)  # fmt: skip
            while len(self._drafts) > self.kept:
                self._drafts.popitem(last=False)
        out = dict(draft.figures)
        out["id"] = draft_id
        out["tiles"] = {k: f"/tiles/draft/{draft_id}/{k}/{{z}}/{{x}}/{{y}}.png"
                        for k in ("allocation", "changes")}  # fmt: skip
        out["bounds"] = _bounds_wgs84(draft.transform, draft.allocation.shape, draft.crs)
        return out

    def draft_tiles(self, draft_id: str, owner: str) -> TileSource:
        """The tile layers of draft ``draft_id`` made by ``owner`` (404 otherwise)."""
        return self.kept_draft(draft_id, owner).tiles

    def kept_draft(self, draft_id: str, owner: str) -> DraftTiles:
        """Draft ``draft_id`` made by ``owner``; :class:`UnknownDraftError` otherwise."""
        with self._lock:
            d = self._drafts.get(draft_id)
        if d is None or d.owner != owner:
            raise UnknownDraftError(
                f"Unknown what-if draft {draft_id!r}; drafts are kept for the user who made "
                "them, the last few only. Re-solve the what-if."
            )
        return d


def _bounds_wgs84(transform: Any, shape: tuple[int, ...], crs: str) -> list[float]:
    from pyproj import Transformer

    west, north = transform * (0, 0)
    east, south = transform * (shape[1], shape[0])
    t = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    w, s, e, n = t.transform_bounds(west, south, east, north)
    return [round(v, 6) for v in (w, s, e, n)]
