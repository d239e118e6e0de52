"""Reference for national claims: the coupled LP with HiGHS and g(p, P) in plain numpy."""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp


def coupled_lp(kw, national, integer: bool = False):
    """Whole LP (or MIP) with regional and national claim rows; None when infeasible.

    ``national`` is a list of (function index, region indices, minimum, maximum).
    """
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
    one = sp.csr_matrix((np.ones(nv), (ii, np.arange(nv))), shape=(n, nv))
    cl = sp.lil_matrix((n_reg * n_func + len(national), nv))
    for f in range(n_func):
        w = area[ii] * c[tt, f]
        nz = np.flatnonzero(w)
        cl[region[ii[nz]] * n_func + f, nz] = w[nz]
    for k, (f, regs, _, _) in enumerate(national):
        w = area[ii] * c[tt, f] * np.isin(region[ii], regs)
        nz = np.flatnonzero(w)
        cl[n_reg * n_func + k, nz] = w[nz]
    a = sp.vstack([one, cl.tocsr()]).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = nv, a.shape[0]
    lp.col_cost_ = -(area[ii] * s[ii, tt])
    lp.col_lower_ = np.zeros(nv)
    lp.col_upper_ = np.ones(nv)
    lp.row_lower_ = np.concatenate([np.ones(n), lo.ravel(), [m[2] for m in national]])
    lp.row_upper_ = np.concatenate([np.ones(n), hi.ravel(), [m[3] for m in national]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = a.indptr
    lp.a_matrix_.index_ = a.indices
    lp.a_matrix_.value_ = a.data
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * nv
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return -h.getInfo().objective_function_value


def inline_bound(kw, prices, national, national_prices):
    """g(p, P) written out in plain numpy, independent of novex."""
    s, region, c = kw["suitability"], kw["region"], kw["contributions"]
    lo = np.asarray(kw["demand_min"], float)
    hi = kw.get("demand_max")
    hi = np.full_like(lo, np.inf) if hi is None else np.asarray(hi, float)
    allowed = kw.get("allowed")
    area = np.broadcast_to(np.asarray(kw.get("cell_area", 1.0), float), (s.shape[0],))
    p_eff = np.array(prices, float)
    term = 0.0
    for k, (f, regs, lo_k, hi_k) in enumerate(national):
        big = float(national_prices[k])
        p_eff[list(regs), f] += big
        term += lo_k * big if big >= 0 else hi_k * big
    v = s + (p_eff @ c.T)[region]
    if allowed is not None:
        v = np.where(allowed, v, -np.inf)
    term += sum(
        float(lo.flat[k] * p) if p >= 0 else float(hi.flat[k] * p)
        for k, p in enumerate(np.asarray(prices, float).flat)
    )
    return float((area * v.max(axis=1)).sum() - term)
