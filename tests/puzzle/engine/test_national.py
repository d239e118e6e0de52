"""National claims (a claim on the sum over several regions) against HiGHS on the coupled LP."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from national_reference import coupled_lp, inline_bound
from puzzle_reference import random_instance

from novex.errors import InfeasibleClaimsError, PuzzleError
from novex.puzzle import Problem, SolveStatus, dual_bound
from novex.puzzle.engine.national import NationalClaim, coupled_groups, share_bounds

# derandomize: the same examples in every CI run. Random runs (on 2026-11-30, 400 examples
# per --hypothesis-seed) found strict cases where the engine raised InfeasibleClaimsError
# while HiGHS found whole cells that fit: rounding the regions of a national claim one at a
# time asked a region for its exact LP part, which whole cells may not reach; fixed by the
# joint rounding MIP (coupled._round_jointly). Examples found so are kept below.
SETTINGS = settings(
    max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _capacity(kw, f, regs):
    best = np.where(kw["allowed"], kw["contributions"][:, f][None, :], 0.0).max(axis=1)
    area = np.broadcast_to(np.asarray(kw["cell_area"], float), best.shape)
    return float((area * best * np.isin(kw["region"], regs)).sum())


def _instance(seed, n=400, n_types=5, n_func=3, n_reg=4, with_max=False, load=0.5, two=False):
    rng = np.random.default_rng(seed)
    kw = random_instance(rng, n, n_types, n_func, n_reg, with_max=with_max)
    claims, ref = [], []
    for k in range(2 if two else 1):
        f = int(rng.integers(0, n_func))
        regs = sorted(rng.choice(n_reg, size=int(rng.integers(2, n_reg + 1)), replace=False))
        regional = float(np.asarray(kw["demand_min"])[regs, f].sum())
        lo = max(regional, load * (0.6 + 0.4 * rng.random()) * _capacity(kw, f, regs))
        claims.append(NationalClaim(f"nat{k}", f, [int(r) for r in regs], lo))
        ref.append((f, [int(r) for r in regs], lo, np.inf))
    return kw, claims, ref


def _check(kw, claims, ref, sol, lp):
    n = kw["suitability"].shape[0]
    a = np.broadcast_to(np.asarray(kw["cell_area"], float), (n,))
    assert kw["allowed"][np.arange(n), sol.assignment].all(), "a forbidden type was used"
    obj = float((a * kw["suitability"][np.arange(n), sol.assignment]).sum())
    assert obj == pytest.approx(sol.objective, rel=1e-9, abs=1e-9)
    alloc = np.zeros_like(np.asarray(kw["demand_min"], float))
    np.add.at(alloc, kw["region"], a[:, None] * kw["contributions"][sol.assignment])
    assert np.all(alloc >= np.asarray(kw["demand_min"]) - 1e-7)
    if kw.get("demand_max") is not None:
        assert np.all(alloc <= kw["demand_max"] + 1e-7)
    for k, (f, regs, lo, hi) in enumerate(ref):
        assert alloc[regs, f].sum() >= lo - 1e-7, f"national claim {k} not met"
        assert alloc[regs, f].sum() <= hi + 1e-7
        assert sol.national_allocated[k] == pytest.approx(alloc[regs, f].sum(), abs=1e-7)
    # the certificate, recomputed twice independently, bounds the objective
    g1 = dual_bound(
        Problem.from_arrays(**kw, national=claims), sol.prices, national_prices=sol.national_prices
    )
    g2 = inline_bound(kw, sol.prices, ref, sol.national_prices)
    assert g1 == pytest.approx(sol.dual_bound, rel=1e-9, abs=1e-9)
    assert g2 == pytest.approx(sol.dual_bound, rel=1e-9, abs=1e-9)
    assert g2 >= obj - 1e-7
    # the LP optimum of the coupled problem, and whole cells within the allowance
    assert sol.dual_bound == pytest.approx(lp, rel=1e-6)
    assert obj <= lp + 1e-6 * abs(lp)
    assert sol.dual_bound - obj <= sol.info["integrality_allowance"] + 1e-6 * abs(lp)
    assert sol.status in (
        SolveStatus.OPTIMAL,
        SolveStatus.WITHIN_GAP,
        SolveStatus.WITHIN_INTEGRALITY,
    )
    return obj


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize(("with_max", "two"), [(False, False), (True, False), (False, True)])
def test_national_claims_match_the_coupled_lp(seed, with_max, two):
    kw, claims, ref = _instance(seed, with_max=with_max, two=two)
    lp = coupled_lp(kw, ref)
    if lp is None:
        with pytest.raises(InfeasibleClaimsError):
            Problem.from_arrays(**kw, national=claims).solve()
        return
    sol = Problem.from_arrays(**kw, national=claims).solve()
    _check(kw, claims, ref, sol, lp)


def test_a_binding_national_claim_has_a_price_and_beats_the_fixed_split():
    kw, claims, ref = _instance(3, n=600, load=0.7)
    sol = Problem.from_arrays(**kw, national=claims).solve()
    assert sol.national_prices[0] > 0
    (f, regs, lo, _) = ref[0]
    # the same total split in proportion to capacity, as fixed regional claims
    cap = np.array([_capacity(kw, f, [r]) for r in regs])
    split = np.array(kw["demand_min"], float)
    split[regs, f] = np.maximum(split[regs, f], lo * cap / cap.sum())
    fixed_lp = coupled_lp({**kw, "demand_min": split}, [])
    joint_lp = coupled_lp(kw, ref)
    assert joint_lp >= fixed_lp - 1e-9
    assert sol.dual_bound == pytest.approx(joint_lp, rel=1e-9)
    parts = sol.national_parts()
    assert [p["region"] for p in parts] == [f"region {r}" for r in regs]
    assert sum(p["share"] for p in parts) == pytest.approx(1.0)
    # every region of the claim sees the same national price on top of its own
    assert all(p["national_price"] == sol.national_prices[0] for p in parts)


def test_a_national_maximum_gets_a_negative_price():
    kw, _, _ = _instance(5, load=0.3)
    base = Problem.from_arrays(**kw).solve()
    f = 1
    used = float(base.allocated[[0, 1, 2], f].sum())
    cap_lo = float(np.asarray(kw["demand_min"])[[0, 1, 2], f].sum())
    hi = max(cap_lo, 0.8 * used)
    claims = [NationalClaim("max", f, [0, 1, 2], 0.0, hi)]
    ref = [(f, [0, 1, 2], 0.0, hi)]
    sol = Problem.from_arrays(**kw, national=claims).solve()
    _check(kw, claims, ref, sol, coupled_lp(kw, ref))
    assert sol.national_prices[0] < 0
    assert sol.national_allocated[0] <= hi + 1e-7


def test_infeasible_national_claim_is_named_with_hectares():
    kw, _, _ = _instance(2)
    kw["demand_min"] = np.zeros_like(kw["demand_min"])  # the capacity alone limits the claim
    cap = _capacity(kw, 0, [0, 1])
    claims = [NationalClaim("energie-nl", 0, [0, 1], cap + 25.0)]
    problem = Problem.from_arrays(**kw, national=claims, function_names=["energie", "b", "c"])
    with pytest.raises(
        InfeasibleClaimsError, match=r"national claim 'energie-nl' \(energie min"
    ) as e:
        problem.solve()
    assert "is 25.0 ha short" in str(e.value)
    assert e.value.conflicts[0]["national"] == "energie-nl"
    assert e.value.conflicts[0]["short_ha"] == pytest.approx(25.0, abs=1e-6)
    # elastic: the claim falls short by exactly what does not fit, the rest is solved
    sol = problem.solve(elastic=True)
    assert sol.status == SolveStatus.ELASTIC
    assert sol.national_shortfall[0] == pytest.approx(25.0, abs=1e-5)


def test_regions_without_a_national_claim_stay_separate():
    kw, _, _ = _instance(1)
    nat = Problem.from_arrays(**kw, national=[NationalClaim("x", 0, [1, 3], 1.0)]).national
    assert coupled_groups(4, nat) == [(0,), (1, 3), (2,)]
    assert coupled_groups(3, None) == [(0,), (1,), (2,)]


def test_a_slack_national_claim_changes_nothing():
    kw, _, _ = _instance(4)
    plain = Problem.from_arrays(**kw).solve()
    loose = Problem.from_arrays(**kw, national=[NationalClaim("loose", 0, [0, 1, 2, 3], 0.5)])
    sol = loose.solve()
    assert sol.objective == pytest.approx(plain.objective, rel=1e-12)
    assert sol.national_prices.tolist() == [0.0]


def test_national_claims_are_deterministic_and_thread_independent(monkeypatch):
    from novex.puzzle.engine import search

    kw, claims, _ = _instance(6, n=8000, n_reg=4, two=True)
    monkeypatch.setattr(search, "_LP_THREADS", 1)
    one = Problem.from_arrays(**kw, national=claims).solve()
    monkeypatch.setattr(search, "_LP_THREADS", 3)
    three = Problem.from_arrays(**kw, national=claims).solve()
    again = Problem.from_arrays(**kw, national=claims).solve(backend="numpy")
    assert one.assignment.tobytes() == three.assignment.tobytes() == again.assignment.tobytes()
    assert one.national_prices.tobytes() == three.national_prices.tobytes()


def test_fairness_bounds_cost_what_the_certificate_says():
    kw, claims, ref = _instance(7, n=600, load=0.7)
    (f, regs, lo, _) = ref[0]
    cap = np.array([_capacity(kw, f, [r]) for r in regs])
    free = Problem.from_arrays(**kw, national=claims).solve()
    _, upper = share_bounds(lo, cap, max_factor=1.1)
    hi = np.full_like(np.asarray(kw["demand_min"], float), np.inf)
    hi[regs, f] = np.maximum(upper, np.asarray(kw["demand_min"])[regs, f])
    fair_kw = {**kw, "demand_max": hi}
    fair = Problem.from_arrays(**fair_kw, national=claims).solve()
    assert np.all(fair.allocated[regs, f] <= hi[regs, f] + 1e-7)
    assert fair.dual_bound <= free.dual_bound + 1e-9
    assert fair.dual_bound == pytest.approx(coupled_lp(fair_kw, ref), rel=1e-9)


def _edge_of_capacity(region1_cells: int):
    """Region 0 (3 cells) must give 1.5 ha to natuur; the LP gives the other 1.5 ha to the
    national energie claim (cheaper there than in region 1), so region 0's LP part is
    1.5 ha, which whole cells cannot give next to 2 cells of natuur."""
    s = np.array([[0.5, 0.5, 1.0]] * 3 + [[0.2, 0.2, 1.0]] * region1_cells)
    kw = {
        "suitability": s,
        "region": np.array([0] * 3 + [1] * region1_cells),
        "contributions": np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]),
        "demand_min": np.array([[0.0, 1.5], [0.0, 0.0]]),
        "allowed": np.ones(s.shape, dtype=bool),
        "cell_area": 1.0,
    }
    return kw, [NationalClaim("energie-nl", 0, [0, 1], 3.5)], [(0, [0, 1], 3.5, np.inf)]


def test_whole_cells_split_a_national_claim_otherwise_than_the_lp():
    # regression (2026-11-30): the regions were rounded one at a time, region 0 first,
    # asked for its LP part of 1.5 ha; strict mode raised although whole cells fit
    kw, claims, ref = _edge_of_capacity(4)
    lp = coupled_lp(kw, ref)
    assert lp == pytest.approx(3.9) and coupled_lp(kw, ref, integer=True) == pytest.approx(3.1)
    sol = Problem.from_arrays(**kw, national=claims).solve()
    _check(kw, claims, ref, sol, lp)
    assert sol.objective == pytest.approx(3.1)
    assert sol.assignment.tolist() == [0, 1, 1, 0, 0, 0, 2]
    assert sol.status == SolveStatus.WITHIN_INTEGRALITY


def test_a_national_claim_that_fits_only_fractionally_is_strict_infeasible():
    # as a single region's claims that fit only on split cells: strict raises, naming the
    # regions (kind "integer"); elastic reports the shortfall
    kw, claims, ref = _edge_of_capacity(2)  # whole cells: at most 1 + 2 ha of energie
    assert coupled_lp(kw, ref) is not None and coupled_lp(kw, ref, integer=True) is None
    problem = Problem.from_arrays(**kw, national=claims, region_names=["A", "B"])
    with pytest.raises(InfeasibleClaimsError, match=r"A, B with the national claims") as e:
        problem.solve()
    assert [c["region"] for c in e.value.conflicts] == ["A", "B"]
    assert {c["kind"] for c in e.value.conflicts} == {"integer"}
    assert e.value.conflicts[0]["national_claims"] == ["energie-nl"]
    single = Problem.from_arrays(
        np.array([[0.5, 0.5, 1.0]]), np.array([0]), kw["contributions"], np.array([[0.5, 0.5]])
    )
    with pytest.raises(InfeasibleClaimsError, match="split between types") as e1:
        single.solve()
    assert e1.value.conflicts[0]["kind"] == "integer"
    sol = problem.solve(elastic=True)
    assert sol.status == SolveStatus.ELASTIC
    short = float(sol.shortfall.sum() + sol.national_shortfall.sum())
    assert short == pytest.approx(0.5, abs=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_a_coupled_lp_with_slack_grows_by_its_big_m_duals(seed, monkeypatch):
    # tiny contested sets: the coupled restricted LP needs slack and its regions grow by
    # columns priced with the coupled LP's effective duals (search.priced_serving), and
    # the search still ends at the LP optimum of HiGHS
    from novex.puzzle.engine import coupled
    from novex.puzzle.engine.dual import claim_term
    from novex.puzzle.engine.kernels import contribution_groups
    from novex.puzzle.engine.search import CellView, column_generation

    calls = []
    priced = coupled.priced_serving

    def spy(view, r, cells_r, rp, contested, assign, q, out, penalty):
        calls.append(out.prices.copy())
        return priced(view, r, cells_r, rp, contested, assign, q, out, penalty)

    monkeypatch.setattr(coupled, "priced_serving", spy)
    kw, claims, ref = _instance(seed, n=2000, n_types=5, n_func=3, n_reg=3, load=0.8, two=True)
    pr = Problem.from_arrays(**kw, national=claims)
    nat = pr.national
    view = CellView(pr.suitability, pr.allowed, pr.region, pr.cell_area, pr.demand_min,
                    pr.demand_max, pr.contributions, contribution_groups(pr.contributions),
                    nat)  # fmt: skip
    p0 = np.zeros(pr.demand_min.shape)
    res = column_generation(view, p0, np.full(3, 4), exact=True, penalty=1e4, backend="numpy")
    assert calls, "the coupled LP never needed slack"
    # a row with slack is priced at the penalty (its own or the national row's)
    assert all(np.abs(y).max() >= 1e4 - 1e-6 for y in calls)
    g = float(res.last.region_max.sum()) - claim_term(res.prices, pr.demand_min, pr.demand_max)
    g -= claim_term(res.national_prices, nat.lower, nat.upper)
    assert g == pytest.approx(coupled_lp(kw, ref), rel=1e-9)


def test_share_bounds_and_bad_claims():
    lo, hi = share_bounds(100.0, np.array([30.0, 70.0]), max_factor=2.0, min_factor=0.5)
    assert hi.tolist() == [60.0, 140.0] and lo.tolist() == [15.0, 35.0]
    kw, _, _ = _instance(0)
    with pytest.raises(PuzzleError, match="unknown region 'Atlantis'"):
        Problem.from_arrays(**kw, national=[NationalClaim("x", 0, ["Atlantis"], 1.0)])
    with pytest.raises(PuzzleError, match=r"maximum 1\.0 ha is invalid"):
        Problem.from_arrays(**kw, national=[NationalClaim("x", 0, [0], 2.0, 1.0)])
    problem = Problem.from_arrays(**kw, national=[NationalClaim("x", 0, [0], 1.0)])
    with pytest.raises(PuzzleError, match="national_prices"):
        dual_bound(problem, np.zeros((4, 3)))


@SETTINGS
@example(seed=7893, n=40, n_types=2, n_func=3, n_reg=2, with_max=True, two=False, load=0.9211)
@example(seed=461, n=171, n_types=2, n_func=3, n_reg=2, with_max=False, two=False, load=0.935)
@example(seed=809, n=177, n_types=5, n_func=3, n_reg=3, with_max=False, two=True, load=0.757)
@given(seed=st.integers(0, 10_000), n=st.integers(30, 300), n_types=st.integers(2, 6),
       n_func=st.integers(1, 3), n_reg=st.integers(2, 4), with_max=st.booleans(),
       two=st.booleans(), load=st.floats(0.2, 0.95))  # fmt: skip
def test_property_national_claims_match_highs(seed, n, n_types, n_func, n_reg, with_max, two, load):
    n_func = min(n_func, n_types)
    kw, claims, ref = _instance(seed, n, n_types, n_func, n_reg, with_max, load, two)
    lp = coupled_lp(kw, ref)
    problem = Problem.from_arrays(**kw, national=claims)
    if lp is None:
        with pytest.raises(InfeasibleClaimsError):
            problem.solve()
        return
    try:
        sol = problem.solve()
    except InfeasibleClaimsError:
        assert coupled_lp(kw, ref, integer=True) is None  # fits only fractionally
        return
    _check(kw, claims, ref, sol, lp)
