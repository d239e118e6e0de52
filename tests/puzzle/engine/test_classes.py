"""Classes of interchangeable cells."""

from __future__ import annotations

import numpy as np

from novex.puzzle.engine import classes
from novex.puzzle.engine.classes import cell_classes, spread_counts


def _rows():
    s = np.array([[0.5, 0.2], [0.5, 0.9], [0.5, 0.2], [0.1, 0.2], [0.5, 0.7]], dtype=np.float32)
    include = np.array([[1, 1], [1, 0], [1, 1], [1, 1], [1, 0]], dtype=bool)
    return s, include, np.ones(5)


def _groups(cls):
    return sorted(tuple(np.flatnonzero(cls.inverse == c)) for c in range(cls.n))


def test_cells_with_equal_values_on_their_candidates_share_a_class():
    cls = cell_classes(*_rows())
    # cells 1 and 4 differ only outside their candidates; 0 and 2 are identical
    assert _groups(cls) == [(0, 2), (1, 4), (3,)]
    assert sorted(cls.count.tolist()) == [1, 2, 2]
    assert np.array_equal(cls.inverse[cls.first], np.arange(cls.n))


def test_a_hash_collision_falls_back_to_the_bytes(monkeypatch):
    monkeypatch.setattr(
        classes, "_class_hash", lambda bits, rows, *_: np.zeros(rows.shape[0], np.uint64)
    )
    assert _groups(cell_classes(*_rows())) == [(0, 2), (1, 4), (3,)]


def test_spread_counts_gives_each_class_its_whole_counts():
    cls = cell_classes(*_rows())
    counts = np.zeros((cls.n, 2), dtype=np.int64)
    counts[:, 0] = cls.count
    big = cls.inverse[0]
    counts[big] = [1, 1]
    types = spread_counts(cls, counts, 2)
    members = np.flatnonzero(cls.inverse == big)
    assert types[members].tolist() == [0, 1]  # ascending cells take ascending types
