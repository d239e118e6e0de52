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


def _reference(s, include, area, cells=None):
    """Classes by np.unique of every row's 64-bit key hash (what cell_classes numbers)."""
    from novex.puzzle.engine.hashing import row_hash

    rows = np.arange(include.shape[0]) if cells is None else cells
    h = row_hash(classes._key(s[rows], include, area))
    _, first, inverse, count = np.unique(
        h, return_index=True, return_inverse=True, return_counts=True
    )
    return inverse.reshape(-1), first, count


def test_classes_are_numbered_by_the_hash_of_their_key():
    rng = np.random.default_rng(7)
    n, t = 3000, 9
    s = rng.choice(np.array([0.0, -0.0, 0.25, 0.5, 1.0], dtype=np.float32), size=(n, t))
    include = rng.random((n, t)) < 0.8
    include[rng.random(n) < 0.5] = True  # many rows with every type
    area = rng.choice(np.array([1.0, 2.0]), size=n)
    some = rng.integers(0, n, size=n)  # rows read in place, in any order, repeated
    for src, cells in ((s, None), (s, some), (s.astype(np.float64), some)):
        cls = cell_classes(src, include, area, cells)
        inverse, first, count = _reference(src, include, area, cells)
        assert np.array_equal(cls.inverse, inverse)
        assert np.array_equal(cls.first, first)
        assert np.array_equal(cls.count, count)
