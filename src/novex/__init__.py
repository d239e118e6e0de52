"""novex: the Dutch national spatial-planning system as a Python tool.

novex runs the approach of "Van NOVI naar NOVEX" (ministerie van BZK, 2022): the NOVI
reference model (ambitions, 21 national interests, priorities, weighing principles), a
national raster grid in RD New, the stapelkaart, and the ruimtelijke puzzel per province.

Data flows one way: ``reference`` + ``layers`` -> ``stack`` -> ``puzzle`` -> results.
"""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from novex.errors import NovexError

try:
    __version__ = version("novex")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["NovexError", "__version__"]
