"""JSON export and import: export -> import into an empty database -> export is byte-identical."""

from __future__ import annotations

import json

import pytest

from novex.dossier import SYSTEM, Actor, Dossier
from novex.dossier.seed import seed_demo
from novex.errors import DossierError, DossierInputError, PermissionDeniedError


def _fill(dossier: Dossier, run_folder) -> None:
    seed_demo(dossier, SYSTEM, run_folder=run_folder)
    dossier.add_user(SYSTEM, "ute", "provincie:NL-UT", "geheim-wachtwoord")
    ut = dossier.records(SYSTEM, "arrangement", province="NL-UT")[0]
    shown = dossier.show_arrangement(SYSTEM, ut["id"])
    content = shown["content"]
    content["commitments_rijk"] = ["Rijk: € 10 mln voor ontsluiting — zie brief"]
    dossier.revise_arrangement(Actor("ute", "provincie:NL-UT"), ut["id"], 1, content, "ronde 1")
    dossier.submit_zienswijze(Actor("iemand", "publiek"), text="Graag meer groen",
                              submitter_category="inwoner", areas=["NX05"],
                              submitted_on="2024-07-01")  # fmt: skip
    dossier.create(SYSTEM, "decision", body="ministerraad", title="Ontwerp-Nota Ruimte",
                   date="2025-09-19", document_ref="Kamerstuk 29435", phase="F3")  # fmt: skip
    dossier.create(SYSTEM, "instrument_link", instrument="woondeals", target_kind="area",
                   target_id="NX05")  # fmt: skip


def test_export_import_export_is_byte_identical(make_url, run_folder):
    first = Dossier.open(make_url())
    _fill(first, run_folder)
    text = first.export_json(SYSTEM)
    first.close()
    second = Dossier.open(make_url())
    counts = second.import_json(SYSTEM, text)
    assert counts["audit_log"] > 200 and counts["arrangement_versions"] == 3
    assert second.export_json(SYSTEM) == text
    # the imported dossier works on: ids continue after the imported ones
    act = second.create(SYSTEM, "action", area="NX05", title="Na import", owner="x",
                        start="2025-01-01", deadline="2025-02-01", status="gepland", interests=[])  # fmt: skip
    assert act["id"] == max(r["id"] for r in json.loads(text)["tables"]["actions"]) + 1
    with pytest.raises(DossierError, match="is not empty"):
        second.import_json(SYSTEM, text)
    second.close()


@pytest.mark.postgres
def test_sqlite_export_imports_into_postgres_byte_identical(tmp_path, run_folder, pg_factory):
    lite = Dossier.open(f"sqlite:///{tmp_path / 'a.sqlite'}")
    _fill(lite, run_folder)
    text = lite.export_json(SYSTEM)
    lite.close()
    pg = Dossier.open(pg_factory())
    pg.import_json(SYSTEM, text)
    assert pg.export_json(SYSTEM) == text
    pg.close()


def test_bad_imports_write_nothing(dossier):
    with pytest.raises(DossierInputError, match="not valid JSON"):
        dossier.import_json(SYSTEM, "{")
    with pytest.raises(DossierInputError, match="format 'x'"):
        dossier.import_json(SYSTEM, json.dumps({"format": "x"}))
    doc = {"format": "novex-dossier/1", "schema": "0002",
           "tables": {"phases": [{"id": 1, "code": "F1", "name": "x", "start": "2022",
                                  "end": "2023", "status": "lopend", "source": "",
                                  "published": True, "version": 1}],
                      "actions": [{"id": 1}]}}  # fmt: skip
    with pytest.raises(DossierInputError, match="refused the write"):
        dossier.import_json(SYSTEM, json.dumps(doc))
    assert dossier.records(SYSTEM, "phase") == []
    with pytest.raises(PermissionDeniedError):
        dossier.export_json(Actor("ute", "provincie:NL-UT"))
