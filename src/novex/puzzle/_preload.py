"""Imported by the worker processes' fork server (:data:`novex.puzzle.parallel.PRELOAD`),
so that every worker is forked with what each province's solve needs first: the
puzzle's serial numba kernels (:func:`~novex.puzzle.parallel.load_kernels`) and the
reference model parsed from its YAML files (the tier names, the regions)."""

import logging

from novex.puzzle.parallel import load_kernels

load_kernels(parallel=False)
try:
    from novex.puzzle.tiers import tier_names
    from novex.reference.regions import all_regions

    tier_names()
    all_regions()
except Exception as err:  # a worker then meets the error itself
    logging.getLogger(__name__).debug("reference not loaded ahead: %s", err)
