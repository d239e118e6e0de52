"""Maps for the reports, drawn with matplotlib from the run and stapelkaart rasters.

Every map has a legend, a scale bar, a north arrow, its sources under it and, when the
data is synthetic, a red "SYNTHETISCH" / "SYNTHETIC" banner. Rasters are read
decimated (nearest cell) to at most ``max_px`` cells on the long side. A map is
returned as a :class:`Figure`: PNG bytes with the alt text and caption the templates
put beside it (no web tiles, nothing downloaded).
"""

from __future__ import annotations

import base64
import functools
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from novex.text import gettext

__all__ = [
    "BANNER",
    "Figure",
    "Raster",
    "banner",
    "decorate",
    "draw_categories",
    "figure_from",
    "province_window",
    "read_raster",
    "small_multiples",
]

log = logging.getLogger(__name__)

BANNER = "#b03a2e"
"""Colour of the synthetic banner."""


@dataclass(frozen=True)
class Figure:
    """A drawn map or chart: PNG bytes, its alt text and its caption (sources, date, status)."""

    png: bytes
    alt: str
    caption: str

    @property
    def data_uri(self) -> str:
        """The PNG as a ``data:`` URI, so the HTML report is one self-contained file."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


@dataclass(frozen=True)
class Raster:
    """A decimated raster window: values, extent (left, right, bottom, top) in RD New metres."""

    data: np.ndarray
    extent: tuple[float, float, float, float]


def read_raster(
    path: str | Path, window: tuple[int, int, int, int] | None = None, max_px: int = 900
) -> Raster:
    """Band 1 of ``path`` in ``window`` (col, row, width, height), decimated to ``max_px``."""
    import rasterio
    from rasterio.enums import Resampling
    from rasterio.windows import Window, bounds

    with rasterio.open(path) as src:
        win = Window(*window) if window else Window(0, 0, src.width, src.height)
        factor = max(1, int(np.ceil(max(win.width, win.height) / max_px)))
        shape = (max(1, int(win.height // factor)), max(1, int(win.width // factor)))
        data = src.read(1, window=win, out_shape=shape, resampling=Resampling.nearest)
        left, bottom, right, top = bounds(win, src.transform)
    return Raster(data, (left, right, bottom, top))


def province_window(path: str | Path, raster_id: int) -> tuple[int, int, int, int] | None:
    """The window (col, row, width, height) around ``raster_id`` in a province raster."""
    stat = Path(path).stat()
    return _province_windows(str(path), stat.st_mtime_ns, stat.st_size).get(raster_id)


@functools.lru_cache(maxsize=4)
def _province_windows(path: str, mtime_ns: int, size: int) -> dict[int, tuple[int, int, int, int]]:
    """Every region's window in a province raster, from one coarse read (cached per file
    version: the national report asks for twelve)."""
    import rasterio

    coarse = read_raster(path, max_px=600)
    windows = {}
    with rasterio.open(path) as src:
        factor = src.width / coarse.data.shape[1]
        for raster_id in np.unique(coarse.data).tolist():
            rows, cols = np.nonzero(coarse.data == raster_id)
            pad = 2
            r0 = max(0, int((rows.min() - pad) * factor))
            c0 = max(0, int((cols.min() - pad) * factor))
            r1 = min(src.height, int((rows.max() + 1 + pad) * factor))
            c1 = min(src.width, int((cols.max() + 1 + pad) * factor))
            windows[int(raster_id)] = (c0, r0, c1 - c0, r1 - r0)
    return windows


def _nice_length(span_m: float) -> float:
    for step in (250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000):
        if step >= span_m / 5:
            return float(step)
    return 100_000.0


def decorate(ax: Any, extent: tuple[float, float, float, float], small: bool = False) -> None:
    """A scale bar (bottom left) and a north arrow (top right) on a map axis."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import blended_transform_factory

    left, right, _, _ = extent
    length = _nice_length(right - left)
    x0 = left + 0.05 * (right - left)
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    y0, bar_h = 0.04, 0.015
    for k in range(2):
        ax.add_patch(
            Rectangle((x0 + k * length / 2, y0), length / 2, bar_h, transform=trans,
                      facecolor="black" if k == 0 else "white", edgecolor="black", lw=0.6,
                      zorder=5)
        )  # fmt: skip
    label = f"{length / 1000:g} km"
    fs = 6 if small else 8
    ax.text(x0, y0 + 2 * bar_h, "0", transform=trans, ha="center", fontsize=fs, zorder=5)
    ax.text(x0 + length, y0 + 2 * bar_h, label, transform=trans, ha="center", fontsize=fs)
    ax.annotate(
        "N", xy=(0.93, 0.97), xytext=(0.93, 0.85 if not small else 0.8),
        xycoords="axes fraction", textcoords="axes fraction", ha="center", va="top",
        fontsize=fs + 2, fontweight="bold",
        arrowprops={"facecolor": "black", "width": 2.5 if small else 4,
                    "headwidth": 7 if small else 11, "headlength": 6 if small else 10},
        zorder=5,
    )  # fmt: skip


def banner(fig: Any, lang: str, text: str | None = None, *, above: Any = None) -> None:
    """The visible synthetic mark (or ``text``) across the top of ``fig``.

    With ``above`` (an axes with a title) the mark sits just above that title, centred
    on it; else at the top edge of the figure. A map of fixed aspect does not fill its
    axes, so a mark at the figure's edge would leave an empty band above the title.
    """
    label = text or gettext("SYNTHETIC DATA: generated layers, not for decisions", lang)
    style: dict[str, Any] = {
        "ha": "center", "fontsize": 9, "fontweight": "bold", "color": "white",
        "bbox": {"facecolor": BANNER, "edgecolor": "none", "pad": 3},
    }  # fmt: skip
    if above is None:
        fig.text(0.5, 0.995, label, va="top", **style)
        return
    above.annotate(
        label, xy=(0.5, 1.0), xycoords=above.title, xytext=(0, 7), textcoords="offset points",
        va="bottom", annotation_clip=False, **style,
    )  # fmt: skip


def figure_from(fig: Any, alt: str, caption: str, dpi: int = 130) -> Figure:
    """Save a matplotlib figure as PNG and close it."""
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return Figure(buf.getvalue(), alt, caption)


def _unit(colour: Sequence[int]) -> tuple[float, float, float, float]:
    r, g, b, a = (c / 255 for c in colour)
    return (r, g, b, a)


def _rgba(colours: Sequence[tuple[int, int, int, int]]) -> Any:
    from matplotlib.colors import ListedColormap

    return ListedColormap([tuple(c / 255 for c in col) for col in colours])


def draw_categories(
    raster: Raster,
    colours: Sequence[tuple[int, int, int, int]],
    labels: Sequence[str],
    *,
    title: str,
    alt: str,
    caption: str,
    synthetic: bool,
    lang: str,
    mask: np.ndarray | None = None,
    size: tuple[float, float] = (7.0, 6.2),
    outline: Any = None,
    outline_label: str = "",
) -> Figure:
    """A categorical map: value ``k`` drawn in ``colours[k]``, legend from ``labels``.

    ``mask`` (same shape) greys out cells outside the region; label ``""`` leaves a value
    out of the legend. ``outline`` (a shapely (multi)polygon in EPSG:28992) is drawn on top
    and named ``outline_label`` in the legend.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    data = raster.data.astype(np.int32)
    n = len(colours)
    data = np.clip(data, 0, n - 1)
    cols = [*list(colours), (225, 225, 225, 255)]
    if mask is not None:
        data = np.where(mask, data, n)
    fig, ax = plt.subplots(figsize=size)
    ax.imshow(data, cmap=_rgba(cols), vmin=0, vmax=n, extent=raster.extent,
              interpolation="nearest")  # fmt: skip
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11, pad=8)
    decorate(ax, raster.extent)
    present = set(np.unique(data).tolist())
    handles: list[Any] = [
        Patch(facecolor=_unit(colours[k]), edgecolor="grey", label=labels[k])
        for k in range(n)
        if labels[k] and k in present
    ]
    if mask is not None:
        handles.append(
            Patch(facecolor=(0.88, 0.88, 0.88), edgecolor="grey",
                  label=gettext("outside the province", lang))
        )  # fmt: skip
    if outline is not None:
        from matplotlib.lines import Line2D

        polys = getattr(outline, "geoms", [outline])
        for poly in polys:
            x, y = poly.exterior.xy
            ax.plot(x, y, color=BANNER, lw=1.6, zorder=4)
        handles.append(Line2D([0], [0], color=BANNER, lw=1.6, label=outline_label))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8,
              frameon=False)  # fmt: skip
    if synthetic:
        banner(fig, lang, above=ax)
    return figure_from(fig, alt, caption)


def small_multiples(
    panels: Sequence[tuple[str, Raster, np.ndarray | None]],
    colours: Sequence[tuple[int, int, int, int]],
    labels: Sequence[str],
    *,
    alt: str,
    caption: str,
    synthetic: bool,
    lang: str,
) -> Figure:
    """One small categorical map per panel ``(title, raster, mask)``, one shared legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    ncol = 4
    nrow = max(1, int(np.ceil(len(panels) / ncol)))
    fig, axes = plt.subplots(nrow, ncol, figsize=(10, 2.9 * nrow + 0.8), squeeze=False)
    n = len(colours)
    cols = [*list(colours), (235, 235, 235, 255)]
    present: set[int] = set()
    for ax, (title, raster, mask) in zip(axes.flat, panels, strict=False):
        data = np.clip(raster.data.astype(np.int32), 0, n - 1)
        if mask is not None:
            data = np.where(mask, data, n)
        present |= set(np.unique(data).tolist())
        ax.imshow(data, cmap=_rgba(cols), vmin=0, vmax=n, extent=raster.extent,
                  interpolation="nearest")  # fmt: skip
        ax.set_title(title, fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
        decorate(ax, raster.extent, small=True)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    handles = [
        Patch(facecolor=_unit(colours[k]), edgecolor="grey", label=labels[k])
        for k in range(n)
        if labels[k] and k in present
    ]
    fig.legend(handles=handles, loc="lower center", ncol=min(6, max(1, len(handles))),
               fontsize=8, frameon=False, bbox_to_anchor=(0.5, -0.01))  # fmt: skip
    fig.tight_layout(rect=(0, 0.06, 1, 0.97))
    if synthetic:
        banner(fig, lang)
    return figure_from(fig, alt, caption, dpi=110)
