"""The national raster grid: EPSG:28992 (RD New) with a fixed origin.

Every layer at one resolution shares cells exactly because every grid is a window
of one national grid whose upper-left corner is fixed at (0, 625000) in RD New.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from affine import Affine

from novex.errors import GridError

__all__ = ["CRS", "NATIONAL_BOUNDS", "RESOLUTIONS", "GridSpec", "parse_resolution"]

CRS = "EPSG:28992"
"""The coordinate reference system of every novex raster (Amersfoort / RD New)."""

NATIONAL_BOUNDS: tuple[float, float, float, float] = (0.0, 300_000.0, 300_000.0, 625_000.0)
"""(xmin, ymin, xmax, ymax) of the national grid in metres, RD New. Covers the whole
European Netherlands including the Wadden islands and south Limburg."""

RESOLUTIONS: tuple[int, ...] = (25, 100, 250)
"""Supported cell sizes in metres."""


def parse_resolution(value: Any) -> int:
    """Return ``value`` as a supported resolution in metres or raise :class:`GridError`.

    >>> parse_resolution("100")
    100
    """
    try:
        res = int(value)
    except (TypeError, ValueError) as err:
        raise GridError(
            f"Invalid resolution {value!r}. Only {RESOLUTIONS} metres are supported."
        ) from err
    if res not in RESOLUTIONS or float(value) != res:
        raise GridError(f"Invalid resolution {value!r}. Only {RESOLUTIONS} metres are supported.")
    return res


@dataclass(frozen=True)
class GridSpec:
    """A window of the national grid at one resolution.

    Parameters
    ----------
    resolution : int
        Cell size in metres, one of :data:`RESOLUTIONS`.
    bounds : tuple of float
        (xmin, ymin, xmax, ymax) in RD New metres. Every edge must lie on the national
        lattice: a multiple of ``resolution`` away from the national origin.

    Examples
    --------
    >>> grid = GridSpec.national(250)
    >>> grid.shape
    (1300, 1200)
    >>> grid.cell_area_ha
    6.25
    """

    resolution: int
    bounds: tuple[float, float, float, float] = NATIONAL_BOUNDS

    def __post_init__(self) -> None:
        parse_resolution(self.resolution)
        xmin, ymin, xmax, ymax = (float(b) for b in self.bounds)
        object.__setattr__(self, "bounds", (xmin, ymin, xmax, ymax))
        if not (xmax > xmin and ymax > ymin):
            raise GridError(
                f"Invalid grid bounds {self.bounds!r}: need xmin < xmax and ymin < ymax."
            )
        ox, oy = NATIONAL_BOUNDS[0], NATIONAL_BOUNDS[3]
        for name, edge, origin in (
            ("xmin", xmin, ox),
            ("xmax", xmax, ox),
            ("ymin", ymin, oy),
            ("ymax", ymax, oy),
        ):
            steps = (edge - origin) / self.resolution
            if abs(steps - round(steps)) > 1e-9:
                raise GridError(
                    f"Grid edge {name}={edge!r} is not on the national {self.resolution} m lattice "
                    f"(origin x={ox:.0f}, y={oy:.0f}); use GridSpec.snap() to align the bounds."
                )

    # -- construction -------------------------------------------------------------------
    @classmethod
    def national(cls, resolution: int | str = 100) -> GridSpec:
        """The whole national grid at ``resolution`` metres."""
        return cls(parse_resolution(resolution), NATIONAL_BOUNDS)

    @classmethod
    def snap(cls, resolution: int, bounds: tuple[float, float, float, float]) -> GridSpec:
        """The smallest lattice-aligned grid that contains ``bounds``."""
        res = parse_resolution(resolution)
        ox, oy = NATIONAL_BOUNDS[0], NATIONAL_BOUNDS[3]
        xmin = ox + math.floor((bounds[0] - ox) / res) * res
        xmax = ox + math.ceil((bounds[2] - ox) / res) * res
        ymin = oy + math.floor((bounds[1] - oy) / res) * res
        ymax = oy + math.ceil((bounds[3] - oy) / res) * res
        return cls(res, (xmin, ymin, xmax, ymax))

    # -- geometry -----------------------------------------------------------------------
    @property
    def crs(self) -> str:
        """Always ``"EPSG:28992"``."""
        return CRS

    @property
    def width(self) -> int:
        """Number of columns."""
        return round((self.bounds[2] - self.bounds[0]) / self.resolution)

    @property
    def height(self) -> int:
        """Number of rows."""
        return round((self.bounds[3] - self.bounds[1]) / self.resolution)

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns)."""
        return (self.height, self.width)

    @property
    def size(self) -> int:
        """Number of cells."""
        return self.height * self.width

    @property
    def transform(self) -> Affine:
        """The affine transform from (col, row) to RD New (x, y) of the upper-left corner."""
        return Affine(self.resolution, 0.0, self.bounds[0], 0.0, -self.resolution, self.bounds[3])

    @property
    def cell_area_ha(self) -> float:
        """Area of one cell in hectares."""
        return self.resolution * self.resolution / 10_000.0

    def offset_in(self, parent: GridSpec) -> tuple[int, int]:
        """(row, col) of this grid's upper-left cell inside ``parent`` (same resolution)."""
        if parent.resolution != self.resolution:
            raise GridError(
                f"Resolution {self.resolution} m differs from the parent grid's {parent.resolution} m."
            )
        row = round((parent.bounds[3] - self.bounds[3]) / self.resolution)
        col = round((self.bounds[0] - parent.bounds[0]) / self.resolution)
        if (
            row < 0
            or col < 0
            or row + self.height > parent.height
            or col + self.width > parent.width
        ):
            raise GridError(f"Grid {self.bounds!r} lies outside the parent grid {parent.bounds!r}.")
        return row, col

    def coords(self) -> tuple[Any, Any]:
        """Cell-centre x (columns) and y (rows) coordinates as 1-D float64 arrays."""
        import numpy as np

        res = self.resolution
        x = self.bounds[0] + res * (np.arange(self.width) + 0.5)
        y = self.bounds[3] - res * (np.arange(self.height) + 0.5)
        return x, y

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (for manifests)."""
        return {
            "crs": CRS,
            "resolution": self.resolution,
            "bounds": list(self.bounds),
            "shape": list(self.shape),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GridSpec:
        """Inverse of :meth:`to_dict`."""
        if data.get("crs", CRS) != CRS:
            raise GridError(f"Grid CRS {data.get('crs')!r} is not {CRS}.")
        return cls(int(data["resolution"]), tuple(data["bounds"]))
