"""Write a puzzle run into a folder, atomically: the folder appears whole or not at all.

Contents of ``--out``::

    allocation.tif          uint8 land-use type per cell (0 = no puzzle), NOVEX_* tags
                            with the category names, a GDAL colour table
    allocation.tif.aux.xml  category names for GDAL and QGIS (PAM)
    allocation.qml          QGIS paletted style with names and colours
    claims.csv, claims.json         per (province, function): demand, allocated,
                                    shortfall, price, priority, the national interests
                                    served and their NOVI priorities, source, date,
                                    status, explanation
    rules.csv, rules.json           hectares excluded per rule, province, function
    tiers.csv, tiers.json           hectares (and wonen homes) per voorkeursvolgorde tier
    woningbouwgebieden.csv, .json   wonen hectares and homes per NOVEX-woningbouwgebied
                                    (when the workspace has that layer)
    principles.csv, principles.json what each weighing principle changed
    coherence.csv, coherence.json   per province and new type: patches, mean patch
                                    size, tiny patches, isolated cells
    summary.json            per province: what fits, what falls short, the gap
    manifest.json           format and format_version, inputs with hashes, novex version,
                            language, timings, and per province status, certificate
                            (objective, dual bound, gap) and conflicting claims

``novex.results.open_run`` reads the folder back; it refuses a folder whose
``format`` / ``format_version`` differ from :data:`RUN_FORMAT` / :data:`RUN_FORMAT_VERSION`.

In ``claims``, ``allocated`` is the hectares credited to the claim's minimum, so
``allocated + shortfall = demand_min`` for every claim; ``total_ha`` is everything the
allocation counts for the function (``allocated + above_min_ha``).
"""

from __future__ import annotations

import csv
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import numpy as np

from novex.grid import atomic_dir, write_raster
from novex.puzzle.coherence import COHERENCE_COLUMNS
from novex.text import gettext

if TYPE_CHECKING:
    from novex.puzzle.runs import PuzzleRun
    from novex.puzzle.spec import TypeDef

__all__ = [
    "CLAIM_COLUMNS",
    "RUN_FORMAT",
    "RUN_FORMAT_VERSION",
    "run_manifest",
    "type_colours",
    "write_outputs",
]

log = logging.getLogger(__name__)

RUN_FORMAT = "novex-puzzle-run"
"""The ``format`` of a run folder's ``manifest.json``."""

RUN_FORMAT_VERSION = 1
"""The ``format_version`` written; raise it when a file's layout changes."""

CLAIM_COLUMNS = (
    "region",
    "region_name",
    "function",
    "demand_min",
    "demand_max",
    "allocated",
    "shortfall",
    "total_ha",
    "above_min_ha",
    "excess_ha",
    "price",
    "priority",
    "interests",
    "novi_priorities",
    "room_ha",
    "source",
    "date",
    "status",
    "explanation",
)
"""Columns of ``claims.csv``."""

_COLOURS: dict[str, tuple[int, int, int]] = {
    "wonen": (214, 39, 40),
    "werken": (148, 103, 189),
    "energie": (255, 200, 0),
    "natuur": (44, 130, 50),
    "landbouw": (205, 225, 120),
    "water": (31, 119, 180),
    "defensie": (140, 86, 75),
    "infrastructuur": (90, 90, 90),
    "A1": (120, 180, 70),
    "A2": (170, 200, 110),
    "A3": (220, 170, 110),
    "B1": (120, 70, 160),
    "B2": (250, 160, 20),
    "B3": (180, 120, 200),
    "C1": (230, 110, 110),
    "C2": (240, 150, 130),
    "C3": (150, 20, 30),
    "bestaand_bebouwd": (235, 215, 215),
    "bestaand_landbouw": (245, 245, 225),
    "bestaand_natuur": (200, 230, 200),
    "bestaand_water": (200, 225, 245),
}


def type_colours(types: list[TypeDef]) -> dict[int, tuple[int, int, int, int]]:
    """Raster value -> RGBA for each type (value 0, no puzzle, is transparent)."""
    out: dict[int, tuple[int, int, int, int]] = {0: (255, 255, 255, 0)}
    for k, t in enumerate(types):
        rgb = _COLOURS.get(t.id)
        if rgb is None:  # a custom type: a stable colour from its id
            h = sum((i + 1) * ord(ch) for i, ch in enumerate(t.id))
            rgb = (60 + h % 180, 60 + (h // 7) % 180, 60 + (h // 49) % 180)
        out[k + 1] = (*rgb, 255)
    return out


def _category_names(types: list[TypeDef], lang: str) -> list[str]:
    none = gettext("no puzzle", lang)
    return [none] + [t.name_en if lang == "en" else t.name_nl for t in types]


def _aux_xml(names: list[str]) -> str:
    cats = "\n".join(f"      <Category>{escape(n)}</Category>" for n in names)
    return (
        "<PAMDataset>\n"
        '  <PAMRasterBand band="1">\n'
        "    <CategoryNames>\n"
        f"{cats}\n"
        "    </CategoryNames>\n"
        "  </PAMRasterBand>\n"
        "</PAMDataset>\n"
    )


def _qml(names: list[str], colours: dict[int, tuple[int, int, int, int]]) -> str:
    entries = "\n".join(
        f'        <paletteEntry value="{v}" label="{escape(names[v], {chr(34): "&quot;"})}" '
        f'color="#{r:02x}{g:02x}{b:02x}" alpha="{a}"/>'
        for v, (r, g, b, a) in sorted(colours.items())
        if v > 0
    )
    return (
        "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        '<qgis version="3.28" styleCategories="Symbology">\n'
        "  <pipe>\n"
        '    <rasterrenderer type="paletted" band="1" opacity="1" nodataColor="">\n'
        "      <colorPalette>\n"
        f"{entries}\n"
        "      </colorPalette>\n"
        "    </rasterrenderer>\n"
        "  </pipe>\n"
        "</qgis>\n"
    )


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict | list | tuple):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _write_csv(
    path: Path, rows: list[dict[str, Any]], columns: tuple[str, ...] | None = None
) -> None:
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in cols})


def _write_json(path: Path, data: Any) -> None:
    def default(obj: Any) -> Any:
        if isinstance(obj, np.generic):
            return obj.item()
        if isinstance(obj, np.ndarray):
            return obj.tolist()
        raise TypeError(f"Object of type {type(obj).__name__} is not JSON serialisable")

    text = json.dumps(data, indent=2, ensure_ascii=False, default=default, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")


def _claims_csv_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rounded to 0.01 ha so that allocated + shortfall = demand_min in the CSV too."""
    out = []
    for row in rows:
        r = dict(row)
        lo = round(row["demand_min"], 2)
        alloc = round(min(row["allocated"], row["demand_min"]), 2)
        r["demand_min"], r["allocated"], r["shortfall"] = lo, alloc, round(lo - alloc, 2)
        for k in ("total_ha", "above_min_ha", "excess_ha", "room_ha"):
            r[k] = round(row[k], 2)
        if row["demand_max"] is not None:
            r["demand_max"] = round(row["demand_max"], 2)
        out.append(r)
    return out


def _principle_csv_rows(
    rows: list[dict[str, Any]], functions: tuple[str, ...]
) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    cols = (
        "region", "principle", "id", "name_nl", "enabled", "compared", "changed_ha",
        "multifunctional_ha_on", "multifunctional_ha_off",
        *(f"delta_{f}_ha" for f in functions), "patches_on", "patches_off",
        "tiny_patches_on", "tiny_patches_off", "isolated_cells_on", "isolated_cells_off",
        "suitability_given_up", "swaps", "moved_ha", "note",
    )  # fmt: skip
    out = []
    for row in rows:
        r = {k: v for k, v in row.items() if k != "delta_ha"}
        for f in functions:
            r[f"delta_{f}_ha"] = row["delta_ha"].get(f)
        out.append(r)
    return out, cols


def run_manifest(run: PuzzleRun, lang: str = "nl") -> dict[str, Any]:
    """``manifest.json`` of a run folder: :meth:`PuzzleRun.manifest` with the format first,
    the folder's language, and per province the conflicting claims (strict mode)."""
    body = run.manifest()
    conflicts = {pr.province.code: pr.conflicts for pr in run.provinces}
    for row in body["provinces"]:
        row["conflicts"] = conflicts.get(row["province"], [])
    head = {k: body.pop(k) for k in ("format", "format_version")}
    return {**head, "lang": lang, **body}


def write_outputs(run: PuzzleRun, out: str | os.PathLike[str], *, lang: str = "nl") -> Path:
    """Write every output of ``run`` into folder ``out`` (replaced whole, atomically).

    Parameters
    ----------
    run : PuzzleRun
    out : path-like
        The output folder; an existing folder is replaced only when all is written.
    lang : {"nl", "en"}
        Language of the explanations and category names.

    Returns
    -------
    pathlib.Path
        ``out``.
    """
    target = Path(out)
    ws = run.workspace
    names = _category_names(run.types, lang)
    colours = type_colours(run.types)
    with atomic_dir(target) as tmp:
        tags = {
            "layer": "puzzle_allocation",
            "kind": "puzzle_result",
            "title_nl": "Toewijzing ruimtelijke puzzel",
            "title_en": "Spatial puzzle allocation",
            "units": "class",
            "categories": {str(k): n for k, n in enumerate(names)},
            "types": [t.id for t in run.types],
            "spec": run.spec.puzzle.name,
            "elastic": run.elastic,
            "source": f"novex puzzle solve {run.spec.puzzle.name} on workspace {ws.name}",
            "synthetic": ws.synthetic,
        }
        write_raster(
            tmp / "allocation.tif",
            run.allocation,
            ws.grid,
            tags=tags,
            nodata=0,
            colormap=colours,
        )
        (tmp / "allocation.tif.aux.xml").write_text(_aux_xml(names), encoding="utf-8")
        (tmp / "allocation.qml").write_text(_qml(names, colours), encoding="utf-8")

        claims = run.claims_table(lang)
        _write_csv(tmp / "claims.csv", _claims_csv_rows(claims), CLAIM_COLUMNS)
        _write_json(tmp / "claims.json", {"claims": claims, "national": run.national})
        if any(n.get("split") == "joint" for n in run.national):
            from novex.puzzle.joint import NATIONAL_COLUMNS, national_csv_rows

            _write_csv(tmp / "national.csv", national_csv_rows(run.national), NATIONAL_COLUMNS)
            _write_json(tmp / "national.json", run.national)
        rules = run.rule_table()
        _write_csv(tmp / "rules.csv", rules)
        _write_json(tmp / "rules.json", rules)
        tiers = run.tier_table()
        _write_csv(tmp / "tiers.csv", tiers)
        _write_json(tmp / "tiers.json", tiers)
        housing = run.housing_table()
        if housing:
            _write_csv(tmp / "woningbouwgebieden.csv", housing)
            _write_json(tmp / "woningbouwgebieden.json", housing)
        areas = run.area_table()
        if areas:
            from novex.puzzle.areas import AREA_COLUMNS

            _write_csv(tmp / "areas.csv", areas, AREA_COLUMNS)
            _write_json(tmp / "areas.json", areas)
        principles = run.principle_table()
        prow, pcols = _principle_csv_rows(principles, run.functions)
        _write_csv(tmp / "principles.csv", prow, pcols)
        _write_json(tmp / "principles.json", principles)
        coherence = run.coherence_table()
        _write_csv(tmp / "coherence.csv", coherence, COHERENCE_COLUMNS)
        _write_json(tmp / "coherence.json", coherence)
        _write_json(tmp / "summary.json", run.summary(lang))
        _write_json(tmp / "manifest.json", run_manifest(run, lang))
    log.info("wrote puzzle outputs to %s", target)
    return target
