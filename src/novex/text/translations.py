"""gettext for novex's messages: :func:`translations`, :func:`gettext` and :func:`ngettext`.

:func:`translations` returns a standard :class:`gettext.NullTranslations` subclass,
so Jinja2's i18n extension can use it directly (reports and the web app do):

>>> import jinja2
>>> env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
>>> env.install_gettext_translations(translations("nl"), newstyle=True)
>>> env.from_string("{{ _('Outputs') }}: {{ ngettext('%(num)s province', "
...                 "'%(num)s provinces', 12) }}").render()
'Uitvoer: 12 provincies'

The English message is the id; a message without a Dutch entry falls back to the
English text (as gettext does), and :func:`missing` lists such messages for tests.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import re
from typing import Any

from novex.text.catalog import NL_MESSAGES, NL_PLURALS
from novex.text.lang import Lang, parse_lang

__all__ = ["CatalogTranslations", "gettext", "missing", "ngettext", "translations"]


_JINJA_VAR = re.compile(r"%\((\w+)\)s")


def _jinja_plural(singular: str, plural: str) -> tuple[str, str, str] | None:
    """``"%(num)s x"`` (Jinja's placeholder) -> ``"{n} x"`` (the catalogue's) and the name."""
    match = _JINJA_VAR.search(singular)
    if match is None:
        return None
    var = match.group(0)
    return singular.replace(var, "{n}"), plural.replace(var, "{n}"), var


class CatalogTranslations(_gettext.NullTranslations):
    """The messages of one language as a gettext translations object.

    Parameters
    ----------
    lang : Lang
    messages : dict of str to str
        English message -> translation (empty for English).
    plurals : dict
        ``(singular, plural) -> (singular, plural)`` in the language.
    """

    def __init__(
        self,
        lang: Lang,
        messages: dict[str, str],
        plurals: dict[tuple[str, str], tuple[str, str]],
    ) -> None:
        super().__init__()
        self.lang = lang
        self._messages = messages
        self._plurals = plurals

    def gettext(self, message: str) -> str:
        """The translation of ``message`` (itself when there is none)."""
        return self._messages.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """The singular or plural form for count ``n`` (Dutch and English: 1 is singular)."""
        key = (msgid1, msgid2)
        forms = self._plurals.get(key)
        jinja = _jinja_plural(msgid1, msgid2) if forms is None else None
        if jinja is not None:  # a Jinja {% trans %} block or ngettext() call
            tr = self._plurals.get((jinja[0], jinja[1]))
            if tr is not None:
                forms = (tr[0].replace("{n}", jinja[2]), tr[1].replace("{n}", jinja[2]))
        if forms is None:
            forms = key
        return forms[0] if n == 1 else forms[1]

    def pgettext(self, context: str, message: str) -> str:
        """Context is not used by novex's catalogue: the same as :meth:`gettext`."""
        return self.gettext(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        """Context is not used by novex's catalogue: the same as :meth:`ngettext`."""
        return self.ngettext(msgid1, msgid2, n)


@functools.cache
def _translations(lang: Lang) -> CatalogTranslations:
    if lang is Lang.NL:
        return CatalogTranslations(lang, NL_MESSAGES, NL_PLURALS)
    return CatalogTranslations(lang, {}, {})


def translations(lang: str | Lang = "nl") -> CatalogTranslations:
    """The gettext translations object of ``lang`` (for Jinja2's i18n extension).

    Examples
    --------
    >>> translations("nl").gettext("Outputs")
    'Uitvoer'
    >>> translations("en").gettext("Outputs")
    'Outputs'
    """
    return _translations(parse_lang(lang))


def gettext(message: str, lang: str | Lang = "nl", /, **values: Any) -> str:
    """``message`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    Examples
    --------
    >>> gettext("Demo workspace {res} m", "nl", res=250)
    'Demowerkruimte 250 m'
    >>> gettext("optimality gap", "nl")
    'optimaliteitsmarge'
    """
    text = translations(lang).gettext(message)
    return text.format(**values) if values else text


def ngettext(singular: str, plural: str, n: int, lang: str | Lang = "nl", /) -> str:
    """The form of ``singular``/``plural`` for ``n`` in ``lang``, ``{n}`` filled in.

    Examples
    --------
    >>> ngettext("{n} province", "{n} provinces", 1, "nl")
    '1 provincie'
    >>> ngettext("{n} province", "{n} provinces", 12, "en")
    '12 provinces'
    """
    return translations(lang).ngettext(singular, plural, n).format(n=n)


def missing(messages: list[str], lang: str | Lang = "nl") -> list[str]:
    """The messages of ``messages`` that have no entry in ``lang``'s catalogue.

    English needs none (the message is the English text), so it is always empty.
    """
    tr = translations(lang)
    if tr.lang is Lang.EN:
        return []
    return [m for m in messages if m not in tr._messages]
