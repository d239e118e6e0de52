"""Bad input is refused with a clear message and nothing is written."""

from __future__ import annotations

import pytest
import shapely

from novex.dossier import SYSTEM
from novex.errors import DossierInputError

ACTION = dict(area="NX05", title="Verkenning", owner="provincie", start="2025-01-01",
              deadline="2025-12-31", status="gepland", interests=["NB05"])  # fmt: skip
INVESTMENT = dict(area="NX05", description="Fietsbrug", amount_eur=1_000_000, source="rijk",
                  year=2026, status="voorgesteld")  # fmt: skip
SQUARE = shapely.box(130_000, 450_000, 140_000, 460_000)


def _area(**kw):
    base = dict(code="NX05", name="Groene Hart", goals=["Bodemdaling remmen"],
                perspective="tekst", outline_wkb=shapely.to_wkb(SQUARE), outline_srid=28992)  # fmt: skip
    return {**base, **kw}


BAD = [
    ("action", {**ACTION, "area": "NX99"}, "Unknown NOVEX-gebied 'NX99'"),
    ("action", {**ACTION, "deadline": "2024-06-30"}, "deadline '2024-06-30' lies before"),
    ("action", {**ACTION, "status": "klaar"}, "Invalid action.status 'klaar'"),
    ("action", {**ACTION, "interests": ["NB99"]}, r"Unknown action.interests \['NB99'\]"),
    ("action", {**ACTION, "title": "x" * 301}, "301 characters long; at most 300"),
    ("action", {**ACTION, "start": "2025-13-01"}, "must be a date YYYY-MM-DD"),
    ("investment", {**INVESTMENT, "amount_eur": -1}, "must not be negative, got -1"),
    ("investment", {**INVESTMENT, "source": "eu"}, "Invalid investment.source 'eu'"),
    ("investment", {**INVESTMENT, "amount_eur": 1.5}, "must be a whole number"),
    (
        "zienswijze",
        dict(
            text="x" * 20_001,
            submitter_category="inwoner",
            submitted_by="a",
            submitted_on="2024-01-01",
            interests=[],
            areas=[],
            status="ontvangen",
            answer="",
        ),
        "20,001 characters long",
    ),
    ("area", _area(code="NX77"), "Unknown NOVEX-gebied 'NX77'"),
    ("area", _area(outline_wkb=b"\x01\x02nonsense"), "not valid WKB"),
    (
        "area",
        _area(
            outline_wkb=shapely.to_wkb(
                shapely.Polygon(
                    [(130_000, 450_000), (140_000, 460_000), (140_000, 450_000), (130_000, 460_000)]
                )
            )
        ),
        "not a valid polygon",
    ),
    (
        "area",
        _area(outline_wkb=shapely.to_wkb(shapely.box(4.0, 52.0, 5.0, 53.0)), outline_srid=28992)
        | {"outline_wkb": shapely.to_wkb(shapely.box(-1e6, 0, 0, 1))},
        "outside the Netherlands",
    ),
    ("area", _area(outline_srid=4326), "SRID 4326 is not supported"),
    (
        "area",
        _area(outline_wkb=shapely.to_wkb(shapely.Point(135_000, 455_000))),
        "must be a \\(multi\\)polygon, got 'Point'",
    ),
    (
        "claim",
        dict(
            startpakket_id=1,
            function="wonen",
            hectares=-3.0,
            min_ha=0.0,
            max_ha=1.0,
            source="s",
            status="verified",
        ),
        "claim.hectares must not be negative",
    ),
    (
        "phase",
        dict(code="F9", name="x", start="2030", end="2031", status="bezig"),
        "Invalid phase.status 'bezig'",
    ),
    ("action", {**ACTION, "colour": "red"}, r"Unknown field\(s\) \['colour'\]"),
    (
        "instrument_link",
        dict(instrument="woondeals", target_kind="action", target_id="999"),
        "No action '999' to link instrument 'woondeals' to",
    ),
    (
        "instrument_link",
        dict(instrument="subsidie", target_kind="area", target_id="NX05"),
        r"Unknown instrument_link.instrument \['subsidie'\]",
    ),
    (
        "decision",
        dict(body="ministerraad", title="x", date="2024-06-21", document_ref="k", phase="F9"),
        r"Unknown decision.phase \['F9'\]",
    ),
]


@pytest.mark.parametrize(("kind", "fields", "message"), BAD, ids=[m[:28] for _, _, m in BAD])
def test_bad_input_is_refused_and_nothing_written(dossier, kind, fields, message):
    before = dossier.export_json(SYSTEM)
    with pytest.raises(DossierInputError, match=message):
        dossier.create(SYSTEM, kind, **fields)
    assert dossier.export_json(SYSTEM) == before


def test_bad_update_and_bad_status_jump_write_nothing(dossier, arrangement):
    act = dossier.create(SYSTEM, "action", **ACTION)
    before = dossier.export_json(SYSTEM)
    with pytest.raises(DossierInputError, match="lies before its start"):
        dossier.update(SYSTEM, "action", act["id"], 1, deadline="2020-01-01")
    with pytest.raises(DossierInputError, match="cannot go from 'concept' to 'vastgesteld'"):
        dossier.set_arrangement_status(SYSTEM, arrangement["id"], 1, "vastgesteld")
    with pytest.raises(DossierInputError, match="Invalid arrangement status 'klaar'"):
        dossier.set_arrangement_status(SYSTEM, arrangement["id"], 1, "klaar")
    bad = {**arrangement["content"]}
    bad["functions"] = {"wonen": {**bad["functions"]["wonen"], "agreed_ha": -10.0}}
    with pytest.raises(DossierInputError, match=r"functions\.wonen\.agreed_ha"):
        dossier.revise_arrangement(SYSTEM, arrangement["id"], 1, bad)
    with pytest.raises(DossierInputError, match="cannot be set with update"):
        dossier.update(SYSTEM, "arrangement", arrangement["id"], 1, status="vastgesteld")
    with pytest.raises(DossierInputError, match="Unknown province 'NL-XX'"):
        dossier.create_arrangement(SYSTEM, "NL-XX", arrangement["run_id"])
    assert dossier.export_json(SYSTEM) == before


def test_valid_outline_is_stored_as_wkb_in_rd_new(dossier):
    area = dossier.create(SYSTEM, "area", **_area())
    stored = dossier.get(SYSTEM, "area", area["id"])
    assert stored["outline_srid"] == 28992
    assert shapely.from_wkb(bytes.fromhex(stored["outline_wkb"])).equals(SQUARE)
