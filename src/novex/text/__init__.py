"""User-facing text in one place: languages, labels and figures in Dutch or English.

Everything a planner reads (the command line, maps, run tables, later reports and
the web app) takes its words and its number formats from here, so one ``--lang``
switch changes them all:

- :mod:`~novex.text.lang`: :class:`Lang` and :func:`parse_lang`;
- :mod:`~novex.text.format`: hectares, numbers, percentages, money and dates (Babel);
- :mod:`~novex.text.translations`: gettext messages (and the object Jinja2's i18n
  extension installs), with their Dutch in :mod:`~novex.text.catalog`;
- :mod:`~novex.text.labels`: words for status codes and reference fields.

This package imports nothing from novex but :mod:`novex.errors`.

Examples
--------
>>> from novex.text import format_hectares, gettext
>>> f"{gettext('Outputs', 'nl')}: {format_hectares(12345, 'nl')}"
'Uitvoer: 12.345 ha'
"""

from novex.text.format import (
    format_date,
    format_gap,
    format_hectares,
    format_money,
    format_number,
    format_percent,
)
from novex.text.labels import field_label, source_status_label, status_label
from novex.text.lang import DEFAULT_LANG, Lang, parse_lang
from novex.text.translations import CatalogTranslations, gettext, ngettext, translations

__all__ = [
    "DEFAULT_LANG",
    "CatalogTranslations",
    "Lang",
    "field_label",
    "format_date",
    "format_gap",
    "format_hectares",
    "format_money",
    "format_number",
    "format_percent",
    "gettext",
    "ngettext",
    "parse_lang",
    "source_status_label",
    "status_label",
    "translations",
]
