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
