"""Scenarios side by side: an indicator table and difference maps.

Every number is read from the scenario folders that :func:`novex.scenarios.run_scenarios`
wrote: the puzzle run through :func:`novex.results.open_run`, the afwenteling table, and
the scenario workspace's derived layers for the cells that are flood-prone or peat. No
puzzle is solved again.

Indicators (``key`` in :class:`Indicator`):

- ``function_ha:<f>``: hectares counted for function ``f`` (claims' ``total_ha``);
- ``shortfall_ha:<province>:<f>``: shortfall of each claim, and ``shortfall_ha:total``;
- ``tier_ha:<t>`` and ``tier_homes:<t>``: wonen hectares and homes (``homes_per_ha``) per
  voorkeursvolgorde tier;
- ``flood_prone_ha``: new allocation on cells with ``flood_depth > 0`` at the scenario's
  horizon; ``peat_converted_ha``: new allocation on peat;
- ``multifunctional_ha``: hectares given an inrichtingsconcept (koppelkansen used);
- ``suitability``: total suitability (sum of the provinces' objectives); ``dual_bound``,
  ``max_gap`` and ``solved``: the certificate;
- ``afwenteling_ha``: hectares out of rule at the later horizon; ``afwenteling_ha_without``:
  the same for the scenario solved without the afwenteling principle (when the set
  compares it, ``compare_principles = ["afwenteling"]``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from novex.errors import ResultsError

__all__ = ["Comparison", "Indicator", "compare_scenarios", "difference_map", "scenario_folders"]


@dataclass
class Indicator:
    """One row of the table: a key, its group and unit, a value per scenario."""

    key: str
    group: str
    unit: str
    values: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Comparison:
    """The indicator table of a batch folder; ``scenarios`` in batch order."""

    out: Path
    scenarios: list[str]
    rows: list[Indicator]
    synthetic: bool

    def row(self, key: str) -> Indicator:
        """The row of ``key``; an unknown key raises :class:`ResultsError`."""
        for r in self.rows:
            if r.key == key:
                return r
        raise ResultsError(f"No indicator {key!r}; known: {[r.key for r in self.rows]}.")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "out": str(self.out),
            "scenarios": self.scenarios,
            "synthetic": self.synthetic,
            "indicators": [r.__dict__ for r in self.rows],
        }


def scenario_folders(out: str | os.PathLike[str]) -> dict[str, Path]:
    """Scenario id -> folder, for every finished scenario in batch folder ``out``."""
    root = Path(out)
    if not root.is_dir():
        raise ResultsError(
            f"No scenario batch at {str(root)!r}: the folder does not exist. Run "
            "`novex scenarios run SPEC --out DIR` first."
        )
    order: list[str] = []
    index = root / "scenarios.json"
    if index.is_file():
        order = [s["id"] for s in json.loads(index.read_text(encoding="utf-8"))["scenarios"]]
    found = {p.parent.name: p.parent for p in sorted(root.glob("*/scenario.json"))}
    ids = [i for i in order if i in found] + [i for i in found if i not in order]
    if not ids:
        raise ResultsError(
            f"No finished scenario in {str(root)!r} (no */scenario.json). Run "
            "`novex scenarios run SPEC --out DIR` first."
        )
    return {i: found[i] for i in ids}


def _indicators(folder: Path) -> tuple[dict[str, tuple[str, str, float | None]], bool]:
    from novex.layers import Workspace
    from novex.results import open_run

    record = json.loads((folder / "scenario.json").read_text(encoding="utf-8"))
    run = open_run(folder / "puzzel")
    out: dict[str, tuple[str, str, float | None]] = {}
    claims = run.claims()
    for f in sorted({c.function for c in claims}):
        out[f"function_ha:{f}"] = (
            "function_ha",
            "ha",
            sum(c.total_ha for c in claims if c.function == f),
        )
    for c in claims:
        out[f"shortfall_ha:{c.region}:{c.function}"] = ("shortfall_ha", "ha", c.shortfall)
    out["shortfall_ha:total"] = ("shortfall_ha", "ha", sum(c.shortfall for c in claims))
    homes = float(record.get("homes_per_ha", 0.0))
    for tier in sorted({r.tier for r in run.tiers()}):
        ha = sum(r.function_ha for r in run.tiers() if r.tier == tier and r.function == "wonen")
        out[f"tier_ha:{tier}"] = ("tier", "ha", ha)
        out[f"tier_homes:{tier}"] = ("tier", "homes", ha * homes)
    alloc = np.asarray(run.allocation().values)
    types = {t.value: t for t in run.manifest.types}
    size = int(max(types, default=0)) + 1
    new = np.zeros(size, bool)
    multi = np.zeros(size, bool)
    for v, t in types.items():
        new[v] = not t.id.startswith("bestaand_")
        multi[v] = sum(1 for x in t.contributions.values() if x > 0) > 1
    is_new = new[alloc]
    area = run.manifest.grid.cell_area_ha
    ws = Workspace.open(record["workspace"])
    layers = record["layers"]
    flood = ws.read(layers["flood_depth"])
    soil = ws.read(layers["soil"])
    with np.errstate(invalid="ignore"):
        out["flood_prone_ha"] = ("risk", "ha", float((is_new & (flood > 0)).sum() * area))
    peat = soil == int(layers["peat_class"])
    out["peat_converted_ha"] = ("risk", "ha", float((is_new & peat).sum() * area))
    out["multifunctional_ha"] = ("koppelkansen", "ha", float(multi[alloc].sum() * area))
    provs = run.provinces
    out["suitability"] = ("certificate", "", sum(p.objective or 0.0 for p in provs))
    out["dual_bound"] = ("certificate", "", sum(p.dual_bound or 0.0 for p in provs))
    gaps = [p.gap for p in provs if p.gap is not None]
    out["max_gap"] = ("certificate", "", max(gaps) if gaps else None)
    out["solved"] = ("certificate", "provinces", float(sum(p.solved for p in provs)))
    af = json.loads((folder / "afwenteling.json").read_text(encoding="utf-8"))
    out["afwenteling_ha"] = ("afwenteling", "ha", float(af["out_of_rule_ha"]))
    if "out_of_rule_ha_without_afwenteling" in af:
        without = float(af["out_of_rule_ha_without_afwenteling"])
        out["afwenteling_ha_without"] = ("afwenteling", "ha", without)
    return out, bool(run.manifest.synthetic)


def compare_scenarios(out: str | os.PathLike[str]) -> Comparison:
    """The indicator table of every finished scenario in batch folder ``out``."""
    folders = scenario_folders(out)
    rows: dict[str, Indicator] = {}
    synthetic = False
    for sid, folder in folders.items():
        values, syn = _indicators(folder)
        synthetic |= syn
        for key, (group, unit, v) in values.items():
            rows.setdefault(key, Indicator(key, group, unit)).values[sid] = v
    for r in rows.values():
        for sid in folders:
            r.values.setdefault(sid, None)
    return Comparison(Path(out), list(folders), list(rows.values()), synthetic)


CHANGE_CLASSES = {1: "same", 2: "new_in_b", 3: "new_in_a", 4: "different_new"}
"""Codes of the difference raster (0: outside the puzzle)."""


def difference_map(
    out: str | os.PathLike[str],
    a: str,
    b: str,
    target: str | os.PathLike[str] | None = None,
    *,
    lang: str = "nl",
) -> tuple[Path, Path]:
    """Write the difference of scenario ``b`` against ``a`` as GeoTIFF and PNG.

    Codes (:data:`CHANGE_CLASSES`): 1 same type, 2 new use only in ``b``, 3 new use only
    in ``a``, 4 a different new type in both; 0 outside the puzzle.
    Returns the paths of ``verschil_A_B.tif`` and ``.png`` (in ``target``, default ``out``).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from novex.grid import atomic_file, write_raster
    from novex.results import open_run
    from novex.text import gettext

    folders = scenario_folders(out)
    for sid in (a, b):
        if sid not in folders:
            raise ResultsError(f"No scenario {sid!r} in {str(out)!r}; scenarios: {list(folders)}.")
    ra, rb = open_run(folders[a] / "puzzel"), open_run(folders[b] / "puzzel")
    va, vb = np.asarray(ra.allocation().values), np.asarray(rb.allocation().values)
    keep_a = {t.value for t in ra.manifest.types if t.id.startswith("bestaand_")}
    keep_b = {t.value for t in rb.manifest.types if t.id.startswith("bestaand_")}
    new_a = (va > 0) & ~np.isin(va, list(keep_a))
    new_b = (vb > 0) & ~np.isin(vb, list(keep_b))
    code = np.zeros(va.shape, np.uint8)
    inside = (va > 0) | (vb > 0)
    code[inside] = 1
    code[new_b & ~new_a] = 2
    code[new_a & ~new_b] = 3
    code[new_a & new_b & (va != vb)] = 4
    dest = Path(target) if target is not None else Path(out)
    dest.mkdir(parents=True, exist_ok=True)
    tif = dest / f"verschil_{a}_{b}.tif"
    write_raster(
        tif, code, ra.manifest.grid,
        tags={"layer": "verschil", "a": a, "b": b, "categories": CHANGE_CLASSES,
              "synthetic": ra.manifest.synthetic},
        colormap={0: (0, 0, 0, 0), 1: (220, 220, 220, 255), 2: (215, 48, 39, 255),
                  3: (69, 117, 180, 255), 4: (254, 224, 144, 255)},
    )  # fmt: skip
    png = dest / f"verschil_{a}_{b}.png"
    cmap = ListedColormap(["white", "#dcdcdc", "#d73027", "#4575b4", "#fee090"])
    fig, ax = plt.subplots(figsize=(6, 6.5))
    ax.imshow(code, cmap=cmap, vmin=0, vmax=4, interpolation="nearest")
    ax.set_axis_off()
    title = gettext("{b} against {a}", lang, a=a, b=b)
    if ra.manifest.synthetic:
        title += f" ({gettext('SYNTHETIC', lang)})"
    labels = {
        1: gettext("same type", lang),
        2: gettext("new use only in {x}", lang, x=b),
        3: gettext("new use only in {x}", lang, x=a),
        4: gettext("a different new use", lang),
    }
    ax.set_title(title)
    from matplotlib.patches import Patch

    ax.legend(
        handles=[Patch(color=cmap(k), label=labels[k]) for k in (1, 2, 3, 4)],
        loc="lower left", fontsize=7,
    )  # fmt: skip
    with atomic_file(png) as tmp:
        fig.savefig(tmp, dpi=100, format="png")
    plt.close(fig)
    return tif, png
