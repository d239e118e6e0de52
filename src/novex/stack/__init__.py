"""The stapelkaart: all national interests on one map.

Per cell, which national interests lay a claim (claim and protection layers of a
workspace); per province, hectares per interest, pairwise overlap hectares classed as
conflict or koppelkans (:mod:`novex.stack.compatibility`), and the hectares claimed by
three or more interests. The computation is chunked (dask, threads), exact (integer cell
counts) and writes GeoTIFF rasters and PNG maps.

>>> from novex.stack import load_compatibility
>>> load_compatibility().classify(5, 14).value
'conflict'
"""

from novex.stack.compatibility import Compatibility, PairClass, PairRule, load_compatibility
from novex.stack.compute import DEFAULT_CHUNK_ROWS, compute_stack
from novex.stack.maps import render_map, render_maps
from novex.stack.plan import LayerSource, StackPlan, plan_stack, provinces_of, select_layers
from novex.stack.result import (
    NATIONAL,
    OUTSIDE,
    WHOLE_GRID,
    PairOverlap,
    RegionKey,
    StackResult,
    top_pairs,
)

__all__ = [
    "DEFAULT_CHUNK_ROWS",
    "NATIONAL",
    "OUTSIDE",
    "WHOLE_GRID",
    "Compatibility",
    "LayerSource",
    "PairClass",
    "PairOverlap",
    "PairRule",
    "RegionKey",
    "StackPlan",
    "StackResult",
    "compute_stack",
    "load_compatibility",
    "plan_stack",
    "provinces_of",
    "render_map",
    "render_maps",
    "select_layers",
    "top_pairs",
]
