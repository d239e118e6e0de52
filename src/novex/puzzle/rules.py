"""Hard rules over layers: where a condition holds, types are forbidden.

A rule (``[[rules]]`` in the spec) reads one layer, tests ``layer op value`` per cell
and forbids the types it names there: every type that contributes more than
``min_contribution`` ha/ha to one of its ``functions``, plus its ``types``. Keep types
are never forbidden, so a cell may always keep its current use. The rules of the demo
spec are the water en bodem sturend rules (Kamerbrief 25 Nov 2022), each with its
source and status.

Besides the allowed mask, :class:`RuleMasks` reports the hectares each rule excludes
per function: the area where the rule holds, where the transitions allowed a type
serving the function, and where the rule alone leaves no such type. The ``net`` line
per function is the area where the function was possible before the rules and is not
after all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.spec import PuzzleSpec, RuleSpec, TypeDef

__all__ = ["RuleMasks", "condition", "evaluate_rules", "forbidden_types"]


def condition(rule: RuleSpec, values: NDArray[Any]) -> NDArray[np.bool_]:
    """Where ``values op rule.value`` holds; NaN never matches.

    >>> import numpy as np
    >>> from novex.puzzle.spec import RuleSpec
    >>> r = RuleSpec(id="diep", layer="elevation", op="lt", value=-4.0, functions=("wonen",))
    >>> condition(r, np.array([-5.0, -4.0, np.nan])).tolist()
    [True, False, False]
    """
    x = np.asarray(values)
    if rule.op == "in":
        assert isinstance(rule.value, tuple)
        return np.isin(x, np.asarray(rule.value, dtype=x.dtype if x.dtype.kind == "f" else float))
    v = float(rule.value)  # type: ignore[arg-type]
    with np.errstate(invalid="ignore"):
        match rule.op:
            case "eq":
                out = x == v
            case "ne":
                out = (x != v) & ~np.isnan(x) if x.dtype.kind == "f" else x != v
            case "lt":
                out = x < v
            case "le":
                out = x <= v
            case "gt":
                out = x > v
            case _:  # "ge"
                out = x >= v
    return np.asarray(out, dtype=bool)


def forbidden_types(
    rule: RuleSpec, types: list[TypeDef], functions: tuple[str, ...], contrib: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """(T,) True for each type the rule forbids (never a keep type)."""
    out = np.zeros(len(types), dtype=bool)
    for f in rule.functions:
        out |= contrib[:, functions.index(f)] > rule.min_contribution
    ids = [t.id for t in types]
    for t in rule.types:
        out[ids.index(t)] = True
    out &= np.array([t.keep is None for t in types])
    return out


@dataclass
class RuleMasks:
    """The enabled rules of one province: masks, forbidden types and excluded hectares."""

    rules: list[RuleSpec]
    masks: list[NDArray[np.bool_]]
    forbidden: list[NDArray[np.bool_]]
    functions: tuple[str, ...]
    excluded_ha: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0)))
    """(rules, functions) hectares."""
    matched_ha: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    net_ha: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def apply(self, allowed: NDArray[np.bool_]) -> None:
        """Set ``allowed[i, t] = False`` where a rule forbids type t on cell i.

        With few rules, each cell's set of holding rules is a small code and the types
        they forbid a row of a table of codes: one gather over the (N, T) array instead
        of a strided pass per rule and forbidden type.
        """
        if not self.masks:
            return
        if len(self.masks) > _CODE_RULES:
            for mask, forb in zip(self.masks, self.forbidden, strict=True):
                if mask.any():
                    for t in np.flatnonzero(forb):
                        allowed[:, t] &= ~mask
            return
        code, table = self._codes
        allowed &= ~table[code]

    def allowed(self, trans: NDArray[np.bool_], current: NDArray[np.integer]) -> NDArray[np.bool_]:
        """The (N, T) pairs ``trans[current]`` with the rules applied (:meth:`apply`), as
        one gather from a table of (class, rule code) rows."""
        if not self.masks or len(self.masks) > _CODE_RULES:
            allowed = trans[current]  # a new array (fancy indexing copies)
            self.apply(allowed)
            return allowed
        code, table = self._codes
        rows = (trans[:, None, :] & ~table[None, :, :]).reshape(-1, trans.shape[1])
        return rows[current.astype(np.intp) * table.shape[0] + code]

    @cached_property
    def _codes(self) -> tuple[NDArray[np.int16], NDArray[np.bool_]]:
        """Each cell's code (bit k: rule k holds) and the (codes, T) types each code forbids.

        Computed once: :meth:`allowed` and :meth:`finish` both use them (at least one mask).
        """
        code = np.zeros(self.masks[0].shape[0], dtype=np.int16)
        table = np.zeros((1 << len(self.masks), self.forbidden[0].shape[0]), dtype=bool)
        rows = np.arange(table.shape[0])
        for k, (mask, forb) in enumerate(zip(self.masks, self.forbidden, strict=True)):
            code |= mask.astype(np.int16) << k
            table[(rows >> k) & 1 == 1] |= forb
        return code, table

    def finish(
        self,
        trans: NDArray[np.bool_],
        current: NDArray[np.integer],
        contrib: NDArray[np.float64],
        cell_area: float,
    ) -> None:
        """Compute the hectares excluded per rule and function (see the module text).

        ``trans`` are the (classes, T) transitions and ``current`` the class of each
        cell: the pairs allowed before the rules are ``trans[current]``, after them
        the same with :meth:`apply`.
        """
        nr, nf = len(self.rules), len(self.functions)
        self.excluded_ha = np.zeros((nr, nf))
        self.matched_ha = np.zeros(nr)
        self.net_ha = np.zeros(nf)
        serves = contrib > 0  # (T, F)
        nt = trans.shape[1]
        if nt > 64 or len(self.masks) > _CODE_RULES:
            allowed_before = trans[current]
            allowed_after = allowed_before.copy()
            self.apply(allowed_after)
            self._finish_rows(allowed_after, allowed_before, serves, cell_area)
            return
        # each cell's allowed types as the bits of one integer: "a type serving f is
        # allowed" is then a test of the bits of f's types
        before = _pack(trans)[current]
        if self.masks:
            code, table = self._codes
            after = before & ~_pack(table)[code]
        else:
            after = before
        bits = _pack(serves.T)  # (F,) the types serving each function
        for k, (mask, forb) in enumerate(zip(self.masks, self.forbidden, strict=True)):
            self.matched_ha[k] = mask.sum() * cell_area
            if not mask.any():
                continue
            sub = before[mask]
            sub_after = sub & ~_pack(forb[None, :])[0]
            for f in range(nf):
                if (forb & serves[:, f]).any():
                    lost = ((sub & bits[f]) != 0) & ((sub_after & bits[f]) == 0)
                    self.excluded_ha[k, f] = lost.sum() * cell_area
        for f in range(nf):
            gone = ((before & bits[f]) != 0) & ((after & bits[f]) == 0)
            self.net_ha[f] = gone.sum() * cell_area

    def _finish_rows(
        self,
        allowed_after: NDArray[np.bool_],
        allowed_before: NDArray[np.bool_],
        serves: NDArray[np.bool_],
        cell_area: float,
    ) -> None:
        """:meth:`finish` on the (N, T) arrays themselves (more than 64 types or
        :data:`_CODE_RULES` rules)."""
        for k, (mask, forb) in enumerate(zip(self.masks, self.forbidden, strict=True)):
            self.matched_ha[k] = mask.sum() * cell_area
            if not mask.any():
                continue
            sub = allowed_before[mask]
            sub_after = sub & ~forb[None, :]
            for f in range(len(self.functions)):
                cols = serves[:, f]
                if (forb & cols).any():
                    lost = sub[:, cols].any(axis=1) & ~sub_after[:, cols].any(axis=1)
                    self.excluded_ha[k, f] = lost.sum() * cell_area
        for f in range(len(self.functions)):
            cols = serves[:, f]
            before = allowed_before[:, cols].any(axis=1)
            after = allowed_after[:, cols].any(axis=1)
            self.net_ha[f] = (before & ~after).sum() * cell_area


_CODE_RULES = 12
"""Up to this many rules :meth:`RuleMasks.apply` uses a table of rule codes."""


def _pack(rows: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """Each row of an (N, T <= 64) bool array as one integer, bit t = column t."""
    n = rows.shape[0]
    packed = np.packbits(rows, axis=1, bitorder="little")
    buf = np.zeros((n, 8), dtype=np.uint8)
    buf[:, : packed.shape[1]] = packed
    return buf.view("<u8").reshape(n).astype(np.uint64, copy=False)


def evaluate_rules(
    spec: PuzzleSpec,
    types: list[TypeDef],
    functions: tuple[str, ...],
    contrib: NDArray[np.float64],
    layers: Callable[[str], NDArray[Any]],
    cells: NDArray[np.int64],
    current: NDArray[np.integer] | None = None,
) -> RuleMasks:
    """Evaluate the enabled rules of ``spec`` on ``cells`` (flat indices into the grid).

    ``layers(name)`` returns a flattened layer; ``current`` is the index of each
    cell's class in ``spec.current.classes`` (for ``exempt_classes``).
    """
    rules = [r for r in spec.rules if r.enabled]
    names = list(spec.current.classes.values())
    masks = []
    for r in rules:
        mask = condition(r, layers(r.layer)[cells])
        if r.exempt_classes and current is not None:
            exempt = np.array([names.index(c) for c in r.exempt_classes])
            mask &= ~np.isin(current, exempt)
        masks.append(mask)
    forbidden = [forbidden_types(r, types, functions, contrib) for r in rules]
    return RuleMasks(rules, masks, forbidden, functions)
