"""The section models of a puzzle spec: one pydantic model per TOML table.

Each model checks its own values (ranges, ids, combinations of fields) when the spec is
parsed; names of functions and types are checked against the reference model by
:meth:`novex.puzzle.spec.PuzzleSpec.check_names`, once the whole spec is known.

- ``[types]``: :class:`TypesSpec` with :class:`CustomType`;
- ``[current]``: :class:`CurrentSpec`;
- ``[region]``: :class:`RegionSpec`;
- ``[claims]``: :class:`ClaimsSpec` with :class:`ExtraClaim` and :class:`NationalClaim`;
- ``[[rules]]``: :class:`RuleSpec`;
- ``[suitability]``: :class:`SuitabilitySpec` with :class:`Term`;
- ``[tiers]``: :class:`TiersSpec`;
- ``[principles]``: :class:`PrinciplesSpec` with :class:`CombinationsSpec`,
  :class:`IdentitySpec`, :class:`ShiftSpec` and :class:`CoherenceSpec`.

:class:`novex.puzzle.spec.PuzzleSpec` puts them together; ``docs/puzzle.md`` documents
every field.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "ClaimsSpec",
    "CoherenceSpec",
    "CombinationsSpec",
    "CurrentSpec",
    "CustomType",
    "ExtraClaim",
    "IdentitySpec",
    "NationalClaim",
    "PrinciplesSpec",
    "RegionSpec",
    "RuleSpec",
    "ShiftSpec",
    "SpecModel",
    "SuitabilitySpec",
    "Term",
    "TiersSpec",
    "TypesSpec",
]

Status = Literal["verified", "paraphrase", "uncertain", "not_found", "assumption", "derived"]
Op = Literal["eq", "ne", "lt", "le", "gt", "ge", "in"]
Transform = Literal["value", "equals", "in", "decay", "linear", "below", "above"]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")


class SpecModel(BaseModel):
    """Base of every spec section: unknown keys are an error, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CustomType(SpecModel):
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


class TypesSpec(SpecModel):
    """The ``[types]`` table: which land-use types the puzzle uses.

    ``functions`` are the single-function types (default: every function of the
    reference model), ``concepts`` the inrichtingsconcepten by theme id (``"A1"``) or
    Dutch name, or ``"all"`` (default) / ``[]``; ``custom`` adds types of your own.
    """

    functions: tuple[str, ...] | Literal["all"] = "all"
    concepts: tuple[str, ...] | Literal["all"] = "all"
    custom: tuple[CustomType, ...] = ()


class CurrentSpec(SpecModel):
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


class ExtraClaim(SpecModel):
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


class NationalClaim(SpecModel):
    """A claim across provinces (``[[claims.national]]``).

    ``split = "joint"`` (default): the provinces are solved together with one claim on
    their sum, on top of their own claims on the function; the division over the
    provinces follows from the optimum and the claim gets its own price. Otherwise the
    claim is divided before solving and each part added to a province's claim:
    ``"area"`` or ``"allowed_area"`` (the hectares where a type that serves the
    function is allowed), ``"land_area"`` (the province's puzzle area) or explicit
    ``shares`` by province code.

    Fairness rules (joint only, each off unless given), on a province's part of the
    claim relative to its capacity share (its ``allowed_area`` share):
    ``max_share_factor`` k: at most k x its share; ``min_share_factor`` m: at least
    m x its share.
    """

    id: str = ""
    function: str
    min: float = Field(ge=0)
    max: float | None = Field(default=None, ge=0)
    priority: int = Field(default=2, ge=1)
    split: Literal["joint", "area", "allowed_area", "land_area", "shares"] = "joint"
    shares: dict[str, float] = Field(default_factory=dict)
    max_share_factor: float | None = Field(default=None, ge=1)
    min_share_factor: float | None = Field(default=None, ge=0, le=1)
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


class ClaimsSpec(SpecModel):
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


class RuleSpec(SpecModel):
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


class Term(SpecModel):
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


class SuitabilitySpec(SpecModel):
    """The ``[suitability]`` table: a base value per type plus weighted terms."""

    base: float = 0.5
    base_by_type: dict[str, float] = Field(default_factory=dict)
    terms: tuple[Term, ...] = ()


class TiersSpec(SpecModel):
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


class CombinationsSpec(SpecModel):
    """W1 "combinaties van functies gaan voor enkelvoudige functies".

    ``bonus`` times ``min(1, sum - max)`` of a type's contributions: the hectares of
    second and further functions one hectare carries.
    """

    enabled: bool = True
    bonus: float = Field(default=0.1, ge=0)


class IdentitySpec(SpecModel):
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


class ShiftSpec(SpecModel):
    """W3 "afwenteling wordt voorkomen": a hook for a penalty raster.

    The penalty (0..1 per cell; cells that fail a later horizon's rules) is supplied
    by scenarios at run time, or read from workspace layer ``layer``. It is
    subtracted, times ``weight``, from every type that serves ``functions``.
    """

    enabled: bool = True
    weight: float = Field(default=0.5, ge=0)
    layer: str = ""
    functions: tuple[str, ...] = ("wonen", "werken")


class CoherenceSpec(SpecModel):
    """Samenhang: a new use goes where its neighbours have it (a novex principle).

    Two schemes, which may be combined (see :mod:`novex.puzzle.principles`):

    - ``consolidate`` (default): after the solve, a deterministic pass moves the
      patches of one or two cells of a new use next to a larger patch of it by swapping
      cells, giving up at most ``budget`` (relative to the objective) and, with
      ``keep_status``, no more than the certificate's integrality allowance leaves; with
      ``claim_room`` it may use the room a claim leaves (:mod:`novex.puzzle.consolidate`);
    - ``rounds`` extra solves: each adds ``weight`` times the share of a new type in the
      (2 ``radius`` + 1)-cell square window around a cell, in the map of the previous
      solve, to that type's suitability.

    Off by default.
    """

    enabled: bool = False
    consolidate: bool = True
    budget: float = Field(default=1e-4, ge=0, le=0.1)
    keep_status: bool = True
    claim_room: bool = True
    weight: float = Field(default=0.1, ge=0)
    radius: int = Field(default=2, ge=1, le=10)
    rounds: int = Field(default=0, ge=0, le=10)


class PrinciplesSpec(SpecModel):
    """The ``[principles]`` table: the three NOVI weighing principles, each switchable,
    and the coherence principle ``samenhang``."""

    combinaties: CombinationsSpec = CombinationsSpec()
    identiteit: IdentitySpec = IdentitySpec()
    afwenteling: ShiftSpec = ShiftSpec()
    samenhang: CoherenceSpec = CoherenceSpec()


class RegionSpec(SpecModel):
    """The ``[region]`` table: the province layer and its table."""

    layer: str = "province"
    table: str = "provinces"
