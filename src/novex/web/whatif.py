"""What-if: re-solve one province with a changed claim, as a draft run that is not saved.

A planner with the role (rijk, or the province's own provincie role) adds hectares to a
claim (an extra claim on the same province and function; claims on the same pair add
up). The server solves that province again with the run's spec and workspace in a
bounded worker pool: at most ``workers`` solves run and ``queue`` wait; a request beyond
that is refused at once with 503 and ``Retry-After`` instead of queueing without limit.
The draft is read back through :mod:`novex.results` (its claims table, status and
certificate) and then removed: it is kept only when saved to the dossier.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from novex.errors import NovexError

__all__ = ["BusyError", "WhatIfPool", "WhatIfUnavailableError"]

log = logging.getLogger(__name__)


class BusyError(NovexError, RuntimeError):
    """Every what-if worker and queue place is taken (HTTP 503 with Retry-After)."""


class WhatIfUnavailableError(NovexError, LookupError):
    """The server has no spec or workspace to re-solve with (HTTP 404)."""


class WhatIfPool:
    """A bounded pool of what-if solves.

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
    """

    def __init__(
        self, spec: str | None, workspace: Path | None, workers: int = 1, queue: int = 1
    ) -> None:
        self.spec = spec
        self.workspace = workspace
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="whatif")
        self._slots = threading.BoundedSemaphore(workers + queue)

    def close(self) -> None:
        """Stop the workers (running solves finish)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def submit(self, province: str, function: str, add_ha: float, lang: str) -> Any:
        """Start a solve; a future of the draft's figures. :class:`BusyError` when full."""
        if self.spec is None or self.workspace is None:
            raise WhatIfUnavailableError(
                "This server cannot re-solve: it has no puzzle spec or workspace for the run. "
                "Start it with the run's workspace (--workspace) and a run whose spec is known."
            )
        if not self._slots.acquire(blocking=False):
            raise BusyError("Every what-if worker is busy; try again in a few seconds.")
        try:
            future = self._executor.submit(self._solve, province, function, add_ha, lang)
        except BaseException:
            self._slots.release()
            raise
        future.add_done_callback(lambda _: self._slots.release())
        return future

    def _solve(self, province: str, function: str, add_ha: float, lang: str) -> dict[str, Any]:
        from novex.puzzle import solve_spec
        from novex.puzzle.sections import ExtraClaim
        from novex.puzzle.spec import load_spec
        from novex.results import open_run
        from novex.text import status_label

        spec = load_spec(str(self.spec))
        extra = ExtraClaim(
            province=province, function=function, min=add_ha, source="what-if", status="assumption"
        )
        claims = spec.claims.model_copy(update={"extra": (*spec.claims.extra, extra)})
        spec = spec.model_copy(update={"claims": claims})
        run = solve_spec(str(self.workspace), spec, province)
        tmp = Path(tempfile.mkdtemp(prefix="novex-whatif-"))
        try:
            run.write(tmp / "draft", lang=lang)
            draft = open_run(tmp / "draft")
            p = draft.provinces[0]
            return {
                "draft": True,
                "saved": False,
                "province": p.code,
                "status": p.status,
                "status_label": status_label(p.status, lang),
                "objective": p.objective,
                "dual_bound": p.dual_bound,
                "gap": p.gap,
                "short": dict(p.short),
                "claims": [
                    {
                        "function": c.function,
                        "demand_min": c.demand_min,
                        "allocated": c.allocated,
                        "shortfall": c.shortfall,
                        "price": c.price,
                    }
                    for c in draft.claims()
                ],
            }
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
