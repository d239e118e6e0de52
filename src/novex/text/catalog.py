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

from novex.text.catalog_reports import NL_REPORT_MESSAGES
from novex.text.catalog_web import NL_WEB_MESSAGES

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
    "no new use": "geen nieuw gebruik",
    "tiny {tiny} ({tiny_type}), isolated {isolated} ({isolated_type})": "klein {tiny} ({tiny_type}), los {isolated} ({isolated_type})",
    "{moved} moved, {given} suitability given up": "{moved} verplaatst, {given} geschiktheid ingeleverd",
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
    "coherence": "samenhang",
    "Demo dossier": "Demodossier",
    "Open it with: {command}": "Bekijken met: {command}",
    # the stage timings at the end of `novex demo`
    "Done in {total} ({stages})": "Klaar in {total} ({stages})",
    "{minutes} min {seconds} s": "{minutes} min {seconds} s",
    "{seconds} s": "{seconds} s",
    "workspace": "werkruimte",
    "workspace reused": "werkruimte hergebruikt",
    "stapelkaart": "stapelkaart",
    "puzzles": "puzzels",
    "dossier": "dossier",
    "reports": "rapporten",
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
    # -- scenarios (novex scenarios run / compare) -----------------------------------------
    "Scenarios": "Scenario's",
    "Scenario {id}: {status}": "Scenario {id}: {status}",
    "done": "klaar",
    "unchanged, skipped": "ongewijzigd, overgeslagen",
    "failed": "mislukt",
    "scenario": "scenario",
    "seconds": "seconden",
    "peak memory (MB)": "piekgeheugen (MB)",
    "message": "melding",
    "{n} scenarios in {s} s ({mode}); output: {out}": "{n} scenario's in {s} s ({mode}); uitvoer: {out}",
    "Scenarios side by side": "Scenario's naast elkaar",
    "indicator": "indicator",
    "unit": "eenheid",
    "total": "totaal",
    "hectares for {x}": "hectare voor {x}",
    "shortfall {x}": "tekort {x}",
    "wonen in tier {x}": "wonen in trede {x}",
    "homes in tier {x}": "woningen in trede {x}",
    "new use on flood-prone cells": "nieuw gebruik op overstromingsgevoelige cellen",
    "peat converted": "omgezet veen",
    "homes": "woningen",
    "ha": "ha",
    "multifunctional (koppelkansen used)": "multifunctioneel (benutte koppelkansen)",
    "total suitability": "totale geschiktheid",
    "dual bound": "duale grens",
    "largest gap": "grootste optimaliteitsmarge",
    "provinces solved": "opgeloste provincies",
    "out of rule at the later horizon": "buiten de regels op de latere horizon",
    "out of rule at the later horizon, without afwenteling": (
        "buiten de regels op de latere horizon, zonder afwenteling"
    ),
    "{b} against {a}": "{b} ten opzichte van {a}",
    "same type": "zelfde type",
    "new use only in {x}": "alleen in {x} nieuw gebruik",
    "a different new use": "ander nieuw gebruik",
    # -- web atlas and portal (novex.web) ------------------------------------------------
    "Open the atlas": "Open de atlas",
    "Submit a zienswijze": "Zienswijze indienen",
    "Thank you. Your zienswijze has been received with number": "Dank u wel. Uw zienswijze is ontvangen onder nummer",
    "Your zienswijze": "Uw zienswijze",
    "During the consultation anyone can give a view on the plan. Your text is stored as plain text and answered in the nota van antwoord.": "Tijdens de inspraak kan iedereen een zienswijze op het plan geven. Uw tekst wordt als platte tekst bewaard en beantwoord in de nota van antwoord.",
    "You submit as": "U dient in als",
    "At most {n} characters.": "Ten hoogste {n} tekens.",
    "Send": "Versturen",
    "No consultation is open now; zienswijzen can be submitted during a consultation.": "Er loopt nu geen inspraak; zienswijzen kunt u indienen zolang de inspraak loopt.",
    "Action": "Actie",
    "NOVEX-gebied": "NOVEX-gebied",
    "Version": "Versie",
    "History": "Geschiedenis",
    "Saved.": "Opgeslagen.",
    "Your edit was not saved. The form below shows the current version; your values were:": "Uw wijziging is niet opgeslagen. Het formulier hieronder toont de huidige versie; uw waarden waren:",
    "Title": "Titel",
    "Owner": "Trekker",
    "Deadline": "Uiterste datum",
    "Save": "Opslaan",
    "Back to the portal": "Terug naar het portaal",
    "Log in": "Inloggen",
    "User name": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "Error": "Fout",
    "This did not work": "Dit is niet gelukt",
    "When": "Wanneer",
    "Who": "Wie",
    "What": "Wat",
    "Changed fields": "Gewijzigde velden",
    "NOVEX atlas": "NOVEX-atlas",
    "Skip to content": "Direct naar de inhoud",
    "Atlas": "Atlas",
    "Portal": "Portaal",
    "Logged in as": "Ingelogd als",
    "Log out": "Uitloggen",
    "Synthetic data.": "Synthetische gegevens.",
    "The maps and figures here are generated, schematic demo data: not for decisions.": (
        "De kaarten en cijfers hier zijn gegenereerde, schematische demogegevens: niet "
        "geschikt om besluiten op te baseren."
    ),
    "novex: open-source planning tool for NOVI and NOVEX (EUPL-1.2). Map library: MapLibre GL JS (BSD-3-Clause), served from this server.": "novex: opensource-planningsinstrument voor NOVI en NOVEX (EUPL-1.2). Kaartbibliotheek: MapLibre GL JS (BSD-3-Clause), geleverd door deze server.",
    "Main menu": "Hoofdmenu",
    "Your dossiers. Records you may change have an edit link; every change is kept in the history.": "Uw dossiers. Bij gegevens die u mag wijzigen staat een link om te bewerken; elke wijziging blijft bewaard in de geschiedenis.",
    "Zienswijzen received": "Ontvangen zienswijzen",
    "Ruimtelijke arrangementen": "Ruimtelijke arrangementen",
    "Province": "Provincie",
    "Open": "Openen",
    "Arrangement": "Arrangement",
    "No arrangements.": "Geen arrangementen.",
    "Uitvoeringsagenda: actions": "Uitvoeringsagenda: acties",
    "Edit": "Bewerken",
    "No actions.": "Geen acties.",
    "Layers": "Kaartlagen",
    "Switch the map layers on and off. The claims table below the map gives the same figures as text.": "Zet de kaartlagen aan en uit. De tabel met claims onder de kaart geeft dezelfde cijfers als tekst.",
    "Allocation of a province": "Toewijzing van een provincie",
    "All provinces": "Alle provincies",
    "Cell": "Cel",
    "Click on the map to see which interests claim a cell, what was allocated there and the price of its claims.": "Klik op de kaart om te zien welke belangen een cel claimen, wat daar is toegewezen en wat de schaduwprijs van die claims is.",
    "Claims per province": "Claims per provincie",
    "Hectares per claim: the minimum demand, what the puzzle allocated, the shortfall and the shadow price (suitability given up elsewhere per extra hectare).": "Hectares per claim: de minimale vraag, wat de puzzel heeft toegewezen, het tekort en de schaduwprijs (geschiktheid die elders wordt opgegeven per extra hectare).",
    "Function": "Functie",
    "Demand (ha)": "Vraag (ha)",
    "Allocated (ha)": "Toegewezen (ha)",
    "Shortfall (ha)": "Tekort (ha)",
    "Price": "Schaduwprijs",
    "Source status": "Status van de bron",
    "Map of the Netherlands; the claims table below gives the same figures as text": "Kaart van Nederland; de tabel met claims hieronder geeft dezelfde cijfers als tekst",
    "Number": "Nummer",
    "Submitter": "Indiener",
    "Text": "Tekst",
    "Ruimtelijk arrangement": "Ruimtelijk arrangement",
    "Agreed hectares per function": "Afgesproken hectares per functie",
    "Agreed (ha)": "Afgesproken (ha)",
    "Change the status": "Status wijzigen",
    "New status": "Nieuwe status",
    "Reason (needed to reopen)": "Reden (nodig om te heropenen)",
    "Versions": "Versies",
    "Author": "Auteur",
    "Reason": "Reden",
    "Compare version": "Vergelijk versie",
    "with version": "met versie",
    "Compare": "Vergelijken",
    "What changed": "Wat is er veranderd",
    "Nothing changed.": "Niets veranderd.",
    "Someone else saved this record first:": "Iemand anders heeft dit gegeven eerder opgeslagen:",
    "version {version} by {who} at {when} (changed: {fields})": (
        "versie {version} door {who} op {when} (gewijzigd: {fields})"
    ),
    "Reload the page and apply your edit to the current version.": (
        "Laad de pagina opnieuw en breng uw wijziging aan op de huidige versie."
    ),
    "You may not do this.": "U mag dit niet doen.",
    "Allocation": "Toewijzing",
    "What if": "Wat als",
    "Re-solve one province with more hectares for one claim. The result is a draft: it is not saved.": (
        "Reken één provincie opnieuw door met meer hectares voor één claim. De uitkomst is een "
        "concept: die wordt niet opgeslagen."
    ),
    "Extra hectares": "Extra hectares",
    "Re-solve": "Opnieuw doorrekenen",
    # -- what-if drafts (novex.web.drafts) -----------------------------------------------
    "Re-solve one province with a changed claim or weighing principle. The result is a draft: it is not saved.": (
        "Reken één provincie opnieuw door met een gewijzigde claim of afwegingsprincipe. De "
        "uitkomst is een concept: die wordt niet opgeslagen."
    ),
    "Change in hectares (negative: fewer)": "Wijziging in hectares (negatief: minder)",
    "as published": "zoals gepubliceerd",
    "on": "aan",
    "off": "uit",
    "Samenhang: the bonus is taken from the published map and solved once; the published run solved {rounds} rounds from a map without it.": (
        "Samenhang: de bonus komt uit de gepubliceerde kaart en is één keer doorgerekend; de "
        "gepubliceerde run rekende {rounds} rondes vanaf een kaart zonder bonus."
    ),
    "Samenhang: solved in {rounds} rounds, as the published run.": (
        "Samenhang: in {rounds} rondes doorgerekend, zoals de gepubliceerde run."
    ),
    "Solved to a gap of at most {tol} (a published run: {published}); the certificate shows the gap reached.": (
        "Doorgerekend tot een optimaliteitsmarge van hoogstens {tol} (een gepubliceerde run: "
        "{published}); het certificaat toont de bereikte marge."
    ),
    "Principle {name} switched on.": "Principe {name} aangezet.",
    "Principle {name} switched off.": "Principe {name} uitgezet.",
    "{n} interests": "{n} belangen",
    "1 interest": "1 belang",
    "Overlap: number of interests": "Overlap: aantal belangen",
    "claimed": "geclaimd",
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

NL_MESSAGES.update(NL_REPORT_MESSAGES)
NL_MESSAGES.update(NL_WEB_MESSAGES)
