"""The result of a stapelkaart: exact cell counts per (region, combination of interests).

Everything a user reads (hectares per interest, pairwise overlap, hectares claimed by 3
or more interests, conflict vs koppelkans) is derived here from one table: for every
region (province) and every combination of interests, the number of cells where exactly
that combination lays a claim. Because every figure comes from the same exact integer
counts, the totals add up by construction: a pair's overlap never exceeds either
interest's hectares, and the provinces sum to the national total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from novex.errors import ReferenceLookupError, StackError
from novex.reference import Region, RegionKind, region
from novex.stack.compatibility import Compatibility, PairClass, load_compatibility

__all__ = [
    "NATIONAL",
    "OUTSIDE",
    "WHOLE_GRID",
    "PairOverlap",
    "RegionKey",
    "StackResult",
    "top_pairs",
]

NATIONAL = "nationaal"
"""Name of the whole grid as a region in :meth:`StackResult.region`."""

OUTSIDE = "buiten provincies"
"""Name of region 0: cells of the grid outside every province (sea, border waters)."""

WHOLE_GRID = "geheel grid"
"""Name of region 0 when the workspace has no province layer."""

RegionKey = int | str | Region | None
"""A region of a stack: see :meth:`StackResult.region_id`."""


@dataclass(frozen=True)
class PairOverlap:
    """The overlap of two interests in one region."""

    a: int
    b: int
    hectares: float
    cls: PairClass
    concept: str | None
    rationale: str
    name_a: str
    name_b: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "a": self.a,
            "b": self.b,
            "name_a": self.name_a,
            "name_b": self.name_b,
            "hectares": self.hectares,
            "class": self.cls.value,
            "concept": self.concept,
            "rationale": self.rationale,
        }


@dataclass
class StackResult:
    """Counts of the stapelkaart and the files written.

    Parameters
    ----------
    interests : list of int
        The interests in the stack; bit ``i`` of a combination mask is ``interests[i]``.
    provinces : list of Region
        The provinces of the province layer, in raster-id order.
    counts : dict
        ``region id -> (masks, cells)``: 1-D arrays of combination bitmasks (uint64) and
        their exact cell counts (int64); only combinations that occur, mask 0 included.
        The region id is a province's raster id, or 0 for the cells outside the
        provinces (the whole grid without a province layer).
    cell_area_ha : float
        Hectares per cell.
    layers : dict
        ``interest -> layer names`` that made up the stack.
    synthetic : bool
        True when any input layer is synthetic.
    compatibility : Compatibility
        The matrix that classes the pairs.
    files : dict
        Output files by key (``overlap_count``, ``interest_mask``, ``combination``, ...).
    info : dict
        Grid, timings and other provenance.
    not_mapped : dict
        ``interest -> {"reason_nl", "reason_en"}`` for every national interest (1-21)
        without a layer in the stack: shown in ``stack.json``, ``interests.csv``, the
        maps' legend and the CLI, so no interest is silently missing.
    outside : str
        The name of region 0 (:data:`OUTSIDE`, or :data:`WHOLE_GRID` without provinces).
    """

    interests: list[int]
    provinces: list[Region]
    counts: dict[int, tuple[np.ndarray, np.ndarray]]
    cell_area_ha: float
    layers: dict[int, list[str]]
    synthetic: bool
    compatibility: Compatibility = field(default_factory=load_compatibility)
    files: dict[str, Path] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    not_mapped: dict[int, dict[str, str]] = field(default_factory=dict)
    outside: str = OUTSIDE
    _pair_cache: dict[int | None, tuple[Any, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    # -- regions ------------------------------------------------------------------------
    @property
    def region_ids(self) -> list[int]:
        """The ids of the counted regions: 0 (outside the provinces) and the raster ids."""
        return [0, *(p.raster_id for p in self.provinces)]

    def region_name(self, region_id: int) -> str:
        """The (Dutch) name of region ``region_id``: the province's name, or :attr:`outside`."""
        for p in self.provinces:
            if p.raster_id == region_id:
                return p.name_nl
        return self.outside

    def region_id(self, key: int | str | Region | None) -> int | None:
        """The id of a region: a province's raster id, 0 outside the provinces, ``None``
        for the whole country.

        ``key`` is a :class:`~novex.reference.Region`, a raster id, a province's code or
        Dutch or English name (any case), :attr:`outside`, or ``None`` / ``"nationaal"``.

        Raises
        ------
        StackError
            For a key that is not a province of this stack, listing the ones that are.
        """
        if key is None or (isinstance(key, str) and key.lower() in (NATIONAL, "national", "nl")):
            return None
        if isinstance(key, str) and key.strip().lower() == self.outside.lower():
            return 0
        if isinstance(key, int) or (isinstance(key, str) and key.strip().isdigit()):
            rid = int(key)
            if rid in self.region_ids:
                return rid
        else:
            try:
                prov = key if isinstance(key, Region) else region(key, RegionKind.PROVINCE)
            except ReferenceLookupError:
                prov = None
            if prov is not None and prov in self.provinces:
                return prov.raster_id
        raise StackError(
            f"Unknown province {key!r}. Choose one of {[p.name_nl for p in self.provinces]} "
            f"or {NATIONAL!r}."
        )

    def region(self, key: int | str | Region | None) -> Region | None:
        """The province ``key`` names (see :meth:`region_id`); ``None`` for the whole
        country or the area outside the provinces.

        Raises
        ------
        StackError
            For a key that is not a province of this stack, listing the ones that are.
        """
        rid = self.region_id(key)
        return next((p for p in self.provinces if p.raster_id == rid), None)

    def national_combinations(self) -> tuple[np.ndarray, np.ndarray]:
        """All combination bitmasks that occur and their national cell counts."""
        return self._combos(None)

    def _combos(self, region: RegionKey) -> tuple[np.ndarray, np.ndarray]:
        rid = self.region_id(region)
        if rid is not None:
            return self.counts.get(rid, (np.zeros(0, np.uint64), np.zeros(0, np.int64)))
        masks = [m for m, _ in self.counts.values()]
        cells = [c for _, c in self.counts.values()]
        if not masks:
            return np.zeros(0, np.uint64), np.zeros(0, np.int64)
        allm = np.concatenate(masks)
        allc = np.concatenate(cells)
        uniq, inv = np.unique(allm, return_inverse=True)
        total = np.zeros(len(uniq), np.int64)
        np.add.at(total, inv, allc)
        return uniq, total

    def _bits(self, masks: np.ndarray) -> np.ndarray:
        k = len(self.interests)
        return ((masks[:, None] >> np.arange(k, dtype=np.uint64)[None, :]) & np.uint64(1)).astype(
            np.int64
        )

    # -- figures ------------------------------------------------------------------------
    def cells(self, region: RegionKey = None) -> int:
        """Number of cells of the region (claimed or not)."""
        return int(self._combos(region)[1].sum())

    def pair_cells(self, region: RegionKey = None) -> np.ndarray:
        """Exact cell counts ``C[i, j]`` where interests ``i`` and ``j`` both claim; ``C[i, i]``
        is interest ``i``'s own count (index order of :attr:`interests`)."""
        key = self.region_id(region)
        cached = self._pair_cache.get(key)
        if cached is None or cached[0] is not self.counts:
            masks, cells = self._combos(region)
            bits = self._bits(masks)
            cached = (self.counts, bits.T @ (bits * cells[:, None]))  # exact int64
            self._pair_cache[key] = cached
        return cached[1].copy()

    def hectares(self, region: RegionKey = None) -> dict[int, float]:
        """Hectares claimed per interest."""
        diag = np.diag(self.pair_cells(region))
        return {n: float(diag[i]) * self.cell_area_ha for i, n in enumerate(self.interests)}

    def pair_hectares(self, region: RegionKey = None) -> dict[tuple[int, int], float]:
        """Overlap hectares per interest pair ``(a, b)`` with ``a < b``; zero pairs included."""
        c = self.pair_cells(region)
        out = {}
        for i, a in enumerate(self.interests):
            for j in range(i + 1, len(self.interests)):
                out[(a, self.interests[j])] = float(c[i, j]) * self.cell_area_ha
        return out

    def claimed_hectares(self, region: RegionKey = None, min_interests: int = 1) -> float:
        """Hectares claimed by at least ``min_interests`` interests."""
        masks, cells = self._combos(region)
        n = self._bits(masks).sum(axis=1)
        return float(cells[n >= min_interests].sum()) * self.cell_area_ha

    def area_hectares(self, region: RegionKey = None) -> float:
        """Hectares of the region on the grid."""
        return self.cells(region) * self.cell_area_ha

    def combinations(
        self, region: RegionKey = None, n: int | None = None
    ) -> list[tuple[tuple[int, ...], float]]:
        """Combinations of interests (at least one) by hectares, largest first."""
        masks, cells = self._combos(region)
        keep = masks != 0
        masks, cells = masks[keep], cells[keep]
        order = np.lexsort((masks, -cells))[:n]
        bits = self._bits(masks)
        return [
            (
                tuple(self.interests[i] for i in np.nonzero(bits[k])[0]),
                float(cells[k]) * self.cell_area_ha,
            )
            for k in order
        ]

    def pairs(self, region: RegionKey = None, lang: str = "nl") -> list[PairOverlap]:
        """Every overlapping pair with hectares and class, largest overlap first."""
        out = []
        comp = self.compatibility
        for (a, b), ha in self.pair_hectares(region).items():
            if ha <= 0:
                continue
            rule = comp.rule(a, b)
            out.append(
                PairOverlap(
                    a,
                    b,
                    ha,
                    rule.cls,
                    rule.concept,
                    rule.rationale(lang),
                    comp.name(a, lang),
                    comp.name(b, lang),
                )
            )
        out.sort(key=lambda p: (-p.hectares, p.a, p.b))
        return out

    def class_hectares(self, region: RegionKey = None) -> dict[str, float]:
        """Sum of pair overlaps per class (a cell in several pairs counts once per pair)."""
        out = {c.value: 0.0 for c in PairClass}
        for p in self.pairs(region):
            out[p.cls.value] += p.hectares
        return out

    # -- output ------------------------------------------------------------------------
    def summary(self, region: RegionKey = None, lang: str = "nl") -> dict[str, Any]:
        """All figures of one region as a JSON-ready dict."""
        rid = self.region_id(region)
        comp = self.compatibility
        return {
            "region": NATIONAL if rid is None else self.region_name(rid),
            "region_id": rid,
            "area_ha": self.area_hectares(region),
            "claimed_ha": self.claimed_hectares(region, 1),
            "claimed_3plus_ha": self.claimed_hectares(region, 3),
            "interests": [
                {"interest": n, "name": comp.name(n, lang), "hectares": ha}
                for n, ha in self.hectares(region).items()
            ],
            "pairs": [p.to_dict() for p in self.pairs(region, lang)],
            "class_hectares": self.class_hectares(region),
            "top_combinations": [
                {"interests": list(c), "hectares": ha} for c, ha in self.combinations(region, 10)
            ],
            "not_mapped": self.not_mapped_rows(lang),
        }

    def not_mapped_rows(self, lang: str = "nl") -> list[dict[str, Any]]:
        """The interests without a layer: number, name and the reason, in ``lang``."""
        comp = self.compatibility
        key = "reason_en" if lang == "en" else "reason_nl"
        return [
            {"interest": n, "name": comp.name(n, lang), "reason": r.get(key, "")}
            for n, r in sorted(self.not_mapped.items())
        ]

    def to_dict(self, lang: str = "nl") -> dict[str, Any]:
        """The whole result (national and every region) as a JSON-ready dict."""
        return {
            "synthetic": self.synthetic,
            "cell_area_ha": self.cell_area_ha,
            "interests": self.interests,
            "layers": {str(k): v for k, v in self.layers.items()},
            "compatibility_status": self.compatibility.status,
            "files": {k: str(v) for k, v in self.files.items()},
            "info": self.info,
            "not_mapped": self.not_mapped_rows(lang),
            "national": self.summary(None, lang),
            "regions": [self.summary(rid, lang) for rid in self.region_ids],
        }

    def to_json(self, lang: str = "nl") -> str:
        """:meth:`to_dict` as indented JSON."""
        return json.dumps(self.to_dict(lang), indent=2, ensure_ascii=False)

    def interest_table(self, lang: str = "nl") -> list[dict[str, Any]]:
        """Rows (region, interest, hectares, mapped, reason) for every region and interest.

        Interests without a layer get a row per region with empty hectares,
        ``mapped`` false and the reason.
        """
        rows: list[dict[str, Any]] = []
        missing = self.not_mapped_rows(lang)
        for rid in self.region_ids:
            name = self.region_name(rid)
            for n, ha in self.hectares(rid).items():
                rows.append(
                    {"region_id": rid, "region": name, "interest": n, "hectares": ha,
                     "mapped": True, "reason": ""}
                )  # fmt: skip
            for m in missing:
                rows.append(
                    {"region_id": rid, "region": name, "interest": m["interest"],
                     "hectares": None, "mapped": False, "reason": m["reason"]}
                )  # fmt: skip
        return rows

    def pair_table(self, lang: str = "nl") -> list[dict[str, Any]]:
        """Rows (region, a, b, hectares, class) for every region and overlapping pair."""
        rows = []
        for rid in self.region_ids:
            name = self.region_name(rid)
            for p in self.pairs(rid, lang):
                rows.append(
                    {
                        "region_id": rid,
                        "region": name,
                        "a": p.a,
                        "b": p.b,
                        "hectares": p.hectares,
                        "class": p.cls.value,
                        "concept": p.concept or "",
                    }
                )
        return rows


def top_pairs(
    result: StackResult, province: RegionKey = None, n: int = 3, lang: str = "nl"
) -> dict[str, list[PairOverlap]]:
    """The ``n`` largest conflicts and koppelkansen of a province (or nationally).

    Parameters
    ----------
    result : StackResult
        A computed stapelkaart.
    province : Region, int or str, optional
        Province (raster id, code, Dutch or English name); ``None`` for the whole country.
    n : int
        How many of each.
    lang : str
        ``"nl"`` or ``"en"`` for names and rationales.

    Returns
    -------
    dict
        ``{"conflict": [...], "koppelkans": [...]}``, largest overlap first.
    """
    pairs = result.pairs(province, lang)
    return {
        PairClass.CONFLICT.value: [p for p in pairs if p.cls is PairClass.CONFLICT][:n],
        PairClass.KOPPELKANS.value: [p for p in pairs if p.cls is PairClass.KOPPELKANS][:n],
    }
