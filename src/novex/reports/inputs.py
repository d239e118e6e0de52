"""What a report reads: the puzzle run, the stapelkaart, the dossier and the workspace.

:class:`ReportInputs` names the folders and the database; :func:`demo_inputs` gives
the ones ``novex demo`` writes under ``$NOVEX_HOME``. Everything is opened read-only:
a dossier file that does not exist is not created (the report then says the dossier
has no record), and nothing is solved or computed again.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from novex.errors import ReportError

if TYPE_CHECKING:
    from novex.dossier import Dossier
    from novex.results import PuzzleRunResult, StackResultFolder

__all__ = ["ReportInputs", "demo_inputs"]


def demo_inputs(
    home: str | os.PathLike[str] | None = None, resolution: int = 100, db: str | None = None
) -> ReportInputs:
    """The inputs of the demo: ``<home>/demo-output-<res>m/{puzzel,stapelkaart}``.

    The dossier is ``db``, else ``$NOVEX_DB``, else the SQLite file under ``$NOVEX_HOME``
    (:func:`novex.dossier.database_url`).

    Examples
    --------
    >>> inp = demo_inputs("/data/novex", 250)
    >>> inp.run.as_posix(), inp.stack.as_posix()
    ('/data/novex/demo-output-250m/puzzel', '/data/novex/demo-output-250m/stapelkaart')
    """
    if home is None:
        from novex.settings import get_settings

        home = get_settings().home
    out = Path(home) / f"demo-output-{resolution}m"
    return ReportInputs(run=out / "puzzel", stack=out / "stapelkaart", db=db)


@dataclass
class ReportInputs:
    """The run, stapelkaart, dossier and workspace one report reads.

    Parameters
    ----------
    run : Path
        A puzzle run folder (``novex puzzle solve --out``, ``<demo output>/puzzel``).
    stack : Path, optional
        A stapelkaart folder (needed for the startpakket report).
    db : str, optional
        The dossier's database URL; None: ``$NOVEX_DB`` or the SQLite file under
        ``$NOVEX_HOME``.
    workspace : Path, optional
        The workspace of the run (for the province raster); default the one the run's
        manifest names.
    today : date, optional
        The report's date (default today).
    """

    run: Path
    stack: Path | None = None
    db: str | None = None
    workspace: Path | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @cached_property
    def results(self) -> PuzzleRunResult:
        """The puzzle run, opened with :func:`novex.results.open_run`."""
        from novex.results import open_run

        return open_run(self.run)

    @cached_property
    def stapelkaart(self) -> StackResultFolder:
        """The stapelkaart, opened with :func:`novex.results.open_stack`."""
        from novex.results import open_stack

        if self.stack is None:
            raise ReportError(
                "This report needs a stapelkaart folder; give it with --stack DIR (written by "
                "`novex stack --out DIR` or `novex demo`)."
            )
        return open_stack(self.stack)

    @cached_property
    def dossier_url(self) -> str:
        """The database URL the dossier is read from."""
        from novex.dossier import database_url

        return database_url(self.db)

    @cached_property
    def dossier(self) -> Dossier | None:
        """The dossier, or None when its SQLite file does not exist (nothing is created)."""
        from novex.dossier import Dossier

        url = self.dossier_url
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///") :]).is_file():
            return None
        return Dossier.open(url, upgrade=False)

    def require_dossier(self, what: str) -> Dossier:
        """The dossier, or a :class:`ReportError` saying how to make one."""
        d = self.dossier
        if d is None:
            raise ReportError(
                f"The {what} report reads the dossier, and there is none at "
                f"{self.dossier_url!r}. Give one with --db URL, or fill the demo dossier with "
                "`novex dossier seed-demo --run RUN_FOLDER`."
            )
        return d

    @cached_property
    def province_raster(self) -> Path | None:
        """The workspace's province raster (for province maps), when it can be found."""
        from novex.errors import WorkspaceError
        from novex.layers import Workspace

        path = self.workspace or Path(self.results.manifest.workspace_path)
        try:
            ws = Workspace.open(path)
            tif = ws.layer_path("province")
        except (WorkspaceError, KeyError, OSError):
            return None
        return tif if tif.is_file() else None

    def close(self) -> None:
        """Close the dossier connection, if one was opened."""
        d = self.__dict__.get("dossier")
        if d is not None:
            d.close()
