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
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from novex.errors import SpecError

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

Status = Literal["verified", "paraphrase", "uncertain", "not_found", "assumption", "derived"]
Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in"]
Transform = Literal["value", "equals", "in", "decay", "linear", "below", "above"]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PuzzleMeta(_Model):
    """The ``[puzzle]`` table: name and description of the spec."""

    name: str = "puzzel"
    title_nl: str = ""
    title_en: str = ""
    description: str = ""


class CustomType(_Model):
    """An extra multifunctional land-use type defined in the spec (``[[types.custom]]``)."""

    id: str
    name_nl: str
    name_en: str = ""
    contributions: dict[str, float]
    status: Status = "assumption"
    note: str = ""

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"invalid type id {v!r}; use letters, digits, '_' or '-'")
        return v

    @field_validator("contributions")
    @classmethod
    def _check_contrib(cls, v: dict[str, float]) -> dict[str, float]:
        for key, val in v.items():
            if not 0.0 <= val <= 10.0:
                raise ValueError(f"contribution {key} = {val!r} must lie in [0, 10] ha/ha")
        if not any(val > 0 for val in v.values()):
            raise ValueError("a type needs at least one contribution > 0")
        return v


class TypesSpec(_Model):
    """The ``[types]`` table: which land-use types the puzzle uses.

    ``functions`` are the single-function types (default: every function of the
    reference model), ``concepts`` the inrichtingsconcepten by theme id (``"A1"``) or
    Dutch name, or ``"all"`` (default) / ``[]``; ``custom`` adds types of your own.
    """

    functions: tuple[str, ...] | Literal["all"] = "all"
    concepts: tuple[str, ...] | Literal["all"] = "all"
    custom: tuple[CustomType, ...] = ()


class CurrentSpec(_Model):
    """The ``[current]`` table: current land use, keeping it, and allowed transitions.

    Every class of ``layer`` listed in ``classes`` becomes a *keep* type
    ``bestaand_<class>`` that only its own cells may take (a cell may always keep its
    current use). ``same_as`` maps a class to the single-function type that would just
    re-label it (e.g. ``landbouw -> landbouw``): that type is not allowed on those
    cells, so existing hectares are never counted as new. ``count_existing`` lists the
    functions whose claims count kept hectares of the class mapped to them.
    """

    layer: str = "land_use"
    classes: dict[int, str] = Field(
        default_factory=lambda: {1: "bebouwd", 2: "landbouw", 3: "natuur", 4: "water"}
    )
    same_as: dict[str, str] = Field(
        default_factory=lambda: {"landbouw": "landbouw", "natuur": "natuur", "water": "water"}
    )
    count_existing: tuple[str, ...] = ()
    keep_value: float = 1.0
    conversion_cost: dict[str, float] = Field(default_factory=dict)
    transitions: dict[str, tuple[str, ...]] = Field(default_factory=dict)

    @field_validator("classes")
    @classmethod
    def _check_classes(cls, v: dict[int, str]) -> dict[int, str]:
        for key, name in v.items():
            if not 0 < key < 256:
                raise ValueError(f"class value {key!r} must be 1..255 (0 is outside)")
            if not _ID.match(name):
                raise ValueError(f"invalid class name {name!r}")
        if len(set(v.values())) != len(v):
            raise ValueError("class names must be unique")
        return v

    @field_validator("conversion_cost")
    @classmethod
    def _check_cost(cls, v: dict[str, float]) -> dict[str, float]:
        for key, val in v.items():
            if not 0.0 <= val <= 100.0:
                raise ValueError(f"conversion_cost {key} = {val!r} must lie in [0, 100]")
        return v

    @model_validator(mode="after")
    def _check_names(self) -> CurrentSpec:
        names = set(self.classes.values())
        for table, keys in (
            ("same_as", self.same_as),
            ("conversion_cost", self.conversion_cost),
            ("transitions", self.transitions),
        ):
            for key in keys:
                if key not in names:
                    raise ValueError(
                        f"{table} names class {key!r}, which is not in classes {sorted(names)}"
                    )
        return self


class ExtraClaim(_Model):
    """A claim of one province written in the spec (``[[claims.extra]]``)."""

    province: str
    function: str
    min: float = Field(ge=0)
    max: float | None = Field(default=None, ge=0)
    priority: int = Field(default=2, ge=1)
    source: str = "spec"
    status: Status = "assumption"

    @model_validator(mode="after")
    def _min_max(self) -> ExtraClaim:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min!r} exceeds max {self.max!r}")
        return self


class NationalClaim(_Model):
    """A claim across provinces (``[[claims.national]]``).

    The engine solves claims per region, so a national claim is split into one claim
    per province by ``split``: ``"allowed_area"`` (the hectares where a type that
    serves the function is allowed), ``"land_area"`` (the province's puzzle area) or
    explicit ``shares`` by province code.
    """

    id: str = ""
    function: str
    min: float = Field(ge=0)
    max: float | None = Field(default=None, ge=0)
    priority: int = Field(default=2, ge=1)
    split: Literal["allowed_area", "land_area", "shares"] = "allowed_area"
    shares: dict[str, float] = Field(default_factory=dict)
    source: str = "spec"
    status: Status = "assumption"

    @model_validator(mode="after")
    def _check(self) -> NationalClaim:
        if self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min!r} exceeds max {self.max!r}")
        if self.split == "shares":
            if not self.shares:
                raise ValueError("split = 'shares' needs a shares table")
            if any(v < 0 for v in self.shares.values()) or sum(self.shares.values()) <= 0:
                raise ValueError(f"shares {self.shares!r} must be >= 0 with a positive sum")
        return self


class ClaimsSpec(_Model):
    """The ``[claims]`` table: where the claims come from.

    ``table`` is the workspace JSON table with the startpakket (``""`` for none);
    ``scale`` multiplies every demand (variants); ``functions`` limits the claims taken
    from the table (default: all the puzzle knows).
    """

    table: str = "startpakket"
    scale: float = Field(default=1.0, ge=0)
    functions: tuple[str, ...] | Literal["all"] = "all"
    extra: tuple[ExtraClaim, ...] = ()
    national: tuple[NationalClaim, ...] = ()


class RuleSpec(_Model):
    """A hard rule (``[[rules]]``): where ``layer op value`` holds, the types are forbidden.

    ``functions`` forbids every type that contributes more than ``min_contribution``
    ha/ha to one of them; ``types`` forbids types by id. Keep types are never
    forbidden: existing use may stay.
    """

    id: str
    name_nl: str = ""
    name_en: str = ""
    layer: str
    op: Op = "eq"
    value: float | tuple[float, ...] = 1.0
    functions: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    min_contribution: float = Field(default=0.0, ge=0)
    exempt_classes: tuple[str, ...] = ()
    enabled: bool = True
    source: str = ""
    url: str = ""
    status: Status = "assumption"
    threshold_status: Status | None = None
    note: str = ""

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"invalid rule id {v!r}; use letters, digits, '_' or '-'")
        return v

    @model_validator(mode="after")
    def _check(self) -> RuleSpec:
        if not self.functions and not self.types:
            raise ValueError(f"rule {self.id!r} forbids nothing: give functions or types")
        if (self.op == "in") != isinstance(self.value, tuple):
            raise ValueError(
                f"rule {self.id!r}: op {self.op!r} with value {self.value!r}; 'in' takes a list, "
                "the other operators one number"
            )
        return self


class Term(_Model):
    """One weighted suitability term (``[[suitability.terms]]``).

    The term's value per cell comes from ``layer`` through ``transform``:

    ``value``   the layer value itself; ``equals``/``in`` 1 where it equals ``value``
    (one of ``values``); ``decay`` ``max(0, 1 - x / scale)``; ``linear`` ``(x - lo) /
    (hi - lo)`` clipped to [0, 1]; ``below``/``above`` 1 where ``x < value`` (``>``).

    It is added, times ``weight``, to the ``types`` listed, and to every type that
    serves one of ``functions`` times the share ``min(1, sum of its contributions to
    them)``.
    """

    name: str = ""
    layer: str
    transform: Transform = "value"
    value: float = 1.0
    values: tuple[float, ...] = ()
    scale: float = Field(default=1000.0, gt=0)
    lo: float = 0.0
    hi: float = 1.0
    weight: float
    types: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> Term:
        if not self.types and not self.functions:
            raise ValueError(
                f"term on layer {self.layer!r} applies to nothing: give types or functions"
            )
        if self.transform == "linear" and not self.hi > self.lo:
            raise ValueError(
                f"term on layer {self.layer!r}: need lo < hi, got {self.lo!r}, {self.hi!r}"
            )
        if self.transform == "in" and not self.values:
            raise ValueError(f"term on layer {self.layer!r}: transform 'in' needs values")
        return self


class SuitabilitySpec(_Model):
    """The ``[suitability]`` table: a base value per type plus weighted terms."""

    base: float = 0.5
    base_by_type: dict[str, float] = Field(default_factory=dict)
    terms: tuple[Term, ...] = ()


class TiersSpec(_Model):
    """The ``[tiers]`` table: the voorkeursvolgorde voor verstedelijking.

    Tier 1: inside existing urban area (``urban_layer`` = 1). Tier 2: within
    ``adjoin_distance`` m of it and within ``ov_distance`` m of an OV-knooppunt (layer
    ``ov_layer``). Tier 3: elsewhere. ``bonus`` is added per tier to every type that
    serves ``functions``, times its share in them. The steps are a novex assumption:
    the exact voorkeursvolgorde was not found in sources.
    """

    enabled: bool = True
    functions: tuple[str, ...] = ("wonen", "werken")
    urban_layer: str = "urban"
    ov_layer: str = "ov_distance"
    adjoin_distance: float = Field(default=500.0, ge=0)
    ov_distance: float = Field(default=1500.0, ge=0)
    bonus: tuple[float, float, float] = (0.3, 0.15, -0.2)
    status: Status = "assumption"


class CombinationsSpec(_Model):
    """W1 "combinaties van functies gaan voor enkelvoudige functies".

    ``bonus`` times ``min(1, sum - max)`` of a type's contributions: the hectares of
    second and further functions one hectare carries.
    """

    enabled: bool = True
    bonus: float = Field(default=0.1, ge=0)


class IdentitySpec(_Model):
    """W2 "kenmerken en identiteit van een gebied staan centraal".

    ``weight`` times the fit of a type with the soil (``soil_fit[function][class
    name]`` in [0, 1]) averaged with the elevation fit for building functions
    (``linear`` between ``elevation_lo`` and ``elevation_hi`` m NAP). A
    multifunctional type's fit is the contribution-weighted mean of its functions'.
    """

    enabled: bool = True
    weight: float = Field(default=0.2, ge=0)
    soil_layer: str = "soil"
    soil_classes: dict[int, str] = Field(
        default_factory=lambda: {1: "veen", 2: "klei", 3: "zand", 4: "overig"}
    )
    soil_fit: dict[str, dict[str, float]] = Field(default_factory=dict)
    elevation_layer: str = "elevation"
    elevation_functions: tuple[str, ...] = ("wonen", "werken")
    elevation_lo: float = -4.0
    elevation_hi: float = 5.0


class ShiftSpec(_Model):
    """W3 "afwenteling wordt voorkomen": a hook for a penalty raster.

    The penalty (0..1 per cell; cells that fail a later horizon's rules) is supplied
    by scenarios at run time, or read from workspace layer ``layer``. It is
    subtracted, times ``weight``, from every type that serves ``functions``.
    """

    enabled: bool = True
    weight: float = Field(default=0.5, ge=0)
    layer: str = ""
    functions: tuple[str, ...] = ("wonen", "werken")


class PrinciplesSpec(_Model):
    """The ``[principles]`` table: the three NOVI weighing principles, each switchable."""

    combinaties: CombinationsSpec = CombinationsSpec()
    identiteit: IdentitySpec = IdentitySpec()
    afwenteling: ShiftSpec = ShiftSpec()


class RegionSpec(_Model):
    """The ``[region]`` table: the province layer and its table."""

    layer: str = "province"
    table: str = "provinces"


class PuzzleSpec(_Model):
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
        from novex.puzzle.assemble import reference_functions

        known = reference_functions()
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
        from novex.puzzle.assemble import reference_concepts, reference_functions

        known_f = reference_functions()
        concepts = reference_concepts()

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
        from novex.puzzle.assemble import reference_concepts, reference_function_names

        funcs = self.function_ids()
        names = reference_function_names()
        out = [
            TypeDef(id=f, name_nl=names[f][0], name_en=names[f][1], contributions={f: 1.0})
            for f in funcs
        ]
        concepts = reference_concepts()
        keys = (
            list(concepts)
            if self.types.concepts == "all"
            else [k for c in self.types.concepts if (k := _concept_key(c, concepts)) is not None]
        )
        for key in keys:
            theme = concepts[key]
            contrib = {f: v for f, v in theme["contributions"].items() if f in funcs and v > 0}
            if contrib:
                out.append(
                    TypeDef(
                        id=key,
                        name_nl=theme["name_nl"],
                        name_en=theme["name_en"],
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


class TypeDef(_Model):
    """A land-use type after resolving the spec: id, names and contributions."""

    id: str
    name_nl: str
    name_en: str
    contributions: dict[str, float]
    concept: bool = False
    keep: str | None = None


def _concept_key(value: str, concepts: dict[str, dict[str, Any]]) -> str | None:
    if value in concepts:
        return value
    low = value.strip().lower()
    for key, theme in concepts.items():
        if low in (key.lower(), str(theme["name_nl"]).lower(), str(theme["name_en"]).lower()):
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
