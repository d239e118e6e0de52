"""Charts for the reports (matplotlib): money per year and source.

Each chart is a :class:`~novex.reports.maps.Figure` with alt text that states the
figures it shows, so a reader of the tagged PDF or a screen reader gets the numbers too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from novex.reports.maps import Figure, banner, figure_from
from novex.text import format_number

__all__ = ["stacked_bars"]

_PALETTE = ("#1f5f8b", "#e3a21a", "#5b9a68", "#8c5a9e", "#b03a2e", "#7f7f7f")


def stacked_bars(
    values: Mapping[Any, Mapping[str, float]],
    series_labels: Mapping[str, str],
    *,
    title: str,
    ylabel: str,
    alt: str,
    caption: str,
    synthetic: bool,
    lang: str,
    mark: str | None = None,
) -> Figure:
    """Bars per category (x, e.g. a year) stacked by series (e.g. the source of the money).

    ``values[x][series]`` is the height; ``series_labels`` names and orders the series.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    xs = sorted(values)
    fig, ax = plt.subplots(figsize=(7.0, 3.4))
    bottom = np.zeros(len(xs))
    for k, (key, label) in enumerate(series_labels.items()):
        heights = np.array([values[x].get(key, 0.0) for x in xs], dtype=float)
        ax.bar([str(x) for x in xs], heights, bottom=bottom, label=label,
               color=_PALETTE[k % len(_PALETTE)])  # fmt: skip
        bottom += heights
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(ylabel, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_number(v, lang, None)))
    if synthetic:
        banner(fig, lang, mark)
    return figure_from(fig, alt, caption)
