"""Numbers, hectares, percentages, money and dates in the reader's language (Babel).

Every figure novex shows a planner goes through these functions, so ``--lang en``
prints ``12,345 ha`` and ``--lang nl`` prints ``12.345 ha`` everywhere. They take a
language code or a :class:`~novex.text.lang.Lang` and use its Babel locale
(``nl_NL``, ``en_GB``); nothing here reads the system locale.

Examples
--------
>>> format_hectares(12345.4, "nl")
'12.345 ha'
>>> format_hectares(12345.4, "en")
'12,345 ha'
"""

from __future__ import annotations

import datetime as _dt
import math

from babel import Locale as _Locale
from babel import dates as _dates
from babel import numbers as _numbers

from novex.errors import TextError
from novex.text.lang import Lang, parse_lang

__all__ = [
    "format_date",
    "format_gap",
    "format_hectares",
    "format_money",
    "format_number",
    "format_percent",
]


def _pattern(decimals: int) -> str:
    if decimals < 0:
        raise TextError(f"Invalid decimals {decimals!r}: need 0 or more.")
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def format_number(value: float, lang: str | Lang = "nl", decimals: int | None = 0) -> str:
    """``value`` with the language's thousands and decimal separators.

    Rounds half to even to ``decimals`` places; a value that rounds to zero prints
    as ``0`` (never ``-0``). ``decimals=None`` keeps the decimals the value has,
    up to three (``1381.89`` stays ``1.381,89``).

    Examples
    --------
    >>> format_number(1234567.891, "nl", decimals=2)
    '1.234.567,89'
    >>> format_number(1234567.891, "en", decimals=2)
    '1,234,567.89'
    >>> format_number(-0.2, "nl")
    '0'
    >>> format_number(1381.89, "nl", decimals=None)
    '1.381,89'
    """
    locale = parse_lang(lang).locale
    value = float(value)
    if not math.isfinite(value):
        return "-" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    pattern = "#,##0.###" if decimals is None else _pattern(decimals)
    if round(value, 3 if decimals is None else decimals) == 0:
        value = 0.0
    return str(_numbers.format_decimal(value, format=pattern, locale=locale))


def format_hectares(value: float, lang: str | Lang = "nl", decimals: int | None = 0) -> str:
    """Hectares as a planner reads them: ``"12.345 ha"`` (nl), ``"12,345 ha"`` (en).

    Examples
    --------
    >>> format_hectares(2.25, "en", decimals=1)
    '2.2 ha'
    """
    return f"{format_number(value, lang, decimals)} ha"


def format_percent(value: float, lang: str | Lang = "nl", decimals: int = 0) -> str:
    """A fraction (``0.125``) as a percentage in the language's style.

    Examples
    --------
    >>> format_percent(0.125, "nl", decimals=1)
    '12,5%'
    >>> format_percent(0.125, "en", decimals=1)
    '12.5%'
    """
    locale = parse_lang(lang).locale
    return str(_numbers.format_percent(value, format=_pattern(decimals) + "%", locale=locale))


def format_gap(value: float | None, lang: str | Lang = "nl") -> str:
    """A relative optimality gap in scientific notation, ``-`` when there is none.

    Examples
    --------
    >>> format_gap(3.21e-5, "nl")
    '3,2E-5'
    >>> format_gap(3.21e-5, "en")
    '3.2E-5'
    >>> format_gap(0.0, "en")
    '0'
    >>> format_gap(None, "nl")
    '-'
    """
    if value is None or math.isnan(value):
        return "-"
    if value == 0:
        return "0"
    locale = parse_lang(lang).locale
    return str(_numbers.format_scientific(value, format="0.0E0", locale=locale))


def format_money(
    amount: float, lang: str | Lang = "nl", currency: str = "EUR", decimals: int | None = None
) -> str:
    """An amount of money with its currency sign (euro by default).

    ``decimals=None`` uses the currency's own (2 for the euro).

    Examples
    --------
    >>> format_money(1234567.5, "nl")
    '€\\xa01.234.567,50'
    >>> format_money(1234567.5, "en")
    '€1,234,567.50'
    >>> format_money(2_500_000, "en", decimals=0)
    '€2,500,000'
    """
    locale = parse_lang(lang).locale
    if decimals is None:
        return str(_numbers.format_currency(amount, currency, locale=locale))
    # the locale's own pattern (sign position, spacing), with the decimals asked for
    pattern = _Locale.parse(locale).currency_formats["standard"].pattern
    pattern = pattern.replace("#,##0.00", _pattern(decimals))
    return str(
        _numbers.format_currency(
            amount, currency, locale=locale, format=pattern, currency_digits=False
        )
    )


def format_date(
    value: _dt.date | _dt.datetime | str, lang: str | Lang = "nl", style: str = "long"
) -> str:
    """A date as the language writes it (``13 oktober 2022``, ``13 October 2022``).

    ``value`` may be an ISO date string (``"2022-10-13"``); a bare year (``"2017"``)
    is returned as it is. ``style`` is Babel's ``"short"``, ``"medium"``, ``"long"``
    or ``"full"``.

    Examples
    --------
    >>> format_date("2022-10-13", "nl")
    '13 oktober 2022'
    >>> format_date("2022-10-13", "en", style="medium")
    '13 Oct 2022'
    >>> format_date("2017", "en")
    '2017'
    """
    locale = parse_lang(lang).locale
    if isinstance(value, str):
        text = value.strip()
        if len(text) <= 7:  # "2017" or "2017-03": no day to write out
            return text
        try:
            value = _dt.date.fromisoformat(text[:10])
        except ValueError:
            raise TextError(
                f"Invalid date {text!r}: expected an ISO date such as '2022-10-13'."
            ) from None
    return str(_dates.format_date(value, format=style, locale=locale))
