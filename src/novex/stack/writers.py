"""The stapelkaart's output files: GeoTIFFs written strip by strip, and the CSV tables.

- :func:`strip_writer` opens a tiled, ZSTD-compressed GeoTIFF on the workspace grid for
  block-wise writing (``interest_mask.tif``, ``overlap_count.tif``, ``combination.tif``);
  :class:`WindowTarget` lets ``dask.array.store`` write row strips into it
  (:func:`store_targets` hands several to ``store``);
- :func:`count_colormap` is the colour table of ``overlap_count.tif``;
- :func:`write_combination` is the second pass: it ranks the combinations of interests
  nationally and writes each cell's rank (``combination.tif``);
- :func:`write_csv` and :func:`write_tables` write ``interests.csv``, ``pairs.csv``
  and ``combinations.csv``;
- :func:`write_manifest` writes ``manifest.json``: :data:`STACK_FORMAT` and
  :data:`STACK_FORMAT_VERSION` (checked by ``novex.results.open_stack``), the novex
  version, the language, grid, workspace, interests and the data files.

:func:`novex.stack.compute.compute_stack` calls these with a
:class:`~novex.stack.plan.StackPlan`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import rasterio
from rasterio.windows import Window

from novex.errors import StackError
from novex.grid import GridSpec, raster_writer

if TYPE_CHECKING:
    from novex.stack.plan import StackPlan
    from novex.stack.result import StackResult

__all__ = [
    "STACK_FORMAT",
    "STACK_FORMAT_VERSION",
    "WindowTarget",
    "count_colormap",
    "store_targets",
    "strip_writer",
    "write_combination",
    "write_csv",
    "write_manifest",
    "write_tables",
]

STACK_FORMAT = "novex-stapelkaart"
"""The ``format`` of a stapelkaart folder's ``manifest.json``."""

STACK_FORMAT_VERSION = 1
"""The ``format_version`` written; raise it when a file's layout changes."""


class WindowTarget:
    """A dask ``store`` target that writes full-width row strips into an open dataset.

    Strips are written in row order whatever order the threads finish them in: a strip
    that arrives early waits until the strips above it are written. GDAL lays tiles out
    in the order they are written, so this keeps the output file byte-identical from run
    to run. ``dask.array.store`` must be given a lock (it calls ``__setitem__`` under it).
    """

    def __init__(self, dst: Any, transform: Callable[[np.ndarray], np.ndarray] | None = None):
        self.dst = dst
        self.transform = transform
        self._next_row = 0
        self._waiting: dict[int, np.ndarray] = {}

    def __setitem__(self, key: tuple[slice, slice], value: np.ndarray) -> None:
        rows, cols = key
        if (cols.start or 0) != 0 or value.shape[1] != self.dst.width:
            raise StackError(f"WindowTarget takes full-width row strips; got columns {cols!r}.")
        if self.transform is not None:
            value = self.transform(value)
        self._waiting[rows.start or 0] = value
        while self._next_row in self._waiting:
            strip = self._waiting.pop(self._next_row)
            self.dst.write(
                strip, 1, window=Window(0, self._next_row, strip.shape[1], strip.shape[0])
            )
            self._next_row += strip.shape[0]


def strip_writer(
    path: Path,
    grid: GridSpec,
    dtype: Any,
    tags: dict[str, Any],
    colormap: dict[int, tuple[int, int, int, int]] | None = None,
) -> Any:
    """A tiled GeoTIFF for block-wise writing, ZSTD level 1 (fast), atomically."""
    return raster_writer(
        path, grid, dtype, tags=tags, colormap=colormap, compress="zstd", level=1, blocksize=512
    )


def store_targets(*targets: WindowTarget) -> list[Any]:
    """Dask ``store`` targets (typed ``Any``: dask's stubs expect arrays)."""
    return list(targets)


def count_colormap(n: int) -> dict[int, tuple[int, int, int, int]]:
    """The colour table of ``overlap_count.tif`` for ``n`` interests (0 transparent)."""
    from matplotlib import colormaps

    cmap = colormaps["YlOrRd"]
    out = {0: (255, 255, 255, 0)}
    top = max(n, 1)
    for k in range(1, 256):
        r, g, b, _ = cmap(0.15 + 0.85 * min(k, top) / top)
        out[k] = (round(r * 255), round(g * 255), round(b * 255), 255)
    return out


def write_combination(
    result: StackResult,
    plan: StackPlan,
    tmp: Path,
    strips: list[tuple[int, int]],
    tags: dict[str, Any],
    workers: int | None,
    tick: Callable[[], None],
) -> list[dict[str, Any]]:
    """Pass 2: rank combinations nationally and write each cell's rank (uint16)."""
    masks, cells = result.national_combinations()
    keep = masks != 0
    masks, cells = masks[keep], cells[keep]
    order = np.lexsort((masks, -cells))
    nbits = plan.n_bits
    lut = np.full(1 << nbits, 65535, np.uint16)  # 65535 = a rarer combination than rank 65534
    lut[0] = 0
    top = order[:65534]
    lut[masks[top].astype(np.intp)] = np.arange(1, len(top) + 1, dtype=np.uint16)
    ranking = []
    for rank, k in enumerate(order, start=1):
        m = int(masks[k])
        members = [n for i, n in enumerate(result.interests) if m >> i & 1]
        ranking.append(
            {
                "rank": rank if rank <= 65534 else 65535,
                "interests": members,
                "hectares": float(cells[k]) * result.cell_area_ha,
            }
        )
    mask_path = tmp / "interest_mask.tif"
    width = plan.grid.width

    def block(r0: int, r1: int) -> np.ndarray:
        with rasterio.open(mask_path) as src:
            out = lut[src.read(1, window=Window(0, r0, width, r1 - r0))]
        tick()
        return out

    with (
        rasterio.Env(GDAL_NUM_THREADS=str(workers or os.cpu_count() or 1)),
        strip_writer(
            tmp / "combination.tif",
            plan.grid,
            np.uint16,
            tags={
                **tags,
                "layer": "combination",
                "units": "rank of the combination of interests (1 = largest nationally)",
                "combinations": ranking[:50],
            },
        ) as dst,
    ):
        if len(strips) == 1:
            dst.write(block(0, plan.grid.height), 1)
        else:
            import dask
            import dask.array as da

            arr = da.concatenate(
                [
                    da.from_delayed(
                        dask.delayed(block, pure=False)(r0, r1), (r1 - r0, width), np.uint16
                    )
                    for r0, r1 in strips
                ]
            )
            da.store(
                arr,
                store_targets(WindowTarget(dst))[0],
                lock=threading.Lock(),
                scheduler="threads",
                num_workers=workers,
            )
    return ranking


def write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` as CSV (list values space-separated); an empty file for no rows."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    k: " ".join(map(str, v)) if isinstance(v, list) else ("" if v is None else v)
                    for k, v in row.items()
                }
            )


def write_tables(result: StackResult, folder: Path, lang: str) -> None:
    """Write ``interests.csv`` and ``pairs.csv`` of ``result`` into ``folder``."""
    write_csv(folder / "interests.csv", result.interest_table(lang))
    write_csv(folder / "pairs.csv", result.pair_table(lang))
    write_manifest(result, folder, lang)


def write_manifest(result: StackResult, folder: Path, lang: str) -> Path:
    """Write ``manifest.json`` (format, version, inputs, data files) into ``folder``."""
    import json

    from novex import __version__

    path = folder / "manifest.json"
    body = {
        "format": STACK_FORMAT,
        "format_version": STACK_FORMAT_VERSION,
        "novex_version": __version__,
        "lang": lang,
        "synthetic": result.synthetic,
        "grid": result.info.get("grid"),
        "workspace": result.info.get("workspace"),
        "interests": result.interests,
        "layers": {str(k): v for k, v in result.layers.items()},
        "compatibility_status": result.compatibility.status,
        "files": sorted(
            {p.name for k, p in result.files.items() if not k.startswith("map_")} | {path.name}
        ),
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
