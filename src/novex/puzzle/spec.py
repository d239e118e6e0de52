"""The puzzle spec: a TOML file that sets up a provincial ruimtelijke puzzel from layers.

A spec names the land-use types (the single functions and the multifunctional
inrichtingsconcepten of Mooi Nederland), the current land use and the transitions a
cell may make, the suitability terms, the hard rules (water en bodem sturend), the
voorkeursvolgorde voor verstedelijking as tiers, the weighing principles and where the
claims come from. ``docs/puzzle.md`` documents every field; ``novex/puzzle/data/demo.toml``
is the default for the demo workspace.

Parsing checks everything that can be checked without a workspace (TOML syntax, value
ranges, names of functions and types against the reference model);
:meth:`PuzzleSpec.check_workspace` checks the layers and tables a spec names. Every
problem raises :class:`~novex.errors.SpecError` naming the bad value, with the line in
the TOML file where it can be found.

The model of each table (``[types]``, ``[claims]``, ``[[rules]]``, ...) is in
:mod:`novex.puzzle.sections`; its names can be imported from here as well.

Examples
--------
>>> spec = PuzzleSpec.from_toml('''
... [puzzle]
... name = "klein"
... [[rules]]
... id = "geen-bouwen-uiterwaarden"
... layer = "uiterwaarden"
... op = "eq"
... value = 1
... functions = ["wonen", "werken"]
... ''')
>>> spec.rules[0].functions
('wonen', 'werken')
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError, model_validator

from novex.errors import SpecError
from novex.puzzle.sections import (
    ClaimsSpec,
    CombinationsSpec,
    CurrentSpec,
    CustomType,
    ExtraClaim,
    IdentitySpec,
    NationalClaim,
    PrinciplesSpec,
    RegionSpec,
    RuleSpec,
    ShiftSpec,
    SpecModel,
    SuitabilitySpec,
    Term,
    TiersSpec,
    TypesSpec,
)
from novex.reference import Theme, design_concepts, function_ids, function_names

if TYPE_CHECKING:
    from novex.layers import Workspace

__all__ = [
    "ClaimsSpec",
    "CombinationsSpec",
    "CurrentSpec",
    "CustomType",
    "ExtraClaim",
    "IdentitySpec",
    "NationalClaim",
    "PrinciplesSpec",
    "PuzzleSpec",
    "RuleSpec",
    "ShiftSpec",
    "SuitabilitySpec",
    "Term",
    "TiersSpec",
    "load_spec",
]


class PuzzleMeta(SpecModel):
    """The ``[puzzle]`` table: name and description of the spec."""

    name: str = "puzzel"
    title_nl: str = ""
    title_en: str = ""
    description: str = ""


class PuzzleSpec(SpecModel):
    """A whole puzzle spec; build it with :meth:`from_toml` or :func:`load_spec`."""

    puzzle: PuzzleMeta = PuzzleMeta()
    types: TypesSpec = TypesSpec()
    current: CurrentSpec = CurrentSpec()
    region: RegionSpec = RegionSpec()
    claims: ClaimsSpec = ClaimsSpec()
    rules: tuple[RuleSpec, ...] = ()
    tiers: TiersSpec = TiersSpec()
    suitability: SuitabilitySpec = SuitabilitySpec()
    principles: PrinciplesSpec = PrinciplesSpec()
    source_path: str = ""

    @model_validator(mode="after")
    def _unique_rules(self) -> PuzzleSpec:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"rule id {rule.id!r} appears twice")
            seen.add(rule.id)
        return self

    # -- construction ---------------------------------------------------------------
    @classmethod
    def from_toml(cls, text: str, *, path: str = "<spec>") -> PuzzleSpec:
        """Parse and validate TOML text.

        Raises
        ------
        SpecError
            On malformed TOML, unknown fields, bad values, or names of functions and
            types the reference model does not know; the message names the value and
            its line.
        """
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise SpecError(f"Malformed TOML in puzzle spec {path}: {err}.") from err
        try:
            spec = cls.model_validate({**data, "source_path": path})
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            bad = first.get("input")
            msg = first["msg"].removeprefix("Value error, ")
            where = _line_of(text, loc, bad)
            raise SpecError(
                f"Invalid puzzle spec {path}{where}: {loc}: {msg} (got {bad!r})."
            ) from err
        spec.check_names(text)
        return spec

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> PuzzleSpec:
        """Read a spec file; a missing file raises :class:`SpecError`."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as err:
            raise SpecError(f"Cannot read puzzle spec {str(p)!r}: {err.strerror}.") from err
        return cls.from_toml(text, path=str(p))

    # -- checks ---------------------------------------------------------------------
    def function_ids(self) -> tuple[str, ...]:
        """The functions the puzzle uses (reference order)."""
        known = function_ids()
        if self.types.functions == "all":
            return tuple(known)
        return tuple(self.types.functions)

    def check_names(self, text: str = "") -> None:
        """Check every function and type name against the reference model.

        Raises
        ------
        SpecError
            Naming the unknown function or type and the valid ones.
        """
        known_f = list(function_ids())
        concepts = design_concepts()

        def fail(what: str, value: str, valid: list[str]) -> SpecError:
            return SpecError(
                f"Unknown {what} {value!r} in puzzle spec {self.source_path}"
                f"{_line_of(text, '', value)}. Valid: {valid}."
            )

        if self.types.functions != "all":
            for f in self.types.functions:
                if f not in known_f:
                    raise fail("function", f, known_f)
        funcs = list(self.function_ids())
        if self.types.concepts != "all":
            for c in self.types.concepts:
                if _concept_key(c, concepts) is None:
                    raise fail("inrichtingsconcept", c, list(concepts))
        type_ids = [t.id for t in self.type_defs()]
        for custom in self.types.custom:
            for f in custom.contributions:
                if f not in funcs:
                    raise fail("function", f, funcs)
        for f in self.current.same_as.values():
            if f not in type_ids:
                raise fail("type", f, type_ids)
        for table in (self.current.transitions,):
            for targets in table.values():
                for t in targets:
                    if t not in type_ids:
                        raise fail("type", t, type_ids)
        for f in (
            *self.current.count_existing,
            *self.tiers.functions,
            *self.principles.afwenteling.functions,
            *self.principles.identiteit.elevation_functions,
            *self.principles.identiteit.soil_fit,
        ):
            if f not in funcs:
                raise fail("function", f, funcs)
        for claim_f in [c.function for c in self.claims.extra] + [
            c.function for c in self.claims.national
        ]:
            if claim_f not in funcs:
                raise fail("function", claim_f, funcs)
        if self.claims.functions != "all":
            for f in self.claims.functions:
                if f not in funcs:
                    raise fail("function", f, funcs)
        classes = list(self.current.classes.values())
        for rule in self.rules:
            for c in rule.exempt_classes:
                if c not in classes:
                    raise fail("current class", c, classes)
            for f in rule.functions:
                if f not in funcs:
                    raise fail("function", f, funcs)
            for t in rule.types:
                if t not in type_ids:
                    raise fail("type", t, type_ids)
        for term in self.suitability.terms:
            for f in term.functions:
                if f not in funcs:
                    raise fail("function", f, funcs)
            for t in term.types:
                if t not in type_ids:
                    raise fail("type", t, type_ids)
        for t in self.suitability.base_by_type:
            if t not in type_ids:
                raise fail("type", t, type_ids)

    def type_defs(self) -> list[TypeDef]:
        """The land-use types that can be allocated (without the keep types), in order."""
        funcs = self.function_ids()
        names = function_names()
        out = [
            TypeDef(id=f, name_nl=names[f][0], name_en=names[f][1], contributions={f: 1.0})
            for f in funcs
        ]
        concepts = design_concepts()
        keys = (
            list(concepts)
            if self.types.concepts == "all"
            else [k for c in self.types.concepts if (k := _concept_key(c, concepts)) is not None]
        )
        for key in keys:
            theme = concepts[key]
            contrib = {f: v for f, v in theme.contributions.items() if f in funcs and v > 0}
            if contrib:
                out.append(
                    TypeDef(
                        id=key,
                        name_nl=theme.name_nl,
                        name_en=theme.name_en,
                        contributions=contrib,
                        concept=True,
                    )
                )
        for custom in self.types.custom:
            out.append(
                TypeDef(
                    id=custom.id,
                    name_nl=custom.name_nl,
                    name_en=custom.name_en or custom.name_nl,
                    contributions=dict(custom.contributions),
                    concept=True,
                )
            )
        seen: set[str] = set()
        for t in out:
            if t.id in seen:
                raise SpecError(
                    f"Type id {t.id!r} is defined twice in puzzle spec {self.source_path}."
                )
            seen.add(t.id)
        return out

    def layers_used(self) -> dict[str, str]:
        """Every workspace layer the spec reads, mapped to where it is named."""
        used: dict[str, str] = {
            self.region.layer: "region.layer",
            self.current.layer: "current.layer",
        }
        for rule in self.rules:
            if rule.enabled:
                used.setdefault(rule.layer, f"rules[{rule.id}].layer")
        for k, term in enumerate(self.suitability.terms):
            used.setdefault(term.layer, f"suitability.terms[{k}].layer")
        if self.tiers.enabled:
            used.setdefault(self.tiers.urban_layer, "tiers.urban_layer")
            used.setdefault(self.tiers.ov_layer, "tiers.ov_layer")
        ident = self.principles.identiteit
        if ident.enabled:
            used.setdefault(ident.soil_layer, "principles.identiteit.soil_layer")
            if ident.elevation_functions:
                used.setdefault(ident.elevation_layer, "principles.identiteit.elevation_layer")
        shift = self.principles.afwenteling
        if shift.enabled and shift.layer:
            used.setdefault(shift.layer, "principles.afwenteling.layer")
        return used

    def check_workspace(self, workspace: Workspace) -> None:
        """Check that every layer and table the spec names is in ``workspace``.

        Raises
        ------
        SpecError
            Naming the missing layer or table, where the spec names it, and the
            layers the workspace has.
        """
        known = set(workspace.layers)
        for layer, where in self.layers_used().items():
            if layer not in known:
                raise SpecError(
                    f"Puzzle spec {self.source_path}: {where} names layer {layer!r}, which is "
                    f"not in workspace {str(workspace.path)!r}; known layers: {sorted(known)}."
                )
        tables = [self.region.table] + ([self.claims.table] if self.claims.table else [])
        for table in tables:
            if table not in workspace.tables:
                raise SpecError(
                    f"Puzzle spec {self.source_path} names table {table!r}, which is not in "
                    f"workspace {str(workspace.path)!r}; known tables: {sorted(workspace.tables)}."
                )


class TypeDef(SpecModel):
    """A land-use type after resolving the spec: id, names and contributions."""

    id: str
    name_nl: str
    name_en: str
    contributions: dict[str, float]
    concept: bool = False
    keep: str | None = None


def _concept_key(value: str, concepts: dict[str, Theme]) -> str | None:
    if value in concepts:
        return value
    low = value.strip().lower()
    for key, theme in concepts.items():
        if low in (key.lower(), theme.name_nl.lower(), theme.name_en.lower()):
            return key
    return None


def _line_of(text: str, loc: str, value: Any) -> str:
    """``" (line N)"`` for the first line of ``text`` that holds ``value`` (or the key)."""
    if not text:
        return ""
    needles: list[str] = []
    if isinstance(value, str) and value:
        needles += [f'"{value}"', f"'{value}'"]
    elif isinstance(value, bool):
        needles.append("true" if value else "false")
    elif isinstance(value, int | float):
        needles.append(repr(value))
    keys = [p for p in loc.split(".") if p and not p.isdigit()]
    for lineno, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if any(n in code for n in needles) and (not keys or keys[-1] in code or not needles):
            return f" (line {lineno})"
    for lineno, line in enumerate(text.splitlines(), start=1):
        code = line.split("#", 1)[0]
        if needles and any(n in code for n in needles):
            return f" (line {lineno})"
    if keys:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if re.match(rf"\s*{re.escape(keys[-1])}\s*=", line):
                return f" (line {lineno})"
    return ""


DEMO = "demo"
"""The name that selects the packaged demo spec."""


def load_spec(spec: str | os.PathLike[str]) -> PuzzleSpec:
    """Load a spec file, or the packaged demo spec when ``spec`` is ``"demo"``.

    >>> load_spec("demo").puzzle.name
    'demo'
    """
    if str(spec) == DEMO:
        text = (Path(__file__).parent / "data" / "demo.toml").read_text(encoding="utf-8")
        return PuzzleSpec.from_toml(text, path="demo.toml")
    return PuzzleSpec.from_file(spec)
