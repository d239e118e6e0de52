"""PNG maps of the stapelkaart: how many national interests claim each cell.

One map nationally and one per province, with a legend, a scale bar, a north arrow, the
hectares claimed by three or more interests and a red "SYNTHETISCH" banner when any
input layer is synthetic. Dutch by default (``lang="en"`` for English). Rasters are read
decimated (nearest cell) to at most :data:`MAX_PIXELS` on the long side, so a national
25 m stack draws in seconds.
"""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.windows import Window

from novex.errors import StackError
from novex.grid import atomic_file
from novex.reference import Region
from novex.stack.result import NATIONAL, RegionKey, StackResult
from novex.text import format_hectares, translations

__all__ = ["MAX_PIXELS", "render_map", "render_maps"]

log = logging.getLogger(__name__)

MAX_PIXELS = 1400
"""Longest side, in raster cells, of the image drawn (the raster is read decimated)."""


def _text(lang: str) -> dict[str, str]:
    """The words on a stapelkaart map in ``lang`` (Dutch in :mod:`novex.text.catalog`)."""
    tr = translations(lang)
    _ = tr.gettext
    return {
        "title": _("All national interests on one map"),
        "count": _("Number of national interests with a claim"),
        "none": _("none"),
        "n": tr.ngettext("{n} interest", "{n} interests", 1),
        "ns": tr.ngettext("{n} interest", "{n} interests", 2),
        "nplus": _("{n} or more"),
        "synthetic": _("SYNTHETIC — generated layers, not real data"),
        "three": _("Claimed by 3 or more interests: {ha}"),
        "claimed": _("Claimed: {ha} of {area}"),
        "claimed_nat": _("Claimed: {ha} (large water included); the provinces together: {area}"),
        "outside": _("outside the province"),
        "source": _("Source: novex stapelkaart; RD New (EPSG:28992), cell {res} m"),
        "national": _("The Netherlands"),
        "not_mapped": _("Not on the map"),
        "mapped": _("On the map: {n} of the 21 national interests"),
    }


def _read_decimated(
    path: Path | str, window: Window | None = None, resampling: Resampling = Resampling.nearest
) -> tuple[np.ndarray, tuple[float, float, float, float], float]:
    """Band 1 of ``path`` in ``window`` at most MAX_PIXELS on the long side.

    Returns the array, its extent (left, right, bottom, top) and its cell size in m.
    """
    with rasterio.open(path) as src:
        win = window or Window(0, 0, src.width, src.height)
        factor = max(1, int(np.ceil(max(win.width, win.height) / MAX_PIXELS)))
        shape = (max(1, int(win.height // factor)), max(1, int(win.width // factor)))
        data = src.read(1, window=win, out_shape=shape, resampling=resampling)
        left, bottom, right, top = rasterio.windows.bounds(win, src.transform)
        cell = (right - left) / shape[1]
    return data, (left, right, bottom, top), cell


def _province_window(path: str, pid: int) -> Window | None:
    """The window (full-resolution cells) that holds province ``pid``; None when it is empty."""
    data, _, cell = _read_decimated(path)
    with rasterio.open(path) as src:
        res = src.transform.a
        factor = cell / res
        rows, cols = np.nonzero(data == pid)
        if rows.size == 0:
            return None
        pad = 2
        r0 = max(0, int((rows.min() - pad) * factor))
        c0 = max(0, int((cols.min() - pad) * factor))
        r1 = min(src.height, int((rows.max() + 1 + pad) * factor))
        c1 = min(src.width, int((cols.max() + 1 + pad) * factor))
    return Window(c0, r0, c1 - c0, r1 - r0)


def _nice_length(span_m: float) -> float:
    target = span_m / 5
    for step in (1_000, 2_000, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000):
        if step >= target:
            return float(step)
    return 100_000.0


def _decorate(ax: Any, extent: tuple[float, float, float, float]) -> None:
    """Scale bar (bottom left, in map units) and north arrow (top right)."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import blended_transform_factory

    left, right, _, _ = extent
    width = right - left
    length = _nice_length(width)
    x0 = left + 0.05 * width
    trans = blended_transform_factory(ax.transData, ax.transAxes)
    y0, bar_h = 0.04, 0.012
    for k in range(2):
        ax.add_patch(
            Rectangle(
                (x0 + k * length / 2, y0),
                length / 2,
                bar_h,
                transform=trans,
                facecolor="black" if k == 0 else "white",
                edgecolor="black",
                lw=0.8,
                zorder=5,
            )
        )
    for xpos, label in ((x0, "0"), (x0 + length, f"{length / 1000:g} km")):
        ax.text(
            xpos, y0 + 2 * bar_h, label, transform=trans, ha="center", va="bottom", fontsize=8,
            zorder=5,
        )  # fmt: skip
    ax.annotate(
        "N",
        xy=(0.94, 0.97),
        xytext=(0.94, 0.87),
        xycoords="axes fraction",
        textcoords="axes fraction",
        ha="center",
        va="top",
        fontsize=11,
        fontweight="bold",
        arrowprops={"facecolor": "black", "width": 4, "headwidth": 11, "headlength": 10},
        zorder=5,
    )


def render_map(
    result: StackResult,
    path: str | os.PathLike[str],
    region: RegionKey = None,
    *,
    lang: str = "nl",
    files: Mapping[str, Path] | None = None,
) -> Path:
    """Draw the overlap-count map of one region (or nationally) as a PNG.

    Parameters
    ----------
    result : StackResult
        A stapelkaart computed with an output folder (the map reads its
        ``overlap_count.tif``).
    path : path-like
        The PNG to write (atomically).
    region : Region, int or str, optional
        Province (raster id, code or name); ``None`` for the whole country.
    lang : str
        ``"nl"`` (default) or ``"en"``.
    files : mapping, optional
        Where the rasters are, when not at ``result.files`` (while staging).

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import colormaps
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    text = _text(lang)
    files = files or result.files
    if "overlap_count" not in files:
        raise StackError("The map needs the overlap-count raster: compute the stack with out=DIR.")
    reg: Region | None = result.region(region)
    province_path = result.info.get("province_path")
    window = None
    inside: np.ndarray | None = None
    if reg is not None and province_path:
        window = _province_window(province_path, reg.raster_id)
    count, extent, _ = _read_decimated(files["overlap_count"], window)
    if reg is not None and province_path:
        prov, _, _ = _read_decimated(province_path, window)
        inside = prov == reg.raster_id
        if prov.shape != count.shape:  # rounding of out_shape; never expected
            inside = None
    top_n = max(3, min(int(count.max()) if count.size else 0, 8))
    base = colormaps["YlOrRd"]
    colours = [(0.96, 0.96, 0.93, 1.0)] + [
        base(0.15 + 0.85 * k / top_n) for k in range(1, top_n + 1)
    ]
    cmap = ListedColormap(colours)
    norm = BoundaryNorm(np.arange(-0.5, top_n + 1.5), cmap.N)
    shown = np.minimum(count, top_n).astype(float)
    fig, ax = plt.subplots(figsize=(11.0, 9.0), dpi=110)
    ax.imshow(shown, cmap=cmap, norm=norm, extent=extent, interpolation="nearest", zorder=1)
    if inside is not None:
        grey = np.where(inside, np.nan, 1.0)
        ax.imshow(
            grey,
            cmap=ListedColormap([(0.82, 0.82, 0.82, 1.0)]),
            extent=extent,
            interpolation="nearest",
            zorder=2,
        )
        ax.contour(
            inside.astype(float),
            levels=[0.5],
            colors="black",
            linewidths=0.8,
            extent=extent,
            origin="upper",
            zorder=3,
        )
    elif reg is None and province_path:
        prov, _, _ = _read_decimated(province_path)
        if prov.shape == count.shape:
            for p in result.provinces:
                if (prov == p.raster_id).any():
                    ax.contour(
                        (prov == p.raster_id).astype(float),
                        levels=[0.5],
                        colors="dimgrey",
                        linewidths=0.5,
                        extent=extent,
                        origin="upper",
                        zorder=3,
                    )
    name = reg.name_nl if reg is not None else text["national"]
    ax.set_title(f"{text['title']}\n{name}", fontsize=13, pad=30 if result.synthetic else 8)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_aspect("equal")
    handles = [Patch(facecolor=colours[0], edgecolor="grey", label=text["none"])]
    for k in range(1, top_n + 1):
        label = (
            text["nplus"].format(n=k)
            if k == top_n and count.size and count.max() > top_n
            else (text["n"] if k == 1 else text["ns"]).format(n=k)
        )
        handles.append(Patch(facecolor=colours[k], edgecolor="grey", label=label))
    if inside is not None:
        handles.append(Patch(facecolor=(0.82, 0.82, 0.82), edgecolor="grey", label=text["outside"]))
    legend = ax.legend(
        handles=handles,
        title=text["count"],
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    ax.add_artist(legend)
    missing = result.not_mapped_rows(lang)
    lines = [text["mapped"].format(n=len(result.interests))]
    if missing:
        lines.append(text["not_mapped"] + ":")
        for m in missing:
            lines.append(textwrap.fill(f"{m['interest']} {m['name']}: {m['reason']}", 38))
    ax.text(1.03, 0.55, "\n".join(lines), transform=ax.transAxes, ha="left", va="top",
            fontsize=7)  # fmt: skip
    _decorate(ax, extent)
    key = reg.raster_id if reg is not None else None
    three = result.claimed_hectares(key, 3)
    claimed = result.claimed_hectares(key, 1)
    if key is None and result.provinces:
        area = sum(result.area_hectares(p.raster_id) for p in result.provinces)
        claimed_text = text["claimed_nat"]
    else:
        area = result.area_hectares(key)
        claimed_text = text["claimed"]
    source = text["source"].format(res=result.info.get("grid", {}).get("resolution", "?"))
    ax.text(
        0.0,
        -0.015,
        claimed_text.format(ha=format_hectares(claimed, lang), area=format_hectares(area, lang))
        + "\n"
        + text["three"].format(ha=format_hectares(three, lang))
        + "\n"
        + source,
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=8,
    )
    if result.synthetic:
        ax.text(
            0.5,
            1.01,
            text["synthetic"],
            transform=ax.transAxes,
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color="white",
            bbox={"facecolor": "#c0392b", "edgecolor": "none", "pad": 4},
        )
    path = Path(path)
    with atomic_file(path) as tmp:
        fig.savefig(tmp, format="png", bbox_inches="tight")
    plt.close(fig)
    log.debug("map %s", path)
    return path


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "_" for c in ascii_name.lower()).strip("_")


def render_maps(
    result: StackResult,
    folder: str | os.PathLike[str],
    *,
    regions: Sequence[RegionKey] | None = None,
    lang: str = "nl",
    files: Mapping[str, Path] | None = None,
) -> dict[str, Path]:
    """Draw the national map and one map per province into ``folder``.

    Parameters
    ----------
    result : StackResult
        A stapelkaart computed with an output folder.
    folder : path-like
        Where the PNGs go (``stapelkaart_nationaal.png``, ``stapelkaart_utrecht.png``, ...).
    regions : sequence, optional
        Which regions (ids, names, ``None`` = national); default national and every
        province.
    lang : str
        ``"nl"`` (default) or ``"en"``.
    files : mapping, optional
        Where the rasters are, when not at ``result.files``.

    Returns
    -------
    dict
        Region slug -> PNG path.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted: list[RegionKey] = list(regions) if regions is not None else [None, *result.provinces]
    out: dict[str, Path] = {}
    for key in wanted:
        reg = result.region(key)
        slug = NATIONAL if reg is None else _slug(reg.name_nl)
        out[slug] = render_map(
            result, folder / f"stapelkaart_{slug}.png", key, lang=lang, files=files
        )
    return out
