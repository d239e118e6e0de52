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
    "Stapelkaart": "Stapelkaart",
    "Outlines": "Gebiedsgrenzen",
    "Report": "Rapport",
    "National report": "Nationaal rapport",
    "Licence and sources": "Licentie en bronnen",
}
"""English message id -> Dutch."""
