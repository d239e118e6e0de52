"""The reference vocabulary: the land-use function ids and the inrichtingsconcepten.

The stack, the puzzle spec and the demo name functions (``wonen``, ``werken``,
``energie``, ...) and design concepts (the 9 themes of the Mooi Nederland perspectives,
``A1`` "Natuur en landbouw verweven", ...) by these ids. They come from the reference
data (``functions.yaml``, ``perspectives.yaml``) and are read once.

Examples
--------
>>> from novex.reference.vocabulary import function_ids, function_names, design_concepts
>>> function_ids()[:3]
('wonen', 'werken', 'energie')
>>> function_names()["natuur"]
('Natuur', 'Nature')
>>> design_concepts()["A1"].name_nl
'Natuur en landbouw verweven'
"""

from __future__ import annotations

import functools

from novex.reference.catalog import load_reference
from novex.reference.model import Theme

__all__ = ["design_concepts", "function_ids", "function_names"]


@functools.cache
def function_ids() -> tuple[str, ...]:
    """The ids of the single land-use functions, in reference order."""
    return tuple(f.id for f in load_reference().functions)


@functools.cache
def function_names() -> dict[str, tuple[str, str]]:
    """Function id -> (Dutch name, English name)."""
    return {f.id: (f.name_nl, f.name_en) for f in load_reference().functions}


@functools.cache
def design_concepts() -> dict[str, Theme]:
    """Theme id -> the inrichtingsconcept (names, ``contributions`` per function, status).

    ``contributions`` maps a function id to the hectares of that function one hectare of
    the concept counts for (a novex assumption, ``contributions_status``).
    """
    return {t.id: t for t in load_reference().themes()}
