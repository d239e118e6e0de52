"""The compatibility matrix: is an overlap of two interests a conflict or a koppelkans?

The matrix is data (``novex/stack/data/compatibility.yaml``), derived from the Mooi
Nederland inrichtingsconcepten (3 perspectives x 3 themes): a pair that a concept
combines (natuur + waterberging, "natuur en landbouw verweven") is a *koppelkans*; a pair
that a NOVI principle keeps apart (wonen + uiterwaard, "water en bodem sturend") is a
*conflict*; every other pair is *neutral*. The classes are a novex assumption.

>>> m = load_compatibility()
>>> m.classify(20, 14).value
'koppelkans'
>>> m.classify(5, 14).value
'conflict'
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from novex.errors import StackError
from novex.layers import N_INTERESTS

__all__ = ["Compatibility", "PairClass", "PairRule", "load_compatibility"]


class PairClass(StrEnum):
    """How two overlapping interests relate."""

    CONFLICT = "conflict"
    KOPPELKANS = "koppelkans"
    NEUTRAL = "neutral"

    def label(self, lang: str = "nl") -> str:
        """A display label in ``lang``."""
        if lang == "en":
            return {"conflict": "conflict", "koppelkans": "synergy", "neutral": "neutral"}[
                self.value
            ]
        return {"conflict": "conflict", "koppelkans": "koppelkans", "neutral": "neutraal"}[
            self.value
        ]


@dataclass(frozen=True)
class PairRule:
    """The class of one interest pair, with why."""

    pair: tuple[int, int]
    cls: PairClass
    concept: str | None
    rationale_nl: str
    rationale_en: str

    def rationale(self, lang: str = "nl") -> str:
        """The rationale in ``lang``."""
        return self.rationale_en if lang == "en" else self.rationale_nl


@dataclass(frozen=True)
class Compatibility:
    """The compatibility matrix of the 21 national interests.

    Parameters
    ----------
    rules : dict
        ``(a, b) -> PairRule`` with ``a < b``.
    names : dict
        ``number -> {"nl": ..., "en": ...}`` short interest names for maps and tables.
    status : str
        ``"assumption"`` for the shipped matrix.
    default : PairClass
        The class of pairs without a rule.
    """

    rules: dict[tuple[int, int], PairRule]
    names: dict[int, dict[str, str]] = field(default_factory=dict)
    status: str = "assumption"
    default: PairClass = PairClass.NEUTRAL

    def rule(self, a: int, b: int) -> PairRule:
        """The rule of pair ``(a, b)`` (order does not matter); the default when unlisted."""
        key = (min(a, b), max(a, b))
        found = self.rules.get(key)
        if found is not None:
            return found
        return PairRule(key, self.default, None, "Geen uitspraak.", "No statement.")

    def classify(self, a: int, b: int) -> PairClass:
        """The class of pair ``(a, b)``."""
        return self.rule(a, b).cls

    def name(self, number: int, lang: str = "nl") -> str:
        """Short name of interest ``number`` in ``lang``."""
        entry = self.names.get(number)
        if not entry:
            return f"belang {number}" if lang != "en" else f"interest {number}"
        return entry.get(lang) or entry.get("nl") or str(number)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "status": self.status,
            "default": self.default.value,
            "pairs": [
                {
                    "pair": list(r.pair),
                    "class": r.cls.value,
                    "concept": r.concept,
                    "rationale_nl": r.rationale_nl,
                    "rationale_en": r.rationale_en,
                }
                for r in sorted(self.rules.values(), key=lambda r: r.pair)
            ],
        }


def _parse(data: Any, origin: str) -> Compatibility:
    if not isinstance(data, dict) or "pairs" not in data:
        raise StackError(f"Compatibility file {origin!r} needs a top-level 'pairs' list.")
    try:
        default = PairClass(data.get("default", "neutral"))
    except ValueError as err:
        raise StackError(
            f"Compatibility file {origin!r}: invalid default {data.get('default')!r}. "
            f"Only {tuple(c.value for c in PairClass)} are supported."
        ) from err
    names = {int(k): dict(v) for k, v in (data.get("interests") or {}).items()}
    rules: dict[tuple[int, int], PairRule] = {}
    for entry in data["pairs"]:
        pair = entry.get("pair") if isinstance(entry, dict) else None
        if not (isinstance(pair, list) and len(pair) == 2):
            raise StackError(
                f"Compatibility file {origin!r}: bad entry {entry!r}; need pair: [a, b]."
            )
        a, b = sorted(int(p) for p in pair)
        for n in (a, b):
            if not 1 <= n <= N_INTERESTS:
                raise StackError(
                    f"Compatibility file {origin!r}: national interest {n!r} does not exist "
                    f"(only 1-{N_INTERESTS})."
                )
        if a == b:
            raise StackError(
                f"Compatibility file {origin!r}: pair {pair!r} names one interest twice."
            )
        if (a, b) in rules:
            raise StackError(f"Compatibility file {origin!r}: pair {[a, b]!r} is listed twice.")
        try:
            cls = PairClass(entry.get("class"))
        except ValueError as err:
            raise StackError(
                f"Compatibility file {origin!r}: pair {[a, b]!r} has invalid class "
                f"{entry.get('class')!r}. Only {tuple(c.value for c in PairClass)} are supported."
            ) from err
        rules[(a, b)] = PairRule(
            (a, b), cls, entry.get("concept"), str(entry.get("nl", "")), str(entry.get("en", ""))
        )
    return Compatibility(rules, names, str(data.get("status", "assumption")), default)


@lru_cache(maxsize=1)
def _shipped() -> Compatibility:
    text = resources.files("novex.stack").joinpath("data/compatibility.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text), "novex/stack/data/compatibility.yaml")


def load_compatibility(path: str | os.PathLike[str] | None = None) -> Compatibility:
    """Load the compatibility matrix: the shipped one, or a YAML file of the same form.

    Parameters
    ----------
    path : path-like, optional
        A YAML file with ``pairs: [{pair: [a, b], class: conflict|koppelkans|neutral,
        concept: ..., nl: ..., en: ...}]``.

    Raises
    ------
    StackError
        When the file is malformed, names an interest outside 1-21 or an unknown class.
    """
    if path is None:
        return _shipped()
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise StackError(f"Cannot read compatibility file {str(p)!r}: {err}") from err
    return _parse(data, str(p))
