"""The one language parser."""

from __future__ import annotations

import pytest

from novex.errors import LanguageError, NovexError
from novex.text import DEFAULT_LANG, Lang, parse_lang


def test_parse_lang_accepts_codes_in_any_case_and_defaults_to_dutch() -> None:
    assert parse_lang(" EN ") is Lang.EN
    assert parse_lang("nl") is Lang.NL
    assert parse_lang(None) is DEFAULT_LANG is Lang.NL
    assert parse_lang(Lang.EN) is Lang.EN


def test_a_bad_language_lists_the_valid_ones() -> None:
    with pytest.raises(LanguageError, match=r"Invalid language 'de'\. Only \('nl', 'en'\)"):
        parse_lang("de")
    # catchable as the builtin it resembles and as novex's root
    with pytest.raises(ValueError):
        parse_lang("")
    with pytest.raises(NovexError):
        parse_lang("nederlands")


def test_each_language_has_its_babel_locale() -> None:
    assert Lang.NL.locale == "nl_NL"
    assert Lang.EN.locale == "en_GB"
