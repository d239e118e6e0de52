"""The stapelkaart of one NOVEX-gebied: the stack's counts restricted to the area's cells.

:func:`area_stack` reads the stack's per-cell interest bitmask (``interest_mask.tif``) and
the workspace's ``novex_gebieden`` bitmask layer (:mod:`novex.layers.areas`) strip by strip
and counts, exactly, the cells of every combination of interests inside the area (per
province the area lies in). The result is a :class:`~novex.stack.result.StackResult`, so
every figure (hectares per interest, 3 or more interests, conflicts, koppelkansen) comes
from the same integer counts as the national and province figures: an area's hectares
per interest never exceed the province's or the country's.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import numpy as np
import rasterio
from rasterio.windows import Window

from novex.errors import LayerError, ReferenceLookupError, StackError
from novex.layers import Workspace
from novex.layers.areas import AREA_LAYER, area_bit, area_number
from novex.reference import Region, RegionKind, region
from novex.stack.result import StackResult

__all__ = ["area_region", "area_stack"]

log = logging.getLogger(__name__)

_STRIP = 1024


def area_region(code: str | int) -> Region:
    """The NOVEX-gebied ``code`` (``"NX07"``, ``7`` or its Dutch or English name).

    Raises
    ------
    ReferenceLookupError
        When no NOVEX-gebied matches; the message names ``code`` and lists the valid ones.

    Examples
    --------
    >>> area_region("nx07").code, area_region(6).name_nl
    ('NX07', 'Het Groene Hart')
    """
    try:
        return region(f"NX{area_number(code):02d}", RegionKind.NOVEX_GEBIED)
    except LayerError:
        return region(code, RegionKind.NOVEX_GEBIED)


def area_stack(result: StackResult, workspace: Workspace, area: str | int | Region) -> StackResult:
    """The stapelkaart figures of one NOVEX-gebied.

    Parameters
    ----------
    result : StackResult
        A stapelkaart computed with an output folder (it needs ``interest_mask.tif``).
    workspace : Workspace
        The workspace of the stack; it must hold the ``novex_gebieden`` layer.
    area : str, int or Region
        The NOVEX-gebied: ``"NX07"``, ``7``, its name, or a Region of kind novex_gebied.

    Returns
    -------
    StackResult
        The same interests and matrix, with counts over the area's cells only (keyed by
        the province raster id of each cell, 0 outside the provinces): ``cells(None)``
        is the area's size, ``hectares(None)`` its hectares per interest.
        ``info["area"]`` holds the area's code and name.

    Raises
    ------
    ReferenceLookupError
        For an unknown area code, naming it.
    StackError
        When the workspace has no ``novex_gebieden`` layer or the stack no bitmask file.
    """
    reg = area if isinstance(area, Region) else area_region(area)
    if reg.kind is not RegionKind.NOVEX_GEBIED:
        raise ReferenceLookupError(f"{reg.code!r} is not a NOVEX-gebied; use NX01..NX16.")
    if AREA_LAYER not in workspace.layers:
        raise StackError(
            f"Workspace {str(workspace.path)!r} has no {AREA_LAYER!r} layer, so NOVEX-gebied "
            f"{reg.code!r} has no cells. Rebuild the demo workspace (`novex workspace build`) "
            f"or import the outlines as a uint16 bitmask layer named {AREA_LAYER!r} "
            "(bit k-1 for NXkk; `novex layers import`)."
        )
    mask_path = result.files.get("interest_mask")
    if mask_path is None or not Path(mask_path).exists():
        raise StackError(
            "This stapelkaart has no interest_mask.tif; compute it with an output folder "
            "(compute_stack(ws, out)) before asking for an area's figures."
        )
    bit = np.uint32(area_bit(area_number(reg.code)))
    prov_path = result.info.get("province_path")
    n_regions = max([0, *result.region_ids]) + 1
    area_path = workspace.layer_path(AREA_LAYER)
    acc: dict[int, int] = {}
    with rasterio.open(mask_path) as msrc, rasterio.open(area_path) as asrc:
        psrc = rasterio.open(prov_path) if prov_path else None
        try:
            height, width = msrc.height, msrc.width
            if (asrc.height, asrc.width) != (height, width):
                raise StackError(
                    f"Layer {AREA_LAYER!r} is {asrc.height}x{asrc.width} cells, the stack "
                    f"{height}x{width}; both must be on the workspace grid."
                )
            for r0 in range(0, height, _STRIP):
                win = Window(0, r0, width, min(_STRIP, height - r0))
                inside = (asrc.read(1, window=win).astype(np.uint32) & bit) > 0
                if not inside.any():
                    continue
                masks = msrc.read(1, window=win)[inside].astype(np.int64)
                if psrc is not None:
                    prov = psrc.read(1, window=win)[inside].astype(np.int64)
                    prov = np.where((prov > 0) & (prov < n_regions), prov, 0)
                else:
                    prov = np.zeros_like(masks)
                codes, cells = np.unique(masks * n_regions + prov, return_counts=True)
                for c, n in zip(codes.tolist(), cells.tolist(), strict=True):
                    acc[c] = acc.get(c, 0) + n
        finally:
            if psrc is not None:
                psrc.close()
    counts: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for rid in result.region_ids:
        keys = sorted(c for c in acc if c % n_regions == rid)
        counts[rid] = (
            np.array([c // n_regions for c in keys], np.uint64),
            np.array([acc[c] for c in keys], np.int64),
        )
    log.info("stapelkaart of %s: %d cells", reg.code, sum(acc.values()))
    spec = workspace.layer(AREA_LAYER)
    return replace(
        result,
        counts=counts,
        synthetic=result.synthetic or bool(spec.synthetic),
        info={
            **result.info,
            "area": {
                "code": reg.code,
                "name_nl": reg.name_nl,
                "name_en": reg.name_en,
                "layer": AREA_LAYER,
                "synthetic": bool(spec.synthetic),
            },
        },
    )
