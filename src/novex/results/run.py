"""Read a finished puzzle run folder: :func:`open_run` and :class:`PuzzleRunResult`.

The folder is what ``novex puzzle solve --out`` (:func:`novex.puzzle.outputs.write_outputs`)
writes. Reading never solves: every figure is the one in the folder's files.

Examples
--------
>>> import tempfile, pathlib
>>> from novex.results import open_run, sample_workspace, write_sample_run
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> folder = write_sample_run(sample_workspace(tmp / "ws"), tmp / "run")
>>> run = open_run(folder)
>>> run.manifest.format, run.manifest.format_version
('novex-puzzle-run', 1)
>>> [(p.code, p.solved) for p in run.provinces]
[('NL-GE', True), ('NL-UT', True)]
>>> claim = run.claims(province="Utrecht", function="wonen")[0]
>>> claim.demand_min, claim.allocated + claim.shortfall, claim.status
(25.0, 25.0, 'verified')
>>> allocation = run.allocation()
>>> allocation.rio.crs.to_epsg(), allocation.shape
(28992, (20, 20))
>>> run.categories[1].id, run.categories[1].name
('wonen', 'Wonen')
>>> import shutil; shutil.rmtree(tmp)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from novex.errors import ResultsError
from novex.grid import GridSpec
from novex.results.folder import RUN, check_folder, open_dataarray, read_json
from novex.results.rows import (
    AreaRow,
    ClaimRow,
    ClaimSource,
    Conflict,
    NationalClaim,
    PrincipleRow,
    RuleRow,
    TierRow,
    build,
)

__all__ = [
    "Category",
    "InputFile",
    "LandUseType",
    "ProvinceResult",
    "PuzzleRunResult",
    "RunManifest",
    "open_run",
]


@dataclass(frozen=True)
class InputFile:
    """An input of the run: a workspace layer or table, with its SHA-256."""

    file: str
    sha256: str | None
    synthetic: bool | None = None


@dataclass(frozen=True)
class LandUseType:
    """A land-use type of the run; ``value`` is its code in the allocation raster."""

    value: int
    id: str
    name_nl: str
    name_en: str
    contributions: Mapping[str, float]

    def name(self, lang: str = "nl") -> str:
        """The type's name in ``lang``."""
        return self.name_en if lang == "en" else self.name_nl


@dataclass(frozen=True)
class Category:
    """One value of the allocation raster: code, type id, name as written, RGBA colour.

    Value 0 (not in the puzzle, the raster's nodata) has id ``""``.
    """

    value: int
    id: str
    name: str
    colour: tuple[int, int, int, int]


@dataclass(frozen=True)
class RunManifest:
    """``manifest.json`` of a run folder: format, inputs with their hashes, types, timings.

    ``sha256`` is the hash of the manifest file's bytes (the run's fingerprint);
    ``raw`` the whole manifest as read.
    """

    format: str
    format_version: int
    novex_version: str
    lang: str
    spec_name: str
    spec_path: str | None
    spec_sha256: str
    workspace_name: str
    workspace_path: str
    grid: GridSpec
    synthetic: bool
    elastic: bool
    layers: Mapping[str, InputFile]
    tables: Mapping[str, InputFile]
    types: tuple[LandUseType, ...]
    max_gap: float | None
    timings: Mapping[str, float]
    sha256: str
    raw: Mapping[str, Any] = field(repr=False, compare=False)


@dataclass(frozen=True)
class ProvinceResult:
    """One province of the run: status, certificate, what fits, conflicts and claims.

    The certificate: ``objective`` (total suitability of the allocation) and
    ``dual_bound`` (an upper bound no allocation can beat), ``gap`` their relative
    difference. ``status`` is the run's word (``optimal``, ``within-gap``,
    ``within-integrality``, ``above-gap``, ``elastic`` or ``infeasible``).
    """

    code: str
    name: str
    status: str
    objective: float | None
    dual_bound: float | None
    gap: float | None
    passes: float | None
    fits: tuple[str, ...]
    short: Mapping[str, float]
    demand_ha: float
    allocated_ha: float
    text: str
    conflicts: tuple[Conflict, ...]
    claims: tuple[ClaimRow, ...]
    timings: Mapping[str, float] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        """False when strict mode found the claims cannot all fit (nothing allocated)."""
        return self.status != "infeasible"


def _input_files(data: Any, where: str) -> dict[str, InputFile]:
    if not isinstance(data, Mapping):
        raise ResultsError(f"{where} is {data!r}, expected an object of files.")
    return {str(k): build(InputFile, v, f"{where}.{k}") for k, v in data.items()}


def _manifest(raw: dict[str, Any], sha: str, path: Path) -> RunManifest:
    where = str(path / "manifest.json")
    try:
        spec, ws = raw["spec"], raw["workspace"]
        types = tuple(
            build(LandUseType, t, f"{where} types[{k}]") for k, t in enumerate(raw["types"])
        )
        grid = GridSpec.from_dict(ws["grid"])
        return RunManifest(
            format=raw["format"],
            format_version=raw["format_version"],
            novex_version=str(raw.get("novex_version", "")),
            lang=str(raw["lang"]),
            spec_name=str(spec["name"]),
            spec_path=spec.get("path"),
            spec_sha256=str(spec["sha256"]),
            workspace_name=str(ws["name"]),
            workspace_path=str(ws["path"]),
            grid=grid,
            synthetic=bool(ws["synthetic"]),
            elastic=bool(raw["elastic"]),
            layers=_input_files(ws.get("layers", {}), f"{where} workspace.layers"),
            tables=_input_files(ws.get("tables", {}), f"{where} workspace.tables"),
            types=types,
            max_gap=raw.get("max_gap"),
            timings=dict(raw.get("timings", {})),
            sha256=sha,
            raw=raw,
        )
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, ResultsError):
            raise
        raise ResultsError(
            f"{where} lacks or garbles {err!s}; expected a manifest of format {RUN.format!r} "
            f"version {RUN.version}. Write the folder again with "
            f"`{RUN.command.format(path=path)}`."
        ) from err


def _claim(row: Any, where: str) -> ClaimRow:
    sources = row.get("sources", []) if isinstance(row, Mapping) else []
    return build(
        ClaimRow,
        row,
        where,
        sources=tuple(
            build(ClaimSource, s, f"{where} sources[{k}]") for k, s in enumerate(sources)
        ),
    )


class PuzzleRunResult:
    """A finished puzzle run folder, read-only; open it with :func:`open_run`.

    The manifest and the per-province summary are read when the folder is opened; the
    tables on first use (then kept); the allocation raster lazily by :meth:`allocation`.
    """

    def __init__(self, path: Path, manifest: RunManifest) -> None:
        self.path = path
        self.manifest = manifest

    def __repr__(self) -> str:
        return (
            f"PuzzleRunResult({str(self.path)!r}, spec={self.manifest.spec_name!r}, "
            f"provinces={len(self.provinces)})"
        )

    def _json(self, name: str) -> Any:
        return read_json(self.path / name, RUN, self.path)

    def _rows(self, name: str, data: Any = None) -> list[tuple[Any, str]]:
        data = self._json(name) if data is None else data
        if not isinstance(data, list):
            raise ResultsError(
                f"{str(self.path / name)!r} holds {type(data).__name__}, expected a list of "
                f"rows. Write the folder again with `{RUN.command.format(path=self.path)}`."
            )
        return [(row, f"{self.path / name} row {k + 1}") for k, row in enumerate(data)]

    # -- tables -------------------------------------------------------------------------
    @cached_property
    def _claims(self) -> tuple[tuple[ClaimRow, ...], tuple[NationalClaim, ...]]:
        data = self._json("claims.json")
        if not isinstance(data, Mapping) or "claims" not in data:
            raise ResultsError(
                f"{str(self.path / 'claims.json')!r} has no 'claims' list. Write the folder "
                f"again with `{RUN.command.format(path=self.path)}`."
            )
        claims = tuple(_claim(r, w) for r, w in self._rows("claims.json", data["claims"]))
        national = tuple(
            build(NationalClaim, r, w)
            for r, w in self._rows("claims.json", data.get("national", []))
        )
        return claims, national

    @cached_property
    def _rules(self) -> tuple[RuleRow, ...]:
        return tuple(build(RuleRow, r, w) for r, w in self._rows("rules.json"))

    @cached_property
    def _tiers(self) -> tuple[TierRow, ...]:
        return tuple(build(TierRow, r, w) for r, w in self._rows("tiers.json"))

    @cached_property
    def _principles(self) -> tuple[PrincipleRow, ...]:
        return tuple(build(PrincipleRow, r, w) for r, w in self._rows("principles.json"))

    @cached_property
    def _areas(self) -> tuple[AreaRow, ...]:
        if not (self.path / "areas.json").exists():  # a workspace without novex_gebieden
            return ()
        return tuple(build(AreaRow, r, w) for r, w in self._rows("areas.json"))

    @cached_property
    def provinces(self) -> tuple[ProvinceResult, ...]:
        """Every province of the run, in the order solved."""
        summary = {
            r.get("province"): r for r, _ in self._rows("summary.json") if isinstance(r, dict)
        }
        claims = self._claims[0]
        out = []
        where = str(self.path / "manifest.json")
        for k, row in enumerate(self.manifest.raw.get("provinces", [])):
            w = f"{where} provinces[{k}]"
            code = row.get("province") if isinstance(row, Mapping) else None
            if code not in summary:
                raise ResultsError(
                    f"{w}: province {code!r} is not in summary.json. Write the folder again "
                    f"with `{RUN.command.format(path=self.path)}`."
                )
            s = summary[code]
            conflicts = tuple(
                build(Conflict, c, f"{w} conflicts[{j}]")
                for j, c in enumerate(row.get("conflicts", []))
            )
            out.append(
                build(
                    ProvinceResult,
                    {**s, **row},
                    w,
                    code=code,
                    conflicts=conflicts,
                    claims=tuple(c for c in claims if c.region == code),
                )
            )
        return tuple(out)

    def province(self, key: str) -> ProvinceResult:
        """A province of the run by code (``"NL-UT"`` or ``"UT"``) or name (any case).

        Raises
        ------
        ResultsError
            When the run has no such province; the message lists the ones it has.
        """
        want = key.strip().casefold()
        for p in self.provinces:
            if want in (p.code.casefold(), p.code.split("-")[-1].casefold(), p.name.casefold()):
                return p
        raise ResultsError(
            f"Unknown province {key!r} in the run {str(self.path)!r}. Choose one of "
            f"{[p.code for p in self.provinces]} or their names {[p.name for p in self.provinces]}."
        )

    def _codes(self, province: str | None) -> set[str] | None:
        return None if province is None else {self.province(province).code}

    def claims(
        self, province: str | None = None, function: str | None = None
    ) -> tuple[ClaimRow, ...]:
        """The claims per (province, function), optionally of one province and/or function."""
        codes = self._codes(province)
        return tuple(
            c
            for c in self._claims[0]
            if (codes is None or c.region in codes) and (function is None or c.function == function)
        )

    @property
    def national_claims(self) -> tuple[NationalClaim, ...]:
        """The claims across provinces, with their split and the hectares per province."""
        return self._claims[1]

    def rules(self, province: str | None = None) -> tuple[RuleRow, ...]:
        """Hectares matched and excluded per rule, province and function."""
        codes = self._codes(province)
        return tuple(r for r in self._rules if codes is None or r.region in codes)

    def tiers(self, province: str | None = None) -> tuple[TierRow, ...]:
        """Hectares per voorkeursvolgorde tier, province and function."""
        codes = self._codes(province)
        return tuple(r for r in self._tiers if codes is None or r.region in codes)

    def principles(self, province: str | None = None) -> tuple[PrincipleRow, ...]:
        """What each weighing principle changed, per province."""
        codes = self._codes(province)
        return tuple(r for r in self._principles if codes is None or r.region in codes)

    def areas(self, province: str | None = None, area: str | None = None) -> tuple[AreaRow, ...]:
        """Hectares per function inside each NOVEX-gebied, per province (``areas.json``).

        ``area`` is a code such as ``"NX07"``; empty when the run's workspace had no
        ``novex_gebieden`` layer.
        """
        codes = self._codes(province)
        key = None if area is None else area.strip().upper()
        return tuple(
            r
            for r in self._areas
            if (codes is None or r.region in codes) and (key is None or r.area == key)
        )

    def conflicts(self, province: str | None = None) -> tuple[Conflict, ...]:
        """The conflicting claims of the provinces that did not fit (strict mode)."""
        codes = self._codes(province)
        return tuple(
            c for p in self.provinces if codes is None or p.code in codes for c in p.conflicts
        )

    # -- the allocation raster ----------------------------------------------------------
    @cached_property
    def categories(self) -> tuple[Category, ...]:
        """The values of the allocation raster with type id, name (run's language) and colour."""
        import rasterio

        path = self.path / "allocation.tif"
        try:
            with rasterio.open(path) as src:
                tags = src.tags()
                cmap = src.colormap(1)
        except (rasterio.errors.RasterioError, ValueError) as err:
            raise ResultsError(
                f"Cannot read the categories of {str(path)!r}: {err}. Write the folder again "
                f"with `{RUN.command.format(path=self.path)}`."
            ) from err
        import json

        names = {int(k): v for k, v in json.loads(tags.get("NOVEX_CATEGORIES", "{}")).items()}
        ids = {t.value: t.id for t in self.manifest.types}
        lang = self.manifest.lang
        out = [Category(0, "", names.get(0, ""), tuple(cmap.get(0, (0, 0, 0, 0))))]
        for t in self.manifest.types:
            colour = tuple(cmap.get(t.value, (0, 0, 0, 255)))
            out.append(Category(t.value, ids[t.value], names.get(t.value, t.name(lang)), colour))
        return tuple(out)

    def allocation(self, chunks: int | dict[str, int] | bool | None = None) -> Any:
        """The allocation raster as a lazy ``xarray.DataArray`` (dims ``y``, ``x``; uint8).

        Values are :attr:`categories` codes (0 = not in the puzzle). The array has the
        CRS (``.rio.crs``, EPSG:28992) and transform of the run's grid, cell-centre
        coordinates, and attributes ``flag_values`` / ``flag_meanings`` (type ids) and
        ``categories`` (code -> name). Nothing is read until the values are used;
        ``chunks`` (e.g. ``{"y": 512, "x": 512}``) returns a dask-backed array.
        """
        da = open_dataarray(
            self.path / "allocation.tif",
            RUN,
            self.path,
            name="allocation",
            chunks=chunks,
            expected_shape=self.manifest.grid.shape,
        )
        cats = self.categories
        da.attrs["flag_values"] = [c.value for c in cats]
        da.attrs["flag_meanings"] = " ".join(c.id or "none" for c in cats)
        da.attrs["categories"] = {c.value: c.name for c in cats}
        da.attrs["long_name"] = "puzzle allocation" if self.manifest.lang == "en" else "toewijzing"
        return da


def open_run(path: str | os.PathLike[str]) -> PuzzleRunResult:
    """Open a finished puzzle run folder for reading.

    Parameters
    ----------
    path : path-like
        The folder written by ``novex puzzle solve --out`` or :meth:`PuzzleRun.write`.

    Returns
    -------
    PuzzleRunResult

    Raises
    ------
    ResultsError
        When the folder is missing, incomplete, a stapelkaart folder, or of another
        ``format_version``; the message names the path, the found and the expected
        version, and the command that writes it again.
    """
    folder = Path(path)
    raw, sha = check_folder(folder, RUN)
    run = PuzzleRunResult(folder, _manifest(raw, sha, folder))
    run.provinces  # noqa: B018 - read the summary now: a broken folder fails at open
    return run
