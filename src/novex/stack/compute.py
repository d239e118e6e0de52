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
whole-array numpy block (the benchmark's peer). The output files (GeoTIFF writers, the
second pass, the CSV tables) are written by :mod:`novex.stack.writers`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numba
import numpy as np
import rasterio
from rasterio.errors import RasterioError
from rasterio.windows import Window

from novex.errors import LayerError, StackError
from novex.grid import GridSpec, atomic_dir
from novex.layers import LayerKind, LayerSpec, Workspace
from novex.stack.compatibility import Compatibility, load_compatibility
from novex.stack.result import Region, StackResult
from novex.stack.writers import (
    _count_colormap,
    _targets,
    _WindowTarget,
    _write_combination,
    _write_csv,
    _write_tables,
    _writer,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "N_INTERESTS",
    "OUTSIDE",
    "compute_stack",
    "not_mapped",
    "regions_of",
    "select_layers",
]

log = logging.getLogger(__name__)

DEFAULT_CHUNK_ROWS = 1024
"""Rows per strip: 1024 x 12000 cells at 25 m (about 50 MB of bitmask per strip)."""

OUTSIDE = "buiten provincies"
"""Name of region 0: cells of the grid outside every province (sea, border waters)."""

_PROVINCE_ORDER = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)
_DENSE_BINS = 1 << 21

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class _Source:
    path: str
    nodata: float | None
    bit: int  # value to OR in (1 << i); a layer serving several interests ORs them all


@dataclass(frozen=True)
class _Plan:
    grid: GridSpec
    sources: tuple[_Source, ...]
    province: str | None
    n_regions: int
    n_bits: int

    @property
    def code_dtype(self) -> type[np.unsignedinteger[Any]]:
        return np.uint32 if (self.n_regions << self.n_bits) < (1 << 32) else np.uint64


N_INTERESTS = 21
"""The national interests are numbered 1-21."""

_NO_LAYER = {
    "reason_nl": "Geen claim- of beschermingslaag van dit belang in de stapel.",
    "reason_en": "No claim or protection layer of this interest in the stack.",
}


def not_mapped(ws: Workspace, interests: Sequence[int]) -> dict[int, dict[str, str]]:
    """The national interests (1-21) not in ``interests``, each with a reason.

    The reason comes from the workspace ``info["interests_not_mapped"]`` (the demo
    workspace explains interest 1 there); otherwise it says that no layer serves it.
    """
    given = ws.info.get("interests_not_mapped", {}) or {}
    out = {}
    for n in range(1, N_INTERESTS + 1):
        if n in interests:
            continue
        entry = given.get(str(n), given.get(n)) if isinstance(given, dict) else None
        out[n] = dict(entry) if isinstance(entry, dict) else dict(_NO_LAYER)
    return out


def select_layers(
    ws: Workspace,
    layers: Sequence[str] | None = None,
    kinds: Sequence[LayerKind | str] = (LayerKind.CLAIM, LayerKind.PROTECTION),
) -> list[LayerSpec]:
    """The layers that make up the stack: named ones, or every claim/protection layer.

    Raises
    ------
    StackError
        When a named layer is unknown or serves no interest, or nothing is left.
    """
    if layers is not None:
        specs = []
        for name in layers:
            try:
                spec = ws.layer(name)
            except LayerError as err:
                raise StackError(str(err)) from err
            if not spec.interests:
                raise StackError(
                    f"Layer {name!r} serves no national interest; give it one with "
                    "`novex layers add ... --interest N`."
                )
            specs.append(spec)
    else:
        wanted = {LayerKind(k) for k in kinds}
        specs = [s for s in ws.layers.values() if s.kind in wanted and s.interests]
    if not specs:
        raise StackError(
            f"Workspace {str(ws.path)!r} has no claim or protection layers with a national "
            "interest; add some with `novex layers add`."
        )
    return specs


def _check_on_grid(path: Path, name: str, grid: GridSpec) -> None:
    if not path.is_file():
        raise StackError(f"Layer {name!r}: file {str(path)!r} is missing.")
    try:
        with rasterio.open(path) as src:
            ok = (
                src.crs is not None
                and src.crs.to_epsg() == 28992
                and (src.height, src.width) == grid.shape
                and src.transform.almost_equals(grid.transform)
            )
    except RasterioError as err:
        raise StackError(f"Layer {name!r}: cannot read {str(path)!r}: {err}") from err
    if not ok:
        raise StackError(
            f"Layer {name!r} ({str(path)!r}) is not on the workspace grid "
            f"({grid.resolution} m, bounds {grid.bounds!r}); re-add it with `novex layers add`."
        )


def _regions(ws: Workspace, province_layer: str | None) -> tuple[str | None, list[Region]]:
    if province_layer is None or province_layer not in ws.layers:
        return None, [Region(0, "geheel grid")]
    spec = ws.layer(province_layer)
    names: dict[int, str] = {}
    if spec.categories:
        names = {int(k): v for k, v in spec.categories.items() if 0 < int(k) < 256}
    if not names:
        names = {i + 1: n for i, n in enumerate(_PROVINCE_ORDER)}
    return str(ws.layer_path(province_layer)), [Region(0, OUTSIDE)] + [
        Region(k, names[k]) for k in sorted(names)
    ]


def regions_of(ws: Workspace, province_layer: str | None = "province") -> list[Region]:
    """The regions a stack of ``ws`` reports on: region 0 and the provinces, by id.

    Province names come from the province layer's categories (the 12 provinces in CBS
    order when it has none); without a province layer there is one region, the grid.
    """
    return _regions(ws, province_layer)[1]


def _claimed(a: np.ndarray, nodata: float | None) -> np.ndarray:
    """True where a layer claims the cell: value > 0 and not nodata (NaN never claims)."""
    valid = a > 0
    if nodata is not None and not np.isnan(nodata) and nodata > 0:
        valid &= a != nodata
    return valid


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
    plan: _Plan, r0: int, r1: int, on_block: Callable[[], None] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Bitmask of rows ``r0:r1`` and the exact counts of its (region, mask) codes."""
    width = plan.grid.width
    mask = np.zeros((r1 - r0, width), np.uint32)
    for src in plan.sources:
        a = _read(src.path, r0, r1, width)
        _or_claimed(mask, a, src.bit, _nodata_as(a.dtype, src.nodata))
        del a
    code = np.empty(mask.shape, plan.code_dtype)
    if plan.n_regions > 1 and plan.province is not None:
        prov = _read(plan.province, r0, r1, width)
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
    map_regions: Sequence[int | str | None] | None = None,
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
        The layer with province ids (1-12; 0 outside); without it one region.
    chunk_rows : int, optional
        Rows per strip; ``None`` computes the whole grid as one numpy array.
    workers : int, optional
        Threads (default: the number of CPUs).
    compatibility : Compatibility, optional
        The matrix that classes pairs; default the shipped one.
    maps : bool
        Draw PNG maps (national and per province) into ``out/maps``.
    map_regions : sequence, optional
        Regions to draw (ids or names; ``None`` = national); default national and all
        provinces.
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
    specs = select_layers(ws, layers)
    interests = sorted({n for s in specs for n in s.interests})
    bit_of = {n: 1 << i for i, n in enumerate(interests)}
    sources = []
    for s in specs:
        path = ws.layer_path(s.name)
        _check_on_grid(path, s.name, grid)
        bits = 0
        for n in s.interests:
            bits |= bit_of[n]
        sources.append(_Source(str(path), s.nodata, bits))
    prov_path, regions = _regions(ws, province_layer)
    if prov_path is not None:
        _check_on_grid(Path(prov_path), str(province_layer), grid)
    plan = _Plan(grid, tuple(sources), prov_path, max(r.id for r in regions) + 1, len(interests))
    if chunk_rows is not None and chunk_rows < 1:
        raise StackError(f"Invalid chunk_rows {chunk_rows!r}: need a positive number of rows.")
    strips = (
        [(0, grid.height)]
        if chunk_rows is None
        else [(r, min(r + chunk_rows, grid.height)) for r in range(0, grid.height, chunk_rows)]
    )
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
        regions=regions,
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
                _writer(
                    tmp / "interest_mask.tif",
                    grid,
                    np.uint32,
                    tags={**tags, "layer": "interest_mask", "units": "bitmask"},
                ) as mask_dst,
                _writer(
                    tmp / "overlap_count.tif",
                    grid,
                    np.uint8,
                    tags={**tags, "layer": "overlap_count", "units": "aantal belangen"},
                    colormap=_count_colormap(len(interests)),
                ) as count_dst,
            ):
                parts = _run_pass1(plan, strips, mask_dst, count_dst, workers, tick)
            _fill_counts(result, plan, parts)
            ranking = _write_combination(result, plan, tmp, strips, tags, workers, tick)
            result.info["n_combinations"] = len(ranking)
            result.info["combinations"] = ranking[:100]
            _write_csv(tmp / "combinations.csv", ranking)
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
            _write_tables(result, tmp, lang)
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
    plan: _Plan,
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
        _targets(_WindowTarget(mask_dst), _WindowTarget(count_dst, _popcount)),
        lock=threading.Lock(),
        compute=False,
    )
    _, result = dask.compute(store, counted, scheduler="threads", num_workers=workers)
    return list(result)


def _fill_counts(
    result: StackResult, plan: _Plan, parts: list[tuple[np.ndarray, np.ndarray]]
) -> None:
    codes = np.concatenate([c for c, _ in parts]) if parts else np.zeros(0, np.uint64)
    cells = np.concatenate([n for _, n in parts]) if parts else np.zeros(0, np.int64)
    uniq, inv = np.unique(codes, return_inverse=True)
    total = np.zeros(len(uniq), np.int64)
    np.add.at(total, inv, cells)
    nreg = np.uint64(plan.n_regions)
    region = uniq % nreg
    masks = uniq // nreg
    counts = {}
    for r in result.regions:
        sel = region == np.uint64(r.id)
        counts[r.id] = (masks[sel], total[sel])
    extra = set(np.unique(region).tolist()) - {r.id for r in result.regions}
    if extra:  # ids in the raster without a category: count them, name them plainly
        for rid in sorted(extra):
            sel = region == np.uint64(rid)
            result.regions.append(Region(int(rid), f"provincie {rid}"))
            counts[int(rid)] = (masks[sel], total[sel])
    result.counts = counts
