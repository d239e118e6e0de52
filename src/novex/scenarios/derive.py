"""Derived rule layers per horizon and climate variant, and the scenario workspace overlay.

The climate variants change the layers the water en bodem sturend rules read. The rules
are synthetic and documented (``docs/scenarios.md``); with ``S`` the sea-level rise,
``D`` the peat subsidence and ``B`` the peat buffer of the variant at the horizon:

``elevation``
    ``elevation - D`` on peat, ``elevation - share * D`` on clay, unchanged elsewhere.
``flood_depth``
    ``flood_depth + S + (elevation - elevation')`` where the cell is flood-prone today
    (``flood_depth > 0``), 0 elsewhere: the same areas flood, deeper, so more of them
    pass the no-build threshold.
``soil``
    peat, plus clay within ``B`` metres of peat (the wetter veenweide edges the peat
    rules then cover).

:func:`derive_overlay` writes them, with their provenance, into a *scenario workspace*:
a folder with its own ``workspace.json`` whose other layers and tables point at the base
workspace's files (absolute paths), and whose startpakket table is scaled by the demand
variant. The puzzle then runs on that workspace unchanged.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.layers import LayerSpec, Workspace
from novex.scenarios.spec import ClimateVariant, DemandVariant, ScenarioSet

__all__ = ["derive_arrays", "derive_overlay", "scale_claims"]

log = logging.getLogger(__name__)

_CLAIM_KEYS = ("min_ha", "max_ha", "min", "max", "demand_min", "demand_max", "hectares")


def derive_arrays(
    ws: Workspace, scenarios: ScenarioSet, climate: ClimateVariant, horizon: int
) -> dict[str, NDArray[Any]]:
    """The derived ``flood_depth``, ``elevation`` and ``soil`` arrays (workspace grid)."""
    from scipy import ndimage

    src = scenarios.source_layers(climate)
    lay = scenarios.layers
    s, d, b = climate.at(horizon)
    elevation = ws.read(src["elevation"]).astype(np.float32)
    flood = ws.read(src["flood_depth"]).astype(np.float32)
    soil = ws.read(src["soil"])
    peat = soil == lay.peat_class
    clay = soil == lay.clay_class
    drop = np.where(peat, d, np.where(clay, climate.clay_subsidence_share * d, 0.0))
    elevation_h = (elevation - drop).astype(np.float32)
    with np.errstate(invalid="ignore"):
        prone = flood > 0
    flood_h = np.where(prone, flood + s + drop, np.where(np.isnan(flood), np.nan, 0.0))
    soil_h = soil.copy()
    if b > 0 and peat.any():
        dist = ndimage.distance_transform_edt(~peat) * ws.grid.resolution
        soil_h[clay & (dist <= b)] = lay.peat_class
    return {
        "flood_depth": flood_h.astype(np.float32),
        "elevation": elevation_h,
        "soil": soil_h.astype(soil.dtype),
    }


def scale_claims(table: Any, demand: DemandVariant, horizon: int) -> Any:
    """The startpakket table with every claim's hectares times the demand factor."""
    from novex.reference import region

    rows = table["claims"] if isinstance(table, dict) else table
    out_rows = []
    for row in rows:
        row = dict(row)
        try:
            code = region(row.get("province", "")).code
        except Exception:
            code = str(row.get("province", ""))
        f = demand.factor(code, str(row.get("function", "")), horizon)
        if f != 1.0:
            for key in _CLAIM_KEYS:
                if isinstance(row.get(key), int | float) and not isinstance(row.get(key), bool):
                    row[key] = row[key] * f
            row["scenario_factor"] = f
        out_rows.append(row)
    if isinstance(table, dict):
        return {**table, "claims": out_rows}
    return out_rows


def derive_overlay(
    base: Workspace,
    scenarios: ScenarioSet,
    *,
    climate_name: str,
    horizon: int,
    demand_name: str,
    claims_table: str,
    out: str | os.PathLike[str],
) -> Workspace:
    """Write the scenario workspace for (horizon, climate, demand) into folder ``out``.

    The derived layers replace the rule layers of the same name (``flood_depth``,
    ``elevation``, ``soil`` by default); each carries its derivation in ``source`` and
    is synthetic when its input is. Every other layer and table points at the base.
    """
    from novex.grid import atomic_dir

    climate: ClimateVariant = scenarios.variants("climate")[climate_name]
    demand: DemandVariant = scenarios.variants("demand")[demand_name]
    arrays = derive_arrays(base, scenarios, climate, horizon)
    src = scenarios.source_layers(climate)
    s, d, b = climate.at(horizon)
    target = Path(out)
    with atomic_dir(target) as tmp:
        layers = [
            spec.model_copy(update={"file": str((base.path / spec.file).resolve())})
            for spec in base.layers.values()
        ]
        tables = {
            k: {**v, "file": str((base.path / v["file"]).resolve())} for k, v in base.tables.items()
        }
        ws = Workspace(
            tmp,
            base.grid,
            name=f"{base.name}-{horizon}-{climate_name}-{demand_name}",
            layers=layers,
            tables=tables,
            info={
                **base.info,
                "scenario_overlay": {
                    "base": str(base.path.resolve()),
                    "horizon": horizon,
                    "climate": climate_name,
                    "demand": demand_name,
                },
            },
        )
        (tmp / "layers").mkdir()
        for key, arr in arrays.items():
            name = getattr(scenarios.layers, key)
            orig = base.layer(src[key])
            rule = {
                "flood_depth": f"flood_depth + {s} m sea level + subsidence where flood-prone",
                "elevation": f"elevation - {d} m on peat ({climate.clay_subsidence_share} x on clay)",
                "soil": f"peat plus clay within {b} m of peat",
            }[key]
            spec = LayerSpec.create(
                **{
                    **orig.model_dump(exclude={"file", "sha256", "name", "source", "extra"}),
                    "name": name,
                    "source": (
                        f"derived by novex.scenarios from layer {src[key]!r} for horizon "
                        f"{horizon}, climate {climate_name!r}: {rule}; {climate.source} "
                        f"({climate.status}). Input: {orig.source}"
                    ),
                    "synthetic": bool(orig.synthetic),
                    "extra": {
                        **orig.extra,
                        "derived_from": src[key],
                        "horizon": horizon,
                        "climate": climate_name,
                        "status": climate.status,
                    },
                }
            )
            ws.write_layer(spec, arr)
        if claims_table and claims_table in base.tables:
            scaled = scale_claims(base.read_json_table(claims_table), demand, horizon)
            ws.write_json_table(
                claims_table,
                scaled,
                description=f"startpakket x demand variant {demand_name!r} ({horizon})",
            )
        ws.save()
    log.info("scenario workspace %s written", target)
    return Workspace.open(target)
