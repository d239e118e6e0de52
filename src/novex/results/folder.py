"""What every result folder shares: its manifest's format check, file checks, JSON and rasters.

A result folder (a puzzle run, a stapelkaart) has a ``manifest.json`` whose first keys
are ``format`` (what kind of folder) and ``format_version`` (its layout). A reader
opens a folder only when both match what it understands; anything else (no folder, no
manifest, another kind, another version, a file missing) is a
:class:`~novex.errors.ResultsError` that names the path, what was found, what was
expected and the command that writes a good folder.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from novex.errors import ResultsError
from novex.puzzle.outputs import RUN_FORMAT, RUN_FORMAT_VERSION
from novex.stack.writers import STACK_FORMAT, STACK_FORMAT_VERSION

__all__ = [
    "RUN",
    "STACK",
    "FolderFormat",
    "check_folder",
    "folder_kind",
    "open_dataarray",
    "read_json",
]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class FolderFormat:
    """One kind of result folder: its format name, version, files and how to write one.

    Attributes
    ----------
    format : str
        The manifest's ``format`` value.
    version : int
        The ``format_version`` this novex reads and writes.
    label : str
        What a person calls it ("puzzle run folder").
    files : tuple of str
        Files that must be present (the manifest included).
    command : str
        The command that writes a folder of this kind (for error messages).
    opener : str
        The reader function for this kind (for error messages).
    """

    format: str
    version: int
    label: str
    files: tuple[str, ...]
    command: str
    opener: str


RUN = FolderFormat(
    RUN_FORMAT,
    RUN_FORMAT_VERSION,
    "puzzle run folder",
    (
        MANIFEST,
        "allocation.tif",
        "claims.csv",
        "claims.json",
        "rules.csv",
        "rules.json",
        "tiers.csv",
        "tiers.json",
        "principles.csv",
        "principles.json",
        "summary.json",
    ),
    "novex puzzle solve SPEC --workspace WORKSPACE --out {path}",
    "novex.results.open_run",
)
"""A puzzle run folder, written by :func:`novex.puzzle.outputs.write_outputs`."""

STACK = FolderFormat(
    STACK_FORMAT,
    STACK_FORMAT_VERSION,
    "stapelkaart folder",
    (
        MANIFEST,
        "stack.json",
        "interests.csv",
        "pairs.csv",
        "combinations.csv",
        "overlap_count.tif",
        "combination.tif",
        "interest_mask.tif",
    ),
    "novex stack WORKSPACE --out {path}",
    "novex.results.open_stack",
)
"""A stapelkaart folder, written by :func:`novex.stack.compute_stack`."""

_KINDS = {RUN.format: RUN, STACK.format: STACK}


def _fix(kind: FolderFormat, path: Path) -> str:
    return f"Write it with `{kind.command.format(path=path)}`."


def folder_kind(path: str | os.PathLike[str]) -> FolderFormat | None:
    """The kind of result folder ``path`` is (:data:`RUN` or :data:`STACK`), by its manifest.

    ``None`` when it is no result folder (no readable ``manifest.json`` with a known
    ``format``). The version is not checked: :func:`check_folder` does that.

    >>> import tempfile
    >>> folder_kind(tempfile.gettempdir()) is None
    True
    """
    try:
        manifest = json.loads((Path(path) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    found = manifest.get("format") if isinstance(manifest, dict) else None
    return _KINDS.get(found.split("/")[0]) if isinstance(found, str) else None


def read_json(path: Path, kind: FolderFormat, folder: Path) -> Any:
    """The JSON content of ``path``, or a ResultsError naming the file and the fix."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ResultsError(
            f"The {kind.label} {str(folder)!r} is incomplete: {path.name!r} is missing. "
            + _fix(kind, folder)
        ) from err
    except (OSError, ValueError) as err:
        raise ResultsError(
            f"Cannot read {str(path)!r} of the {kind.label} {str(folder)!r}: {err}. "
            + _fix(kind, folder)
        ) from err


def check_folder(path: str | os.PathLike[str], kind: FolderFormat) -> tuple[dict[str, Any], str]:
    """Check that ``path`` is a complete folder of ``kind``; its manifest and the manifest's SHA-256.

    Raises
    ------
    ResultsError
        When the folder or its manifest is missing, the manifest is of another kind or
        ``format_version``, or a file of the format is missing.
    """
    folder = Path(path)
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise ResultsError(f"The {kind.label} {str(folder)!r} {what}. " + _fix(kind, folder))
    mpath = folder / MANIFEST
    if not mpath.is_file():
        raise ResultsError(
            f"{str(folder)!r} is not a {kind.label}: it has no {MANIFEST!r} (expected format "
            f"{kind.format!r}, format_version {kind.version}). " + _fix(kind, folder)
        )
    raw = mpath.read_bytes()
    manifest = read_json(mpath, kind, folder)
    if not isinstance(manifest, dict):
        raise ResultsError(
            f"{str(mpath)!r} is not a JSON object (expected a {kind.label} manifest with format "
            f"{kind.format!r}). " + _fix(kind, folder)
        )
    found = manifest.get("format")
    version = manifest.get("format_version")
    # "novex-puzzle-run/1" is how run folders were marked before format_version existed
    other = _KINDS.get(found.split("/")[0]) if isinstance(found, str) else None
    if other is not None and other is not kind:
        raise ResultsError(
            f"{str(folder)!r} is a {other.label} (format {found!r}), not a {kind.label} "
            f"(format {kind.format!r}). Open it with {other.opener}(), or write a {kind.label} "
            f"with `{kind.command.format(path=folder)}`."
        )
    if found != kind.format or version != kind.version:
        written = manifest.get("novex_version")
        by = f" by novex {written}" if written else ""
        if found == kind.format:
            got = f"format_version {version!r}"
        elif version is None:
            got = f"format {found!r} without a format_version"
        else:
            got = f"format {found!r}, format_version {version!r}"
        raise ResultsError(
            f"The {kind.label} {str(folder)!r} has {got} (written{by}); this novex reads "
            f"format {kind.format!r}, format_version {kind.version}. "
            f"Write it again with this novex: `{kind.command.format(path=folder)}`, or read it "
            "with the novex version that wrote it."
        )
    missing = [name for name in kind.files if not (folder / name).is_file()]
    if missing:
        raise ResultsError(
            f"The {kind.label} {str(folder)!r} is incomplete: missing "
            f"{', '.join(repr(m) for m in missing)}. A complete folder is written at once by "
            f"`{kind.command.format(path=folder)}`; write it again."
        )
    return manifest, hashlib.sha256(raw).hexdigest()


def open_dataarray(
    path: Path,
    kind: FolderFormat,
    folder: Path,
    *,
    name: str,
    chunks: int | dict[str, int] | bool | None = None,
    expected_shape: tuple[int, int] | None = None,
) -> Any:
    """Band 1 of a folder's GeoTIFF as a lazy 2-D ``xarray.DataArray`` (dims ``y``, ``x``).

    Nothing is read until the values are used; ``chunks`` makes it a dask array.
    The CRS must be EPSG:28992 and the shape, when given, must match.
    """
    import rioxarray
    from rasterio.errors import RasterioError

    if not path.is_file():
        raise ResultsError(
            f"The {kind.label} {str(folder)!r} is incomplete: {path.name!r} is missing. "
            + _fix(kind, folder)
        )
    try:
        da = rioxarray.open_rasterio(path, chunks=chunks, mask_and_scale=False)
    except (RasterioError, OSError, ValueError) as err:
        raise ResultsError(
            f"Cannot read the raster {str(path)!r} of the {kind.label} {str(folder)!r}: {err}. "
            + _fix(kind, folder)
        ) from err
    if isinstance(da, list):  # pragma: no cover - only for multi-subdataset files
        raise ResultsError(f"{str(path)!r} holds several subdatasets; expected one band.")
    da = da.squeeze("band", drop=True)
    crs = da.rio.crs
    epsg = crs.to_epsg() if crs is not None else None
    if epsg != 28992:
        raise ResultsError(
            f"The raster {str(path)!r} is in {crs.to_string() if crs else 'no CRS'}, not "
            f"EPSG:28992. " + _fix(kind, folder)
        )
    if expected_shape is not None and tuple(da.shape) != tuple(expected_shape):
        raise ResultsError(
            f"The raster {str(path)!r} has shape {tuple(da.shape)!r}, but the manifest's grid "
            f"has {tuple(expected_shape)!r}. " + _fix(kind, folder)
        )
    da.name = name
    return da
