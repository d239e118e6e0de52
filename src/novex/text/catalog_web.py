"""The Dutch of the web's open data, outlines, reports, scenarios and zienswijze answers.

Kept beside :mod:`novex.text.catalog`, which merges it into ``NL_MESSAGES``; the same
wording rules apply (see ``docs/glossary.md``).
"""

from __future__ import annotations

__all__ = ["NL_WEB_MESSAGES"]

NL_WEB_MESSAGES: dict[str, str] = {
    # -- open data -------------------------------------------------------------------------
    "Open data under CC BY 4.0: cite novex as the source. The demo data are synthetic (generated, schematic): not for decisions.": (
        "Open data onder CC BY 4.0: vermeld novex als bron. De demogegevens zijn synthetisch "
        "(gegenereerd en schematisch): niet geschikt om besluiten op te baseren."
    ),
    "Open data under CC BY 4.0: cite novex as the source.": (
        "Open data onder CC BY 4.0: vermeld novex als bron."
    ),
    "Open data": "Open data",
    "The demo data are synthetic: generated and schematic, not for decisions.": (
        "De demogegevens zijn synthetisch: gegenereerd en schematisch, niet geschikt om "
        "besluiten op te baseren."
    ),
    "Every file of the run, the stapelkaart, the outlines and the reports this server shows. The SHA-256 lets you check a download; the date is the day the file was written.": (
        "Alle bestanden van de puzzelrun, de stapelkaart, de gebiedsgrenzen en de rapporten die "
        "deze server toont. Met de SHA-256 controleert u een download; de datum is de dag "
        "waarop het bestand is geschreven."
    ),
    "Files": "Bestanden",
    "File": "Bestand",
    "Part": "Onderdeel",
    "Size (kB)": "Grootte (kB)",
    "Licence": "Licentie",
    "Downloads": "Downloads",
    "All files with licence and provenance": "Alle bestanden met licentie en herkomst",
    "Stapelkaart": "Stapelkaart",
    "Outlines": "Gebiedsgrenzen",
    "Report": "Rapport",
    "National report": "Nationaal rapport",
    "Licence and sources": "Licentie en bronnen",
    "Report of this arrangement (PDF)": "Rapport van dit arrangement (pdf)",
    "National report (PDF)": "Nationaal rapport (pdf)",
    "Open data and reports": "Open data en rapporten",
    # -- answering zienswijzen ------------------------------------------------------------
    "Zienswijze": "Zienswijze",
    "Submitted on": "Ingediend op",
    "Answer": "Antwoord",
    "Answer zienswijze": "Zienswijze beantwoorden",
    "Answer for the nota van antwoord": "Antwoord voor de nota van antwoord",
    "Your answer was not saved. The form below shows the current version; your answer was:": (
        "Uw antwoord is niet opgeslagen. Het formulier hieronder toont de huidige versie; uw "
        "antwoord was:"
    ),
    "Back to the zienswijzen": "Terug naar de zienswijzen",
    # -- scenarios ---------------------------------------------------------------------------
    "Scenario {id}: allocation": "Scenario {id}: toewijzing",
    "Scenarios": "Scenario's",
    "Allocations of the scenario batch and the difference maps between scenarios.": (
        "De toewijzing per scenario en de verschilkaarten tussen scenario's."
    ),
    # -- saving a what-if draft -----------------------------------------------------------
    "Re-solve one province with a changed claim or weighing principle. The result is a draft, kept only when you save it to the dossier.": (
        "Reken één provincie opnieuw door met een gewijzigde claim of afwegingsprincipe. De "
        "uitkomst is een concept; het blijft alleen bewaard als u het in het dossier opslaat."
    ),
    "Save to dossier": "Opslaan in dossier",
    "Saving…": "Bezig met opslaan…",
    "Saved in the dossier as run": "Opgeslagen in het dossier als run",
    "This draft was saved before as run": "Dit concept is al eerder opgeslagen als run",
    "Folder": "Map",
}
"""English message id -> Dutch."""
