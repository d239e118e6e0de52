"""The result of a puzzle run: :class:`PuzzleRun` and one :class:`ProvinceRun` per province.

:func:`novex.puzzle.runner.solve_spec` makes them; :meth:`PuzzleRun.write` writes every
output (:mod:`novex.puzzle.outputs`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from novex.puzzle.coherence import coherence_line
from novex.puzzle.engine.solution import SolveStatus
from novex.puzzle.spec import PuzzleSpec, TypeDef
from novex.reference import Region
from novex.text import format_hectares, gettext

if TYPE_CHECKING:
    from novex.layers import Workspace

__all__ = ["ProvinceRun", "PuzzleRun", "spec_hash"]

_TOL = 1e-6
"""Hectares of shortfall below which a claim counts as met."""


@dataclass
class ProvinceRun:
    """The result of one province: status, certificate, claims and reports."""

    province: Region
    status: SolveStatus
    elastic: bool = True
    objective: float | None = None
    dual_bound: float | None = None
    gap: float | None = None
    passes: float | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    tiers: list[dict[str, Any]] = field(default_factory=list)
    housing: list[dict[str, Any]] = field(default_factory=list)
    principles: list[dict[str, Any]] = field(default_factory=list)
    coherence: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        """False when strict mode found the claims cannot all fit."""
        return self.status != SolveStatus.INFEASIBLE

    def fits(self) -> list[str]:
        """Functions whose claims are fully met."""
        return [c["function"] for c in self.claims if c["shortfall"] <= _TOL]

    def short(self) -> list[tuple[str, float]]:
        """(function, hectares short) for the claims that fall short (none when unsolved)."""
        if not self.solved:
            return []
        return [(c["function"], c["shortfall"]) for c in self.claims if c["shortfall"] > _TOL]


@dataclass
class PuzzleRun:
    """The result of :func:`solve_spec`: per-province results and the allocation map.

    Attributes
    ----------
    spec : PuzzleSpec
    workspace : Workspace
    types : list of TypeDef
        The land-use types; the allocation raster holds ``index + 1`` (0 = no puzzle).
    functions : tuple of str
    allocation : (H, W) uint8
        Type per cell on the workspace grid.
    provinces : list of ProvinceRun
    national : list of dict
        National claims with their split over provinces and the totals allocated.
    elastic : bool
    timings : dict of str to float
    """

    spec: PuzzleSpec
    workspace: Workspace
    types: list[TypeDef]
    functions: tuple[str, ...]
    allocation: NDArray[np.uint8]
    provinces: list[ProvinceRun]
    national: list[dict[str, Any]]
    elastic: bool
    timings: dict[str, float]

    # -- tables -------------------------------------------------------------------------
    def claims_table(self, lang: str = "nl") -> list[dict[str, Any]]:
        """One row per (province, function) claim with its explanation in ``lang``."""
        rows = []
        for pr in self.provinces:
            for c in pr.claims:
                row = {k: v for k, v in c.items() if not k.startswith("explanation_")}
                row["explanation"] = c["explanation_en" if lang == "en" else "explanation_nl"]
                rows.append(row)
        return rows

    def rule_table(self) -> list[dict[str, Any]]:
        """Hectares excluded per rule, province and function."""
        return [row for pr in self.provinces for row in pr.rules]

    def tier_table(self) -> list[dict[str, Any]]:
        """Hectares per voorkeursvolgorde tier, province and function."""
        return [row for pr in self.provinces for row in pr.tiers]

    def housing_table(self) -> list[dict[str, Any]]:
        """Wonen hectares and homes per NOVEX-woningbouwgebied, per province."""
        return [row for pr in self.provinces for row in pr.housing]

    def principle_table(self) -> list[dict[str, Any]]:
        """What each switched-on weighing principle changed, per province."""
        return [row for pr in self.provinces for row in pr.principles]

    def area_table(self) -> list[dict[str, Any]]:
        """Hectares per function inside each NOVEX-gebied of each province
        (:mod:`novex.puzzle.areas`)."""
        return [row for pr in self.provinces for row in pr.areas]

    def coherence_table(self) -> list[dict[str, Any]]:
        """Patches, tiny patches and isolated cells per province and new type
        (:mod:`novex.puzzle.coherence`)."""
        return [row for pr in self.provinces for row in pr.coherence]

    def summary(self, lang: str = "nl") -> list[dict[str, Any]]:
        """A compact row per province: what fits, what falls short, the gap.

        Each row has ``province``, ``name``, ``status``, ``gap``, ``fits`` (function
        ids), ``short`` (function -> hectares), ``demand_ha``, ``allocated_ha``,
        ``text`` (one line in ``lang``) and ``coherence`` (one line in ``lang``: the
        province's patches of new uses, its worst share of tiny patches and of
        isolated cells, see :func:`novex.puzzle.coherence.coherence_line`).
        """
        rows = []
        for pr in self.provinces:
            short = dict(pr.short())
            demand = sum(c["demand_min"] for c in pr.claims)
            alloc = sum(c["allocated"] for c in pr.claims)
            if not pr.solved:
                names = ", ".join("+".join(c.get("functions", [])) for c in pr.conflicts) or "?"
                mode = gettext("elastic" if pr.elastic else "strict", lang)
                text = gettext(
                    "does not fit ({mode}): conflicting claims {names}",
                    lang,
                    mode=mode,
                    names=names,
                )
            elif short:
                parts = ", ".join(f"{f} {format_hectares(v, lang)}" for f, v in short.items())
                text = gettext("short: {parts}", lang, parts=parts)
            else:
                text = gettext("all claims fit", lang)
            rows.append(
                {
                    "province": pr.province.code,
                    "name": pr.province.name(lang),
                    "status": pr.status,
                    "gap": pr.gap,
                    "fits": pr.fits(),
                    "short": short,
                    "demand_ha": demand,
                    "allocated_ha": alloc,
                    "text": text,
                    "coherence": coherence_line(pr.coherence, lang) if pr.solved else "",
                }
            )
        return rows

    def manifest(self) -> dict[str, Any]:
        """The run manifest: inputs with their hashes, version, timings, gap, status."""
        from novex import __version__
        from novex.puzzle.outputs import RUN_FORMAT, RUN_FORMAT_VERSION

        ws = self.workspace
        used = self.spec.layers_used()
        layers = {}
        for name in sorted(used):
            spec = ws.layer(name)
            layers[name] = {"file": spec.file, "sha256": spec.sha256, "synthetic": spec.synthetic}
        tables = {
            k: {"file": v.get("file"), "sha256": v.get("sha256")}
            for k, v in ws.tables.items()
            if k in (self.spec.region.table, self.spec.claims.table)
        }
        return {
            "format": RUN_FORMAT,
            "format_version": RUN_FORMAT_VERSION,
            "novex_version": __version__,
            "spec": {
                "name": self.spec.puzzle.name,
                "path": self.spec.source_path,
                "sha256": spec_hash(self.spec),
            },
            "workspace": {
                "path": str(ws.path),
                "name": ws.name,
                "grid": ws.grid.to_dict(),
                "synthetic": ws.synthetic,
                "layers": layers,
                "tables": tables,
            },
            "elastic": self.elastic,
            "types": [
                {
                    "value": k + 1,
                    "id": t.id,
                    "name_nl": t.name_nl,
                    "name_en": t.name_en,
                    "contributions": t.contributions,
                }
                for k, t in enumerate(self.types)
            ],
            "provinces": [
                {
                    "province": pr.province.code,
                    "status": pr.status,
                    "objective": pr.objective,
                    "dual_bound": pr.dual_bound,
                    "gap": pr.gap,
                    "passes": pr.passes,
                    "timings": pr.timings,
                }
                for pr in self.provinces
            ],
            "max_gap": max((pr.gap for pr in self.provinces if pr.gap is not None), default=None),
            "timings": self.timings,
        }

    def write(self, out: str | os.PathLike[str], lang: str = "nl") -> Path:
        """Write every output into folder ``out`` atomically (see :mod:`~novex.puzzle.outputs`)."""
        from novex.puzzle.outputs import write_outputs

        return write_outputs(self, out, lang=lang)


def spec_hash(spec: PuzzleSpec) -> str:
    """SHA-256 of the spec's canonical JSON (path excluded)."""
    import hashlib
    import json

    data = spec.model_dump(mode="json", exclude={"source_path"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
