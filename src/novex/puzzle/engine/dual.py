"""The Lagrangian dual g(p) and its independent recomputation.

For prices ``p[r, f]`` (per hectare; ``p >= 0`` prices a minimum claim, ``p <= 0`` a
maximum claim; a two-sided claim takes either sign)::

    g(p) = sum_i a_i max_{t allowed on i} (s[i, t] + sum_f C[t, f] p[r(i), f])
           - sum_{r, f} (L[r, f] if p[r, f] >= 0 else U[r, f]) * p[r, f]

Every feasible allocation has objective <= g(p), so publishing ``p`` certifies the gap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from novex.errors import PuzzleError

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem

__all__ = ["claim_term", "dual_bound"]

_CHUNK = 1 << 16


def claim_term(
    prices: NDArray[np.float64], demand_min: NDArray[np.float64], demand_max: NDArray[np.float64]
) -> float:
    """The subtracted claim term ``sum (L or U) * p`` of g(p); inf if a sign is not allowed.

    A negative price on a claim without maximum (U = inf) makes the bound +inf (still
    valid, but useless).
    """
    pos = prices >= 0
    term_lo = np.where(pos, demand_min * prices, 0.0)
    with np.errstate(invalid="ignore"):
        term_hi = np.where(pos, 0.0, demand_max * prices)
    if np.any(np.isinf(term_hi)):
        return -np.inf
    return float(term_lo.sum() + term_hi.sum())


def dual_bound(
    problem: Problem, prices: ArrayLike, *, national_prices: ArrayLike | None = None
) -> float:
    """Recompute the dual bound g(p) from prices in one plain numpy pass.

    This does not use the solver's kernels, so it is an independent check of
    :attr:`Solution.dual_bound`: every allocation that meets the claims has objective
    <= g(p) (``docs/puzzle-engine.md``, the certificate).

    Parameters
    ----------
    problem : Problem
        The puzzle (build one from arrays with :meth:`Problem.from_arrays`).
    prices : (R, F) array of float
        Suitability per hectare of each claim (>= 0 on minimum claims, <= 0 on maximum).
    national_prices : (K,) array of float, optional
        Prices of the problem's national claims (``Solution.national_prices``); each
        adds its price to the effective price of its function in its regions and
        subtracts ``(L_k or U_k) * P_k``. Required when the problem has national claims.

    Returns
    -------
    float
        g(p), in suitability-hectares. ``inf`` when a price has the wrong sign.

    Raises
    ------
    PuzzleError
        If ``problem`` is not a :class:`Problem` or ``prices`` do not have shape (R, F).

    Examples
    --------
    >>> import numpy as np
    >>> from novex.puzzle import Problem, dual_bound
    >>> s = np.array([[0.9, 0.1], [0.8, 0.3], [0.2, 0.7]])
    >>> problem = Problem.from_arrays(s, [0, 0, 0], np.eye(2), [[1.0, 2.0]])
    >>> round(dual_bound(problem, [[0.0, 0.5]]), 9)
    1.9
    >>> solution = problem.solve()
    >>> dual_bound(problem, solution.prices) == solution.dual_bound
    True
    >>> dual_bound(problem, [[0.0, -0.5]])  # a maximum price on a claim without maximum
    inf
    """
    from novex.puzzle.engine.problem import Problem

    if not isinstance(problem, Problem):
        raise PuzzleError(
            f"dual_bound needs a Problem; got {type(problem).__name__!r}. Build one with "
            "Problem.from_arrays(suitability, region, contributions, demand_min, ...)."
        )
    s = problem.suitability
    reg = problem.region
    c = problem.contributions
    lo = problem.demand_min
    hi = problem.demand_max
    alw = problem.allowed
    area = problem.cell_area
    p = np.asarray(prices, dtype=np.float64)
    if p.shape != lo.shape:
        raise PuzzleError(f"prices have shape {p.shape!r}; expected {lo.shape!r}.")
    term = claim_term(p, lo, hi)
    p_eff = p
    nat = problem.national
    if nat is not None and nat.n:
        if national_prices is None:
            raise PuzzleError(
                f"dual_bound needs national_prices of shape ({nat.n},): the problem has "
                f"national claims {list(nat.names)!r}."
            )
        big_p = np.asarray(national_prices, dtype=np.float64)
        if big_p.shape != (nat.n,):
            raise PuzzleError(f"national_prices have shape {big_p.shape!r}; expected ({nat.n},).")
        term += claim_term(big_p, nat.lower, nat.upper)
        p_eff = p.copy()
        for k in range(nat.n):
            p_eff[nat.member[k], nat.function[k]] += big_p[k]
    if term == -np.inf:
        return float("inf")
    q = p_eff @ c.T  # (R, T)
    n = s.shape[0]
    total = 0.0
    for start in range(0, n, _CHUNK):
        sl = slice(start, min(n, start + _CHUNK))
        v = s[sl].astype(np.float64) + q[reg[sl]]
        if alw is not None:
            v = np.where(alw[sl], v, -np.inf)
        best = v.max(axis=1)
        a = area[sl] if area.shape[0] == n and n > 1 else area[0]
        total += float(np.sum(a * best))
    return total - term
