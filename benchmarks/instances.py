"""Deterministic puzzle instances (the generator of ``benchmarks/README.md``, section 1).

The grid is about sqrt(N) x sqrt(N) cells of 1 ha in 12 provinces (unequal contiguous
blocks, 3 bands of 4). F = 7 functions; T = 10 types (7 single-function types,
natuur+water, agri-PV, klimaatadaptief wonen) or T = 30 (20 more random two-function
types with weights in {0.3, 0.5, 0.8, 1}). Suitability per type is Gaussian-smoothed
noise (sigma = 8 cells) through a logistic, float32 in (0, 1). Each type is forbidden
on 15 % of the cells by a smoothed-noise threshold; defensie is allowed on 15 % only.
Demands are area_r x alpha_f, capped at 0.7 x the area of r where f can be served,
rounded down to whole hectares.

Smoothed noise is drawn on a 4x coarser grid, smoothed there with sigma = 2 coarse
cells (8 cells) and upsampled bilinearly: the same field statistics at a fraction of
the cost, and chunk-friendly for 54M cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

FUNCTIONS = ("wonen", "werken", "energie", "natuur", "landbouw", "water", "defensie")
ALPHA = np.array([0.05, 0.03, 0.04, 0.15, 0.35, 0.06, 0.02])
PROVINCES = (
    "Groningen", "Fryslân", "Drenthe", "Noord-Holland", "Flevoland", "Overijssel",
    "Zuid-Holland", "Utrecht", "Gelderland", "Zeeland", "Noord-Brabant", "Limburg",
)  # fmt: skip
VARIANTS = ("multi", "transport", "infeasible", "elastic", "national")
_COARSE = 4
_ROWS = 1 << 16


@dataclass
class Instance:
    """Arrays for :meth:`novex.puzzle.Problem.from_arrays` plus names."""

    suitability: NDArray[np.float32]
    region: NDArray[np.int32]
    contributions: NDArray[np.float64]
    demand_min: NDArray[np.float64]
    allowed: NDArray[np.bool_]
    type_names: tuple[str, ...]
    shape: tuple[int, int]
    variant: str
    seed: int
    national_energie: float = 0.0
    """``national`` variant: hectares of energie claimed over all 12 provinces together."""
    national_split: NDArray[np.float64] | None = None
    """``national`` variant: the same total per province in proportion to area."""

    def kwargs(self) -> dict[str, object]:
        extra: dict[str, object] = {}
        if self.national_energie > 0:
            from novex.puzzle import NationalClaim

            extra["national"] = [
                NationalClaim("energie-nl", "energie", PROVINCES, self.national_energie)
            ]
        return {
            **extra,
            "suitability": self.suitability,
            "region": self.region,
            "contributions": self.contributions,
            "demand_min": self.demand_min,
            "allowed": self.allowed,
            "region_names": PROVINCES,
            "function_names": FUNCTIONS,
            "type_names": self.type_names,
        }


def contribution_matrix(n_types: int, variant: str, rng: np.random.Generator):
    """C (T, F) and type names."""
    if variant == "transport":
        return np.eye(7), FUNCTIONS
    rows = [np.eye(7)[f] for f in range(7)]
    names = list(FUNCTIONS)
    w, wo, en, na, la, wa = 0, 1, 2, 3, 4, 5
    del wo
    extra = [({na: 1.0, wa: 1.0}, "natuur+water"), ({la: 0.8, en: 0.4}, "agri-PV"),
             ({w: 0.8, wa: 0.3}, "klimaatadaptief wonen")]  # fmt: skip
    for spec, name in extra:
        row = np.zeros(7)
        for f, v in spec.items():
            row[f] = v
        rows.append(row)
        names.append(name)
    weights = np.array([0.3, 0.5, 0.8, 1.0])
    while len(rows) < n_types:
        f1, f2 = rng.choice(7, size=2, replace=False)
        row = np.zeros(7)
        row[f1] = rng.choice(weights)
        row[f2] = rng.choice(weights)
        rows.append(row)
        names.append(f"{FUNCTIONS[f1]}+{FUNCTIONS[f2]}")
    return np.array(rows[:n_types]), tuple(names[:n_types])


def _field(rng: np.random.Generator, h: int, w: int, out: NDArray[np.float32]) -> None:
    """Unit-variance smoothed noise (sigma 8 cells) written into ``out`` (h*w,)."""
    hc, wc = -(-h // _COARSE) + 2, -(-w // _COARSE) + 2
    z = ndimage.gaussian_filter(rng.standard_normal((hc, wc)).astype(np.float32), 2.0)
    z /= z.std()
    rows_per_chunk = max(1, _ROWS // w)
    for r0 in range(0, h, rows_per_chunk):
        r1 = min(h, r0 + rows_per_chunk)
        yy = (np.arange(r0, r1, dtype=np.float32) + 0.5) / _COARSE + 0.5
        xx = (np.arange(w, dtype=np.float32) + 0.5) / _COARSE + 0.5
        gy, gx = np.meshgrid(yy, xx, indexing="ij")
        block = ndimage.map_coordinates(z, [gy, gx], order=1, mode="nearest")
        out[r0 * w : r1 * w] = block.ravel()


def provinces(h: int, w: int, rng: np.random.Generator) -> NDArray[np.int32]:
    """12 unequal contiguous blocks: 3 bands of rows, each split into 4 column ranges."""
    bands = np.cumsum(rng.uniform(0.6, 1.4, 3))
    row_cut = np.round(np.concatenate([[0], bands / bands[-1]]) * h).astype(int)
    region = np.empty(h * w, dtype=np.int32)
    for b in range(3):
        cols = np.cumsum(rng.uniform(0.5, 1.5, 4))
        col_cut = np.round(np.concatenate([[0], cols / cols[-1]]) * w).astype(int)
        lab = np.repeat(np.arange(4, dtype=np.int32) + 4 * b, np.diff(col_cut))
        for r in range(row_cut[b], row_cut[b + 1]):
            region[r * w : (r + 1) * w] = lab
    return region


def generate(n_cells: float, n_types: int = 10, variant: str = "multi", seed: int = 0) -> Instance:
    """Build one instance; the same arguments give the same bytes."""
    if variant not in VARIANTS:
        raise ValueError(f"Invalid variant {variant!r}. Only {VARIANTS!r} are supported.")
    rng = np.random.default_rng(seed)
    h = max(4, round(math.sqrt(n_cells)))
    w = max(4, round(n_cells / h))
    n = h * w
    region = provinces(h, w, rng)
    c, names = contribution_matrix(n_types, variant, rng)
    t_count = c.shape[0]
    s = np.empty((n, t_count), dtype=np.float32)
    allowed = np.empty((n, t_count), dtype=bool)
    col = np.empty(n, dtype=np.float32)
    for t in range(t_count):
        _field(rng, h, w, col)
        # logistic of the field: float32 in (0, 1)
        np.negative(col, out=col)
        np.exp(col, out=col)
        col += 1.0
        np.reciprocal(col, out=col)
        s[:, t] = col
        _field(rng, h, w, col)
        share = 0.15 if names[t] == "defensie" else 0.85
        cut = np.quantile(col[:: max(1, n // 1_000_000)], share)
        allowed[:, t] = col < cut
    none = ~allowed.any(axis=1)
    allowed[none, FUNCTIONS.index("landbouw")] = True
    # demand: alpha x region area, capped at 0.7 x area where the function can be served
    area = np.bincount(region, minlength=12).astype(np.float64)
    serve = np.zeros((12, 7))
    for f in range(7):
        can = allowed[:, c[:, f] > 0].any(axis=1)
        serve[:, f] = np.bincount(region, weights=can, minlength=12)
    demand = np.floor(np.minimum(area[:, None] * ALPHA[None, :], 0.7 * serve))
    if variant in ("infeasible", "elastic"):
        f = FUNCTIONS.index("defensie")
        demand[0, f] = math.ceil(1.2 * serve[0, f])
    national = 0.0
    split = None
    if variant == "national":
        # energie claimed once over all provinces, six times the multi alpha (so that it
        # binds); ``split`` divides the same total by area (capped like every demand)
        f = FUNCTIONS.index("energie")
        split = np.floor(np.minimum(area * 6 * ALPHA[f], 0.7 * serve[:, f]))
        national = float(split.sum())
        demand[:, f] = 0.0
    return Instance(s, region, c, demand, allowed, names, (h, w), variant, seed, national, split)
