"""What-if drafts: one province solved again with a changed claim or weighing principle.

The first what-if of a province assembles its arrays once (:func:`novex.puzzle.assemble.
assemble` for that province; the last few provinces are kept in memory) together with
what the published run says about it: its map on the province's cells and its prices.
A what-if then changes only the claim's demand (an extra claim line on the same
province and function; claims on one pair add up) or the principles switched on, and
solves that one problem, starting the price search from the published prices.

**The scheme.** With ``samenhang`` on, the published run solved round 0 without the
bonus and then ``rounds`` rounds each with the bonus of the map before. A draft goes on
from the published map: one solve with the bonus of the published map (a further round
of the same scheme), so an unchanged draft gives the published map back up to ties, and
costs one solve instead of ``rounds + 1``. ``scheme="full"`` solves the run's whole
scheme again instead. The draft's notes say which.

**The gap.** A draft is solved to a relative gap of at most ``gap_tolerance`` (1e-4 by
default; a published run to 1e-6). On Utrecht at 100 m the engine then stops its
rounding after the first pass, at a gap of about 6e-6 instead of 5e-6, in a third of
the time; the draft's certificate shows the gap it reached, and its notes the tolerance.

>>> import tempfile, pathlib
>>> from novex.results.samples import SAMPLE_SPEC, sample_workspace, write_sample_run
>>> from novex.results import open_run
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> ws = sample_workspace(tmp / "ws")
>>> _ = write_sample_run(ws, tmp / "run")
>>> _ = (tmp / "spec.toml").write_text(SAMPLE_SPEC)
>>> solver = DraftSolver(str(tmp / "spec.toml"), tmp / "ws", open_run(tmp / "run"))
>>> d = solver.solve(Change("NL-UT", "wonen", 10.0), "en")
>>> d.figures["province"], d.figures["draft"], d.figures["saved"]
('NL-UT', True, False)
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import NovexError

__all__ = ["SWITCHABLE", "Change", "Draft", "DraftSolver", "WhatIfInputError"]

log = logging.getLogger(__name__)

SWITCHABLE = ("combinaties", "identiteit", "afwenteling", "samenhang")
"""The principles a what-if may switch: the three NOVI weighing principles and samenhang."""


PUBLISHED_GAP = 1e-6
"""The gap tolerance a published run is solved to (the engine's default)."""


class WhatIfInputError(NovexError, ValueError):
    """A what-if names a function or principle the run does not have (HTTP 422)."""


@dataclass(frozen=True)
class Change:
    """A what-if: ``add_ha`` more (or, negative, fewer) hectares for ``function`` in
    ``province`` and principles switched on (True) or off (False)."""

    province: str
    function: str | None = None
    add_ha: float = 0.0
    principles: Mapping[str, bool] = field(default_factory=dict)


@dataclass
class _Prepared:
    """One province assembled, with what the published run says about it."""

    asm: Any
    code: str
    neighbours: NDArray[np.int32]
    published: NDArray[np.int64] | None
    prices: NDArray[np.float64] | None
    window: tuple[int, int, int, int]


@dataclass
class Draft:
    """A solved what-if: its figures (the API's answer) and its map on the province's
    window of the grid (type value per cell, 0 outside; 1 where it differs from the
    published map)."""

    figures: dict[str, Any]
    allocation: NDArray[np.uint8]
    changes: NDArray[np.uint8]
    transform: Any
    crs: str
    recipe: dict[str, Any] = field(default_factory=dict)
    """What :meth:`DraftSolver.run_of` needs to write the draft as a run: the change,
    the principles on, the assignment (type index per province cell), the prices and
    the certificate."""


class DraftSolver:
    """Solves what-if drafts of a published run; keeps the last ``keep`` provinces
    assembled.

    Parameters
    ----------
    spec : str
        The run's puzzle spec (a TOML path or ``"demo"``).
    workspace : path
        The run's workspace.
    run : novex.results run, optional
        The published run (its map and prices); without it a draft solves the spec's
        whole scheme from scratch.
    scheme : {"continue", "full"}
        How a draft treats ``samenhang`` (see the module's docstring).
    keep : int
        Provinces kept assembled in memory.
    gap_tolerance : float
        The relative gap a draft's solve may stop at.
    """

    def __init__(
        self,
        spec: str,
        workspace: Path,
        run: Any = None,
        *,
        scheme: str = "continue",
        keep: int = 2,
        gap_tolerance: float = 1e-4,
    ) -> None:
        if scheme not in ("continue", "full"):
            raise WhatIfInputError(f"Unknown what-if scheme {scheme!r}; use 'continue' or 'full'.")
        self.spec_ref = spec
        self.workspace_path = workspace
        self.run = run
        self.scheme = scheme
        self.keep = keep
        self.gap_tolerance = gap_tolerance
        self._lock = threading.Lock()
        self._prepared: OrderedDict[tuple[str, frozenset[str]], _Prepared] = OrderedDict()
        self._spec: Any = None
        self._workspace: Any = None
        self._published_map: NDArray[np.uint8] | None = None

    # -- set-up -------------------------------------------------------------------------
    def _base(self) -> tuple[Any, Any]:
        if self._spec is None:
            from novex.layers import Workspace
            from novex.puzzle.spec import load_spec

            self._workspace = Workspace.open(self.workspace_path)
            self._spec = load_spec(self.spec_ref)
        return self._spec, self._workspace

    def _spec_with(self, extra_on: frozenset[str]) -> Any:
        """The spec with the principles in ``extra_on`` switched on (their terms are
        only assembled when on)."""
        spec, _ = self._base()
        if not extra_on:
            return spec
        p = spec.principles
        update = {k: getattr(p, k).model_copy(update={"enabled": True}) for k in extra_on}
        return spec.model_copy(update={"principles": p.model_copy(update=update)})

    def prepare(self, code: str, extra_on: frozenset[str] = frozenset()) -> _Prepared:
        """Province ``code`` assembled (cached), with the published map and prices."""
        key = (code, extra_on)
        with self._lock:
            hit = self._prepared.get(key)
            if hit is not None:
                self._prepared.move_to_end(key)
                return hit
        from novex.puzzle.assemble import assemble
        from novex.puzzle.coherence import grid_neighbours

        t0 = time.perf_counter()
        _, ws = self._base()
        asm = assemble(ws, self._spec_with(extra_on), code)
        code = next(iter(asm.parts))
        part = asm.parts[code]
        shape = (int(ws.grid.shape[0]), int(ws.grid.shape[1]))
        rows, cols = np.divmod(part.cells, shape[1])
        window = (int(rows.min()), int(rows.max()) + 1, int(cols.min()), int(cols.max()) + 1)
        prep = _Prepared(
            asm=asm,
            code=code,
            neighbours=grid_neighbours(part.cells, shape),
            published=self._published_assignment(asm, code),
            prices=self._published_prices(asm, code),
            window=window,
        )
        log.info("what-if: %s assembled in %.1f s", code, time.perf_counter() - t0)
        with self._lock:
            self._prepared[key] = prep
            while len(self._prepared) > self.keep:
                self._prepared.popitem(last=False)
        return prep

    def _published_assignment(self, asm: Any, code: str) -> NDArray[np.int64] | None:
        """The published map on the province's cells as type indices (None when the
        run's types are not the assembly's, or a cell has no type)."""
        if self.run is None:
            return None
        if [t.id for t in self.run.manifest.types] != asm.type_ids:
            log.warning("what-if: the run's types differ from the spec's; no published map")
            return None
        if self._published_map is None:
            import rasterio

            with rasterio.open(self.run.path / "allocation.tif") as src:
                self._published_map = src.read(1).reshape(-1)
        values = self._published_map[asm.parts[code].cells].astype(np.int64)
        return None if (values == 0).any() else values - 1

    def _published_prices(self, asm: Any, code: str) -> NDArray[np.float64] | None:
        if self.run is None:
            return None
        prices = np.zeros((1, len(asm.functions)))
        for c in self.run.claims(province=code):
            if c.function in asm.functions and c.price is not None:
                prices[0, asm.functions.index(c.function)] = c.price
        return prices

    # -- a draft ------------------------------------------------------------------------
    def solve(self, change: Change, lang: str = "nl") -> Draft:
        """Solve the draft of ``change``; see the module's docstring."""
        spec, ws = self._base()
        bad = sorted(set(change.principles) - set(SWITCHABLE))
        if bad:
            raise WhatIfInputError(
                f"Unknown principle(s) {bad!r}; a what-if may switch {list(SWITCHABLE)!r}."
            )
        published_on = {k: bool(getattr(spec.principles, k).enabled) for k in SWITCHABLE}
        on = {**published_on, **{k: bool(v) for k, v in change.principles.items()}}
        extra_on = frozenset(k for k in SWITCHABLE[:3] if on[k] and not published_on[k])
        t0 = time.perf_counter()
        prep = self.prepare(change.province, extra_on)
        t_prepare = time.perf_counter() - t0
        part = prep.asm.parts[prep.code]
        asm = self._changed(prep, change)
        t1 = time.perf_counter()
        sol, scheme = self._solve(prep, asm, frozenset(k for k in SWITCHABLE[:3] if on[k]),
                                  on["samenhang"])  # fmt: skip
        t_solve = time.perf_counter() - t1
        assign = np.asarray(sol.assignment).astype(np.int64)
        figures = self._figures(prep, asm, sol, assign, on, published_on, scheme, lang)
        figures["timings"] = {"prepare": round(t_prepare, 3), "solve": round(t_solve, 3)}
        r0, r1, c0, c1 = prep.window
        shape = ws.grid.shape
        rows, cols = np.divmod(part.cells, int(shape[1]))
        allocation = np.zeros((r1 - r0, c1 - c0), np.uint8)
        allocation[rows - r0, cols - c0] = (assign + 1).astype(np.uint8)
        changes = np.zeros_like(allocation)
        if prep.published is not None:
            changes[rows - r0, cols - c0] = (assign != prep.published).astype(np.uint8)
        from affine import Affine

        transform = ws.grid.transform * Affine.translation(c0, r0)
        recipe = {"change": change, "on": on, "assign": assign.astype(np.uint8),
                  "prices": np.asarray(sol.prices, dtype=np.float64),
                  "status": sol.status, "objective": float(sol.objective),
                  "dual_bound": float(sol.dual_bound), "gap": float(sol.gap),
                  "passes": float(sol.passes), "solve": t_solve}  # fmt: skip
        return Draft(figures, allocation, changes, transform, str(ws.grid.crs), recipe)

    def _changed(self, prep: _Prepared, change: Change) -> Any:
        """The assembly of ``prep`` with the claim line of ``change`` added."""
        from novex.puzzle.claims import ClaimLine

        asm, code = prep.asm, prep.code
        part = asm.parts[code]
        if change.function is None and change.add_ha != 0.0:
            raise WhatIfInputError(
                f"A change of {change.add_ha!r} ha needs the function it is for; give "
                f"'function', one of {list(prep.asm.functions)!r}."
            )
        if change.function is not None and change.add_ha != 0.0:
            if change.function not in asm.functions:
                raise WhatIfInputError(
                    f"Unknown function {change.function!r}; the run's functions are "
                    f"{list(asm.functions)!r}."
                )
            lo, _, _ = asm.demand(code, share_bounds=False)
            now = float(lo[0, asm.functions.index(change.function)])
            add = max(float(change.add_ha), -now)  # a claim does not go below zero
            # the claim's minimum and (when it has one) maximum move by ``add``
            capped = any(c.function == change.function and np.isfinite(c.max) for c in part.claims)
            line = ClaimLine(code, change.function, add, add if capped else np.inf, 99,
                             "what-if", "what-if", "assumption")  # fmt: skip
            asm = replace(
                asm, parts={**asm.parts, code: replace(part, claims=[*part.claims, line])}
            )
        return asm

    def run_of(self, draft: Draft, name: str) -> Any:
        """The draft as a one-province :class:`novex.puzzle.runs.PuzzleRun` named
        ``name`` (its claims table is the draft's; write it with ``.write(folder)``)."""
        from novex.puzzle.engine.solution import SolveStatus
        from novex.puzzle.runner import finish_run
        from novex.puzzle.runs import ProvinceRun, PuzzleRun
        from novex.puzzle.tables import rule_rows

        r = draft.recipe
        on, change = r["on"], r["change"]
        spec, ws = self._base()
        extra_on = frozenset(k for k in SWITCHABLE[:3] if on[k] and not
                             bool(getattr(spec.principles, k).enabled))  # fmt: skip
        prep = self.prepare(change.province, extra_on)
        code = prep.code
        p = spec.principles
        principles = p.model_copy(update={k: getattr(p, k).model_copy(update={"enabled": on[k]})
                                          for k in SWITCHABLE})  # fmt: skip
        puzzle = spec.puzzle.model_copy(update={"name": name})
        draft_spec = spec.model_copy(update={"principles": principles, "puzzle": puzzle})
        asm = replace(self._changed(prep, change), spec=draft_spec)
        elastic = bool(self.run.manifest.elastic) if self.run is not None else True
        assign = np.asarray(r["assign"]).astype(np.int64)
        run = ProvinceRun(province=asm.parts[code].province, status=SolveStatus(r["status"]),
                          elastic=elastic, objective=r["objective"], dual_bound=r["dual_bound"],
                          gap=r["gap"], passes=r["passes"], rules=rule_rows(asm, code),
                          timings={"solve": r["solve"]})  # fmt: skip

        def no_comparison(_: frozenset[str]) -> NDArray[np.integer]:
            raise AssertionError("a draft's run compares no principles")  # pragma: no cover

        finish_run(asm, code, run, assign, r["prices"], no_comparison, False)
        allocation = np.zeros(ws.grid.shape, dtype=np.uint8)
        allocation.reshape(-1)[asm.parts[code].cells] = (assign + 1).astype(np.uint8)
        return PuzzleRun(spec=draft_spec, workspace=ws, types=asm.types, functions=asm.functions,
                         allocation=allocation, provinces=[run], national=[], elastic=elastic,
                         timings={"solve": r["solve"]})  # fmt: skip

    def _solve(self, prep: _Prepared, asm: Any, on: frozenset[str], coherence: bool) -> Any:
        from novex.puzzle.principles import neighbour_bonus

        code = prep.code
        coh = self._spec_with(frozenset()).principles.samenhang
        elastic = bool(self.run.manifest.elastic) if self.run is not None else True
        problem = asm.problem(code, on)
        start = prep.prices
        cells = asm.parts[code].cells
        shape = (int(asm.workspace.grid.shape[0]), int(asm.workspace.grid.shape[1]))
        new = np.array([t.keep is None for t in asm.types])

        def with_bonus(assignment: NDArray[np.integer]) -> Any:
            s = asm.suitability(code, on)
            neighbour_bonus(s, np.asarray(assignment), cells, shape, new, coh.weight, coh.radius)
            return replace(problem, suitability=s)

        def solve(p: Any, prices: Any) -> Any:
            return p.solve(elastic=elastic, neighbours=prep.neighbours, start_prices=prices,
                           gap_tolerance=self.gap_tolerance)  # fmt: skip

        if not coherence:
            return solve(problem, start), "plain"
        if self.scheme == "continue" and prep.published is not None:
            return solve(with_bonus(prep.published), start), "continue"
        sol = solve(problem, start)
        for _ in range(coh.rounds):
            sol = solve(with_bonus(sol.assignment), np.asarray(sol.prices))
        return sol, "full"

    def _figures(
        self,
        prep: _Prepared,
        asm: Any,
        sol: Any,
        assign: NDArray[np.int64],
        on: dict[str, bool],
        published_on: dict[str, bool],
        scheme: str,
        lang: str,
    ) -> dict[str, Any]:
        from novex.puzzle.tables import claim_rows, rule_rows
        from novex.text import gettext, status_label

        code = prep.code
        totals = asm.contributions[assign].sum(axis=0) * asm.cell_area
        rows = claim_rows(asm, code, totals, np.asarray(sol.prices), rule_rows(asm, code), True)
        before = {c.function: c for c in self.run.claims(province=code)} if self.run else {}
        claims = []
        for row in rows:
            pub = before.get(row["function"])
            claims.append(
                {"function": row["function"], "demand_min": row["demand_min"],
                 "allocated": row["allocated"], "shortfall": row["shortfall"],
                 "price": row["price"],
                 "published_demand_min": pub.demand_min if pub else None,
                 "published_allocated": pub.allocated if pub else None,
                 "published_price": pub.price if pub else None}
            )  # fmt: skip
        notes = []
        coh = self._spec_with(frozenset()).principles.samenhang
        if scheme == "continue":
            notes.append(gettext(
                "Samenhang: the bonus is taken from the published map and solved once; the "
                "published run solved {rounds} rounds from a map without it.",
                lang, rounds=coh.rounds))  # fmt: skip
        elif scheme == "full" and on["samenhang"]:
            notes.append(gettext("Samenhang: solved in {rounds} rounds, as the published run.",
                                 lang, rounds=coh.rounds))  # fmt: skip
        if self.gap_tolerance > PUBLISHED_GAP:
            notes.append(gettext(
                "Solved to a gap of at most {tol} (a published run: {published}); the "
                "certificate shows the gap reached.", lang,
                tol=f"{self.gap_tolerance:.0e}", published=f"{PUBLISHED_GAP:.0e}"))  # fmt: skip
        for key in SWITCHABLE:
            if on[key] != published_on[key]:
                msg = (
                    "Principle {name} switched on." if on[key] else "Principle {name} switched off."
                )
                notes.append(gettext(msg, lang, name=key))
        changed = None
        if prep.published is not None:
            changed = float((assign != prep.published).sum() * asm.cell_area)
        status = str(getattr(sol.status, "value", sol.status))
        return {
            "draft": True,
            "saved": False,
            "province": code,
            "status": status,
            "status_label": status_label(status, lang),
            "objective": float(sol.objective),
            "dual_bound": float(sol.dual_bound),
            "gap": float(sol.gap),
            "short": {c["function"]: c["shortfall"] for c in claims if c["shortfall"] > 1e-6},
            "claims": claims,
            "principles": on,
            "scheme": scheme,
            "changed_ha": changed,
            "notes": notes,
        }
