"""Proof that claims cannot all fit, before any optimisation.

Cut test (Hall-type). For a region r and a set S of minimum claims, a cell i of type t
gives ``a_i * sum_{f in S} C[t, f]`` hectares to the claims in S, so every allocation
gives S at most ``sum_i a_i * w_S(i)`` with ``w_S(i) = max_{t allowed on i} sum_{f in S}
C[t, f]``. If ``sum_{f in S} L[r, f]`` exceeds that, the claims in S cannot all be met.
For single-function types (C = identity) this is Hall's condition: the claims in S
need more hectares than there are cells allowing at least one function of S.

Cells with the same allowed-type pattern are interchangeable for feasibility, so the
exact LP feasibility of a region is a small LP over (pattern, type) areas. It catches
conflicts the cut test cannot see (maximum claims, multifunctional types).
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import InfeasibleClaimsError
from novex.puzzle.engine.kernels import pattern_codes, resolve_backend
from novex.puzzle.engine.restricted import solve_pairs

if TYPE_CHECKING:
    from novex.puzzle.engine.problem import Problem

__all__ = [
    "Patterns",
    "check_feasibility",
    "cut_conflicts",
    "lp_conflicts",
    "national_shortfall",
    "type_patterns",
]

logger = logging.getLogger(__name__)

_CHUNK = 1 << 18
_EXACT_CUT_WORK = 50_000_000
_LP_PAIR_LIMIT = 50_000
"""Pattern LPs larger than this (pairs per region) are skipped: with many distinct allowed
patterns (e.g. T = 30 with independent rules) HiGHS needs seconds per region for a check
the price search repeats anyway (it raises when a restricted LP needs slack)."""
_REL_TOL = 1e-9
_DENSE_CODES = 1 << 22
"""Up to this many possible (region, pattern) codes, patterns are counted by bincount."""


@dataclass
class Patterns:
    """Area per (region, allowed-type pattern)."""

    region: NDArray[np.int64]
    allowed: NDArray[np.bool_]
    area: NDArray[np.float64]

    def of_region(self, r: int) -> tuple[NDArray[np.bool_], NDArray[np.float64]]:
        sel = self.region == r
        return self.allowed[sel], self.area[sel]


def type_patterns(problem: Problem) -> Patterns:
    """Group cells by (region, allowed types); one pass over ``allowed``, once per problem."""
    return problem.derived("patterns", lambda: _type_patterns(problem))


def _type_patterns(problem: Problem) -> Patterns:
    n_reg, n_types = problem.n_regions, problem.n_types
    if problem.allowed is None:
        out = Patterns(
            np.arange(n_reg, dtype=np.int64),
            np.ones((n_reg, n_types), dtype=bool),
            problem.region_area().copy(),
        )
    elif n_types + max(1, int(n_reg - 1).bit_length()) <= 62:
        out = _patterns_by_code(problem)
    else:
        # more types and regions than one int64 code holds: byte keys, chunk by chunk
        keys: list[Any] = []
        areas: list[Any] = []
        n = problem.n_cells
        for start in range(0, n, _CHUNK):
            sl = slice(start, min(n, start + _CHUNK))
            packed = np.packbits(problem.allowed[sl], axis=1)
            reg = problem.region[sl]
            raw = np.concatenate([reg.astype(">u4").view(np.uint8).reshape(-1, 4), packed], 1)
            code = np.ascontiguousarray(raw).view(np.dtype((np.void, raw.shape[1]))).ravel()
            uniq, inv = np.unique(code, return_inverse=True)
            a = problem.area_of(np.arange(sl.start, sl.stop))
            keys.append(uniq)
            areas.append(np.bincount(inv.ravel(), weights=a, minlength=uniq.shape[0]))
        uniq, inv = np.unique(np.concatenate(keys), return_inverse=True)
        tot = np.bincount(inv.ravel(), weights=np.concatenate(areas), minlength=uniq.shape[0])
        raw = uniq.view(np.uint8).reshape(uniq.shape[0], -1)
        reg_u = raw[:, :4].copy().view(">u4").ravel().astype(np.int64)
        bits = raw[:, 4:]
        alw = np.unpackbits(bits, axis=1)[:, :n_types].astype(bool)
        out = Patterns(reg_u, alw, tot.astype(np.float64))
    return out


def _patterns_by_code(problem: Problem) -> Patterns:
    """Patterns from one integer code per cell (region and allowed bits): a fused pass,
    then a bincount over all possible codes when there are few, else a sort."""
    n_reg, n_types = problem.n_regions, problem.n_types
    assert problem.allowed is not None
    codes = pattern_codes(problem.allowed, problem.region, resolve_backend(None))
    scalar = problem.cell_area.shape[0] == 1 and problem.n_cells != 1
    weights = None if scalar else problem.cell_area
    if (n_reg << n_types) <= _DENSE_CODES:
        count = np.bincount(codes, minlength=n_reg << n_types)
        uniq = np.flatnonzero(count).astype(np.int64)
        per_code = count if scalar else np.bincount(codes, weights, minlength=n_reg << n_types)
        tot = per_code[uniq].astype(np.float64)
    else:
        # a radix sort of the integer codes (numpy's stable sort), then one sum per run
        order = np.argsort(codes, kind="stable")
        ordered = codes[order]
        first = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        uniq = ordered[first]
        del ordered
        if weights is None:  # cells per run
            tot = np.diff(first, append=order.shape[0]).astype(np.float64)
        else:
            tot = np.add.reduceat(weights[order], first).astype(np.float64)
        del order
    if scalar:
        tot *= float(problem.cell_area[0])
    del codes
    reg_u = uniq >> np.int64(n_types)
    alw = ((uniq[:, None] >> np.arange(n_types, dtype=np.int64)[None, :]) & 1).astype(bool)
    return Patterns(reg_u.astype(np.int64), alw, np.asarray(tot, dtype=np.float64))


def _fmt(ha: float) -> str:
    return f"{ha:,.0f}" if abs(ha) >= 100 else f"{ha:,.1f}"


def cut_conflicts(problem: Problem) -> list[dict[str, Any]]:
    """Smallest violated cut per region (empty list when every cut holds)."""
    pats = type_patterns(problem)
    c = problem.contributions
    n_types, n_func = c.shape
    support = c > 0
    conflicts: list[dict[str, Any]] = []
    for r in range(problem.n_regions):
        lo = problem.demand_min[r]
        funcs = [f for f in range(n_func) if lo[f] > 0]
        if not funcs:
            continue
        alw, area = pats.of_region(r)
        exact = alw.shape[0] * n_types * (1 << min(len(funcs), 20)) <= _EXACT_CUT_WORK
        if not exact:
            # group by the set of functions reachable on the cell: a valid, looser bound
            fm = np.zeros(alw.shape[0], dtype=np.int64)
            for t in range(n_types):
                sup = int((support[t] * (1 << np.arange(n_func))).sum())
                fm |= np.where(alw[:, t], sup, 0)
            masks, inv = np.unique(fm, return_inverse=True)
            area = np.bincount(inv.ravel(), weights=area).astype(np.float64)
            tsup = (support * (1 << np.arange(n_func))).sum(axis=1)
            alw = (tsup[None, :] & ~masks[:, None]) == 0
        if len(funcs) <= 16:
            subsets = [
                list(sub)
                for k in range(1, len(funcs) + 1)
                for sub in itertools.combinations(funcs, k)
            ]
        else:
            subsets = [[f] for f in funcs] + [list(p) for p in itertools.combinations(funcs, 2)]
            subsets.append(funcs)
        best: dict[str, Any] | None = None
        for sub in subsets:
            need = float(lo[sub].sum())
            w = np.where(alw, c[:, sub].sum(axis=1)[None, :], 0.0).max(axis=1)
            avail = float(area @ w)
            if need > avail * (1 + _REL_TOL) + 1e-9:
                cand = {
                    "region": problem.region_names[r],
                    "region_index": r,
                    "functions": [problem.function_names[f] for f in sub],
                    "function_indices": list(sub),
                    "needed_ha": need,
                    "available_ha": avail,
                    "missing_ha": need - avail,
                    "kind": "cut",
                }
                if (
                    best is None
                    or len(sub) < len(best["functions"])
                    or (len(sub) == len(best["functions"]) and need - avail > best["missing_ha"])
                ):
                    best = cand
        if best is not None:
            conflicts.append(best)
    return conflicts


def lp_conflicts(problem: Problem) -> list[dict[str, Any]]:
    """Regions whose aggregated LP needs slack: the claims that fall short or overflow."""
    pats = type_patterns(problem)
    c = problem.contributions
    conflicts: list[dict[str, Any]] = []
    for r in range(problem.n_regions):
        alw, area = pats.of_region(r)
        loc, typ = np.nonzero(alw)
        if loc.shape[0] > _LP_PAIR_LIMIT:
            logger.info(
                "region %d: %d pattern pairs, LP feasibility check skipped", r, loc.shape[0]
            )
            continue
        lo = problem.demand_min[r]
        hi = problem.demand_max[r]
        if not np.any(lo > 0) and not np.any(np.isfinite(hi)):
            continue
        out = solve_pairs(
            loc.astype(np.int64),
            typ.astype(np.int64),
            area,
            np.zeros(loc.shape[0]),
            c,
            lo,
            hi,
            penalty=1.0,
        )
        scale = max(1.0, float(area.sum()))
        if out.slack <= _REL_TOL * scale + 1e-7:
            continue
        short = np.flatnonzero(out.short > 1e-7 * scale)
        over = np.flatnonzero(out.excess > 1e-7 * scale)
        funcs = sorted(set(short.tolist()) | set(over.tolist()))
        conflicts.append(
            {
                "region": problem.region_names[r],
                "region_index": r,
                "functions": [problem.function_names[f] for f in funcs],
                "function_indices": funcs,
                "needed_ha": float(lo[short].sum()),
                "available_ha": float(lo[short].sum() - out.short[short].sum()),
                "missing_ha": float(out.slack),
                "short_ha": {problem.function_names[f]: float(out.short[f]) for f in short},
                "excess_ha": {problem.function_names[f]: float(out.excess[f]) for f in over},
                "kind": "lp",
            }
        )
    return conflicts


def describe(problem: Problem, conf: dict[str, Any]) -> str:
    """One line naming the conflicting claims with their hectares."""
    r = conf["region_index"]
    if conf["kind"] == "cut":
        terms = " + ".join(
            f"{problem.function_names[f]} {_fmt(problem.demand_min[r, f])} ha"
            for f in conf["function_indices"]
        )
        verb = "needs" if len(conf["function_indices"]) == 1 else "need"
        return (
            f"{conf['region']}: {terms} {verb} {_fmt(conf['needed_ha'])} ha where "
            f"{'it is' if verb == 'needs' else 'they are'} allowed; only "
            f"{_fmt(conf['available_ha'])} ha exist"
        )
    bits = [
        f"{name} min {_fmt(problem.demand_min[r, problem.function_names.index(name)])} ha "
        f"({_fmt(v)} ha short)"
        for name, v in conf["short_ha"].items()
    ] + [
        f"{name} max {_fmt(problem.demand_max[r, problem.function_names.index(name)])} ha "
        f"({_fmt(v)} ha over)"
        for name, v in conf["excess_ha"].items()
    ]
    return (
        f"{conf['region']}: the claims {', '.join(bits)} cannot all hold together; at least "
        f"{_fmt(conf['missing_ha'])} ha of claims cannot be met"
    )


def check_feasibility(problem: Problem) -> None:
    """Raise :class:`InfeasibleClaimsError` naming the conflicting claims, if any.

    First the cut test (smallest violated set of minimum claims per region), then, if
    every cut holds, the exact LP feasibility per region on aggregated patterns.
    """
    conflicts = cut_conflicts(problem)
    if not conflicts:
        conflicts = lp_conflicts(problem)
    if not conflicts and problem.national is not None:
        nat = problem.national
        short, over = national_shortfall(problem, problem.demand_min, problem.demand_max)
        if short is not None and np.any(short + over > 1e-7 * np.maximum(1.0, nat.lower)):
            lines = []
            for k in np.flatnonzero(short + over > 1e-7 * np.maximum(1.0, nat.lower)):
                fname = problem.function_names[nat.function[k]]
                if short[k] > over[k]:
                    lines.append(
                        f"national claim {nat.names[k]!r} ({fname} min {_fmt(nat.lower[k])} ha "
                        f"over {int(nat.member[k].sum())} regions) is {_fmt(short[k])} ha short: "
                        f"at most {_fmt(nat.lower[k] - short[k])} ha fit with the regional claims"
                    )
                else:
                    lines.append(
                        f"national claim {nat.names[k]!r} ({fname} max {_fmt(nat.upper[k])} ha) "
                        f"is {_fmt(over[k])} ha over: the regional claims need at least "
                        f"{_fmt(nat.upper[k] + over[k])} ha"
                    )
                conflicts.append(
                    {
                        "national": nat.names[k],
                        "function": fname,
                        "short_ha": float(short[k]),
                        "excess_ha": float(over[k]),
                        "kind": "national",
                    }
                )
            raise InfeasibleClaimsError(
                "The claims do not fit. " + "; ".join(lines) + ". Lower the national claim, "
                "allow more types where it is needed, or solve with elastic=True to see the "
                "shortfall.",
                conflicts=conflicts,
            )
    if conflicts:
        lines = [describe(problem, conf) for conf in conflicts]
        raise InfeasibleClaimsError(
            "The claims do not fit. " + "; ".join(lines) + ". Lower these claims, allow more "
            "types where they are needed, or solve with elastic=True to see the shortfall.",
            conflicts=conflicts,
        )


def national_shortfall(
    problem: Problem, lower: NDArray[np.float64], upper: NDArray[np.float64]
) -> tuple[NDArray[np.float64] | None, NDArray[np.float64]]:
    """Least hectares by which each national claim is missed, with the regional claims
    ``lower``/``upper`` met: one coupled LP on the (region, pattern) areas.

    Returns ``(short, excess)`` per national claim, or ``(None, zeros)`` when a region
    has too many patterns for the check (the price search then finds the conflict).
    """
    from novex.puzzle.engine.national import CoupledBlock, solve_coupled

    nat = problem.national
    assert nat is not None
    pats = type_patterns(problem)
    blocks = []
    for r in range(problem.n_regions):
        alw, area = pats.of_region(r)
        loc, typ = np.nonzero(alw)
        if loc.shape[0] > _LP_PAIR_LIMIT:
            return None, np.zeros(nat.n)
        blocks.append(
            CoupledBlock(
                loc.astype(np.int64),
                typ.astype(np.int64),
                area,
                np.zeros(loc.shape[0]),
                np.ones(area.shape[0]),
            )
        )
    # patterns are given in area: the pattern rows sum to 1 (a share of the area)
    out = solve_coupled(
        blocks,
        problem.contributions,
        lower,
        upper,
        nat.function,
        nat.member,
        nat.lower,
        nat.upper,
        penalty=1.0,
        national_slack_only=True,
    )
    if out.status != "optimal":
        return None, np.zeros(nat.n)
    return out.national_short, out.national_excess
