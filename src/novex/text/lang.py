"""The languages novex speaks: :class:`Lang` and the one parser :func:`parse_lang`.

Dutch (``nl``) is the default for everything a planner reads; English (``en``) is
selectable everywhere (``--lang en`` on the command line).
"""

from __future__ import annotations

import enum

from novex.errors import LanguageError

__all__ = ["DEFAULT_LANG", "LOCALES", "Lang", "parse_lang"]


class Lang(enum.StrEnum):
    """A language of user-facing text.

    Examples
    --------
    >>> Lang.NL == "nl"
    True
    >>> Lang("en").locale
    'en_GB'
    """

    NL = "nl"
    EN = "en"

    def __str__(self) -> str:
        return self.value

    @property
    def locale(self) -> str:
        """The Babel locale for numbers and dates (``nl_NL`` or ``en_GB``)."""
        return LOCALES[self]


DEFAULT_LANG = Lang.NL
"""Dutch: the language of the programme and of its planners."""

LOCALES: dict[Lang, str] = {Lang.NL: "nl_NL", Lang.EN: "en_GB"}
"""The locale each language formats numbers, money and dates in (British English:
day-month dates and the euro sign in front, as Dutch readers of English expect)."""


def parse_lang(value: str | Lang | None) -> Lang:
    """A language code (``"nl"``, ``"EN"``, ``" en "``) as a :class:`Lang`.

    ``None`` gives the default, Dutch.

    Raises
    ------
    LanguageError
        For any other value, naming it and listing the valid ones.

    Examples
    --------
    >>> parse_lang("EN")
    <Lang.EN: 'en'>
    >>> parse_lang(None)
    <Lang.NL: 'nl'>
    >>> parse_lang("de")
    Traceback (most recent call last):
    ...
    novex.errors.LanguageError: Invalid language 'de'. Only ('nl', 'en') are supported.
    """
    if value is None:
        return DEFAULT_LANG
    if isinstance(value, Lang):
        return value
    key = str(value).strip().lower()
    try:
        return Lang(key)
    except ValueError:
        valid = tuple(lang.value for lang in Lang)
        raise LanguageError(f"Invalid language {value!r}. Only {valid} are supported.") from None
