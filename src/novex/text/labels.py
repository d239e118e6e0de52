"""Words for codes: run statuses, source statuses and reference field names.

Codes (``within-integrality``, ``uncertain``, ``population_2024``) stay in files and
JSON; a planner reads them through these functions in Dutch or English.

Examples
--------
>>> status_label("within-integrality", "nl")
'binnen de marge van hele cellen'
>>> source_status_label("uncertain", "nl")
'onzeker'
>>> field_label("population_2024", "nl")
'inwoners 2024'
"""

from __future__ import annotations

from novex.text.lang import Lang, parse_lang

__all__ = [
    "FIELD_LABELS",
    "SOURCE_STATUS_LABELS",
    "STATUS_LABELS",
    "field_label",
    "source_status_label",
    "status_label",
]

STATUS_LABELS: dict[str, dict[Lang, str]] = {
    "optimal": {Lang.NL: "optimaal", Lang.EN: "optimal"},
    "within-gap": {Lang.NL: "binnen de tolerantie", Lang.EN: "within tolerance"},
    "within-integrality": {
        Lang.NL: "binnen de marge van hele cellen",
        Lang.EN: "within the whole-cell margin",
    },
    "above-gap": {Lang.NL: "boven de tolerantie", Lang.EN: "above tolerance"},
    "elastic": {Lang.NL: "elastisch (tekort)", Lang.EN: "elastic (shortfall)"},
    "infeasible": {Lang.NL: "past niet", Lang.EN: "does not fit"},
}
"""A puzzle run's certificate status (``novex.puzzle.SolveStatus`` and ``infeasible``)."""

SOURCE_STATUS_LABELS: dict[str, dict[Lang, str]] = {
    "verified": {Lang.NL: "geverifieerd", Lang.EN: "verified"},
    "paraphrase": {Lang.NL: "parafrase", Lang.EN: "paraphrase"},
    "uncertain": {Lang.NL: "onzeker", Lang.EN: "uncertain"},
    "not_found": {Lang.NL: "niet gevonden", Lang.EN: "not found"},
    "assumption": {Lang.NL: "aanname", Lang.EN: "assumption"},
    "derived": {Lang.NL: "afgeleid", Lang.EN: "derived"},
}
"""How far a figure or text of the reference model is backed by its source."""

FIELD_LABELS: dict[str, str] = {
    "action_lines": "actielijnen",
    "aim_nl": "doel",
    "ambitions": "ambities",
    "buitenwater_km2": "buitenwater (km2)",
    "cbs_code": "CBS-code",
    "choice": "keuze",
    "contributions": "bijdragen",
    "date": "datum",
    "description_nl": "omschrijving",
    "end": "einde",
    "figures": "kerncijfers",
    "focus_nl": "focus",
    "gemeenten": "gemeenten",
    "goals": "doelen",
    "group": "groep",
    "guiding_principle": "leidend principe",
    "homes": "woningen",
    "id": "id",
    "interests": "nationale belangen",
    "land_area_km2": "landoppervlakte (km2)",
    "letter": "letter",
    "level": "niveau",
    "link_status": "status koppeling",
    "locations_nl": "locaties",
    "matrix": "matrix",
    "name_en": "naam (Engels)",
    "name_nl": "naam",
    "new_in_novex": "nieuw in NOVEX",
    "note": "toelichting",
    "novex_area": "NOVEX-gebied",
    "novex_area_status": "status NOVEX-gebied",
    "number": "nummer",
    "opgaven_nl": "opgaven",
    "opgaven_status": "status opgaven",
    "period_nl": "periode",
    "perspectives": "perspectieven",
    "phases": "fasen",
    "population_2023": "inwoners 2023",
    "population_2024": "inwoners 2024",
    "primary_interest": "hoofdbelang",
    "priorities": "prioriteiten",
    "priority": "prioriteit",
    "products": "producten",
    "provinces": "provincies",
    "provinces_status": "status provincies",
    "quality_values": "kwaliteitswaarden",
    "scope": "reikwijdte",
    "see_also": "zie ook",
    "seed_wording": "formulering in de bron",
    "short_name_nl": "korte naam",
    "source": "bron",
    "start": "begin",
    "status": "status",
    "stedelijk_netwerk": "stedelijk netwerk",
    "stedelijk_netwerk_status": "status stedelijk netwerk",
    "steps": "stappen",
    "target_year": "doeljaar",
    "themes": "thema's",
    "toekomstperspectieven": "toekomstperspectieven",
    "type": "type",
    "type_status": "status type",
    "unit": "eenheid",
    "value": "waarde",
    "value_max": "waarde (max)",
    "website": "website",
    "woningbouwopgave_2030": "woningbouwopgave t/m 2030",
}
"""Dutch names of the reference model's fields (English shows the field name itself)."""


def status_label(status: str, lang: str | Lang = "nl") -> str:
    """A run's certificate status in words; an unknown code is returned as it is.

    Examples
    --------
    >>> status_label("optimal", "en")
    'optimal'
    >>> status_label("infeasible", "nl")
    'past niet'
    """
    words = STATUS_LABELS.get(str(status))
    return words[parse_lang(lang)] if words else str(status)


def source_status_label(status: str, lang: str | Lang = "nl") -> str:
    """A source status (``verified``, ``uncertain``, ...) in words.

    Examples
    --------
    >>> source_status_label("not_found", "en")
    'not found'
    """
    words = SOURCE_STATUS_LABELS.get(str(status))
    return words[parse_lang(lang)] if words else str(status)


def field_label(key: str, lang: str | Lang = "nl") -> str:
    """A reference field's name for a reader: Dutch words, or the field name in English.

    Examples
    --------
    >>> field_label("woningbouwopgave_2030", "nl")
    'woningbouwopgave t/m 2030'
    >>> field_label("woningbouwopgave_2030", "en")
    'woningbouwopgave_2030'
    """
    if parse_lang(lang) is Lang.EN:
        return key
    return FIELD_LABELS.get(key, key.replace("_", " "))
