"""Figures in the reader's language: what a planner sees for each formatter."""

from __future__ import annotations

import datetime as dt

import pytest

from novex.errors import LanguageError, TextError
from novex.text import (
    Lang,
    format_date,
    format_gap,
    format_hectares,
    format_money,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("nl", "12.345 ha"), ("en", "12,345 ha"), (Lang.NL, "12.345 ha"), ("EN", "12,345 ha")],
)
def test_hectares_use_the_languages_thousands_separator(lang, expected) -> None:
    assert format_hectares(12345.4, lang) == expected


def test_numbers_round_half_to_even_and_never_print_minus_zero() -> None:
    assert format_number(2.5, "nl") == "2"
    assert format_number(3.5, "en") == "4"
    assert format_number(-0.3, "nl") == "0"
    assert format_number(-1234.5678, "nl", decimals=2) == "-1.234,57"
    assert format_number(1234567, "en") == "1,234,567"
    assert format_number(float("nan"), "nl") == "-"


def test_decimals_none_keeps_the_values_own_decimals() -> None:
    assert format_number(1381.89, "nl", decimals=None) == "1.381,89"
    assert format_number(917193, "en", decimals=None) == "917,193"


def test_percent_money_gap_and_date() -> None:
    assert format_percent(0.4567, "nl") == "46%"
    assert format_percent(0.4567, "en", decimals=1) == "45.7%"
    assert format_money(1_250_000, "nl", decimals=0) == "€\xa01.250.000"
    assert format_money(1_250_000.5, "en") == "€1,250,000.50"
    assert format_gap(1.23e-4, "nl") == "1,2E-4"
    assert format_gap(1.23e-4, "en") == "1.2E-4"
    assert format_date(dt.date(2022, 10, 13), "nl") == "13 oktober 2022"
    assert format_date("2022-10-13", "en") == "13 October 2022"
    assert format_date("2022-10-13", "nl", style="short") == "13-10-2022"


def test_bad_inputs_name_the_value() -> None:
    with pytest.raises(LanguageError, match=r"'fr'.*\('nl', 'en'\)"):
        format_hectares(1.0, "fr")
    with pytest.raises(TextError, match="'13-10-2022'"):
        format_date("13-10-2022", "nl")
    with pytest.raises(TextError, match="-1"):
        format_number(1.0, "nl", decimals=-1)
