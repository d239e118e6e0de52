"""Read a finished stapelkaart folder: :func:`open_stack` and :class:`StackResultFolder`.

The folder is what ``novex stack --out`` (:func:`novex.stack.compute_stack`) writes.
Reading never recomputes: the hectares are those of ``stack.json`` (the CSV files hold
the same numbers), the rasters are read lazily from the GeoTIFFs.

Examples
--------
>>> import tempfile, pathlib
>>> from novex.results import open_stack, sample_workspace, write_sample_stack
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> stack = open_stack(write_sample_stack(sample_workspace(tmp / "ws"), tmp / "stack"))
>>> [r.name for r in stack.provinces]
['Gelderland', 'Utrecht']
>>> stack.hectares("Utrecht")[5]  # interest 5 (wonen): 6 x 10 cells of 6.25 ha
375.0
>>> pair = stack.pairs("Utrecht")[0]  # wonen x waterveiligheid: 2 rows x 10 columns
>>> (pair.a, pair.b, pair.hectares, pair.cls.value)
(5, 14, 125.0, 'conflict')
>>> stack.overlap_count().rio.crs.to_epsg()
28992
>>> import shutil; shutil.rmtree(tmp)
"""

from __future__ import annotations

import csv
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from novex.errors import ResultsError
from novex.grid import GridSpec
from novex.results.folder import STACK, check_folder, open_dataarray, read_json
from novex.results.rows import build
from novex.stack.compatibility import PairClass

__all__ = [
    "Combination",
    "InterestHectares",
    "PairRow",
    "RegionSummary",
    "StackManifest",
    "StackResultFolder",
    "open_stack",
]

NATIONAL = ("nationaal", "national", "nl")


@dataclass(frozen=True)
class StackManifest:
    """``manifest.json`` of a stapelkaart folder (``sha256`` of its bytes; ``raw`` as read)."""

    format: str
    format_version: int
    novex_version: str
    lang: str
    synthetic: bool
    grid: GridSpec
    workspace: str
    interests: tuple[int, ...]
    layers: Mapping[int, tuple[str, ...]]
    compatibility_status: str
    sha256: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class InterestHectares:
    """Hectares a national interest claims in a region (``name`` in the folder's language)."""

    interest: int
    name: str
    hectares: float


@dataclass(frozen=True)
class PairRow:
    """The overlap of interests ``a`` and ``b`` in a region, classed conflict / koppelkans / neutral."""

    a: int
    b: int
    name_a: str
    name_b: str
    hectares: float
    cls: PairClass
    concept: str | None
    rationale: str


@dataclass(frozen=True)
class Combination:
    """A combination of interests claiming the same cells, with its hectares and national rank."""

    interests: tuple[int, ...]
    hectares: float
    rank: int | None = None


@dataclass(frozen=True)
class RegionSummary:
    """Every figure of one region (a province, region 0 outside them, or national: id ``None``)."""

    name: str
    id: int | None
    area_ha: float
    claimed_ha: float
    claimed_3plus_ha: float
    interests: tuple[InterestHectares, ...]
    pairs: tuple[PairRow, ...]
    class_hectares: Mapping[str, float]
    top_combinations: tuple[Combination, ...]


def _summary(data: Any, where: str) -> RegionSummary:
    if not isinstance(data, Mapping):
        raise ResultsError(f"{where} is {data!r}, expected an object. Write the folder again.")
    pairs = tuple(
        build(
            PairRow,
            p,
            f"{where} pairs[{k}]",
            cls=_pair_class(p.get("class"), where),
            concept=p.get("concept"),
        )
        for k, p in enumerate(data.get("pairs", []))
    )
    return build(
        RegionSummary,
        data,
        where,
        name=str(data.get("region")),
        id=data.get("region_id"),
        interests=tuple(
            build(InterestHectares, r, f"{where} interests[{k}]")
            for k, r in enumerate(data.get("interests", []))
        ),
        pairs=pairs,
        top_combinations=tuple(
            Combination(tuple(c["interests"]), float(c["hectares"]))
            for c in data.get("top_combinations", [])
        ),
    )


def _pair_class(value: Any, where: str) -> PairClass:
    try:
        return PairClass(value)
    except ValueError as err:
        raise ResultsError(
            f"{where}: pair class {value!r} is not one of {[c.value for c in PairClass]}. "
            "Write the folder again."
        ) from err


class StackResultFolder:
    """A finished stapelkaart folder, read-only; open it with :func:`open_stack`."""

    def __init__(self, path: Path, manifest: StackManifest, data: Mapping[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self._data = data

    def __repr__(self) -> str:
        return f"StackResultFolder({str(self.path)!r}, interests={list(self.manifest.interests)})"

    @cached_property
    def _regions(self) -> dict[int, RegionSummary]:
        where = str(self.path / "stack.json")
        rows = self._data.get("regions", [])
        out = {}
        for k, row in enumerate(rows):
            s = _summary(row, f"{where} regions[{k}]")
            if s.id is None:
                raise ResultsError(
                    f"{where} regions[{k}] has no region_id. Write the folder again."
                )
            out[s.id] = s
        return out

    @cached_property
    def national(self) -> RegionSummary:
        """The figures of the whole grid."""
        return _summary(self._data.get("national"), f"{self.path / 'stack.json'} national")

    @property
    def regions(self) -> tuple[RegionSummary, ...]:
        """Region 0 (outside the provinces) and the provinces, by id."""
        return tuple(self._regions[k] for k in sorted(self._regions))

    @property
    def provinces(self) -> tuple[RegionSummary, ...]:
        """The provinces (region id > 0)."""
        return tuple(r for r in self.regions if (r.id or 0) > 0)

    def region(self, key: int | str | None = None) -> RegionSummary:
        """A region by id or name (any case); ``None`` or ``"nationaal"`` is the whole grid.

        Raises
        ------
        ResultsError
            For an unknown region; the message lists the known ones.
        """
        if key is None or (isinstance(key, str) and key.strip().casefold() in NATIONAL):
            return self.national
        for r in self.regions:
            if (isinstance(key, int) and r.id == key) or (
                isinstance(key, str) and key.strip().casefold() in (r.name.casefold(), str(r.id))
            ):
                return r
        raise ResultsError(
            f"Unknown province {key!r} in the stapelkaart {str(self.path)!r}. Choose one of "
            f"{[r.name for r in self.provinces]} or 'nationaal'."
        )

    def hectares(self, region: int | str | None = None) -> dict[int, float]:
        """Hectares claimed per interest in ``region`` (default: national)."""
        return {i.interest: i.hectares for i in self.region(region).interests}

    def pairs(
        self, region: int | str | None = None, cls: PairClass | str | None = None
    ) -> tuple[PairRow, ...]:
        """Overlapping pairs of interests, largest first; only class ``cls`` when given."""
        want = None if cls is None else PairClass(cls)
        return tuple(p for p in self.region(region).pairs if want is None or p.cls is want)

    def conflicts(
        self, region: int | str | None = None, n: int | None = None
    ) -> tuple[PairRow, ...]:
        """The ``n`` largest conflicting pairs (all when ``n`` is None)."""
        return self.pairs(region, PairClass.CONFLICT)[:n]

    def koppelkansen(
        self, region: int | str | None = None, n: int | None = None
    ) -> tuple[PairRow, ...]:
        """The ``n`` largest koppelkansen (pairs a design concept combines)."""
        return self.pairs(region, PairClass.KOPPELKANS)[:n]

    @cached_property
    def combinations(self) -> tuple[Combination, ...]:
        """Every combination of interests nationally, by rank (``combinations.csv``)."""
        path = self.path / "combinations.csv"
        out = []
        with path.open(encoding="utf-8", newline="") as fh:
            for k, row in enumerate(csv.DictReader(fh)):
                try:
                    out.append(
                        Combination(
                            tuple(int(v) for v in row["interests"].split()),
                            float(row["hectares"]),
                            int(row["rank"]),
                        )
                    )
                except (KeyError, ValueError, AttributeError) as err:
                    raise ResultsError(
                        f"{str(path)!r} row {k + 1} is not (rank, interests, hectares): {row!r}. "
                        "Write the folder again."
                    ) from err
        return tuple(out)

    @property
    def maps(self) -> dict[str, Path]:
        """The PNG maps by region slug (``"nationaal"``, ``"utrecht"``); empty with ``--no-maps``."""
        folder = self.path / "maps"
        if not folder.is_dir():
            return {}
        return {p.stem.removeprefix("stapelkaart_"): p for p in sorted(folder.glob("*.png"))}

    def _raster(self, name: str, chunks: int | dict[str, int] | bool | None) -> Any:
        da = open_dataarray(
            self.path / f"{name}.tif",
            STACK,
            self.path,
            name=name,
            chunks=chunks,
            expected_shape=self.manifest.grid.shape,
        )
        da.attrs["interests"] = list(self.manifest.interests)
        return da

    def overlap_count(self, chunks: int | dict[str, int] | bool | None = None) -> Any:
        """How many interests claim each cell (uint8), a lazy ``xarray.DataArray``."""
        return self._raster("overlap_count", chunks)

    def combination(self, chunks: int | dict[str, int] | bool | None = None) -> Any:
        """Each cell's combination rank (uint16; 0 none, see :attr:`combinations`), lazy."""
        return self._raster("combination", chunks)

    def interest_mask(self, chunks: int | dict[str, int] | bool | None = None) -> Any:
        """Each cell's interest bitmask (uint32; bit ``i`` = ``manifest.interests[i]``), lazy."""
        return self._raster("interest_mask", chunks)


def _manifest(raw: dict[str, Any], sha: str, path: Path) -> StackManifest:
    where = str(path / "manifest.json")
    try:
        return StackManifest(
            format=raw["format"],
            format_version=raw["format_version"],
            novex_version=str(raw.get("novex_version", "")),
            lang=str(raw["lang"]),
            synthetic=bool(raw["synthetic"]),
            grid=GridSpec.from_dict(raw["grid"]),
            workspace=str(raw.get("workspace", "")),
            interests=tuple(int(i) for i in raw["interests"]),
            layers={int(k): tuple(v) for k, v in raw.get("layers", {}).items()},
            compatibility_status=str(raw.get("compatibility_status", "")),
            sha256=sha,
            raw=raw,
        )
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, ResultsError):
            raise
        raise ResultsError(
            f"{where} lacks or garbles {err!s}; expected a manifest of format {STACK.format!r} "
            f"version {STACK.version}. Write the folder again with "
            f"`{STACK.command.format(path=path)}`."
        ) from err


def open_stack(path: str | os.PathLike[str]) -> StackResultFolder:
    """Open a finished stapelkaart folder for reading.

    Parameters
    ----------
    path : path-like
        The folder written by ``novex stack --out`` or :func:`novex.stack.compute_stack`.

    Returns
    -------
    StackResultFolder

    Raises
    ------
    ResultsError
        When the folder is missing, incomplete, a puzzle run folder, or of another
        ``format_version``; the message names the path, the found and the expected
        version, and the command that writes it again.
    """
    folder = Path(path)
    raw, sha = check_folder(folder, STACK)
    data = read_json(folder / "stack.json", STACK, folder)
    if not isinstance(data, Mapping):
        raise ResultsError(
            f"{str(folder / 'stack.json')!r} is not a JSON object. Write the folder again with "
            f"`{STACK.command.format(path=folder)}`."
        )
    result = StackResultFolder(folder, _manifest(raw, sha, folder), data)
    result.regions  # noqa: B018 - parse now: a broken folder fails at open
    return result
