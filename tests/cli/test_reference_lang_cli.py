"""``novex reference``: status words, field names and figures in the language asked."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from novex.cli.main import app
from novex.text.translations import missing

runner = CliRunner()


@pytest.fixture
def wide_console(monkeypatch):
    from novex.cli.options import console

    monkeypatch.setattr(console, "_width", 200)


def test_one_item_in_dutch_has_dutch_fields_statuses_and_numbers(wide_console) -> None:
    result = runner.invoke(app, ["reference", "provinces", "NL-UT", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    out = result.output
    for dutch in ("Veld", "Waarde", "woningbouwopgave t/m 2030", "inwoners 2024", "bron"):
        assert dutch in out
    assert "83.500 woningen (2022-10-13, geverifieerd)" in out
    assert "1.381,89 km2 (2017, onzeker)" in out
    for english in ("verified", "uncertain", "population_2024", "woningbouwopgave_2030", "source"):
        assert english not in out


def test_one_item_in_english_keeps_field_names_and_english_numbers(wide_console) -> None:
    result = runner.invoke(app, ["reference", "provinces", "NL-UT", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "woningbouwopgave_2030" in result.output
    assert "83,500 woningen (2022-10-13, verified)" in result.output
    assert "1,381.89 km2 (2017, uncertain)" in result.output


def test_the_list_prints_status_words(wide_console) -> None:
    nl = runner.invoke(app, ["reference", "provinces", "--lang", "nl"]).output
    en = runner.invoke(app, ["reference", "provinces", "--lang", "en"]).output
    assert "Provincies" in nl and "geverifieerd" in nl and "601.510" in nl
    assert "verified" not in nl
    assert "Provinces" in en and "verified" in en and "601,510" in en


def test_every_heading_has_dutch() -> None:
    from novex.cli import reference

    headings = [
        *reference._TITLES.values(),
        *reference._COMMON,
        *(head for extras in reference._EXTRAS.values() for head, _ in extras),
    ]
    assert missing(headings, "nl") == []
