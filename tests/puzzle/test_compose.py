"""The fused assembly loops give the same bytes as the numpy expressions they replace:
the base suitability, the tier and principle terms, the rules' allowed pairs and
excluded hectares, and the tiers' near-urban test."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import distance_transform_edt

from novex.puzzle import rules as rules_mod
from novex.puzzle.compose import add_terms, compose_base
from novex.puzzle.principles import PrincipleTerms
from novex.puzzle.rules import RuleMasks
from novex.puzzle.spec import RuleSpec
from novex.puzzle.tiers import within_distance

F32 = np.float32


def _numpy_base(base_t, vals, shares, cost, cur, keep, keep_value):  # type: ignore[no-untyped-def]
    """The composition as numpy did it before (block by block, term by term)."""
    out = np.empty((cur.size, base_t.size), dtype=F32)
    for start in range(0, cur.size, 1000):
        sl = slice(start, start + 1000)
        block = out[sl]
        block[:] = base_t[None, :]
        for v, share in zip(vals, shares, strict=True):
            block += v[sl, None] * share[None, :]
        block -= cost[cur[sl]]
        block[:, keep] = keep_value
    return out


def test_compose_base_is_the_numpy_composition() -> None:
    rng = np.random.default_rng(3)
    n, nt, nk, nc = 5000, 21, 5, 4
    base_t = rng.normal(0.5, 0.3, nt).astype(F32)
    vals = (rng.normal(0, 1, (nk, n)) * rng.choice([0, 1e-3, 1, 7], (nk, n))).astype(F32)
    shares = (rng.random((nk, nt)) * (rng.random((nk, nt)) < 0.4)).astype(F32)
    cost = rng.random((nc, nt)).astype(F32)
    cur = rng.integers(0, nc, n).astype(np.int16)
    keep = np.zeros(nt, dtype=bool)
    keep[-4:] = True
    out = np.empty((n, nt), dtype=F32)
    compose_base(base_t, vals, shares, cost, cur, keep, F32(1.0), out)
    want = _numpy_base(base_t, vals, shares, cost, cur, keep, F32(1.0))
    assert out.tobytes() == want.tobytes()


def _numpy_terms(terms: PrincipleTerms, s, on) -> None:  # type: ignore[no-untyped-def]
    """The principle terms as numpy added them before (whole columns, term by term)."""
    if "combinaties" in on:
        s += terms.combination[None, :]
    if "identiteit" in on and terms.soil_index is not None and terms.soil_fit is not None:
        fit = terms.soil_fit[terms.soil_index]
        if terms.elevation_fit is not None:
            half = 0.5 * terms.elevation_share[None, :]
            fit = fit * (1.0 - half) + terms.elevation_fit[:, None] * half
        s += (np.float32(terms.identity_weight) * (fit - np.float32(0.5))).astype(np.float32)
    if "afwenteling" in on and terms.penalty is not None:
        s -= np.float32(terms.shift_weight) * terms.penalty[:, None] * terms.shift_share[None, :]


def _terms(rng, n, nt, *, elevation: bool, penalty: bool) -> PrincipleTerms:  # type: ignore[no-untyped-def]
    return PrincipleTerms(
        combination=(rng.random(nt) * 0.1).astype(F32),
        soil_index=rng.integers(0, 5, n).astype(np.int16),
        soil_fit=rng.random((5, nt)).astype(F32),
        elevation_fit=rng.random(n).astype(F32) if elevation else None,
        elevation_share=(rng.random(nt) * (rng.random(nt) < 0.5)).astype(F32),
        identity_weight=0.2,
        penalty=rng.random(n).astype(F32) if penalty else None,
        shift_share=(rng.random(nt) < 0.3).astype(F32),
        shift_weight=0.5,
    )


@pytest.mark.parametrize("elevation", [True, False])
@pytest.mark.parametrize("penalty", [True, False])
@pytest.mark.parametrize("tiers", [True, False])
@pytest.mark.parametrize(
    "on", [frozenset(), frozenset({"combinaties", "identiteit", "afwenteling"}),
           frozenset({"identiteit"}), frozenset({"afwenteling", "combinaties"})]
)  # fmt: skip
def test_add_terms_is_the_numpy_composition(elevation, penalty, tiers, on) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(5)
    n, nt = 3000, 21
    terms = _terms(rng, n, nt, elevation=elevation, penalty=penalty)
    s = rng.normal(0.5, 0.5, (n, nt)).astype(F32)
    tier = rng.integers(0, 4, n).astype(np.int8)
    bonus = np.array([0.0, 0.3, 0.15, -0.2], dtype=F32)
    share = (rng.random(nt) * (rng.random(nt) < 0.5)).astype(F32)
    want = s.copy()
    if tiers:
        b = bonus[tier]
        for t in np.flatnonzero(share):
            want[:, t] += b * share[t]
    _numpy_terms(terms, want, on)
    add_terms(s, terms, on, tier if tiers else None, bonus, share)
    assert s.tobytes() == want.tobytes()


def _masks(rng, n, nt, nr):  # type: ignore[no-untyped-def]
    rules = [
        RuleSpec(id=f"r{k}", layer="x", op="eq", value=1.0, functions=("a",)) for k in range(nr)
    ]
    masks = [rng.random(n) < p for p in rng.choice([0.0, 0.05, 0.5], nr)]
    forbidden = [rng.random(nt) < 0.4 for _ in range(nr)]
    return RuleMasks(rules, masks, forbidden, ("a", "b", "c"))


@pytest.mark.parametrize("nr", [0, 1, 5])
def test_rules_by_codes_are_the_rules_by_columns(nr, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(nr)
    n, nt = 4000, 21
    masks = _masks(rng, n, nt, nr)
    trans = rng.random((4, nt)) < 0.7
    cur = rng.integers(0, 4, n).astype(np.int16)
    contrib = rng.random((nt, 3)) * (rng.random((nt, 3)) < 0.3)
    fast = trans[cur]
    masks.apply(fast)
    assert np.array_equal(masks.allowed(trans, cur), fast)
    masks.finish(trans, cur, contrib, 6.25)
    got = (masks.excluded_ha.copy(), masks.matched_ha.copy(), masks.net_ha.copy())
    monkeypatch.setattr(rules_mod, "_CODE_RULES", -1)  # the column by column path
    slow = trans[cur]
    masks.apply(slow)
    masks.finish(trans, cur, contrib, 6.25)
    assert np.array_equal(fast, slow)
    assert np.array_equal(masks.allowed(trans, cur), slow)
    want = (masks.excluded_ha, masks.matched_ha, masks.net_ha)
    for a, b in zip(got, want, strict=True):
        assert a.tobytes() == b.tobytes()
    if nr == 5:  # the case tests something
        assert want[0].any() and want[2].any()


def test_within_distance_is_the_distance_transform() -> None:
    rng = np.random.default_rng(11)
    for _ in range(150):
        h, w = rng.integers(1, 30, 2)
        mask = rng.random((h, w)) < rng.choice([0.0, 0.01, 0.1, 0.4])
        res = float(rng.choice([25.0, 100.0, 250.0, 10.5]))
        dist = float(rng.choice([-1.0, 0.0, 99.99, 100.0, 141.4213562373095, 150.0, 500.0, 1e9]))
        want = distance_transform_edt(~mask) * res <= dist if mask.any() else np.zeros_like(mask)
        assert np.array_equal(within_distance(mask, res, dist), want)
