"""The row-blocked slack scans give what the whole (cells, types) arrays gave, row for row."""

from __future__ import annotations

import numpy as np
import pytest

import novex.puzzle.engine.search as search
import novex.puzzle.engine.serving as serving
from novex.puzzle.engine.restricted import RestrictedResult
from novex.puzzle.engine.search import CellView, RegionPairs, near_best
from novex.puzzle.engine.serving import SLACK_TOL, serving_cells, widen_serving

# a cell with no allowed type has best and alternative -inf (a NaN cost it never uses)
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")


def _values(view, cells, qr):
    v = view.s[cells].astype(np.float64) + qr
    if view.allowed is not None:
        v[~view.allowed[cells]] = -np.inf
    return v


def _best_of(v, types):
    v_types = np.where(types[None, :], v, -np.inf)
    best_t = np.argmax(v_types, axis=1)
    return best_t, v_types[np.arange(v.shape[0]), best_t]


def _cover(ok, cost, gain, need):
    order = ok[np.argsort(cost[ok], kind="stable")]
    return order[: int(np.searchsorted(np.cumsum(gain[order]), 3.0 * need)) + 32]


def _serving_cells_whole(view, r, cells_r, contested, q, out):
    """The former serving_cells: three (held cells, types) float64 arrays."""
    c = view.contributions
    none = (np.zeros(0, dtype=np.int64), np.zeros((0, c.shape[0]), dtype=bool))
    held = cells_r[~contested[cells_r]]
    if held.shape[0] == 0:
        return none
    v = _values(view, held, q[r])
    best_t = np.argmax(v, axis=1)
    best = v[np.arange(held.shape[0]), best_t]
    a = view.area_of(held)
    include = v >= best[:, None]
    picked = np.zeros(held.shape[0], dtype=bool)
    for f in range(c.shape[1]):
        for need, serves in ((out.short[f], c[:, f] > 0), (out.excess[f], c[:, f] <= 0)):
            if need <= SLACK_TOL or not serves.any():
                continue
            alt_t, alt = _best_of(v, serves)
            ok = np.flatnonzero(np.isfinite(alt) & ~serves[best_t])
            if ok.shape[0] == 0:
                continue
            take = _cover(ok, best - alt, a * c[:, f].max(), need)
            picked[take] = True
            include[take, alt_t[take]] = True
    if not picked.any():
        return none
    return held[picked], include[picked]


def _widen_serving_whole(view, r, rp, q, out):
    """The former widen_serving."""
    c = view.contributions
    if rp.cells.shape[0] == 0:
        return False
    v = _values(view, rp.cells, q[r])
    best = np.where(rp.include, v, -np.inf).max(axis=1)
    a = view.area_of(rp.cells)
    added = False
    for f in range(c.shape[1]):
        for need, serves in ((out.short[f], c[:, f] > 0), (out.excess[f], c[:, f] <= 0)):
            if need <= SLACK_TOL or not serves.any():
                continue
            alt_t, alt = _best_of(v, serves)
            ok = np.flatnonzero(np.isfinite(alt) & ~(rp.include & serves[None, :]).any(axis=1))
            if ok.shape[0] == 0:
                continue
            take = _cover(ok, best - alt, a * c[:, f].max(), need)
            rp.include[take, alt_t[take]] = True
            added = True
    return added


def _case(seed: int, n: int = 3000, n_types: int = 7, n_claims: int = 3):
    """Tie-heavy cells (suitability in tenths), some types not allowed, slack on claims."""
    rng = np.random.default_rng(seed)
    s = (rng.integers(0, 6, size=(n, n_types)) / 10).astype(np.float32)
    allowed = rng.random((n, n_types)) > 0.2
    allowed[rng.random(n) < 0.02] = False  # a few cells with no type at all
    c = np.zeros((n_types, n_claims))
    for t in range(1, n_types):
        c[t, rng.integers(0, n_claims)] = rng.choice([1.0, 0.5, 2.0])
    area = rng.choice([0.5, 1.0, 2.0], size=n)
    view = CellView(
        s=s,
        allowed=allowed,
        region=np.zeros(n, dtype=np.int32),
        area=area,
        lower=np.zeros((1, n_claims)),
        upper=np.full((1, n_claims), np.inf),
        contributions=c,
    )
    q = rng.normal(0.0, 0.1, size=(1, n_types)).round(2)
    short = np.where(rng.random(n_claims) < 0.7, rng.choice([5.0, 50.0, 5000.0], n_claims), 0.0)
    excess = np.where(rng.random(n_claims) < 0.5, rng.choice([3.0, 30.0], n_claims), 0.0)
    out = RestrictedResult("optimal", np.zeros(0), np.zeros(n_claims), 1.0, 0.0, short, excess)
    contested = rng.random(n) < 0.3
    return view, q, out, contested, rng


@pytest.mark.parametrize("block", [1, 7, 256, 1 << 14])
@pytest.mark.parametrize("seed", range(6))
def test_serving_cells_same_as_whole_arrays(monkeypatch, block, seed):
    view, q, out, contested, _ = _case(seed)
    monkeypatch.setattr(serving, "BLOCK", block)
    cells_r = np.arange(view.n, dtype=np.int64)
    want = _serving_cells_whole(view, 0, cells_r, contested, q, out)
    got = serving_cells(view, 0, cells_r, contested, q, out)
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    assert got[0].shape[0] > 0 or seed > 3


@pytest.mark.parametrize("block", [1, 7, 256, 1 << 14])
@pytest.mark.parametrize("seed", range(6))
def test_widen_serving_same_as_whole_arrays(monkeypatch, block, seed):
    view, q, out, contested, rng = _case(seed)
    monkeypatch.setattr(serving, "BLOCK", block)
    cells = np.flatnonzero(contested).astype(np.int64)
    include = (rng.random((cells.shape[0], view.s.shape[1])) < 0.3) & view.allowed[cells]
    want = RegionPairs(cells, include.copy())
    got = RegionPairs(cells, include.copy())
    assert widen_serving(view, 0, got, q, out) == _widen_serving_whole(view, 0, want, q, out)
    np.testing.assert_array_equal(got.include, want.include)


@pytest.mark.parametrize("thr", [0.0, 0.1, np.inf])
def test_near_best_same_as_whole_arrays(monkeypatch, thr):
    view, q, _, _, _ = _case(3)
    monkeypatch.setattr(search, "BLOCK", 100)
    cells = np.arange(0, view.n, 2, dtype=np.int64)
    v = _values(view, cells, q[0])
    want = view.allowed[cells] & (v >= v.max(axis=1, keepdims=True) - thr)
    np.testing.assert_array_equal(near_best(view, 0, cells, q, thr), want)
    assert near_best(view, 0, cells[:0], q, thr).shape == (0, view.s.shape[1])
