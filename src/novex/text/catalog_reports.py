"""The Dutch of the report messages (templates and :mod:`novex.reports`).

Kept beside :mod:`novex.text.catalog`, which merges it into ``NL_MESSAGES``; the same
wording rules apply (see ``docs/glossary.md``).
"""

from __future__ import annotations

__all__ = ["NL_REPORT_MESSAGES"]

NL_REPORT_MESSAGES: dict[str, str] = {
    # -- titles and sections ---------------------------------------------------------------
    "Ruimtelijk arrangement {name}": "Ruimtelijk arrangement {name}",
    "Startpakket {name}": "Startpakket {name}",
    "NOVEX-gebied {name}": "NOVEX-gebied {name}",
    "National overview NOVEX": "Nationaal overzicht NOVEX",
    "Summary": "Samenvatting",
    "Allocation map": "Kaart van de toewijzing",
    "Claims and what they get": "Claims en wat ze krijgen",
    "What the prices mean": "Wat de prijzen betekenen",
    "Sources of the claims": "Bronnen van de claims",
    "What does not fit": "Wat niet past",
    "Conflicting claims": "Botsende claims",
    "Water en bodem sturend: hectares excluded per rule": (
        "Water en bodem sturend: uitgesloten hectares per regel"
    ),
    "Voorkeursvolgorde verstedelijking: hectares per tier": (
        "Voorkeursvolgorde verstedelijking: hectares per trede"
    ),
    "Effect of the weighing principles": "Effect van de afwegingsprincipes",
    "Certificate": "Certificaat",
    "The certificate in figures": "Het certificaat in cijfers",
    "The arrangement in the dossier": "Het arrangement in het dossier",
    "Signatories": "Ondertekenaars",
    "Commitments": "Afspraken",
    "Changes since the previous version": "Wijzigingen sinds de vorige versie",
    "Annex: the run's manifest": "Bijlage: het manifest van de puzzelrun",
    "Colophon": "Colofon",
    "The twelve puzzles": "De twaalf puzzels",
    "Result per province": "Uitkomst per provincie",
    "What each puzzle says": "Wat elke puzzel zegt",
    "National shortfall per function": "Nationaal tekort per functie",
    "Claims across provinces": "Provinciegrensoverschrijdende claims",
    "The process of the aanscherping NOVI": "Het proces van de aanscherping van de NOVI",
    "Decisions": "Besluiten",
    "planMER steps": "Stappen van het planMER",
    "National claims in the province": "Nationale claims in de provincie",
    "The startpakket in the dossier": "Het startpakket in het dossier",
    "National interests on one map": "Alle nationale belangen op één kaart",
    "Largest conflicts": "Grootste conflicten",
    "Largest koppelkansen": "Grootste koppelkansen",
    "NOVEX-gebieden and woningbouwgebieden in the province": (
        "NOVEX-gebieden en woningbouwgebieden in de provincie"
    ),
    "Woningbouwgebieden": "Woningbouwgebieden",
    "Where the area lies": "Ligging van het gebied",
    "Ontwikkelperspectief": "Ontwikkelperspectief",
    "Uitvoeringsagenda": "Uitvoeringsagenda",
    "Regionale investeringsagenda": "Regionale investeringsagenda",
    "Progress": "Voortgang",
    # -- table captions ------------------------------------------------------------------
    "Claims per function: demand, allocated, shortfall and price": (
        "Claims per functie: vraag, toegewezen, tekort en prijs"
    ),
    "Where each claim's hectares come from, and how certain they are": (
        "Waar de hectares van elke claim vandaan komen, en hoe zeker ze zijn"
    ),
    "Claims whose minimum is not met": "Claims waarvan het minimum niet wordt gehaald",
    "Hectares where a hard rule forbids a function": (
        "Hectares waar een harde regel een functie uitsluit"
    ),
    "Hectares of each urban function per tier of the voorkeursvolgorde": (
        "Hectares van elke stedelijke functie per trede van de voorkeursvolgorde"
    ),
    "What each weighing principle changes in the allocation": (
        "Wat elk afwegingsprincipe verandert aan de toewijzing"
    ),
    "Input layers and tables": "Invoerlagen en -tabellen",
    "Claims of all provinces together, per function": "Claims van alle provincies samen, per functie",
    "Claims per function with the figures they rest on": (
        "Claims per functie met de cijfers waarop ze rusten"
    ),
    "Each claim's figure, conversion, source, date and status": (
        "Cijfer, omrekening, bron, datum en status van elke claim"
    ),
    "Hectares claimed per national interest": "Geclaimde hectares per nationaal belang",
    "Actions, owners, deadlines and status": "Acties, trekkers, einddata en status",
    "Investment lines": "Investeringsregels",
    "Totals per source and year": "Totalen per bron en jaar",
    # -- column and field names ------------------------------------------------------------
    "Province": "Provincie",
    "Puzzle result": "Uitkomst van de puzzel",
    "Arrangement status": "Status van het arrangement",
    "Function": "Functie",
    "Demand (min)": "Vraag (min.)",
    "Demand (max)": "Vraag (max.)",
    "Allocated": "Toegewezen",
    "Above minimum": "Boven minimum",
    "Shortfall": "Tekort",
    "Price per ha": "Prijs per ha",
    "Explanation": "Toelichting",
    "Rule": "Regel",
    "Matched": "Geraakt",
    "Excluded": "Uitgesloten",
    "All rules together": "Alle regels samen",
    "Tier": "Trede",
    "Hectares": "Hectares",
    "Share": "Aandeel",
    "Principle": "Principe",
    "Applied": "Toegepast",
    "Hectares changed": "Gewijzigde hectares",
    "Change per function": "Verandering per functie",
    "not compared": "niet vergeleken",
    "Suitability of the allocation (objective)": "Geschiktheid van de toewijzing (doelwaarde)",
    "Upper bound no allocation can beat (dual bound)": (
        "Bovengrens die geen toewijzing overtreft (duale grens)"
    ),
    "Optimality gap": "Optimaliteitsmarge",
    "Title": "Titel",
    "Version": "Versie",
    "version": "versie",
    "versions": "versies",
    "Recorded": "Vastgelegd",
    "Organisation": "Organisatie",
    "Before": "Voor",
    "After": "Na",
    "Difference": "Verschil",
    "Rijk": "Rijk",
    "Puzzle run": "Puzzelrun",
    "manifest": "manifest",
    "Cell size": "Celgrootte",
    "Puzzle specification": "Puzzelspecificatie",
    "Workspace": "Werkruimte",
    "Grid": "Raster",
    "Input": "Invoer",
    "File": "Bestand",
    "Claim": "Claim",
    "Split": "Verdeling",
    "Body": "Orgaan",
    "Decision": "Besluit",
    "Document": "Document",
    "decision of the ministerraad": "besluit van de ministerraad",
    "National interest": "Nationaal belang",
    "Figure": "Cijfer",
    "Code": "Code",
    "Tasks": "Opgaven",
    "Action": "Actie",
    "Owner": "Trekker",
    "Start": "Start",
    "Deadline": "Einddatum",
    "overdue": "te laat",
    "Line": "Regel",
    "Year": "Jaar",
    "Amount": "Bedrag",
    "Total": "Totaal",
    "Actions done": "Acties gereed",
    "actions": "acties",
    "Overdue actions": "Acties over de einddatum",
    "Committed (toegezegd + besteed)": "Vastgelegd (toegezegd + besteed)",
    "Spent": "Besteed",
    "region": "regio",
    "private": "privaat",
    "million euro": "miljoen euro",
    "of": "van",
    "need": "nodig",
    "available": "beschikbaar",
    "missing": "ontbreekt",
    "by three or more": "door drie of meer",
    "Claimed by at least one interest": "Geclaimd door ten minste één belang",
    "synthetic layer": "synthetische laag",
    "other provinces": "andere provincies",
    "province(s) of the area": "provincie(s) van het gebied",
    "province assignment uncertain": "toedeling aan de provincie onzeker",
    "not written yet": "nog niet geschreven",
    # -- arrangement statuses --------------------------------------------------------------
    "draft": "concept",
    "in consultation": "in overleg",
    "adopted": "vastgesteld",
    # -- sentences -------------------------------------------------------------------------
    "Each extra hectare of {function} costs {price} of suitability elsewhere here.": (
        "Elke extra hectare {function} kost hier {price} aan geschiktheid elders."
    ),
    "An extra hectare of {function} costs nothing elsewhere here: there is room to spare.": (
        "Een extra hectare {function} kost hier niets elders: er is ruimte genoeg."
    ),
    "Not solved: no price.": "Niet opgelost: geen prijs.",
    "Each extra hectare of {function} would add {price} of suitability here; the "
    "claim's maximum is reached.": (
        "Elke extra hectare {function} zou hier {price} aan geschiktheid opleveren; het "
        "maximum van de claim is bereikt."
    ),
    "The price of a claim is the suitability the allocation gives up elsewhere in the "
    "province for each extra hectare of the claim (the shadow price of the puzzle).": (
        "De prijs van een claim is de geschiktheid die de toewijzing elders in de provincie "
        "opgeeft voor elke extra hectare van de claim (de schaduwprijs van de puzzel)."
    ),
    "The allocation scores {objective} suitability points; no allocation can score more "
    "than {bound}. It is therefore at most {gap} below the best possible allocation "
    "({status}).": (
        "De toewijzing haalt {objective} geschiktheidspunten; geen enkele toewijzing kan "
        "meer halen dan {bound}. Ze ligt dus hooguit {gap} onder de best mogelijke "
        "toewijzing ({status})."
    ),
    "The claims cannot all fit, so nothing was allocated and there is no certificate.": (
        "De claims passen niet allemaal; er is dus niets toegewezen en er is geen certificaat."
    ),
    "Every claim's minimum fits in the province.": (
        "Het minimum van elke claim past in de provincie."
    ),
    "The run has no hard rules for this province.": (
        "De puzzelrun heeft geen harde regels voor deze provincie."
    ),
    "The run has no tiers for this province.": (
        "De puzzelrun heeft geen treden voor deze provincie."
    ),
    "The run has no weighing principles for this province.": (
        "De puzzelrun heeft geen afwegingsprincipes voor deze provincie."
    ),
    "The dossier has no arrangement for this province yet.": (
        "Het dossier heeft nog geen arrangement voor deze provincie."
    ),
    "not in the dossier yet: this report shows the puzzle run only": (
        "nog niet in het dossier: dit rapport toont alleen de puzzelrun"
    ),
    "No signatories yet.": "Nog geen ondertekenaars.",
    "No changes.": "Geen wijzigingen.",
    "This is the first version.": "Dit is de eerste versie.",
    "This arrangement was made from another puzzle run than the one this report shows; "
    "its hectares may differ from the tables above.": (
        "Dit arrangement is gemaakt op basis van een andere puzzelrun dan die in dit rapport; "
        "de hectares kunnen afwijken van de tabellen hierboven."
    ),
    "The ruimtelijk arrangement records what the Rijk and the province agree about the "
    "national claims in the province, after the ruimtelijke puzzel: how many hectares each "
    "function gets, what does not fit, and who signs.": (
        "Het ruimtelijk arrangement legt vast wat Rijk en provincie na de ruimtelijke puzzel "
        "afspreken over de nationale claims in de provincie: hoeveel hectares elke functie "
        "krijgt, wat niet past en wie tekent."
    ),
    "The inputs of the puzzle run with their SHA-256 hashes: with them anyone can check "
    "that a number in this report comes from these inputs.": (
        "De invoer van de puzzelrun met de SHA-256-hashes: daarmee kan iedereen nagaan dat "
        "een getal in dit rapport uit deze invoer komt."
    ),
    "The twelve provincial ruimtelijke puzzels side by side: where the national claims fit, "
    "where they fall short, and where the process of the aanscherping NOVI stands.": (
        "De twaalf provinciale ruimtelijke puzzels naast elkaar: waar de nationale claims "
        "passen, waar ze tekortschieten en waar het proces van de aanscherping van de NOVI "
        "staat."
    ),
    "No decisions are recorded in the dossier yet.": (
        "Er zijn nog geen besluiten vastgelegd in het dossier."
    ),
    "No dossier was found, so the process timeline is not shown.": (
        "Er is geen dossier gevonden; de procestijdlijn ontbreekt daarom."
    ),
    "The startpakket lists the national interests and claims that land in the province: "
    "the figures the ruimtelijke puzzel starts from, with their sources.": (
        "Het startpakket noemt de nationale belangen en claims die in de provincie landen: "
        "de cijfers waarmee de ruimtelijke puzzel begint, met hun bronnen."
    ),
    "No NOVEX-gebied lies in this province.": "Er ligt geen NOVEX-gebied in deze provincie.",
    "The agendas of this area in the demo dossier are examples, not real agreements.": (
        "De agenda's van dit gebied in het demodossier zijn voorbeelden, geen echte afspraken."
    ),
    "Progress on {date}, derived from the agendas in the dossier.": (
        "Voortgang op {date}, afgeleid uit de agenda's in het dossier."
    ),
    "Example lines (demo), not real agreements.": ("Voorbeeldregels (demo), geen echte afspraken."),
    "Hectares as in the run's files; the tables round them to whole hectares.": (
        "Hectares zoals in de bestanden van de puzzelrun; de tabellen ronden af op hele hectares."
    ),
    "Made with novex {version} on {date} from the puzzle run '{spec}' (folder {path}) and "
    "the dossier. Every number is the number in those files and records; nothing was "
    "solved again for this report.": (
        "Gemaakt met novex {version} op {date} uit de puzzelrun '{spec}' (map {path}) en het "
        "dossier. Elk getal is het getal in die bestanden en records; voor dit rapport is "
        "niets opnieuw doorgerekend."
    ),
    "Run fingerprint (SHA-256 of manifest.json)": (
        "Vingerafdruk van de puzzelrun (SHA-256 van manifest.json)"
    ),
    "this report is made from the synthetic demo workspace (generated layers, schematic "
    "boundaries); not for decisions.": (
        "dit rapport is gemaakt uit de synthetische demowerkruimte (gegenereerde lagen, "
        "schematische grenzen); niet bedoeld voor besluiten."
    ),
    "the physical layers of the demo workspace are generated and its boundaries schematic; "
    "figures derived from them illustrate the method and are not for decisions.": (
        "de fysieke lagen van de demowerkruimte zijn gegenereerd en de grenzen schematisch; "
        "cijfers die daaruit volgen illustreren de methode en zijn niet bedoeld voor besluiten."
    ),
    "synthetic demo data": "synthetische demodata",
    "Report written": "Rapport geschreven",
    "Homes": "Woningen",
    "Homes as the puzzle run reports them per tier.": (
        "Woningen zoals de puzzelrun ze per trede rapporteert."
    ),
    "Homes: hectares of wonen times {density} homes per hectare, the conversion of the "
    "startpakket in the dossier ({conversion}).": (
        "Woningen: hectares wonen maal {density} woningen per hectare, de omrekening van het "
        "startpakket in het dossier ({conversion})."
    ),
    "Homes are not shown: the dossier has no startpakket figure in homes for wonen.": (
        "Woningen ontbreken: het dossier heeft voor wonen geen startpakketcijfer in woningen."
    ),
    "Reports": "Rapporten",
    # -- maps and charts -------------------------------------------------------------------
    "SYNTHETIC DATA: generated layers, not for decisions": (
        "SYNTHETISCHE DATA: gegenereerde lagen, niet voor besluiten"
    ),
    "Allocation of the ruimtelijke puzzel: {name}": "Toewijzing van de ruimtelijke puzzel: {name}",
    "Map of {name} showing the land-use type the puzzle allocates to each cell; the legend "
    "names the types and their colours.": (
        "Kaart van {name} met het grondgebruik dat de puzzel aan elke cel toewijst; de legenda "
        "noemt de typen en hun kleuren."
    ),
    "Twelve small maps, one per province, each showing the land-use type the puzzle "
    "allocates to every cell; one legend below them names the types.": (
        "Twaalf kleine kaarten, één per provincie, elk met het grondgebruik dat de puzzel aan "
        "elke cel toewijst; één legenda eronder noemt de typen."
    ),
    "Source: {what}, puzzle run '{spec}' (manifest {sha}), workspace '{ws}'; RD New "
    "(EPSG:28992), cells of {res} m; drawn {date}.": (
        "Bron: {what}, puzzelrun '{spec}' (manifest {sha}), werkruimte '{ws}'; RD New "
        "(EPSG:28992), cellen van {res} m; getekend op {date}."
    ),
    "Source: novex stapelkaart (manifest {sha}), workspace '{ws}'; RD New (EPSG:28992), "
    "cells of {res} m; drawn {date}.": (
        "Bron: novex-stapelkaart (manifest {sha}), werkruimte '{ws}'; RD New (EPSG:28992), "
        "cellen van {res} m; getekend op {date}."
    ),
    "Source: the dossier, regionale investeringsagenda of {name}; {date}.": (
        "Bron: het dossier, regionale investeringsagenda van {name}; {date}."
    ),
    "Status: synthetic demo data, not for decisions.": (
        "Status: synthetische demodata, niet voor besluiten."
    ),
    "the allocation raster": "het toewijzingsraster",
    "EXAMPLE LINES (demo), not real agreements": "VOORBEELDREGELS (demo), geen echte afspraken",
    "Stapelkaart: national interests per cell in {name}": (
        "Stapelkaart: nationale belangen per cel in {name}"
    ),
    "Map of {name} coloured by how many national interests claim each cell, from one "
    "(light) to five or more (dark red).": (
        "Kaart van {name}, gekleurd naar het aantal nationale belangen met een claim op elke "
        "cel, van één (licht) tot vijf of meer (donkerrood)."
    ),
    "Where {name} lies": "Ligging van {name}",
    "Source: the outline of {name} in the dossier (EPSG:28992); provinces schematic.": (
        "Bron: de begrenzing van {name} in het dossier (EPSG:28992); provincies schematisch."
    ),
    "A red line marks the area's outline.": "Een rode lijn geeft de begrenzing van het gebied aan.",
    "outline of the area": "begrenzing van het gebied",
    "Map of the Netherlands with the province(s) {provinces} of {name} highlighted.": (
        "Kaart van Nederland waarop de provincie(s) {provinces} van {name} zijn uitgelicht."
    ),
    "The dossier holds no outline of this area; the map shows the province(s) it lies in "
    "(schematic boundaries).": (
        "Het dossier bevat geen begrenzing van dit gebied; de kaart toont de provincie(s) "
        "waarin het ligt (schematische grenzen)."
    ),
    "Regionale investeringsagenda per year and source": (
        "Regionale investeringsagenda per jaar en bron"
    ),
    "Bar chart of the investments per year, stacked by source: {totals}.": (
        "Staafdiagram van de investeringen per jaar, gestapeld naar bron: {totals}."
    ),
}
"""English message -> Dutch, for the reports."""
