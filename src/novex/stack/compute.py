"""Compute the stapelkaart block by block: which interests claim each cell, and how much.

One pass over the claim and protection layers of a workspace, in strips of rows:

1. per strip, every cell gets an interest-membership bitmask (bit ``i`` set when a layer
   of interest ``interests[i]`` claims the cell; nodata is "no claim");
2. the strip's (region, bitmask) codes are counted exactly (``np.bincount`` or
   ``np.unique``), and the counts of all strips are summed: integer cell counts per
   region and combination, from which :class:`~novex.stack.result.StackResult` derives
   every hectare figure;
3. the bitmask and its popcount (the overlap count) are written block-wise as GeoTIFF.

A second pass turns the bitmask raster into the *dominant combination* raster: each
cell gets the rank (1 = largest nationally) of its combination of interests.

Strips are dask tasks run on the threaded scheduler (no cluster needed); memory stays
at a few strips whatever the grid size. ``chunk_rows=None`` runs the same code as one
whole-array numpy block (the benchmark's peer). What is read (layers, interests,
provinces) is a :class:`~novex.stack.plan.StackPlan` (:mod:`novex.stack.plan`); the
output files (GeoTIFF writers, the second pass, the CSV tables) are written by
:mod:`novex.stack.writers`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numba
import numpy as np
import rasterio
from rasterio.windows import Window

from novex.grid import atomic_dir
from novex.layers import Workspace
from novex.reference import region
from novex.stack.compatibility import Compatibility, load_compatibility
from novex.stack.plan import StackPlan, not_mapped, plan_stack
from novex.stack.result import OUTSIDE, WHOLE_GRID, RegionKey, StackResult
from novex.stack.writers import (
    WindowTarget,
    count_colormap,
    store_targets,
    strip_writer,
    write_combination,
    write_csv,
    write_tables,
)

__all__ = ["DEFAULT_CHUNK_ROWS", "compute_stack"]

log = logging.getLogger(__name__)

DEFAULT_CHUNK_ROWS = 1024
"""Rows per strip: 1024 x 12000 cells at 25 m (about 50 MB of bitmask per strip)."""

_DENSE_BINS = 1 << 21

ProgressCallback = Callable[[int, int], None]


@numba.njit(cache=True, nogil=True)
def _or_claimed(mask: np.ndarray, a: np.ndarray, bit: int, nodata: Any) -> None:  # pragma: no cover
    """``mask |= bit`` where ``a > 0`` and ``a != nodata``; one branch-free pass, no GIL.

    ``nodata`` has the dtype of ``a`` (0 when the layer has none: 0 never claims anyway).
    """
    m = mask.ravel()
    v = a.ravel()
    b = np.uint32(bit)
    for i in range(v.size):
        x = v[i]
        m[i] |= b * np.uint32((x > 0) & (x != nodata))


@numba.njit(cache=True, nogil=True)
def _encode(
    mask: np.ndarray, prov: np.ndarray, n_regions: int, out: np.ndarray
) -> None:  # pragma: no cover
    """``out = mask * n_regions + region`` (region = prov if 0 < prov < n_regions else 0)."""
    m = mask.ravel()
    p = prov.ravel()
    o = out.ravel()
    for i in range(m.size):
        r = p[i]
        reg = r if (r > 0 and r < n_regions) else 0
        o[i] = m[i] * n_regions + reg


def _nodata_as(dtype: np.dtype[Any], nodata: float | None) -> Any:
    """``nodata`` as a scalar of ``dtype``; 0 when absent, NaN or not representable."""
    if nodata is None or np.isnan(nodata):
        return dtype.type(0)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        if not (info.min <= nodata <= info.max) or nodata != int(nodata):
            return dtype.type(0)
    return dtype.type(nodata)


def _read(path: str, r0: int, r1: int, width: int) -> np.ndarray:
    with rasterio.open(path) as src:
        return src.read(1, window=Window(0, r0, width, r1 - r0))


def _process(
    plan: StackPlan, r0: int, r1: int, on_block: Callable[[], None] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bitmask of rows ``r0:r1`` and the exact counts of its (region, mask) codes."""
    width = plan.grid.width
    mask = np.zeros((r1 - r0, width), np.uint32)
    for src in plan.sources:
        a = _read(src.path, r0, r1, width)
        _or_claimed(mask, a, src.bit, _nodata_as(a.dtype, src.nodata))
        del a
    code = np.empty(mask.shape, plan.code_dtype)
    if plan.n_regions > 1 and plan.province_path is not None:
        prov = _read(plan.province_path, r0, r1, width)
        _encode(mask, prov, plan.n_regions, code)
        del prov
    else:
        code[...] = mask
    n_bins = plan.n_regions << plan.n_bits
    if n_bins <= _DENSE_BINS:
        counts = np.bincount(code.ravel(), minlength=n_bins)
        codes = np.nonzero(counts)[0].astype(np.uint64)
        cells = counts[codes.astype(np.intp)].astype(np.int64)
    else:
        codes_u, cells_u = np.unique(code, return_counts=True)
        codes, cells = codes_u.astype(np.uint64), cells_u.astype(np.int64)
    del code
    if on_block is not None:
        on_block()
    return mask, codes, cells


def _popcount(mask: np.ndarray) -> np.ndarray:
    return np.bitwise_count(mask).astype(np.uint8)


def compute_stack(
    workspace: Workspace | str | os.PathLike[str],
    out: str | os.PathLike[str] | None = None,
    *,
    layers: Sequence[str] | None = None,
    province_layer: str | None = "province",
    chunk_rows: int | None = DEFAULT_CHUNK_ROWS,
    workers: int | None = None,
    compatibility: Compatibility | None = None,
    maps: bool = True,
    map_regions: Sequence[RegionKey] | None = None,
    lang: str = "nl",
    on_progress: ProgressCallback | None = None,
) -> StackResult:
    """Compute the stapelkaart of a workspace.

    Parameters
    ----------
    workspace : Workspace or path-like
        The workspace (or its folder).
    out : path-like, optional
        Folder for the outputs: ``overlap_count.tif`` (how many interests claim each
        cell), ``combination.tif`` (rank of the cell's combination of interests, 1 =
        largest nationally), ``interest_mask.tif`` (the bitmask), ``stack.json``,
        ``interests.csv``, ``pairs.csv`` and, with ``maps``, ``maps/*.png``. Written
        atomically: the folder appears whole or not at all. Without ``out`` only the
        counts are computed.
    layers : sequence of str, optional
        Layer names; default every claim and protection layer with an interest.
    province_layer : str, optional
        The layer with province raster ids (1-12, :attr:`novex.reference.Region.raster_id`;
        0 outside); without it one region.
    chunk_rows : int, optional
        Rows per strip; ``None`` computes the whole grid as one numpy array.
    workers : int, optional
        Threads (default: the number of CPUs).
    compatibility : Compatibility, optional
        The matrix that classes pairs; default the shipped one.
    maps : bool
        Draw PNG maps (national and per province) into ``out/maps``.
    map_regions : sequence, optional
        Regions to draw (provinces as Region, raster id, code or name; ``None`` =
        national); default national and all provinces.
    lang : str
        ``"nl"`` (default) or ``"en"`` for map text.
    on_progress : callable, optional
        Called as ``on_progress(done, total)`` after each block (from worker threads).

    Returns
    -------
    StackResult
        Exact counts per region and combination of interests, and the files written.

    Raises
    ------
    StackError
        When the workspace has no usable layers or a layer is not on its grid.
    """
    t0 = time.perf_counter()
    ws = workspace if isinstance(workspace, Workspace) else Workspace.open(workspace)
    grid = ws.grid
    plan, specs = plan_stack(ws, layers, province_layer)
    interests = list(plan.interests)
    prov_path = plan.province_path
    strips = plan.strips(chunk_rows)
    total = len(strips) * (2 if out is not None else 1)
    done = [0]
    lock = threading.Lock()

    def tick() -> None:
        with lock:
            done[0] += 1
            if on_progress is not None:
                on_progress(done[0], total)

    log.info(
        "stapelkaart: %d layers, %d interests, %d x %d cells, %d strips",
        len(specs),
        len(interests),
        grid.height,
        grid.width,
        len(strips),
    )
    comp = compatibility or load_compatibility()
    layer_names: dict[int, list[str]] = {
        n: [s.name for s in specs if n in s.interests] for n in interests
    }
    result = StackResult(
        not_mapped=not_mapped(ws, interests),
        interests=interests,
        provinces=list(plan.provinces),
        counts={},
        cell_area_ha=grid.cell_area_ha,
        layers=layer_names,
        synthetic=any(s.synthetic for s in specs),
        compatibility=comp,
        info={
            "grid": grid.to_dict(),
            "n_layers": len(specs),
            "chunk_rows": chunk_rows,
            "workspace": str(ws.path),
            "province_path": prov_path,
        },
        outside=OUTSIDE if prov_path is not None else WHOLE_GRID,
    )
    tags = {
        "interests": interests,
        "synthetic": result.synthetic,
        "source": f"novex stapelkaart of workspace {ws.name!r}",
    }
    if out is None:
        parts = _run_pass1(plan, strips, None, None, workers, tick)
        _fill_counts(result, plan, parts)
    else:
        out = Path(out)
        with atomic_dir(out) as tmp:
            with (
                rasterio.Env(GDAL_NUM_THREADS=str(workers or os.cpu_count() or 1)),
                strip_writer(
                    tmp / "interest_mask.tif",
                    grid,
                    np.uint32,
                    tags={**tags, "layer": "interest_mask", "units": "bitmask"},
                ) as mask_dst,
                strip_writer(
                    tmp / "overlap_count.tif",
                    grid,
                    np.uint8,
                    tags={**tags, "layer": "overlap_count", "units": "aantal belangen"},
                    colormap=count_colormap(len(interests)),
                ) as count_dst,
            ):
                parts = _run_pass1(plan, strips, mask_dst, count_dst, workers, tick)
            _fill_counts(result, plan, parts)
            ranking = write_combination(result, plan, tmp, strips, tags, workers, tick)
            result.info["n_combinations"] = len(ranking)
            result.info["combinations"] = ranking[:100]
            write_csv(tmp / "combinations.csv", ranking)
            result.files = {
                "overlap_count": out / "overlap_count.tif",
                "combination": out / "combination.tif",
                "interest_mask": out / "interest_mask.tif",
                "stack_json": out / "stack.json",
                "interests_csv": out / "interests.csv",
                "pairs_csv": out / "pairs.csv",
                "combinations_csv": out / "combinations.csv",
            }
            result.info["seconds"] = round(time.perf_counter() - t0, 3)
            write_tables(result, tmp, lang)
            if maps:
                from novex.stack.maps import render_maps

                staged = {k: tmp / v.name for k, v in result.files.items()}
                pngs = render_maps(
                    result, tmp / "maps", regions=map_regions, lang=lang, files=staged
                )
                for key, path in pngs.items():
                    result.files[f"map_{key}"] = out / "maps" / path.name
            (tmp / "stack.json").write_text(result.to_json(lang) + "\n", encoding="utf-8")
    result.info["seconds"] = round(time.perf_counter() - t0, 3)
    log.info("stapelkaart done in %.1f s", result.info["seconds"])
    return result


def _run_pass1(
    plan: StackPlan,
    strips: list[tuple[int, int]],
    mask_dst: Any,
    count_dst: Any,
    workers: int | None,
    tick: Callable[[], None],
) -> list[tuple[np.ndarray, np.ndarray]]:
    if len(strips) == 1 and plan.grid.height == strips[0][1]:
        # whole-array numpy: the same block function, no dask
        mask, codes, cells = _process(plan, 0, plan.grid.height, tick)
        if mask_dst is not None:
            mask_dst.write(mask, 1)
            count_dst.write(_popcount(mask), 1)
        return [(codes, cells)]
    import dask
    import dask.array as da

    width = plan.grid.width
    parts = [dask.delayed(_process, nout=3, pure=False)(plan, r0, r1, tick) for r0, r1 in strips]
    counted = [(p[1], p[2]) for p in parts]
    if mask_dst is None:
        (result,) = dask.compute(counted, scheduler="threads", num_workers=workers)
        return list(result)
    mask_arr = da.concatenate(
        [
            da.from_delayed(p[0], shape=(r1 - r0, width), dtype=np.uint32)
            for p, (r0, r1) in zip(parts, strips, strict=True)
        ],
        axis=0,
    )
    store = da.store(
        [mask_arr, mask_arr],
        store_targets(WindowTarget(mask_dst), WindowTarget(count_dst, _popcount)),
        lock=threading.Lock(),
        compute=False,
    )
    _, result = dask.compute(store, counted, scheduler="threads", num_workers=workers)
    return list(result)


def _fill_counts(
    result: StackResult, plan: StackPlan, parts: list[tuple[np.ndarray, np.ndarray]]
) -> None:
    codes = np.concatenate([c for c, _ in parts]) if parts else np.zeros(0, np.uint64)
    cells = np.concatenate([n for _, n in parts]) if parts else np.zeros(0, np.int64)
    uniq, inv = np.unique(codes, return_inverse=True)
    total = np.zeros(len(uniq), np.int64)
    np.add.at(total, inv, cells)
    nreg = np.uint64(plan.n_regions)
    region_of = uniq % nreg
    masks = uniq // nreg
    counts = {}
    for rid in result.region_ids:
        sel = region_of == np.uint64(rid)
        counts[rid] = (masks[sel], total[sel])
    extra = set(np.unique(region_of).tolist()) - set(result.region_ids)
    if extra:  # raster ids of provinces the layer's categories leave out: count them too
        for rid in sorted(extra):
            sel = region_of == np.uint64(rid)
            result.provinces.append(region(int(rid), "province"))
            counts[int(rid)] = (masks[sel], total[sel])
        result.provinces.sort(key=lambda p: p.raster_id)
    result.counts = counts
