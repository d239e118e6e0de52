"""Pydantic models of the NOVI reference items.

Every item carries ``id``, ``name_nl``, ``name_en``, ``source``, ``date`` and
``status``. The status says how far the content is backed by a source:

``verified``
    Seen in the seed or in a retrieved source.
``paraphrase``
    Content confirmed by sources, exact wording not seen.
``uncertain``
    Not confirmed by a source, or sources disagree.
``not_found``
    Looked for and not found; the value is ``null`` or a configurable slot.
``assumption``
    A modelling choice made by novex (a link, a weight, an ordering) that no
    source states; configurable, never presented as policy.
``derived``
    Computed from sourced figures (the computation is in ``note``).

``name_en`` is an English gloss written for novex, not an official translation.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActionLine",
    "Ambition",
    "Choice",
    "Entry",
    "Figure",
    "FigureItem",
    "Function",
    "HorizonSpan",
    "HousingArea",
    "Instrument",
    "Interest",
    "Item",
    "Matrix",
    "Milestone",
    "NovexArea",
    "Perspective",
    "Phase",
    "PhaseProduct",
    "Principle",
    "Priority",
    "Product",
    "Programme",
    "ProvinceItem",
    "SolutionSlot",
    "Status",
    "Step",
    "Theme",
    "Track",
]

Status = Literal["verified", "paraphrase", "uncertain", "not_found", "assumption", "derived"]
"""How far a value is backed by a source (see the module docstring)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Figure(_Frozen):
    """A number with its unit, source, date and status.

    ``date`` is the date the figure was stated, agreed or measured (ISO 8601,
    possibly partial such as ``"2023"``); ``None`` when the source is undated.
    ``value`` is ``None`` when the figure was looked for and not found.
    """

    value: int | float | None
    unit: str
    source: str
    date: str | None
    status: Status
    note: str | None = None
    value_max: int | float | None = None


class Entry(_Frozen):
    """A named element inside an item (a goal, a quality value, a principle)."""

    id: str
    name_nl: str
    name_en: str
    status: Status
    source: str | None = None
    note: str | None = None


class Item(_Frozen):
    """Fields every reference item has.

    ``source`` is the seed (``"seed: ..."``) or a URL; ``see_also`` lists further
    sources; ``seed_wording`` keeps the seed's own spelling where ``name_nl``
    differs from it (a typo or a line-broken word in the seed).
    """

    id: str
    name_nl: str
    name_en: str
    source: str
    date: str | None
    status: Status
    note: str | None = None
    see_also: list[str] = Field(default_factory=list)
    seed_wording: str | None = None


class Ambition(Item):
    """One of the five NOVI ambitions for 2050."""

    number: int


class Priority(Item):
    """One of the four NOVI priorities, linked to the ambitions it serves."""

    number: int
    ambitions: list[str]
    link_status: Status


class Interest(Item):
    """One of the 21 national interests (nationale belangen)."""

    number: int
    priorities: list[str]
    ambitions: list[str]
    link_status: Status


class Principle(Item):
    """One of the three NOVI weighing principles (afwegingsprincipes)."""

    number: int


class Step(_Frozen):
    """An ordered step or tier of a choice (e.g. the voorkeursvolgorde)."""

    number: int
    name_nl: str
    name_en: str
    status: Status
    source: str | None = None


class Choice(Item):
    """A national choice or a direction for decentral choices (richting)."""

    level: Literal["nationaal", "decentraal"]
    priority: str
    steps: list[Step] = Field(default_factory=list)
    figures: dict[str, Figure] = Field(default_factory=dict)


class Instrument(Item):
    """An instrument for urbanisation, generic or area-specific."""

    scope: Literal["generiek", "gebiedsspecifiek"]
    choice: str | None = None


class Product(Entry):
    """A product of a programme, with how many there are and per what."""

    count: int | None = None
    per: Literal["provincie", "novex_gebied", "nationaal"] = "nationaal"


class Track(_Frozen):
    """A track inside an action line with its points as written in the seed.

    ``status`` says how sure the assignment of the points to this track is.
    """

    name_nl: str
    points_nl: list[str]
    status: Status = "verified"
    note: str | None = None


class Milestone(_Frozen):
    """A dated step of an action line (``when_nl`` is the seed's wording)."""

    when_nl: str
    date: str
    items_nl: list[str]


class ActionLine(_Frozen):
    """An action line (actielijn) of Mooi Nederland."""

    number: int
    name_nl: str
    name_en: str
    aim_nl: str
    status: Status
    tracks: list[Track] = Field(default_factory=list)
    milestones: list[Milestone] = Field(default_factory=list)
    note: str | None = None


class HorizonSpan(_Frozen):
    """The time span of the toekomstperspectieven."""

    start: int
    end: int
    seed_wording: str
    status: Status
    note: str | None = None
    alternative_horizons: list[int] = Field(default_factory=list)
    alternative_source: str | None = None


class Matrix(_Frozen):
    """The perspectives x themes x inrichtingsoplossingen structure."""

    perspectives: int
    themes_per_perspective: int
    solutions_per_theme: int
    seed_wording: str
    status: Status
    note: str | None = None


class Programme(Item):
    """A programme of the RO-brief: NOVEX, Mooi Nederland, aanscherping NOVI."""

    focus_nl: str | None = None
    description_nl: str | None = None
    goals: list[Entry] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    action_lines: list[ActionLine] = Field(default_factory=list)
    quality_values: list[Entry] = Field(default_factory=list)
    guiding_principle: Entry | None = None
    toekomstperspectieven: HorizonSpan | None = None
    matrix: Matrix | None = None
    perspectives: list[str] = Field(default_factory=list)
    phases: list[str] = Field(default_factory=list)


class SolutionSlot(_Frozen):
    """The slot of a theme's inrichtingsoplossing (its handreiking; one per theme).

    Names are not in the seed (``not_found``).
    """

    slot: int
    name_nl: str | None = None
    name_en: str | None = None
    status: Status = "not_found"


class Theme(Item):
    """A theme of a perspective, usable as a multifunctional land-use type.

    ``contributions`` maps a function id to the hectares of that function one
    hectare of the theme counts for (an ``assumption``, see
    ``contributions_rationale``).
    """

    number: int
    perspective: str
    contributions: dict[str, float]
    contributions_status: Status
    contributions_rationale: str
    solutions: list[SolutionSlot]


class Perspective(Item):
    """One of the three Mooi Nederland perspectives with its three themes."""

    number: int
    letter: str
    short_name_nl: str
    themes: list[Theme]


class ProvinceItem(Item):
    """The reference item of a province: its sourced figures; ``id`` is the ISO 3166-2 code.

    The province itself (code, names, raster id, lookup by name) is a
    :class:`novex.reference.regions.Region`, built from these items.
    """

    raster_id: int = Field(ge=1, le=255)
    cbs_code: str
    population_2023: Figure
    population_2024: Figure
    gemeenten: Figure
    woningbouwopgave_2030: Figure
    land_area_km2: Figure
    buitenwater_km2: Figure
    figures: dict[str, Figure] = Field(default_factory=dict)


class NovexArea(Item):
    """One of the 16 NOVEX-gebieden (official numbering)."""

    number: int
    provinces: list[str]
    provinces_status: Status
    type: str
    type_status: Status
    opgaven_nl: str | None = None
    opgaven_status: Status = "not_found"
    new_in_novex: bool = False
    stedelijk_netwerk: bool = False
    stedelijk_netwerk_status: Status = "uncertain"
    website: str | None = None
    figures: dict[str, Figure] = Field(default_factory=dict)


class HousingArea(Item):
    """A NOVI 2020 zoekgebied region or a grootschalig NOVEX-woningbouwgebied."""

    group: Literal["zoekgebied_2020", "novex_woningbouwgebied"]
    number: int
    locations_nl: str | None = None
    provinces: list[str]
    provinces_status: Status
    novex_area: str | None = None
    novex_area_status: Status = "uncertain"
    homes: Figure | None = None


class PhaseProduct(_Frozen):
    """A product or step of a phase; ``ministerraad`` marks a cabinet decision."""

    name_nl: str
    name_en: str
    ministerraad: bool = False
    ministerraad_status: Status = "assumption"


class Phase(Item):
    """A phase of the aanscherping NOVI as the seed gives it."""

    number: int
    period_nl: str
    start: str
    end: str
    products: list[PhaseProduct]


class Function(Item):
    """A single land-use function used by the stack and the puzzle."""

    interests: list[int]
    primary_interest: int
    link_status: Status


class FigureItem(Item):
    """A national figure (claim, target, total) with unit, source, date and status."""

    value: int | float | None
    unit: str
    value_max: int | float | None = None
    target_year: int | None = None
