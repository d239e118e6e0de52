"""National claims: one claim on the sum over several regions, with its own price.

A national claim k names a function f_k, a set of regions R_k and bounds
``L_k <= sum_{r in R_k} sum_{i in r} a_i C[x_i, f_k] <= U_k``. It gets a price P_k of
the same sign rules as a regional price, and g(p) gains one term::

    g(p, P) = sum_i a_i max_t (s[i,t] + sum_f C[t,f] p_eff[r(i),f])
              - sum_{r,f} (L or U)[r,f] p[r,f] - sum_k (L_k or U_k) P_k
    p_eff[r, f] = p[r, f] + sum_{k: r in R_k, f_k = f} P_k

Given the prices, the per-cell maximum still separates per region (the national price
only shifts the regions' effective prices), so the kernels are unchanged; only the
restricted LP couples the regions of a claim (:func:`solve_coupled`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import highspy
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from novex.errors import PuzzleError
from novex.puzzle.engine.restricted import new_highs

__all__ = [
    "CoupledBlock",
    "CoupledResult",
    "NationalArrays",
    "NationalClaim",
    "coupled_groups",
    "effective_prices",
    "share_bounds",
    "solve_coupled",
]

logger = logging.getLogger(__name__)

_IPM_PAIRS = 1_000_000
"""Coupled LPs use the dual simplex up to this many pairs: on the 250 m demo (twelve
provinces, 164,000 pairs in 64,000 classes) it took 14-16 s per LP where interior point
with crossover took 36-110 s on the same loaded machine."""


@dataclass(frozen=True)
class NationalClaim:
    """A claim on the sum of a function over several regions.

    Parameters
    ----------
    name : str
        Used in messages and tables.
    function : int or str
        Function index or name.
    regions : sequence of int or str
        Region indices or names the claim sums over.
    minimum : float
        Hectares the regions together must give the function (>= 0).
    maximum : float
        Hectares they may give at most; ``inf`` (default) for no maximum.

    Examples
    --------
    >>> NationalClaim("energie-nl", "energie", ["Utrecht", "Zeeland"], minimum=120.0)
    NationalClaim(name='energie-nl', function='energie', regions=('Utrecht', 'Zeeland'), \
minimum=120.0, maximum=inf)
    """

    name: str
    function: int | str
    regions: tuple[int | str, ...] | Sequence[int | str]
    minimum: float = 0.0
    maximum: float = float("inf")

    def __post_init__(self) -> None:
        object.__setattr__(self, "regions", tuple(self.regions))
        object.__setattr__(self, "minimum", float(self.minimum))
        object.__setattr__(self, "maximum", float(self.maximum))


@dataclass(frozen=True)
class NationalArrays:
    """National claims resolved to indices: ``member[k, r]``, ``function[k]``, bounds."""

    names: tuple[str, ...]
    function: NDArray[np.int64]
    member: NDArray[np.bool_]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    function_names: tuple[str, ...] = ()
    region_names: tuple[str, ...] = ()

    @property
    def n(self) -> int:
        """Number of national claims K."""
        return int(self.function.shape[0])

    @classmethod
    def build(
        cls,
        claims: Sequence[NationalClaim],
        region_names: tuple[str, ...],
        function_names: tuple[str, ...],
    ) -> NationalArrays:
        """Resolve names to indices and check every claim; raises :class:`PuzzleError`."""
        n_reg = len(region_names)
        k_n = len(claims)
        func = np.zeros(k_n, dtype=np.int64)
        member = np.zeros((k_n, n_reg), dtype=bool)
        lo = np.zeros(k_n)
        hi = np.full(k_n, np.inf)
        names = []
        for k, nc in enumerate(claims):
            if not isinstance(nc, NationalClaim):
                raise PuzzleError(
                    f"national claim {k} is {nc!r}; expected a NationalClaim(name, function, "
                    "regions, minimum, maximum)."
                )
            names.append(nc.name)
            func[k] = _index(nc.function, function_names, f"national claim {nc.name!r}", "function")
            if not nc.regions:
                raise PuzzleError(f"national claim {nc.name!r} names no region; give at least one.")
            for r in nc.regions:
                member[k, _index(r, region_names, f"national claim {nc.name!r}", "region")] = True
            if not np.isfinite(nc.minimum) or nc.minimum < 0:
                raise PuzzleError(
                    f"national claim {nc.name!r}: minimum {nc.minimum!r} ha is invalid; use a "
                    "finite number >= 0."
                )
            if np.isnan(nc.maximum) or nc.maximum < nc.minimum:
                raise PuzzleError(
                    f"national claim {nc.name!r}: maximum {nc.maximum!r} ha is invalid; use a "
                    f"number >= the minimum {nc.minimum!r}, or inf."
                )
            lo[k], hi[k] = nc.minimum, nc.maximum
        if len(set(names)) != len(names):
            raise PuzzleError(f"national claim names {names!r} are not unique.")
        return cls(tuple(names), func, member, lo, hi, function_names, region_names)

    def sampled(
        self, share: NDArray[np.float64], region_area: NDArray[np.float64]
    ) -> NationalArrays:
        """Bounds for a price sample: times the area-weighted sample share of each claim's regions."""
        factor = np.ones(self.n)
        for k in range(self.n):
            w = region_area[self.member[k]]
            if w.sum() > 0:
                factor[k] = float((share[self.member[k]] * w).sum() / w.sum())
        return replace(self, lower=self.lower * factor, upper=self.upper * factor)


def _index(value: int | str, names: tuple[str, ...], where: str, what: str) -> int:
    if isinstance(value, str):
        if value not in names:
            raise PuzzleError(f"{where}: unknown {what} {value!r}. Valid: {list(names)!r}.")
        return names.index(value)
    v = int(value)
    if not 0 <= v < len(names):
        raise PuzzleError(f"{where}: {what} index {value!r} is outside 0..{len(names) - 1}.")
    return v


def effective_prices(
    prices: NDArray[np.float64],
    national: NationalArrays | None,
    national_prices: NDArray[np.float64],
) -> NDArray[np.float64]:
    """``p_eff[r, f] = p[r, f] + sum_{k: r in R_k, f_k = f} P_k`` (a new array)."""
    p = np.array(prices, dtype=np.float64)
    if national is None or national.n == 0:
        return p
    for k in range(national.n):
        p[national.member[k], national.function[k]] += national_prices[k]
    return p


def coupled_groups(n_regions: int, national: NationalArrays | None) -> list[tuple[int, ...]]:
    """Regions linked by national claims, as groups in ascending order of their first region.

    Without national claims every region is its own group.
    """
    parent = list(range(n_regions))

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    if national is not None:
        for k in range(national.n):
            regs = np.flatnonzero(national.member[k])
            for r in regs[1:]:
                a, b = root(int(regs[0])), root(int(r))
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for r in range(n_regions):
        groups.setdefault(root(r), []).append(r)
    return [tuple(g) for _, g in sorted(groups.items())]


def share_bounds(
    total: float,
    capacity: NDArray[np.float64],
    *,
    max_factor: float | None = None,
    min_factor: float | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Fairness bounds per region on its part of a national claim.

    A region's capacity share is ``capacity[r] / capacity.sum()``; with ``max_factor``
    k no region takes more than ``k x share x total`` hectares, with ``min_factor`` m
    none takes less than ``m x share x total`` (capped at its capacity). Add them to
    the regional claims on the function (``demand_max`` / ``demand_min``) to switch the
    rule on.

    Returns
    -------
    lower, upper : (R,) float
        ``0`` and ``inf`` where a rule is off.

    Examples
    --------
    >>> lo, hi = share_bounds(100.0, np.array([30.0, 70.0]), max_factor=1.5)
    >>> np.round(hi, 6).tolist()
    [45.0, 105.0]
    """
    cap = np.asarray(capacity, dtype=np.float64)
    tot = float(cap.sum())
    share = cap / tot if tot > 0 else np.zeros_like(cap)
    lower = np.zeros_like(cap)
    upper = np.full_like(cap, np.inf)
    if max_factor is not None:
        if not max_factor >= 1.0:
            raise PuzzleError(f"max_factor {max_factor!r} must be >= 1 (1 = exactly the share).")
        upper = max_factor * share * total
    if min_factor is not None:
        if not 0.0 <= min_factor <= 1.0:
            raise PuzzleError(f"min_factor {min_factor!r} must be between 0 and 1.")
        lower = np.minimum(min_factor * share * total, cap)
    return lower, upper


@dataclass
class CoupledBlock:
    """One region's part of a coupled restricted LP (pairs of local classes and types)."""

    pair_cell: NDArray[np.int64]
    pair_type: NDArray[np.int64]
    cell_area: NDArray[np.float64]
    value: NDArray[np.float64]
    multiplicity: NDArray[np.float64]


@dataclass
class CoupledResult:
    """Solution of a coupled LP: per-block values and prices, national prices and slack."""

    status: str
    x: list[NDArray[np.float64]]
    prices: NDArray[np.float64]
    national_prices: NDArray[np.float64]
    short: NDArray[np.float64]
    excess: NDArray[np.float64]
    national_short: NDArray[np.float64]
    national_excess: NDArray[np.float64]
    slack: float
    objective: float


def solve_coupled(
    blocks: list[CoupledBlock],
    contributions: NDArray[np.float64],
    lower: NDArray[np.float64],
    upper: NDArray[np.float64],
    nat_function: NDArray[np.int64],
    nat_member: NDArray[np.bool_],
    nat_lower: NDArray[np.float64],
    nat_upper: NDArray[np.float64],
    *,
    penalty: float | None,
    national_slack_only: bool = False,
    integer: bool = False,
    node_limit: int | None = None,
    abs_gap: float | None = None,
) -> CoupledResult:
    """Max ``sum a s x`` over the blocks' pairs with regional and national claim rows.

    ``lower``/``upper`` are (G, F) residual regional bounds, ``nat_member`` (K, G) says
    which blocks a national row sums over, ``nat_lower``/``nat_upper`` its residual
    bounds. With ``penalty`` every claim row may be violated at that cost per hectare
    (only the national rows with ``national_slack_only``). Row duals are the prices
    (>= 0 where a minimum binds), as in :func:`~novex.puzzle.engine.restricted.solve_pairs`.
    With ``integer`` it is the MIP with whole counts per pair (no prices; a MIP stopped by
    ``node_limit`` keeps its best incumbent, ``abs_gap`` is its absolute tolerance), the
    rounding of a coupled group when its regions cannot be rounded one at a time.
    """
    c = contributions
    n_blk = len(blocks)
    n_func = c.shape[1]
    k_n = nat_function.shape[0]
    cell_off = np.concatenate([[0], np.cumsum([b.cell_area.shape[0] for b in blocks])])
    col_off = np.concatenate([[0], np.cumsum([b.pair_cell.shape[0] for b in blocks])])
    n_cells = int(cell_off[-1])
    n_pairs = int(col_off[-1])
    claim0 = n_cells
    nat0 = n_cells + n_blk * n_func
    rows, cols, vals, cost = [], [], [], []
    for b, blk in enumerate(blocks):
        cidx = col_off[b] + np.arange(blk.pair_cell.shape[0])
        a = blk.cell_area[blk.pair_cell]
        rows.append(cell_off[b] + blk.pair_cell)
        cols.append(cidx)
        vals.append(np.ones(cidx.shape[0]))
        contrib = a[:, None] * c[blk.pair_type]  # (P, F)
        pi, fi = np.nonzero(contrib)
        rows.append(claim0 + b * n_func + fi)
        cols.append(cidx[pi])
        vals.append(contrib[pi, fi])
        if k_n:
            nat = contrib[:, nat_function] * nat_member[:, b][None, :]  # (P, K)
            pi, ki = np.nonzero(nat)
            rows.append(nat0 + ki)
            cols.append(cidx[pi])
            vals.append(nat[pi, ki])
        cost.append(-(a * blk.value))
    n_rows = nat0 + k_n
    mult = np.concatenate([b.multiplicity for b in blocks]) if blocks else np.zeros(0)
    col_upper = [np.concatenate([b.multiplicity[b.pair_cell] for b in blocks])]
    n_slack_rows = 0
    if penalty is not None:
        slack_rows = np.arange(nat0 if national_slack_only else claim0, n_rows)
        n_slack_rows = slack_rows.shape[0]
        for sign in (1.0, -1.0):
            base = n_pairs + (0 if sign > 0 else n_slack_rows)
            rows.append(slack_rows)
            cols.append(base + np.arange(n_slack_rows))
            vals.append(np.full(n_slack_rows, sign))
        cost.append(np.full(2 * n_slack_rows, penalty))
        col_upper.append(np.full(2 * n_slack_rows, np.inf))
    n_cols = n_pairs + 2 * n_slack_rows
    mat = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_rows, n_cols),
    )
    mat.sort_indices()
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = n_rows
    lp.col_cost_ = np.concatenate(cost)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.concatenate(col_upper)
    lp.row_lower_ = np.concatenate([mult, lower.ravel(), nat_lower])
    lp.row_upper_ = np.concatenate([mult, upper.ravel(), nat_upper])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = mat.indptr.astype(np.int32)
    lp.a_matrix_.index_ = mat.indices.astype(np.int32)
    lp.a_matrix_.value_ = mat.data.astype(np.float64)
    h = new_highs()
    h.setOptionValue("presolve", "off")
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n_pairs + [
            highspy.HighsVarType.kContinuous
        ] * (n_cols - n_pairs)
        h.setOptionValue("mip_rel_gap", 0.0 if abs_gap is not None else 1e-9)
        h.setOptionValue("mip_abs_gap", 1e-9 if abs_gap is None else max(float(abs_gap), 1e-9))
        if node_limit is not None:
            h.setOptionValue("mip_max_nodes", int(node_limit))
    elif n_pairs > _IPM_PAIRS:
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "on")
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if not integer and n_pairs > _IPM_PAIRS and status != highspy.HighsModelStatus.kOptimal:
        h.clearSolver()
        h.setOptionValue("solver", "simplex")
        h.run()
        status = h.getModelStatus()
    zeros_g = np.zeros((n_blk, n_func))
    zeros_k = np.zeros(k_n)
    optimal = status == highspy.HighsModelStatus.kOptimal
    # a MIP stopped by its node limit keeps its best whole-count incumbent, if it has one
    if not optimal and not (integer and h.getInfo().primal_solution_status == 2):
        name = h.modelStatusToString(status)
        logger.debug("coupled LP with %d pairs: %s", n_pairs, name)
        xs = [np.zeros(b.pair_cell.shape[0]) for b in blocks]
        return CoupledResult(
            name, xs, zeros_g, zeros_k, zeros_g, zeros_g, zeros_k, zeros_k, np.inf, -np.inf
        )
    sol = h.getSolution()
    col = np.asarray(sol.col_value, dtype=np.float64)
    dual = np.zeros(n_rows) if integer else np.asarray(sol.row_dual, dtype=np.float64)
    x = col[:n_pairs]
    short_all = np.zeros(n_rows - claim0)
    excess_all = np.zeros(n_rows - claim0)
    if n_slack_rows:
        first = n_rows - claim0 - n_slack_rows
        short_all[first:] = col[n_pairs : n_pairs + n_slack_rows]
        excess_all[first:] = col[n_pairs + n_slack_rows :]
    g_n = n_blk * n_func
    return CoupledResult(
        "optimal" if optimal else h.modelStatusToString(status),
        [x[col_off[b] : col_off[b + 1]] for b in range(n_blk)],
        dual[claim0:nat0].reshape(n_blk, n_func),
        dual[nat0:],
        short_all[:g_n].reshape(n_blk, n_func),
        excess_all[:g_n].reshape(n_blk, n_func),
        short_all[g_n:],
        excess_all[g_n:],
        float(col[n_pairs:].sum()),
        float(-np.dot(np.concatenate(cost)[:n_pairs], x)),
    )
