"""The embedded NL demo workspace: schematic boundaries, synthetic physical layers, claims.

``build_demo_workspace(out, resolution)`` writes a complete workspace on the national
grid with nothing downloaded: Natural Earth provinces with the nlmod large water bodies
clipped out, GeoNames places as urban area, generated (synthetic, labelled so)
elevation, soil, floodplains, flood depth and nature network, and the startpakket
claims per province in hectares (:class:`ClaimAssumptions`).
"""

from novex.demo.build import (
    DEMO_NOTE,
    DEMO_SEED,
    ELEVATION_NODATA,
    LAYER_NAMES,
    build_demo_workspace,
    build_steps,
    demo_layer_specs,
)
from novex.demo.claims import FUNCTIONS, ClaimAssumptions, ProvinceStats, startpakket

__all__ = [
    "DEMO_NOTE",
    "DEMO_SEED",
    "ELEVATION_NODATA",
    "FUNCTIONS",
    "LAYER_NAMES",
    "ClaimAssumptions",
    "ProvinceStats",
    "build_demo_workspace",
    "build_steps",
    "demo_layer_specs",
    "startpakket",
]
