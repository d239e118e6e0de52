"""What a user sees from ``novex reference``: values, statuses, sources, errors."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from novex.cli.main import app

runner = CliRunner()

KINDS = [
    "ambitions",
    "interests",
    "priorities",
    "principles",
    "choices",
    "instruments",
    "programmes",
    "perspectives",
    "provinces",
    "novex-areas",
    "housing-areas",
    "phases",
    "functions",
    "figures",
]
STATUSES = {"verified", "paraphrase", "uncertain", "not_found", "assumption", "derived"}

# The 21 national interests, copied by hand from the seed ("Van NOVI naar NOVEX – In een
# notendop"), trailing period removed.
SEED_INTERESTS = [
    "Bevorderen van een duurzame ontwikkeling van Nederland als geheel en van alle onderdelen van de fysieke leefomgeving",
    "Realiseren van een goede leefomgevingskwaliteit",
    "Waarborgen en versterken van grensoverschrijdende en internationale relaties",
    "Waarborgen en bevorderen van een gezonde en veilige fysieke leefomgeving",
    "Zorg dragen voor een woningvoorraad die aansluit op de woonbehoeften",
    "Waarborgen en realiseren van een veilig, robuust en duurzaam mobiliteitssysteem",
    "In stand houden en ontwikkelen van de hoofdinfrastructuur voor mobiliteit",
    "Waarborgen van een goede toegankelijkheid van de leefomgeving",
    "Zorg dragen voor nationale veiligheid en ruimte bieden voor militaire activiteiten",
    "Beperken van klimaatverandering",
    "Realiseren van een betrouwbare, betaalbare en veilige energievoorziening, die in 2050 CO2-arm is, en de daarbij behorende hoofdinfrastructuur",
    "Waarborgen van de hoofdinfrastructuur voor transport van stoffen via (buis)leidingen",
    "Realiseren van een toekomstbestendige, circulaire economie",
    "Waarborgen van de waterveiligheid en de klimaatbestendigheid (inclusief vitale infrastructuur voor water en mobiliteit)",
    "Waarborgen van een goede waterkwaliteit, duurzame drinkwatervoorziening en voldoende beschikbaarheid van zoetwater",
    "Waarborgen en versterken van een aantrekkelijk ruimtelijk-economisch vestigingsklimaat",
    "Realiseren en behouden van een kwalitatief hoogwaardige digitale connectiviteit",
    "Ontwikkelen van een duurzame voedsel- en agroproductie",
    "Behouden en versterken van cultureel erfgoed en landschappelijke en natuurlijke kwaliteiten van (inter)nationaal belang",
    "Verbeteren en beschermen van natuur en biodiversiteit",
    "Ontwikkelen van een duurzame visserij",
]

NOVEX_AREAS = [
    "Amsterdam Noordzeekanaalgebied",
    "Regio Schiphol",
    "Verstedelijkingsgebied Metropoolregio Amsterdam",
    "Verstedelijkingsgebied Zuidelijke Randstad",
    "Rotterdamse haven",
    "Het Groene Hart",
    "Verstedelijkingsgebied Utrecht-Amersfoort",
    "Gebied Arnhem-Nijmegen-Foodvalley",
    "North Sea Port District",
    "Stedelijk Brabant",
    "De Peel",
    "Zuid-Limburg",
    "Regio Zwolle",
    "NOVEX-gebied Groningen",
    "Verstedelijkingsgebied Groningen-Assen",
    "Lelylijn",
]


def run_json(*args: str) -> Any:
    result = runner.invoke(app, ["reference", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_interests_are_the_seed_wording_numbered_1_to_21() -> None:
    items = run_json("interests")
    assert [i["name_nl"] for i in items] == SEED_INTERESTS
    assert [i["number"] for i in items] == list(range(1, 22))
    assert all(i["source"].startswith("seed") for i in items)


def test_interest_2_keeps_seed_wording_and_notes_the_novi_wording() -> None:
    item = run_json("interests", "2")
    assert item["name_nl"] == "Realiseren van een goede leefomgevingskwaliteit"
    assert "goede fysieke leefomgevingskwaliteit" in item["note"]


def test_links_between_interests_priorities_ambitions_are_marked_assumption() -> None:
    for item in run_json("interests"):
        assert item["link_status"] == "assumption"
        assert item["priorities"] and item["ambitions"]
    assert {p["link_status"] for p in run_json("priorities")} == {"assumption"}


def test_sixteen_novex_areas_with_official_numbering_and_uncertain_provinces() -> None:
    items = run_json("novex-areas")
    assert [a["name_nl"] for a in items] == NOVEX_AREAS
    assert [a["number"] for a in items] == list(range(1, 17))
    assert {a["provinces_status"] for a in items} == {"uncertain"}
    assert sum(a["stedelijk_netwerk"] for a in items) == 7


def test_provinces_carry_population_housing_and_sources() -> None:
    items = run_json("provinces")
    assert [p["id"] for p in items] == [
        "NL-GR", "NL-FR", "NL-DR", "NL-OV", "NL-FL", "NL-GE",
        "NL-UT", "NL-NH", "NL-ZH", "NL-ZE", "NL-NB", "NL-LI",
    ]  # fmt: skip
    by_id = {p["id"]: p for p in items}
    assert by_id["NL-FR"]["name_nl"] == "Fryslân"
    assert by_id["NL-ZH"]["population_2023"]["value"] == 3804737
    assert by_id["NL-ZH"]["population_2024"]["value"] == 3840662
    assert sum(p["population_2024"]["value"] for p in items) == 17947684
    assert sum(p["gemeenten"]["value"] for p in items) == 342
    housing = [p["woningbouwopgave_2030"] for p in items]
    assert sum(h["value"] for h in housing) == 917193
    assert {h["date"] for h in housing} == {"2022-10-13"}
    assert all("ipo.nl" in h["source"] for h in housing)
    assert all("70072ned" in p["population_2023"]["source"] for p in items)
    assert {p["land_area_km2"]["status"] for p in items} == {"uncertain"}
    assert by_id["NL-ZE"]["buitenwater_km2"]["value"] == pytest.approx(1004.49)


def test_three_perspectives_with_three_seed_themes_each() -> None:
    items = run_json("perspectives")
    assert [p["name_nl"] for p in items] == [
        "Perspectief voor landbouw en natuur",
        "Ordenende netwerken voor energie en (circulaire) economie",
        "Leefbare steden en regio’s",
    ]
    assert [[t["name_nl"] for t in p["themes"]] for p in items] == [
        ["Natuur en landbouw verweven", "Iconisch landelijk gebied", "Bouwen met de boer"],
        [
            "Grootschalige clusters van bedrijventerreinen",
            "Energienetwerken",
            "Circulaire werklocaties bij steden",
        ],
        [
            "Groen en gezond leven in de stad",
            "Woonwijken van de toekomst",
            "Hoogstedelijke knooppunten",
        ],
    ]
    first = items[0]["themes"][0]
    assert first["contributions"] == {"natuur": 0.5, "landbouw": 0.6}
    assert items[1]["themes"][1]["contributions"]["energie"] == 1.0


def test_theme_weights_are_assumptions_and_solution_names_not_found() -> None:
    for p in run_json("perspectives"):
        for t in p["themes"]:
            assert t["contributions_status"] == "assumption"
            assert t["contributions_rationale"]
            assert [s["slot"] for s in t["solutions"]] == [1]
            assert all(s["name_nl"] is None and s["status"] == "not_found" for s in t["solutions"])


@pytest.mark.parametrize("kind", KINDS)
def test_every_item_has_id_names_source_and_status(kind: str) -> None:
    items = run_json(kind)
    assert items
    for item in items:
        for key in ("id", "name_nl", "name_en", "source"):
            assert isinstance(item[key], str) and item[key], (kind, item.get("id"), key)
        assert item["status"] in STATUSES
        assert "date" in item


def test_uncertain_things_stay_uncertain() -> None:
    mooi = run_json("programmes", "mooi-nederland")
    horizon = mooi["toekomstperspectieven"]
    assert (horizon["start"], horizon["end"], horizon["status"]) == (2030, 2130, "uncertain")
    assert horizon["alternative_horizons"] == [2050, 2100]
    assert mooi["matrix"]["status"] == "uncertain"
    phases = run_json("phases")
    assert [p["status"] for p in phases] == ["uncertain"] * 4
    assert [p["period_nl"] for p in phases] == [
        "mei t/m november 2022",
        "november 2022 t/m juli 2023",
        "juli 2023 t/m eind 2023",
        "oktober 2023 t/m 2024",
    ]
    assert "Nota Ruimte" in phases[0]["note"]
    principles = run_json("principles")
    assert [p["status"] for p in principles] == ["verified", "paraphrase", "paraphrase"]
    volgorde = run_json("choices", "voorkeursvolgorde-verstedelijking")
    assert [s["status"] for s in volgorde["steps"]] == ["assumption"] * 3


def test_programme_products_from_the_seed() -> None:
    novex = run_json("programmes", "novex")
    counts = {p["id"]: (p["count"], p["per"]) for p in novex["products"]}
    assert counts["startpakket"] == (12, "provincie")
    assert counts["ruimtelijk_arrangement"] == (12, "provincie")
    assert counts["regionale_investeringsagenda"] == (16, "novex_gebied")
    assert [g["id"] for g in novex["goals"]] == ["versnellen", "versterken", "vernieuwen"]
    mooi = run_json("programmes", "mooi-nederland")
    assert [a["name_nl"] for a in mooi["action_lines"]] == [
        "Wenkende toekomstperspectieven",
        "Handelingsperspectief op inrichtingsniveau",
    ]
    assert [q["id"] for q in mooi["quality_values"]] == [
        "belevingswaarde", "gebruikswaarde", "toekomstwaarde",
    ]  # fmt: skip


def test_housing_areas_keep_missing_homes_as_not_found() -> None:
    items = run_json("housing-areas")
    woningbouw = [h for h in items if h["group"] == "novex_woningbouwgebied"]
    assert len(woningbouw) == 17
    missing = {h["name_nl"] for h in woningbouw if h["homes"]["value"] is None}
    assert missing == {"Spoorzone Arnhem-Oost", "Foodvalley"}
    assert all(
        h["homes"]["status"] == "not_found" for h in woningbouw if h["homes"]["value"] is None
    )
    assert sum(h["homes"]["value"] or 0 for h in woningbouw) == 440500
    assert any(h["group"] == "zoekgebied_2020" for h in items)


def test_figures_carry_value_unit_source_date_status() -> None:
    res = run_json("figures", "res_onshore_twh_2030")
    assert (res["value"], res["unit"], res["status"]) == (35, "TWh", "verified")
    agreements = run_json("figures", "housing_agreements_2030")
    assert (agreements["value"], agreements["date"]) == (917193, "2022-10-13")
    assert run_json("figures", "ruimtevraag_pbl_wur")["status"] == "not_found"


def test_unknown_kind_exits_2_and_lists_the_kinds() -> None:
    result = runner.invoke(app, ["reference", "belangen"])
    assert result.exit_code == 2
    message = flat(result.output)
    assert "'belangen'" in message
    assert "novex-areas" in message and "housing-areas" in message


def test_unknown_id_exits_2_and_lists_the_ids() -> None:
    result = runner.invoke(app, ["reference", "provinces", "NL-XX"])
    assert result.exit_code == 2
    message = flat(result.output)
    assert "'NL-XX'" in message
    assert "NL-ZH" in message and "NL-LI" in message


def test_table_is_dutch_by_default_and_english_with_lang_en() -> None:
    nl = runner.invoke(app, ["reference", "provinces"])
    en = runner.invoke(app, ["reference", "provinces", "--lang", "en"])
    assert nl.exit_code == en.exit_code == 0
    assert "Naam" in nl.stdout and "Provincies" in nl.stdout and "Fryslân" in nl.stdout
    assert "Name" in en.stdout and "Provinces" in en.stdout and "Friesland" in en.stdout
    assert "Naam" not in en.stdout


def test_bad_lang_is_a_usage_error() -> None:
    result = runner.invoke(app, ["reference", "interests", "--lang", "de"])
    assert result.exit_code == 2
    assert "'de'" in result.output


def test_single_item_table_shows_fields() -> None:
    result = runner.invoke(app, ["reference", "novex-areas", "NX06"])
    assert result.exit_code == 0
    assert "Het Groene Hart" in result.stdout and "Veld" in result.stdout
