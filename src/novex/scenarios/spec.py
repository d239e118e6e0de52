"""The scenario spec: toekomstperspectieven as a TOML file, validated before any run.

A scenario spec names a puzzle spec, the climate variants (sea-level rise, subsidence
and the widening of the peat zone per horizon), the demand variants (factors per
function and province), which inrichtingsconcepten are allowed and which weighing
principles are on. The ``[grid]`` table lists, per dimension, the variants to combine:
every combination (the cartesian product) is one scenario. ``docs/scenarios.md``
documents every field; ``novex/scenarios/data/demo.toml`` is the demo set.

Everything is checked when the spec is read (:func:`load_scenarios`) and against the
workspace (:meth:`ScenarioSet.check_workspace`), so a bad horizon, function, province,
concept, variant key or layer raises :class:`~novex.errors.SpecError` before any
scenario runs.

Examples
--------
>>> s = ScenarioSet.from_toml('''
... [grid]
... horizon = [2030, 2100]
... climate = ["geen"]
... ''')
>>> [sc.id for sc in s.scenarios()]
['2030', '2100']
"""

from __future__ import annotations

import itertools
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from novex.errors import SpecError

__all__ = [
    "DEMO",
    "HORIZONS",
    "PRINCIPLE_KEYS",
    "AfwentelingSpec",
    "ClimateVariant",
    "ConceptsVariant",
    "DemandVariant",
    "GridSpecTable",
    "Scenario",
    "ScenarioSet",
    "SourceLayers",
    "load_scenarios",
]

HORIZONS: tuple[int, ...] = (2030, 2050, 2100, 2130)
"""The horizons of the toekomstperspectieven (Mooi Nederland: 2030 to 2130)."""

PRINCIPLE_KEYS: tuple[str, ...] = ("combinaties", "identiteit", "afwenteling")
"""The weighing principles a scenario can switch (``[principles.<variant>]``)."""

DEMO = "demo"
"""The name that selects the packaged demo scenario set."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_horizon_keys(v: dict[int, float]) -> dict[int, float]:
    bad = [h for h in v if h not in HORIZONS]
    if bad:
        raise ValueError(f"unknown horizon {bad[0]!r}; valid horizons: {list(HORIZONS)}")
    return v


class SourceLayers(_Model):
    """The workspace layers the climate rules derive from (``[layers]``)."""

    flood_depth: str = "flood_depth"
    elevation: str = "elevation"
    soil: str = "soil"
    peat_class: int = 1
    clay_class: int = 2


class ClimateVariant(_Model):
    """One climate variant (``[climate.<name>]``): shifts per horizon, in metres.

    ``sea_level_m`` deepens every flood-prone cell; ``subsidence_m`` lowers peat (clay
    by ``clay_subsidence_share`` of it) and so deepens the polders and the floods;
    ``peat_buffer_m`` counts clay within that distance of peat as peat (wetter
    veenweide edges). A horizon not given takes 0. ``source_layers`` overrides the
    workspace layers this variant derives from.
    """

    sea_level_m: dict[int, float] = Field(default_factory=dict)
    subsidence_m: dict[int, float] = Field(default_factory=dict)
    peat_buffer_m: dict[int, float] = Field(default_factory=dict)
    clay_subsidence_share: float = Field(default=0.25, ge=0, le=1)
    source_layers: dict[str, str] = Field(default_factory=dict)
    source: str = "novex assumption (illustrative, after the KNMI'23 ranges)"
    status: str = "assumption"
    note: str = ""

    _keys = field_validator("sea_level_m", "subsidence_m", "peat_buffer_m")(_check_horizon_keys)

    @field_validator("source_layers")
    @classmethod
    def _check_sources(cls, v: dict[str, str]) -> dict[str, str]:
        valid = ("flood_depth", "elevation", "soil")
        bad = [k for k in v if k not in valid]
        if bad:
            raise ValueError(f"unknown source layer key {bad[0]!r}; valid keys: {list(valid)}")
        return v

    def at(self, horizon: int) -> tuple[float, float, float]:
        """(sea level rise, peat subsidence, peat buffer) at ``horizon``."""
        return (
            float(self.sea_level_m.get(horizon, 0.0)),
            float(self.subsidence_m.get(horizon, 0.0)),
            float(self.peat_buffer_m.get(horizon, 0.0)),
        )


NO_CLIMATE = ClimateVariant(source="no climate change", status="assumption")
"""The built-in variant ``geen``: the workspace layers as they are."""


class DemandVariant(_Model):
    """One demand variant (``[demand.<name>]``): factors on the startpakket claims.

    ``factors`` per function; ``provinces`` per province code and function (multiplied
    with the function factor); ``horizons`` per horizon (multiplies every claim).
    """

    factors: dict[str, float] = Field(default_factory=dict)
    provinces: dict[str, dict[str, float]] = Field(default_factory=dict)
    horizons: dict[int, float] = Field(default_factory=dict)
    note: str = ""

    _keys = field_validator("horizons")(_check_horizon_keys)

    def factor(self, province: str, function: str, horizon: int) -> float:
        """The factor on the claim of ``province`` (code) and ``function`` at ``horizon``."""
        f = self.factors.get(function, 1.0) * self.horizons.get(horizon, 1.0)
        return f * self.provinces.get(province, {}).get(function, 1.0)


class ConceptsVariant(_Model):
    """Which inrichtingsconcepten are allowed (``[concepts.<name>] allowed = ...``)."""

    allowed: str | list[str] = "all"


class AfwentelingSpec(_Model):
    """``[afwenteling]``: the later horizon whose rules the allocations are tested against."""

    horizon: int = 2130
    climate: str = ""
    """The climate variant of the later horizon; empty: the scenario's own."""

    @field_validator("horizon")
    @classmethod
    def _check(cls, v: int) -> int:
        _check_horizon_keys({v: 0.0})
        return v


class GridSpecTable(_Model):
    """``[grid]``: the variants to combine, per dimension (cartesian product)."""

    horizon: list[int] = Field(default_factory=lambda: [2030])
    climate: list[str] = Field(default_factory=lambda: ["geen"])
    demand: list[str] = Field(default_factory=lambda: ["basis"])
    concepts: list[str] = Field(default_factory=lambda: ["alle"])
    principles: list[str] = Field(default_factory=lambda: ["alle"])

    @field_validator("horizon")
    @classmethod
    def _check_h(cls, v: list[int]) -> list[int]:
        for h in v:
            _check_horizon_keys({h: 0.0})
        return v


class SetMeta(_Model):
    name: str = "scenarios"
    title_nl: str = ""
    title_en: str = ""
    description: str = ""
    puzzle: str = "demo"
    """The puzzle spec: ``demo`` or a TOML path (relative to the scenario file)."""
    elastic: bool = True
    compare_principles: bool | list[str] = True
    """True: every principle (the puzzle's own comparison); a list: only these, each by
    one more solve of the whole set with that principle off (``["afwenteling"]``)."""
    homes_per_ha: float = Field(default=35.0, gt=0)
    """Homes per hectare of wonen for the tier indicator (the startpakket's assumption)."""
    province: str = ""
    """Solve only this province (code, name or id); empty: every province."""
    samenhang_rounds: int | None = Field(default=None, ge=0, le=10)
    """The puzzle's samenhang rounds in every scenario (0: samenhang off); None: the
    puzzle spec's own. Each round is one more solve of every province."""

    @field_validator("compare_principles")
    @classmethod
    def _check_compare(cls, v: bool | list[str]) -> bool | list[str]:
        if isinstance(v, list):
            bad = [k for k in v if k not in PRINCIPLE_KEYS]
            if bad:
                raise ValueError(
                    f"unknown principle {bad[0]!r}; valid principles: {list(PRINCIPLE_KEYS)}"
                )
        return v


class ScenarioSet(_Model):
    """A whole scenario spec; read it with :func:`load_scenarios` or :meth:`from_toml`."""

    scenarios_: SetMeta = Field(default=SetMeta(), alias="scenarios")
    grid: GridSpecTable = GridSpecTable()
    layers: SourceLayers = SourceLayers()
    climate: dict[str, ClimateVariant] = Field(default_factory=dict)
    demand: dict[str, DemandVariant] = Field(default_factory=dict)
    concepts: dict[str, ConceptsVariant] = Field(default_factory=dict)
    principles: dict[str, dict[str, bool]] = Field(default_factory=dict)
    afwenteling: AfwentelingSpec = AfwentelingSpec()
    source_path: str = ""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def meta(self) -> SetMeta:
        """The ``[scenarios]`` table."""
        return self.scenarios_

    # -- reading ------------------------------------------------------------------------
    @classmethod
    def from_toml(cls, text: str, *, path: str = "<scenarios>") -> ScenarioSet:
        """Parse and check TOML text; every problem raises :class:`SpecError`."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise SpecError(f"Malformed TOML in scenario spec {path}: {err}.") from err
        data = _int_keys(data)
        try:
            spec = cls.model_validate({**data, "source_path": path})
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            msg = first["msg"].removeprefix("Value error, ")
            raise SpecError(
                f"Invalid scenario spec {path}: {loc}: {msg} (got {first.get('input')!r})."
            ) from err
        spec.check_names()
        return spec

    def variants(self, dim: str) -> dict[str, Any]:
        """The named variants of a dimension, with the built-in ones."""
        if dim == "climate":
            return {"geen": NO_CLIMATE, **self.climate}
        if dim == "demand":
            return {"basis": DemandVariant(), **self.demand}
        if dim == "concepts":
            return {"alle": ConceptsVariant(), **self.concepts}
        if dim == "principles":
            return {"alle": dict.fromkeys(PRINCIPLE_KEYS, True), **self.principles}
        raise SpecError(f"Unknown scenario dimension {dim!r}.")

    def check_names(self) -> None:
        """Check every variant name, function, province, concept and principle key."""
        from novex.reference import design_concepts, function_ids, region
        from novex.reference.regions import RegionKind

        where = self.source_path
        for dim in ("climate", "demand", "concepts", "principles"):
            known = self.variants(dim)
            for name in getattr(self.grid, dim):
                if name not in known:
                    raise SpecError(
                        f"Invalid scenario spec {where}: grid.{dim} names variant {name!r}; "
                        f"defined variants: {sorted(known)}. Define it as [{dim}.{name}]."
                    )
        if self.afwenteling.climate and self.afwenteling.climate not in self.variants("climate"):
            raise SpecError(
                f"Invalid scenario spec {where}: afwenteling.climate "
                f"{self.afwenteling.climate!r} is not a climate variant; defined variants: "
                f"{sorted(self.variants('climate'))}."
            )
        if self.meta.province:
            try:
                region(self.meta.province, RegionKind.PROVINCE)
            except Exception as err:
                raise SpecError(
                    f"Invalid scenario spec {where}: scenarios.province is "
                    f"{self.meta.province!r}, which is not a province; use a code such as "
                    f"'NL-UT' or a name such as 'Utrecht', or leave it out for all twelve."
                ) from err
        functions = list(function_ids())
        for name, d in self.demand.items():
            tables = [("factors", d.factors)] + [
                (f"provinces.{p}", fs) for p, fs in d.provinces.items()
            ]
            for key, table in tables:
                for f in table:
                    if f not in functions:
                        raise SpecError(
                            f"Invalid scenario spec {where}: demand.{name}.{key} names function "
                            f"{f!r}; valid functions: {functions}."
                        )
            for p in d.provinces:
                try:
                    region(p, RegionKind.PROVINCE)
                except Exception as err:
                    raise SpecError(
                        f"Invalid scenario spec {where}: demand.{name}.provinces names "
                        f"{p!r}, which is not a province; use a code such as 'NL-UT'."
                    ) from err
        concepts = design_concepts()
        names = (
            {k.lower() for k in concepts}
            | {t.name_nl.lower() for t in concepts.values()}
            | {t.name_en.lower() for t in concepts.values()}
        )
        for name, c in self.concepts.items():
            if isinstance(c.allowed, str):
                if c.allowed != "all":
                    raise SpecError(
                        f"Invalid scenario spec {where}: concepts.{name}.allowed is "
                        f'{c.allowed!r}; expected "all" or a list of concept ids '
                        f"{sorted(concepts)}."
                    )
                continue
            for v in c.allowed:
                if v.strip().lower() not in names:
                    raise SpecError(
                        f"Invalid scenario spec {where}: concepts.{name}.allowed names "
                        f"{v!r}; valid inrichtingsconcepten: {sorted(concepts)}."
                    )
        for name, flags in self.principles.items():
            for key, value in flags.items():
                if key not in PRINCIPLE_KEYS or not isinstance(value, bool):
                    raise SpecError(
                        f"Invalid scenario spec {where}: principles.{name}.{key} = {value!r}; "
                        f"expected true/false for one of {list(PRINCIPLE_KEYS)}."
                    )

    def check_workspace(self, workspace: Any) -> None:
        """Check that the source layers of every climate variant are in ``workspace``."""
        known = set(workspace.layers)
        for name in self.grid.climate:
            variant: ClimateVariant = self.variants("climate")[name]
            for key, layer in self.source_layers(variant).items():
                if layer not in known:
                    raise SpecError(
                        f"Scenario spec {self.source_path}: climate {name!r} derives {key} "
                        f"from layer {layer!r}, which is not in workspace "
                        f"{str(workspace.path)!r}; known layers: {sorted(known)}."
                    )

    def source_layers(self, variant: ClimateVariant) -> dict[str, str]:
        """The layer names a climate variant derives from (``[layers]`` + its overrides)."""
        base = {
            "flood_depth": self.layers.flood_depth,
            "elevation": self.layers.elevation,
            "soil": self.layers.soil,
        }
        return {**base, **variant.source_layers}

    # -- the grid ---------------------------------------------------------------------
    def scenarios(self) -> list[Scenario]:
        """Every combination of the ``[grid]`` variants, in a stable order."""
        dims = ("horizon", "climate", "demand", "concepts", "principles")
        values = [getattr(self.grid, d) for d in dims]
        varying = [len(set(v)) > 1 for v in values]
        out = []
        for combo in itertools.product(*values):
            parts = [str(c) for c, vary in zip(combo, varying, strict=True) if vary]
            sid = "-".join(parts) or str(combo[0])
            h, c, d, k, p = combo
            out.append(Scenario(sid, int(h), str(c), str(d), str(k), str(p)))
        return out

    def puzzle_path(self) -> str:
        """The puzzle spec: ``demo`` or the path resolved against the scenario file."""
        ref = self.meta.puzzle
        if ref == "demo" or not self.source_path or Path(ref).is_absolute():
            return ref
        return str(Path(self.source_path).parent / ref)


@dataclass(frozen=True)
class Scenario:
    """One combination of variants: an id and the variant name per dimension."""

    id: str
    horizon: int
    climate: str
    demand: str
    concepts: str
    principles: str


def _int_keys(data: Any) -> Any:
    """TOML keys are strings; turn horizon-like keys (``2050``) into integers."""
    if isinstance(data, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() else k): _int_keys(v)
            for k, v in data.items()
        }
    return data


def load_scenarios(spec: str | os.PathLike[str]) -> ScenarioSet:
    """Read a scenario spec file, or the packaged demo set when ``spec`` is ``"demo"``.

    >>> len(load_scenarios("demo").scenarios())
    6
    """
    if str(spec) == DEMO:
        path = Path(__file__).parent / "data" / "demo.toml"
        return ScenarioSet.from_toml(path.read_text(encoding="utf-8"), path="demo")
    p = Path(spec)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as err:
        raise SpecError(f"Cannot read scenario spec {str(p)!r}: {err.strerror}.") from err
    return ScenarioSet.from_toml(text, path=str(p))
