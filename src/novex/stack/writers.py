"""The stapelkaart's output files: GeoTIFFs written strip by strip, and the CSV tables.

- :func:`_writer` opens a tiled, ZSTD-compressed GeoTIFF on the workspace grid for
  block-wise writing (``interest_mask.tif``, ``overlap_count.tif``, ``combination.tif``);
  :class:`_WindowTarget` lets ``dask.array.store`` write row strips into it;
- :func:`_count_colormap` is the colour table of ``overlap_count.tif``;
- :func:`_write_combination` is the second pass: it ranks the combinations of interests
  nationally and writes each cell's rank (``combination.tif``);
- :func:`_write_csv` and :func:`_write_tables` write ``interests.csv``, ``pairs.csv``
  and ``combinations.csv``.

:func:`novex.stack.compute.compute_stack` calls these; nothing here is public API.
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

from novex.grid import GridSpec, raster_writer

if TYPE_CHECKING:
    from novex.stack.compute import _Plan
    from novex.stack.result import StackResult

__all__: list[str] = []  # helpers of novex.stack.compute, not public API


class _WindowTarget:
    """A dask ``store`` target that writes row strips into an open rasterio dataset."""

    def __init__(self, dst: Any, transform: Callable[[np.ndarray], np.ndarray] | None = None):
        self.dst = dst
        self.transform = transform

    def __setitem__(self, key: tuple[slice, slice], value: np.ndarray) -> None:
        rows, cols = key
        r0 = rows.start or 0
        c0 = cols.start or 0
        if self.transform is not None:
            value = self.transform(value)
        self.dst.write(value, 1, window=Window(c0, r0, value.shape[1], value.shape[0]))


def _writer(
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


def _targets(*targets: _WindowTarget) -> list[Any]:
    """Dask ``store`` targets (typed ``Any``: dask's stubs expect arrays)."""
    return list(targets)


def _count_colormap(n: int) -> dict[int, tuple[int, int, int, int]]:
    from matplotlib import colormaps

    cmap = colormaps["YlOrRd"]
    out = {0: (255, 255, 255, 0)}
    top = max(n, 1)
    for k in range(1, 256):
        r, g, b, _ = cmap(0.15 + 0.85 * min(k, top) / top)
        out[k] = (round(r * 255), round(g * 255), round(b * 255), 255)
    return out


def _write_combination(
    result: StackResult,
    plan: _Plan,
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
        _writer(
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
                _targets(_WindowTarget(dst))[0],
                lock=threading.Lock(),
                scheduler="threads",
                num_workers=workers,
            )
    return ranking


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
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


def _write_tables(result: StackResult, tmp: Path, lang: str) -> None:
    _write_csv(tmp / "interests.csv", result.interest_table(lang))
    _write_csv(tmp / "pairs.csv", result.pair_table(lang))
