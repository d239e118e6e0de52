"""The NOVI reference model: validated knowledge of "Van NOVI naar NOVEX" shipped as data.

Ambitions, the 21 national interests, priorities, weighing principles, national choices,
instruments, programmes (NOVEX, Mooi Nederland, aanscherping NOVI), perspectives with their
themes (inrichtingsconcepten), provinces and NOVEX-gebieden (one :class:`Region` type), housing areas, phases, land-use
functions and key national figures. Every item carries a source, a date and a status
(verified, paraphrase, uncertain, not_found, assumption, derived).

Examples
--------
>>> from novex.reference import load_reference, KINDS
>>> ref = load_reference()
>>> ref.get("interests", "NB05").name_nl
'Zorg dragen voor een woningvoorraad die aansluit op de woonbehoeften'
>>> len(ref.items("novex-areas"))
16

A province or NOVEX-gebied is a :class:`Region`, looked up by code or name:

>>> from novex.reference import region
>>> region("Zuid-Holland").code, region("south holland").raster_id
('NL-ZH', 9)
"""

from __future__ import annotations

from novex.reference.catalog import DATA_DIR, KINDS, Reference, load_reference
from novex.reference.model import (
    ActionLine,
    Ambition,
    Choice,
    Entry,
    Figure,
    FigureItem,
    Function,
    HorizonSpan,
    HousingArea,
    Instrument,
    Interest,
    Item,
    Matrix,
    Milestone,
    NovexArea,
    Perspective,
    Phase,
    PhaseProduct,
    Principle,
    Priority,
    Product,
    Programme,
    ProvinceItem,
    SolutionSlot,
    Status,
    Step,
    Theme,
    Track,
)
from novex.reference.regions import (
    Region,
    RegionKind,
    all_regions,
    novex_gebieden,
    provinces,
    region,
)
from novex.reference.vocabulary import design_concepts, function_ids, function_names

__all__ = [
    "DATA_DIR",
    "KINDS",
    "ActionLine",
    "Ambition",
    "Choice",
    "Entry",
    "Figure",
    "FigureItem",
    "Function",
    "HorizonSpan",
    "HousingArea",
    "Instrument",
    "Interest",
    "Item",
    "Matrix",
    "Milestone",
    "NovexArea",
    "Perspective",
    "Phase",
    "PhaseProduct",
    "Principle",
    "Priority",
    "Product",
    "Programme",
    "ProvinceItem",
    "Reference",
    "Region",
    "RegionKind",
    "SolutionSlot",
    "Status",
    "Step",
    "Theme",
    "Track",
    "all_regions",
    "design_concepts",
    "function_ids",
    "function_names",
    "load_reference",
    "novex_gebieden",
    "provinces",
    "region",
]
