"""The field building blocks agree with direct geometry."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from novex.demo.fields import Strip, point_distance, polyline_distance
from novex.demo.terrain import RIVERS


def _strip() -> Strip:
    x = 150_000 + 250.0 * (np.arange(80) + 0.5)
    y = 450_000 - 250.0 * (np.arange(60) + 0.5)
    return Strip(x, y, 0)


def test_polyline_distance_matches_shapely() -> None:
    strip = _strip()
    lines = [r.vertices for r in RIVERS]
    dist, _ = polyline_distance(strip, lines, 5_000.0)
    geom = shapely.MultiLineString([list(v) for v in lines])
    for r, c in [(0, 0), (10, 40), (30, 70), (59, 79), (45, 5)]:
        expected = shapely.distance(shapely.Point(strip.x[c], strip.y[r]), geom)
        if expected <= 5_000:
            assert dist[r, c] == pytest.approx(expected, abs=1e-6)
        else:
            assert np.isinf(dist[r, c])


def test_point_distance_is_the_nearest_point() -> None:
    strip = _strip()
    px = np.array([150_000.0, 160_000.0])
    py = np.array([440_000.0, 445_000.0])
    d = point_distance(strip, px, py)
    xx, yy = strip.mesh()
    expected = np.minimum(np.hypot(xx - px[0], yy - py[0]), np.hypot(xx - px[1], yy - py[1]))
    np.testing.assert_allclose(d, expected)


def test_bilinear_is_scipys_order_1_interpolation_to_the_last_bit() -> None:
    from scipy import ndimage

    from novex.demo.fields import bilinear

    rng = np.random.default_rng(7)
    values = rng.standard_normal((23, 31)) * 1e4
    # inside, on nodes, on the last node and beyond both edges (mode "nearest")
    rows = np.concatenate([rng.uniform(-2.5, 24.5, 40), np.arange(23.0), [22.0, -0.3]])
    cols = np.concatenate([rng.uniform(-1.5, 32.0, 50), np.arange(31.0), [30.0, 30.7]])
    rr, cc = np.meshgrid(rows, cols, indexing="ij")
    want = ndimage.map_coordinates(values, [rr, cc], order=1, mode="nearest")
    got = bilinear(values, rows, cols)
    assert got.shape == want.shape
    assert got.tobytes() == want.tobytes()


@pytest.mark.parametrize("density", [0.0, 1e-4, 0.05, 0.6, 1.0])
def test_distance_to_mask_is_scipys_edt_to_the_bit(density) -> None:
    from scipy import ndimage

    from novex.demo.fields import distance_to_mask

    rng = np.random.default_rng(3)
    mask = rng.random((157, 211)) < density
    got = distance_to_mask(mask, 100.0)
    assert got.dtype == np.float32
    if not mask.any():
        assert np.isinf(got).all()
        return
    want = np.asarray(ndimage.distance_transform_edt(~mask, sampling=100.0), dtype=np.float32)
    assert got.tobytes() == want.tobytes()
