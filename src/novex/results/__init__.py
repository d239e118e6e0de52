"""Typed, read-only readers of finished result folders: puzzle runs and stapelkaarten.

Reports, the web app, the dossier and the scenarios read what a run produced through
this package and never solve or compute again:

- :func:`open_run` reads a puzzle run folder (``novex puzzle solve --out``) into a
  :class:`PuzzleRunResult`: manifest, provinces with status and certificate, claims with
  source and status, rules, tiers, principles, conflicts, and the allocation raster as
  an ``xarray.DataArray``;
- :func:`open_stack` reads a stapelkaart folder (``novex stack --out``) into a
  :class:`StackResultFolder`: hectares per interest and region, pair overlaps as
  conflict / koppelkans, combinations, and the rasters as DataArrays.

A folder of another kind or ``format_version``, or one with a file missing, raises
:class:`~novex.errors.ResultsError` naming the path, the found and the expected version,
and the command that writes it again. :mod:`novex.results.samples` writes a tiny
synthetic workspace, run and stapelkaart for examples and tests.

>>> from novex.results import RUN, STACK
>>> (RUN.format, RUN.version), (STACK.format, STACK.version)
(('novex-puzzle-run', 1), ('novex-stapelkaart', 1))
"""

from novex.results.folder import RUN, STACK, FolderFormat, folder_kind
from novex.results.rows import (
    AreaRow,
    ClaimRow,
    ClaimSource,
    Conflict,
    NationalClaim,
    PrincipleRow,
    RuleRow,
    TierRow,
)
from novex.results.run import (
    Category,
    InputFile,
    LandUseType,
    ProvinceResult,
    PuzzleRunResult,
    RunManifest,
    open_run,
)
from novex.results.samples import sample_workspace, write_sample_run, write_sample_stack
from novex.results.stapelkaart import (
    Combination,
    InterestHectares,
    PairRow,
    RegionSummary,
    StackManifest,
    StackResultFolder,
    open_stack,
)

__all__ = [
    "RUN",
    "STACK",
    "AreaRow",
    "Category",
    "ClaimRow",
    "ClaimSource",
    "Combination",
    "Conflict",
    "FolderFormat",
    "InputFile",
    "InterestHectares",
    "LandUseType",
    "NationalClaim",
    "PairRow",
    "PrincipleRow",
    "ProvinceResult",
    "PuzzleRunResult",
    "RegionSummary",
    "RuleRow",
    "RunManifest",
    "StackManifest",
    "StackResultFolder",
    "TierRow",
    "folder_kind",
    "open_run",
    "open_stack",
    "sample_workspace",
    "write_sample_run",
    "write_sample_stack",
]
