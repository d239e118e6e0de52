"""The NOVEX-gebieden layer: a bitmask raster with one bit per area.

The workspace layer ``novex_gebieden`` (uint16) has bit ``k - 1`` set where NOVEX-gebied
``k`` (NX01..NX16) lies, so overlapping areas keep every membership. The stapelkaart,
the puzzle and the demo read and write it through these helpers.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from novex.errors import LayerError

__all__ = ["AREA_LAYER", "N_AREAS", "area_bit", "area_cells", "area_number", "areas_present"]

AREA_LAYER = "novex_gebieden"
"""Name of the NOVEX-gebieden bitmask layer (and of its GeoPackage table)."""

N_AREAS = 16


def area_number(code: str | int) -> int:
    """The number (1-16) of a NOVEX-gebied given as ``"NX07"``, ``"7"`` or ``7``.

    Examples
    --------
    >>> area_number("NX07"), area_number(16)
    (7, 16)
    """
    text = str(code).strip().upper()
    digits = text[2:] if text.startswith("NX") else text
    if not digits.isdigit() or not 1 <= int(digits) <= N_AREAS:
        raise LayerError(
            f"NOVEX-gebied {code!r} does not exist; use NX01..NX16 (see "
            "`novex reference novex-areas`)."
        )
    return int(digits)


def area_bit(number: int) -> int:
    """The value of NOVEX-gebied ``number`` (1-16) in the ``novex_gebieden`` bitmask.

    Examples
    --------
    >>> area_bit(1), area_bit(7), area_bit(16)
    (1, 64, 32768)
    """
    if not 1 <= int(number) <= N_AREAS:
        raise LayerError(
            f"NOVEX-gebied number {number!r} does not exist; the NOVEX-gebieden are numbered 1-16."
        )
    return 1 << (int(number) - 1)


def area_cells(values: NDArray[Any], number: int | str) -> NDArray[np.bool_]:
    """True where NOVEX-gebied ``number`` (1-16 or ``"NX07"``) lies, from bitmask values.

    Examples
    --------
    >>> import numpy as np
    >>> area_cells(np.array([0, 1, 3, 64]), 1).tolist()
    [False, True, True, False]
    """
    return (np.asarray(values).astype(np.uint32) & area_bit(area_number(number))) > 0


def areas_present(values: NDArray[Any]) -> list[int]:
    """The numbers (1-16) of the NOVEX-gebieden with at least one cell in ``values``.

    Examples
    --------
    >>> import numpy as np
    >>> areas_present(np.array([0, 1, 3, 64]))
    [1, 2, 7]
    """
    union = int(np.bitwise_or.reduce(np.asarray(values).astype(np.uint32).ravel(), initial=0))
    return [k for k in range(1, N_AREAS + 1) if union & area_bit(k)]
