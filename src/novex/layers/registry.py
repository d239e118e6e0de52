"""The layer registry: what each workspace layer is, which national interests it serves.

A :class:`LayerSpec` is the registry entry of one raster layer of a workspace: its
name, :class:`LayerKind`, units, the national interests (1-21) it serves, provenance
and whether it is synthetic. The same fields are written into the GeoTIFF as
``NOVEX_*`` tags, so a layer file describes itself outside novex too.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from novex.errors import LayerError

__all__ = ["N_INTERESTS", "LayerKind", "LayerSpec", "parse_kind"]

N_INTERESTS = 21
"""The number of national interests (nationale belangen) of the NOVI."""

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class LayerKind(StrEnum):
    """What a layer says about the land."""

    CLAIM = "claim"
    """Where an interest asks for space (e.g. woningbouw-zoekgebieden)."""
    PROTECTION = "protection"
    """Where an interest protects what is there (e.g. Natura 2000, erfgoed)."""
    CONSTRAINT = "constraint"
    """A physical or legal limit (e.g. uiterwaarden, flood depth)."""
    SUITABILITY = "suitability"
    """How well a cell suits a use (0-1 or a score)."""
    CURRENT_LAND_USE = "current_land_use"
    """What the land is used for now."""
    PHYSICAL = "physical"
    """Physical geography used to derive the others (elevation, soil)."""
    BOUNDARY = "boundary"
    """Administrative ids (provinces, NOVEX-gebieden)."""


def parse_kind(value: str) -> LayerKind:
    """Parse a kind name; the error lists the valid ones.

    >>> parse_kind("claim")
    <LayerKind.CLAIM: 'claim'>
    """
    try:
        return LayerKind(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError as err:
        valid = tuple(k.value for k in LayerKind)
        raise LayerError(f"Invalid layer kind {value!r}. Only {valid} are supported.") from err


class LayerSpec(BaseModel):
    """The registry entry of one workspace layer.

    Parameters
    ----------
    name : str
        Identifier, lower-case ``[a-z][a-z0-9_]*`` (also the file stem).
    kind : LayerKind
        What the layer says.
    title_nl, title_en : str
        Names for maps and reports.
    units : str
        Units of the values (``"m NAP"``, ``"0/1"``, ``"class"``, ``"score 0-1"``).
    interests : list of int
        Numbers (1-21) of the national interests this layer serves.
    source : str
        Provenance: the data set, or the generator and its assumptions.
    synthetic : bool
        True when generated rather than measured; shown on every map and report.
    categories : dict, optional
        For class layers: value -> name.
    nodata : float, optional
        The nodata value.
    file : str
        Path of the GeoTIFF relative to the workspace folder.
    sha256 : str, optional
        Content hash of the file (set by the workspace when written).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: LayerKind
    title_nl: str
    title_en: str
    units: str
    interests: tuple[int, ...] = ()
    source: str
    synthetic: bool
    categories: dict[int, str] | None = None
    nodata: float | None = None
    file: str = ""
    sha256: str | None = None
    description: str = ""
    extra: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        if not _NAME.match(v):
            raise ValueError(
                f"Invalid layer name {v!r}: use lower-case letters, digits and '_' "
                "(starting with a letter, at most 63 characters)."
            )
        return v

    @field_validator("interests")
    @classmethod
    def _check_interests(cls, v: tuple[int, ...]) -> tuple[int, ...]:
        bad = [n for n in v if not 1 <= n <= N_INTERESTS]
        if bad:
            raise ValueError(
                f"National interest {bad[0]!r} does not exist: the NOVI has interests 1-{N_INTERESTS} "
                "(see `novex reference interests`)."
            )
        return tuple(sorted(set(v)))

    @classmethod
    def create(cls, **fields: Any) -> LayerSpec:
        """Build and validate a spec; invalid fields raise :class:`LayerError` naming them."""
        try:
            return cls(**fields)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            raise LayerError(
                f"Invalid layer {fields.get('name')!r}: {loc}: {first['msg']} (got {first.get('input')!r})."
            ) from err

    def tags(self) -> dict[str, Any]:
        """The ``NOVEX_*`` GeoTIFF tags for this layer."""
        tags: dict[str, Any] = {
            "layer": self.name,
            "kind": self.kind.value,
            "title_nl": self.title_nl,
            "title_en": self.title_en,
            "units": self.units,
            "interests": list(self.interests),
            "source": self.source,
            "synthetic": self.synthetic,
        }
        if self.categories:
            tags["categories"] = {str(k): v for k, v in self.categories.items()}
        if self.description:
            tags["description"] = self.description
        return tags

    def title(self, lang: str = "nl") -> str:
        """The title in ``lang`` (``"nl"`` or ``"en"``)."""
        return self.title_en if lang == "en" else self.title_nl
