"""Load, validate and look up the NOVI reference data shipped in ``reference/data``.

One YAML file per kind. Each file has ``kind``, optional ``defaults`` (merged into every
item) and ``items``. The data are validated once on load; a broken file raises
:class:`~novex.errors.ReferenceDataError` naming the file and the item.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import BaseModel, ValidationError

from novex.errors import ReferenceDataError, ReferenceLookupError
from novex.reference.model import (
    Ambition,
    Choice,
    FigureItem,
    Function,
    HousingArea,
    Instrument,
    Interest,
    Item,
    NovexArea,
    Perspective,
    Phase,
    Principle,
    Priority,
    Programme,
    ProvinceItem,
    Theme,
)

__all__ = ["DATA_DIR", "KINDS", "Reference", "load_reference"]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
"""Folder of the shipped YAML files (one per kind)."""

KINDS: tuple[str, ...] = (
    "ambitions",
    "interests",
    "priorities",
    "principles",
    "choices",
    "instruments",
    "programmes",
    "perspectives",
    "provinces",
    "novex-areas",
    "housing-areas",
    "phases",
    "functions",
    "figures",
)
"""Every reference kind, in the order the CLI lists them."""

_MODELS: dict[str, type[Item]] = {
    "ambitions": Ambition,
    "interests": Interest,
    "priorities": Priority,
    "principles": Principle,
    "choices": Choice,
    "instruments": Instrument,
    "programmes": Programme,
    "perspectives": Perspective,
    "provinces": ProvinceItem,
    "novex-areas": NovexArea,
    "housing-areas": HousingArea,
    "phases": Phase,
    "functions": Function,
    "figures": FigureItem,
}

_PROVINCE_CODE = re.compile(r"NL-[A-Z]{2}")


def _file_name(kind: str) -> str:
    return kind.replace("-", "_") + ".yaml"


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ReferenceLookupError(
            f"Unknown reference kind {kind!r}. Valid kinds: {', '.join(KINDS)}."
        )
    return kind


class Reference:
    """The validated NOVI reference model: items per kind, in order.

    Build it with :func:`load_reference`; do not construct it directly.

    Examples
    --------
    >>> from novex.reference import load_reference
    >>> ref = load_reference()
    >>> len(ref.interests), ref.get("provinces", "NL-FR").name_nl
    (21, 'Fryslân')
    """

    def __init__(self, items: dict[str, list[Item]]) -> None:
        self._items = items
        self._index = {kind: {item.id: item for item in its} for kind, its in items.items()}

    # -- generic access -------------------------------------------------------------------
    def items(self, kind: str) -> list[Item]:
        """Return the items of ``kind`` in their reference order.

        Parameters
        ----------
        kind : str
            One of :data:`KINDS`, e.g. ``"interests"`` or ``"novex-areas"``.

        Returns
        -------
        list of Item
            A new list; the items themselves are frozen pydantic models.

        Raises
        ------
        ReferenceLookupError
            If ``kind`` is unknown; the message lists the valid kinds.
        """
        return list(self._items[_check_kind(kind)])

    def get(self, kind: str, item_id: str | int) -> Item:
        """Return one item of ``kind`` by id.

        Ids match exactly first, then case-insensitively; for numbered kinds a bare
        number also matches (``get("interests", 5)`` is interest ``NB05``).

        Parameters
        ----------
        kind : str
            One of :data:`KINDS`.
        item_id : str or int
            The item's id (``"NL-ZH"``, ``"NB05"``, ``"A1"``) or its number.

        Returns
        -------
        Item

        Raises
        ------
        ReferenceLookupError
            If ``kind`` or ``item_id`` is unknown; the message lists the valid values.
        """
        index = self._index[_check_kind(kind)]
        key = str(item_id).strip()
        if key in index:
            return index[key]
        for item in self._items[kind]:
            if item.id.casefold() == key.casefold():
                return item
            if key.isdigit() and getattr(item, "number", None) == int(key):
                return item
        raise ReferenceLookupError(
            f"Unknown id {str(item_id)!r} for reference kind {kind!r}. "
            f"Valid ids: {', '.join(index)}."
        )

    def themes(self) -> list[Theme]:
        """Return the 9 themes (inrichtingsconcepten) of the 3 perspectives, flattened.

        Each theme carries its ``perspective`` id and its ``contributions``
        (function id -> hectares per hectare, an assumption).

        Returns
        -------
        list of Theme
        """
        return [theme for p in self.perspectives for theme in p.themes]

    def figure(self, figure_id: str) -> FigureItem:
        """Return a national figure (``value``, ``unit``, ``source``, ``date``, ``status``).

        Parameters
        ----------
        figure_id : str
            For example ``"res_onshore_twh_2030"`` or ``"housing_agreements_2030"``.

        Returns
        -------
        FigureItem

        Raises
        ------
        ReferenceLookupError
            If the figure id is unknown; the message lists the valid ids.
        """
        return cast(FigureItem, self.get("figures", figure_id))

    # -- typed access ---------------------------------------------------------------------
    @property
    def ambitions(self) -> list[Ambition]:
        """The 5 ambitions for 2050."""
        return cast(list[Ambition], self.items("ambitions"))

    @property
    def interests(self) -> list[Interest]:
        """The 21 national interests, numbered 1-21."""
        return cast(list[Interest], self.items("interests"))

    @property
    def priorities(self) -> list[Priority]:
        """The 4 NOVI priorities."""
        return cast(list[Priority], self.items("priorities"))

    @property
    def principles(self) -> list[Principle]:
        """The 3 weighing principles."""
        return cast(list[Principle], self.items("principles"))

    @property
    def choices(self) -> list[Choice]:
        """National choices and directions for decentral choices."""
        return cast(list[Choice], self.items("choices"))

    @property
    def instruments(self) -> list[Instrument]:
        """Urbanisation instruments, generic and area-specific."""
        return cast(list[Instrument], self.items("instruments"))

    @property
    def programmes(self) -> list[Programme]:
        """NOVEX, Mooi Nederland and the aanscherping NOVI."""
        return cast(list[Programme], self.items("programmes"))

    @property
    def perspectives(self) -> list[Perspective]:
        """The 3 perspectives, each with 3 themes."""
        return cast(list[Perspective], self.items("perspectives"))

    @property
    def provinces(self) -> list[ProvinceItem]:
        """The 12 provinces' items (id = ISO 3166-2 code), in raster-id order."""
        return cast(list[ProvinceItem], self.items("provinces"))

    @property
    def novex_areas(self) -> list[NovexArea]:
        """The 16 NOVEX-gebieden."""
        return cast(list[NovexArea], self.items("novex-areas"))

    @property
    def housing_areas(self) -> list[HousingArea]:
        """NOVI 2020 zoekgebied regions and the 17 NOVEX-woningbouwgebieden."""
        return cast(list[HousingArea], self.items("housing-areas"))

    @property
    def phases(self) -> list[Phase]:
        """The 4 phases of the aanscherping NOVI (as the seed gives them)."""
        return cast(list[Phase], self.items("phases"))

    @property
    def functions(self) -> list[Function]:
        """The single land-use functions of the stack and the puzzle."""
        return cast(list[Function], self.items("functions"))

    @property
    def figures(self) -> list[FigureItem]:
        """Key national figures."""
        return cast(list[FigureItem], self.items("figures"))


# -- loading ------------------------------------------------------------------------------
def _raw_items(path: Path, kind: str) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ReferenceDataError(f"{path}: missing data file for kind {kind!r}") from err
    except yaml.YAMLError as err:
        raise ReferenceDataError(f"{path}: not valid YAML: {err}") from err
    if not isinstance(data, dict) or data.get("kind") != kind:
        found = data.get("kind") if isinstance(data, dict) else None
        raise ReferenceDataError(f"{path}: expected 'kind: {kind}', found {found!r}")
    raw = data.get("items")
    if not isinstance(raw, list) or not raw:
        raise ReferenceDataError(f"{path}: 'items' must be a non-empty list")
    defaults = data.get("defaults") or {}
    items = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ReferenceDataError(f"{path}: item {n} is not a mapping")
        items.append({**defaults, **entry})
    if kind == "perspectives":  # themes inherit source, date and status from their parent
        for item in items:
            inherited = {k: item[k] for k in ("source", "date", "status") if k in item}
            item["themes"] = [{**inherited, **t} for t in item.get("themes", [])]
    return items


def _parse(path: Path, kind: str) -> list[Item]:
    model = _MODELS[kind]
    parsed: list[Item] = []
    seen: set[str] = set()
    for n, raw in enumerate(_raw_items(path, kind), start=1):
        label = raw.get("id", f"#{n}")
        try:
            item = model.model_validate(raw)
        except ValidationError as err:
            raise ReferenceDataError(f"{path}: item {label!r}: {err}") from err
        if item.id in seen:
            raise ReferenceDataError(f"{path}: item {item.id!r}: duplicate id")
        seen.add(item.id)
        parsed.append(item)
    return parsed


class _Checker:
    """Collects the cross-kind checks; every failure names the file and the item."""

    def __init__(self, ref: Reference, data_dir: Path) -> None:
        self.ref = ref
        self.data_dir = data_dir

    def fail(self, kind: str, item_id: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(
            f"{self.data_dir / _file_name(kind)}: item {item_id!r}: {message}"
        )

    def refs(
        self,
        kind: str,
        item: BaseModel,
        field: str,
        values: Sequence[object],
        valid: Sequence[object],
    ) -> None:
        for value in values:
            if value not in valid:
                raise self.fail(
                    kind,
                    getattr(item, "id", "?"),
                    f"{field} {value!r} does not resolve; valid: {', '.join(map(str, valid))}",
                )

    def numbered(self, kind: str, expected: int) -> None:
        items = self.ref.items(kind)
        numbers = [getattr(i, "number", None) for i in items]
        if numbers != list(range(1, expected + 1)):
            raise self.fail(
                kind,
                items[0].id if items else "?",
                f"expected {expected} items numbered 1..{expected}, got {numbers}",
            )

    def run(self) -> None:
        ref = self.ref
        for kind, n in (
            ("ambitions", 5),
            ("interests", 21),
            ("priorities", 4),
            ("principles", 3),
            ("perspectives", 3),
            ("novex-areas", 16),
            ("phases", 4),
        ):
            self.numbered(kind, n)
        ambitions = [a.id for a in ref.ambitions]
        priorities = [p.id for p in ref.priorities]
        numbers = [i.number for i in ref.interests]
        provinces = [p.id for p in ref.provinces]
        functions = [f.id for f in ref.functions]
        self._check_provinces()
        for p in ref.priorities:
            self.refs("priorities", p, "ambition", p.ambitions, ambitions)
        for i in ref.interests:
            self.refs("interests", i, "priority", i.priorities, priorities)
            self.refs("interests", i, "ambition", i.ambitions, ambitions)
        for c in ref.choices:
            self.refs("choices", c, "priority", [c.priority], priorities)
        for ins in ref.instruments:
            if ins.choice is not None:
                self.refs("instruments", ins, "choice", [ins.choice], [c.id for c in ref.choices])
        for f in ref.functions:
            self.refs("functions", f, "interest", [*f.interests, f.primary_interest], numbers)
            if f.interests[:1] != [f.primary_interest]:
                raise self.fail("functions", f.id, "primary_interest must be first in interests")
        self._check_perspectives(functions)
        for a in ref.novex_areas:
            self.refs("novex-areas", a, "province", a.provinces, provinces)
        areas = [a.id for a in ref.novex_areas]
        for h in ref.housing_areas:
            self.refs("housing-areas", h, "province", h.provinces, provinces)
            if h.novex_area is not None:
                self.refs("housing-areas", h, "novex_area", [h.novex_area], areas)
        woningbouw = [h for h in ref.housing_areas if h.group == "novex_woningbouwgebied"]
        if len(woningbouw) != 17:
            raise self.fail(
                "housing-areas",
                "WB01",
                f"expected 17 NOVEX-woningbouwgebieden, got {len(woningbouw)}",
            )
        for prog in ref.programmes:
            self.refs(
                "programmes",
                prog,
                "perspective",
                prog.perspectives,
                [p.id for p in ref.perspectives],
            )
            self.refs("programmes", prog, "phase", prog.phases, [p.id for p in ref.phases])

    def _check_provinces(self) -> None:
        items = self.ref.provinces
        if len(items) != 12:
            raise self.fail(
                "provinces",
                items[0].id if items else "?",
                f"expected the 12 provinces, got {len(items)}: {[p.id for p in items]}",
            )
        for n, p in enumerate(items, start=1):
            if not _PROVINCE_CODE.fullmatch(p.id):
                raise self.fail("provinces", p.id, "id must be an ISO 3166-2 code like 'NL-UT'")
            if p.raster_id != n:
                raise self.fail(
                    "provinces",
                    p.id,
                    f"raster_id {p.raster_id!r} out of order; expected {n} "
                    "(raster ids 1-12 in the order of the file)",
                )

    def _check_perspectives(self, functions: list[str]) -> None:
        theme_ids: set[str] = set()
        for p in self.ref.perspectives:
            if [t.number for t in p.themes] != [1, 2, 3]:
                raise self.fail("perspectives", p.id, "expected 3 themes numbered 1..3")
            for t in p.themes:
                if t.perspective != p.id:
                    raise self.fail(
                        "perspectives",
                        t.id,
                        f"theme names perspective {t.perspective!r}, sits in {p.id!r}",
                    )
                if t.id in theme_ids:
                    raise self.fail("perspectives", t.id, "duplicate theme id")
                theme_ids.add(t.id)
                self.refs(
                    "perspectives", t, "contribution function", list(t.contributions), functions
                )
                bad = {k: v for k, v in t.contributions.items() if not 0 <= v <= 1}
                if bad or not t.contributions:
                    raise self.fail(
                        "perspectives",
                        t.id,
                        f"contributions must be non-empty, each in [0, 1]; got {bad}",
                    )
                if [s.slot for s in t.solutions] != [1]:
                    raise self.fail(
                        "perspectives",
                        t.id,
                        "expected one inrichtingsoplossing (slot 1) per theme, 9 in all "
                        "(seed: '3x3 inrichtingsoplossingen', '9 x handreikingen')",
                    )


@functools.cache
def load_reference(data_dir: str | Path | None = None) -> Reference:
    """Load and validate the NOVI reference model (cached per ``data_dir``).

    Parameters
    ----------
    data_dir : str or Path, optional
        A folder with one YAML file per kind (``interests.yaml``, ``novex_areas.yaml``,
        ...). Default: the data shipped with novex. Pass a copy to configure
        assumptions (theme contributions, solution names, voorkeursvolgorde tiers).

    Returns
    -------
    Reference

    Raises
    ------
    ReferenceDataError
        If a file is missing or malformed, ids repeat, counts are wrong (21 interests,
        12 provinces, 16 NOVEX areas, 3 x 3 themes with one
        inrichtingsoplossing each) or a cross-reference does not
        resolve. The message names the file and the item.

    Examples
    --------
    >>> from novex.reference import load_reference
    >>> ref = load_reference()
    >>> ref.figure("housing_agreements_2030").value
    917193
    >>> [t.name_nl for t in ref.themes()][:2]
    ['Natuur en landbouw verweven', 'Iconisch landelijk gebied']
    """
    folder = DATA_DIR if data_dir is None else Path(data_dir)
    items = {kind: _parse(folder / _file_name(kind), kind) for kind in KINDS}
    ref = Reference(items)
    _Checker(ref, folder).run()
    log.debug("loaded NOVI reference from %s", folder)
    return ref
