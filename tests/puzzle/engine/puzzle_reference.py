"""Reference solvers and random instances for the puzzle tests (independent of novex)."""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp


def random_instance(rng: np.random.Generator, n: int, n_types: int, n_func: int, n_reg: int,
                    transport: bool = False, with_max: bool = False, load: float = 0.5):  # fmt: skip
    """A random puzzle that fits (demands at ``load`` of what could be served)."""
    s = rng.random((n, n_types))
    region = np.sort(rng.integers(0, n_reg, n))
    region[:n_reg] = np.arange(n_reg)
    if transport:
        c = np.eye(n_types)[:, :n_func]
    else:
        c = np.round(rng.random((n_types, n_func)) * (rng.random((n_types, n_func)) < 0.4), 1)
        c[np.arange(min(n_types, n_func)), np.arange(min(n_types, n_func))] = 1.0
    allowed = rng.random((n, n_types)) < 0.8
    allowed[np.arange(n), rng.integers(0, n_types, n)] = True
    area = rng.choice([1.0, 2.0, 0.5], n)
    # demands: a share of what each region could give to each function alone
    serve = np.zeros((n_reg, n_func))
    for f in range(n_func):
        best = np.where(allowed, c[:, f][None, :], 0.0).max(axis=1)
        serve[:, f] = np.bincount(region, weights=area * best, minlength=n_reg)
    lo = np.floor(serve * load * rng.random((n_reg, n_func)) / n_func * 2)
    hi = None
    if with_max:
        hi = np.where(rng.random((n_reg, n_func)) < 0.3, np.ceil(serve * 0.9) + lo, np.inf)
    return {"suitability": s, "region": region, "contributions": c, "demand_min": lo,
            "demand_max": hi, "allowed": allowed, "cell_area": area}  # fmt: skip


def highs_lp(kw, integer: bool = False, minimise_shortfall: bool = False):
    """Whole LP (or MIP) with HiGHS; returns the optimum, None when HiGHS proves it infeasible."""
    s, region, c = kw["suitability"], kw["region"], kw["contributions"]
    lo = np.asarray(kw["demand_min"], dtype=float)
    hi = kw.get("demand_max")
    hi = np.full_like(lo, np.inf) if hi is None else np.asarray(hi, dtype=float)
    n, n_types = s.shape
    n_reg, n_func = lo.shape
    allowed = kw.get("allowed")
    allowed = np.ones((n, n_types), bool) if allowed is None else allowed
    area = np.broadcast_to(np.asarray(kw.get("cell_area", 1.0), float), (n,))
    ii, tt = np.nonzero(allowed)
    nv = ii.shape[0]
    rows = [sp.csr_matrix((np.ones(nv), (ii, np.arange(nv))), shape=(n, nv))]
    cl = sp.lil_matrix((n_reg * n_func, nv))
    for f in range(n_func):
        w = area[ii] * c[tt, f]
        nz = np.flatnonzero(w)
        cl[region[ii[nz]] * n_func + f, nz] = w[nz]
    a = sp.vstack([rows[0], cl.tocsr()])
    cost = -(area[ii] * s[ii, tt])
    n_col = nv
    if minimise_shortfall:
        a = sp.hstack([a, sp.vstack([sp.csr_matrix((n, n_reg * n_func)), sp.eye(n_reg * n_func)])])
        cost = np.concatenate([np.zeros(nv), np.ones(n_reg * n_func)])
        n_col = nv + n_reg * n_func
    a = a.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = n_col, a.shape[0]
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.concatenate([np.ones(nv), np.full(n_col - nv, np.inf)])
    lp.row_lower_ = np.concatenate([np.ones(n), lo.ravel()])
    lp.row_upper_ = np.concatenate([np.ones(n), hi.ravel()])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_col
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    # anything else (a time or iteration limit, unboundedness) is no answer to compare with
    assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
    val = h.getInfo().objective_function_value
    return val if minimise_shortfall else -val


def inline_bound(kw, prices):
    """g(p) written out in plain numpy, independent of novex."""
    s, region, c = kw["suitability"], kw["region"], kw["contributions"]
    lo = np.asarray(kw["demand_min"], float)
    hi = kw.get("demand_max")
    hi = np.full_like(lo, np.inf) if hi is None else np.asarray(hi, float)
    allowed = kw.get("allowed")
    area = np.broadcast_to(np.asarray(kw.get("cell_area", 1.0), float), (s.shape[0],))
    v = s + (prices @ c.T)[region]
    if allowed is not None:
        v = np.where(allowed, v, -np.inf)
    # a price is >= 0 on a minimum and < 0 on a binding maximum (never with hi = inf)
    term = sum(
        float(lo.flat[k] * p) if p >= 0 else float(hi.flat[k] * p)
        for k, p in enumerate(np.asarray(prices, float).flat)
    )
    return float((area * v.max(axis=1)).sum() - term)
