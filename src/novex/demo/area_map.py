"""A map of the NOVEX-gebieden and the woningbouwgebieden over the provinces (matplotlib).

Draws the schematic outlines of :mod:`novex.demo.areas` (or any outline tables with the
same columns) over the demo's province outlines, numbers each NOVEX-gebied, and labels
the map as schematic with its sources.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["render_area_map"]

log = logging.getLogger(__name__)

_TEXT = {
    "nl": {
        "title": "NOVEX-gebieden en NOVEX-woningbouwgebieden",
        "areas": "NOVEX-gebied (nummer)",
        "housing": "NOVEX-woningbouwgebied",
        "zoek": "Zoekgebied verstedelijking (NOVI 2020)",
        "note": "SCHEMATISCH: omtrekken rond GeoNames-plaatsen, geknipt op de provincies; "
        "niet de officiële grenzen (PDOK basisset NOVEX). Provincies: Natural Earth 10 m.",
    },
    "en": {
        "title": "NOVEX areas and NOVEX large-scale housing areas",
        "areas": "NOVEX area (number)",
        "housing": "NOVEX housing area",
        "zoek": "Urbanisation search region (NOVI 2020)",
        "note": "SCHEMATIC: outlines around GeoNames places, clipped to the provinces; "
        "not the official boundaries (PDOK basisset NOVEX). Provinces: Natural Earth 10 m.",
    },
}


def render_area_map(
    out: str | os.PathLike[str],
    *,
    lang: str = "nl",
    novex_areas: gpd.GeoDataFrame | None = None,
    woningbouwgebieden: gpd.GeoDataFrame | None = None,
    zoekgebieden: gpd.GeoDataFrame | None = None,
    dpi: int = 110,
) -> Path:
    """Render the area map to a PNG file.

    Parameters
    ----------
    out : path-like
        The PNG file (written atomically).
    lang : {"nl", "en"}
        Language of the title, legend and note.
    novex_areas, woningbouwgebieden, zoekgebieden : GeoDataFrame, optional
        Outlines (default: the schematic demo outlines).
    dpi : int
        Resolution of the PNG.

    Returns
    -------
    Path
        ``out``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import patheffects
    from matplotlib.patches import Patch

    from novex.demo.areas import housing_area_outlines, novex_area_outlines
    from novex.demo.boundaries import load_provinces, load_water
    from novex.grid.atomic import atomic_file

    if lang not in _TEXT:
        raise ValueError(f"Invalid lang {lang!r}. Only ('nl', 'en') are supported.")
    t = _TEXT[lang]
    nx = novex_areas if novex_areas is not None else novex_area_outlines()
    wb = (
        woningbouwgebieden
        if woningbouwgebieden is not None
        else housing_area_outlines("novex_woningbouwgebied")
    )
    zg = zoekgebieden if zoekgebieden is not None else housing_area_outlines("zoekgebied_2020")
    fig, ax = plt.subplots(figsize=(10.5, 8.6))
    load_provinces().plot(ax=ax, facecolor="#f4f1ea", edgecolor="#8a8a8a", linewidth=0.6)
    load_water().plot(ax=ax, facecolor="#d8e8f5", edgecolor="none")
    cmap = plt.get_cmap("tab20")
    for k, row in enumerate(nx.itertuples()):
        colour = cmap(k % 20)
        gpd_row = nx.iloc[[k]]
        gpd_row.plot(ax=ax, facecolor=(*colour[:3], 0.28), edgecolor=colour, linewidth=1.1)
        p = row.geometry.representative_point()
        ax.annotate(str(row.number), (p.x, p.y), ha="center", va="center", fontsize=9,
                    fontweight="bold", color="#202020",
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])  # fmt: skip
    zg.plot(ax=ax, facecolor="none", edgecolor="#555555", linewidth=0.8, linestyle="--")
    wb.plot(ax=ax, facecolor="#c0392b", edgecolor="#7b241c", linewidth=0.5, alpha=0.85)
    names = [f"{r.number:>2} {r.name_nl}" for r in nx.itertuples()]
    ax.text(1.02, 0.99, "\n".join(names), transform=ax.transAxes, va="top", fontsize=8,
            linespacing=1.5)  # fmt: skip
    ax.legend(
        handles=[
            Patch(facecolor=(0.3, 0.5, 0.8, 0.28), edgecolor=(0.3, 0.5, 0.8), label=t["areas"]),
            Patch(facecolor="#c0392b", edgecolor="#7b241c", label=t["housing"]),
            Patch(facecolor="none", edgecolor="#555555", linestyle="--", label=t["zoek"]),
        ],
        loc="upper left",
        fontsize=7,
        framealpha=0.9,
    )
    ax.set_xlim(0, 290_000)
    ax.set_ylim(300_000, 625_000)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(t["title"], fontsize=11)
    fig.text(0.01, 0.015, t["note"], fontsize=7, color="#a00000")
    fig.subplots_adjust(left=0.01, right=0.6, top=0.95, bottom=0.05)
    out = Path(out)
    with atomic_file(out) as tmp, open(tmp, "wb") as fh:
        fig.savefig(fh, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    log.info("area map written to %s", out)
    return out
