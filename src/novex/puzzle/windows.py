"""A province's window of the workspace: its bounding box and the layers read in it.

The puzzle of one province needs the layers only on its own cells, so
:mod:`novex.puzzle.assemble` reads each layer in the province's bounding window
(:class:`Window`) instead of the whole national array: at 25 m the national grid has
156 million cells, the largest province about a tenth of them. :func:`province_windows`
finds the windows (and each province's number of puzzle cells) in one strip-wise pass
over the region and current land-use layers.

Cell indices stay flat indices into the workspace grid (``ProvinceArrays.cells``); the
window's ``local`` indices address the same cells in the window's arrays. Both are in
row-major order, so the cells come in the same order either way.

Examples
--------
>>> w = Window(row_off=2, col_off=3, height=4, width=5)
>>> w.to_grid_index(np.array([0, 6]), grid_width=10).tolist()
[23, 34]
>>> w.pad(2, (6, 12))
Window(row_off=0, col_off=1, height=6, width=9)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from novex.grid import GridSpec
    from novex.layers import Workspace

__all__ = ["STRIP_ROWS", "Window", "WindowLayers", "class_index", "province_windows"]

STRIP_ROWS = 1024
"""Rows read at a time by :func:`province_windows`."""


@dataclass(frozen=True)
class Window:
    """Rows ``row_off:row_off + height`` and columns ``col_off:col_off + width`` of the
    workspace grid."""

    row_off: int
    col_off: int
    height: int
    width: int

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (self.height, self.width)

    @property
    def size(self) -> int:
        """Number of cells."""
        return self.height * self.width

    def grid(self, grid: GridSpec) -> GridSpec:
        """The window as a grid of its own (for :meth:`Workspace.read`)."""
        from novex.grid import GridSpec

        res = grid.resolution
        xmin, ymax = grid.bounds[0], grid.bounds[3]
        return GridSpec(
            res,
            (
                xmin + self.col_off * res,
                ymax - (self.row_off + self.height) * res,
                xmin + (self.col_off + self.width) * res,
                ymax - self.row_off * res,
            ),
        )

    def to_grid_index(self, local: NDArray[np.integer], grid_width: int) -> NDArray[np.int64]:
        """Flat indices into the workspace grid of the window's flat indices ``local``."""
        r, c = np.divmod(np.asarray(local, dtype=np.int64), self.width)
        return (r + self.row_off) * int(grid_width) + c + self.col_off

    def pad(self, cells: int, shape: tuple[int, int]) -> Window:
        """The window grown by ``cells`` on each side, clipped to a grid of ``shape``."""
        r0 = max(0, self.row_off - cells)
        c0 = max(0, self.col_off - cells)
        r1 = min(shape[0], self.row_off + self.height + cells)
        c1 = min(shape[1], self.col_off + self.width + cells)
        return Window(r0, c0, r1 - r0, c1 - c0)

    def crop(self, inner: Window, data: NDArray[Any]) -> NDArray[Any]:
        """The part of ``data`` (an array on this window) that lies on ``inner``."""
        r = inner.row_off - self.row_off
        c = inner.col_off - self.col_off
        return data[r : r + inner.height, c : c + inner.width]


class WindowLayers:
    """Layers of ``workspace`` read on one window, flattened, each read once."""

    def __init__(self, workspace: Workspace, window: Window) -> None:
        self.workspace = workspace
        self.window = window
        self._grid = window.grid(workspace.grid)
        self._cache: dict[str, NDArray[Any]] = {}

    def __call__(self, name: str) -> NDArray[Any]:
        if name not in self._cache:
            self._cache[name] = self.workspace.read(name, self._grid).reshape(-1)
        return self._cache[name]

    def padded(self, name: str, outer: Window) -> NDArray[Any]:
        """Layer ``name`` as a 2-D array on ``outer`` (a window around this one, as from
        :meth:`Window.pad`); its part on this window is kept as if read by a call, so a
        layer needed on both is read once."""
        data = self.workspace.read(name, outer.grid(self.workspace.grid))
        if name not in self._cache:
            self._cache[name] = outer.crop(self.window, data).reshape(-1)
        return data

    def raster(self, name: str, window: Window | None = None) -> NDArray[Any]:
        """Layer ``name`` as a 2-D array on ``window`` (default this one), not cached."""
        w = window or self.window
        return self.workspace.read(name, w.grid(self.workspace.grid))


def class_index(raw: NDArray[Any], lut: NDArray[np.int16]) -> NDArray[np.int16]:
    """The class index (``lut`` of the raw value) of each cell; -1 outside 0..255 or the table."""
    if raw.dtype == np.uint8:  # every value is an index of the table
        return lut[raw].astype(np.int16, copy=False)
    ok = (raw >= 0) & (raw < 256)
    return np.where(ok, lut[np.clip(raw, 0, 255).astype(np.int64)], -1).astype(np.int16)


def province_windows(
    workspace: Workspace,
    region_layer: str,
    current_layer: str,
    lut: NDArray[np.int16],
    raster_ids: Iterable[int],
    strip_rows: int = STRIP_ROWS,
) -> dict[int, tuple[Window, int]]:
    """The bounding window and number of puzzle cells of each region id.

    A puzzle cell of region ``k`` has ``region_layer == k`` and a current land-use value
    that ``lut`` maps to a class (>= 0). Regions without a puzzle cell are left out.
    The layers are read ``strip_rows`` rows at a time.
    """
    ids = [int(k) for k in raster_ids]
    grid = workspace.grid
    height, width = grid.shape
    box: dict[int, list[int]] = {}
    count: dict[int, int] = {}
    for r0 in range(0, height, strip_rows):
        n = min(strip_rows, height - r0)
        strip = Window(r0, 0, n, width)
        g = strip.grid(grid)
        region = workspace.read(region_layer, g)
        valid = class_index(workspace.read(current_layer, g), lut) >= 0
        for k in ids:
            m = valid & (region == k)
            rows = np.flatnonzero(m.any(axis=1))
            if rows.size == 0:
                continue
            cols = np.flatnonzero(m.any(axis=0))
            b = box.setdefault(k, [height, 0, width, 0])
            b[0] = min(b[0], r0 + int(rows[0]))
            b[1] = max(b[1], r0 + int(rows[-1]) + 1)
            b[2] = min(b[2], int(cols[0]))
            b[3] = max(b[3], int(cols[-1]) + 1)
            count[k] = count.get(k, 0) + int(m.sum())
    return {k: (Window(b[0], b[2], b[1] - b[0], b[3] - b[2]), count[k]) for k, b in box.items()}
