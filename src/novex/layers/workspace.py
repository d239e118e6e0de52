"""A workspace: one folder holding the layers of one national grid and their manifest.

Layout::

    WORKSPACE/
        workspace.json        manifest: grid, layer registry, tables, content hashes
        layers/NAME.tif       one GeoTIFF per layer, on the workspace grid
        tables/...            non-raster inputs (startpakket claims, boundaries)

The manifest is the registry: every layer's :class:`~novex.layers.registry.LayerSpec`
with the SHA-256 of its file. Real users replace generated layers by PDOK data through
the same format (see ``docs/workspace.md``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from novex.errors import LayerError, WorkspaceError
from novex.grid import GridSpec, atomic_file, raster_writer, read_raster
from novex.layers.registry import LayerKind, LayerSpec

__all__ = ["MANIFEST", "WORKSPACE_FORMAT", "Workspace", "file_sha256"]

log = logging.getLogger(__name__)

MANIFEST = "workspace.json"
WORKSPACE_FORMAT = "novex-workspace/1"


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Workspace:
    """The layers of one national grid and their registry.

    Use :meth:`open` for an existing folder and :meth:`create` for a new one; layers
    written with :meth:`write_layer` are registered in the manifest, which
    :meth:`save` writes atomically.
    """

    def __init__(
        self,
        path: Path,
        grid: GridSpec,
        *,
        name: str = "workspace",
        layers: Iterable[LayerSpec] = (),
        tables: dict[str, dict[str, Any]] | None = None,
        info: dict[str, Any] | None = None,
    ) -> None:
        self.path = Path(path)
        self.grid = grid
        self.name = name
        self._layers: dict[str, LayerSpec] = {spec.name: spec for spec in layers}
        self.tables: dict[str, dict[str, Any]] = dict(tables or {})
        self.info: dict[str, Any] = dict(info or {})

    # -- opening and saving -----------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        grid: GridSpec,
        *,
        name: str = "workspace",
        info: dict[str, Any] | None = None,
    ) -> Workspace:
        """A new, empty workspace in folder ``path`` (created if missing)."""
        path = Path(path)
        (path / "layers").mkdir(parents=True, exist_ok=True)
        return cls(path, grid, name=name, info=info)

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Workspace:
        """Open the workspace in folder ``path``.

        Raises
        ------
        WorkspaceError
            When the folder or its manifest is missing or malformed.
        """
        path = Path(path)
        manifest = path / MANIFEST
        if not manifest.is_file():
            raise WorkspaceError(
                f"No workspace at {str(path)!r}: {MANIFEST} is missing. Build one with "
                "`novex workspace build --out DIR` or pass the folder that holds workspace.json."
            )
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise WorkspaceError(
                f"Cannot read workspace manifest {str(manifest)!r}: {err}"
            ) from err
        if data.get("format") != WORKSPACE_FORMAT:
            raise WorkspaceError(
                f"Workspace manifest {str(manifest)!r} has format {data.get('format')!r}; "
                f"this novex reads {WORKSPACE_FORMAT!r}."
            )
        try:
            layers = [LayerSpec.create(**entry) for entry in data.get("layers", [])]
        except LayerError as err:
            raise WorkspaceError(f"Workspace manifest {str(manifest)!r}: {err}") from err
        return cls(
            path,
            GridSpec.from_dict(data["grid"]),
            name=data.get("name", path.name),
            layers=layers,
            tables=data.get("tables", {}),
            info=data.get("info", {}),
        )

    def manifest(self) -> dict[str, Any]:
        """The manifest as a JSON-ready dict (deterministic: no timestamps)."""
        return {
            "format": WORKSPACE_FORMAT,
            "name": self.name,
            "grid": self.grid.to_dict(),
            "info": self.info,
            "layers": [
                spec.model_dump(mode="json", exclude_none=True) for spec in self._layers.values()
            ],
            "tables": self.tables,
        }

    def save(self) -> Path:
        """Write ``workspace.json`` atomically."""
        target = self.path / MANIFEST
        with atomic_file(target) as tmp:
            tmp.write_text(
                json.dumps(self.manifest(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        return target

    # -- the registry ---------------------------------------------------------------------
    @property
    def layers(self) -> dict[str, LayerSpec]:
        """Registered layers by name, in registration order."""
        return dict(self._layers)

    def layer(self, name: str) -> LayerSpec:
        """The spec of layer ``name``; an unknown name raises :class:`LayerError` listing the known ones."""
        try:
            return self._layers[name]
        except KeyError:
            raise LayerError(
                f"Layer {name!r} is not in workspace {str(self.path)!r}; known layers: "
                f"{sorted(self._layers)}."
            ) from None

    def by_kind(self, kind: LayerKind | str) -> list[LayerSpec]:
        """Layers of one kind, in registration order."""
        kind = LayerKind(kind)
        return [s for s in self._layers.values() if s.kind == kind]

    def by_interest(self, number: int) -> list[LayerSpec]:
        """Layers that serve national interest ``number``."""
        return [s for s in self._layers.values() if number in s.interests]

    # -- reading ----------------------------------------------------------------------------
    def layer_path(self, name: str) -> Path:
        """Absolute path of a layer's GeoTIFF."""
        return self.path / self.layer(name).file

    def read(self, name: str, grid: GridSpec | None = None) -> np.ndarray:
        """Read layer ``name`` as a numpy array on the workspace grid (or a window of it)."""
        data, _ = read_raster(self.layer_path(name), grid or self.grid)
        return data

    def read_lazy(self, name: str, chunks: int = 2048) -> Any:
        """Layer ``name`` as a chunked (dask-backed) :class:`xarray.DataArray`."""
        import rioxarray
        import xarray as xr

        da = rioxarray.open_rasterio(
            self.layer_path(name), chunks={"x": chunks, "y": chunks}, masked=False
        )
        if not isinstance(da, xr.DataArray):
            raise LayerError(f"Layer {name!r} is not a single raster band.")
        return da.squeeze("band", drop=True).rename(name)

    def table_path(self, key: str) -> Path:
        """Path of table ``key`` (e.g. ``"startpakket"``)."""
        try:
            return self.path / self.tables[key]["file"]
        except KeyError:
            raise WorkspaceError(
                f"Table {key!r} is not in workspace {str(self.path)!r}; known tables: {sorted(self.tables)}."
            ) from None

    def read_json_table(self, key: str) -> Any:
        """Load a JSON table of the workspace."""
        return json.loads(self.table_path(key).read_text(encoding="utf-8"))

    # -- writing ----------------------------------------------------------------------------
    def _register(self, spec: LayerSpec, file: str) -> LayerSpec:
        spec = spec.model_copy(update={"file": file, "sha256": file_sha256(self.path / file)})
        self._layers[spec.name] = spec
        return spec

    def write_layer(
        self,
        spec: LayerSpec,
        array: np.ndarray,
        *,
        cog: bool = False,
        colormap: dict[int, tuple[int, int, int, int]] | None = None,
    ) -> LayerSpec:
        """Write ``array`` as layer ``spec.name`` and register it (replacing a previous one)."""
        from novex.grid import write_raster

        file = f"layers/{spec.name}.tif"
        write_raster(
            self.path / file,
            array,
            self.grid,
            tags=spec.tags(),
            nodata=spec.nodata,
            colormap=colormap,
            cog=cog,
        )
        return self._register(spec, file)

    @contextmanager
    def layer_writer(
        self,
        spec: LayerSpec,
        dtype: Any,
        colormap: dict[int, tuple[int, int, int, int]] | None = None,
    ) -> Iterator[Any]:
        """Write a large layer block-wise (see :func:`novex.grid.raster_writer`), then register it."""
        file = f"layers/{spec.name}.tif"
        with raster_writer(
            self.path / file,
            self.grid,
            dtype,
            tags=spec.tags(),
            nodata=spec.nodata,
            colormap=colormap,
        ) as dst:
            yield dst
        self._register(spec, file)

    def write_json_table(self, key: str, data: Any, *, description: str = "") -> Path:
        """Write a JSON table into ``tables/KEY.json`` atomically and register it."""
        file = f"tables/{key}.json"
        target = self.path / file
        with atomic_file(target) as tmp:
            tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.tables[key] = {"file": file, "sha256": file_sha256(target), "description": description}
        return target

    def register_table(self, key: str, file: str, *, description: str = "") -> None:
        """Register a file already written inside the workspace as table ``key``."""
        self.tables[key] = {
            "file": file,
            "sha256": file_sha256(self.path / file),
            "description": description,
        }

    def remove_layer(self, name: str) -> None:
        """Unregister layer ``name`` and delete its file."""
        spec = self.layer(name)
        (self.path / spec.file).unlink(missing_ok=True)
        del self._layers[name]

    # -- checks -------------------------------------------------------------------------------
    def verify(self) -> list[str]:
        """Names of layers and tables whose files are missing or whose hash differs."""
        bad = []
        for spec in self._layers.values():
            path = self.path / spec.file
            if not path.is_file() or (spec.sha256 and file_sha256(path) != spec.sha256):
                bad.append(spec.name)
        for key, entry in self.tables.items():
            path = self.path / entry["file"]
            if not path.is_file() or file_sha256(path) != entry.get("sha256"):
                bad.append(key)
        return bad

    @property
    def synthetic(self) -> bool:
        """True when any layer is synthetic."""
        return any(s.synthetic for s in self._layers.values())

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r}, resolution={self.grid.resolution}, layers={len(self._layers)})"
