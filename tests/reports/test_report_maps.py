"""The report maps as a reader sees them: the synthetic banner sits right above the title."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from novex.reports.maps import BANNER, Raster, draw_categories

RED = tuple(int(BANNER[i : i + 2], 16) for i in (1, 3, 5))


def _map(shape: tuple[int, int], synthetic: bool = True) -> np.ndarray:
    h, w = shape
    data = np.zeros(shape, np.int32)
    data[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4] = 1
    raster = Raster(data, (100_000.0, 100_000.0 + 500 * w, 400_000.0, 400_000.0 + 500 * h))
    fig = draw_categories(
        raster, [(255, 255, 255, 0), (200, 30, 30, 255)], ["", "Wonen"],
        title="Toewijzing van de ruimtelijke puzzel", alt="kaart", caption="bron",
        synthetic=synthetic, lang="nl",
    )  # fmt: skip
    return np.asarray(Image.open(io.BytesIO(fig.png)).convert("RGB")).astype(int)


def _banner_rows(img: np.ndarray) -> np.ndarray:
    red = (np.abs(img - np.array(RED)).sum(axis=2) < 30).sum(axis=1)
    return np.flatnonzero(red > 50)


@pytest.mark.parametrize("shape", [(60, 140), (160, 50)], ids=["wide", "tall"])
def test_the_banner_sits_right_above_the_map_title(shape) -> None:
    img = _map(shape)
    rows = _banner_rows(img)
    assert rows.size and rows[0] < 16  # the banner is on top (below the 0.1 in padding)
    below = img[rows[-1] + 1 :]
    dark = np.flatnonzero((below.sum(axis=2) < 300).sum(axis=1) > 0)
    # the first dark pixels below the banner are the title's, a few points down (the
    # figure is drawn at 130 dpi: 13 px = 7 pt); a wide map used to leave a band of
    # some 200 px between them, a tall one 40 px
    assert dark[0] < 13, dark[0]


def test_a_real_map_has_no_banner() -> None:
    assert _banner_rows(_map((60, 140), synthetic=False)).size == 0
