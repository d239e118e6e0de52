"""The puzzle as arrays: :class:`Problem`, its validation, and ``solve``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from novex.errors import PuzzleError
from novex.puzzle.engine.national import NationalArrays, NationalClaim

if TYPE_CHECKING:
    from novex.puzzle.engine.solution import Solution

__all__ = ["Problem"]

logger = logging.getLogger(__name__)

_FINITE_CHUNK = 1 << 18

_T = TypeVar("_T")


def _names(given: Sequence[str] | None, n: int, prefix: str, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(f"{prefix}{k}" for k in range(n))
    names = tuple(str(v) for v in given)
    if len(names) != n:
        raise PuzzleError(f"{what} has {len(names)} names; expected {n}, one per {prefix}.")
    return names


@dataclass(frozen=True, eq=False)
class Problem:
    """A ruimtelijke puzzel in array form; build it with :meth:`from_arrays`.

    Attributes
    ----------
    suitability : (N, T) float32 or float64
    region : (N,) int32
    contributions : (T, F) float64
    demand_min, demand_max : (R, F) float64
    allowed : (N, T) bool or None
    cell_area : (N,) float64, or (1,) when every cell has the same area
    priority : (R, F) int64
    region_names, function_names, type_names : tuple of str
    national : NationalArrays or None
        Claims on the sum over several regions (:mod:`novex.puzzle.engine.national`).

    Examples
    --------
    >>> import numpy as np
    >>> from novex.puzzle import Problem
    >>> problem = Problem.from_arrays(
    ...     suitability=np.array([[0.9, 0.1], [0.8, 0.3], [0.2, 0.7]]),
    ...     region=[0, 0, 0],
    ...     contributions=np.eye(2),
    ...     demand_min=[[1.0, 2.0]],
    ...     cell_area=2.5,
    ...     region_names=["Utrecht"],
    ...     function_names=["wonen", "natuur"],
    ... )
    >>> problem.n_cells, problem.n_types, problem.n_regions, problem.n_functions
    (3, 2, 1, 2)
    >>> problem.region_area().tolist()
    [7.5]
    """

    suitability: NDArray[np.floating]
    region: NDArray[np.int32]
    contributions: NDArray[np.float64]
    demand_min: NDArray[np.float64]
    demand_max: NDArray[np.float64]
    allowed: NDArray[np.bool_] | None
    cell_area: NDArray[np.float64]
    priority: NDArray[np.int64]
    region_names: tuple[str, ...]
    function_names: tuple[str, ...]
    type_names: tuple[str, ...]
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    national: NationalArrays | None = None

    @property
    def n_cells(self) -> int:
        """Number of cells N."""
        return int(self.suitability.shape[0])

    @property
    def n_types(self) -> int:
        """Number of land-use types T."""
        return int(self.suitability.shape[1])

    @property
    def n_regions(self) -> int:
        """Number of regions R."""
        return int(self.demand_min.shape[0])

    @property
    def n_functions(self) -> int:
        """Number of functions F."""
        return int(self.demand_min.shape[1])

    def area_of(self, cells: NDArray[np.integer]) -> NDArray[np.float64]:
        """Area in hectares of the given cells."""
        if self.cell_area.shape[0] == 1 and self.n_cells != 1:
            return np.full(cells.shape[0], self.cell_area[0])
        return self.cell_area[cells]

    def derived(self, name: str, compute: Callable[[], _T]) -> _T:
        """A value derived from the problem's arrays: computed on first use, then kept.

        A problem does not change after :meth:`from_arrays`, so what the solver and the
        feasibility check derive from it (area per region, allowed-type patterns, the
        range of the suitability) stays valid and is computed once per problem.

        Parameters
        ----------
        name : str
            Key of the derived value; one name, one meaning.
        compute : callable
            Called without arguments the first time ``name`` is asked for.

        Examples
        --------
        >>> import numpy as np
        >>> from novex.puzzle import Problem
        >>> problem = Problem.from_arrays(np.ones((2, 1)), [0, 0], [[1.0]], [[1.0]])
        >>> problem.derived("answer", lambda: 42)
        42
        >>> problem.derived("answer", lambda: 0)  # kept from the first call
        42
        """
        if name not in self._derived:
            self._derived[name] = compute()
        value: _T = self._derived[name]
        return value

    def region_area(self) -> NDArray[np.float64]:
        """Total area in hectares per region."""

        def compute() -> NDArray[np.float64]:
            w = None if self.cell_area.shape[0] == 1 and self.n_cells != 1 else self.cell_area
            tot = np.bincount(self.region, weights=w, minlength=self.n_regions).astype(np.float64)
            if w is None:
                tot *= self.cell_area[0]
            return tot

        return self.derived("region_area", compute)

    @classmethod
    def from_arrays(
        cls,
        suitability: ArrayLike,
        region: ArrayLike,
        contributions: ArrayLike,
        demand_min: ArrayLike,
        demand_max: ArrayLike | None = None,
        allowed: ArrayLike | None = None,
        cell_area: float | ArrayLike = 1.0,
        *,
        region_names: Sequence[str] | None = None,
        function_names: Sequence[str] | None = None,
        type_names: Sequence[str] | None = None,
        priority: ArrayLike | None = None,
        national: Sequence[NationalClaim] = (),
    ) -> Problem:
        """Build and validate a puzzle from arrays.

        Parameters
        ----------
        suitability : (N, T) array of float
            Value of land-use type t on cell i. float32 input is kept as float32.
        region : (N,) array of int
            Region index 0..R-1 of each cell.
        contributions : (T, F) array of float, >= 0
            Hectares of function f per hectare of type t.
        demand_min : (R, F) array of float, >= 0
            Minimum hectares per (region, function).
        demand_max : (R, F) array of float, optional
            Maximum hectares; ``inf`` means no maximum. Default: none.
        allowed : (N, T) array of bool, optional
            False where a rule forbids type t on cell i. Default: all allowed.
        cell_area : float or (N,) array of float
            Hectares per cell.
        region_names, function_names, type_names : sequence of str, optional
            Names used in messages and tables.
        priority : (R, F) or (F,) array of int, optional
            Higher is served first in elastic mode. Default: all equal.
        national : sequence of NationalClaim, optional
            Claims on the sum of a function over several regions, each with its own
            price in the certificate. Regions sharing one are solved as one coupled
            problem; the split over the regions follows from the optimum.

        Returns
        -------
        Problem

        Raises
        ------
        PuzzleError
            On wrong shapes, non-finite suitability, negative demand, min above max,
            or a cell on which no type is allowed. The message names the bad value.

        Examples
        --------
        >>> import numpy as np
        >>> from novex.puzzle import Problem
        >>> s = np.array([[0.9, 0.1], [0.8, 0.3], [0.2, 0.7]])
        >>> problem = Problem.from_arrays(s, [0, 0, 0], np.eye(2), [[1.0, 2.0]],
        ...                               function_names=["wonen", "natuur"])
        >>> solution = problem.solve()
        >>> solution.assignment.tolist()
        [0, 1, 1]
        >>> round(solution.objective, 6), round(solution.dual_bound, 6)
        (1.9, 1.9)
        """
        s = np.asarray(suitability)
        if s.ndim != 2:
            raise PuzzleError(f"suitability must be 2-D (N, T); got shape {s.shape!r}.")
        if s.dtype not in (np.float32, np.float64):
            if not np.issubdtype(s.dtype, np.number):
                raise PuzzleError(f"suitability must be numeric; got dtype {s.dtype!r}.")
            s = s.astype(np.float64)
        s = np.ascontiguousarray(s)
        n, n_types = s.shape
        if n == 0 or n_types == 0:
            raise PuzzleError(
                f"suitability has shape {s.shape!r}; need at least one cell and type."
            )

        c = np.asarray(contributions, dtype=np.float64)
        if c.ndim != 2 or c.shape[0] != n_types:
            raise PuzzleError(
                f"contributions must have shape (T, F) = ({n_types}, F) to match suitability "
                f"{s.shape!r}; got {c.shape!r}."
            )
        n_func = c.shape[1]
        if not np.all(np.isfinite(c)) or np.any(c < 0):
            t, f = np.argwhere(~(np.isfinite(c) & (c >= 0)))[0]
            raise PuzzleError(
                f"contributions[{t}, {f}] = {float(c[t, f])!r}; contributions must be finite and >= 0."
            )

        lo = np.asarray(demand_min, dtype=np.float64)
        if lo.ndim != 2 or lo.shape[1] != n_func:
            raise PuzzleError(
                f"demand_min must have shape (R, F) with F = {n_func} (from contributions "
                f"{c.shape!r}); got {lo.shape!r}."
            )
        n_reg = lo.shape[0]
        rnames = _names(region_names, n_reg, "region ", "region_names")
        fnames = _names(function_names, n_func, "function ", "function_names")
        tnames = _names(type_names, n_types, "type ", "type_names")

        def claim(r: int, f: int) -> str:
            return f"region {rnames[r]!r}, function {fnames[f]!r}"

        bad = np.argwhere(~np.isfinite(lo) | (lo < 0))
        if bad.size:
            r, f = bad[0]
            raise PuzzleError(
                f"demand_min = {float(lo[r, f])!r} for {claim(r, f)} is invalid; demands must be finite "
                "and >= 0 hectares."
            )
        if demand_max is None:
            hi = np.full_like(lo, np.inf)
        else:
            hi = np.asarray(demand_max, dtype=np.float64)
            if hi.shape != lo.shape:
                raise PuzzleError(
                    f"demand_max has shape {hi.shape!r}; expected {lo.shape!r} like demand_min."
                )
            bad = np.argwhere(np.isnan(hi) | (hi < 0))
            if bad.size:
                r, f = bad[0]
                raise PuzzleError(
                    f"demand_max = {float(hi[r, f])!r} for {claim(r, f)} is invalid; use a value >= 0 "
                    "or inf for no maximum."
                )
            bad = np.argwhere(lo > hi)
            if bad.size:
                r, f = bad[0]
                raise PuzzleError(
                    f"demand_min {float(lo[r, f])!r} exceeds demand_max {float(hi[r, f])!r} for {claim(r, f)}; "
                    "the minimum must not be above the maximum."
                )

        reg = np.asarray(region)
        if reg.shape != (n,):
            raise PuzzleError(
                f"region must have shape ({n},) to match suitability {s.shape!r}; got {reg.shape!r}."
            )
        if not np.issubdtype(reg.dtype, np.integer):
            if reg.size and not np.all(np.equal(np.mod(reg, 1), 0)):
                raise PuzzleError(f"region must hold integer indices; got dtype {reg.dtype!r}.")
        reg = reg.astype(np.int32)
        lo_i, hi_i = int(reg.min()), int(reg.max())
        if lo_i < 0 or hi_i >= n_reg:
            k = int(np.flatnonzero((reg < 0) | (reg >= n_reg))[0])
            raise PuzzleError(
                f"region[{k}] = {int(reg[k])!r} is outside 0..{n_reg - 1} (demand_min has {n_reg} "
                "regions)."
            )

        for start in range(0, n, _FINITE_CHUNK):
            block = s[start : start + _FINITE_CHUNK]
            ok = np.isfinite(block)
            if not ok.all():
                i, t = np.argwhere(~ok)[0]
                raise PuzzleError(
                    f"suitability[{start + i}, {t}] = {float(block[i, t])!r} (cell {start + i}, type "
                    f"{tnames[t]!r}) is not finite; replace NaN/inf by a number or forbid the type "
                    "there with allowed=False."
                )

        alw: NDArray[np.bool_] | None = None
        if allowed is not None:
            alw = np.ascontiguousarray(np.asarray(allowed, dtype=bool))
            if alw.shape != s.shape:
                raise PuzzleError(
                    f"allowed has shape {alw.shape!r}; expected {s.shape!r} like suitability."
                )
            for start in range(0, n, _FINITE_CHUNK):
                none = ~alw[start : start + _FINITE_CHUNK].any(axis=1)
                if none.any():
                    k = start + int(np.flatnonzero(none)[0])
                    raise PuzzleError(
                        f"cell {k} (region {rnames[reg[k]]!r}) has no allowed type; every cell "
                        "needs at least one."
                    )
            if alw.all():
                alw = None

        area = np.asarray(cell_area, dtype=np.float64)
        if area.ndim == 0:
            area = area.reshape(1)
        elif area.shape != (n,):
            raise PuzzleError(f"cell_area must be a scalar or shape ({n},); got {area.shape!r}.")
        bad_a = np.flatnonzero(~np.isfinite(area) | (area < 0))
        if bad_a.size:
            k = int(bad_a[0])
            raise PuzzleError(
                f"cell_area[{k}] = {float(area[k])!r}; areas must be finite and >= 0."
            )
        if area.shape[0] == n and n > 1 and np.all(area == area[0]):
            area = area[:1].copy()

        if priority is None:
            prio = np.zeros((n_reg, n_func), dtype=np.int64)
        else:
            pr = np.asarray(priority)
            if pr.shape == (n_func,):
                pr = np.broadcast_to(pr, (n_reg, n_func))
            if pr.shape != (n_reg, n_func):
                raise PuzzleError(
                    f"priority must have shape ({n_func},) or ({n_reg}, {n_func}); got {pr.shape!r}."
                )
            prio = np.array(pr, dtype=np.int64)

        return cls(
            suitability=s,
            region=reg,
            contributions=c,
            demand_min=lo,
            demand_max=hi,
            allowed=alw,
            cell_area=area,
            priority=prio,
            region_names=rnames,
            function_names=fnames,
            type_names=tnames,
            national=NationalArrays.build(tuple(national), rnames, fnames) if national else None,
        )

    def check_feasibility(self) -> None:
        """Raise :class:`~novex.errors.InfeasibleClaimsError` if the claims cannot all fit.

        Runs the cut test and the aggregated LP check of :mod:`novex.puzzle.engine.feasibility`
        without optimising.
        """
        from novex.puzzle.engine.feasibility import check_feasibility

        check_feasibility(self)

    def solve(
        self,
        *,
        elastic: bool = False,
        gap_tolerance: float = 1e-6,
        backend: str | None = None,
        neighbours: ArrayLike | None = None,
        start_prices: ArrayLike | None = None,
    ) -> Solution:
        """Allocate one type per cell, maximising suitability subject to the claims.

        Parameters
        ----------
        elastic : bool
            If False (default), claims that cannot all be met raise
            :class:`~novex.errors.InfeasibleClaimsError`. If True, claims may fall
            short: shortfall is minimised first, by priority (highest first), then
            suitability is maximised; the shortfall is reported per claim.
        gap_tolerance : float
            Relative gap between the dual bound and the objective that is accepted.
        backend : {"numba", "numpy"}, optional
            Kernel implementation; default from ``NOVEX_PUZZLE_BACKEND`` or numba.
        neighbours : (N, K) int array, optional
            A neighbourhood graph: ``neighbours[i]`` lists cells adjacent to cell i
            (``-1`` for none), e.g. the 4-neighbours on a raster. With it, cells that
            are interchangeable (same region, area, allowed types and suitability) are
            given their types so that neighbours agree (coherent ties); the objective,
            the claims and the certificate stay exactly the same.
        start_prices : (R, F) float array, optional
            Prices to start the search from (e.g. ``solution.prices`` of the same claims
            with a slightly changed suitability): skips the sampled price estimates.
            The certificate does not depend on it.

        Returns
        -------
        Solution
        """
        from novex.puzzle.engine.solve import solve_problem

        nb = None
        if neighbours is not None:
            nb = np.asarray(neighbours)
            if (
                nb.ndim != 2
                or nb.shape[0] != self.n_cells
                or not np.issubdtype(nb.dtype, np.integer)
            ):
                raise PuzzleError(
                    f"neighbours must be an integer array of shape ({self.n_cells}, K); "
                    f"got {nb.dtype} {nb.shape!r}."
                )
            if nb.size and (nb.min() < -1 or nb.max() >= self.n_cells):
                raise PuzzleError(
                    f"neighbours holds cell indices from {int(nb.min())!r} to {int(nb.max())!r}; "
                    f"expected -1 (none) or 0..{self.n_cells - 1}."
                )
            nb = nb.astype(np.int32, copy=False)  # not a second (N, K) copy
        start = None
        if start_prices is not None:
            start = np.asarray(start_prices, dtype=np.float64)
            want = (self.n_regions, self.n_functions)
            if start.shape != want or not np.isfinite(start).all():
                raise PuzzleError(
                    f"start_prices must be finite with shape {want!r}; got shape {start.shape!r}."
                )
        return solve_problem(
            self,
            elastic=elastic,
            gap_tolerance=gap_tolerance,
            backend=backend,
            neighbours=nb,
            start_prices=start,
        )
