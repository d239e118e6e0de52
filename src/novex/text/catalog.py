"""The Dutch catalogue: every English message novex shows a planner, in Dutch.

Messages are written in English in the code (the gettext convention: the English
text is the message id); this module holds their Dutch. Placeholders in braces
(``{ha}``) are filled with :meth:`str.format` after translation, with figures that
:mod:`novex.text.format` already wrote in the reader's language.

Dutch wording follows how a Dutch planner writes: *optimaliteitsmarge* for the
optimality gap (the term of the Dutch operations-research literature), *het maximum
van de claim is bereikt* when a claim's maximum binds (not "bovengrens", which names
the certificate's bound), *tekort op* a demand. See ``docs/glossary.md``.
"""

from __future__ import annotations

__all__ = ["NL_MESSAGES", "NL_PLURALS"]

NL_MESSAGES: dict[str, str] = {
    # -- general ------------------------------------------------------------------------
    "none": "geen",
    "yes": "ja",
    "no": "nee",
    "Output": "Uitvoer",
    "Outputs": "Uitvoer",
    "SYNTHETIC": "SYNTHETISCH",
    "province": "provincie",
    "share": "aandeel",
    "capacity share": "aandeel in de ruimte",
    "price": "prijs",
    "{function}, {hectares}; national price {price}": "{function}, {hectares}; landelijke prijs {price}",
    "the fairness rules cost {cost} in suitability": "de regels voor een eerlijke verdeling kosten {cost} aan geschiktheid",
    "status": "status",
    "name": "naam",
    "interest": "belang",
    "mode": "modus",
    "elastic": "elastisch",
    "strict": "strikt",
    # -- progress labels ----------------------------------------------------------------
    "Building the demo workspace": "Demowerkruimte bouwen",
    "Demo workspace {res} m": "Demowerkruimte {res} m",
    "Stack map": "Stapelkaart",
    "area": "oppervlakte",
    "Stack map {done}/{total}": "Stapelkaart {done}/{total}",
    "Puzzles": "Puzzels",
    "Puzzle": "Puzzel",
    "Puzzle {code} {done}/{total}": "Puzzel {code} {done}/{total}",
    # -- novex demo ---------------------------------------------------------------------
    "Demo workspace reused": "Demowerkruimte hergebruikt",
    "Demo workspace built": "Demowerkruimte gebouwd",
    "SYNTHETIC: generated physical layers and schematic boundaries; not for decisions.": (
        "SYNTHETISCH: gegenereerde fysieke lagen en schematische grenzen; niet voor besluiten."
    ),
    "NOVI reference model": "NOVI-referentiemodel",
    "Stapelkaart: largest conflicts and koppelkansen per province": (
        "Stapelkaart: grootste conflicten en koppelkansen per provincie"
    ),
    "Ruimtelijke puzzel per province": "Ruimtelijke puzzel per provincie",
    "conflict": "conflict",
    "koppelkans": "koppelkans",
    "3+ interests": "3+ belangen",
    "result": "uitkomst",
    "optimality gap": "optimaliteitsmarge",
    "certificate": "certificaat",
    "Demo dossier": "Demodossier",
    "Open it with: {command}": "Bekijken met: {command}",
    # reference kinds, as counted in the demo summary
    "ambitions": "ambities",
    "interests": "belangen",
    "priorities": "prioriteiten",
    "principles": "afwegingsprincipes",
    "choices": "keuzes",
    "instruments": "instrumenten",
    "programmes": "programma's",
    "perspectives": "perspectieven",
    "provinces": "provincies",
    "novex-areas": "NOVEX-gebieden",
    "housing-areas": "woningbouwgebieden",
    "phases": "fasen",
    "functions": "functies",
    "figures": "kerncijfers",
    # -- novex puzzle -------------------------------------------------------------------
    "no puzzle": "geen puzzel",
    "claimed ha": "claim ha",
    "fits": "past",
    "falls short": "tekort",
    "all claims fit": "alle claims passen",
    "short: {parts}": "tekort: {parts}",
    "NOVEX-gebieden": "NOVEX-gebieden",
    "{code} {name}: {area}, of which {new} new": "{code} {name}: {area}, waarvan {new} nieuw",
    "does not fit ({mode}): conflicting claims {names}": (
        "past niet ({mode}): conflict tussen claims {names}"
    ),
    "Fits: {alloc} of {demand}; the claim's maximum is reached: one more hectare would gain "
    "{gain} suitability.": (
        "Past: {alloc} van {demand}; het maximum van de claim is bereikt: een hectare meer zou "
        "{gain} geschiktheid opleveren."
    ),
    "Fits: {alloc} of {demand}; the claim costs no suitability elsewhere.": (
        "Past: {alloc} van {demand}; de claim kost geen geschiktheid elders."
    ),
    "Fits: {alloc} of {demand}; each extra hectare costs {price} suitability.": (
        "Past: {alloc} van {demand}; elke extra hectare kost {price} geschiktheid."
    ),
    "; rule '{rule}' excludes {ha}": "; regel '{rule}' sluit {ha} uit",
    "Does not fit: {short} short of {demand}. Room where {function} is allowed: "
    "{room}{rule}; other claims come first (priority) or share that room.": (
        "Past niet: {short} tekort op {demand}. Ruimte waar {function} mag: "
        "{room}{rule}; andere claims gaan voor (prioriteit) of delen dezelfde ruimte."
    ),
    "Not solved: this province's claims do not fit together (strict).": (
        "Niet opgelost: de claims van deze provincie passen niet samen (strikt)."
    ),
    # -- novex stack --------------------------------------------------------------------
    "claimed by 3 or more interests": "geclaimd door 3 of meer belangen",
    "Top conflicts": "Grootste conflicten",
    "Top synergies (koppelkansen)": "Grootste koppelkansen",
    # -- stapelkaart maps ---------------------------------------------------------------
    "All national interests on one map": "Alle nationale belangen op één kaart",
    "Number of national interests with a claim": "Aantal nationale belangen met een claim",
    "{n} or more": "{n} of meer",
    "SYNTHETIC — generated layers, not real data": (
        "SYNTHETISCH — gegenereerde lagen, geen echte data"
    ),
    "Claimed by 3 or more interests: {ha}": "Geclaimd door 3 of meer belangen: {ha}",
    "Claimed: {ha} of {area}": "Geclaimd: {ha} van {area}",
    "Claimed: {ha} (large water included); the provinces together: {area}": (
        "Geclaimd: {ha} (ook op groot water); de provincies samen: {area}"
    ),
    "outside the province": "buiten de provincie",
    "Source: novex stapelkaart; RD New (EPSG:28992), cell {res} m": (
        "Bron: novex stapelkaart; RD New (EPSG:28992), cel {res} m"
    ),
    "The Netherlands": "Nederland",
    "Not on the map": "Niet op de kaart",
    "On the map: {n} of the 21 national interests": "Op de kaart: {n} van de 21 nationale belangen",
    "not mapped: {reason}": "niet op de kaart: {reason}",
    # -- novex workspace ----------------------------------------------------------------
    "{rows} x {cols} cells": "{rows} x {cols} cellen",
    "layer": "laag",
    "kind": "soort",
    "units": "eenheid",
    "synthetic": "synthetisch",
    "title": "titel",
    "Layer {name!r} added ({kind}, interests {interests}).": (
        "Laag {name!r} toegevoegd ({kind}, belangen {interests})."
    ),
    "table {key}: {file}": "tabel {key}: {file}",
    "verify: every file matches the manifest": "verify: alle bestanden kloppen met het manifest",
    "verify: different or missing: {files}": "verify: afwijkend of ontbrekend: {files}",
    # -- novex reference ----------------------------------------------------------------
    "Field": "Veld",
    "Value": "Waarde",
    "ID": "ID",
    "Name": "Naam",
    "Status": "Status",
    "Source": "Bron",
    "Ambitions 2050": "Ambities 2050",
    "National interests": "Nationale belangen",
    "NOVI priorities": "Prioriteiten NOVI",
    "Weighing principles": "Afwegingsprincipes",
    "National choices": "Nationale keuzes en richting aan decentrale keuzes",
    "Urbanisation instruments": "Instrumentarium verstedelijking",
    "Programmes": "Programma's",
    "Perspectives and themes": "Perspectieven en thema's",
    "Provinces": "Provincies",
    "NOVEX areas": "NOVEX-gebieden",
    "Large-scale housing areas": "Grootschalige woningbouwgebieden",
    "Phases of the sharpened NOVI": "Fasen aanscherping NOVI",
    "Functions (land use)": "Functies (landgebruik)",
    "National key figures": "Nationale kerncijfers",
    "No": "Nr",
    "Priorities": "Prioriteiten",
    "Ambitions": "Ambities",
    "Level": "Niveau",
    "Scope": "Reikwijdte",
    "Products": "Producten",
    "Themes": "Thema's",
    "Population 2024": "Inwoners 2024",
    "Housing target to 2030": "Woningbouwopgave t/m 2030",
    "Group": "Groep",
    "Type": "Type",
    "Homes": "Woningen",
    "Period": "Periode",
    "Unit": "Eenheid",
    "Date": "Datum",
}
"""English message id -> Dutch."""

NL_PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("{n} province", "{n} provinces"): ("{n} provincie", "{n} provincies"),
    ("{n} interest", "{n} interests"): ("{n} belang", "{n} belangen"),
    ("{n} claim", "{n} claims"): ("{n} claim", "{n} claims"),
    ("{n} cell", "{n} cells"): ("{n} cel", "{n} cellen"),
    # the demo dossier (novex demo)
    ("{n} startpakket", "{n} startpakketten"): ("{n} startpakket", "{n} startpakketten"),
    ("{n} ruimtelijk arrangement (concept)", "{n} ruimtelijke arrangementen (concept)"): (
        "{n} ruimtelijk arrangement (concept)",
        "{n} ruimtelijke arrangementen (concept)",
    ),
    ("{n} NOVEX-gebied with example agendas", "{n} NOVEX-gebieden with example agendas"): (
        "{n} NOVEX-gebied met voorbeeldagenda's",
        "{n} NOVEX-gebieden met voorbeeldagenda's",
    ),
    ("{n} phase of the aanscherping NOVI", "{n} phases of the aanscherping NOVI"): (
        "{n} fase van de aanscherping NOVI",
        "{n} fasen van de aanscherping NOVI",
    ),
}
"""(English singular, English plural) -> (Dutch singular, Dutch plural)."""
